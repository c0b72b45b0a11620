/**
 * Campaigns sent on BullMQ over Redis, on every host alike.
 *
 *   - Fan-out (queue broadcast-fanout, one job per campaign): the queued
 *     recipients in id order, in batches, each a send job whose id is made
 *     from its recipient (`send-<campaign>.<wa_id>`), so a fan-out run again
 *     after a crash, or by a second host, enqueues nothing twice; its cursor
 *     is kept on the campaign, so it resumes where it stopped.
 *   - Send (queue broadcast-send): through the number's paced lane in the bulk
 *     lane (replies to citizens go first), under a reply key per recipient, so
 *     a job run again after a crash never sends a second message. An opted-out
 *     citizen is skipped at send time; a paused campaign's jobs wait; Meta's
 *     throughput refusals and 5xx are retried with back-off, permanent errors
 *     (131026 not on WhatsApp, 131047, template errors …) recorded and not.
 *   - Completed jobs are removed, so Redis holds only what is still to do.
 */
import { DelayedError, type Job, type Queue, type Worker } from 'bullmq';
import jsonata from 'jsonata';
import type { ConsentRegistry } from '../citizens/consent';
import type { Logger } from '../log';
import type { QueueService } from '../queue';
import { DuplicateKeyError } from '../store';
import type { WhatsAppChannel } from '../whatsapp/channel';
import { composeMessage } from '../whatsapp/compose';
import { GraphApiError } from '../whatsapp/errors';
import type { StatusEvent, WhatsAppAccount } from '../whatsapp/types';
import { Campaigns, CampaignTransitionError, type CampaignDoc, type RecipientDoc, type RecipientState } from './campaigns';

export const FANOUT_QUEUE = 'broadcast-fanout';
export const SEND_QUEUE = 'broadcast-send';

export interface BroadcasterOptions {
  /** Recipients enqueued per fan-out batch. */
  batchSize: number;
  /** Send jobs one host runs at once (the paced lane, not this, sets the rate). */
  concurrency: number;
  /** Attempts of one send job in all (each already retried by the lane). */
  attempts: number;
  /** How long a paused campaign's job waits before it looks again. */
  pausedRecheckMs: number;
}

const DEFAULTS: BroadcasterOptions = { batchSize: 500, concurrency: 200, attempts: 6, pausedRecheckMs: 5000 };

