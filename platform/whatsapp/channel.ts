/**
 * The platform's side of a WhatsApp conversation, on the store so every host
 * agrees: which inbound messages were already taken (Meta delivers at least
 * once), when each citizen last wrote (the 24-hour window), and what became
 * of each message the platform sent (status webhooks).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { maskCitizenId } from '../citizens/identity';
import type { Logger } from '../log';
import { DuplicateKeyError, type Collection, type DocumentStore } from '../store';
import { GraphClient } from './client';
import type { Inbox } from './inbox';
import { assertOutboundMessage } from './limits';
import { GraphTransportError } from './transport';
import type { PacedSender, SendPriority } from './sender';
import type { AnonymousMessageEvent, InboundMessage, OutboundMessageBody, SendResult, StatusEvent, WhatsAppAccount, WebhookEvent } from './types';
import { isWindowOpen, needsOpenWindow } from './window';

/** A citizen at one business number, under their citizen key (citizens/identity.ts). */
interface ContactDoc {
  _id: string;
  [key: string]: unknown;
  phoneNumberId: string;
  waId: string | null;
  userId: string | null;
  profileName: string | null;
  lastInboundAt: Date;
}

interface OutboundDoc {
  _id: string;
  [key: string]: unknown;
  phoneNumberId: string;
  to: string;
  type: string;
  /**
   * Every status seen (de-duplicates repeated status webhooks); the current one is the furthest on
   * (`currentStatus`), so a status costs one write. Records before that also hold `status`.
   */
  statuses: string[];
  errors?: unknown[];
  /** What the sending part of the platform finds the message by again (a campaign's recipient): `send`'s tag. */
  tag?: Record<string, string>;
  sentAt: Date;
  updatedAt: Date;
}

export const WHATSAPP_COLLECTIONS = { contacts: 'wa_contacts', outbound: 'wa_outbound', replies: 'wa_replies' } as const;

/** One reply of a flow to one inbound message: reserved before the send, its wamid after. */
interface ReplyDoc {
  _id: string;
  [key: string]: unknown;
  createdAt: Date;
  until: Date;
  messageId?: string;
  to?: string;
  /** A bulk send under this key timed out without an answer: it may have reached the citizen, so it is not sent again. */
  unknown?: boolean;
}

/** Replies are remembered as long as Meta may redeliver the message that caused them. */
const REPLY_RETENTION_S = 8 * 24 * 3600;
/** A sending run refreshes its reservation; one not refreshed for this long belongs to a dead run. */
const REPLY_RESERVATION_MS = 15_000;
/** How long a run waits for another run's send of the same reply. */
const REPLY_WAIT_MS = 2 * REPLY_RESERVATION_MS;
const REPLY_POLL_MS = 200;

/** Another run of the same message is sending this reply right now. */
export class ReplyInFlightError extends Error {
  constructor(readonly replyKey: string) {
    super('this reply is being sent by another run of the same message; not sent twice');
    this.name = 'ReplyInFlightError';
  }
}

