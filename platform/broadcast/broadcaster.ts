/**
 * Campaigns sent on BullMQ over Redis, on every host alike.
 *
 *   - Fan-out (queue broadcast-fanout, one job per campaign): the queued
 *     recipients in id order, in batches, each cut into send jobs of a few
 *     recipients whose id is made from the first (`send-<campaign>.<wa_id>`,
 *     and the run of a fan-out begun again from the start, as after a resume),
 *     so a fan-out run again after a crash, or by a second host, enqueues
 *     nothing twice; its cursor is kept on the campaign, so it resumes where
 *     it stopped. (A job of several recipients costs Redis what one of a
 *     single recipient does: BullMQ's per-job work was a tenth of a send.)
 *   - Send (queue broadcast-send): each recipient of the job at once, through
 *     the number's paced lane in the bulk lane (replies to citizens go first),
 *     under a reply key per recipient, so a job run again after a crash (or a
 *     recipient in two jobs) never sends a second message; a job run again
 *     skips the recipients it already settled. An opted-out
 *     citizen is skipped at send time; a paused campaign's jobs end without
 *     sending (resume fans out the still-queued recipients again); Meta's
 *     throughput refusals and 5xx are retried with back-off, other errors
 *     (131026 not on WhatsApp, 131047, template errors …) recorded and not; a
 *     send whose answer was lost is not sent again (recorded outcome_unknown).
 *   - Completed jobs are removed, and the fan-out keeps at most a window of
 *     send jobs waiting, so Redis holds a few seconds' work, however large
 *     the campaign.
 */
import { randomBytes } from 'node:crypto';
import type { Job, Queue, Worker } from 'bullmq';
import jsonata from 'jsonata';
import type { ConsentRegistry } from '../citizens/consent';
import type { Logger } from '../log';
import type { QueueService } from '../queue';
import { SendNotWantedError, SendOutcomeUnknownError, type ChannelSendResult, type WhatsAppChannel } from '../whatsapp/channel';
import { composeMessage } from '../whatsapp/compose';
import { GraphApiError, graphErrorInfo } from '../whatsapp/errors';
import { GraphTransportError } from '../whatsapp/transport';
import type { StatusEvent, WhatsAppAccount } from '../whatsapp/types';
import { Campaigns, freshFanout, quietUntil, type CampaignDoc, type RecipientDoc, type RecipientState } from './campaigns';

export const FANOUT_QUEUE = 'broadcast-fanout';
/** The keys of the tag a campaign's message is sent with (the channel keeps it on the message): its status webhooks and the citizen's reply find the campaign by it. */
export const TAG_CAMPAIGN = 'campaignId';
export const TAG_RECIPIENT = 'broadcastRecipientId';
export const SEND_QUEUE = 'broadcast-send';

export interface BroadcasterOptions {
  /** Recipients enqueued per fan-out batch. */
  batchSize: number;
  /** Sends one host has under way at once (the paced lane, not this, sets the rate). */
  concurrency: number;
  /** Recipients per send job. */
  sendBatch: number;
  /** Attempts of one send job in all (each already retried by the lane). */
  attempts: number;
  /** How often this host looks for running campaigns gone quiet, and recounts them. */
  sweepMs: number;
  /**
   * Recipients kept waiting in Redis at most (all campaigns): the fan-out stops there and looks again
   * a moment later, so Redis holds what the numbers send in a few seconds, not a crore of jobs.
   */
  fanoutWindow: number;
  /** How often this host asks whether Redis answers (campaigns are held while it does not). */
  healthMs: number;
}

