/**
 * A message from the text catalog in the citizen's language, in the short
 * form whatsapp-out sends (compose.ts): text, reply buttons, or a list whose
 * rows come from the flow (catalog titles carry both languages).
 */
import { languageOf } from '../citizens/language';
import type { TextCatalog } from './catalog';

export interface SayRequest {
  kind: 'text' | 'buttons' | 'list';
  text: string;
  values?: Record<string, unknown>;
  buttons?: Array<{ id: string; text: string }>;
  rows?: unknown;
  listButton?: string;
  language: string | null | undefined;
}

type Localized = string | Record<string, string>;

export function composeSay(texts: TextCatalog, request: SayRequest): string | Record<string, unknown> {
  const lang = languageOf(request.language);
  // A value given in every language ({ en, te }, as catalog titles are) is said in the citizen's.
  const values = Object.fromEntries(Object.entries(request.values ?? {}).map(([name, value]) => [name, isLocalized(value) ? pickLanguage(value, lang) : value]));
  const body = texts.format(request.text, lang, values);
  if (request.kind === 'text') return body;
  if (request.kind === 'buttons') {
    const buttons = request.buttons ?? [];
    if (buttons.length === 0) throw new Error('a message with buttons needs at least one button');
    return { body, buttons: buttons.map((b) => ({ id: b.id, title: texts.format(b.text, lang) })) };
  }
  if (!Array.isArray(request.rows) || request.rows.length === 0) throw new Error('a list needs rows: an array of { id, title, description }');
  const rows = (request.rows as Array<{ id?: unknown; title?: Localized; description?: Localized }>).map((row, i) => {
    if (typeof row?.id !== 'string' || row.title === undefined) throw new Error(`list row ${i} needs an id and a title`);
    const description = row.description === undefined ? undefined : pickLanguage(row.description, lang);
    return { id: row.id, title: pickLanguage(row.title, lang), ...(description ? { description } : {}) };
  });
  return { body, button: texts.format(request.listButton ?? 'common.choose', lang), rows };
}

function pickLanguage(value: Localized, lang: string): string {
  if (typeof value === 'string') return value;
  return value[lang] ?? value.en ?? Object.values(value)[0] ?? '';
}

function isLocalized(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date) && Object.keys(value).length > 0 && Object.values(value).every((v) => typeof v === 'string');
}
