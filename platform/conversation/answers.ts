/**
 * What an ask node accepts as the answer to its question, kind by kind, and
 * the hint (a text key, flows/texts) that goes with a refusal. Values are
 * stored in the session as plain JSON: dates as "YYYY-MM-DD", phone numbers
 * as digits with the country code, choices as the option id.
 */
import { INPUT_KINDS } from '../departments/catalog';
import { readReference } from '../departments/applications/references';
import { westernDigits } from '../citizens/language';
import { foldWords } from '../citizens/consent';
import { todayInIndia } from '../india-time';
import { phoneFromAnswer } from '../citizens/identity';

/**
 * The catalog's input kinds but Aadhaar: an Aadhaar number is collected by the aadhaar-otp node,
 * which keeps it out of sessions (it is stored only encrypted, in the identity vault).
 */
export const ANSWER_KINDS = INPUT_KINDS.filter((k): k is Exclude<(typeof INPUT_KINDS)[number], 'aadhaar'> => k !== 'aadhaar');
export type AnswerKind = (typeof ANSWER_KINDS)[number];

/** Names answers are kept under in the session: document fields, so no dots or dollars. */
export const ANSWER_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

export interface AnswerRules {
  /** text: length in characters; number: value. */
  min?: number | null;
  max?: number | null;
  /** date: only dates up to today, or from today on. */
  when?: 'any' | 'past' | 'future';
  /** choice: the options as numbered on the page the citizen sees (a typed "2" is the second of these). */
  numbered?: ChoiceOption[];
  /** text: the form the answer must have once spaces are taken out (a card, survey or assessment number); kept without the spaces. */
  pattern?: RegExp | null;
}

/** One option of a choice question; its title in each language, or one for all. */
export interface ChoiceOption {
  id: string;
  title: string | Record<string, string>;
  description?: string | Record<string, string>;
}

export interface AnswerInput {
  type?: unknown;
  text?: unknown;
  reply?: { id?: unknown; title?: unknown } | null;
  media?: { id?: unknown; mime_type?: unknown; filename?: unknown; caption?: unknown } | null;
  location?: { latitude?: unknown; longitude?: unknown; name?: unknown; address?: unknown } | null;
}

export type AnswerCheck = { ok: true; value: unknown } | { ok: false; hint: string; values?: Record<string, unknown> };

const YES = ['yes', 'y', 'ok', 'okay', 'sure', 'haa', 'ha', 'avunu', 'sare', 'అవును', 'ఔను', 'సరే', 'హా'];
const NO = ['no', 'n', 'nope', 'kaadu', 'ledu', 'vaddu', 'కాదు', 'లేదు', 'వద్దు'];
const PIN_CODE = /^[1-9]\d{5}$/;
/** A department's number as printed: 3 to 40 letters and digits, / or - only between them (exported for tests that make one up). */
export const IDENTIFIER = /^[A-Z0-9](?:[A-Z0-9]|[/-](?=[A-Z0-9])){2,39}$/;
/** Long enough for any answer a citizen types; WhatsApp allows 4,096 characters. */
const TEXT_MAX = 1000;
/** A number of a set form (card, survey, assessment) is short; a longer answer is not tried against the pattern. */
const PATTERN_ANSWER_MAX = 64;

const SKIP = ['skip', 'none', 'no', 'nothing', 'later', 'వదిలేయి', 'వద్దు', 'లేదు', 'ఏమీ లేదు', 'vaddu', 'ledu'];

/** A citizen leaving out an optional answer: "skip" (or "no", "none", "వద్దు") typed alone. */
export function isSkip(message: AnswerInput): boolean {
  return message.type === 'text' && typeof message.text === 'string' && message.text.length <= 30 && SKIP.includes(foldWords(message.text));
}

