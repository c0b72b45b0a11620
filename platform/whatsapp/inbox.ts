/**
 * The durable inbox: every citizen message the platform acknowledged, kept in
 * the store as received → processing → done, and run by its flow one citizen
 * at a time, in the order the messages arrived, on whichever host holds that
 * citizen's turn.
 *
 * - Acknowledged means stored: the webhook answers 200 only after accept().
 *   The document's id is the wamid, so Meta's redelivery of a message already
 *   here is a duplicate, whatever state it is in.
 * - One citizen at a time: a host runs a citizen's messages only while it
 *   holds the citizen's turn (a lease document in `wa_citizen_turns`, renewed
 *   while a flow runs). Another host that receives a message for that citizen
 *   stores it and leaves it to the holder, which looks for more before it lets
 *   go and once more after (so a message stored in between is never stranded).
 * - Crashes: a message left `processing` by a host that died is run again when
 *   its turn's lease has run out (the sweep, at start and every few seconds).
 *   A message whose run keeps failing is set aside as `failed` after
 *   maxAttempts and listed for admins; the citizen's later messages go on.
 * - No listener: a message for a number or path no whatsapp-in serves right
 *   now (a deploy under way, a number not wired yet) stays `received`, and so
 *   do the citizen's later ones; it runs when a listener registers (recover).
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { maskCitizenId } from '../citizens/identity';
import type { Logger } from '../log';
import { DuplicateKeyError, type Collection, type DocumentStore } from '../store';
import type { InboundMessage } from './types';

/** `unrouted`: for a number no account that signed the webhook serves; kept for admins, never run. */
export type InboxState = 'received' | 'processing' | 'done' | 'failed' | 'unrouted';

/**
 * Runs one message through its flow; resolves when the flow's turn is over,
 * with 'interrupted' when a deploy stopped the flow under it (the message runs again).
 */
export type MessageHandler = (message: InboundMessage) => Promise<'done' | 'interrupted' | 'retry' | void>;

/** The handlers for messages received on `path` for `phoneNumberId`, signed by one of `signedBy` (app-secret fingerprints). */
export type InboxRouter = (route: { phoneNumberId: string; path: string; signedBy: readonly string[] }) => MessageHandler[];

interface InboxDoc {
  _id: string;
  [key: string]: unknown;
  phoneNumberId: string;
  citizenKey: string;
  path: string;
  signedBy: string[];
  /** Arrival order: milliseconds × 1000 + place in the webhook. */
  seq: number;
  state: InboxState;
  message: InboundMessage;
  attempts: number;
  receivedAt: Date;
  startedAt?: Date;
  doneAt?: Date;
  owner?: string;
  lastError?: string;
  /** Set while no whatsapp-in serves the message's number and path. */
  waitingForListener?: boolean;
}

interface TurnDoc {
  _id: string;
  [key: string]: unknown;
  owner: string;
  until: Date;
}

export interface InboxEntry {
  id: string;
  state: InboxState;
  phoneNumberId: string;
  path: string;
  citizen: string;
  type: string;
  attempts: number;
  receivedAt: Date;
  doneAt?: Date;
  lastError?: string;
  waitingForListener: boolean;
}

export interface InboxOptions {
  /** How long a turn stays with a host that stopped renewing it (a crash). */
  leaseMs: number;
  /** Longest one message may hold its citizen; past it the next message goes ahead. */
  turnTimeoutMs: number;
  /** Runs of one message before it is set aside as failed. */
  maxAttempts: number;
  /** How often to look for messages nobody is running (crashed hosts, missed hand-offs). */
  sweepMs: number;
}

export const INBOX_COLLECTION = 'wa_inbox';
export const TURNS_COLLECTION = 'wa_citizen_turns';
const DEFAULT_OPTIONS: InboxOptions = { leaseMs: 10_000, turnTimeoutMs: 30_000, maxAttempts: 5, sweepMs: 3_000 };
/** Meta retries a webhook for up to 7 days; ids (and so the records) are kept a day longer. */
const RETENTION_S = 8 * 24 * 3600;
const PENDING: InboxState[] = ['received', 'processing'];
const SWEEP_BATCH = 500;
const MAX_DRAINS = 256;

export class Inbox {
  readonly hostId = randomUUID();
  private readonly docs: Collection<InboxDoc>;
  private readonly turns: Collection<TurnDoc>;
  private readonly options: InboxOptions;
  private router: InboxRouter = () => [];
  /** Citizens this host is draining now; `again` asks the drain for one more pass. */
  private readonly draining = new Map<string, { again: boolean }>();
  private readonly running = new Set<Promise<void>>();
  /** Citizens kicked while MAX_DRAINS were running: started as drains end. */
  private readonly backlog = new Set<string>();
  private sweepTimer: NodeJS.Timeout | null = null;
  private closed = false;
  /** Set while the flows are stopped for a deploy: messages are kept, none is started. */
  private paused = false;
  /** Runs under way on this host; a deploy ends them all as interrupted. */
  private readonly runs = new Set<(end: 'interrupted') => void>();

