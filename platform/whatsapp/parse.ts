/**
 * Webhook notification envelope (reference §1.4, §1.5) → normalized events.
 *
 * Strict about structure (a malformed envelope is a bug on the sender's side
 * and throws WebhookPayloadError naming the path), lenient about content
 * Meta may add later: unknown message types and interactive sub-types become
 * `unsupported`, unknown status values and non-"messages" fields are skipped.
 */
import { citizenKey, identityOf } from '../citizens/identity';
import { isRecord, jsonDepthExceeds } from './json';
import type {
  AnonymousMessageEvent,
  GraphErrorDetail,
  InboundMessage,
  MessageStatusValue,
  StatusEvent,
  WebhookErrorEvent,
  WebhookEvent,
} from './types';

export class WebhookPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookPayloadError';
  }
}

/** Where a `value` came from: copied onto each of its events. */
interface ValueOrigin {
  businessAccountId: string;
  phoneNumberId: string;
  displayPhoneNumber: string;
  /** `value.contacts[]`, by wa_id and by BSUID. */
  contacts: ReadonlyMap<string, ContactFields>;
}

interface ContactFields {
  wa_id?: string;
  user_id?: string;
  parent_user_id?: string;
  username?: string;
  profile_name?: string;
}

/** The type-specific part of an InboundMessage. */
type MessageContent = Pick<InboundMessage, 'type' | 'text' | 'reply' | 'media' | 'location' | 'reaction'>;

const STATUS_VALUES: ReadonlySet<string> = new Set<MessageStatusValue>(['sent', 'delivered', 'read', 'failed']);
const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'] as const;

/**
 * Meta's notifications nest about eight levels deep. Anything past this is
 * refused before JSON.parse: a deeply nested extra field would otherwise
 * reach code that recurses over it (cloning, encoding) and exhaust the stack.
 */
export const WEBHOOK_MAX_DEPTH = 32;
/** How far ahead of this host's clock a webhook's time may be; later times are taken as now. */
const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** Raw webhook bytes → events: depth bounded first, then JSON, then structure. */
export function parseWebhookBody(bytes: Buffer): WebhookEvent[] {
  if (jsonDepthExceeds(bytes, WEBHOOK_MAX_DEPTH)) throw new WebhookPayloadError(`body nests deeper than ${WEBHOOK_MAX_DEPTH} levels`);
  let body: unknown;
  try {
    body = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new WebhookPayloadError(`body is not valid JSON: ${(err as Error).message}`);
  }
  return parseWebhook(body);
}

export function parseWebhook(body: unknown): WebhookEvent[] {
  const envelope = requireRecord(body, 'body');
  if (envelope.object !== 'whatsapp_business_account') {
    throw new WebhookPayloadError(`object must be "whatsapp_business_account" (got ${JSON.stringify(envelope.object)})`);
  }
  const events: WebhookEvent[] = [];
  requireArray(envelope.entry, 'entry').forEach((rawEntry, i) => {
    const path = `entry[${i}]`;
    const entry = requireRecord(rawEntry, path);
    const businessAccountId = requireString(entry.id, `${path}.id`);
    requireArray(entry.changes, `${path}.changes`).forEach((rawChange, j) => {
      const changePath = `${path}.changes[${j}]`;
      const change = requireRecord(rawChange, changePath);
      if (change.field !== 'messages') return;
      events.push(...parseMessagesValue(change.value, `${changePath}.value`, businessAccountId));
    });
  });
  return events;
}

function parseMessagesValue(rawValue: unknown, path: string, businessAccountId: string): WebhookEvent[] {
  const value = requireRecord(rawValue, path);
  const metadata = requireRecord(value.metadata, `${path}.metadata`);
  const origin: ValueOrigin = {
    businessAccountId,
    phoneNumberId: requireString(metadata.phone_number_id, `${path}.metadata.phone_number_id`),
    displayPhoneNumber: requireString(metadata.display_phone_number, `${path}.metadata.display_phone_number`),
    contacts: parseContacts(value.contacts, `${path}.contacts`),
  };
  const messages = optionalArray(value.messages, `${path}.messages`).map((raw, i) =>
    parseMessage(raw, `${path}.messages[${i}]`, origin),
  );
  const statuses = optionalArray(value.statuses, `${path}.statuses`)
    .map((raw, i) => parseStatus(raw, `${path}.statuses[${i}]`, origin))
    .filter((status): status is StatusEvent => status !== null);
  const errors: WebhookErrorEvent[] =
    value.errors === undefined
      ? []
      : [{ kind: 'error', phoneNumberId: origin.phoneNumberId, errors: parseErrorDetails(value.errors, `${path}.errors`) }];
  return [...messages, ...statuses, ...errors];
}

