/**
 * Shapes shared by the WhatsApp Cloud API client, the webhook parser, the
 * nodes and the simulator. Wire shapes follow Meta's Graph API exactly
 * (../shared/reference/whatsapp-cloud-api.md); normalized shapes are ours.
 */

/** Where and as whom the platform talks to the Graph API: one WhatsApp Business phone number. */
export interface WhatsAppAccount {
  phoneNumberId: string;
  businessAccountId: string;
  /** e.g. https://graph.facebook.com, or the sandbox simulator's base URL. */
  graphBaseUrl: string;
  /** e.g. v23.0 */
  graphVersion: string;
  accessToken: string;
  appSecret: string;
  verifyToken: string;
}

import type { CitizenIdentity } from '../citizens/identity';

// ---------- inbound (webhook) ----------

export type InboundMessageType =
  | 'text'
  | 'interactive'
  | 'button'
  | 'image'
  | 'document'
  | 'audio'
  | 'video'
  | 'sticker'
  | 'location'
  | 'reaction'
  | 'unsupported'
  /** Not from Meta: an event the platform injects for a waiting step (WebhookHub.injectEvent). */
  | 'event';

/** One citizen message, normalized from a webhook's `messages[]` entry. */
export interface InboundMessage {
  kind: 'message';
  /** wamid of the message: the de-duplication key. */
  id: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  businessAccountId: string;
  /** The sender: phone (`wa_id`, null when withheld), BSUID, username, profile name. */
  citizen: CitizenIdentity;
  /** The sender's key at this business number (citizens/identity.ts): sessions, window, order. */
  citizenKey: string;
  timestamp: Date;
  type: InboundMessageType;
  text?: string;
  /** Reply button or list row tapped, or a template quick-reply. */
  reply?: { kind: 'button_reply' | 'list_reply' | 'quick_reply'; id: string; title: string; description?: string };
  media?: { id: string; mime_type: string; sha256?: string; caption?: string; filename?: string; voice?: boolean; animated?: boolean };
  location?: { latitude: number; longitude: number; name?: string; address?: string; url?: string };
  reaction?: { message_id: string; emoji: string };
  /** The business message this one answers (button taps, list picks, quoted replies). */
  context?: { from?: string; id?: string };
  /** For `unsupported` (and any message Meta attaches errors to). */
  errors?: GraphErrorDetail[];
  /**
   * Set by the identity screen (platform/identity/aadhaar/inbound-screen.ts) when the message answers
   * a question for an Aadhaar number: the vault's reference to it, or why it is not one.
   */
  aadhaar?: { ref: string; masked: string; kind: 'A' | 'V' } | { problem: 'length' | 'first' | 'checksum' | 'several' };
  /** Set by the identity screen when the message answers a question for the OTP: the OTP sealed (the text shows XXXXXX). */
  otp?: { sealed: string };
  /** Set by the broadcaster when the message answers (quotes, or taps a button of) a campaign's message. */
  broadcast?: { campaignId: string; name: string };
  /** For `event`: what happened (e.g. digilocker.linked). */
  event?: { name: string; data?: Record<string, unknown> };
}

/** A message whose sender has neither a phone number nor a BSUID: acknowledged, logged, not stored. */
export interface AnonymousMessageEvent {
  kind: 'anonymous';
  id: string;
  phoneNumberId: string;
}

export type MessageStatusValue = 'sent' | 'delivered' | 'read' | 'failed';

/** A delivery status of a message the platform sent, from a webhook's `statuses[]` entry. */
export interface StatusEvent {
  kind: 'status';
  /** wamid of the business message. */
  id: string;
  phoneNumberId: string;
  status: MessageStatusValue;
  recipientId: string;
  timestamp: Date;
  bizOpaqueCallbackData?: string;
  pricing?: Record<string, unknown>;
  conversation?: Record<string, unknown>;
  errors?: GraphErrorDetail[];
  /** The tag this platform's send gave the message (a campaign's recipient), when the send was recorded before the status came. */
  tag?: Readonly<Record<string, string>>;
}

/** Value-level `errors[]` of a webhook (out-of-band problems). */
export interface WebhookErrorEvent {
  kind: 'error';
  phoneNumberId: string;
  errors: GraphErrorDetail[];
}

