/** aadhaar-otp's configuration and its migrations: a flow exported with any version imports. */
import type { NodeDef } from '../red';

export const AADHAAR_OTP_VERSION = 2;

export interface AadhaarOtpConfig {
  version: number;
  /** request: asks for the number and sends the OTP; verify: asks for the OTP and checks it. */
  mode: 'request' | 'verify';
  /** Answers that may fail (not a number, a mistyped digit, a short OTP) before the step gives up. */
  tries: number;
  /** Minutes the question waits for its answer. */
  timeout: number;
  /**
   * A catalog service id (`${SERVICE}` in a subflow): the step runs only when that service needs a
   * verified Aadhaar (catalog needs.aadhaar), else passes straight on. Empty: always (v1's only way).
   */
  service: string;
}

const DEFAULT_TRIES = 3;
/** request: a citizen may need to find the card; verify: the OTP itself is good for 10 minutes. */
const DEFAULT_TIMEOUT = { request: 30, verify: 10 } as const;

export function migrate(def: NodeDef): AadhaarOtpConfig {
  const mode = def.mode === 'verify' ? 'verify' : 'request';
  const int = (v: unknown, fallback: number, max: number) => {
    const n = Number(v);
    return v === '' || v === undefined || v === null || !Number.isInteger(n) || n < 1 ? fallback : Math.min(n, max);
  };
  const service = typeof def.service === 'string' ? def.service.trim() : '';
  return { version: AADHAAR_OTP_VERSION, mode, tries: int(def.tries, DEFAULT_TRIES, 10), timeout: int(def.timeout, DEFAULT_TIMEOUT[mode], 60), service };
}
