/** The simulator's parts, as the Graph and citizen routes use them. */
import type { ConversationStore } from './conversations';
import type { ConversationEvents } from './events';
import type { MediaStore } from './media-store';
import type { MediaUrlSigner } from './media-urls';
import type { ResolvedSimulatorOptions } from './options';
import type { OutboundStatuses } from './outbound-statuses';
import type { PhoneNumbers } from './phone-numbers';
import type { SendLimits } from './send-limits';
import type { TemplateCatalog } from './templates';
import type { WebhookDelivery } from './webhook-delivery';

export interface SimulatorContext {
  options: ResolvedSimulatorOptions;
  phoneNumbers: PhoneNumbers;
  conversations: ConversationStore;
  templates: TemplateCatalog;
  media: MediaStore;
  mediaUrls: MediaUrlSigner;
  limits: SendLimits;
  statuses: OutboundStatuses;
  webhooks: WebhookDelivery;
  events: ConversationEvents;
}
