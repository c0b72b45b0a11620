/**
 * Aadhaar OTP authentication as the platform runs it, over UIDAI's rules and
 * our own: an OTP is good for 10 minutes; 3 wrong OTPs lock the number for 30
 * minutes; at most 5 OTP requests per number per hour. The limits count per
 * number (by its vault reference), on every host alike (Redis), so a citizen
 * switching chats or a second host does not reset them. Each attempt is
 * written to the authentication log with the masked number only (Aadhaar
 * (Authentication) Regulations 2016, reg. 18: kept for two years).
 *
 * A citizen (one chat) may also ask for at most 10 OTPs an hour, whatever
 * the numbers: otherwise one chat could walk through other people's numbers,
 * sending each an SMS and locking each with wrong OTPs.
 *
 * A transaction is kept between the OTP request and its verification, so
 * the verification reuses the request's txn (UIDAI error 402 otherwise), an
 * OTP past its 10 minutes is refused without calling UIDAI, and a verified
 * transaction cannot be verified again (a replayed OTP). A verification
 * claims its transaction and one of the number's wrong-OTP tries before it
 * calls UIDAI (the try is given back unless the OTP was wrong), so two
 * verifications at once, on one host or two, cannot make a fourth try.
 */
import { randomBytes } from 'node:crypto';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type Redis from 'ioredis';
import type { Logger } from '../../log';
import { rateLimiter } from '../../queue/rate-limits';
import type { Collection, DocumentStore } from '../../store';
import { maskAadhaar, type AadhaarKind } from './numbers';
import type { AadhaarVault } from './vault';

export const OTP_TRANSACTIONS_COLLECTION = 'identity_aadhaar_otp';
export const AUTH_LOG_COLLECTION = 'identity_aadhaar_auth_log';

/** What a citizen is told, in words they understand (flows/texts identity.reason.*). */
export type AadhaarReason =
  | 'otp_wrong'
  | 'otp_expired'
  | 'otp_attempts'
  | 'otp_replayed'
  | 'locked'
  | 'flooding'
  | 'not_found'
  | 'no_mobile'
  | 'unavailable'
  | 'rejected'
  | 'forgotten';


export interface EkycFields {
  name: string;
  nameLocal?: string;
  gender: string;
  yearOfBirth: number;
  district: string;
}

/** The UIDAI calls this service makes (uidai-client.ts; a fake in tests). */
export interface UidaiApi {
  requestOtp(uid: string, kind: AadhaarKind, txn: string): Promise<{ ok: true; txn: string; maskedMobile?: string } | { ok: false; err: string; actn?: string }>;
  authenticateWithKyc(uid: string, kind: AadhaarKind, txn: string, otp: string): Promise<{ ok: true; txn: string; uidToken: string; kyc: EkycFields } | { ok: false; err: string; actn?: string; retried?: boolean }>;
  /** Its connections closed, when the host stops. */
  close?(): Promise<void>;
}

export interface AadhaarRules {
  otpTtlMs: number;
  maxWrongOtps: number;
  lockMs: number;
  maxRequestsPerHour: number;
  maxCitizenRequestsPerHour: number;
}

export const AADHAAR_RULES: AadhaarRules = { otpTtlMs: 10 * 60_000, maxWrongOtps: 3, lockMs: 30 * 60_000, maxRequestsPerHour: 5, maxCitizenRequestsPerHour: 10 };
/** Reg. 18(3): authentication logs are kept two years (then archived offline, which is not ours to do). */
const AUTH_LOG_RETENTION_S = 2 * 365 * 24 * 3600;
/** A transaction is only needed while its OTP is good; kept a day longer to tell "expired" from "never asked". */
const TRANSACTION_RETENTION_S = 24 * 3600;
/** How long a verification holds its transaction: longer than the UIDAI client's two attempts (2 × 10 s + pause); a host that died holding it frees it after. */
const CHECK_LEASE_MS = 30_000;
/** How often a check waiting for another check of the same transaction looks again. */
const CHECK_POLL_MS = 200;

interface TransactionDoc {
  _id: string;
  ref: string;
  citizenKey: string;
  kind: AadhaarKind;
  masked: string;
  /** checking: a verification is asking UIDAI now (until checkingUntil). */
  state: 'sent' | 'checking' | 'verified' | 'dead';
  checkingUntil?: Date;
  requestedAt: Date;
  expiresAt: Date;
  /** The citizen message that asked for it, so that message run again (after a crash or a deploy) sends no second OTP. */
  requestedBy: string | null;
  /** The message that verified it, and what UIDAI answered, so that message run again is not a replay. */
  verifiedBy?: string | null;
  result?: { uidToken: string; kyc: EkycFields };
  [key: string]: unknown;
}

