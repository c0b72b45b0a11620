/**
 * Campaigns and their recipients, in the store.
 *
 * A campaign moves draft → scheduled → running ⇄ paused → completed, or to
 * cancelled from any state before completed; each move is one conditional
 * update, so two admins (or two hosts) cannot both make it.
 *
 * A recipient is one document per campaign and number (`<campaign>.<wa_id>`:
 * a number is in a campaign once), in one state at a time: queued, then
 * sent, delivered, read, or failed, or skipped (opted out, cancelled). Each
 * change is a conditional update from the state it leaves, and only a change
 * that happened moves the campaign's counters, so the counters are exact
 * and cheap to read (no scan per progress request), whichever host or retry
 * made the change.
 */
import { randomBytes } from 'node:crypto';
import type { Collection, DocumentStore } from '../store';
import type { MessageTemplate } from '../whatsapp/types';
import type { AudienceFilter } from '../citizens/directory';
import type { AudienceProblem, AudienceRow } from './audience';

export const CAMPAIGN_STATES = ['draft', 'scheduled', 'running', 'paused', 'completed', 'cancelled'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];
export const RECIPIENT_STATES = ['queued', 'sent', 'delivered', 'read', 'failed', 'skipped'] as const;
export type RecipientState = (typeof RECIPIENT_STATES)[number];

export const BROADCAST_COLLECTIONS = { campaigns: 'broadcast_campaigns', recipients: 'broadcast_recipients' } as const;
/**
 * Where versions before 2026-12-04 recorded which campaign and recipient each sent message was (now
 * the message's tag on the channel's outbound record). Read, never written, for a status or a reply
 * about such a message; its own TTL index empties it within 30 days, and then this can go.
 */
const LEGACY_MESSAGES = 'broadcast_messages';

/** The template each recipient gets: parameters are JSONata over { citizen: the row's fields and wa_id, campaign: its data }. */
export interface CampaignTemplate {
  name: string;
  language: string;
  header: string[];
  body: string[];
}

export type Counts = Record<RecipientState, number>;

export interface CampaignDoc {
  _id: string;
  name: string;
  template: CampaignTemplate;
  /** Business numbers (phone number ids) that send it: recipients are spread over them, and so is the throughput. */
  senders: string[];
  data: Record<string, unknown>;
  state: CampaignState;
  scheduledAt: Date | null;
  /** Hours (India time, HH:MM) in which nothing is sent; the campaign goes on when they end. */
  quietHours: QuietHours | null;
  total: number;
  counts: Counts;
  /** Failures by Meta's error code (or our reason). */
  errors: Record<string, number>;
  /** Rows of the upload that were not taken, and why (the first 1000). */
  rejected: AudienceProblem[];
  rejectedCount: number;
  duplicates: number;
  /**
   * How far the fan-out has enqueued recipients (their ids, in order): a crashed fan-out resumes there.
   * `run` names a fan-out from the start (a resume, the sweep's, after quiet hours or Redis): its send
   * job ids carry it, so a job that met the pause and still holds its id cannot keep its recipients out.
   */
  fanout: { cursor: string | null; done: boolean; run?: string };
  /** The bulk-broadcast node that started it (its second output says when it ends), and whether it has. */
  origin: { node: string } | null;
  notified: boolean;
  /**
   * Why a running campaign is not sending although nobody paused it (the queues' Redis is
   * unreachable), since when; it goes on by itself when the cause is gone. Absent on older campaigns.
   */
  hold?: { reason: string; since: Date } | null;
  /** While a part of the audience is being added (appendAudience), until when. */
  appendingUntil?: Date | null;
  /** Where the recipients came from (absent on older campaigns). */
  audience?: CampaignAudience;
  createdAt: Date;
  startedAt: Date | null;
  completedAt: Date | null;
  updatedAt: Date;
  [key: string]: unknown;
}

export interface RecipientDoc {
  _id: string;
  campaignId: string;
  waId: string;
  sender: string;
  fields: Record<string, string>;
  state: RecipientState;
  wamid: string | null;
  /** Meta's error code (or our reason) when failed or skipped. */
  error: string | null;
  updatedAt: Date;
  [key: string]: unknown;
}

