/**
 * The limits Meta enforces on a send body (reference §1.6). Our client
 * refuses locally what Meta would refuse (no wasted call, a precise field
 * path); the simulator answers with the same code so the sandbox fails the
 * way production does.
 *
 * Lengths count Unicode code points (a Telugu letter or an emoji is one).
 */
import { BSUID_RULE, PHONE_RULE, isBsuid, isPhoneNumber } from '../citizens/identity';
import { MessageLimitError } from './errors';
import { isRecord } from './json';
import type { MarkReadBody, OutboundMessageBody } from './types';

export interface LimitViolation {
  code: number;
  /** Path of the offending field, e.g. `interactive.action.sections[0].rows[2].title`. */
  field: string;
  details: string;
}

/** Invalid parameter. */
const INVALID = 100;
/** Required parameter is missing: Meta's code for required fields inside the type's object. */
const MISSING = 131008;

type MediaType = 'image' | 'document' | 'audio' | 'video' | 'sticker';
/** http links are refused like Meta does, except to this machine, so the sandbox can serve media. */
const LOCAL_HOSTS: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The first limit a send (or mark-read) body breaks, or null when Meta would accept it. */
export function checkOutboundMessage(body: unknown): LimitViolation | null {
  try {
    assertOutboundMessage(body);
    return null;
  } catch (error) {
    if (error instanceof MessageLimitError) return { code: error.code, field: error.field, details: error.message };
    throw error;
  }
}

/** Throws MessageLimitError for the first limit the body breaks. */
export function assertOutboundMessage(body: unknown): asserts body is OutboundMessageBody | MarkReadBody {
  const message = requireObject(body, '');
  if (message.messaging_product === undefined) refuse(INVALID, 'messaging_product', 'The parameter messaging_product is required.');
  if (message.messaging_product !== 'whatsapp') refuse(INVALID, 'messaging_product', 'messaging_product must be "whatsapp"');
  if (message.status !== undefined) {
    checkMarkRead(message);
    return;
  }

  if (message.recipient_type !== undefined && message.recipient_type !== 'individual') {
    refuse(INVALID, 'recipient_type', 'recipient_type must be "individual"');
  }
  // A citizen whose phone is withheld is written to by BSUID in `recipient` (reference §1.10).
  if (message.to === undefined && message.recipient === undefined) refuse(INVALID, 'to', 'The parameter to (or recipient) is required.');
  if (message.to !== undefined && !(typeof message.to === 'string' && isPhoneNumber(message.to.replace(/^\+/, '')))) {
    refuse(INVALID, 'to', `to must be ${PHONE_RULE}, optionally with +`);
  }
  if (message.recipient !== undefined && !isBsuid(message.recipient)) refuse(INVALID, 'recipient', `recipient must be ${BSUID_RULE}`);
  // Meta sends a text message when `type` is left out.
  const type = message.type ?? 'text';
  if (typeof type !== 'string' || !Object.hasOwn(TYPE_CHECKS, type)) {
    refuse(INVALID, 'type', `type must be one of ${Object.keys(TYPE_CHECKS).join(', ')} (got ${JSON.stringify(type)})`);
  }
  TYPE_CHECKS[type as OutboundMessageBody['type']](requiredObject(message, type, ''), type);

  const context = optionalObject(message, 'context', '');
  if (context) requiredText(context, 'message_id', 'context', ANY_LENGTH);
  optionalText(message, 'biz_opaque_callback_data', '', { max: 512 });
}

type TypeCheck = (object: Record<string, unknown>, path: string) => void;

const TYPE_CHECKS: Readonly<Record<OutboundMessageBody['type'], TypeCheck>> = {
  text: checkTextMessage,
  interactive: checkInteractive,
  template: checkTemplate,
  image: mediaCheck('image'),
  document: mediaCheck('document'),
  audio: mediaCheck('audio'),
  video: mediaCheck('video'),
  sticker: mediaCheck('sticker'),
  location: checkLocation,
  reaction: checkReaction,
};

function checkMarkRead(message: Record<string, unknown>): void {
  if (message.status !== 'read') refuse(INVALID, 'status', 'status must be "read"');
  requiredText(message, 'message_id', '', ANY_LENGTH);
  const typing = optionalObject(message, 'typing_indicator', '');
  if (typing && typing.type !== 'text') refuse(INVALID, 'typing_indicator.type', 'typing_indicator.type must be "text"');
}

