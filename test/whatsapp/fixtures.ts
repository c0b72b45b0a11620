/**
 * Builders of webhook payloads exactly as Meta sends them (reference §1.4,
 * §1.5), with the reference's example values as defaults. Shared by the
 * parser tests and the simulator's tests: every builder takes overrides.
 */
import type {
  GraphErrorDetail,
  WebhookContact,
  WebhookEntry,
  WebhookMessage,
  WebhookMessagesValue,
  WebhookNotification,
  WebhookStatus,
} from '../../platform/whatsapp/types';

export const WABA_ID = '102290129340398';
export const PHONE_NUMBER_ID = '106540352242922';
export const DISPLAY_PHONE_NUMBER = '15550783881';
export const CITIZEN_WA_ID = '16505551234';
export const CITIZEN_NAME = 'Sheena Nelson';
/** 2025-02-12T00:43:44Z */
export const TIMESTAMP = '1739321024';
export const BUSINESS_MESSAGE_ID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA';

let sequence = 0;
/** A fresh inbound wamid per call (ids are the de-duplication key). */
export function wamid(): string {
  sequence += 1;
  return `wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0${String(sequence).padStart(4, '0')}`;
}

// ---------- envelope ----------

export function notification(...entries: WebhookEntry[]): WebhookNotification {
  return { object: 'whatsapp_business_account', entry: entries };
}

/** One entry whose changes are all `field: "messages"` with these values. */
export function entry(values: WebhookMessagesValue[], wabaId: string = WABA_ID): WebhookEntry {
  return { id: wabaId, changes: values.map((value) => ({ field: 'messages', value })) };
}

export function messagesValue(
  parts: Pick<WebhookMessagesValue, 'contacts' | 'messages' | 'statuses' | 'errors'>,
  metadata: WebhookMessagesValue['metadata'] = { display_phone_number: DISPLAY_PHONE_NUMBER, phone_number_id: PHONE_NUMBER_ID },
): WebhookMessagesValue {
  return { messaging_product: 'whatsapp', metadata, ...parts };
}

export function contact(waId: string = CITIZEN_WA_ID, name: string = CITIZEN_NAME): WebhookContact {
  return { profile: { name }, wa_id: waId };
}

/** The common case: one citizen message, with its sender's contact. */
export function messageNotification(message: WebhookMessage, name: string = CITIZEN_NAME): WebhookNotification {
  return notification(entry([messagesValue({ contacts: [contact(message.from, name)], messages: [message] })]));
}

export function statusNotification(...statuses: WebhookStatus[]): WebhookNotification {
  return notification(entry([messagesValue({ statuses })]));
}

/** Value-level `errors[]`: an out-of-band problem not tied to a message. */
export function errorNotification(...errors: GraphErrorDetail[]): WebhookNotification {
  return notification(entry([messagesValue({ errors })]));
}

// ---------- messages[] (one builder per type of the reference table) ----------

type MessageOverrides = Partial<WebhookMessage>;

function message(type: string, object: Record<string, unknown> | undefined, overrides: MessageOverrides): WebhookMessage {
  return { from: CITIZEN_WA_ID, id: wamid(), timestamp: TIMESTAMP, type, ...(object ? { [type]: object } : {}), ...overrides };
}

/** `context` of a tap on something the business sent. */
export function replyContext(id: string = BUSINESS_MESSAGE_ID): { from: string; id: string } {
  return { from: DISPLAY_PHONE_NUMBER, id };
}

export function textMessage(body = 'hello', overrides: MessageOverrides = {}): WebhookMessage {
  return message('text', { body }, overrides);
}

export function buttonReplyMessage(id = 'yes', title = 'Yes', overrides: MessageOverrides = {}): WebhookMessage {
  return message('interactive', { type: 'button_reply', button_reply: { id, title } }, { context: replyContext(), ...overrides });
}

export function listReplyMessage(id = 'r1', title = 'Income certificate', description = 'Apply or track', overrides: MessageOverrides = {}): WebhookMessage {
  return message('interactive', { type: 'list_reply', list_reply: { id, title, description } }, { context: replyContext(), ...overrides });
}

/** A template quick-reply button tapped (`type: "button"`). */
export function quickReplyMessage(payload = 'STOP', text = 'Stop promotions', overrides: MessageOverrides = {}): WebhookMessage {
  return message('button', { payload, text }, { context: replyContext(), ...overrides });
}