const MAX_REJECTED_KEPT = 1000;
const INSERT_BATCH = 1000;
/** How long one part of an audience may take to add before another may start (a host died midway). */
const APPEND_LEASE_MS = 10 * 60_000;

/** An upload's, a flow's rows, or the citizen directory's by filter. */
export type CampaignAudience = { kind: 'csv' } | { kind: 'rows' } | { kind: 'filter'; filter: AudienceFilter };

export class EmptyAudienceError extends Error {
  constructor() {
    super('no one in the audience has a phone number to send to');
    this.name = 'EmptyAudienceError';
  }
}

export class CampaignTransitionError extends Error {
  constructor(
    readonly campaignId: string,
    readonly from: readonly CampaignState[],
    readonly to: CampaignState,
    readonly actual: CampaignState | null,
    why?: string,
  ) {
    super(actual === null ? `no campaign ${campaignId}` : why ? `campaign ${campaignId}: ${why}` : `campaign ${campaignId} is ${actual}: it can become ${to} only from ${from.join(' or ')}`);
    this.name = 'CampaignTransitionError';
  }
}

export class Campaigns {
  readonly campaigns: Collection<CampaignDoc>;
  readonly recipients: Collection<RecipientDoc>;
  private readonly legacyMessages: Collection<{ _id: string; campaignId: string; recipientId: string }>;
  /** Counter additions waiting for the write under way of their campaign's counters (addCounts). */
  private readonly pendingCounts = new Map<string, { inc: Record<string, number>; waiters: Array<PromiseWithResolvers<void>> }>();
  private readonly countsWriting = new Set<string>();

  constructor(store: DocumentStore) {
    this.campaigns = store.collection<CampaignDoc>(BROADCAST_COLLECTIONS.campaigns);
    this.recipients = store.collection<RecipientDoc>(BROADCAST_COLLECTIONS.recipients);
    this.legacyMessages = store.collection(LEGACY_MESSAGES);
  }

  async init(): Promise<void> {
    await this.campaigns.createIndex({ keys: { createdAt: -1 } });
    await this.campaigns.createIndex({ keys: { 'origin.node': 1, notified: 1 } });
    await this.recipients.createIndex({ keys: { campaignId: 1, _id: 1 } });
    await this.recipients.createIndex({ keys: { campaignId: 1, state: 1 } });
  }