const DEFAULTS: BroadcasterOptions = { batchSize: 500, concurrency: 200, sendBatch: 20, attempts: 6, sweepMs: 15_000, fanoutWindow: 5_000, healthMs: 2000 };
/** How long a fan-out waits for the window to drain before it looks again. */
const WINDOW_WAIT_MS = 1000;
/** How long a campaign's state read for a send is trusted: a pause stops sends within it (or STATE_STALE_MS while the store is slow). */
const STATE_FRESH_MS = 250;
const STATE_STALE_MS = 2000;
/** A running campaign is held for Redis only once it has not moved for this long. */
const HOLD_STILL_MS = 5000;
/** Compiled parameters of this many campaigns are kept (the ones sending now). */
const COMPILED_KEPT = 100;
/** Sends whose enqueue-to-send time stats() reports (the latest). */
const LATENCIES_KEPT = 10_000;

/**
 * Whether sending again may succeed: Meta's table says so for throughput, pair-rate and transient
 * errors (the lane already tried those a few times); every other code is recorded, not retried.
 */
function worthRetrying(err: unknown): boolean {
  if (err instanceof GraphApiError) return graphErrorInfo(err.code)?.retry !== 'no' && (graphErrorInfo(err.code) !== undefined || err.retryable);
  return err instanceof GraphTransportError;
}

/** A send job: its recipients, read at send time (a job enqueued by an earlier version names one, as recipientId). */
interface SendJobData {
  recipientIds?: string[];
  recipientId?: string;
}

/** Meta accepted the message; recording it failed (the store): never a failed recipient, never sent again. */
class SentNotRecordedError extends Error {
  constructor(cause: unknown) {
    super(`sent, not recorded: ${(cause as Error)?.message ?? String(cause)}`, { cause });
    this.name = 'SentNotRecordedError';
  }
}

function recipientsOf(job: Job | undefined): string[] {
  const data = job?.data as SendJobData | undefined;
  return data?.recipientIds ?? (data?.recipientId ? [data.recipientId] : []);
}

export interface BroadcasterDeps {
  campaigns: Campaigns;
  queue: QueueService;
  channel: WhatsAppChannel;
  accountFor(phoneNumberId: string): WhatsAppAccount | null;
  consent: ConsentRegistry;
  log: Logger;
}

export class Broadcaster {
  private readonly options: BroadcasterOptions;
  private readonly fanoutQueue: Queue;
  private readonly sendQueue: Queue;
  private readonly workers: Worker[] = [];
  private sweeper: NodeJS.Timeout | null = null;
  private watcher: NodeJS.Timeout | null = null;
  /** Why Redis cannot be used now (null: it answers). While set, nothing waits on Redis. */
  private queueDown: string | null = null;
  private watching = false;
  private failedChecks = 0;
  private sweeping = false;
  private readonly compiled = new Map<string, { header: jsonata.Expression[]; body: jsonata.Expression[] }>();
  private readonly states = new Map<string, { state: Promise<CampaignDoc['state'] | null>; at: number; refreshing: boolean }>();
  /** The last sends' time from enqueue (fan-out) to Meta's acceptance, ms: a ring, for stats(). */
  private readonly latencies = new Float64Array(LATENCIES_KEPT);
  private latencyCount = 0;
  /** Campaigns sending now, as first read (their state is read apart, see stateOf). */
  private readonly campaignCache = new Map<string, CampaignDoc>();

  constructor(
    private readonly deps: BroadcasterDeps,
    options: Partial<BroadcasterOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.fanoutQueue = deps.queue.createQueue(FANOUT_QUEUE);
    this.sendQueue = deps.queue.createQueue(SEND_QUEUE);
  }

