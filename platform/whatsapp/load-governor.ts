/**
 * How much bulk sending this host can take on now. A host that spends all its
 * time on a campaign (sends, their status webhooks, store writes) answers
 * citizens late: every step of a reply's flow waits behind the campaign's
 * work. The governor watches the event loop's utilization and lowers the
 * share of the number's slots that bulk messages may take while the host is
 * saturated (multiplicative decrease), raising it again as it recovers
 * (additive increase). Replies always take their slot; a bulk slot not taken
 * is left unused: this host could not have done its work in time anyway.
 */
import { performance, type EventLoopUtilization } from 'node:perf_hooks';

export interface LoadGovernorOptions {
  /** How often utilization is read. */
  intervalMs: number;
  /** Above this utilization the bulk share falls. */
  high: number;
  /** Below this it rises. */
  low: number;
  /** The least share bulk keeps (a campaign never stops for load alone). */
  floor: number;
}

const DEFAULTS: LoadGovernorOptions = { intervalMs: 250, high: 0.985, low: 0.94, floor: 0.2 };

export class LoadGovernor {
  private readonly options: LoadGovernorOptions;
  private last: EventLoopUtilization = performance.eventLoopUtilization();
  private timer: NodeJS.Timeout | null = null;
  /** The share of slots bulk may take now, 0–1. */
  share = 1;

  constructor(options: Partial<LoadGovernorOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sample(), this.options.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Reads the utilization since the last sample and moves the share. */
  sample(): number {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, this.last);
    this.last = now;
    if (utilization > this.options.high) this.share = Math.max(this.options.floor, this.share * 0.9);
    else if (utilization < this.options.low) this.share = Math.min(1, this.share + 0.05);
    return utilization;
  }
}
