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
import { ConversationEvents } from './events';
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
}

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

  return {
    graphRouter: createGraphRouter(ctx),
    citizenRouter: createCitizenRouter(ctx, new CitizenMessages(ctx), streams),
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
    },
    close: async () => {
      statuses.close();
      streams.closeAll();
      await webhooks.close();
    },
  };
}