  /**
   * A draft with its recipients (each number once; spread over the senders in turn unless a row
   * names its sender). Rows come as one array (an upload) or in pages (a directory filter over a
   * crore of citizens); recipients are stored before the campaign, so a campaign is never seen
   * without all of them. Throws EmptyAudienceError, storing nothing, when no row is left.
   */
  async create(spec: { name: string; template: CampaignTemplate; senders: string[]; data: Record<string, unknown>; rows: AudienceRow[] | AsyncIterable<AudienceRow[]>; rejected: AudienceProblem[]; rejectedCount?: number; duplicates: number; origin?: { node: string } | null; quietHours?: QuietHours | null; audience?: CampaignAudience }, now = new Date()): Promise<CampaignDoc> {
    const id = `c${randomBytes(8).toString('hex')}`;
    let total = 0;
    let duplicates = spec.duplicates;
    const pages: AsyncIterable<AudienceRow[]> | AudienceRow[][] = Array.isArray(spec.rows) ? [spec.rows] : spec.rows;
    try {
      for await (const page of pages) {
        for (let i = 0; i < page.length; i += INSERT_BATCH) {
          // A number twice (in this batch, or stored by an earlier one) is sent once: no set of every number
          // is held, so an audience of a crore costs a lookup per batch, not a gigabyte.
          const batch = page.slice(i, i + INSERT_BATCH);
          const seen = new Set((await this.recipients.find({ _id: { $in: batch.map((r) => recipientId(id, r.waId)) } }, { projection: { _id: 1 } })).map((r) => r._id.slice(id.length + 1)));
          const docs: RecipientDoc[] = [];
          for (const row of batch) {
            if (seen.has(row.waId)) {
              duplicates++;
              continue;
            }
            seen.add(row.waId);
            const sender = row.sender && spec.senders.includes(row.sender) ? row.sender : spec.senders[total % spec.senders.length]!;
            docs.push({ _id: recipientId(id, row.waId), campaignId: id, waId: row.waId, sender, fields: row.fields, state: 'queued', wamid: null, error: null, updatedAt: now });
            total++;
          }
          if (docs.length > 0) await this.recipients.insertMany(docs);
        }
      }
      if (total === 0) throw new EmptyAudienceError();
    } catch (err) {
      // Nothing half made: the recipients stored so far go (the campaign was never stored).
      await this.recipients.deleteMany({ campaignId: id }).catch(() => undefined);
      throw err;
    }
    const doc: CampaignDoc = {
      _id: id,
      name: spec.name,
      template: spec.template,
      senders: spec.senders,
      data: spec.data,
      state: 'draft',
      scheduledAt: null,
      quietHours: spec.quietHours ?? null,
      total,
      counts: { queued: total, sent: 0, delivered: 0, read: 0, failed: 0, skipped: 0 },
      errors: {},
      rejected: spec.rejected.slice(0, MAX_REJECTED_KEPT),
      rejectedCount: spec.rejectedCount ?? spec.rejected.length,
      duplicates,
      fanout: { cursor: null, done: false },
      origin: spec.origin ?? null,
      notified: false,
      hold: null,
      audience: spec.audience ?? { kind: 'rows' },
      createdAt: now,
      startedAt: null,
      completedAt: null,
      updatedAt: now,
    };
    await this.campaigns.insertOne(doc);
    return doc;
  }

  /**
   * More of a draft's audience (an upload in parts: a list of 70 lakh parents is sent in files of
   * two lakh rows). One part at a time per campaign (a lease, so a host that died mid-part does not
   * block it for long); numbers already in the campaign are counted as duplicates, not added.
   * Scheduling waits for a part under way, and counts the recipients again (a part cut off by a
   * crash is counted as far as it got).
   */
  async appendAudience(id: string, rows: AudienceRow[], rejected: AudienceProblem[], duplicates: number, now = new Date()): Promise<CampaignDoc> {
    const claimed = await this.campaigns.findOneAndUpdate(
      { _id: id, state: 'draft', $or: [{ appendingUntil: null }, { appendingUntil: { $lt: now } }] },
      { $set: { appendingUntil: new Date(now.getTime() + APPEND_LEASE_MS) } },
      { returnDocument: 'after' },
    );
    if (!claimed) {
      const current = await this.get(id);
      if (current?.state === 'draft') throw new CampaignTransitionError(id, ['draft'], 'draft', 'draft', 'another part of the audience is being added; try again when it is done');
      throw new CampaignTransitionError(id, ['draft'], 'draft', current?.state ?? null, 'an audience can be added to only while the campaign is a draft');
    }
    let added = 0;
    let repeated = duplicates;
    try {
      for (let i = 0; i < rows.length; i += INSERT_BATCH) {
        const batch = rows.slice(i, i + INSERT_BATCH);
        const known = new Set((await this.recipients.find({ _id: { $in: batch.map((r) => recipientId(id, r.waId)) } }, { projection: { _id: 1 } })).map((r) => r._id));
        const docs: RecipientDoc[] = [];
        for (const row of batch) {
          if (known.has(recipientId(id, row.waId))) {
            repeated++;
            continue;
          }
          const sender = row.sender && claimed.senders.includes(row.sender) ? row.sender : claimed.senders[(claimed.total + added + docs.length) % claimed.senders.length]!;
          docs.push({ _id: recipientId(id, row.waId), campaignId: id, waId: row.waId, sender, fields: row.fields, state: 'queued', wamid: null, error: null, updatedAt: now });
        }
        if (docs.length > 0) await this.recipients.insertMany(docs);
        added += docs.length;
      }
    } finally {
      const room = Math.max(0, MAX_REJECTED_KEPT - (claimed.rejected ?? []).length);
      await this.campaigns.updateOne(
        { _id: id },
        { $inc: { total: added, 'counts.queued': added, duplicates: repeated, rejectedCount: rejected.length }, $push: { rejected: { $each: rejected.slice(0, room) } }, $set: { appendingUntil: null, updatedAt: new Date() } },
      );
    }
    return (await this.get(id))!;
  }

