/**
 * What happens to an accepted business message afterwards, reported the way
 * Meta does, by status webhook: `failed` (e.g. 131026, 131047) or `sent`, then
 * `delivered` after the delivery delay, then `read` when the citizen reads it.
 * Statuses only move forward; a read before delivery skips `delivered`.
 */
import { graphErrorDetail } from '../../whatsapp/errors';
import type { GraphErrorDetail, MessageStatusValue, WebhookStatus } from '../../whatsapp/types';
import type { ConversationStore, StoredMessage } from './conversations';
import type { ConversationEvents } from './events';
import type { Clock, SimulatedPhoneNumber } from './options';
import type { PhoneNumbers } from './phone-numbers';
import type { WebhookDelivery } from './webhook-delivery';
import { statusNotification, unixSeconds } from './webhook-payloads';

/** Why an accepted message will not reach the citizen (sent as a `failed` status). */
export interface DeliveryFailure {
  code: number;
  details: string;
}

const PROGRESS: Record<MessageStatusValue, number> = { sent: 1, delivered: 2, read: 3, failed: 4 };

export class OutboundStatuses {
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    private readonly deps: {
      conversations: ConversationStore;
      phoneNumbers: PhoneNumbers;
      events: ConversationEvents;
      webhooks: WebhookDelivery;
      clock: Clock;
      deliveryDelayMs: number;
    },
  ) {}

  /** Called once the send was answered, so its statuses never arrive before the response. */
  accepted(number: SimulatedPhoneNumber, message: StoredMessage, failure: DeliveryFailure | null): void {
    this.later(0, () => {
      if (failure) {
        this.update(number, message, 'failed', [graphErrorDetail(failure.code, failure.details)]);
        return;
      }
      this.update(number, message, 'sent');
      const tracking = message.outbound;
      if (tracking) tracking.deliveryTimer = this.later(this.deps.deliveryDelayMs, () => this.update(number, message, 'delivered'));
    });
  }

  /** The citizen opened the chat: every business message that reached them is read. Returns their ids. */
  readByCitizen(waId: string): string[] {
    const read: string[] = [];
    for (const message of this.deps.conversations.get(waId)?.messages ?? []) {
      const { view } = message;
      if (view.direction !== 'out' || (view.status !== 'sent' && view.status !== 'delivered')) continue;
      const number = this.deps.phoneNumbers.get(view.phoneNumberId);
      if (!number) continue;
      this.update(number, message, 'read');
      read.push(view.id);
    }
    return read;
  }

  /** Statuses scheduled but not yet sent. */
  scheduled(): number {
    return this.timers.size;
  }

  /** Resolves once no status is scheduled. */
  idle(): Promise<void> {
    if (this.timers.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.notifyIfIdle();
  }

  private update(number: SimulatedPhoneNumber, message: StoredMessage, status: MessageStatusValue, errors?: GraphErrorDetail[]): void {
    const { view, outbound } = message;
    if (!outbound || (view.status !== null && PROGRESS[status] <= PROGRESS[view.status])) return;
    if (outbound.deliveryTimer) {
      clearTimeout(outbound.deliveryTimer);
      this.timers.delete(outbound.deliveryTimer);
      outbound.deliveryTimer = undefined;
      this.notifyIfIdle();
    }
    view.status = status;
    if (errors) view.errors = errors;

    const at = this.deps.clock();
    this.deps.events.publish(outbound.recipientId, { event: 'status', data: { id: view.id, status, errors, timestamp: at.toISOString() } });

    const webhookStatus: WebhookStatus = {
      id: view.id,
      status,
      timestamp: unixSeconds(at),
      ...(outbound.phoneWithheld ? {} : { recipient_id: outbound.recipientId }),
      recipient_user_id: outbound.recipientUserId,
    };
    if (outbound.bizOpaqueCallbackData !== undefined) webhookStatus.biz_opaque_callback_data = outbound.bizOpaqueCallbackData;
    if (status === 'sent' || ((status === 'delivered' || status === 'read') && !outbound.pricedDeliveryOrRead)) {
      webhookStatus.pricing = outbound.pricing;
      if (status !== 'sent') outbound.pricedDeliveryOrRead = true;
    }
    if (errors) webhookStatus.errors = errors;
    this.deps.webhooks.send(outbound.recipientId, statusNotification(number, webhookStatus));
  }

  private later(delayMs: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
      this.notifyIfIdle();
    }, delayMs);
    this.timers.add(timer);
    return timer;
  }

  private notifyIfIdle(): void {
    if (this.timers.size > 0) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
