/**
 * A message from the text catalog in the citizen's language, in the short
 * form whatsapp-out sends (compose.ts): text, reply buttons, a list whose
 * rows come from the flow (catalog titles carry both languages), or an image
 * or document with the text as its caption.
 */
import { languageOf, textIn } from '../citizens/language';
import type { TextCatalog } from './catalog';

export const SAY_KINDS = ['text', 'buttons', 'list', 'image', 'document'] as const;
export type SayKind = (typeof SAY_KINDS)[number];

/** WhatsApp's limit on a media caption (reference: media messages). */
const CAPTION_MAX = 1024;

export interface SayRequest {
  kind: SayKind;
  text: string;
  values?: Record<string, unknown>;
  buttons?: Array<{ id: string; text: string }>;
  rows?: unknown;
  listButton?: string;
  /** For an image or document: a https link, or { id } of uploaded media or { link }, with a filename for documents. */
  media?: unknown;
  language: string | null | undefined;
}

type Localized = string | Record<string, string>;

export function composeSay(texts: TextCatalog, request: SayRequest): string | Record<string, unknown> {
  const lang = languageOf(request.language);
  const body = texts.format(request.text, lang, localizeValues(request.values ?? {}, lang));
  if (request.kind === 'text') return body;
  if (request.kind === 'image' || request.kind === 'document') return mediaMessage(request.kind, request.media, body);
  if (request.kind === 'buttons') {
    const buttons = request.buttons ?? [];
    if (buttons.length === 0) throw new Error('a message with buttons needs at least one button');
    return { body, buttons: buttons.map((b) => ({ id: b.id, title: texts.format(b.text, lang) })) };
  }
  if (!Array.isArray(request.rows) || request.rows.length === 0) throw new Error('a list needs rows: an array of { id, title, description }');
  const rows = (request.rows as Array<{ id?: unknown; title?: Localized; description?: Localized }>).map((row, i) => {
    if (typeof row?.id !== 'string' || row.title === undefined) throw new Error(`list row ${i} needs an id and a title`);
    const description = row.description === undefined ? undefined : textIn(row.description, lang);
    return { id: row.id, title: textIn(row.title, lang), ...(description ? { description } : {}) };
  });
  return { body, button: texts.format(request.listButton ?? 'common.choose', lang), rows };
}

/** A value given in every language ({ en, te }, as catalog titles are) is said in the citizen's. */
export function localizeValues(values: Record<string, unknown>, lang: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, isLocalized(value) ? textIn(value, lang) : value]));
}

function isLocalized(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && Object.keys(value).length > 0 && Object.values(value).every((v) => typeof v === 'string');
}

/** The Graph form ({ type, image | document }), which whatsapp-out's "auto" sends as it is. */
function mediaMessage(kind: 'image' | 'document', media: unknown, caption: string): Record<string, unknown> {
  const given = typeof media === 'string' ? { link: media } : typeof media === 'object' && media !== null ? (media as Record<string, unknown>) : {};
  const source = typeof given.id === 'string' && given.id !== '' ? { id: given.id } : typeof given.link === 'string' && /^https?:\/\//.test(given.link) ? { link: given.link } : null;
  if (!source) throw new Error(`an ${kind === 'image' ? 'image' : 'document'} needs media: a link (http or https), or { id } of uploaded media, or { link }`);
  if ([...caption].length > CAPTION_MAX) throw new Error(`a caption may have at most ${CAPTION_MAX} characters`);
  const filename = kind === 'document' && typeof given.filename === 'string' && given.filename !== '' ? { filename: given.filename } : {};
  return { type: kind, [kind]: { ...source, ...(caption ? { caption } : {}), ...filename } };
}