interface MediaFields {
  id?: string;
  mime_type?: string;
  sha256?: string;
  caption?: string;
  filename?: string;
  url?: string;
  voice?: boolean;
  animated?: boolean;
}

function mediaMessage(type: string, defaults: MediaFields, fields: MediaFields, overrides: MessageOverrides): WebhookMessage {
  return message(type, { sha256: 'u9Sf0/yZf/M5MtVH9xvqkwQ3pPdSc1ikvLaQ7z2eDx0=', id: '1479537139650973', ...defaults, ...fields }, overrides);
}

export function imageMessage(fields: MediaFields = {}, overrides: MessageOverrides = {}): WebhookMessage {
  return mediaMessage(
    'image',
    { caption: 'Ration card', mime_type: 'image/jpeg', url: 'https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1479537139650973' },
    fields,
    overrides,
  );
}

export function documentMessage(fields: MediaFields = {}, overrides: MessageOverrides = {}): WebhookMessage {
  return mediaMessage('document', { caption: 'Land record', filename: 'pahani.pdf', mime_type: 'application/pdf' }, fields, overrides);
}

export function audioMessage(fields: MediaFields = {}, overrides: MessageOverrides = {}): WebhookMessage {
  return mediaMessage('audio', { mime_type: 'audio/ogg; codecs=opus', voice: true }, fields, overrides);
}

export function videoMessage(fields: MediaFields = {}, overrides: MessageOverrides = {}): WebhookMessage {
  return mediaMessage('video', { mime_type: 'video/mp4' }, fields, overrides);
}

export function stickerMessage(fields: MediaFields = {}, overrides: MessageOverrides = {}): WebhookMessage {
  return mediaMessage('sticker', { mime_type: 'image/webp', animated: false }, fields, overrides);
}

export function locationMessage(
  location: { latitude: number; longitude: number; name?: string; address?: string; url?: string } = {
    latitude: 17.385044,
    longitude: 78.486671,
    name: 'Mandal office',
    address: 'Abids, Hyderabad',
  },
  overrides: MessageOverrides = {},
): WebhookMessage {
  return message('location', location, overrides);
}

/** emoji null: the citizen removed their reaction (Meta then omits `emoji`). */
export function reactionMessage(messageId: string = BUSINESS_MESSAGE_ID, emoji: string | null = '👍', overrides: MessageOverrides = {}): WebhookMessage {
  return message('reaction', emoji === null ? { message_id: messageId } : { message_id: messageId, emoji }, overrides);
}

export function unsupportedMessage(overrides: MessageOverrides = {}): WebhookMessage {
  return message('unsupported', undefined, {
    errors: [
      {
        code: 131051,
        title: 'Unsupported message type',
        message: 'Unsupported message type',
        error_data: { details: 'Message type is currently not supported.' },
      },
    ],
    ...overrides,
  });
}

// ---------- statuses[] ----------

type StatusOverrides = Partial<WebhookStatus>;

function status(value: WebhookStatus['status'], overrides: StatusOverrides): WebhookStatus {
  return { id: BUSINESS_MESSAGE_ID, status: value, timestamp: '1750857384', recipient_id: CITIZEN_WA_ID, ...overrides };
}

const PRICING: NonNullable<WebhookStatus['pricing']> = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' };
const CONVERSATION: NonNullable<WebhookStatus['conversation']> = {
  id: 'd2a4e1b1c3f0e6a7b8c9d0e1f2a3b4c5',
  expiration_timestamp: '1750943820',
  origin: { type: 'service' },
};

/** `sent` carries pricing (and, before v24.0, conversation). */
export function sentStatus(overrides: StatusOverrides = {}): WebhookStatus {
  return status('sent', { conversation: CONVERSATION, pricing: PRICING, ...overrides });
}

export function deliveredStatus(overrides: StatusOverrides = {}): WebhookStatus {
  return status('delivered', { conversation: CONVERSATION, pricing: PRICING, ...overrides });
}

export function readStatus(overrides: StatusOverrides = {}): WebhookStatus {
  return status('read', overrides);
}

export function failedStatus(code = 131047, title = 'Re-engagement message', details = 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.', overrides: StatusOverrides = {}): WebhookStatus {
  return status('failed', {
    errors: [{ code, title, message: title, error_data: { details }, href: '/docs/whatsapp/cloud-api/support/error-codes/' }],
    ...overrides,
  });
}
