/**
 * Meta's sending rates (reference §1.9), in one place for the platform's
 * paced sender and the sandbox simulator that enforces them.
 */

/** Messages per second per business number, Meta's default. */
export const META_THROUGHPUT_PER_SECOND = 80;
/** The most Meta grants a number (on request, with enough quality). */
export const MAX_THROUGHPUT_PER_SECOND = 1000;

/** Per (business number, citizen) pair: a burst, then one message per interval. */
export interface PairLimit {
  burst: number;
  intervalMs: number;
}

export const META_PAIR_LIMIT: PairLimit = { burst: 45, intervalMs: 6000 };

/**
 * The share of a number's messages per second the paced sender leaves unused. Meta counts a
 * number's messages in windows it starts itself; the network and a busy host move a few sends
 * by some tens of milliseconds, which at exactly the limit lands one too many in a window (130429).
 * Sending evenly at 97% leaves 30 ms of such jitter room in every window (bench:broadcast at
 * 1,000/s and the two-process test at 20/s: no 130429), and stays within 5% of the number's rate.
 */
export const PACING_HEADROOM = 0.03;

/** The network and host jitter the pacing leaves room for, in ms. */
export const PACING_JITTER_MS = 30;

/**
 * Messages per second the paced sender sends at, for a number allowed `perSecond`: 97%, and at low
 * tiers less, so that a window of a second stretched by the jitter still holds no more than the
 * limit ((limit − 1) in 1,030 ms: 76.7 of Meta's default 80, 969 of 1,000, 8.7 of 10).
 */
export function pacedRate(perSecond: number): number {
  return Math.min(perSecond * (1 - PACING_HEADROOM), ((perSecond - 1) * 1000) / (1000 + PACING_JITTER_MS) || perSecond * (1 - PACING_HEADROOM));
}
