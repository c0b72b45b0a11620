/**
 * One paced sending lane per business number, shared by every host through
 * Redis, as RapidPro's courier paces each channel.
 *
 * - Throughput: a number may send `throughputPerSecond` messages a second
 *   (Meta: 80 by default, up to 1,000). Sends go out evenly spaced a little
 *   below it (pacing.ts: one GCRA key per number in Redis), so two hosts
 *   together stay within it in any window Meta may count.
 * - Pair rate: to one citizen, a burst and then one message per interval
 *   (Meta: 45, then one per 6 s). The same model the simulator enforces.
 * - Replies first: within a host's lane, a message answering a citizen takes
 *   the next free slot before any bulk message does; and while this host is
 *   saturated, bulk messages take only a share of the slots (load-governor.ts),
 *   so the work a campaign makes never keeps citizens waiting.
 * - Retries: Meta's throughput (130429) and pair (131056) refusals, 5xx and
 *   timeouts are tried again, with back-off and a fresh slot each time. A send
 *   whose response timed out may have reached Meta (Graph has no idempotency
 *   key): it is retried all the same, as a lost answer to a citizen is worse
 *   than a rare repeat, and the log says so.
 *
 * Without Redis (a sandbox whose redis-server could not start) each host
 * paces alone, in memory, and the log says so once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { backOff } from 'exponential-backoff';
import type Redis from 'ioredis';
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { maskCitizenId } from '../citizens/identity';
import type { Logger } from '../log';
import { GraphApiError } from './errors';
import { LoadGovernor } from './load-governor';
import { MemoryPace, RedisPace, type Pace } from './pacing';
import { MAX_THROUGHPUT_PER_SECOND, META_PAIR_LIMIT, META_THROUGHPUT_PER_SECOND, pacedRate, type PairLimit } from './rates';
import { GraphTransportError } from './transport';

export type SendPriority = 'reply' | 'bulk';

export interface PacedSenderOptions {
  throughputPerSecond: number;
  /** null: not paced per citizen (benchmarks). */
  pairLimit: PairLimit | null;
  /** Attempts of one message in all. */
  attempts: number;
  minDelayMs: number;
  maxDelayMs: number;
  /** Longest a message may wait for its citizen's pair budget before it fails. */
  maxPairWaitMs: number;
}

export const DEFAULT_SENDER_OPTIONS: PacedSenderOptions = {
  throughputPerSecond: META_THROUGHPUT_PER_SECOND,
  pairLimit: META_PAIR_LIMIT,
  attempts: 6,
  minDelayMs: 250,
  maxDelayMs: 4000,
  maxPairWaitMs: 60_000,
};

/** Meta's codes that mean "not now": the message was not sent, so sending again is safe. */
const THROTTLE_CODES: ReadonlySet<number> = new Set([130429, 131056, 80007, 4, 131048]);
const KEY_PREFIX = 'jansetu-wa';
/** A lane takes the slots of this long at a time (one Redis call per batch): the most a reply waits behind bulk slots already taken. */
const LOOKAHEAD_MS = 50;
/** Citizens' messages push a number's budget at most this far ahead. */
const INBOUND_MAX_LEAD_MS = 1000;
/**
 * A slot this late (ms: a stalled event loop) is dropped rather than sent in a burst with the
 * others: up to the pacing headroom's share of a second (3% of 1 s), a burst stays within Meta's limit.
 */
const LATE_SLOT_MS = 30;

export class PacedSender {
  private readonly options: PacedSenderOptions;
  private readonly pace: Pace;
  private readonly pair: BurstyRateLimiter | null;
  private readonly lanes = new Map<string, Lane>();
  private readonly governor = new LoadGovernor();
  private warnedLocal = false;
  private closed = false;

  constructor(
    redis: Redis | null,
    private readonly log: Logger,
    options: Partial<PacedSenderOptions> = {},
  ) {
    this.options = { ...DEFAULT_SENDER_OPTIONS, ...options };
    const tps = this.options.throughputPerSecond;
    if (!Number.isInteger(tps) || tps < 1 || tps > MAX_THROUGHPUT_PER_SECOND) {
      throw new Error(`throughputPerSecond must be a whole number from 1 to ${MAX_THROUGHPUT_PER_SECOND} (got ${tps})`);
    }
    const memory = new MemoryPace(pacedRate(tps));
    this.pace = redis ? new RedisPace(redis, pacedRate(tps), `${KEY_PREFIX}-pace`, memory, (reason) => this.warnLocal(reason)) : memory;
    const pair = this.options.pairLimit;
    this.pair = pair
      ? new BurstyRateLimiter(
          limiter(redis, { keyPrefix: `${KEY_PREFIX}-pair`, points: 1, duration: Math.max(1, Math.round(pair.intervalMs / 1000)) }),
          limiter(redis, { keyPrefix: `${KEY_PREFIX}-pair-burst`, points: Math.max(1, pair.burst - 1), duration: Math.max(1, Math.round((pair.burst * pair.intervalMs) / 1000)) }),
        )
      : null;
    if (!redis) this.warnLocal('no Redis');
    this.governor.start();
  }