  /** A scheduled campaign's counters and total made again from its recipients (none sent yet: appends are over). */
  async recountScheduled(id: string): Promise<void> {
    const queued = await this.recipients.countDocuments({ campaignId: id });
    await this.campaigns.updateOne({ _id: id, state: 'scheduled', startedAt: null }, { $set: { total: queued, counts: { queued, sent: 0, delivered: 0, read: 0, failed: 0, skipped: 0 } } });
  }

  /** The campaign and recipient of a message sent before messages carried their tag (see LEGACY_MESSAGES). */
  async legacyMessage(wamid: string): Promise<{ campaignId: string; recipientId: string } | null> {
    const found = await this.legacyMessages.findOne({ _id: wamid });
    return found ? { campaignId: found.campaignId, recipientId: found.recipientId } : null;
  }

  get(id: string): Promise<CampaignDoc | null> {
    return this.campaigns.findOne({ _id: id });
  }

  list(limit = 50): Promise<CampaignDoc[]> {
    return this.campaigns.find({}, { sort: { createdAt: -1 }, limit, projection: { rejected: 0 } });
  }

  /** Moves a campaign from one of `from` to `to`, or throws saying why not. */
  async move(id: string, from: readonly CampaignState[], to: CampaignState, set: Partial<CampaignDoc> = {}, now = new Date()): Promise<CampaignDoc> {
    // A hold belongs to running: any move ends it. A draft whose audience is being added to waits for it.
    const moved = await this.campaigns.findOneAndUpdate({ _id: id, state: { $in: [...from] }, $or: [{ appendingUntil: null }, { appendingUntil: { $lt: now } }] }, { $set: { hold: null, ...set, state: to, updatedAt: now } }, { returnDocument: 'after' });
    if (moved) return moved;
    const current = await this.get(id);
    if (current && from.includes(current.state) && current.appendingUntil) throw new CampaignTransitionError(id, from, to, current.state, 'a part of its audience is being added; try again when it is done');
    throw new CampaignTransitionError(id, from, to, current?.state ?? null);
  }

  /** The next recipients still queued after `cursor`, in id order (the fan-out's batches). */
  queuedAfter(campaignId: string, cursor: string | null, limit: number): Promise<RecipientDoc[]> {
    return this.recipients.find({ campaignId, state: 'queued', ...(cursor ? { _id: { $gt: cursor } } : {}) }, { sort: { _id: 1 }, limit });
  }

  async advanceFanout(campaignId: string, cursor: string | null, done: boolean): Promise<void> {
    await this.campaigns.updateOne({ _id: campaignId }, { $set: { 'fanout.cursor': cursor, 'fanout.done': done, updatedAt: new Date() } });
  }

  /**
   * A recipient's change of state, if it is still in one of `from`: the campaign's counters move
   * with it, once, and the change that leaves nothing queued completes the campaign (when its
   * fan-out is done). Returns whether it changed.
   */
  async moveRecipient(recipient: Pick<RecipientDoc, '_id' | 'campaignId'>, from: readonly RecipientState[], to: RecipientState, set: Partial<RecipientDoc> = {}, errorKey?: string): Promise<boolean> {
    const before = await this.recipients.findOneAndUpdate({ _id: recipient._id, state: { $in: [...from] } }, { $set: { ...set, state: to, updatedAt: new Date() } }, { projection: { state: 1 } });
    if (!before) return false;
    const inc: Record<string, number> = { [`counts.${before.state}`]: -1, [`counts.${to}`]: 1 };
    if (errorKey) inc[`errors.${errorKey}`] = 1;
    await this.addCounts(recipient.campaignId, inc);
    return true;
  }

