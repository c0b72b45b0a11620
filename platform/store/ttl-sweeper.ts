import type { IndexDefinition } from './index-spec';
import type { StoreLogger } from './logger';
import type { Collection, Filter } from './port';

/** One TTL index: documents whose `field` is a Date older than `expireAfterSeconds` go. */
export interface TtlRule {
  collection: string;
  index: string;
  field: string;
  expireAfterSeconds: number;
}

export const DEFAULT_SWEEP_INTERVAL_MS = 30_000;

/** The TTL rule an index definition implies, if it is a TTL index. */
export function ttlRuleFor(collection: string, def: IndexDefinition): TtlRule | null {
  if (def.expireAfterSeconds === undefined) return null;
  return { collection, index: def.name, field: Object.keys(def.keys)[0], expireAfterSeconds: def.expireAfterSeconds };
}

/**
 * `$lt` on a Date only matches Dates on both engines (BSON type bracketing), so
 * a document whose field holds a string or nothing is never swept, as with
 * MongoDB's TTL monitor. An array field expires with its earliest Date, as there.
 */
export function expiredFilter(rule: TtlRule, now: number): Filter {
  return { [rule.field]: { $lt: new Date(now - rule.expireAfterSeconds * 1000) } };
}

/**
 * Deletes expired documents for every registered TTL index, on a timer and on
 * demand. Both engines use it through their own public Collection API, so
 * expiry is the same deleteMany everywhere (MongoDB's TTL monitor may also
 * delete; FerretDB 1.x does not).
 */
export class TtlSweeper {
  private readonly rules = new Map<string, TtlRule>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | null = null;

  constructor(
    private readonly collection: (name: string) => Collection,
    private readonly log: StoreLogger,
    /** Runs before each sweep, e.g. to learn TTL indexes another host created. */
    private readonly refresh: () => Promise<void> = async () => {},
  ) {}

  register(rule: TtlRule): void {
    this.rules.set(`${rule.collection}\u0000${rule.index}`, rule);
  }

  /** `intervalMs` 0 disables the timer (sweepExpired() still works). */
  start(intervalMs: number): void {
    if (intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => this.tick(), intervalMs);
    // The sweeper must never be what keeps a process alive.
    this.timer.unref();
  }

  async sweep(now = Date.now()): Promise<number> {
    await this.refresh();
    let removed = 0;
    for (const rule of [...this.rules.values()]) {
      const { deletedCount } = await this.collection(rule.collection).deleteMany(expiredFilter(rule, now));
      removed += deletedCount;
    }
    return removed;
  }

  /** Stops the timer and waits for a sweep in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => 0);
  }

  private tick(): void {
    if (this.running) return;
    this.running = this.sweep();
    this.running
      .then((removed) => {
        if (removed > 0) this.log.info({ removed }, 'store: expired documents removed');
      })
      .catch((err: unknown) => this.log.warn({ err }, 'store: TTL sweep failed'))
      .finally(() => {
        this.running = null;
      });
  }
}
