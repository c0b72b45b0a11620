/**
 * Holds the inbox while a deploy replaces the flows, so that no citizen's
 * message runs on flows being stopped or half started.
 *
 * - From the save on (`FLOWS_SAVING`, before Node-RED's `flows:stopping`): new
 *   runs wait and the turns under way end as interrupted (their messages run
 *   again; replies are not sent twice).
 * - The inbox goes on at `flows:started`, but only when no deploy has begun
 *   since that start began. Node-RED answers a deploy before its flows have
 *   started, so the next deploy can save and stop the flows while the last one
 *   is still starting them: that start's `flows:started` then comes after the
 *   new `flows:stopping`. Going on there ran messages on flows being torn down,
 *   where a node's send to a node already removed is dropped without a trace
 *   and the turn ends as done, unanswered (a reply lost in loaded runs of four
 *   deploys 0.7 s apart).
 * - A save the store refused: the flows run on, and so do the turns set aside,
 *   unseen; their messages run again only once those turns have had their time
 *   (unless another deploy is under way: its start lets them go).
 * - A deploy that never says its flows started: after two minutes the inbox
 *   goes on if only a save held it; flows stopped and never started again
 *   (a partial deploy's untouched whatsapp-in still routes to removed nodes)
 *   keep it held, and the log says so.
 */
import type { Logger } from '../log';
import { FLOWS_SAVE_FAILED, FLOWS_SAVING } from '../red/storage';

export interface HeldInbox {
  readonly isPaused: boolean;
  readonly turnTimeoutMs: number;
  pause(): void;
  resume(): void;
}

/** A save that never led to a stop or start holds the inbox at most this long. */
const MAX_HOLD_MS = 120_000;

export class DeployHold {
  /** Order of the runtime's deploy events, to tell which came last. */
  private seq = 0;
  private lastBegun = 0;
  private lastStarting = 0;
  private lastStopping = 0;
  /** Saves under way, by the token storage.ts emits with each: a refused save began nothing. */
  private readonly saves = new Map<unknown, number>();
  private heldForSave = false;
  private afterFailedSave: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;

  constructor(
    private readonly inbox: HeldInbox,
    private readonly turns: { interruptAll(): void },
    private readonly log: Pick<Logger, 'warn' | 'error'>,
  ) {}

  attach(events: { on(event: string, handler: (token?: unknown) => void): void }): void {
    events.on(FLOWS_SAVING, (token) => this.onSaving(token));
    events.on(FLOWS_SAVE_FAILED, (token) => this.onSaveFailed(token));
    events.on('flows:stopping', () => this.onStopping());
    events.on('flows:starting', () => {
      this.lastStarting = ++this.seq;
    });
    events.on('flows:started', () => this.onStarted());
  }

  close(): void {
    this.clearTimers();
  }

  private onSaving(token: unknown): void {
    this.lastBegun = ++this.seq;
    this.saves.set(token, this.seq);
    // A deploy while the last failed save's hold lasts: this one holds the inbox now.
    if (this.afterFailedSave) {
      clearTimeout(this.afterFailedSave);
      this.afterFailedSave = null;
      this.heldForSave = true;
      return;
    }
    if (this.inbox.isPaused) return;
    this.heldForSave = true;
    this.hold();
  }

  private onSaveFailed(token: unknown): void {
    const failed = this.saves.get(token);
    this.saves.delete(token);
    // What began this deploy, if nothing began after it: the begin before it (another save under way, or a stop).
    if (failed !== undefined && failed === this.lastBegun) this.lastBegun = Math.max(this.lastStopping, ...this.saves.values(), 0);
    if (!this.heldForSave) return;
    this.heldForSave = false;
    // Another deploy is under way: its start lets the inbox go.
    if (this.lastBegun > this.lastStarting) return;
    this.afterFailedSave = setTimeout(() => {
      this.afterFailedSave = null;
      this.release();
    }, this.inbox.turnTimeoutMs);
    this.afterFailedSave.unref();
  }

  private onStopping(): void {
    this.lastBegun = this.lastStopping = ++this.seq;
    // A failed save's wait is over: this deploy's start lets the inbox go.
    if (this.afterFailedSave) clearTimeout(this.afterFailedSave);
    this.afterFailedSave = null;
    this.hold();
  }

  private onStarted(): void {
    // A later deploy saved or stopped the flows while this start ran: its own start goes on.
    if (this.lastBegun > this.lastStarting) return;
    this.heldForSave = false;
    this.saves.clear();
    this.release();
  }

  private hold(): void {
    this.inbox.pause();
    this.turns.interruptAll();
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      if (this.lastStopping > this.lastStarting) {
        // Stopped (perhaps only the changed nodes) and never started: a whatsapp-in left running would hand
        // messages to flows missing nodes. They wait in the inbox for the next deploy or a restart.
        this.log.error({ ms: MAX_HOLD_MS }, 'whatsapp: the flows were stopped by a deploy and have not started again; citizens\' messages wait in the inbox until a deploy or a restart starts them');
        return;
      }
      this.log.warn({ ms: MAX_HOLD_MS }, 'whatsapp: a deploy\'s save held the inbox and the flows never stopped or started; going on');
      this.release();
    }, MAX_HOLD_MS);
    this.watchdog.unref();
  }

  private release(): void {
    this.clearTimers();
    this.inbox.resume();
  }

  private clearTimers(): void {
    if (this.afterFailedSave) clearTimeout(this.afterFailedSave);
    this.afterFailedSave = null;
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = null;
  }
}
