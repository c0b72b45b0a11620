/**
 * The platform's side of a WhatsApp conversation, on the store so every host
 * agrees: which inbound messages were already taken (Meta delivers at least
 * once), when each citizen last wrote (the 24-hour window), and what became
 * of each message the platform sent (status webhooks).
 */
import type { Logger } from '../log';
import { DuplicateKeyError, type Collection, type DocumentStore } from '../store';
import { GraphClient } from './client';
import type { InboundMessage, MessageStatusValue, OutboundMessageBody, SendResult, StatusEvent, WhatsAppAccount, WebhookEvent } from './types';
import { isWindowOpen, needsOpenWindow } from './window';

interface InboundDoc {
  _id: string;
  [key: string]: unknown;
  phoneNumberId: string;
  waId: string;
  type: string;
  receivedAt: Date;
}

interface ContactDoc {
  _id: string;
  [key: string]: unknown;
  phoneNumberId: string;
  waId: string;
  profileName: string | null;
  lastInboundAt: Date;
}

interface OutboundDoc {
  _id: string;
  [key: string]: unknown;
  phoneNumberId: string;
  to: string;
  type: string;
  status: MessageStatusValue | 'accepted';
  /** Every status seen, for de-duplication of repeated status webhooks. */
  statuses: string[];
  errors?: unknown[];
  sentAt: Date;
  updatedAt: Date;
}

export const WHATSAPP_COLLECTIONS = { inbound: 'wa_inbound', contacts: 'wa_contacts', outbound: 'wa_outbound' } as const;

/** Meta retries a webhook for up to 7 days; ids are remembered a day longer. */
const DEDUPE_RETENTION_S = 8 * 24 * 3600;
/** The window needs 24 hours; a month keeps "who wrote to this number" for support. */
const CONTACT_RETENTION_S = 30 * 24 * 3600;
/** Delivery records for audits of what the state sent. */
const OUTBOUND_RETENTION_S = 90 * 24 * 3600;
const STATUS_RANK: Record<string, number> = { accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4 };

/** A free-form message to a citizen whose last message is more than 24 hours old (Meta: 131047). */
export class WindowClosedError extends Error {
  readonly code = 131047;
  constructor(readonly waId: string) {
    super(`the 24-hour customer-service window with ${maskWaId(waId)} is closed: only a template can be sent until the citizen writes again`);
    this.name = 'WindowClosedError';
  }
}

export interface ReceivedEvents {
  /** Messages seen for the first time, in webhook order. */
  messages: InboundMessage[];
  /** Statuses seen for the first time. */
  statuses: StatusEvent[];
  duplicates: number;
}

export class WhatsAppChannel {
  private readonly inbound: Collection<InboundDoc>;
  private readonly contacts: Collection<ContactDoc>;
  private readonly outbound: Collection<OutboundDoc>;
  private readonly clients = new Map<string, GraphClient>();

  constructor(
    store: DocumentStore,
    private readonly log: Logger,
  ) {
    this.inbound = store.collection<InboundDoc>(WHATSAPP_COLLECTIONS.inbound);
    this.contacts = store.collection<ContactDoc>(WHATSAPP_COLLECTIONS.contacts);
    this.outbound = store.collection<OutboundDoc>(WHATSAPP_COLLECTIONS.outbound);
  }

  async init(): Promise<void> {
    await this.inbound.createIndex({ keys: { receivedAt: 1 }, expireAfterSeconds: DEDUPE_RETENTION_S });
    // Data minimisation (DPDP Act): citizens' numbers are kept only as long as they serve.
    await this.contacts.createIndex({ keys: { lastInboundAt: 1 }, expireAfterSeconds: CONTACT_RETENTION_S });
    await this.outbound.createIndex({ keys: { sentAt: 1 }, expireAfterSeconds: OUTBOUND_RETENTION_S });
    await this.outbound.createIndex({ keys: { to: 1, sentAt: -1 } });
  }

  /**
   * Takes the events of one webhook: records each message id (a repeat is
   * dropped, also when another host took it), the citizen's last inbound time,
   * and status changes. Resolves only when all of it is in the store, so the
   * webhook is acknowledged after nothing can be lost.
   */
  async receive(events: WebhookEvent[], now = new Date()): Promise<ReceivedEvents> {
    const result: ReceivedEvents = { messages: [], statuses: [], duplicates: 0 };
    try {
      for (const event of events) {
        if (event.kind === 'message') {
          if (await this.takeMessage(event)) result.messages.push(event);
          else result.duplicates++;
        } else if (event.kind === 'status') {
          if (await this.recordStatus(event, now)) result.statuses.push(event);
          else result.duplicates++;
        } else {
          this.log.warn({ phoneNumberId: event.phoneNumberId, errors: event.errors }, 'whatsapp: webhook reported errors');
        }
      }
    } catch (err) {
      // The webhook fails and Meta retries it: messages taken so far must not count as seen then.
      const taken = result.messages.map((m) => m.id);
      if (taken.length > 0) await this.inbound.deleteMany({ _id: { $in: taken } }).catch(() => undefined);
      throw err;
    }
    return result;
  }

