/**
 * The OTPs the simulator has sent, as UIDAI keeps them: one live OTP per
 * resident (a new request replaces the old one), bound to the request's txn,
 * good for a while, for so many wrong tries; how many were asked for in the
 * last hour (flooding); and the transactions already authenticated (replays).
 *
 * Verification answers, in the order they are checked:
 *   563  the txn was already authenticated (a replayed request)
 *   403  no OTP was generated for the resident (or it was used or replaced … by then)
 *   402  the OTP was generated for another txn
 *   403  the wrong tries are used up (the OTP is dead)
 *   561  the OTP is older than its lifetime (the simulator's choice, see index.ts)
 *   400  wrong OTP (the last allowed wrong try also kills the OTP)
 */
import { randomInt } from 'node:crypto';

export type OtpCheck = 'ok' | '400' | '402' | '403' | '561' | '563';

interface LiveOtp {
  otp: string;
  txn: string;
  issuedAt: number;
  wrongTries: number;
  dead: boolean;
}

const HOUR_MS = 3_600_000;
/** UIDAI refuses requests older than 24 hours (561) anyway: nothing needs remembering longer. */
const MEMORY_MS = 24 * HOUR_MS;

export class OtpLedger {
  private readonly live = new Map<string, LiveOtp>();
  private readonly requests = new Map<string, number[]>();
  /** `${ac}|${resident}|${txn}` → when it was authenticated. */
  private readonly authenticated = new Map<string, number>();

  constructor(private readonly rules: { ttlMs: number; maxWrongTries: number; maxPerHour: number }) {}

  /** Whether one more OTP for this resident would flood (952). */
  flooding(resident: string, now: number): boolean {
    const recent = (this.requests.get(resident) ?? []).filter((at) => now - at < HOUR_MS);
    this.requests.set(resident, recent);
    return recent.length >= this.rules.maxPerHour;
  }

  forgetRequests(): void {
    this.requests.clear();
  }

  /** A fresh 6-digit OTP for the resident, replacing any earlier one. */
  issue(resident: string, txn: string, now: number): string {
    this.forget(now);
    const otp = String(randomInt(0, 1_000_000)).padStart(6, '0');
    this.live.set(resident, { otp, txn, issuedAt: now, wrongTries: 0, dead: false });
    this.requests.set(resident, [...(this.requests.get(resident) ?? []), now]);
    return otp;
  }

  verify(ac: string, resident: string, txn: string, otp: string, now: number): OtpCheck {
    const key = `${ac}|${resident}|${txn}`;
    if (this.authenticated.has(key)) return '563';
    const live = this.live.get(resident);
    if (!live) return '403';
    if (live.txn !== txn) return '402';
    if (live.dead) return '403';
    if (now - live.issuedAt > this.rules.ttlMs) return '561';
    if (live.otp !== otp) {
      live.wrongTries++;
      if (live.wrongTries >= this.rules.maxWrongTries) live.dead = true;
      return '400';
    }
    this.live.delete(resident);
    this.authenticated.set(key, now);
    return 'ok';
  }

  /** The last OTP sent to a resident until it is used (also when expired or dead: tests try it), else null. */
  last(resident: string): string | null {
    return this.live.get(resident)?.otp ?? null;
  }

  private forget(now: number): void {
    for (const [key, live] of this.live) if (now - live.issuedAt > MEMORY_MS) this.live.delete(key);
    for (const [key, at] of this.authenticated) if (now - at > MEMORY_MS) this.authenticated.delete(key);
  }
}
