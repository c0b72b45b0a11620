/**
 * A business number's sending budget as evenly spaced moments, shared by
 * every host through Redis: the generic cell rate algorithm (GCRA), the
 * leaky bucket as a meter. One key per number holds the moment its next
 * message may go (the "theoretical arrival time"); taking n slots moves it
 * on by n intervals and says when the first of them is due. Slots are never
 * refused, only given later, so a host asks for what it has waiting and
 * releases each at its moment.
 *
 * Why not the fixed one-second windows of rate-limiter-flexible (which the
 * lane used before): a window's whole budget went out in its first
 * milliseconds, and Meta's own window for the number starts when our first
 * message of it arrives, a little later than ours; a burst at the start of
 * our next window then landed in the end of Meta's, and 0.3–0.9% of a
 * campaign's sends were refused with 130429. Evenly spaced sends below the
 * limit leave every window Meta may count under it. No well-kept npm
 * package offers GCRA over ioredis (rate-limiter-flexible has fixed windows
 * and token buckets in memory only; Bottleneck's Redis mode is unmaintained
 * since 2019 and costs three round trips a job), so the script is ours: six
 * lines of Lua, atomic in Redis, on Redis's own clock (hosts' clocks differ).
 */
import type Redis from 'ioredis';

export interface Pace {
  /**
   * Takes `count` slots of the key's budget; resolves to the milliseconds until the first is due
   * (0: now). `maxLeadMs`: the budget is pushed at most this far past now (citizens' messages,
   * which are counted, not scheduled: a burst of them must not leave a debt replies wait behind).
   */
  take(key: string, count: number, maxLeadMs?: number): Promise<number>;
}

/** Next-free moment in µs of Redis time; formatted with %.0f, as Lua's tostring would round a 16-digit number. */
const GCRA_LUA = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local tat = tonumber(redis.call('GET', KEYS[1]) or '0')
if tat < now then tat = now end
local after = tat + tonumber(ARGV[1]) * tonumber(ARGV[2])
local cap = tonumber(ARGV[3])
if cap > 0 and after > now + cap then after = math.max(tat, now + cap) end
redis.call('SET', KEYS[1], string.format('%.0f', after), 'PX', math.ceil((after - now) / 1000) + 1000)
return math.floor(tat - now)
`;

interface GcraRedis extends Redis {
  jansetuGcra(key: string, intervalUs: number, count: number, maxLeadUs: number): Promise<number>;
}

/** Evenly spaced slots at `perSecond`, on this host only (no Redis, or Redis failing). */
export class MemoryPace implements Pace {
  private readonly next = new Map<string, number>();
  private readonly intervalMs: number;

  constructor(perSecond: number) {
    this.intervalMs = 1000 / perSecond;
  }

  async take(key: string, count: number, maxLeadMs = 0): Promise<number> {
    const now = performance.now();
    const tat = Math.max(this.next.get(key) ?? 0, now);
    const after = tat + count * this.intervalMs;
    this.next.set(key, maxLeadMs > 0 && after > now + maxLeadMs ? Math.max(tat, now + maxLeadMs) : after);
    // Keys of numbers gone quiet are dropped now and again (a host serves a handful of numbers).
    if (this.next.size > 1000) for (const [k, at] of this.next) if (at < now) this.next.delete(k);
    return tat - now;
  }
}

/** Evenly spaced slots at `perSecond` shared by every host on `redis`; in memory while Redis fails. */
export class RedisPace implements Pace {
  private readonly redis: GcraRedis;
  private readonly intervalUs: number;

  constructor(
    redis: Redis,
    perSecond: number,
    private readonly keyPrefix: string,
    private readonly insurance: MemoryPace,
    private readonly onLocal: (reason: string) => void,
  ) {
    if (!('jansetuGcra' in redis)) redis.defineCommand('jansetuGcra', { numberOfKeys: 1, lua: GCRA_LUA });
    this.redis = redis as GcraRedis;
    this.intervalUs = Math.round(1_000_000 / perSecond);
  }

  async take(key: string, count: number, maxLeadMs = 0): Promise<number> {
    try {
      return (await this.redis.jansetuGcra(`${this.keyPrefix}:${key}`, this.intervalUs, count, Math.round(maxLeadMs * 1000))) / 1000;
    } catch (err) {
      this.onLocal((err as Error).message ?? String(err));
      return this.insurance.take(key, count, maxLeadMs);
    }
  }
}