  /**
   * Adds to a campaign's counters, resolving once the addition is stored. Additions made while
   * another write of the same campaign's counters is under way are summed into the next write
   * (a group commit): at a thousand sends a second, each with its status webhooks, the campaign
   * document is written a few dozen times a second instead of thousands, and a first addition
   * never waits. The write that leaves nothing queued completes the campaign.
   */
  private addCounts(campaignId: string, inc: Record<string, number>): Promise<void> {
    let pending = this.pendingCounts.get(campaignId);
    if (!pending) {
      pending = { inc: {}, waiters: [] };
      this.pendingCounts.set(campaignId, pending);
    }
    for (const [key, n] of Object.entries(inc)) pending.inc[key] = (pending.inc[key] ?? 0) + n;
    const stored = Promise.withResolvers<void>();
    pending.waiters.push(stored);
    if (!this.countsWriting.has(campaignId)) void this.writeCounts(campaignId);
    return stored.promise;
  }

  private async writeCounts(campaignId: string): Promise<void> {
    this.countsWriting.add(campaignId);
    try {
      for (let pending = this.pendingCounts.get(campaignId); pending; pending = this.pendingCounts.get(campaignId)) {
        this.pendingCounts.delete(campaignId);
        try {
          const inc = Object.fromEntries(Object.entries(pending.inc).filter(([, n]) => n !== 0));
          const after = await this.campaigns.findOneAndUpdate({ _id: campaignId }, { ...(Object.keys(inc).length > 0 ? { $inc: inc } : {}), $set: { updatedAt: new Date() } }, { returnDocument: 'after', projection: { 'counts.queued': 1 } });
          if (after && after.counts.queued <= 0) await this.completeIfDone(campaignId);
          for (const waiter of pending.waiters) waiter.resolve();
        } catch (err) {
          for (const waiter of pending.waiters) waiter.reject(err);
        }
      }
    } finally {
      this.countsWriting.delete(campaignId);
    }
  }

  /** A campaign a node started that has ended (completed or cancelled) and whose node was not told yet: claimed once, on any host. */
  claimEnded(node: string): Promise<CampaignDoc | null> {
    return this.campaigns.findOneAndUpdate({ 'origin.node': node, state: { $in: ['completed', 'cancelled'] }, notified: false }, { $set: { notified: true } }, { returnDocument: 'after' });
  }

  /**
   * The counters made again from the recipients (a host killed between a recipient's change and its
   * counter's leaves them off). Queued is counted first and only ever decreases, so it is never
   * under-counted: a recount cannot complete a campaign early.
   */
  async recount(campaignId: string): Promise<void> {
    const counts = {} as Counts;
    for (const state of RECIPIENT_STATES) counts[state] = await this.recipients.countDocuments({ campaignId, state });
    await this.campaigns.updateOne({ _id: campaignId }, { $set: { counts } });
  }

  /** Running campaigns fanned out and quiet since `before`: the ones a recount may finish. */
  quietRunning(before: Date): Promise<CampaignDoc[]> {
    return this.campaigns.find({ state: 'running', 'fanout.done': true, updatedAt: { $lt: before } }, { projection: { rejected: 0 }, limit: 100 });
  }

  /**
   * Every running campaign not held yet and not moving since `still` is held, saying why (what the
   * admin page shows). One that moves is being sent by a host that reaches Redis: not held.
   */
  async holdRunning(reason: string, still: Date, now = new Date()): Promise<number> {
    return (await this.campaigns.updateMany({ state: 'running', hold: null, updatedAt: { $lt: still } }, { $set: { hold: { reason, since: now } } })).modifiedCount;
  }

  /** Held campaigns still running (their ids): each goes on once its fan-out is enqueued again, then `release`. */
  async held(): Promise<Array<{ id: string; since: Date }>> {
    return (await this.campaigns.find({ state: 'running', hold: { $ne: null } }, { projection: { _id: 1, hold: 1 }, limit: 1000 })).map((c) => ({ id: c._id, since: c.hold?.since ?? new Date(0) }));
  }

  async release(id: string): Promise<void> {
    await this.campaigns.updateOne({ _id: id, hold: { $ne: null } }, { $set: { hold: null, updatedAt: new Date() } });
  }