function checkTextMessage(text: Record<string, unknown>, path: string): void {
  requiredText(text, 'body', path, { max: 4096 });
  optionalBoolean(text, 'preview_url', path);
}

// ---------- interactive ----------

function checkInteractive(interactive: Record<string, unknown>, path: string): void {
  const kind = interactive.type;
  if (kind === undefined) refuse(MISSING, `${path}.type`, `Parameter '${path}.type' is required`);
  if (kind !== 'button' && kind !== 'list') {
    refuse(INVALID, `${path}.type`, `${path}.type must be "button" or "list" (got ${JSON.stringify(kind)})`);
  }
  const header = optionalObject(interactive, 'header', path);
  if (header) checkInteractiveHeader(header, `${path}.header`, kind);
  requiredText(requiredObject(interactive, 'body', path), 'text', `${path}.body`, { max: 1024 });
  const footer = optionalObject(interactive, 'footer', path);
  if (footer) requiredText(footer, 'text', `${path}.footer`, { max: 60 });
  const action = requiredObject(interactive, 'action', path);
  if (kind === 'button') checkReplyButtons(action, `${path}.action`);
  else checkListAction(action, `${path}.action`);
}

/** Reply-button messages may have a text or media header; lists only a text one. */
function checkInteractiveHeader(header: Record<string, unknown>, path: string, kind: 'button' | 'list'): void {
  const allowed = kind === 'button' ? ['text', 'image', 'video', 'document'] : ['text'];
  const type = header.type;
  if (type === undefined) refuse(MISSING, `${path}.type`, `Parameter '${path}.type' is required`);
  if (typeof type !== 'string' || !allowed.includes(type)) {
    refuse(INVALID, `${path}.type`, `${path}.type must be one of ${allowed.join(', ')} for ${kind} messages`);
  }
  if (type === 'text') requiredText(header, 'text', path, { max: 60 });
  else checkMediaSource(requiredObject(header, type, path), `${path}.${type}`);
}

function checkReplyButtons(action: Record<string, unknown>, path: string): void {
  const buttons = requiredArray(action, 'buttons', path, { min: 1, max: 3 });
  const ids = new Set<string>();
  const titles = new Set<string>();
  buttons.forEach((raw, i) => {
    const buttonPath = `${path}.buttons[${i}]`;
    const button = requireObject(raw, buttonPath);
    if (button.type !== 'reply') refuse(INVALID, `${buttonPath}.type`, `${buttonPath}.type must be "reply"`);
    const reply = requiredObject(button, 'reply', buttonPath);
    const id = requiredText(reply, 'id', `${buttonPath}.reply`, { max: 256 });
    if (id.trim() !== id) refuse(INVALID, `${buttonPath}.reply.id`, `${buttonPath}.reply.id must not start or end with spaces`);
    const title = requiredText(reply, 'title', `${buttonPath}.reply`, { max: 20 });
    requireUnique(ids, id, `${buttonPath}.reply.id`);
    requireUnique(titles, title, `${buttonPath}.reply.title`);
  });
}

function checkListAction(action: Record<string, unknown>, path: string): void {
  requiredText(action, 'button', path, { max: 20 });
  const sections = requiredArray(action, 'sections', path, { min: 1, max: 10 });
  const rowIds = new Set<string>();
  let rowCount = 0;
  sections.forEach((raw, i) => {
    const sectionPath = `${path}.sections[${i}]`;
    const section = requireObject(raw, sectionPath);
    if (sections.length > 1) requiredText(section, 'title', sectionPath, { max: 24 });
    else optionalText(section, 'title', sectionPath, { max: 24 });
    const rows = requiredArray(section, 'rows', sectionPath, { min: 1, max: 10 });
    rows.forEach((rawRow, j) => {
      const rowPath = `${sectionPath}.rows[${j}]`;
      const row = requireObject(rawRow, rowPath);
      requireUnique(rowIds, requiredText(row, 'id', rowPath, { max: 200 }), `${rowPath}.id`);
      requiredText(row, 'title', rowPath, { max: 24 });
      optionalText(row, 'description', rowPath, { max: 72 });
      rowCount += 1;
      if (rowCount > 10) refuse(INVALID, rowPath, `a list may have at most 10 rows in total across its sections (${rowPath} is row ${rowCount})`);
    });
  });
}