/** The window needs 24 hours; a month keeps "who wrote to this number" for support. */
const CONTACT_RETENTION_S = 30 * 24 * 3600;
/** Delivery records for audits of what the state sent. */
const OUTBOUND_RETENTION_S = 90 * 24 * 3600;
const STATUS_RANK: Record<string, number> = { accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** A message's status now: the furthest on of those seen (statuses arrive in any order). */
function currentStatus(statuses: readonly string[]): string {
  return statuses.reduce((best, s) => ((STATUS_RANK[s] ?? -1) > (STATUS_RANK[best] ?? -1) ? s : best), statuses[0] ?? 'accepted');
}

/** What `send` answers: Meta's response, and the statuses its webhooks reported before the send was recorded (they can beat the response). */
export interface ChannelSendResult extends SendResult {
  earlierStatuses?: { statuses: string[]; errors?: unknown[] };
}

function earlierStatusesOf(record: Pick<OutboundDoc, 'statuses' | 'errors'>): NonNullable<ChannelSendResult['earlierStatuses']> {
  return { statuses: record.statuses, ...(record.errors ? { errors: record.errors } : {}) };
}

/** The sender's `stillWanted` said no when the lane gave the slot: nothing was sent. */
export class SendNotWantedError extends Error {
  constructor() {
    super('the message was no longer wanted when its turn came; not sent');
    this.name = 'SendNotWantedError';
  }
}

/** A bulk send timed out without Meta's answer (it may have been delivered): not sent again under its key. */
export class SendOutcomeUnknownError extends Error {
  constructor(readonly replyKey: string) {
    super(`the send under ${replyKey} timed out without an answer; it may have reached the citizen, so it is not sent again`);
    this.name = 'SendOutcomeUnknownError';
  }
}

export class WindowClosedError extends Error {
  readonly code = 131047;
  constructor(readonly waId: string) {
    super(`the 24-hour customer-service window with ${maskCitizenId(waId)} is closed: only a template can be sent until the citizen writes again`);
    this.name = 'WindowClosedError';
  }
}

export interface ReceivedEvents {
  /** Messages seen for the first time, in webhook order, now in the inbox. */
  messages: InboundMessage[];
  /** Statuses seen for the first time. */
  statuses: StatusEvent[];
  duplicates: number;
  /** Messages from a sender with neither phone nor BSUID: acknowledged, not stored. */
  anonymous: AnonymousMessageEvent[];
  /** Messages for a number no verifying account serves: kept as `unrouted` for admins. */
  unrouted: number;
}

export class WhatsAppChannel {
  private readonly contacts: Collection<ContactDoc>;
  private readonly outbound: Collection<OutboundDoc>;
  private readonly replies: Collection<ReplyDoc>;
  private readonly clients = new Map<string, GraphClient>();
  /** What every citizen message passes before it is stored (identity: Aadhaar numbers masked or vaulted). */
  private readonly screens: Array<(message: InboundMessage) => Promise<InboundMessage>> = [];

  constructor(
    store: DocumentStore,
    private readonly log: Logger,
    readonly inbox: Inbox,
    readonly sender: PacedSender,
  ) {
    this.contacts = store.collection<ContactDoc>(WHATSAPP_COLLECTIONS.contacts);
    this.outbound = store.collection<OutboundDoc>(WHATSAPP_COLLECTIONS.outbound);
    this.replies = store.collection<ReplyDoc>(WHATSAPP_COLLECTIONS.replies);
  }

  /**
   * A step every citizen's message passes, in the order added, before the inbox stores it (the
   * identity screen masks Aadhaar numbers first; the broadcaster then marks replies to campaigns).
   * Added by the host's modules before the first webhook.
   */
  useScreen(screen: (message: InboundMessage) => Promise<InboundMessage>): void {
    this.screens.push(screen);
  }

  async init(): Promise<void> {
    await this.inbox.init();
    await this.contacts.createIndex({ keys: { phoneNumberId: 1, waId: 1 } });
    await this.contacts.createIndex({ keys: { phoneNumberId: 1, userId: 1 } });
    // Data minimisation (DPDP Act): citizens' numbers are kept only as long as they serve.
    await this.contacts.createIndex({ keys: { lastInboundAt: 1 }, expireAfterSeconds: CONTACT_RETENTION_S });
    await this.outbound.createIndex({ keys: { sentAt: 1 }, expireAfterSeconds: OUTBOUND_RETENTION_S });
    await this.outbound.createIndex({ keys: { to: 1, sentAt: -1 } });
    await this.replies.createIndex({ keys: { createdAt: 1 }, expireAfterSeconds: REPLY_RETENTION_S });
  }

  /**
   * Takes the events of one webhook: each citizen's window, new messages into
   * the inbox (a repeat is dropped, also when another host took it), and
   * status changes. Resolves only when all of it is in the store, so the
   * webhook is acknowledged after nothing can be lost.
   */
  async receive(events: WebhookEvent[], path: string, signedBy: readonly string[], served?: ReadonlySet<string>, now = new Date()): Promise<ReceivedEvents> {
    const result: ReceivedEvents = { messages: [], statuses: [], duplicates: 0, anonymous: [], unrouted: 0 };
    let messages: InboundMessage[] = [];
    let unrouted: InboundMessage[] = [];
    for (const event of events) {
      if (served && event.kind !== 'error' && !served.has(event.phoneNumberId)) {
        // Not a number of the app that signed: kept for admins (messages) and nothing else.
        if (event.kind === 'message') unrouted.push(event);
        else this.log.warn({ phoneNumberId: event.phoneNumberId, kind: event.kind }, 'whatsapp: an event for a number the signing app does not serve; dropped');
        continue;
      }
      if (event.kind === 'message') messages.push(event);
      else if (event.kind === 'anonymous') result.anonymous.push(event);
      else if (event.kind === 'error') this.log.warn({ phoneNumberId: event.phoneNumberId, errors: event.errors }, 'whatsapp: webhook reported errors');
    }
    for (const screen of this.screens) {
      messages = await Promise.all(messages.map(screen));
      unrouted = await Promise.all(unrouted.map(screen));
    }
    // The window first: it only moves forward, so writing it twice (a redelivery) is harmless.
    // It runs from the message's own time, not from when a retry reached us.
    const latest = new Map<string, InboundMessage>();
    for (const m of messages) if ((latest.get(m.citizenKey)?.timestamp ?? 0) <= m.timestamp) latest.set(m.citizenKey, m);
    for (const m of latest.values()) await this.recordContact(m);
    if (unrouted.length > 0) {
      const kept = await this.inbox.accept(unrouted, path, signedBy, now, 'unrouted');
      result.unrouted = kept.accepted.length;
      result.duplicates += kept.duplicates;
    }
    const accepted = await this.inbox.accept(messages, path, signedBy, now);
    // Meta counts citizens' messages against the number's throughput too (reference §1.9).
    const perNumber = new Map<string, number>();
    for (const m of accepted.accepted) perNumber.set(m.phoneNumberId, (perNumber.get(m.phoneNumberId) ?? 0) + 1);
    for (const [phoneNumberId, count] of perNumber) this.sender.countInbound(phoneNumberId, count);
    result.messages = accepted.accepted;
    result.duplicates += accepted.duplicates;
    for (const event of events) {
      if (event.kind !== 'status') continue;
      const recorded = await this.recordStatus(event, now);
      if (recorded) result.statuses.push(recorded);
      else result.duplicates++;
    }
    return result;
  }

  /** The citizen who wrote to this number from this phone (their key may be their BSUID's), or null if none has. */
  async citizenByPhone(phoneNumberId: string, waId: string): Promise<{ citizenKey: string; userId: string | null; profileName: string | null } | null> {
    const contact = await this.contacts.findOne({ phoneNumberId, waId: waId.replace(/^\+/, '') }, { sort: { lastInboundAt: -1 } });
    return contact ? { citizenKey: contact._id, userId: contact.userId, profileName: contact.profileName } : null;
  }

  /** Whether the 24-hour window with this citizen (by phone number or BSUID) is open at this number. */
  async windowOpen(phoneNumberId: string, address: { to?: string; recipient?: string; citizenKey?: string }, now = new Date()): Promise<boolean> {
    // By key first; a key made before Meta sent the citizen's BSUID (or from their phone alone) finds them by address.
    const contact =
      (address.citizenKey ? await this.contacts.findOne({ _id: address.citizenKey }) : null) ??
      (address.to
        ? await this.contacts.findOne({ phoneNumberId, waId: address.to.replace(/^\+/, '') }, { sort: { lastInboundAt: -1 } })
        : address.recipient
          ? await this.contacts.findOne({ phoneNumberId, userId: address.recipient }, { sort: { lastInboundAt: -1 } })
          : null);
    return isWindowOpen(contact?.lastInboundAt ?? null, now);
  }

  /**
   * Sends through the number's paced lane (sender.ts), refusing a free-form
   * message outside the 24-hour window before any call, and records the message.
   */
  async send(account: WhatsAppAccount, body: OutboundMessageBody, options: { priority?: SendPriority; replyKey?: string; citizenKey?: string; stillWanted?: () => Promise<boolean>; tag?: Record<string, string> } = {}): Promise<ChannelSendResult> {
    // The citizen's key (a reply) finds the window directly; a number or BSUID alone is looked up.
    const address = options.citizenKey?.startsWith(`${account.phoneNumberId}/`) ? { citizenKey: options.citizenKey } : { to: body.to, recipient: body.recipient };
    const who = (body.to ?? body.recipient ?? '').replace(/^\+/, '');
    if (needsOpenWindow(body) && !(await this.windowOpen(account.phoneNumberId, address))) throw new WindowClosedError(who);
    assertOutboundMessage(body);
    // A message run again (after a crash or a deploy) must not answer the citizen twice: the reply
    // is reserved under its key before the send, so two runs can never both send it.
    if (options.replyKey) {
      const earlier = await this.reserveReply(options.replyKey, (options.priority ?? 'reply') === 'bulk');
      if (earlier) {
        // Sent by an earlier run: what its status webhooks said so far goes with it (the run that sent may not have applied them).
        const record = await this.outbound.findOne({ _id: earlier.messageId }, { projection: { statuses: 1, errors: 1 } });
        const sent: ChannelSendResult = { messaging_product: 'whatsapp', contacts: [{ input: who, wa_id: earlier.to }], messages: [{ id: earlier.messageId }] };
        return record ? { ...sent, earlierStatuses: earlierStatusesOf(record) } : sent;
      }
    }
    const client = this.client(account);
    let result: SendResult;
    // While this run sends (the lane may make it wait), its reservation stays fresh.
    const replyKey = options.replyKey;
    const heartbeat = replyKey
      ? setInterval(() => {
          this.replies.updateOne({ _id: replyKey, messageId: { $exists: false } }, { $set: { until: new Date(Date.now() + REPLY_RESERVATION_MS) } }).catch(() => undefined);
        }, REPLY_RESERVATION_MS / 3)
      : undefined;
    try {
      // The lane retries with a fresh slot each time; the client's own retries would skip the pacing.
      const bulk = (options.priority ?? 'reply') === 'bulk';
      const stillWanted = options.stillWanted;
      // Asked by the lane around the slot: a paused or cancelled campaign's message waiting there is not sent.
      const beforeSend = stillWanted
        ? async () => {
            if (!(await stillWanted())) throw new SendNotWantedError();
          }
        : undefined;
      result = await this.sender.send(
        account.phoneNumberId,
        who,
        options.priority ?? 'reply',
        () => client.sendMessage(account.phoneNumberId, body, { retries: 0 }),
        { retryUnknownOutcome: !bulk, beforeSend },
      );
    } catch (err) {
      if (replyKey && (options.priority ?? 'reply') === 'bulk' && err instanceof GraphTransportError && err.outcomeUnknown) {
        // Perhaps sent: the key stays taken, so no later run sends it again.
        await this.replies.updateOne({ _id: replyKey, messageId: { $exists: false } }, { $set: { unknown: true } }).catch(() => undefined);
        throw new SendOutcomeUnknownError(replyKey);
      }
      // Not sent: a later run may try again.
      if (replyKey) await this.replies.deleteOne({ _id: replyKey, messageId: { $exists: false } }).catch(() => undefined);
      throw err;
    } finally {
      clearInterval(heartbeat);
    }
    const id = result.messages[0]?.id;
    if (!id) return result;
    const to = result.contacts[0]?.wa_id ?? who;
    const [, earlier] = await Promise.all([
      options.replyKey ? this.replies.updateOne({ _id: options.replyKey }, { $set: { messageId: id, to } }) : null,
      this.recordSent(id, account.phoneNumberId, to, body.type, options.tag),
    ]);
    return earlier ? { ...result, earlierStatuses: earlierStatusesOf(earlier) } : result;
  }

  /**
   * The record of a message Meta accepted. A status webhook can arrive before it (Meta sends `sent`
   * as it answers): that made the record, which gains what only the send knows; returned, so the
   * sender learns those statuses without reading again. One upsert either way.
   */
  private async recordSent(id: string, phoneNumberId: string, to: string, type: string, tag: Record<string, string> | undefined): Promise<Pick<OutboundDoc, 'statuses' | 'errors'> | null> {
    const now = new Date();
    const update = { $setOnInsert: { phoneNumberId, sentAt: now }, $addToSet: { statuses: 'accepted' }, $set: { to, type, updatedAt: now, ...(tag ? { tag } : {}) } };
    try {
      return await this.outbound.findOneAndUpdate({ _id: id }, update, { upsert: true, projection: { statuses: 1, errors: 1 } });
    } catch (err) {
      // A MongoDB upsert racing the status's insert of the same id: that insert won; now it is an update.
      if (!(err instanceof DuplicateKeyError)) throw err;
      return this.outbound.findOneAndUpdate({ _id: id }, { $addToSet: update.$addToSet, $set: update.$set }, { projection: { statuses: 1, errors: 1 } });
    }
  }

  /**
   * Reserves a reply's key. Returns the reply already sent under it, or null
   * when this run may send. While another run is sending it (a run a deploy
   * interrupted, still going), waits for that send's outcome: its reply, or
   * its failure (this run sends), or its silence (a dead run's reservation
   * goes stale and is taken over).
   */
  private async reserveReply(key: string, bulk = false): Promise<{ messageId: string; to: string } | null> {
    const deadline = Date.now() + REPLY_WAIT_MS;
    for (;;) {
      const now = new Date();
      const until = new Date(now.getTime() + REPLY_RESERVATION_MS);
      try {
        await this.replies.insertOne({ _id: key, createdAt: now, until });
        return null;
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
      }
      const existing = await this.replies.findOne({ _id: key });
      if (existing?.messageId) return { messageId: existing.messageId, to: existing.to ?? '' };
      if (existing?.unknown) throw new SendOutcomeUnknownError(key);
      if (existing && existing.until.getTime() <= now.getTime()) {
        // A run that died while sending may have sent: a reply is sent again, a broadcast is not.
        if (bulk) {
          await this.replies.updateOne({ _id: key, until: existing.until, messageId: { $exists: false } }, { $set: { unknown: true } });
          throw new SendOutcomeUnknownError(key);
        }
        const taken = await this.replies.updateOne({ _id: key, until: existing.until, messageId: { $exists: false } }, { $set: { until } });
        if (taken.matchedCount > 0) return null;
      }
      if (Date.now() > deadline) throw new ReplyInFlightError(key);
      await sleep(REPLY_POLL_MS);
    }
  }

  async markRead(account: WhatsAppAccount, messageId: string, typing = false): Promise<void> {
    await this.client(account).markRead(account.phoneNumberId, messageId, { typing });
  }

  /** The tag a message was sent with (`send`'s), or null: who sent it, for a citizen's reply quoting it. */
  async messageTag(messageId: string): Promise<Record<string, string> | null> {
    return (await this.outbound.findOne({ _id: messageId }, { projection: { tag: 1 } }))?.tag ?? null;
  }

  async outboundStatus(messageId: string): Promise<{ status: string; statuses: string[]; errors?: unknown[] } | null> {
    const doc = await this.outbound.findOne({ _id: messageId });
    return doc ? { status: currentStatus(doc.statuses), statuses: doc.statuses, errors: doc.errors } : null;
  }

  /** One keep-alive client per Graph endpoint and token. */
  client(account: WhatsAppAccount): GraphClient {
    const key = `${account.graphBaseUrl}|${account.graphVersion}|${account.accessToken}`;
    let client = this.clients.get(key);
    if (!client) {
      client = new GraphClient(account);
      this.clients.set(key, client);
    }
    return client;
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.clients.values()].map((c) => c.close()));
    this.clients.clear();
  }

  /** The citizen's last message time at this number, which never moves back, under their citizen key. */
  private async recordContact(message: InboundMessage): Promise<void> {
    await this.contacts
      .updateOne(
        { _id: message.citizenKey, $or: [{ lastInboundAt: { $lt: message.timestamp } }, { lastInboundAt: { $exists: false } }] },
        { $set: { phoneNumberId: message.phoneNumberId, waId: message.citizen.wa_id, userId: message.citizen.user_id, profileName: message.citizen.profile_name, lastInboundAt: message.timestamp } },
        { upsert: true },
      )
      .catch((err: unknown) => {
        // The upsert lost a race with a newer message's record: that one is later, nothing to do.
        if (!(err instanceof DuplicateKeyError)) throw err;
      });
  }

  /**
   * Records a status unless this (message, status) pair was seen: one conditional write. Returns the
   * event with the tag its send gave the message (when the send was recorded first), or null for a repeat.
   */
  private async recordStatus(event: StatusEvent, now: Date): Promise<StatusEvent | null> {
    const record = async () => {
      const seen = await this.outbound.findOneAndUpdate(
        { _id: event.id, statuses: { $ne: event.status } },
        { $addToSet: { statuses: event.status }, $set: { updatedAt: now, ...(event.errors ? { errors: event.errors } : {}) } },
        { projection: { tag: 1 } },
      );
      return seen ? (seen.tag ? { ...event, tag: seen.tag } : event) : null;
    };
    const recorded = await record();
    if (recorded) return recorded;
    // Unknown message (sent by another system, or the status beat our own record) or a repeat.
    try {
      await this.outbound.insertOne({
        _id: event.id,
        phoneNumberId: event.phoneNumberId,
        to: event.recipientId,
        type: 'unknown',
        statuses: [event.status],
        ...(event.errors ? { errors: event.errors } : {}),
        sentAt: event.timestamp,
        updatedAt: now,
      });
      return event;
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      // The send's record came in between: recorded on it now (a repeat finds nothing to change).
      return record();
    }
  }
}
