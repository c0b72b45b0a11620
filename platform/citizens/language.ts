/** The languages the platform speaks to citizens, and the one rule for reading a citizen's language. */
export const LANGUAGES = ['en', 'te'] as const;
export type Language = (typeof LANGUAGES)[number];
export const BASE_LANGUAGE: Language = 'en';

/** Text given in one form for all, or per language ({ en, te }, as catalog titles are): the citizen's, else the base language's. */
export function textIn(value: string | Partial<Record<string, string>>, language: string): string {
  if (typeof value === 'string') return value;
  return value[language] ?? value[BASE_LANGUAGE] ?? Object.values(value)[0] ?? '';
}

/** A session's language ("te", "TE", "te-IN"), or English when it is none the platform speaks. */
export function languageOf(language: string | null | undefined): Language {
  const primary = (language ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : BASE_LANGUAGE;
}

const TELUGU_DIGITS = /[\u0c66-\u0c6f]/g;

/** Telugu digits (౦–౯) as the digits 0–9: numbers as citizens type them, read one way everywhere. */
export function westernDigits(text: string): string {
  return text.replace(TELUGU_DIGITS, (d) => String(d.charCodeAt(0) - 0x0c66));
}