// ---------- template ----------

/** Parameter types whose value sits under a key of the same name, and what that value must be. */
const TEMPLATE_PARAMETER_VALUES: Readonly<Record<string, 'string' | 'object' | 'media'>> = {
  text: 'string',
  payload: 'string',
  coupon_code: 'string',
  currency: 'object',
  date_time: 'object',
  location: 'object',
  action: 'object',
  image: 'media',
  video: 'media',
  document: 'media',
};

function checkTemplate(template: Record<string, unknown>, path: string): void {
  requiredText(template, 'name', path, { max: 512 });
  const language = requiredObject(template, 'language', path);
  requiredText(language, 'code', `${path}.language`, ANY_LENGTH);
  const components = template.components === undefined ? [] : requiredArray(template, 'components', path, { min: 0, max: Infinity });
  components.forEach((raw, i) => checkTemplateComponent(requireObject(raw, `${path}.components[${i}]`), `${path}.components[${i}]`));
}

function checkTemplateComponent(component: Record<string, unknown>, path: string): void {
  requiredText(component, 'type', path, ANY_LENGTH);
  if (component.type === 'button') {
    requiredText(component, 'sub_type', path, ANY_LENGTH);
    const index = component.index;
    if (index === undefined) refuse(MISSING, `${path}.index`, `Parameter '${path}.index' is required`);
    if (!(typeof index === 'number' || typeof index === 'string') || !/^\d+$/.test(String(index))) {
      refuse(INVALID, `${path}.index`, `${path}.index must be a button position such as "0"`);
    }
  }
  if (component.parameters === undefined) return;
  requiredArray(component, 'parameters', path, { min: 0, max: Infinity }).forEach((raw, i) => {
    const parameterPath = `${path}.parameters[${i}]`;
    const parameter = requireObject(raw, parameterPath);
    const type = requiredText(parameter, 'type', parameterPath, ANY_LENGTH);
    optionalText(parameter, 'parameter_name', parameterPath, ANY_LENGTH);
    const value = TEMPLATE_PARAMETER_VALUES[type];
    if (value === 'string') requiredText(parameter, type, parameterPath, ANY_LENGTH);
    else if (value === 'object') requiredObject(parameter, type, parameterPath);
    else if (value === 'media') checkMediaSource(requiredObject(parameter, type, parameterPath), `${parameterPath}.${type}`);
  });
}

// ---------- media, location, reaction ----------

function mediaCheck(type: MediaType): TypeCheck {
  return (media, path) => {
    checkMediaSource(media, path);
    if (type === 'audio' || type === 'sticker') {
      if (media.caption !== undefined) refuse(INVALID, `${path}.caption`, `${type} messages cannot have a caption`);
    } else {
      optionalText(media, 'caption', path, { max: 1024 });
    }
    if (type === 'document') optionalText(media, 'filename', path, ANY_LENGTH);
    else if (media.filename !== undefined) refuse(INVALID, `${path}.filename`, 'only documents have a filename');
  };
}

/** Exactly one of an uploaded media `id` or a public https `link`. */
function checkMediaSource(media: Record<string, unknown>, path: string): void {
  const hasId = media.id !== undefined;
  const hasLink = media.link !== undefined;
  if (hasId && hasLink) refuse(INVALID, path, `${path} must have either id or link, not both`);
  if (!hasId && !hasLink) refuse(MISSING, `${path}.id`, `Parameter '${path}.id' or '${path}.link' is required`);
  if (hasId) {
    requiredText(media, 'id', path, ANY_LENGTH);
    return;
  }
  const link = requiredText(media, 'link', path, ANY_LENGTH);
  if (!isAllowedMediaLink(link)) {
    refuse(INVALID, `${path}.link`, `${path}.link must be an https URL (http only to localhost)`);
  }
}

function isAllowedMediaLink(link: string): boolean {
  if (!URL.canParse(link)) return false;
  const url = new URL(link);
  return url.protocol === 'https:' || (url.protocol === 'http:' && LOCAL_HOSTS.has(url.hostname));
}