/** Since 2026 a contact may carry a BSUID and a username, and no wa_id at all (reference §1.10). */
function parseContacts(rawContacts: unknown, path: string): Map<string, ContactFields> {
  const contacts = new Map<string, ContactFields>();
  optionalArray(rawContacts, path).forEach((raw, i) => {
    const contact = requireRecord(raw, `${path}[${i}]`);
    const profile = isRecord(contact.profile) ? contact.profile : {};
    const fields: ContactFields = withoutUndefined({
      wa_id: optionalString(contact.wa_id),
      user_id: optionalString(contact.user_id),
      parent_user_id: optionalString(contact.parent_user_id),
      username: optionalString(profile.username),
      profile_name: optionalString(profile.name),
    });
    if (fields.wa_id) contacts.set(fields.wa_id, fields);
    if (fields.user_id) contacts.set(fields.user_id, fields);
  });
  return contacts;
}

function parseMessage(rawMessage: unknown, path: string, origin: ValueOrigin): InboundMessage | AnonymousMessageEvent {
  const raw = requireRecord(rawMessage, path);
  const id = requireString(raw.id, `${path}.id`);
  const from = optionalString(raw.from);
  const fromUserId = optionalString(raw.from_user_id);
  const contact = (from !== undefined ? origin.contacts.get(from) : undefined) ?? (fromUserId !== undefined ? origin.contacts.get(fromUserId) : undefined) ?? {};
  const citizen = identityOf({ ...contact, wa_id: from ?? contact.wa_id, user_id: fromUserId ?? contact.user_id });
  // Neither a phone number nor a BSUID: nobody to answer or to key state by.
  if (!citizen) return { kind: 'anonymous', id, phoneNumberId: origin.phoneNumberId };
  const message: InboundMessage = {
    kind: 'message',
    id,
    phoneNumberId: origin.phoneNumberId,
    displayPhoneNumber: origin.displayPhoneNumber,
    businessAccountId: origin.businessAccountId,
    citizen,
    citizenKey: citizenKey(origin.phoneNumberId, citizen),
    timestamp: requireTimestamp(raw.timestamp, `${path}.timestamp`),
    ...parseContent(raw, path),
  };
  if (isRecord(raw.context)) {
    message.context = { from: optionalString(raw.context.from), id: optionalString(raw.context.id) };
  }
  if (raw.errors !== undefined) message.errors = parseErrorDetails(raw.errors, `${path}.errors`);
  return message;
}

function parseContent(raw: Record<string, unknown>, path: string): MessageContent {
  const type = requireString(raw.type, `${path}.type`);
  // `unsupported` itself has no object of its own: Meta explains it in `errors[]`.
  const parser = Object.hasOwn(CONTENT_PARSERS, type) ? CONTENT_PARSERS[type] : undefined;
  if (!parser) return { type: 'unsupported' };
  return parser(requireRecord(raw[type], `${path}.${type}`), `${path}.${type}`);
}

type ContentParser = (object: Record<string, unknown>, path: string) => MessageContent;

const parseMedia =
  (type: (typeof MEDIA_TYPES)[number]): ContentParser =>
  (object, path) => ({
    type,
    media: withoutUndefined({
      id: requireString(object.id, `${path}.id`),
      mime_type: requireString(object.mime_type, `${path}.mime_type`),
      sha256: optionalString(object.sha256),
      caption: optionalString(object.caption),
      filename: optionalString(object.filename),
      voice: optionalBoolean(object.voice),
      animated: optionalBoolean(object.animated),
    }),
  });

const CONTENT_PARSERS: Readonly<Record<string, ContentParser | undefined>> = {
  text: (object, path) => ({ type: 'text', text: requireText(object.body, `${path}.body`) }),
  interactive: parseInteractive,
  // A template quick-reply: the payload chosen at send time identifies the button.
  button: (object, path) => {
    const label = optionalString(object.text);
    // An empty payload is no payload: the button is known by its text then.
    const payload = optionalString(object.payload) || label;
    if (payload === undefined) throw new WebhookPayloadError(`${path} must have a payload or text`);
    return { type: 'button', reply: { kind: 'quick_reply', id: payload, title: label ?? payload } };
  },
  ...Object.fromEntries(MEDIA_TYPES.map((type) => [type, parseMedia(type)])),
  location: (object, path) => ({
    type: 'location',
    location: withoutUndefined({
      latitude: requireNumber(object.latitude, `${path}.latitude`),
      longitude: requireNumber(object.longitude, `${path}.longitude`),
      name: optionalString(object.name),
      address: optionalString(object.address),
      url: optionalString(object.url),
    }),
  }),
  // Meta omits the emoji when the citizen removes a reaction: normalized to ''.
  reaction: (object, path) => ({
    type: 'reaction',
    reaction: { message_id: requireString(object.message_id, `${path}.message_id`), emoji: optionalString(object.emoji) ?? '' },
  }),
};

