import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths redacted from every log line. Citizens' identifiers are personal data
 * under the DPDP Act and Aadhaar numbers must never be logged in the clear.
 */
const REDACT = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'aadhaar',
  '*.aadhaar',
  'req.headers.authorization',
  'req.headers.cookie',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'jansetu' }, redact: { paths: REDACT, censor: '[redacted]' } }, destination);
}