  async windowOpen(phoneNumberId: string, waId: string, now = new Date()): Promise<boolean> {
    const contact = await this.contacts.findOne({ _id: contactId(phoneNumberId, waId) });
    return isWindowOpen(contact?.lastInboundAt ?? null, now);
  }

  /** Sends, refusing a free-form message outside the 24-hour window before any call, and records the message. */
  async send(account: WhatsAppAccount, body: OutboundMessageBody): Promise<SendResult> {
    const waId = body.to.replace(/^\+/, '');
    if (needsOpenWindow(body) && !(await this.windowOpen(account.phoneNumberId, waId))) throw new WindowClosedError(waId);
    const result = await this.client(account).sendMessage(account.phoneNumberId, body);
    const id = result.messages[0]?.id;
    if (id) {
      const now = new Date();
      await this.outbound.insertOne({ _id: id, phoneNumberId: account.phoneNumberId, to: result.contacts[0]?.wa_id ?? waId, type: body.type, status: 'accepted', statuses: ['accepted'], sentAt: now, updatedAt: now }).catch((err: unknown) => {
        // A status webhook can arrive before this insert; it already made the record.
        if (!(err instanceof DuplicateKeyError)) throw err;
      });
    }
    return result;
  }

  async markRead(account: WhatsAppAccount, messageId: string, typing = false): Promise<void> {
    await this.client(account).markRead(account.phoneNumberId, messageId, { typing });
  }

  async outboundStatus(messageId: string): Promise<{ status: string; statuses: string[]; errors?: unknown[] } | null> {
    const doc = await this.outbound.findOne({ _id: messageId });
    return doc ? { status: doc.status, statuses: doc.statuses, errors: doc.errors } : null;
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

  private async takeMessage(message: InboundMessage): Promise<boolean> {
    // The window first: it only moves forward, so writing it twice (a redelivery) is harmless,
    // whereas an id recorded before a failure would turn Meta's retry into a "duplicate".
    // It runs from the message's own time, not from when a retry reached us.
    await this.contacts
      .updateOne(
        { _id: contactId(message.phoneNumberId, message.citizen.wa_id), $or: [{ lastInboundAt: { $lt: message.timestamp } }, { lastInboundAt: { $exists: false } }] },
        { $set: { phoneNumberId: message.phoneNumberId, waId: message.citizen.wa_id, profileName: message.citizen.profile_name, lastInboundAt: message.timestamp } },
        { upsert: true },
      )
      .catch((err: unknown) => {
        // The upsert lost a race with a newer message's record: that one is later, nothing to do.
        if (!(err instanceof DuplicateKeyError)) throw err;
      });
    try {
      await this.inbound.insertOne({ _id: message.id, phoneNumberId: message.phoneNumberId, waId: message.citizen.wa_id, type: message.type, receivedAt: new Date() });
      return true;
    } catch (err) {
      if (err instanceof DuplicateKeyError) return false;
      throw err;
    }
  }

  /** Records a status unless this (message, status) pair was seen; the current status only moves forward. */
  private async recordStatus(event: StatusEvent, now: Date): Promise<boolean> {
    const seen = await this.outbound.findOneAndUpdate(
      { _id: event.id, statuses: { $ne: event.status } },
      { $addToSet: { statuses: event.status }, $set: { updatedAt: now, ...(event.errors ? { errors: event.errors } : {}) } },
      { returnDocument: 'after' },
    );
    if (seen) {
      if (STATUS_RANK[event.status] > STATUS_RANK[seen.status]) await this.outbound.updateOne({ _id: event.id, status: seen.status }, { $set: { status: event.status } });
      return true;
    }
    // Unknown message (sent by another system, or the status beat our own insert) or a repeat.
    try {
      await this.outbound.insertOne({
        _id: event.id,
        phoneNumberId: event.phoneNumberId,
        to: event.recipientId,
        type: 'unknown',
        status: event.status,
        statuses: [event.status],
        ...(event.errors ? { errors: event.errors } : {}),
        sentAt: event.timestamp,
        updatedAt: now,
      });
      return true;
    } catch (err) {
      if (err instanceof DuplicateKeyError) return false;
      throw err;
    }
  }
}

function contactId(phoneNumberId: string, waId: string): string {
  return `${phoneNumberId}/${waId}`;
}

/** Citizens' numbers are personal data: logs and errors show the last four digits only. */
export function maskWaId(waId: string): string {
  return waId.length > 4 ? `${'x'.repeat(waId.length - 4)}${waId.slice(-4)}` : 'xxxx';
}