  /** Starts this host's workers. */
  start(): void {
    this.workers.push(this.deps.queue.createWorker(FANOUT_QUEUE, (job) => this.fanout(job.data as { campaignId: string }), { concurrency: 2 }));
    this.workers.push(this.deps.queue.createWorker(SEND_QUEUE, (job) => this.sendJob(job), { concurrency: Math.max(1, Math.ceil(this.options.concurrency / this.options.sendBatch)) }));
    for (const worker of this.workers) worker.on('error', (err) => this.deps.log.warn({ err }, 'broadcast: worker error'));
    // A send job failed for good: not by its attempts (the last one settles its own failures, see
    // sendJob) but stalled too often, its hosts dying under it. Its recipients stay queued and the job
    // goes, so its id is free: the sweep fans them out again, and a send a dead host had under way is
    // found by its reply key (outcome_unknown, never sent twice).
    this.workers[1]!.on('failed', (job, err) => {
      if (!job) return;
      void (async () => {
        if ((await job.getState()) !== 'failed') return;
        this.deps.log.warn({ err: err.message, recipients: recipientsOf(job).length }, 'broadcast: a send job failed for good; its recipients are fanned out again');
        await job.remove();
      })().catch((e: unknown) => this.deps.log.error({ err: e }, 'broadcast: could not clear a failed send job'));
    });
    // At start (a host that died left counters off) and then now and again: quiet campaigns recounted and finished.
    const sweep = () => {
      // Not while Redis is away (its fan-outs would wait for it), nor twice at once.
      if (this.queueDown || this.sweeping) return;
      this.sweeping = true;
      void this.sweep()
        .catch((err: unknown) => this.deps.log.warn({ err }, 'broadcast: the sweep failed'))
        .finally(() => (this.sweeping = false));
    };
    sweep();
    this.sweeper = setInterval(sweep, this.options.sweepMs);
    this.sweeper.unref();
    const watch = () => {
      if (this.watching) return;
      this.watching = true;
      void this.watchQueue()
        .catch((err: unknown) => this.deps.log.warn({ err }, 'broadcast: could not record the queues\' state'))
        .finally(() => (this.watching = false));
    };
    this.watcher = setInterval(watch, this.options.healthMs);
    this.watcher.unref();
  }

  /** Why campaigns cannot be sent now (Redis unreachable), or null. */
  get unavailable(): string | null {
    return this.queueDown;
  }

  /**
   * Redis gone: every running campaign is held, saying why (the page shows it), and nothing is lost:
   * recipients stay queued in the store. Redis back: held campaigns go on, their still-queued
   * recipients fanned out again, under a run of their own (a job Redis kept may then meet a second
   * for its recipient: the first to send wins, the other finds it sent; jobs Redis lost are made again).
   */
  async watchQueue(now = new Date()): Promise<void> {
    const health = await this.deps.queue.health();
    if (!health.ok) {
      // Twice in a row: one slow PING on a busy host is not Redis gone.
      if (++this.failedChecks < 2) return;
      const reason = `the queues' Redis does not answer (${health.reason}); sending goes on by itself when it is back`;
      if (!this.queueDown) this.deps.log.warn({ reason: health.reason }, 'broadcast: Redis is unreachable; running campaigns are held');
      this.queueDown = reason;
      // Held once nothing moves (a host that alone lost Redis does not hold what others still send).
      await this.deps.campaigns.holdRunning(reason, new Date(now.getTime() - HOLD_STILL_MS), now);
      return;
    }
    this.failedChecks = 0;
    if (this.queueDown) this.deps.log.info('broadcast: Redis answers again; held campaigns go on');
    this.queueDown = null;
    // Each released only once its fan-out is in Redis (a release cut short leaves it held, for the next check).
    for (const { id, since } of await this.deps.campaigns.held()) {
      // One fan-out per hold, whichever hosts release it.
      await this.enqueueFanout(id, 0, `fanout-${id}-release-${since.getTime()}`, true);
      await this.deps.campaigns.release(id);
    }
  }