function checkLocation(location: Record<string, unknown>, path: string): void {
  requiredNumber(location, 'latitude', path, 90);
  requiredNumber(location, 'longitude', path, 180);
  optionalText(location, 'name', path, ANY_LENGTH);
  optionalText(location, 'address', path, ANY_LENGTH);
}

/** An empty emoji removes an earlier reaction. */
function checkReaction(reaction: Record<string, unknown>, path: string): void {
  requiredText(reaction, 'message_id', path, ANY_LENGTH);
  if (reaction.emoji === undefined) refuse(MISSING, `${path}.emoji`, `Parameter '${path}.emoji' is required`);
  if (typeof reaction.emoji !== 'string') refuse(INVALID, `${path}.emoji`, `${path}.emoji must be a string`);
}

// ---------- field checks: each refuses with the field's path ----------

interface LengthRange {
  min?: number;
  max: number;
}

/** Non-empty, no upper bound of our own. */
const ANY_LENGTH: LengthRange = { max: Infinity };

function refuse(code: number, field: string, details: string): never {
  throw new MessageLimitError(code, field, details);
}

function fieldPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

function requireObject(value: unknown, path: string): Record<string, unknown> {
  if (!isRecord(value)) refuse(INVALID, path, `${path || 'the message'} must be a JSON object`);
  return value;
}

function requiredObject(parent: Record<string, unknown>, key: string, path: string): Record<string, unknown> {
  const field = fieldPath(path, key);
  if (parent[key] === undefined) refuse(MISSING, field, `Parameter '${field}' is required`);
  return requireObject(parent[key], field);
}

function optionalObject(parent: Record<string, unknown>, key: string, path: string): Record<string, unknown> | undefined {
  return parent[key] === undefined ? undefined : requireObject(parent[key], fieldPath(path, key));
}

function requiredText(parent: Record<string, unknown>, key: string, path: string, range: LengthRange): string {
  const field = fieldPath(path, key);
  if (parent[key] === undefined) refuse(MISSING, field, `Parameter '${field}' is required`);
  return checkString(parent[key], field, range);
}

function optionalText(parent: Record<string, unknown>, key: string, path: string, range: LengthRange): void {
  if (parent[key] !== undefined) checkString(parent[key], fieldPath(path, key), range);
}

function checkString(value: unknown, field: string, { min = 1, max }: LengthRange): string {
  if (typeof value !== 'string') refuse(INVALID, field, `${field} must be a string`);
  const length = [...value].length;
  if (length < min || length > max) {
    const bound = max === Infinity ? `at least ${min} character${min === 1 ? '' : 's'}` : `${min} to ${max} characters`;
    refuse(INVALID, field, `${field} must be ${bound} (got ${length})`);
  }
  return value;
}

function requiredArray(parent: Record<string, unknown>, key: string, path: string, { min, max }: { min: number; max: number }): unknown[] {
  const field = fieldPath(path, key);
  const value = parent[key];
  if (value === undefined) refuse(MISSING, field, `Parameter '${field}' is required`);
  if (!Array.isArray(value)) refuse(INVALID, field, `${field} must be an array`);
  if (value.length < min || value.length > max) {
    refuse(INVALID, field, `${field} must have ${max === Infinity ? `at least ${min}` : `${min} to ${max}`} items (got ${value.length})`);
  }
  return value;
}

function requiredNumber(parent: Record<string, unknown>, key: string, path: string, absMax: number): void {
  const field = fieldPath(path, key);
  const value = parent[key];
  if (value === undefined) refuse(MISSING, field, `Parameter '${field}' is required`);
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > absMax) {
    refuse(INVALID, field, `${field} must be a number from -${absMax} to ${absMax}`);
  }
}

function optionalBoolean(parent: Record<string, unknown>, key: string, path: string): void {
  if (parent[key] !== undefined && typeof parent[key] !== 'boolean') refuse(INVALID, fieldPath(path, key), `${fieldPath(path, key)} must be true or false`);
}

function requireUnique(seen: Set<string>, value: string, field: string): void {
  if (seen.has(value)) refuse(INVALID, field, `${field} ${JSON.stringify(value)} is a duplicate; it must be unique within the message`);
  seen.add(value);
}