  get throughputPerSecond(): number {
    return this.options.throughputPerSecond;
  }

  /**
   * Sends through the number's lane: waits for the citizen's pair budget and a
   * throughput slot, runs `send`, and tries again on refusals Meta means as "later".
   */
  async send<T>(phoneNumberId: string, citizenId: string, priority: SendPriority, send: () => Promise<T>, options: { retryUnknownOutcome?: boolean; beforeSend?: () => Promise<void> } = {}): Promise<T> {
    // A send whose answer was lost may have reached the citizen: a reply is sent again (a lost answer
    // is worse than a rare repeat); a broadcast is not (a repeat to lakhs is worse than one loss).
    const retryable = (err: unknown) => isRetryableSend(err) && (options.retryUnknownOutcome !== false || !(err instanceof GraphTransportError && err.outcomeUnknown));
    if (this.closed) throw new Error('the sender is closed');
    // Most sends go through at the first try: the back-off machinery only after a refusal.
    await this.waitForPair(phoneNumberId, citizenId);
    await this.slot(phoneNumberId, priority, options.beforeSend);
    try {
      return await send();
    } catch (err) {
      if (this.closed || !retryable(err)) throw err;
    }
    let attempt = 1;
    return backOff(
      async () => {
        attempt++;
        await this.waitForPair(phoneNumberId, citizenId);
        await this.slot(phoneNumberId, priority, options.beforeSend);
        return send();
      },
      {
        numOfAttempts: this.options.attempts - 1,
        delayFirstAttempt: true,
        startingDelay: this.options.minDelayMs,
        maxDelay: this.options.maxDelayMs,
        timeMultiple: 2,
        jitter: 'full',
        retry: (err: unknown) => {
          const again = !this.closed && retryable(err);
          if (again) {
            const lost = err instanceof GraphTransportError && err.outcomeUnknown;
            this.log[lost ? 'warn' : 'debug'](
              { phoneNumberId, to: maskCitizenId(citizenId), attempt, code: errorCode(err) },
              lost ? 'whatsapp: a send timed out without an answer; sending again (the citizen may rarely get it twice)' : 'whatsapp: send refused for now; trying again',
            );
          }
          return again;
        },
      },
    );
  }

  /** Citizens' messages use the number's budget too (Meta counts inbound and outbound); never refused. */
  countInbound(phoneNumberId: string, count: number): void {
    // At most a second's budget ahead: Meta counts them in its window, which a second later is gone.
    this.pace.take(phoneNumberId, count, INBOUND_MAX_LEAD_MS).catch((err: Error) => this.warnLocal(err.message));
  }

  close(): void {
    this.closed = true;
    this.governor.stop();
    for (const lane of this.lanes.values()) lane.close();
    this.lanes.clear();
  }

  /**
   * A slot in the number's lane, then `beforeSend` (what must be asked once the slot is given, e.g. whether a
   * campaign still runs). Should that take longer than a late slot may be (a slow store's read, a stalled
   * event loop), the send would reach Meta bunched with the next slots' sends, over the number's limit in
   * the window Meta counts: it takes a fresh slot instead (and asks again). It is asked once before the
   * slot too, so a slow answer is waited for in line, not with a slot in hand (which would go unused).
   */
  private async slot(phoneNumberId: string, priority: SendPriority, beforeSend?: () => Promise<void>): Promise<void> {
    if (beforeSend) await beforeSend();
    for (;;) {
      await this.lane(phoneNumberId).slot(priority);
      if (!beforeSend) return;
      const given = performance.now();
      await beforeSend();
      if (performance.now() - given <= LATE_SLOT_MS) return;
    }
  }

  private lane(phoneNumberId: string): Lane {
    let lane = this.lanes.get(phoneNumberId);
    if (!lane) {
      lane = new Lane(phoneNumberId, this.pace, pacedRate(this.options.throughputPerSecond), this.governor);
      this.lanes.set(phoneNumberId, lane);
    }
    return lane;
  }

  private async waitForPair(phoneNumberId: string, citizenId: string): Promise<void> {
    if (!this.pair) return;
    const started = Date.now();
    for (;;) {
      const wait = await take(this.pair, `${phoneNumberId}:${citizenId}`, (reason) => this.warnLocal(reason));
      if (wait === 0) return;
      if (Date.now() + wait - started > this.options.maxPairWaitMs) {
        throw new GraphApiError({ code: 131056, httpStatus: 400, message: `(Business Account, Consumer Account) pair rate limit: ${maskCitizenId(citizenId)} would wait over ${this.options.maxPairWaitMs} ms` });
      }
      await sleep(wait);
    }
  }

  private warnLocal(reason: string): void {
    if (this.warnedLocal) return;
    this.warnedLocal = true;
    this.log.warn({ reason }, 'whatsapp: sending is paced per host, in memory: several hosts together may exceed Meta\'s rates');
  }
}