interface AuthLogDoc {
  at: Date;
  action: 'otp_request' | 'otp_verify';
  ref: string;
  masked: string;
  citizenKey: string;
  txn: string | null;
  outcome: 'ok' | AadhaarReason;
  /** UIDAI's error code and action code, when it answered one. */
  code: string | null;
  actn: string | null;
  [key: string]: unknown;
}

export type OtpRequestOutcome = { ok: true; txn: string; masked: string; maskedMobile: string | null; expiresAt: Date } | { ok: false; reason: AadhaarReason; code?: string; retryAfterS?: number };
export type OtpVerifyOutcome =
  | { ok: true; ref: string; masked: string; uidToken: string; kyc: EkycFields }
  | { ok: false; reason: AadhaarReason; code?: string; attemptsLeft?: number; retryAfterS?: number };

/** UIDAI's codes (reference §2.3) as the reasons a citizen is given: the one table of them. */
export function reasonForUidai(err: string, actn?: string): AadhaarReason {
  if (err === '400') return 'otp_wrong';
  if (err === '403') return 'otp_attempts';
  if (err === '402' || err === '561') return 'otp_expired';
  if (err === '563') return 'otp_replayed';
  if (err === '998') return actn === 'A202' ? 'unavailable' : 'not_found';
  if (err === '515' || err === '517' || err === '996' || err === '994') return 'not_found';
  if (['110', '111', '112', '113', '114', '115'].includes(err)) return 'no_mobile';
  if (['330', '331', '332', '995', '997', '992'].includes(err)) return 'locked';
  if (err === '952' || err === '953') return 'flooding';
  // UIDAI could not make or check the OTP (OTP store error): nothing the citizen did.
  if (err === '950') return 'unavailable';
  // e-KYC's own: the resident's authentication failed (K-100); with OTP as the only factor, the OTP was wrong.
  if (err === 'K-100') return 'otp_wrong';
  return 'rejected';
}

export class AadhaarOtpService {
  private readonly transactions: Collection<TransactionDoc>;
  private readonly log: Collection<AuthLogDoc>;
  private readonly requests: RateLimiterAbstract;
  private readonly citizenRequests: RateLimiterAbstract;
  private readonly wrong: RateLimiterAbstract;
  readonly rules: AadhaarRules;

  constructor(
    store: DocumentStore,
    private readonly vault: AadhaarVault,
    private readonly uidai: UidaiApi,
    private readonly logger: Logger,
    redis: Redis | null,
    rules: Partial<AadhaarRules> = {},
    /** Whether an error thrown by the UIDAI client is a transport failure (retried once already). */
    private readonly isUnavailable: (err: unknown) => boolean = () => false,
    /** The deployment's namespace in a shared Redis (QUEUE_PREFIX): its counters are its own. */
    namespace = 'jansetu',
  ) {
    this.rules = { ...AADHAAR_RULES, ...rules };
    this.transactions = store.collection<TransactionDoc>(OTP_TRANSACTIONS_COLLECTION);
    this.log = store.collection<AuthLogDoc>(AUTH_LOG_COLLECTION);
    this.requests = rateLimiter(`${namespace}:aadhaar_otp_req`, { points: this.rules.maxRequestsPerHour, durationS: 3600, blockS: 0 }, redis);
    this.citizenRequests = rateLimiter(`${namespace}:aadhaar_otp_req_citizen`, { points: this.rules.maxCitizenRequestsPerHour, durationS: 3600, blockS: 0 }, redis);
    const lockS = Math.ceil(this.rules.lockMs / 1000);
    this.wrong = rateLimiter(`${namespace}:aadhaar_otp_wrong`, { points: this.rules.maxWrongOtps, durationS: lockS, blockS: lockS }, redis);
  }

  async init(): Promise<void> {
    await this.transactions.createIndex({ keys: { requestedAt: 1 }, expireAfterSeconds: TRANSACTION_RETENTION_S });
    await this.log.createIndex({ keys: { at: 1 }, expireAfterSeconds: AUTH_LOG_RETENTION_S });
    await this.log.createIndex({ keys: { ref: 1, at: -1 } });
    await this.log.createIndex({ keys: { citizenKey: 1, at: -1 } });
  }

