/**
 * The citizen texts: every sentence the platform says to a citizen, in each
 * language, kept in flows/texts/<language>.json and never inside a flow's code.
 *
 * Messages are ICU MessageFormat (FormatJS intl-messageformat): `{name}` for a
 * value, `{count, plural, one {# service} other {# services}}` for numbers,
 * with each language's own plural rules. English is complete; a text missing
 * in Telugu falls back to English and is reported at start-up. Every message
 * is parsed at load, and a translation must use the same values as English, so
 * a broken text fails the host's start, not a citizen's conversation.
 */
import fs from 'node:fs';
import path from 'node:path';
import { IntlMessageFormat } from 'intl-messageformat';
import { BASE_LANGUAGE, LANGUAGES, languageOf, type Language } from '../citizens/language';


/** Keys are dotted paths of lower-case words: "main_menu.welcome". */
const KEY = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;
const MAX_TEXT = 4096;

export class UnknownTextError extends Error {
  constructor(readonly key: string) {
    super(`no citizen text "${key}" in flows/texts/${BASE_LANGUAGE}.json`);
    this.name = 'UnknownTextError';
  }
}

interface Compiled {
  source: string;
  format: IntlMessageFormat;
  values: string[];
  /** Values used as numbers (plural, number formats): a string there would read "NaN". */
  numeric: string[];
  /** Values used as {name, date} or {name, time}: a Date, or a time in milliseconds. */
  temporal: string[];
}

/** Dates and times are said as the citizen's clock shows them (India Standard Time), whatever the server's zone. */
const CITIZENS_TIME_ZONE = 'Asia/Kolkata';
/** Intl formatters, made once per locale and options (they are costly to build), dates in the citizens' zone. */
const formatters = (() => {
  const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>();
  const memo = <T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.PluralRules>(kind: string, args: unknown[], make: () => T): T => {
    const key = `${kind}:${JSON.stringify(args)}`;
    let made = cache.get(key) as T | undefined;
    if (!made) cache.set(key, (made = make()));
    return made;
  };
  return {
    getNumberFormat: (locales?: string | string[], opts?: Intl.NumberFormatOptions) => memo('n', [locales, opts], () => new Intl.NumberFormat(locales, opts)),
    getDateTimeFormat: (locales?: string | string[], opts?: Intl.DateTimeFormatOptions) => memo('d', [locales, opts], () => new Intl.DateTimeFormat(locales, { ...opts, timeZone: CITIZENS_TIME_ZONE })),
    getPluralRules: (locales?: string | string[], opts?: Intl.PluralRulesOptions) => memo('p', [locales, opts], () => new Intl.PluralRules(locales, opts)),
  };
})();

export class TextCatalog {
  private readonly texts = new Map<Language, Map<string, Compiled>>();

  constructor(sources: Partial<Record<Language, unknown>>) {
    const problems: string[] = [];
    for (const lang of LANGUAGES) {
      const flat = new Map<string, Compiled>();
      const source = sources[lang];
      if (source !== undefined) {
        for (const [key, text] of flatten(source, '', problems, lang)) {
          try {
            // WhatsApp formats with *bold* and _italic_: <b> would be a rich-text tag needing a value.
            const format = new IntlMessageFormat(text, lang, undefined, { ignoreTag: true, formatters });
            const values = [...valuesOf(format.getAst())];
            flat.set(key, { source: text, format, values: values.map((v) => v.name).filter((n, i, all) => all.indexOf(n) === i).sort(), numeric: values.filter((v) => v.numeric).map((v) => v.name), temporal: values.filter((v) => v.temporal).map((v) => v.name) });
          } catch (err) {
            problems.push(`${lang} ${key}: ${(err as Error).message}`);
          }
        }
      }
      this.texts.set(lang, flat);
    }
    const base = this.texts.get(BASE_LANGUAGE)!;
    if (base.size === 0) problems.push(`${BASE_LANGUAGE}: no texts`);
    for (const lang of LANGUAGES) {
      if (lang === BASE_LANGUAGE) continue;
      for (const [key, compiled] of this.texts.get(lang)!) {
        const english = base.get(key);
        if (!english) problems.push(`${lang} ${key}: not in ${BASE_LANGUAGE}.json (a misspelt key?)`);
        else if (english.values.join() !== compiled.values.join()) problems.push(`${lang} ${key}: uses {${compiled.values.join('}, {')}} but ${BASE_LANGUAGE} uses {${english.values.join('}, {')}}`);
      }
    }
    if (problems.length > 0) throw new Error(`citizen texts are invalid: ${problems.slice(0, 20).join('; ')}`);
  }