  /**
   * Running campaigns fanned out and quiet for a sweep interval: counters made again from the
   * recipients, completed when nothing is queued, else fanned out again under a run of their own
   * (a recipient whose job still waits may meet a second; the reply key sends it once).
   */
  async sweep(now = new Date()): Promise<void> {
    // Running, fan-out not finished, nothing moving: its fan-out job was lost (a Redis that came back
    // without it); made again from the cursor, once while it waits (a waiting fan-out touches its campaign).
    for (const stalled of await this.deps.campaigns.stalledFanouts(new Date(now.getTime() - this.options.sweepMs))) {
      if (quietUntil(stalled.quietHours, now)) continue;
      await this.enqueueFanout(stalled._id, 0, `fanout-${stalled._id}-stalled`);
    }
    // Scheduled and overdue: their fan-out job was lost (a Redis that came back empty); made again, once while it waits.
    for (const late of await this.deps.campaigns.campaigns.find({ state: 'scheduled', scheduledAt: { $lt: new Date(now.getTime() - this.options.sweepMs) } }, { projection: { _id: 1 }, limit: 100 })) {
      await this.enqueueFanout(late._id, 0, `fanout-${late._id}-overdue`);
    }
    for (const campaign of await this.deps.campaigns.quietRunning(new Date(now.getTime() - this.options.sweepMs))) {
      // Quiet hours: nothing is meant to move; the fan-out set for their end goes on.
      if (quietUntil(campaign.quietHours, now)) continue;
      await this.deps.campaigns.recount(campaign._id);
      if (await this.deps.campaigns.completeIfDone(campaign._id)) continue;
      // Still some queued and nothing moving: their jobs were lost (a host died holding them); the fan-out goes over them again.
      this.deps.log.warn({ campaign: campaign._id }, 'broadcast: a running campaign went quiet with recipients queued; fanning them out again');
      await this.deps.campaigns.campaigns.updateOne({ _id: campaign._id, state: 'running' }, { $set: { updatedAt: now, fanout: freshFanout() } });
      await this.enqueueFanout(campaign._id, 0);
    }
  }

  /** draft → scheduled, sending from `at` (now when null). */
  async schedule(id: string, at: Date | null, now = new Date()): Promise<CampaignDoc> {
    // From scheduled too: a schedule whose fan-out job never reached Redis is made again.
    const campaign = await this.deps.campaigns.move(id, ['draft', 'scheduled'], 'scheduled', { scheduledAt: at ?? now }, now);
    // Its audience may have come in parts (one cut off by a crash counted as far as it got); no part can start now.
    await this.deps.campaigns.recountScheduled(id);
    const startAt = (at ?? now).getTime();
    await this.enqueueFanout(id, Math.max(0, startAt - now.getTime()), undefined, false, startAt);
    return campaign;
  }

  async pause(id: string): Promise<CampaignDoc> {
    return this.deps.campaigns.move(id, ['running'], 'paused');
  }

  async resume(id: string): Promise<CampaignDoc> {
    // Jobs that met the pause ended without sending: the fan-out goes over the still-queued recipients again.
    const campaign = await this.deps.campaigns.move(id, ['paused'], 'running', { fanout: freshFanout() });
    await this.enqueueFanout(id, 0);
    return campaign;
  }

  /** Any state but completed → cancelled: what is still queued is skipped, and the counters say so. */
  async cancel(id: string): Promise<CampaignDoc> {
    const { campaigns } = this.deps;
    const campaign = await campaigns.move(id, ['draft', 'scheduled', 'running', 'paused'], 'cancelled');
    const skipped = await campaigns.recipients.updateMany({ campaignId: id, state: 'queued' }, { $set: { state: 'skipped', error: 'cancelled', updatedAt: new Date() } });
    if (skipped.modifiedCount > 0) await campaigns.campaigns.updateOne({ _id: id }, { $inc: { 'counts.queued': -skipped.modifiedCount, 'counts.skipped': skipped.modifiedCount, 'errors.cancelled': skipped.modifiedCount } });
    return (await campaigns.get(id)) ?? campaign;
  }