  constructor(
    store: DocumentStore,
    private readonly log: Logger,
    options: Partial<InboxOptions> = {},
  ) {
    this.docs = store.collection<InboxDoc>(INBOX_COLLECTION);
    this.turns = store.collection<TurnDoc>(TURNS_COLLECTION);
    this.options = { ...DEFAULT_OPTIONS, ...options };
  }

  async init(): Promise<void> {
    await this.docs.createIndex({ keys: { receivedAt: 1 }, expireAfterSeconds: RETENTION_S });
    // Single fields on purpose: the embedded engine narrows by an index only when the filter gives
    // every one of its fields by equality; a citizen has a handful of messages, a state many.
    await this.docs.createIndex({ keys: { citizenKey: 1 } });
    await this.docs.createIndex({ keys: { state: 1 } });
    // A turn nobody released (a crash) is removed once long expired; an expired one is already free.
    await this.turns.createIndex({ keys: { until: 1 }, expireAfterSeconds: 3600 });
  }

  setRouter(router: InboxRouter): void {
    this.router = router;
  }

  /** How long a flow may take with one message before the citizen's next goes ahead. */
  get turnTimeoutMs(): number {
    return this.options.turnTimeoutMs;
  }

  /** Whether runs are held (before the flows first start, and during a deploy). */
  get isPaused(): boolean {
    return this.paused;
  }

  /** A deploy is stopping the flows: start no message until resume(). */
  pause(): void {
    this.paused = true;
    // Every run under way overlaps the deploy: its flow may be stopped under it, or it may not yet
    // have reached its whatsapp-in. Each runs again once the flows are back (replies are not sent twice).
    for (const interrupt of [...this.runs]) interrupt('interrupted');
  }

  /** The flows are running again: run what waited. */
  resume(): void {
    this.paused = false;
    this.recover().catch((err: Error) => this.log.warn({ err }, 'inbox: recovery after a deploy failed'));
  }

  /** Starts the sweep for messages nobody runs, and runs one now (messages left by the last run). */
  start(): void {
    if (this.sweepTimer || this.closed) return;
    this.sweepTimer = setInterval(() => this.track(this.sweep()), this.options.sweepMs);
    this.sweepTimer.unref();
    this.track(this.sweep());
  }

  /**
   * Stores new messages (in webhook order) and returns those not seen before.
   * Resolves only when they are in the store: the webhook may then be acknowledged.
   */
  async accept(messages: readonly InboundMessage[], path: string, signedBy: readonly string[], now = new Date(), state: 'received' | 'unrouted' = 'received'): Promise<{ accepted: InboundMessage[]; duplicates: number }> {
    const accepted: InboundMessage[] = [];
    let duplicates = 0;
    const base = now.getTime() * 1000;
    for (const [i, message] of messages.entries()) {
      try {
        await this.docs.insertOne({
          _id: message.id,
          phoneNumberId: message.phoneNumberId,
          citizenKey: message.citizenKey,
          path,
          signedBy: [...signedBy],
          seq: base + Math.min(i, 999),
          state,
          message,
          attempts: 0,
          receivedAt: now,
        });
        accepted.push(message);
      } catch (err) {
        if (err instanceof DuplicateKeyError) duplicates++;
        else throw err;
      }
    }
    return { accepted, duplicates };
  }

  /**
   * Runs the pending messages of these citizens (on this host, if no other
   * holds their turn). At most MAX_DRAINS citizens at once: a recovery after
   * an outage queues the rest instead of starting thousands of flows together.
   */
  kick(citizenKeys: Iterable<string>): void {
    for (const key of citizenKeys) {
      const active = this.draining.get(key);
      if (active) active.again = true;
      else if (this.draining.size < MAX_DRAINS) this.track(this.drain(key));
      else this.backlog.add(key);
    }
  }

  /** Runs every pending message (optionally of one number): at start, and when a listener registers. */
  async recover(filter: { phoneNumberId?: string } = {}): Promise<number> {
    const pending = (await Promise.all(PENDING.map((state) => this.docs.find({ state, ...filter }, { projection: { citizenKey: 1 }, limit: SWEEP_BATCH * 4 })))).flat();
    const keys = new Set(pending.map((d) => d.citizenKey));
    this.kick(keys);
    return keys.size;
  }

