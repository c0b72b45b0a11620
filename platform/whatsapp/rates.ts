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