  /** A status webhook of a message a campaign sent: the recipient and the counters move on. */
  async onStatus(status: StatusEvent): Promise<void> {
    if (status.status === 'sent') return;
    // The send's tag names the recipient (a status that came before the send was recorded has none: send() applies it;
    // a message sent by an earlier version is found where that version recorded it).
    const tagged = status.tag?.[TAG_CAMPAIGN] && status.tag[TAG_RECIPIENT] ? { campaignId: status.tag[TAG_CAMPAIGN], recipientId: status.tag[TAG_RECIPIENT] } : await this.deps.campaigns.legacyMessage(status.id);
    if (!tagged) return;
    const { campaignId, recipientId } = tagged;
    const from: Record<string, RecipientState[]> = { delivered: ['queued', 'sent'], read: ['queued', 'sent', 'delivered'], failed: ['queued', 'sent', 'delivered'] };
    const code = status.status === 'failed' ? String((status.errors?.[0] as { code?: unknown } | undefined)?.code ?? 'failed') : undefined;
    await this.deps.campaigns.moveRecipient({ _id: recipientId, campaignId }, from[status.status] ?? [], status.status as RecipientState, { wamid: status.id, ...(code ? { error: code } : {}) }, code);
  }

  /** This host's recent sends: time from enqueue (the fan-out made the job) to Meta's acceptance. */
  sendLatency(): { samples: number; p50Ms: number; p99Ms: number; maxMs: number } {
    const n = Math.min(this.latencyCount, LATENCIES_KEPT);
    if (n === 0) return { samples: 0, p50Ms: 0, p99Ms: 0, maxMs: 0 };
    const sorted = this.latencies.slice(0, n).sort();
    const at = (q: number) => Math.round(sorted[Math.min(n - 1, Math.floor(q * n))]!);
    return { samples: n, p50Ms: at(0.5), p99Ms: at(0.99), maxMs: Math.round(sorted[n - 1]!) };
  }

  /** Jobs still waiting in Redis (for tests and the admin page). */
  async pending(): Promise<{ fanout: number; send: number }> {
    const count = (q: Queue) => q.getJobCountByTypes('waiting', 'delayed', 'active', 'prioritized', 'waiting-children');
    return { fanout: await count(this.fanoutQueue), send: await count(this.sendQueue) };
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    if (this.watcher) clearInterval(this.watcher);
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([this.fanoutQueue.close(), this.sendQueue.close()]);
  }