/** Checks a message against a question of `kind`; choice options come from the question. */
export function checkAnswer(kind: AnswerKind, message: AnswerInput, rules: AnswerRules = {}, options: ChoiceOption[] = [], today = new Date()): AnswerCheck {
  switch (kind) {
    case 'photo':
      return message.type === 'image' && message.media ? { ok: true, value: mediaOf(message) } : { ok: false, hint: 'ask.hint.photo' };
    case 'document':
      return (message.type === 'document' || message.type === 'image') && message.media ? { ok: true, value: mediaOf(message) } : { ok: false, hint: 'ask.hint.document' };
    case 'location': {
      const loc = message.location;
      if (message.type !== 'location' || !loc || typeof loc.latitude !== 'number' || typeof loc.longitude !== 'number') return { ok: false, hint: 'ask.hint.location' };
      return { ok: true, value: { latitude: loc.latitude, longitude: loc.longitude, ...(typeof loc.name === 'string' ? { name: loc.name } : {}), ...(typeof loc.address === 'string' ? { address: loc.address } : {}) } };
    }
    case 'choice':
      return checkChoice(message, options, rules.numbered ?? options);
    case 'yes_no': {
      const said = typedOrTapped(message);
      if (said === null) return { ok: false, hint: 'ask.hint.yes_no' };
      const folded = foldWords(said);
      if (YES.includes(folded)) return { ok: true, value: true };
      if (NO.includes(folded)) return { ok: true, value: false };
      return { ok: false, hint: 'ask.hint.yes_no' };
    }
    default:
      break;
  }
  const text = typeof message.text === 'string' && message.type === 'text' ? message.text.trim() : null;
  if (text === null || text === '') return { ok: false, hint: kind === 'text' ? 'ask.hint.text' : `ask.hint.${kind}` };
  switch (kind) {
    case 'text': {
      const min = rules.min ?? 1;
      const max = Math.min(rules.max ?? TEXT_MAX, TEXT_MAX);
      if (rules.pattern) {
        // As people write numbers: Telugu digits, spaces, hyphens and slashes between groups.
        const compact = westernDigits(text).replace(/[\s\-/]+/g, '').toUpperCase();
        return compact.length <= PATTERN_ANSWER_MAX && rules.pattern.test(compact) ? { ok: true, value: compact } : { ok: false, hint: 'ask.hint.text_pattern' };
      }
      const length = [...text].length;
      return length >= min && length <= max ? { ok: true, value: text } : { ok: false, hint: 'ask.hint.text_length', values: { min, max } };
    }
    case 'identifier': {
      if (rules.pattern) {
        const compact = westernDigits(text).replace(/[\s\-/]+/g, '').toUpperCase();
        return compact.length <= PATTERN_ANSWER_MAX && rules.pattern.test(compact) ? { ok: true, value: compact } : { ok: false, hint: 'ask.hint.identifier' };
      }
      // As printed on the card or bill: letters, digits, and / or - between them; spaces dropped.
      const compact = westernDigits(text).replace(/\s+/g, '').toUpperCase();
      return IDENTIFIER.test(compact) ? { ok: true, value: compact } : { ok: false, hint: 'ask.hint.identifier' };
    }
    case 'number': {
      const cleaned = westernDigits(text).replace(/[,\s]/g, '').replace(/^(?:rs\.?|₹|inr)/i, '');
      const value = /^-?\d+(?:\.\d+)?$/.test(cleaned) ? Number(cleaned) : NaN;
      const min = rules.min ?? null;
      const max = rules.max ?? null;
      if (!Number.isFinite(value) || (min !== null && value < min) || (max !== null && value > max)) {
        return { ok: false, hint: min !== null && max !== null ? 'ask.hint.number_range' : 'ask.hint.number', values: { min: min ?? '', max: max ?? '' } };
      }
      return { ok: true, value };
    }
    case 'date':
      return checkDate(text, rules.when ?? 'any', today);
    case 'phone': {
      const phone = phoneFromAnswer(westernDigits(text));
      return phone ? { ok: true, value: phone } : { ok: false, hint: 'ask.hint.phone' };
    }
    case 'pin_code': {
      const pin = westernDigits(text.replace(/\s/g, ''));
      return PIN_CODE.test(pin) ? { ok: true, value: pin } : { ok: false, hint: 'ask.hint.pin_code' };
    }
    case 'reference': {
      const reference = readReference(text);
      return reference ? { ok: true, value: reference } : { ok: false, hint: 'ask.hint.reference' };
    }
  }
}

function mediaOf(message: AnswerInput): Record<string, unknown> {
  const media = message.media!;
  return {
    id: media.id,
    mime_type: media.mime_type,
    ...(typeof media.filename === 'string' ? { filename: media.filename } : {}),
    ...(typeof media.caption === 'string' ? { caption: media.caption } : {}),
  };
}

/** A tapped button's title, or the text typed. */
function typedOrTapped(message: AnswerInput): string | null {
  if (message.reply && typeof message.reply.id === 'string') return message.reply.id;
  return typeof message.text === 'string' ? message.text : null;
}

/**
 * A choice by the option the citizen tapped (the caller has stripped the question's token), by
 * its number in the list as typed ("2"), or by its title typed in either language.
 */
function checkChoice(message: AnswerInput, options: ChoiceOption[], numbered: ChoiceOption[]): AnswerCheck {
  const replyId = typeof message.reply?.id === 'string' ? message.reply.id : null;
  if (replyId !== null) {
    const option = options.find((o) => o.id === replyId);
    return option ? { ok: true, value: option.id } : { ok: false, hint: 'ask.hint.choice' };
  }
  if (typeof message.text !== 'string') return { ok: false, hint: 'ask.hint.choice' };
  const typed = foldWords(westernDigits(message.text));
  if (/^\d{1,3}$/.test(typed)) {
    const option = numbered[Number(typed) - 1];
    if (option) return { ok: true, value: option.id };
  }
  const byTitle = options.filter((o) => titlesOf(o).some((t) => foldWords(t) === typed));
  return byTitle.length === 1 ? { ok: true, value: byTitle[0]!.id } : { ok: false, hint: 'ask.hint.choice' };
}

function titlesOf(option: ChoiceOption): string[] {
  return typeof option.title === 'string' ? [option.title, option.id] : [...Object.values(option.title), option.id];
}

/** Dates as Indians write them (day first): 5/8/2026, 05-08-2026, 05.08.26, or 2026-08-05. */
function checkDate(text: string, when: 'any' | 'past' | 'future', today: Date): AnswerCheck {
  const cleaned = westernDigits(text);
  let day: number, month: number, year: number;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(cleaned);
  if (m) [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})[/.\-\s](\d{1,2})[/.\-\s](\d{2}|\d{4})$/.exec(cleaned))) {
    [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (m[3]!.length === 2) year += year > (today.getUTCFullYear() % 100) + 10 ? 1900 : 2000;
  } else return { ok: false, hint: 'ask.hint.date' };
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || year < 1900 || year > 2200) return { ok: false, hint: 'ask.hint.date' };
  const iso = date.toISOString().slice(0, 10);
  // Today in India, where the citizens are.
  const todayIso = todayInIndia(today);
  if (when === 'past' && iso > todayIso) return { ok: false, hint: 'ask.hint.date_past' };
  if (when === 'future' && iso < todayIso) return { ok: false, hint: 'ask.hint.date_future' };
  return { ok: true, value: iso };
}
