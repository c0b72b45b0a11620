/**
 * Meta's sending limits (reference §1.9): throughput per business number
 * (130429) and the per (business number, citizen) pair rate (131056): a burst,
 * then one message per interval, where the burst refills only after the time
 * its messages would have taken at that rate.
 */
import { BurstyRateLimiter, RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { PairLimitOptions } from './options';

export type LimitVerdict = { ok: true } | { ok: false; code: 130429 | 131056; details: string };

export class SendLimits {
  private readonly throughput: RateLimiterMemory | null;
  private readonly pair: BurstyRateLimiter | null;

  constructor(throughputPerSecond: number | null, pairLimit: PairLimitOptions | null) {
    this.throughput = throughputPerSecond === null ? null : new RateLimiterMemory({ points: throughputPerSecond, duration: 1 });
    this.pair = pairLimit === null ? null : pairLimiter(pairLimit);
  }

  /** Takes one outbound message from both budgets, or says which one is exhausted. */
  async admitOutbound(phoneNumberId: string, waId: string): Promise<LimitVerdict> {
    if (this.throughput && !(await admitted(this.throughput.consume(phoneNumberId)))) {
      return { ok: false, code: 130429, details: 'Message failed to send because there were too many messages sent from this phone number in a short period of time' };
    }
    if (this.pair && !(await admitted(this.pair.consume(`${phoneNumberId}:${waId}`)))) {
      return { ok: false, code: 131056, details: 'Message failed to send because there were too many messages sent from this phone number to the same phone number in a short period of time' };
    }
    return { ok: true };
  }

  /** Citizen messages count against the number's throughput too, but are never refused. */
  async countInbound(phoneNumberId: string): Promise<void> {
    await this.throughput?.penalty(phoneNumberId);
  }
}

function pairLimiter({ burst, intervalMs }: PairLimitOptions): BurstyRateLimiter {
  const steady = new RateLimiterMemory({ keyPrefix: 'pair', points: 1, duration: intervalMs / 1000 });
  const extra = new RateLimiterMemory({ keyPrefix: 'pair-burst', points: burst - 1, duration: (burst * intervalMs) / 1000 });
  return new BurstyRateLimiter(steady, extra);
}

/** rate-limiter-flexible rejects with a RateLimiterRes when the budget is spent; anything else is a real error. */
async function admitted(consumption: Promise<RateLimiterRes>): Promise<boolean> {
  try {
    await consumption;
    return true;
  } catch (err) {
    if (err instanceof RateLimiterRes) return false;
    throw err;
  }
}