  /** Running campaigns whose fan-out has not finished and that nothing moved since `before` (their fan-out job was lost). */
  stalledFanouts(before: Date): Promise<CampaignDoc[]> {
    return this.campaigns.find({ state: 'running', 'fanout.done': false, hold: null, updatedAt: { $lt: before } }, { projection: { rejected: 0 }, limit: 100 });
  }

  /** The campaign is alive (its fan-out waits for room in the queue): not stalled. */
  async touch(id: string): Promise<void> {
    await this.campaigns.updateOne({ _id: id }, { $set: { updatedAt: new Date() } });
  }

  /** Running, fanned out, nothing queued: completed (once). */
  async completeIfDone(campaignId: string, now = new Date()): Promise<boolean> {
    const done = await this.campaigns.updateOne({ _id: campaignId, state: 'running', 'fanout.done': true, 'counts.queued': 0 }, { $set: { state: 'completed', completedAt: now, updatedAt: now } });
    return done.modifiedCount > 0;
  }
}

export interface QuietHours {
  /** HH:MM, India time. */
  from: string;
  to: string;
}

/** India has one time zone and no daylight saving: IST is UTC+05:30 all year. */
const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;

/** When the quiet hours that `now` falls in end; null when `now` is not in them. They may run past midnight (21:00–07:00). */
export function quietUntil(quiet: QuietHours | null, now: Date): Date | null {
  if (!quiet) return null;
  const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const from = minutes(quiet.from);
  const to = minutes(quiet.to);
  if (from === to) return null;
  const ist = now.getTime() + IST_OFFSET_MS;
  const dayStart = ist - (ist % 86_400_000);
  const nowMin = Math.floor((ist - dayStart) / 60_000);
  const inside = from < to ? nowMin >= from && nowMin < to : nowMin >= from || nowMin < to;
  if (!inside) return null;
  // The end is later today, or (past midnight) tomorrow.
  const endIst = dayStart + to * 60_000 + (to <= nowMin ? 86_400_000 : 0);
  return new Date(endIst - IST_OFFSET_MS);
}

/** A fan-out over the still-queued recipients from the first, under a run of its own (see CampaignDoc.fanout). */
export function freshFanout(): CampaignDoc['fanout'] {
  return { cursor: null, done: false, run: randomBytes(4).toString('hex') };
}

export function recipientId(campaignId: string, waId: string): string {
  return `${campaignId}.${waId}`;
}

/** The number of {{n}} parameters of a template's component (HEADER text, BODY). */
function placeholders(template: MessageTemplate, type: 'HEADER' | 'BODY'): number {
  const component = template.components.find((c) => String(c.type).toUpperCase() === type);
  if (!component) return 0;
  if (type === 'HEADER' && component.format !== undefined && String(component.format).toUpperCase() !== 'TEXT') return -1;
  return new Set(String(component.text ?? '').match(/\{\{\s*\d+\s*\}\}/g) ?? []).size;
}

/**
 * Whether a campaign's template can be sent from a number: one of the number's templates of that
 * name and language, approved, taking as many header and body parameters as the campaign gives.
 * Null when it can; else why not.
 */
export function templateProblem(spec: CampaignTemplate, approved: readonly MessageTemplate[]): string | null {
  const found = approved.find((t) => t.name === spec.name && t.language === spec.language);
  if (!found) return `the number has no template "${spec.name}" in ${spec.language}`;
  if (found.status !== 'APPROVED') return `template "${spec.name}" (${spec.language}) is ${found.status}, not APPROVED`;
  const header = placeholders(found, 'HEADER');
  if (header < 0) return `template "${spec.name}" has a media header: campaigns send text headers only`;
  if (header !== spec.header.length) return `template "${spec.name}" takes ${header} header parameter(s); the campaign gives ${spec.header.length}`;
  const body = placeholders(found, 'BODY');
  if (body !== spec.body.length) return `template "${spec.name}" takes ${body} body parameter(s); the campaign gives ${spec.body.length}`;
  return null;
}
