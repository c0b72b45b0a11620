/**
 * A question as WhatsApp shows it, in the short form whatsapp-out sends
 * (whatsapp/compose.ts): plain text, up to 3 reply buttons, or a list of up
 * to 10 rows, paged with "more" and "back" rows beyond that. Reply ids carry
 * the question's token ("<token>.<option>"), so a tap on an older question's
 * button is told apart from an answer to the current one.
 */
import { languageOf, textIn } from '../citizens/language';
import type { TextCatalog } from '../texts/catalog';
import { localizeValues } from '../texts/say';
import type { AnswerKind, ChoiceOption } from './answers';

/** WhatsApp's limits (reference §interactive): 3 buttons of 20 characters; 10 rows of 24, descriptions of 72. */
const MAX_BUTTONS = 3;
const BUTTON_TITLE_MAX = 20;
const MAX_ROWS = 10;
const ROW_TITLE_MAX = 24;
const ROW_DESCRIPTION_MAX = 72;
/** A paged list shows 9 options and one row to turn the page (or two on middle pages: 8). */
const PAGE_ID = '~page.';

export const OPTION_ID = /^[A-Za-z0-9_-]{1,100}$/;

export interface Hint {
  key: string;
  values?: Record<string, unknown>;
}

export interface QuestionRequest {
  text: string;
  values?: Record<string, unknown>;
  language: string | null | undefined;
  kind: AnswerKind | 'menu';
  token: string;
  options?: ChoiceOption[];
  /** 1-based page of a long list. */
  page?: number;
  /** Said before the question when it is asked again. */
  hint?: Hint | null;
  /** Key of the list's button label. */
  listButton?: string;
}

export type QuestionPayload = string | { body: string; buttons: Array<{ id: string; title: string }> } | { body: string; button: string; rows: Array<{ id: string; title: string; description?: string }> };

/** The token and the option of a reply id; a bare id (no token) has a null token. */
export function splitReplyId(id: string): { token: string | null; option: string } {
  const dot = id.indexOf('.');
  return dot < 0 ? { token: null, option: id } : { token: id.slice(0, dot), option: id.slice(dot + 1) };
}

/** A tap on a list's "more" or "back" row: the page it asks for, else null. */
export function pageOf(option: string): number | null {
  if (!option.startsWith(PAGE_ID)) return null;
  const page = Number(option.slice(PAGE_ID.length));
  return Number.isInteger(page) && page >= 1 ? page : null;
}

export function pageCount(optionCount: number): number {
  return optionCount <= MAX_ROWS ? 1 : Math.ceil(optionCount / (MAX_ROWS - 1));
}

export function composeQuestion(texts: TextCatalog, request: QuestionRequest): QuestionPayload {
  const lang = languageOf(request.language);
  const question = texts.format(request.text, lang, localizeValues(request.values ?? {}, lang));
  const body = request.hint ? `${texts.format(request.hint.key, lang, request.hint.values ?? {})}\n\n${question}` : question;
  const id = (option: string) => `${request.token}.${option}`;
  if (request.kind === 'yes_no') {
    return { body, buttons: [{ id: id('yes'), title: texts.format('common.yes', lang) }, { id: id('no'), title: texts.format('common.no', lang) }] };
  }
  if (request.kind !== 'choice' && request.kind !== 'menu') return body;
  const options = request.options ?? [];
  if (options.length === 0) throw new Error('a choice question needs at least one option');
  if (options.length <= MAX_BUTTONS && options.every((o) => [...textIn(o.title, lang)].length <= BUTTON_TITLE_MAX)) {
    return { body, buttons: options.map((o) => ({ id: id(o.id), title: textIn(o.title, lang) })) };
  }
  const pages = pageCount(options.length);
  const page = Math.min(Math.max(1, request.page ?? 1), pages);
  const size = pages === 1 ? MAX_ROWS : MAX_ROWS - 1;
  const rows = options.slice((page - 1) * size, page * size).map((o) => {
    const description = o.description === undefined ? '' : textIn(o.description, lang);
    return { id: id(o.id), title: cut(textIn(o.title, lang), ROW_TITLE_MAX), ...(description ? { description: cut(description, ROW_DESCRIPTION_MAX) } : {}) };
  });
  if (page < pages) rows.push({ id: id(`${PAGE_ID}${page + 1}`), title: cut(texts.format('common.more', lang), ROW_TITLE_MAX), description: cut(texts.format('common.more_description', lang, { page: page + 1, pages }), ROW_DESCRIPTION_MAX) });
  else if (pages > 1) rows.push({ id: id(`${PAGE_ID}1`), title: cut(texts.format('common.back', lang), ROW_TITLE_MAX), description: cut(texts.format('common.back_description', lang), ROW_DESCRIPTION_MAX) });
  return { body, button: cut(texts.format(request.listButton ?? 'common.choose', lang), BUTTON_TITLE_MAX), rows };
}

function cut(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

/** The options on the page shown, in the order a citizen would number them. */
export function shownOptions(options: ChoiceOption[], page: number): ChoiceOption[] {
  const pages = pageCount(options.length);
  if (pages === 1) return options;
  const size = MAX_ROWS - 1;
  const p = Math.min(Math.max(1, page), pages);
  return options.slice((p - 1) * size, p * size);
}

export type OptionsCheck = { ok: true; options: ChoiceOption[] } | { ok: false; problem: 'none' | 'too-many' | 'bad-option' | 'duplicate'; index?: number };

/** Options a flow hands a choice question ([{ id, title, description }]), checked before anything is asked. */
export function checkOptions(value: unknown, max: number): OptionsCheck {
  if (!Array.isArray(value) || value.length === 0) return { ok: false, problem: 'none' };
  if (value.length > max) return { ok: false, problem: 'too-many' };
  const seen = new Set<string>();
  const options: ChoiceOption[] = [];
  for (const [index, raw] of value.entries()) {
    const o = raw as { id?: unknown; title?: unknown; description?: unknown } | null;
    if (typeof o !== 'object' || o === null || typeof o.id !== 'string' || !OPTION_ID.test(o.id) || !isText(o.title) || !(o.description === undefined || o.description === null || isText(o.description))) {
      return { ok: false, problem: 'bad-option', index };
    }
    if (seen.has(o.id)) return { ok: false, problem: 'duplicate', index };
    seen.add(o.id);
    options.push({ id: o.id, title: o.title as ChoiceOption['title'], ...(o.description ? { description: o.description as ChoiceOption['description'] } : {}) });
  }
  return { ok: true, options };
}

/** Text for a citizen: a string, or { en, te, … } of strings; not empty. */
function isText(value: unknown): boolean {
  if (typeof value === 'string') return value.trim() !== '';
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const texts = Object.values(value);
  return texts.length > 0 && texts.every((t) => typeof t === 'string') && texts.some((t) => (t as string).trim() !== '');
}
