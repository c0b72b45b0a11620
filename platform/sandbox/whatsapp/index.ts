/**
 * Sandbox simulator of the WhatsApp Business Cloud API: the Graph endpoints a
 * client calls (graphRouter), a citizen's phone (citizenRouter), and webhook
 * delivery to the platform. Behaviour follows
 * ../../../shared/reference/whatsapp-cloud-api.md; state is in memory.
 */
import type { Router } from 'express';
import { CitizenMessages } from './citizen-messages';
import { createCitizenRouter } from './citizen-router';
import type { SimulatorContext } from './context';
import { ConversationStore, type ConversationView } from './conversations';
import { EventStreams } from './event-streams';
import { ConversationEvents, type SmsMessage } from './events';
import { createGraphRouter } from './graph-router';
import { MediaStore } from './media-store';
import { MediaUrlSigner } from './media-urls';
import { resolveOptions, type SimulatedPhoneNumber, type WhatsAppSimulatorOptions } from './options';
import { OutboundStatuses } from './outbound-statuses';
import { PhoneNumbers } from './phone-numbers';
import { SendLimits } from './send-limits';
import { TemplateCatalog, type ListedTemplate } from './templates';
import { WebhookDelivery, type WebhookStats } from './webhook-delivery';

export type { CitizenMessageInput } from './citizen-messages';
export type { ConversationMessage, ConversationView } from './conversations';
export type { ConversationEvent } from './events';
export { DEFAULT_TEMPLATES } from './default-templates';
export {
  DEFAULT_PAIR_LIMIT,
  DEFAULT_PHONE_NUMBER,
  DEFAULT_THROUGHPUT_PER_SECOND,
  DEFAULT_WEBHOOK_RETRY,
  type Clock,
  type PairLimitOptions,
  type SimulatedPhoneNumber,
  type WebhookRetryOptions,
  type WhatsAppSimulatorOptions,
} from './options';
export type { ListedTemplate, TemplateComponent, TemplateDefinition } from './templates';
export type { WebhookStats } from './webhook-delivery';

export interface WhatsAppSimulator {
  /** The Graph API: mount at a prefix and use that URL as the client's graphBaseUrl. */
  graphRouter: Router;
  /** The citizen API for the chat page, tests and benchmarks (the host mounts it at /sandbox/api). */
  citizenRouter: Router;
  readonly phoneNumbers: readonly SimulatedPhoneNumber[];
  /** Where webhooks go from now on; deliveries waiting for a retry use the new URL. */
  setWebhookUrl(url: string | null): void;
  webhookStats(): WebhookStats;
  conversation(waId: string): ConversationView | null;
  templates(): readonly ListedTemplate[];
  /** Resolves when no status is scheduled and no webhook is waiting (retries included): for tests and benchmarks. */
  idle(): Promise<void>;
  /** Forgets conversations and media (rate-limit budgets and webhook counters stay). */
  reset(): void;
  /** Stops timers, retries and event streams. Webhooks not yet delivered are dropped. */
  close(): Promise<void>;
  /** An SMS to a phone the sandbox plays (UIDAI's OTP): shown in that citizen's chat page, kept for its history. */
  sms(waId: string, from: string, text: string): void;
  /** The last SMS to a phone, newest last. */
  smsFor(waId: string): readonly SmsMessage[];
}

/** SMS kept per phone, and phones kept: the sandbox's memory stays bounded. */
const SMS_PER_PHONE = 20;
const SMS_PHONES = 1000;

export function createWhatsAppSimulator(input: WhatsAppSimulatorOptions): WhatsAppSimulator {
  const options = resolveOptions(input);
  const phoneNumbers = new PhoneNumbers(options.phoneNumbers);
  const conversations = new ConversationStore(options.maxConversations, options.maxMessagesPerConversation);
  const events = new ConversationEvents();
  const webhooks = new WebhookDelivery(options.appSecret, options.webhookUrl, options.webhookRetry, options.log);
  const statuses = new OutboundStatuses({ conversations, phoneNumbers, events, webhooks, clock: options.clock, deliveryDelayMs: options.deliveryDelayMs });
  const templates = new TemplateCatalog(options.templates);
  const media = new MediaStore(options.maxMediaBytes, options.clock);
  const ctx: SimulatorContext = {
    options,
    phoneNumbers,
    conversations,
    templates,
    media,
    mediaUrls: new MediaUrlSigner(options.clock),
    limits: new SendLimits(options.throughputPerSecond, options.pairLimit),
    statuses,
    webhooks,
    events,
  };
  const streams = new EventStreams(events);
  const smsInbox = new Map<string, SmsMessage[]>();
  const smsFor = (waId: string): readonly SmsMessage[] => smsInbox.get(waId) ?? [];

  return {
    graphRouter: createGraphRouter(ctx),
    citizenRouter: createCitizenRouter(ctx, new CitizenMessages(ctx), streams, smsFor),
    phoneNumbers: options.phoneNumbers,
    setWebhookUrl: (url) => webhooks.setUrl(url),
    webhookStats: () => webhooks.stats(),
    conversation: (waId) => conversations.get(waId)?.view() ?? null,
    templates: () => templates.all(),
    idle: async () => {
      do {
        await statuses.idle();
        await webhooks.idle();
      } while (statuses.scheduled() > 0 || webhooks.stats().pending > 0);
    },
    reset: () => {
      conversations.clear();
      media.clear();
      smsInbox.clear();
    },
    sms: (waId, from, text) => {
      const message: SmsMessage = { from, text, timestamp: new Date().toISOString() };
      const list = smsInbox.get(waId) ?? [];
      smsInbox.delete(waId);
      if (smsInbox.size >= SMS_PHONES) smsInbox.delete(smsInbox.keys().next().value!);
      smsInbox.set(waId, [...list, message].slice(-SMS_PER_PHONE));
      events.publish(waId, { event: 'sms', data: message });
    },
    smsFor,
    close: async () => {
      statuses.close();
      streams.closeAll();
      await webhooks.close();
    },
  };
}
