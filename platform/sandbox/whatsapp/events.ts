/** Live changes of conversations, for the chat page's Server-Sent Events stream. */
import type { GraphErrorDetail, MessageStatusValue } from '../../whatsapp/types';
import type { ConversationMessage } from './conversations';

export interface StatusChange {
  id: string;
  status: MessageStatusValue;
  errors?: GraphErrorDetail[];
  timestamp: string;
}

export type ConversationEvent =
  | { event: 'message'; data: ConversationMessage }
  | { event: 'status'; data: StatusChange }
  /** The business showed "typing…" while answering this citizen message. */
  | { event: 'typing'; data: { id: string } }
  /** An SMS to this phone (the UIDAI simulator's OTP): the sandbox's phone shows those too. */
  | { event: 'sms'; data: SmsMessage };

export interface SmsMessage {
  /** The sender's SMS header, e.g. UIDAI's "AX-UIDAI". */
  from: string;
  text: string;
  timestamp: string;
}

export type ConversationListener = (event: ConversationEvent) => void;

export class ConversationEvents {
  private readonly listeners = new Map<string, Set<ConversationListener>>();

  /** Returns the unsubscribe function. */
  subscribe(waId: string, listener: ConversationListener): () => void {
    let set = this.listeners.get(waId);
    if (!set) this.listeners.set(waId, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(waId) === set) this.listeners.delete(waId);
    };
  }

  publish(waId: string, event: ConversationEvent): void {
    for (const listener of this.listeners.get(waId) ?? []) listener(event);
  }
}
