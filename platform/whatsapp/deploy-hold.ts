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
 *   unseen; their messages run again only once those turns have had their time.
 */
import type { Logger } from '../log';
import { FLOWS_SAVE_FAILED, FLOWS_SAVING } from '../red/storage';

export interface HeldInbox {
  readonly isPaused: boolean;
  readonly turnTimeoutMs: number;
  pause(): void;
  resume(): void;
}

/** A deploy that began and never said it started (a stop that failed) holds the inbox at most this long. */
const MAX_HOLD_MS = 120_000;

export class DeployHold {
  /** Order of the runtime's deploy events, to tell which came last. */
  private seq = 0;
  private lastBegun = 0;
  private lastStarting = 0;
  /** The last save's place in the order, and what came before it (a refused save began nothing). */
  private lastSave = { seq: 0, begunBefore: 0 };
  private heldForSave = false;
  private afterFailedSave: NodeJS.Timeout | null = null;
  private watchdog: NodeJS.Timeout | null = null;

  constructor(
    private readonly inbox: HeldInbox,
    private readonly turns: { interruptAll(): void },
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  attach(events: { on(event: string, handler: () => void): void }): void {
    events.on(FLOWS_SAVING, () => this.onSaving());
    events.on(FLOWS_SAVE_FAILED, () => this.onSaveFailed());
    events.on('flows:stopping', () => this.onStopping());
    events.on('flows:starting', () => {
      this.lastStarting = ++this.seq;
    });
    events.on('flows:started', () => this.onStarted());
  }

  close(): void {
    this.clearTimers();
  }

  private onSaving(): void {
    this.lastSave = { seq: ++this.seq, begunBefore: this.lastBegun };
    this.lastBegun = this.lastSave.seq;
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

  private onSaveFailed(): void {
    if (this.lastBegun === this.lastSave.seq) this.lastBegun = this.lastSave.begunBefore;
    if (!this.heldForSave) return;
    this.heldForSave = false;
    this.afterFailedSave = setTimeout(() => {
      this.afterFailedSave = null;
      this.release();
    }, this.inbox.turnTimeoutMs);
    this.afterFailedSave.unref();
  }

  private onStopping(): void {
    this.lastBegun = ++this.seq;
    this.hold();
  }

  private onStarted(): void {
    // A later deploy saved or stopped the flows while this start ran: its own start goes on.
    if (this.lastBegun > this.lastStarting) return;
    this.heldForSave = false;
    this.release();
  }

  private hold(): void {
    this.inbox.pause();
    this.turns.interruptAll();
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = setTimeout(() => {
      this.watchdog = null;
      // With the flows stopped, messages wait for their whatsapp-in; going on cannot run them on a torn flow.
      this.log.warn({ ms: MAX_HOLD_MS }, 'whatsapp: a deploy held the inbox without the flows saying they started; going on');
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