  /** Reads flows/texts/<language>.json for every language; a missing file is a language with no texts yet. */
  static load(dir: string): TextCatalog {
    const sources: Partial<Record<Language, unknown>> = {};
    for (const lang of LANGUAGES) {
      const file = path.join(dir, `${lang}.json`);
      if (!fs.existsSync(file)) continue;
      try {
        sources[lang] = JSON.parse(fs.readFileSync(file, 'utf8'));
      } catch (err) {
        throw new Error(`${file} is not valid JSON: ${(err as Error).message}`);
      }
    }
    return new TextCatalog(sources);
  }

  has(key: string): boolean {
    return this.texts.get(BASE_LANGUAGE)!.has(key);
  }

  keys(): string[] {
    return [...this.texts.get(BASE_LANGUAGE)!.keys()];
  }

  /** Keys English has and this language lacks (they fall back to English). */
  missing(lang: Language): string[] {
    const own = this.texts.get(lang)!;
    return this.keys().filter((k) => !own.has(k));
  }

  /** A text without values in every language ({ en, te }): an option's title, said later in whichever language the citizen has. */
  inEveryLanguage(key: string): Record<Language, string> {
    return Object.fromEntries(LANGUAGES.map((lang) => [lang, this.format(key, lang)])) as Record<Language, string>;
  }

  /** The text in the citizen's language (English when it has none), with its values filled in. */
  format(key: string, language: string | null | undefined, values: Record<string, unknown> = {}): string {
    const lang = languageOf(language);
    const compiled = this.texts.get(lang)!.get(key) ?? this.texts.get(BASE_LANGUAGE)!.get(key);
    if (!compiled) throw new UnknownTextError(key);
    // Own values only ({constructor} must not find Object's), of the kinds a sentence can hold.
    const own: Record<string, string | number | boolean | Date> = Object.create(null);
    const absent: string[] = [];
    for (const name of compiled.values) {
      const value: unknown = Object.hasOwn(values, name) ? values[name] : undefined;
      if (value === undefined || value === null) absent.push(name);
      // A date only where the text says how to write it ({day, date, long}): as plain text it would come out in English and the server's zone.
      else if (compiled.temporal.includes(name) ? !(value instanceof Date && Number.isFinite(value.getTime())) && !(typeof value === 'number' && Number.isFinite(value)) : compiled.numeric.includes(name) ? typeof value !== 'number' || !Number.isFinite(value) : !['string', 'number', 'boolean'].includes(typeof value)) {
        const wanted = compiled.temporal.includes(name) ? 'a date' : compiled.numeric.includes(name) ? 'a number' : value instanceof Date ? 'text or a number (write {' + name + ', date, long} in the text for a date)' : 'text or a number';
        throw new Error(`citizen text "${key}": {${name}} must be ${wanted}, not ${Array.isArray(value) ? 'a list' : value instanceof Date ? 'an invalid date' : typeof value}`);
      } else own[name] = value as string | number | boolean | Date;
    }
    if (absent.length > 0) throw new Error(`citizen text "${key}" needs {${absent.join('}, {')}}`);
    const out = compiled.format.format(own);
    return Array.isArray(out) ? out.join('') : String(out);
  }
}


function* flatten(node: unknown, prefix: string, problems: string[], lang: string): Generator<[string, string]> {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) {
    problems.push(`${lang}: ${prefix || 'the file'} must be an object of texts`);
    return;
  }
  for (const [name, value] of Object.entries(node)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof value === 'string') {
      if (!KEY.test(key)) problems.push(`${lang} ${key}: keys are dotted lower-case words, like main_menu.welcome`);
      else if (value.length === 0 || value.length > MAX_TEXT) problems.push(`${lang} ${key}: a text has 1 to ${MAX_TEXT} characters`);
      else yield [key, value];
    } else {
      yield* flatten(value, key, problems, lang);
    }
  }
}

/** The values a parsed message uses, at any depth (inside plural and select branches too), and whether as numbers. */
function* valuesOf(elements: ReturnType<IntlMessageFormat['getAst']>): Generator<{ name: string; numeric: boolean; temporal: boolean }> {
  for (const el of elements) {
    const e = el as { value?: unknown; options?: Record<string, { value: ReturnType<IntlMessageFormat['getAst']> }>; children?: ReturnType<IntlMessageFormat['getAst']>; type: number };
    // FormatJS's TYPE enum: 1 argument, 2 number, 3 date, 4 time, 5 select, 6 plural (0 literal, 7 pound, 8 tag).
    if (e.type >= 1 && e.type <= 6 && typeof e.value === 'string') yield { name: e.value, numeric: e.type === 2 || e.type === 6, temporal: e.type === 3 || e.type === 4 };
    if (e.options) for (const option of Object.values(e.options)) yield* valuesOf(option.value);
    if (e.children) yield* valuesOf(e.children);
  }
}