  async list(filter: { state?: InboxState; waitingForListener?: boolean } = {}, limit = 100): Promise<InboxEntry[]> {
    const query: Record<string, unknown> = {};
    if (filter.state) query.state = filter.state;
    if (filter.waitingForListener) query.waitingForListener = true;
    const docs = await this.docs.find(query, { sort: { receivedAt: -1 }, limit: Math.min(Math.max(1, limit), 1000) });
    return docs.map((d) => ({
      id: d._id,
      state: d.state,
      phoneNumberId: d.phoneNumberId,
      path: d.path,
      citizen: maskCitizenId(d.citizenKey.slice(d.citizenKey.indexOf('/') + 1)),
      type: d.message.type,
      attempts: d.attempts,
      receivedAt: d.receivedAt,
      ...(d.doneAt ? { doneAt: d.doneAt } : {}),
      ...(d.lastError ? { lastError: d.lastError } : {}),
      waitingForListener: d.waitingForListener === true,
    }));
  }

  async state(messageId: string): Promise<InboxState | null> {
    return (await this.docs.findOne({ _id: messageId }, { projection: { state: 1 } }))?.state ?? null;
  }

  /** Counts by state, for readiness and admins. */
  async counts(): Promise<Record<InboxState, number>> {
    const [received, processing, done, failed, unrouted] = await Promise.all(
      (['received', 'processing', 'done', 'failed', 'unrouted'] as const).map((state) => this.docs.countDocuments({ state })),
    );
    return { received, processing, done, failed, unrouted };
  }

  /** Stops sweeping and waits for the flows this host is running to end their turns. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    await Promise.allSettled([...this.running]);
  }

  // ---------- the drain of one citizen ----------

  private async drain(key: string): Promise<void> {
    const active = this.draining.get(key);
    if (active) {
      active.again = true;
      return;
    }
    const pass = { again: true };
    this.draining.set(key, pass);
    try {
      while (pass.again && !this.closed) {
        pass.again = false;
        if (!(await this.acquire(key))) return; // the holder will find our message
        try {
          while (!this.closed && (await this.runHead(key)));
        } finally {
          await this.release(key);
        }
        // A message stored while we held the turn, by a host whose own attempt failed.
        if (!this.closed && (await this.routableHead(key))) pass.again = true;
      }
    } catch (err) {
      this.log.error({ err, citizen: maskCitizenId(key) }, 'inbox: a citizen drain failed; the sweep will retry');
    } finally {
      this.draining.delete(key);
      const next = this.backlog.values().next();
      if (!next.done && !this.closed) {
        this.backlog.delete(next.value);
        this.kick([next.value]);
      }
    }
  }

  /** Runs the citizen's oldest pending message; false when there is none to run now. */
  private async runHead(key: string): Promise<boolean> {
    if (this.paused) return false;
    const head = await this.head(key);
    if (!head) return false;
    const handlers = this.router({ phoneNumberId: head.phoneNumberId, path: head.path, signedBy: head.signedBy });
    if (handlers.length === 0) {
      if (!head.waitingForListener) {
        await this.docs.updateOne({ _id: head._id, state: head.state }, { $set: { waitingForListener: true } });
        this.log.warn({ phoneNumberId: head.phoneNumberId, path: head.path, message: head._id }, 'inbox: no whatsapp-in serves this number and path now; the message waits for one');
      }
      return false;
    }
    if (head.attempts >= this.options.maxAttempts) {
      await this.docs.updateOne({ _id: head._id }, { $set: { state: 'failed', doneAt: new Date() } });
      this.log.error({ message: head._id, attempts: head.attempts, lastError: head.lastError }, 'inbox: a message failed every run; set aside for admins');
      return true;
    }
    // Still ours? A host stalled past its lease must not run the citizen beside the one that took over.
    if (!(await this.renew(key))) return false;
    const claimed = await this.docs.updateOne(
      { _id: head._id, state: head.state, attempts: head.attempts },
      { $set: { state: 'processing', owner: this.hostId, startedAt: new Date(), waitingForListener: false }, $inc: { attempts: 1 } },
    );
    if (claimed.modifiedCount === 0) return true; // changed under us; look again
    const error = await this.runHandlers(key, head.message, handlers);
    // Every update below only if the message is still ours: another host may have taken it over.
    const mine = { _id: head._id, state: 'processing', owner: this.hostId };
    if (error === 'interrupted') {
      // A deploy stopped the flow under it: not the message's fault, so the attempt does not count.
      await this.docs.updateOne(mine, { $set: { state: 'received' }, $inc: { attempts: -1 } });
      this.log.info({ message: head._id }, 'inbox: a deploy interrupted a message; it runs again when the flows are back');
      return false;
    }
    if (error) {
      // Back to received: the next pass (or host) tries it again, up to maxAttempts.
      await this.docs.updateOne(mine, { $set: { state: 'received', lastError: error.slice(0, 500) } });
      this.log.error({ message: head._id, err: error }, 'inbox: a message could not be handed to its flow; it will be retried');
      await sleep(Math.min(5000, 100 * 2 ** head.attempts));
      return true;
    }
    await this.docs.updateOne(mine, { $set: { state: 'done', doneAt: new Date() }, $unset: { owner: '' } });
    return true;
  }