/** One number's slots on this host, each released at its moment: replies are served before bulk messages. */
class Lane {
  private readonly waiting: Record<SendPriority, Array<{ resolve: () => void; reject: (err: Error) => void }>> = { reply: [], bulk: [] };
  private readonly intervalMs: number;
  private readonly batch: number;
  private pumping = false;
  private closed = false;
  /** Bulk messages this host may still send before the governor's share holds them back (at most a batch). */
  private bulkCredit = 0;
  private creditAt = performance.now();

  constructor(
    private readonly phoneNumberId: string,
    private readonly pace: Pace,
    perSecond: number,
    private readonly governor: { share: number },
  ) {
    this.intervalMs = 1000 / perSecond;
    this.batch = Math.max(1, Math.floor((perSecond * LOOKAHEAD_MS) / 1000));
  }

  slot(priority: SendPriority): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the sender is closed'));
    return new Promise<void>((resolve, reject) => {
      this.waiting[priority].push({ resolve, reject });
      if (!this.pumping) void this.pump();
    });
  }

  close(): void {
    this.closed = true;
    // Waiting sends fail rather than go out unpaced after the host stopped.
    for (const waiter of [...this.waiting.reply, ...this.waiting.bulk]) waiter.reject(new Error('the sender is closed'));
    this.waiting.reply.length = 0;
    this.waiting.bulk.length = 0;
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (!this.closed && (this.waiting.reply.length > 0 || this.waiting.bulk.length > 0)) {
        // Bulk takes what the governor allows this host now (all, unless it is saturated), so no slot is
        // taken from the number's shared budget that this host would leave unused.
        const bulk = this.bulkAllowed();
        const count = Math.min(this.waiting.reply.length + bulk, this.batch);
        if (count === 0) {
          await sleep(LOOKAHEAD_MS);
          continue;
        }
        // Slots for those waiting (up to a lookahead's worth) in one Redis call; each is released at its
        // own moment, to whoever is first then (a reply that came meanwhile goes before bulk).
        // Counted from when they were asked for (Redis's answer is relative to then): a host that reads the
        // answer late finds its first slots late, and the late-slot rule drops them rather than crowding others'.
        const asked = performance.now();
        const first = asked + (await this.pace.take(this.phoneNumberId, count));
        for (let i = 0; i < count && !this.closed; i++) {
          const wait = first + i * this.intervalMs - performance.now();
          if (wait >= 1) await sleep(wait);
          // Far behind (the event loop stalled): a late slot is dropped, not sent at once with the others in
          // a burst that would crowd Meta's next second; the slots still ahead are used.
          else if (wait < -LATE_SLOT_MS) continue;
          const reply = this.waiting.reply.shift();
          if (reply) reply.resolve();
          else {
            const next = this.waiting.bulk.shift();
            if (next) {
              this.bulkCredit -= 1;
              next.resolve();
            }
          }
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /** Bulk messages this host may send in the next batch: all waiting, or the governor's share of the time since. */
  private bulkAllowed(): number {
    const now = performance.now();
    const share = this.governor.share;
    const earned = ((now - this.creditAt) / this.intervalMs) * share;
    this.creditAt = now;
    this.bulkCredit = Math.min(this.batch, this.bulkCredit + earned);
    if (share >= 1) this.bulkCredit = this.batch;
    return Math.min(this.waiting.bulk.length, Math.max(0, Math.floor(this.bulkCredit)));
  }
}

/** Takes one point: 0 when granted, else the milliseconds until the budget refills. */
async function take(limiter: RateLimiterAbstract | BurstyRateLimiter, key: string, onLocal: (reason: string) => void): Promise<number> {
  try {
    await limiter.consume(key);
    return 0;
  } catch (err) {
    if (err instanceof RateLimiterRes) return Math.max(1, err.msBeforeNext);
    // Redis failed and the insurance limiter answered; should both fail, pace by a short pause.
    onLocal((err as Error).message ?? String(err));
    return 50;
  }
}

/** Redis when there is one, with an in-memory limiter as insurance when Redis fails. */
function limiter(redis: Redis | null, options: { keyPrefix: string; points: number; duration: number }): RateLimiterAbstract {
  const memory = new RateLimiterMemory(options);
  if (!redis) return memory;
  return new RateLimiterRedis({ ...options, storeClient: redis, insuranceLimiter: memory, rejectIfRedisNotReady: true });
}

/** A send that failed for now (throttled, a transport failure): sending later may succeed. */
export function isRetryableSend(err: unknown): boolean {
  if (err instanceof GraphApiError) return THROTTLE_CODES.has(err.code) || err.retryable;
  return err instanceof GraphTransportError;
}

function errorCode(err: unknown): string | number | undefined {
  if (err instanceof GraphApiError) return err.code;
  if (err instanceof GraphTransportError) return err.code;
  return undefined;
}
