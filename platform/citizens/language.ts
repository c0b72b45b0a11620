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

/**
 * The first code point (zero) of each run of ten decimal digits Unicode has: Telugu ౦–౯, Devanagari
 * ०–९, Tamil, Kannada, fullwidth ０–９ and the rest. Unicode keeps every decimal digit in such runs,
 * 0 to 9 in order, so a digit's value is its distance from its run's zero.
 */
const DIGIT_ZEROS: readonly number[] = (() => {
  const zeros: number[] = [];
  let run = -1;
  for (let cp = 0x30; cp < 0x20000; cp++) {
    if (!/\p{Nd}/u.test(String.fromCodePoint(cp))) {
      run = -1;
      continue;
    }
    if (run === -1 || cp - run === 10) zeros.push((run = cp));
  }
  return zeros;
})();

function digitValue(cp: number): number {
  let lo = 0;
  let hi = DIGIT_ZEROS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (DIGIT_ZEROS[mid]! <= cp) lo = mid;
    else hi = mid - 1;
  }
  return cp - DIGIT_ZEROS[lo]!;
}

/** Any script's digits (Telugu ౦–౯, Devanagari, fullwidth …) as 0–9: numbers as citizens type them, read one way everywhere. */
export function westernDigits(text: string): string {
  return text.replace(/[^\x00-\x7f]/gu, (d) => (/\p{Nd}/u.test(d) ? String(digitValue(d.codePointAt(0)!)) : d));
}