  /** Runs the handlers while renewing the citizen's turn; returns the failure, or 'interrupted', or null. */
  private async runHandlers(key: string, message: InboundMessage, handlers: MessageHandler[]): Promise<string | null> {
    const renew = setInterval(() => {
      this.renew(key).then(
        (held) => {
          if (!held) this.log.warn({ message: message.id }, 'inbox: this host lost a citizen\'s turn while its flow ran (a stall past the lease); the host that took over runs on');
        },
        (err: Error) => this.log.warn({ err }, 'inbox: could not renew a turn'),
      );
    }, Math.max(50, Math.floor(this.options.leaseMs / 3)));
    let timer: NodeJS.Timeout | undefined;
    let interrupt!: (end: 'interrupted') => void;
    const timeout = new Promise<'timeout' | 'interrupted'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.options.turnTimeoutMs);
      interrupt = resolve;
    });
    this.runs.add(interrupt);
    try {
      // A deploy began while this message was being claimed: its flow may not be there to take it.
      if (this.paused) return 'interrupted';
      const outcome = await Promise.race([Promise.all(handlers.map((handle) => handle(message))), timeout]);
      if (outcome === 'interrupted' || (Array.isArray(outcome) && outcome.includes('interrupted'))) return 'interrupted';
      // A reply could not be sent for now: a failed run, tried again like one (up to maxAttempts).
      if (Array.isArray(outcome) && outcome.includes('retry')) return 'a reply could not be sent for now (throttled or the connection lost)';
      if (outcome === 'timeout') this.log.warn({ message: message.id, ms: this.options.turnTimeoutMs }, 'inbox: a flow did not finish its turn in time; the citizen\'s next message goes ahead');
      return null;
    } catch (err) {
      return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    } finally {
      this.runs.delete(interrupt);
      clearInterval(renew);
      clearTimeout(timer);
    }
  }

  private head(key: string): Promise<InboxDoc | null> {
    return this.docs.findOne({ citizenKey: key, state: { $in: PENDING } }, { sort: { seq: 1, _id: 1 } });
  }

  private async routableHead(key: string): Promise<boolean> {
    if (this.paused) return false;
    const head = await this.head(key);
    return head !== null && this.router({ phoneNumberId: head.phoneNumberId, path: head.path, signedBy: head.signedBy }).length > 0;
  }

  /** Takes the citizen's turn when it is free or expired; false when another host holds it. */
  private async acquire(key: string): Promise<boolean> {
    const now = new Date();
    try {
      await this.turns.findOneAndUpdate(
        { _id: key, $or: [{ until: { $lt: now } }, { owner: this.hostId }] },
        { $set: { owner: this.hostId, until: new Date(now.getTime() + this.options.leaseMs) } },
        { upsert: true },
      );
      return true;
    } catch (err) {
      if (err instanceof DuplicateKeyError) return false;
      throw err;
    }
  }

  /** Extends this host's turn; false when it is no longer this host's. */
  private async renew(key: string): Promise<boolean> {
    const result = await this.turns.updateOne({ _id: key, owner: this.hostId }, { $set: { until: new Date(Date.now() + this.options.leaseMs) } });
    return result.matchedCount > 0;
  }

  private async release(key: string): Promise<void> {
    await this.turns.deleteOne({ _id: key, owner: this.hostId });
  }

  /** Citizens with messages nobody has run for a while (a crashed host, a missed hand-off). */
  private async sweep(): Promise<void> {
    if (this.paused) return;
    try {
      const before = new Date(Date.now() - this.options.leaseMs);
      const stale = (
        await Promise.all(PENDING.map((state) => this.docs.find({ state, receivedAt: { $lt: before }, waitingForListener: { $ne: true } }, { sort: { receivedAt: 1 }, projection: { citizenKey: 1 }, limit: SWEEP_BATCH })))
      ).flat();
      const keys = stale.map((d) => d.citizenKey).filter((k) => !this.draining.has(k));
      if (keys.length > 0) this.kick(keys);
    } catch (err) {
      this.log.warn({ err }, 'inbox: sweep failed');
    }
  }

  private track(work: Promise<void>): void {
    this.running.add(work);
    void work.finally(() => this.running.delete(work));
  }
}
