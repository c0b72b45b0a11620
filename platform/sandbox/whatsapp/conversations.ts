/**
 * In-memory conversations between citizens and the business numbers, bounded:
 * beyond maxConversations the least recently active conversation is dropped,
 * beyond maxMessagesPerConversation its oldest messages are.
 */
import type { GraphErrorDetail, MessageStatusValue } from '../../whatsapp/types';
import type { Pricing } from './pricing';

/** A message as the citizen API shows it. */
export interface ConversationMessage {
  id: string;
  direction: 'in' | 'out';
  phoneNumberId: string;
  type: string;
  /** The Graph message object as the business sent it, or the inbound `messages[]` object. */
  body: Record<string, unknown>;
  /** Business messages: delivery status. Citizen messages: 'read' once the business marked them read, else null. */
  status: MessageStatusValue | null;
  errors?: GraphErrorDetail[];
  /** ISO 8601. */
  timestamp: string;
}

export interface ConversationView {
  waId: string;
  name: string | null;
  messages: ConversationMessage[];
}

/** What the status lifecycle needs to know about a business message beyond what the page shows. */
export interface OutboundTracking {
  recipientId: string;
  recipientUserId: string;
  /** Sent to a BSUID of a citizen who hides their number: statuses carry only the BSUID. */
  phoneWithheld: boolean;
  pricing: Pricing;
  bizOpaqueCallbackData?: string;
  /** Meta sends the pricing block with `sent` and with the first of `delivered`/`read` only. */
  pricedDeliveryOrRead: boolean;
  deliveryTimer?: NodeJS.Timeout;
}

export interface StoredMessage {
  view: ConversationMessage;
  outbound?: OutboundTracking;
}

export class Conversation {
  name: string | null = null;
  /** Set when the citizen adopted a username: webhooks then withhold their number (reference §1.10). */
  username: string | null = null;
  readonly messages: StoredMessage[] = [];
  /** Per business number: the citizen's last message, which opens the 24 h window. */
  readonly lastInboundAt = new Map<string, Date>();

  constructor(readonly waId: string) {}

  /** The business read this citizen message on this number: it and every earlier one show as read. Returns the changed ones. */
  markInboundRead(phoneNumberId: string, upToId: string): ConversationMessage[] {
    const upTo = this.messages.findIndex((m) => m.view.id === upToId);
    const changed: ConversationMessage[] = [];
    for (const { view } of this.messages.slice(0, upTo + 1)) {
      if (view.direction !== 'in' || view.phoneNumberId !== phoneNumberId || view.status === 'read') continue;
      view.status = 'read';
      changed.push(view);
    }
    return changed;
  }

  view(): ConversationView {
    return { waId: this.waId, name: this.name, messages: this.messages.map((m) => m.view) };
  }
}

export class ConversationStore {
  // Map iteration order is insertion order: re-inserting on activity keeps the LRU at the front.
  private readonly conversations = new Map<string, Conversation>();
  private readonly byMessageId = new Map<string, { conversation: Conversation; message: StoredMessage }>();
  /** BSUID → number, for sends addressed to a `recipient`. */
  private readonly byBsuid = new Map<string, string>();

  constructor(
    private readonly maxConversations: number,
    private readonly maxMessagesPerConversation: number,
  ) {}

  get(waId: string): Conversation | undefined {
    return this.conversations.get(waId);
  }

  findMessage(id: string): { conversation: Conversation; message: StoredMessage } | undefined {
    return this.byMessageId.get(id);
  }

  add(waId: string, message: StoredMessage): Conversation {
    const conversation = this.touch(waId);
    conversation.messages.push(message);
    this.byMessageId.set(message.view.id, { conversation, message });
    while (conversation.messages.length > this.maxMessagesPerConversation) {
      const dropped = conversation.messages.shift();
      if (dropped) this.forget(dropped);
    }
    return conversation;
  }

  registerBsuid(bsuid: string, waId: string): void {
    this.byBsuid.set(bsuid, waId);
  }

  /** The number behind a BSUID this sandbox gave out, if any. */
  waIdOfBsuid(bsuid: string): string | undefined {
    return this.byBsuid.get(bsuid);
  }

  lastInboundAt(waId: string, phoneNumberId: string): Date | null {
    return this.conversations.get(waId)?.lastInboundAt.get(phoneNumberId) ?? null;
  }

  /** The latest business message to this citizen from this number: what a tapped button answers by default. */
  lastOutbound(waId: string, phoneNumberId: string): StoredMessage | undefined {
    const messages = this.conversations.get(waId)?.messages ?? [];
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i];
      if (m.view.direction === 'out' && m.view.phoneNumberId === phoneNumberId) return m;
    }
    return undefined;
  }

  size(): number {
    return this.conversations.size;
  }

  clear(): void {
    for (const conversation of this.conversations.values()) conversation.messages.forEach((m) => this.forget(m));
    this.conversations.clear();
  }

  private touch(waId: string): Conversation {
    const conversation = this.conversations.get(waId) ?? new Conversation(waId);
    this.conversations.delete(waId);
    this.conversations.set(waId, conversation);
    while (this.conversations.size > this.maxConversations) {
      const [oldestId, oldest] = this.conversations.entries().next().value as [string, Conversation];
      this.conversations.delete(oldestId);
      oldest.messages.forEach((m) => this.forget(m));
      for (const [bsuid, number] of this.byBsuid) if (number === oldestId) this.byBsuid.delete(bsuid);
    }
    return conversation;
  }

  /** Dropping a message only hides it: statuses already scheduled for it are still sent. */
  private forget(message: StoredMessage): void {
    this.byMessageId.delete(message.view.id);
  }
}