  private async enqueueFanout(campaignId: string, delay: number, jobId = `fanout-${campaignId}-${randomBytes(4).toString('hex')}`, restart = false, scheduledAt?: number): Promise<void> {
    // A fan-out job per run (a resume starts another): two running at once enqueue nothing twice, as send job ids are the recipients'.
    await this.fanoutQueue.add('fanout', { campaignId, restart, ...(scheduledAt !== undefined ? { scheduledAt } : {}) }, { jobId, delay, attempts: 20, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } });
  }

  private async fanout({ campaignId, restart, scheduledAt }: { campaignId: string; restart?: boolean; scheduledAt?: number }): Promise<void> {
    const { campaigns } = this.deps;
    // After quiet hours: over the recipients still queued, from the first.
    if (restart) await campaigns.campaigns.updateOne({ _id: campaignId, state: 'running' }, { $set: { fanout: freshFanout() } });
    let campaign = await campaigns.get(campaignId);
    // The fan-out of an earlier schedule, now moved later: the new one's job starts it. A schedule's job
    // starts only the schedule it was made for (the move is conditional on it: a reschedule in between wins);
    // a job without one (the overdue sweep's) starts a campaign whose time has come.
    if (campaign?.state === 'scheduled') {
      const due = campaign.scheduledAt?.getTime() ?? 0;
      if (scheduledAt !== undefined ? scheduledAt !== due : due > Date.now() + 1000) return;
      const now = new Date();
      campaign = await campaigns.campaigns.findOneAndUpdate({ _id: campaignId, state: 'scheduled', scheduledAt: campaign.scheduledAt }, { $set: { state: 'running', startedAt: now, hold: null, updatedAt: now } }, { returnDocument: 'after' });
    }
    if (!campaign || campaign.state !== 'running') return;
    let cursor = campaign.fanout.cursor;
    const run = campaign.fanout.run ? `-${campaign.fanout.run}` : '';
    for (;;) {
      // Paused or cancelled meanwhile: stop here (resume enqueues the fan-out again, from the cursor).
      if ((await campaigns.get(campaignId))?.state !== 'running') return;
      // Enough waiting already: a later fan-out run goes on from the cursor.
      if ((await this.sendQueue.getJobCountByTypes('waiting', 'prioritized', 'delayed')) >= Math.ceil(this.options.fanoutWindow / this.options.sendBatch)) {
        await campaigns.touch(campaignId);
        return void (await this.enqueueFanout(campaignId, WINDOW_WAIT_MS));
      }
      const batch = await campaigns.queuedAfter(campaignId, cursor, this.options.batchSize);
      if (batch.length === 0) break;
      const jobs = [];
      for (let i = 0; i < batch.length; i += this.options.sendBatch) {
        const part = batch.slice(i, i + this.options.sendBatch);
        jobs.push({
          name: 'send',
          data: { recipientIds: part.map((r) => r._id) } satisfies SendJobData,
          opts: { jobId: `send-${part[0]!._id}${run}`, attempts: this.options.attempts, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } },
        });
      }
      await this.sendQueue.addBulk(jobs);
      cursor = batch[batch.length - 1]!._id;
      await campaigns.advanceFanout(campaignId, cursor, false);
    }
    await campaigns.advanceFanout(campaignId, cursor, true);
    await campaigns.completeIfDone(campaignId);
  }

  /** A send job: its recipients at once; one that must be tried again fails the job, which (run again) skips those settled. */
  private async sendJob(job: Job): Promise<void> {
    const ids = recipientsOf(job);
    const outcomes = await Promise.allSettled(ids.map((id) => this.send(id, job)));
    const failed = outcomes.flatMap((o, i) => (o.status === 'rejected' ? [{ id: ids[i]!, err: o.reason as unknown }] : []));
    if (failed.length === 0) return;
    if (job.attemptsMade + 1 < (job.opts.attempts ?? 1)) throw failed[0]!.err;
    // The last attempt: the recipients whose own send failed are settled here, and the job ends
    // well (a failed job would keep its id, and a resume's fan-out could not enqueue them again);
    // the others were sent, or left queued on purpose (a pause, quiet hours).
    for (const { id, err } of failed) {
      // Sent, its record cut short (the store failing): left queued, so a later fan-out finds its reply key sent and records it.
      if (err instanceof SentNotRecordedError) {
        this.deps.log.warn({ err: err.message, recipient: id }, 'broadcast: a message was sent but could not be recorded; the sweep records it');
        continue;
      }
      this.deps.log.warn({ err: (err as Error).message, recipient: id }, 'broadcast: a send failed for good');
      const recipient = await this.deps.campaigns.recipients.findOne({ _id: id, state: 'queued' });
      if (recipient) await this.settle(recipient, 'failed', 'retries_exhausted');
    }
  }

  private async send(recipientId: string, job: Job): Promise<void> {
    const { campaigns, consent, channel } = this.deps;
    // Still queued (a job run twice, by a stalled lock, finds it settled: a failed send's reply key is free again).
    const recipient = await campaigns.recipients.findOne({ _id: recipientId, state: 'queued' });
    if (!recipient) return;
    const campaign = await this.campaignOf(recipient.campaignId);
    if (!campaign) return;
    const state = await this.stateOf(campaign._id);
    if (state === 'cancelled') return void (await this.settle(recipient, 'skipped', 'cancelled'));
    // Paused (or not started): the job ends without sending; the recipient stays queued for the resume's fan-out.
    if (state !== 'running') return;
    // Quiet hours: not now; one fan-out (the same job id from every job) goes over the still-queued when they end.
    const quietEnd = quietUntil(campaign.quietHours, new Date());
    if (quietEnd) return void (await this.enqueueFanout(campaign._id, quietEnd.getTime() - Date.now(), `fanout-${campaign._id}-after-${quietEnd.getTime()}`, true));
    // STOP to any of the campaign's numbers is a STOP to the campaign.
    for (const sender of campaign.senders) {
      if ((await consent.stateOf(sender, { wa_id: recipient.waId })) === 'opted_out') return void (await this.settle(recipient, 'skipped', 'opted_out'));
    }
    const account = this.deps.accountFor(recipient.sender);
    // No whatsapp-in serves the number just now (a deploy under way): tried again later.
    if (!account) throw new Error(`broadcast: no whatsapp-in serves number ${recipient.sender}`);
    let body;
    try {
      const { header, body: bodyParams } = await this.parameters(campaign, recipient);
      body = composeMessage({ to: recipient.waId }, 'template', { name: campaign.template.name, language: campaign.template.language, ...(header.length ? { header } : {}), body: bodyParams });
    } catch (err) {
      this.deps.log.warn({ err: (err as Error).message, campaign: campaign._id }, 'broadcast: a recipient\'s parameters could not be made');
      return void (await this.settle(recipient, 'failed', 'bad_parameters'));
    }
    const tag = { [TAG_CAMPAIGN]: campaign._id, [TAG_RECIPIENT]: recipient._id };
    let wamid: string | undefined;
    let earlier: ChannelSendResult['earlierStatuses'];
    try {
      const result = await channel.send(account, body, { priority: 'bulk', replyKey: `broadcast.${recipient._id}`, tag, stillWanted: async () => !this.queueDown && (await this.stateOf(campaign._id)) === 'running' && !quietUntil(campaign.quietHours, new Date()) });
      wamid = result.messages[0]?.id;
      earlier = result.earlierStatuses;
    } catch (err) {
      // Paused, cancelled or held (Redis away) while it waited for the lane: not sent; left queued (a resume or Redis's return sends it) or skipped.
      if (err instanceof SendNotWantedError) return void ((await this.stateOf(campaign._id)) === 'cancelled' ? await this.settle(recipient, 'skipped', 'cancelled') : undefined);
      // Perhaps delivered, perhaps not: never sent again, and said so.
      if (err instanceof SendOutcomeUnknownError) return void (await this.settle(recipient, 'failed', 'outcome_unknown'));
      // Not Meta's answer (the store or Redis failing under the send): the job is tried again later, the recipient still queued.
      if (!(err instanceof GraphApiError) && !(err instanceof GraphTransportError)) throw err;
      const code = err instanceof GraphApiError ? err.code : null;
      if (!worthRetrying(err)) return void (await this.settle(recipient, 'failed', code !== null ? String(code) : 'error'));
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) return void (await this.settle(recipient, 'failed', code !== null ? String(code) : 'unavailable'));
      throw err;
    }
    this.latencies[this.latencyCount++ % LATENCIES_KEPT] = Date.now() - job.timestamp;
    try {
      await campaigns.moveRecipient(recipient, ['queued'], 'sent', { wamid: wamid ?? null });
      // A status webhook may have come before the message was known as the campaign's: applied now.
      const known = wamid ? earlier : undefined;
      for (const status of (['delivered', 'read', 'failed'] as const).filter((s) => known?.statuses.includes(s))) {
        await this.onStatus({ kind: 'status', id: wamid!, phoneNumberId: recipient.sender, status, recipientId: recipient.waId, timestamp: new Date(), tag, ...(status === 'failed' && known?.errors ? { errors: known.errors as never } : {}) });
      }
    } catch (err) {
      throw new SentNotRecordedError(err);
    }
  }

  /** What a send needs of its campaign (name, template, senders, data, quiet hours: fixed once made), read once per host. */
  private async campaignOf(campaignId: string): Promise<CampaignDoc | null> {
    const cached = this.campaignCache.get(campaignId);
    if (cached) return cached;
    const campaign = await this.deps.campaigns.campaigns.findOne({ _id: campaignId }, { projection: { rejected: 0 } });
    if (!campaign) return null;
    this.campaignCache.set(campaignId, campaign);
    if (this.campaignCache.size > COMPILED_KEPT) this.campaignCache.delete(this.campaignCache.keys().next().value!);
    return campaign;
  }

  /**
   * A campaign's state, read at most every STATE_FRESH_MS per host (every send asks just after its
   * slot). A state up to STATE_STALE_MS old is answered at once while a fresh read runs behind it:
   * a read in the moment between a send's slot and its call would move that send, and bunch sends.
   */
  private stateOf(campaignId: string): Promise<CampaignDoc['state'] | null> {
    const now = Date.now();
    const cached = this.states.get(campaignId);
    if (cached && now - cached.at < STATE_FRESH_MS) return cached.state;
    const read = () => {
      const state = this.deps.campaigns.campaigns.findOne({ _id: campaignId }, { projection: { state: 1 } }).then((c) => c?.state ?? null);
      // Kept only once read, dated when the answer came (a slow store's read must not come back already
      // stale, making the next sends wait for another); a failed read is forgotten (the next send reads again).
      void state.then(
        () => this.states.set(campaignId, { state, at: Date.now(), refreshing: false }),
        () => {
          const current = this.states.get(campaignId);
          if (current?.state === state) this.states.delete(campaignId);
          else if (current) current.refreshing = false;
        },
      );
      if (this.states.size > COMPILED_KEPT) this.states.delete(this.states.keys().next().value!);
      return state;
    };
    if (cached && now - cached.at < STATE_STALE_MS) {
      if (!cached.refreshing) {
        cached.refreshing = true;
        void read().catch(() => undefined);
      }
      return cached.state;
    }
    const state = read();
    this.states.set(campaignId, { state, at: now, refreshing: true });
    return state;
  }

  private async settle(recipient: Pick<RecipientDoc, '_id' | 'campaignId'>, to: 'failed' | 'skipped', reason: string): Promise<void> {
    await this.deps.campaigns.moveRecipient(recipient, ['queued'], to, { error: reason }, reason);
  }

  /** The template's parameters for one recipient: JSONata over { citizen: the row and wa_id, campaign: its data }. */
  private async parameters(campaign: CampaignDoc, recipient: Pick<RecipientDoc, 'waId' | 'fields'>): Promise<{ header: string[]; body: string[] }> {
    let compiled = this.compiled.get(campaign._id);
    if (!compiled) {
      compiled = { header: campaign.template.header.map((e) => jsonata(e)), body: campaign.template.body.map((e) => jsonata(e)) };
      this.compiled.set(campaign._id, compiled);
      // The oldest campaign's go first (a Map keeps insertion order).
      if (this.compiled.size > COMPILED_KEPT) this.compiled.delete(this.compiled.keys().next().value!);
    }
    const input = { citizen: { ...recipient.fields, wa_id: recipient.waId }, campaign: campaign.data };
    const each = async (expressions: jsonata.Expression[]) => Promise.all(expressions.map(async (e) => text(await e.evaluate(input))));
    return { header: await each(compiled.header), body: await each(compiled.body) };
  }
}

/** A template parameter: text, not empty (Meta refuses an empty one with 131008). */
function text(value: unknown): string {
  if (value === undefined || value === null || (typeof value === 'object' && !Array.isArray(value))) throw new Error('a parameter gave no text');
  const s = Array.isArray(value) ? value.join(', ') : String(value);
  if (s.trim() === '') throw new Error('a parameter is empty');
  return s.slice(0, 1024);
}