/** Meta's codes that will not change by sending again: recorded, not retried. */
const PERMANENT_CODES: ReadonlySet<number> = new Set([
  100, 131008, 131009, 131021, 131026, 131042, 131045, 131047, 131050, 131051, 131052, 132000, 132001, 132005, 132007, 132012, 132015, 132016, 132068, 132069, 133010, 368,
]);

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
  private readonly compiled = new Map<string, { header: jsonata.Expression[]; body: jsonata.Expression[] }>();

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
    this.workers.push(this.deps.queue.createWorker(SEND_QUEUE, (job, token) => this.send(job, token), { concurrency: this.options.concurrency }));
    for (const worker of this.workers) worker.on('error', (err) => this.deps.log.warn({ err }, 'broadcast: worker error'));
  }

  /** draft → scheduled, sending from `at` (now when null). */
  async schedule(id: string, at: Date | null, now = new Date()): Promise<CampaignDoc> {
    const campaign = await this.deps.campaigns.move(id, ['draft'], 'scheduled', { scheduledAt: at ?? now }, now);
    await this.enqueueFanout(id, Math.max(0, (at ?? now).getTime() - now.getTime()));
    return campaign;
  }

  async pause(id: string): Promise<CampaignDoc> {
    return this.deps.campaigns.move(id, ['running'], 'paused');
  }

  async resume(id: string): Promise<CampaignDoc> {
    const campaign = await this.deps.campaigns.move(id, ['paused'], 'running');
    if (!campaign.fanout.done) await this.enqueueFanout(id, 0);
    await this.deps.campaigns.completeIfDone(id);
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
    const message = await this.deps.campaigns.messages.findOne({ _id: status.id });
    if (!message) return;
    const from: Record<string, RecipientState[]> = { delivered: ['queued', 'sent'], read: ['queued', 'sent', 'delivered'], failed: ['queued', 'sent', 'delivered'] };
    const code = status.status === 'failed' ? String((status.errors?.[0] as { code?: unknown } | undefined)?.code ?? 'failed') : undefined;
    const moved = await this.deps.campaigns.moveRecipient({ _id: message.recipientId, campaignId: message.campaignId }, from[status.status] ?? [], status.status as RecipientState, { wamid: status.id, ...(code ? { error: code } : {}) }, code);
    if (moved) await this.deps.campaigns.completeIfDone(message.campaignId);
  }

  /** Jobs still waiting in Redis (for tests and the admin page). */
  async pending(): Promise<{ fanout: number; send: number }> {
    const count = (q: Queue) => q.getJobCountByTypes('waiting', 'delayed', 'active', 'prioritized', 'waiting-children');
    return { fanout: await count(this.fanoutQueue), send: await count(this.sendQueue) };
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.workers.map((w) => w.close()));
    await Promise.allSettled([this.fanoutQueue.close(), this.sendQueue.close()]);
  }

  private async enqueueFanout(campaignId: string, delay: number): Promise<void> {
    // One fan-out job per campaign at a time: adding it again while it waits or runs does nothing.
    await this.fanoutQueue.add('fanout', { campaignId }, { jobId: `fanout-${campaignId}`, delay, attempts: 20, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } });
  }

  private async fanout({ campaignId }: { campaignId: string }): Promise<void> {
    const { campaigns } = this.deps;
    let campaign = await campaigns.get(campaignId);
    if (campaign?.state === 'scheduled') {
      campaign = await campaigns.move(campaignId, ['scheduled'], 'running', { startedAt: new Date() }).catch((err: unknown) => {
        if (err instanceof CampaignTransitionError) return null;
        throw err;
      });
    }
    if (!campaign || campaign.state !== 'running') return;
    let cursor = campaign.fanout.cursor;
    for (;;) {
      // Paused or cancelled meanwhile: stop here (resume enqueues the fan-out again, from the cursor).
      if ((await campaigns.get(campaignId))?.state !== 'running') return;
      const batch = await campaigns.queuedAfter(campaignId, cursor, this.options.batchSize);
      if (batch.length === 0) break;
      await this.sendQueue.addBulk(
        batch.map((r) => ({
          name: 'send',
          data: { recipientId: r._id },
          opts: { jobId: `send-${r._id}`, attempts: this.options.attempts, backoff: { type: 'exponential', delay: 2000 }, removeOnComplete: true, removeOnFail: { age: 7 * 24 * 3600 } },
        })),
      );
      cursor = batch[batch.length - 1]!._id;
      await campaigns.advanceFanout(campaignId, cursor, false);
    }
    await campaigns.advanceFanout(campaignId, cursor, true);
    await campaigns.completeIfDone(campaignId);
  }

  private async send(job: Job, token: string | undefined): Promise<void> {
    const { campaigns, consent, channel } = this.deps;
    const recipient = await campaigns.recipients.findOne({ _id: (job.data as { recipientId: string }).recipientId });
    if (!recipient || recipient.state !== 'queued') return;
    const campaign = await campaigns.get(recipient.campaignId);
    if (!campaign) return;
    if (campaign.state === 'cancelled') return void (await this.settle(recipient, 'skipped', 'cancelled'));
    if (campaign.state !== 'running') {
      // Paused (or not started): the job waits and looks again.
      await job.moveToDelayed(Date.now() + this.options.pausedRecheckMs, token);
      throw new DelayedError();
    }
    if ((await consent.stateOf(recipient.sender, { wa_id: recipient.waId })) === 'opted_out') return void (await this.settle(recipient, 'skipped', 'opted_out'));
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
    let wamid: string | undefined;
    try {
      const result = await channel.send(account, body, { priority: 'bulk', replyKey: `broadcast.${recipient._id}` });
      wamid = result.messages[0]?.id;
    } catch (err) {
      const code = err instanceof GraphApiError ? err.code : null;
      if (code !== null && PERMANENT_CODES.has(code)) return void (await this.settle(recipient, 'failed', String(code)));
      if (job.attemptsMade + 1 >= (job.opts.attempts ?? 1)) return void (await this.settle(recipient, 'failed', code !== null ? String(code) : 'unavailable'));
      throw err;
    }
    if (wamid) {
      await campaigns.messages.insertOne({ _id: wamid, campaignId: campaign._id, recipientId: recipient._id, sentAt: new Date() }).catch((err: unknown) => {
        if (!(err instanceof DuplicateKeyError)) throw err;
      });
    }
    await campaigns.moveRecipient(recipient, ['queued'], 'sent', { wamid: wamid ?? null });
    await campaigns.completeIfDone(campaign._id);
  }

  private async settle(recipient: RecipientDoc, to: 'failed' | 'skipped', reason: string): Promise<void> {
    await this.deps.campaigns.moveRecipient(recipient, ['queued'], to, { error: reason }, reason);
    await this.deps.campaigns.completeIfDone(recipient.campaignId);
  }

  /** The template's parameters for one recipient: JSONata over { citizen: the row and wa_id, campaign: its data }. */
  private async parameters(campaign: CampaignDoc, recipient: RecipientDoc): Promise<{ header: string[]; body: string[] }> {
    let compiled = this.compiled.get(campaign._id);
    if (!compiled) {
      compiled = { header: campaign.template.header.map((e) => jsonata(e)), body: campaign.template.body.map((e) => jsonata(e)) };
      this.compiled.set(campaign._id, compiled);
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