export type WebhookEvent = InboundMessage | StatusEvent | WebhookErrorEvent | AnonymousMessageEvent;

export interface GraphErrorDetail {
  code: number;
  title?: string;
  message?: string;
  error_data?: { details?: string; [key: string]: unknown };
  href?: string;
}

// ---------- outbound (POST /{version}/{phone_number_id}/messages) ----------

/** The body of a send, exactly as the Graph API takes it. */
export interface OutboundMessageBody {
  messaging_product: 'whatsapp';
  recipient_type?: 'individual';
  /** The citizen's phone number; or, when it is withheld, `recipient` with their BSUID (both: the phone wins). */
  to?: string;
  recipient?: string;
  type: 'text' | 'interactive' | 'template' | 'image' | 'document' | 'audio' | 'video' | 'sticker' | 'location' | 'reaction';
  context?: { message_id: string };
  biz_opaque_callback_data?: string;
  [typeKey: string]: unknown;
}

/** The mark-as-read body (same endpoint). */
export interface MarkReadBody {
  messaging_product: 'whatsapp';
  status: 'read';
  message_id: string;
  typing_indicator?: { type: 'text' };
}

export interface SendResult {
  messaging_product: 'whatsapp';
  /** Echoes the identifier used: `wa_id` for a send `to` a number, `user_id` for one to a `recipient` BSUID. */
  contacts: Array<{ input: string; wa_id?: string; user_id?: string }>;
  messages: Array<{ id: string; message_status?: string }>;
}

// ---------- wire shapes of webhooks (what Meta POSTs; parse.ts normalizes them) ----------

export interface WebhookNotification {
  object: 'whatsapp_business_account';
  entry: WebhookEntry[];
}

export interface WebhookEntry {
  /** WhatsApp Business Account id. */
  id: string;
  changes: WebhookChange[];
}

export interface WebhookChange {
  /** Only "messages" carries messages and statuses; other fields (template updates...) have other values. */
  field: string;
  value: WebhookMessagesValue;
}

export interface WebhookMessagesValue {
  messaging_product: 'whatsapp';
  metadata: { display_phone_number: string; phone_number_id: string };
  contacts?: WebhookContact[];
  messages?: WebhookMessage[];
  statuses?: WebhookStatus[];
  errors?: GraphErrorDetail[];
}

export interface WebhookContact {
  profile: { name: string; username?: string };
  /** Absent when the user adopted a username and the number is withheld (reference §1.10). */
  wa_id?: string;
  user_id?: string;
  parent_user_id?: string;
  identity_key_hash?: string;
}

/** One `messages[]` entry: `type` names the key holding the type's object (text, image...). */
export interface WebhookMessage {
  /** Absent when the number is withheld; `from_user_id` is always there since 2026. */
  from?: string;
  from_user_id?: string;
  id: string;
  /** Unix seconds, as a string. */
  timestamp: string;
  type: string;
  context?: { from?: string; id?: string };
  errors?: GraphErrorDetail[];
  [typeKey: string]: unknown;
}

export interface WebhookStatus {
  id: string;
  status: MessageStatusValue;
  /** Unix seconds, as a string. */
  timestamp: string;
  recipient_id?: string;
  recipient_user_id?: string;
  biz_opaque_callback_data?: string;
  conversation?: { id: string; expiration_timestamp?: string; origin: { type: string } };
  pricing?: { billable?: boolean; pricing_model: string; type?: string; category: string };
  errors?: GraphErrorDetail[];
}

// ---------- Graph API responses ----------

/** The body of every failed Graph call. */
export interface GraphErrorBody {
  error: {
    message: string;
    type: string;
    code: number;
    error_data?: { messaging_product?: 'whatsapp'; details?: string };
    error_subcode?: number;
    fbtrace_id?: string;
  };
}

/** GET /{version}/{media_id}: `url` is valid for 5 minutes and needs the bearer token. */
export interface MediaInfo {
  messaging_product?: 'whatsapp';
  url: string;
  mime_type: string;
  sha256: string;
  /** Meta sends the size as a string of digits. */
  file_size: string | number;
  id: string;
}

/** One entry of GET /{version}/{waba_id}/message_templates. */
export interface MessageTemplate {
  id?: string;
  name: string;
  language: string;
  status: string;
  category: string;
  components: Array<Record<string, unknown>>;
}