  /** Sends an OTP to the mobile registered with the number behind `ref`. */
  async request(ref: string, citizenKey: string, messageId: string | null = null, now = new Date()): Promise<OtpRequestOutcome> {
    if (messageId !== null) {
      const earlier = await this.transactions.findOne({ requestedBy: messageId, citizenKey, ref, state: 'sent' });
      if (earlier) return { ok: true, txn: earlier._id, masked: earlier.masked, maskedMobile: null, expiresAt: earlier.expiresAt };
    }
    const number = await this.vault.reveal(ref);
    if (!number) return { ok: false, reason: 'forgotten' };
    const masked = maskAadhaar(number.digits);
    const entry = { action: 'otp_request' as const, ref, masked, citizenKey };
    const locked = await this.lockedFor(ref);
    if (locked > 0) return this.refused(entry, null, { reason: 'locked', retryAfterS: locked }, now);
    for (const [limiter, key] of [[this.citizenRequests, citizenKey], [this.requests, ref]] as const) {
      try {
        await limiter.consume(key);
      } catch (rejection) {
        const retryAfterS = Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? 3_600_000) / 1000);
        return this.refused(entry, null, { reason: 'flooding', retryAfterS }, now);
      }
    }
    // UIDAI's txn alphabet ([A-Za-z0-9.,-/():]); "U*:" prefixes are UIDAI's own.
    const txn = `JS:${randomBytes(12).toString('hex')}`;
    const answer = await this.call(() => this.uidai.requestOtp(number.digits, number.kind, txn));
    if (answer === 'unavailable') return this.refused(entry, txn, { reason: 'unavailable' }, now);
    if (!answer.ok) return this.refused(entry, txn, { reason: reasonForUidai(answer.err, answer.actn), code: answer.err }, now, answer.actn);
    const expiresAt = new Date(now.getTime() + this.rules.otpTtlMs);
    await this.transactions.insertOne({ _id: txn, ref, citizenKey, kind: number.kind, masked, state: 'sent', requestedAt: now, expiresAt, requestedBy: messageId });
    await this.record({ ...entry, txn, outcome: 'ok', code: null, actn: null, at: now });
    return { ok: true, txn, masked, maskedMobile: answer.maskedMobile ?? null, expiresAt };
  }

  /** Checks the OTP the citizen typed against the transaction that sent it; on success, the e-KYC fields. */
  async verify(txn: string, citizenKey: string, otp: string, messageId: string | null = null, now = new Date()): Promise<OtpVerifyOutcome> {
    for (;;) {
      const transaction = await this.transactions.findOne({ _id: txn, citizenKey });
      if (!transaction) return { ok: false, reason: 'otp_expired' };
      if (transaction.state === 'verified' && messageId !== null && transaction.verifiedBy === messageId && transaction.result) {
        return { ok: true, ref: transaction.ref, masked: transaction.masked, ...transaction.result };
      }
      const entry = { action: 'otp_verify' as const, ref: transaction.ref, masked: transaction.masked, citizenKey };
      if (transaction.state === 'verified') return this.refused(entry, txn, { reason: 'otp_replayed' }, now);
      if (transaction.state === 'dead') return this.refused(entry, txn, { reason: 'otp_attempts' }, now);
      if (now.getTime() > transaction.expiresAt.getTime()) {
        await this.transactions.updateOne({ _id: txn, state: 'sent' }, { $set: { state: 'dead' } });
        return this.refused(entry, txn, { reason: 'otp_expired' }, now);
      }
      // Another check of this transaction is asking UIDAI (the same message run again after a deploy, a
      // double tap on two hosts): its outcome is this one's too, once it is known or its lease ends.
      if (transaction.state === 'checking' && transaction.checkingUntil && transaction.checkingUntil.getTime() >= now.getTime()) {
        await new Promise((resolve) => setTimeout(resolve, CHECK_POLL_MS));
        now = new Date(now.getTime() + CHECK_POLL_MS);
        continue;
      }
      const number = await this.vault.reveal(transaction.ref);
      if (!number) return this.refused(entry, txn, { reason: 'forgotten' }, now);
      const lease = new Date(now.getTime() + CHECK_LEASE_MS);
      const claimed = await this.transactions.findOneAndUpdate(
        { _id: txn, citizenKey, $or: [{ state: 'sent' }, { state: 'checking', checkingUntil: { $lt: now } }] },
        { $set: { state: 'checking', checkingUntil: lease } },
      );
      if (!claimed) continue;
      return this.check(txn, transaction, number, otp, messageId, lease, entry, now);
    }
  }

  /** Asks UIDAI for a claimed transaction, holding one of the number's tries; every path ends the claim. */
  private async check(
    txn: string,
    transaction: TransactionDoc,
    number: { digits: string; kind: AadhaarKind },
    otp: string,
    messageId: string | null,
    lease: Date,
    entry: Pick<AuthLogDoc, 'action' | 'ref' | 'masked' | 'citizenKey'>,
    now: Date,
  ): Promise<OtpVerifyOutcome> {
    const ref = transaction.ref;
    // Only this claim's: a claim whose lease ran out and was taken over changes nothing.
    const release = (state: TransactionDoc['state'], extra: Partial<TransactionDoc> = {}) => this.transactions.updateOne({ _id: txn, state: 'checking', checkingUntil: lease }, { $set: { state, ...extra }, $unset: { checkingUntil: '' } });
    let tookTry = false;
    try {
      const tries = await this.takeTry(ref);
      if (tries.locked > 0) {
        await release('sent');
        return await this.refused(entry, txn, { reason: 'locked', retryAfterS: tries.locked }, now);
      }
      tookTry = true;
      const answer = await this.call(() => this.uidai.authenticateWithKyc(number.digits, number.kind, txn, otp));
      if (answer !== 'unavailable' && answer.ok) {
        tookTry = false;
        await release('verified', { verifiedBy: messageId, result: { uidToken: answer.uidToken, kyc: answer.kyc } });
        await this.wrong.delete(ref);
        await this.record({ ...entry, txn, outcome: 'ok', code: null, actn: null, at: now });
        return { ok: true, ref, masked: transaction.masked, uidToken: answer.uidToken, kyc: answer.kyc };
      }
      // A duplicate (563) to the client's retry: UIDAI used the OTP on the attempt whose answer was lost, so we
      // cannot know how it went: the citizen asks for a new OTP, and is not told their OTP was used by someone.
      const reason = answer === 'unavailable' ? 'unavailable' : answer.err === '563' && answer.retried ? 'otp_expired' : reasonForUidai(answer.err, answer.actn);
      if (reason !== 'otp_wrong') {
        tookTry = false;
        await this.wrong.reward(ref, 1);
      }
      if (answer === 'unavailable') {
        await release('sent');
        return await this.refused(entry, txn, { reason }, now);
      }
      tookTry = false;
      if (reason === 'otp_wrong') {
        if (tries.left === 0) {
          await this.wrong.block(ref, Math.ceil(this.rules.lockMs / 1000));
          await release('dead');
          return await this.refused(entry, txn, { reason: 'locked', code: answer.err, retryAfterS: Math.ceil(this.rules.lockMs / 1000) }, now, answer.actn);
        }
        await release('sent');
        return await this.refused(entry, txn, { reason, code: answer.err, attemptsLeft: tries.left }, now, answer.actn);
      }
      await release(reason === 'otp_attempts' || reason === 'otp_expired' || reason === 'otp_replayed' ? 'dead' : 'sent');
      return await this.refused(entry, txn, { reason, code: answer.err }, now, answer.actn);
    } catch (err) {
      // Redis, the store or the client failed midway: the try goes back and the transaction can be checked again.
      if (tookTry) await this.wrong.reward(ref, 1).catch(() => undefined);
      await release('sent').catch(() => undefined);
      throw err;
    }
  }

  /** The authentication log of one citizen or one number's reference, newest first (admins). */
  async history(filter: { ref?: string; citizenKey?: string }, limit = 100): Promise<AuthLogDoc[]> {
    const query: Record<string, unknown> = {};
    if (filter.ref) query.ref = filter.ref;
    if (filter.citizenKey) query.citizenKey = filter.citizenKey;
    return (await this.log.find(query, { sort: { at: -1 }, limit: Math.min(limit, 1000) })).map(({ _id, ...rest }) => rest as AuthLogDoc);
  }

  /** Seconds the number stays locked after too many wrong OTPs; 0 when it is not. */
  private async lockedFor(ref: string): Promise<number> {
    const state = await this.wrong.get(ref);
    return state && state.consumedPoints > this.rules.maxWrongOtps ? Math.ceil(state.msBeforeNext / 1000) : 0;
  }

  /**
   * Takes one of the number's wrong-OTP tries before UIDAI is asked (atomic in Redis): `left` is
   * what remains if this OTP is wrong; `locked` the seconds to wait when none was left.
   */
  private async takeTry(ref: string): Promise<{ left: number; locked: number }> {
    try {
      const taken = await this.wrong.consume(ref);
      return { left: taken.remainingPoints, locked: 0 };
    } catch (rejection) {
      if (!(rejection && typeof rejection === 'object' && 'msBeforeNext' in rejection)) throw rejection;
      return { left: 0, locked: Math.max(1, Math.ceil((rejection as { msBeforeNext: number }).msBeforeNext / 1000)) };
    }
  }

  private async call<T>(fn: () => Promise<T>): Promise<T | 'unavailable'> {
    try {
      return await fn();
    } catch (err) {
      if (!this.isUnavailable(err)) throw err;
      this.logger.warn({ err: { name: (err as Error).name, message: (err as Error).message } }, 'aadhaar: UIDAI unavailable');
      return 'unavailable';
    }
  }

  private async refused<T extends { reason: AadhaarReason }>(entry: Pick<AuthLogDoc, 'action' | 'ref' | 'masked' | 'citizenKey'>, txn: string | null, outcome: T, at: Date, actn?: string): Promise<{ ok: false } & T> {
    await this.record({ ...entry, txn, outcome: outcome.reason, code: (outcome as { code?: string }).code ?? null, actn: actn ?? null, at });
    return { ok: false, ...outcome };
  }

  private async record(doc: AuthLogDoc): Promise<void> {
    await this.log.insertOne(doc);
  }
}
