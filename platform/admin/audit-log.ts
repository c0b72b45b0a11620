/**
 * The admin audit log: Node-RED's audit events (deploys, logins, permission
 * failures) and the host's own (throttled logins) in the `audit_log`
 * collection.
 *
 * Events carry what callers sent (an unauthenticated login's username, a
 * request path), so every record is bounded before it is queued: strings are
 * cut, nesting and key counts are limited. Writes are queued and flushed in
 * batches in the background so a request never waits on the store; the queue
 * is bounded and drops (and counts) events when the store falls behind, rather
 * than growing without limit under a flood.
 */
import type { Logger } from '../log';
import type { Collection, DocumentStore } from '../store';

export const AUDIT_COLLECTION = 'audit_log';
/** How long audit records are kept (TTL on `at`). */
export const AUDIT_RETENTION_DAYS = 365;
export const AUDIT_RETENTION_S = AUDIT_RETENTION_DAYS * 24 * 60 * 60;

export const AUDIT_LIMITS = {
  /** Any string value. */
  string: 512,
  /** `username` anywhere in the event: login names are short, a longer one is an attack. */
  username: 128,
  /** Nesting below the event itself. */
  depth: 4,
  /** Keys per object and items per array. */
  keys: 32,
} as const;

export interface AuditLogOptions {
  /** Events waiting to be written; past it new events are dropped. */
  maxPending?: number;
  /** Events per insertMany. */
  batchSize?: number;
}

export interface AuditRecord {
  [key: string]: unknown;
  at: Date;
  source: string;
}

/** Bounded copy of an audit event, safe to store whatever a client put in it. */
export function boundAuditEvent(event: Record<string, unknown>): Record<string, unknown> {
  return boundObject(event, 0);
}

function boundValue(value: unknown, key: string, depth: number): unknown {
  if (typeof value === 'string') return cut(value, key === 'username' ? AUDIT_LIMITS.username : AUDIT_LIMITS.string);
  if (value === null || typeof value === 'number' || typeof value === 'boolean') return value;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Date) return value;
  if (value instanceof Error) return { name: cut(value.name, AUDIT_LIMITS.string), message: cut(value.message, AUDIT_LIMITS.string) };
  if (typeof value !== 'object') return undefined; // functions, symbols, undefined
  if (depth >= AUDIT_LIMITS.depth) return '[nested too deep]';
  if (Array.isArray(value)) {
    const items = value.slice(0, AUDIT_LIMITS.keys).map((v) => boundValue(v, '', depth + 1) ?? null);
    if (value.length > AUDIT_LIMITS.keys) items.push(`[${value.length - AUDIT_LIMITS.keys} more]`);
    return items;
  }
  return boundObject(value as Record<string, unknown>, depth + 1);
}

function boundObject(obj: Record<string, unknown>, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  let kept = 0;
  let skipped = 0;
  for (const key of Object.keys(obj)) {
    if (kept >= AUDIT_LIMITS.keys) {
      skipped++;
      continue;
    }
    const bounded = boundValue(obj[key], key, depth);
    if (bounded === undefined) continue;
    out[safeKey(key)] = bounded;
    kept++;
  }
  if (skipped > 0) out._truncatedKeys = skipped;
  return out;
}

/** MongoDB field names may not start with '$' nor contain '.'; keys come from callers too. */
function safeKey(key: string): string {
  return cut(key, 64).replace(/^\$/, '_').replace(/\./g, '_');
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max)}…[${s.length - max} more]`;
}

export class AuditLog {
  private readonly pending: AuditRecord[] = [];
  private flushing: Promise<void> | null = null;
  private dropped = 0;
  private closed = false;
  private readonly maxPending: number;
  private readonly batchSize: number;

  private constructor(
    private readonly records: Collection<AuditRecord>,
    private readonly log: Logger,
    options: AuditLogOptions,
  ) {
    this.maxPending = options.maxPending ?? 1000;
    this.batchSize = options.batchSize ?? 100;
  }

  static async open(store: DocumentStore, log: Logger, options: AuditLogOptions = {}): Promise<AuditLog> {
    const records = store.collection<AuditRecord>(AUDIT_COLLECTION);
    // The TTL index on `at` is also the index for reading the log by time.
    await records.createIndex({ keys: { at: 1 }, expireAfterSeconds: AUDIT_RETENTION_S });
    return new AuditLog(records, log, options);
  }

  /** Queues one event; never throws, never waits. */
  record(event: Record<string, unknown>, source = 'node-red'): void {
    if (this.closed) return;
    if (this.pending.length >= this.maxPending) {
      this.dropped++;
      return;
    }
    // Node-RED's log level (98, audit) and timestamp say nothing the record's `at` does not.
    const { level: _level, timestamp: _timestamp, ...rest } = event;
    this.pending.push({ ...boundAuditEvent(rest), source, at: new Date() });
    this.flushing ??= this.drain();
  }

  /** Resolves when everything queued so far is written (or given up on). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
  }

  private async drain(): Promise<void> {
    // The first event goes out at once (readers of the log expect it promptly); the ones that
    // arrive while a write is in flight go out together in the next batch.
    await Promise.resolve();
    try {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, this.batchSize);
        try {
          await this.records.insertMany(batch);
        } catch (err) {
          this.log.error({ err, events: batch.length }, 'could not record audit events');
        }
      }
      if (this.dropped > 0) {
        this.log.warn({ dropped: this.dropped }, 'audit log queue was full: events dropped');
        this.dropped = 0;
      }
    } finally {
      this.flushing = null;
    }
  }
}
