/**
 * Builds Graph API message bodies from the short forms flows write, so an
 * integrator sets `{ body, buttons: [{id, title}] }` instead of Meta's nested
 * interactive object. A full Graph message object (with `type`) passes through.
 * Limits are checked later, in one place (limits.ts), for every body.
 */
import type { OutboundMessageBody } from './types';

export const MESSAGE_KINDS = ['auto', 'text', 'buttons', 'list', 'template', 'document', 'image', 'audio', 'video', 'location'] as const;
export type MessageKind = (typeof MESSAGE_KINDS)[number];

export class ComposeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ComposeError';
  }
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface ComposeExtras {
  /** wamid of the citizen's message this one answers (shown as a quote). */
  replyTo?: string;
  /** Echoed back in this message's status webhooks. */
  bizOpaqueCallbackData?: string;
}

/** `to` a phone number, or `{ to }` / `{ recipient }` from citizens/identity.ts addressOf(). */
export function composeMessage(to: string | { to: string } | { recipient: string }, kind: MessageKind, content: unknown, extras: ComposeExtras = {}): OutboundMessageBody {
  const typed = build(kind === 'auto' ? detectKind(content) : kind, content);
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...(typeof to === 'string' ? { to } : to),
    ...typed,
    ...(extras.replyTo ? { context: { message_id: extras.replyTo } } : {}),
    ...(extras.bizOpaqueCallbackData ? { biz_opaque_callback_data: extras.bizOpaqueCallbackData } : {}),
  } as OutboundMessageBody;
}

function detectKind(content: unknown): MessageKind | 'graph' {
  if (typeof content === 'string') return 'text';
  if (!isObj(content)) throw new ComposeError('message content must be text or an object');
  if (typeof content.type === 'string' && content.type in content) return 'graph';
  if (Array.isArray(content.buttons)) return 'buttons';
  if (Array.isArray(content.sections) || Array.isArray(content.rows)) return 'list';
  if (typeof content.name === 'string' && content.language !== undefined) return 'template';
  if (content.latitude !== undefined && content.longitude !== undefined) return 'location';
  if (typeof content.body === 'string' || typeof content.text === 'string') return 'text';
  throw new ComposeError('cannot tell which message this is: give `type`, or text, buttons, rows/sections, a template name and language, or a location');
}

function build(kind: MessageKind | 'graph', content: unknown): Obj {
  switch (kind) {
    case 'graph': {
      const { messaging_product: _mp, to: _to, recipient_type: _rt, ...message } = content as Obj;
      return message;
    }
    case 'text':
      return { type: 'text', text: textOf(content) };
    case 'buttons':
      return { type: 'interactive', interactive: buttons(need(content, 'buttons')) };
    case 'list':
      return { type: 'interactive', interactive: list(need(content, 'list')) };
    case 'template':
      return { type: 'template', template: template(need(content, 'template')) };
    case 'location': {
      const c = need(content, 'location');
      return { type: 'location', location: pick(c, ['latitude', 'longitude', 'name', 'address']) };
    }
    case 'document':
    case 'image':
    case 'audio':
    case 'video': {
      const media = typeof content === 'string' ? { link: content } : pick(need(content, kind), ['id', 'link', 'caption', 'filename']);
      if (kind !== 'document') delete media.filename;
      if (kind === 'audio') delete media.caption;
      return { type: kind, [kind]: media };
    }
    case 'auto':
      throw new ComposeError('unreachable');
  }
}

function textOf(content: unknown): Obj {
  if (typeof content === 'string') return { body: content };
  const c = need(content, 'text');
  const body = c.body ?? c.text;
  if (typeof body !== 'string') throw new ComposeError('a text message needs `body` (or `text`)');
  return { body, ...(c.preview_url === true ? { preview_url: true } : {}) };
}

function frame(c: Obj): Obj {
  if (typeof c.body !== 'string') throw new ComposeError('an interactive message needs `body` text');
  return {
    ...(typeof c.header === 'string' ? { header: { type: 'text', text: c.header } } : isObj(c.header) ? { header: c.header } : {}),
    body: { text: c.body },
    ...(typeof c.footer === 'string' ? { footer: { text: c.footer } } : {}),
  };
}

function buttons(c: Obj): Obj {
  const list = c.buttons as unknown[];
  return {
    type: 'button',
    ...frame(c),
    action: {
      buttons: list.map((b, i) => {
        const button = typeof b === 'string' ? { id: b, title: b } : need(b, `button ${i + 1}`);
        return { type: 'reply', reply: { id: String(button.id), title: String(button.title) } };
      }),
    },
  };
}

function list(c: Obj): Obj {
  if (typeof c.button !== 'string') throw new ComposeError('a list needs `button`: the label of the button that opens it');
  const sections = Array.isArray(c.sections) ? (c.sections as unknown[]) : [{ rows: c.rows }];
  return {
    type: 'list',
    ...frame(c),
    action: {
      button: c.button,
      sections: sections.map((s, i) => {
        const section = need(s, `section ${i + 1}`);
        if (!Array.isArray(section.rows)) throw new ComposeError(`section ${i + 1} needs rows`);
        return {
          ...(typeof section.title === 'string' ? { title: section.title } : {}),
          rows: section.rows.map((r, j) => pick(need(r, `row ${j + 1}`), ['id', 'title', 'description'])),
        };
      }),
    },
  };
}

/** Template short form: positional parameters as strings; header media as {document|image|video}. */
function template(c: Obj): Obj {
  const language = typeof c.language === 'string' ? { code: c.language } : c.language;
  if (!isObj(language) || typeof language.code !== 'string') throw new ComposeError('a template needs `language` (e.g. "te" or {"code": "en_US"})');
  if (Array.isArray(c.components)) return { name: c.name, language, components: c.components };
  const components: Obj[] = [];
  if (c.header !== undefined) components.push({ type: 'header', parameters: (Array.isArray(c.header) ? c.header : [c.header]).map(parameter) });
  if (Array.isArray(c.body)) components.push({ type: 'body', parameters: c.body.map(parameter) });
  if (Array.isArray(c.buttons)) {
    c.buttons.forEach((b, index) => {
      const button = need(b, `template button ${index + 1}`);
      const subType = button.sub_type ?? (button.payload !== undefined ? 'quick_reply' : 'url');
      const value = subType === 'quick_reply' ? { type: 'payload', payload: String(button.payload) } : { type: 'text', text: String(button.text) };
      components.push({ type: 'button', sub_type: subType, index: String(button.index ?? index), parameters: [value] });
    });
  }
  return { name: c.name, language, ...(components.length ? { components } : {}) };
}

function parameter(p: unknown): Obj {
  if (typeof p === 'string' || typeof p === 'number') return { type: 'text', text: String(p) };
  const o = need(p, 'template parameter');
  if (typeof o.type === 'string') return o;
  for (const media of ['document', 'image', 'video'] as const) if (isObj(o[media])) return { type: media, [media]: o[media] };
  throw new ComposeError('a template parameter is text, or {type, ...} as Meta writes it, or {document|image|video: {link|id}}');
}

function need(v: unknown, what: string): Obj {
  if (!isObj(v)) throw new ComposeError(`${what} must be an object`);
  return v;
}

function pick(o: Obj, keys: string[]): Obj {
  const out: Obj = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