function parseInteractive(object: Record<string, unknown>, path: string): MessageContent {
  const kind = object.type;
  if (kind !== 'button_reply' && kind !== 'list_reply') return { type: 'unsupported' };
  const reply = requireRecord(object[kind], `${path}.${kind}`);
  return {
    type: 'interactive',
    reply: withoutUndefined<NonNullable<InboundMessage['reply']>>({
      kind,
      id: requireString(reply.id, `${path}.${kind}.id`),
      title: requireText(reply.title, `${path}.${kind}.title`),
      description: optionalString(reply.description),
    }),
  };
}

function parseStatus(rawStatus: unknown, path: string, origin: ValueOrigin): StatusEvent | null {
  const raw = requireRecord(rawStatus, path);
  const status = requireString(raw.status, `${path}.status`);
  // Statuses outside the four documented ones (legacy "deleted", "warning") carry nothing we act on.
  if (!STATUS_VALUES.has(status)) return null;
  const event: StatusEvent = {
    kind: 'status',
    id: requireString(raw.id, `${path}.id`),
    phoneNumberId: origin.phoneNumberId,
    status: status as MessageStatusValue,
    // A citizen whose phone is withheld is known by BSUID only.
    recipientId: optionalString(raw.recipient_id) ?? requireString(raw.recipient_user_id, `${path}.recipient_id`),
    timestamp: requireTimestamp(raw.timestamp, `${path}.timestamp`),
  };
  const bizOpaqueCallbackData = optionalString(raw.biz_opaque_callback_data);
  if (bizOpaqueCallbackData !== undefined) event.bizOpaqueCallbackData = bizOpaqueCallbackData;
  if (isRecord(raw.pricing)) event.pricing = raw.pricing;
  if (isRecord(raw.conversation)) event.conversation = raw.conversation;
  if (raw.errors !== undefined) event.errors = parseErrorDetails(raw.errors, `${path}.errors`);
  return event;
}

function parseErrorDetails(rawErrors: unknown, path: string): GraphErrorDetail[] {
  return requireArray(rawErrors, path).map((rawError, i) => {
    const error = requireRecord(rawError, `${path}[${i}]`);
    const code = requireNumber(error.code, `${path}[${i}].code`);
    // Older payloads put `details` beside the code instead of under error_data.
    const legacyDetails = optionalString(error.details);
    const errorData = isRecord(error.error_data) ? error.error_data : legacyDetails !== undefined ? { details: legacyDetails } : undefined;
    return withoutUndefined({
      code,
      title: optionalString(error.title),
      message: optionalString(error.message),
      error_data: errorData,
      href: optionalString(error.href),
    });
  });
}

// ---------- structural checks: each names the path it rejects ----------

function requireRecord(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) throw new WebhookPayloadError(`${path} must be an object (got ${describe(value)})`);
  return value;
}

function requireArray(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) throw new WebhookPayloadError(`${path} must be an array (got ${describe(value)})`);
  return value;
}

function optionalArray(value: unknown, path: string): unknown[] {
  return value === undefined ? [] : requireArray(value, path);
}

/** Ids, wa_ids and types: never empty. */
function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value === '') {
    throw new WebhookPayloadError(`${path} must be a non-empty string (got ${describe(value)})`);
  }
  return value;
}

/** Citizen-typed text: may be anything, even empty. */
function requireText(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new WebhookPayloadError(`${path} must be a string (got ${describe(value)})`);
  return value;
}

function requireNumber(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new WebhookPayloadError(`${path} must be a number (got ${describe(value)})`);
  }
  return value;
}

/** Meta sends Unix seconds as a string of digits. */
function requireTimestamp(value: unknown, path: string): Date {
  const seconds = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : typeof value === 'number' ? value : NaN;
  if (!Number.isFinite(seconds)) {
    throw new WebhookPayloadError(`${path} must be Unix seconds as a string (got ${describe(value)})`);
  }
  // Meta's clock, not a free field: a time a day ahead would pin the 24-hour window open.
  const at = new Date(Math.min(seconds * 1000, Date.now() + MAX_CLOCK_SKEW_MS));
  if (Number.isNaN(at.getTime())) throw new WebhookPayloadError(`${path} is not a time (got ${describe(value)})`);
  return at;
}

function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function optionalBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

/** Normalized objects leave absent fields out rather than carrying `undefined`. */
function withoutUndefined<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, v]) => v !== undefined)) as T;
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : JSON.stringify(value);
}
