/**
 * Field values as every department's sandbox backend reads them from the platform's bodies and
 * queries (trimmed text, a choice from a list, plain numbers, YYYY-MM-DD dates, filing
 * instants) and writes them back in its records (words in both languages, DD-MM-YYYY dates,
 * month and year labels). The platform sends every department the same shapes, so the
 * departments share these readers instead of each keeping its own copy. Made-up values,
 * ddmmyyyy and indianGrouping are in ./picker.ts; the state's geography in ./places.ts.
 */
import { todayInIndia } from '../../../india-time';
import { ddmmyyyy } from './picker';
import type { Localized } from './spec';

const DAY_MS = 86_400_000;

// ---------------------------------------------------------------- text, choices, numbers

/** A body field as text: a string trimmed, a number written out, anything else empty. */
export const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' ? String(v) : '');

/** A query parameter as sent, trimmed ('' when absent). */
export const param = (ctx: { query: Record<string, string> }, name: string): string => String(ctx.query[name] ?? '').trim();

/** A plain amount: a number, or digits with an optional decimal part (no sign, no exponent); NaN otherwise. */
export const num = (value: unknown): number => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return Number.NaN;
};

/** A choice id from the list (strings only). */
export const inList = (list: readonly string[], v: unknown): boolean => typeof v === 'string' && list.includes(v);

/** A choice that is not in the list, taken as text (a missing one is ''). */
export const notIn = (list: readonly string[], value: unknown): boolean => !list.includes(String(value ?? ''));

/** Words that read the same in both languages: a name or number as the citizen typed it. */
export const same = (text: string): Localized => ({ en: text, te: text });

/** Lines (or items) in both languages, joined. */
export const join = (items: Localized[], sep = '\n'): Localized => ({ en: items.map((i) => i.en).join(sep), te: items.map((i) => i.te).join(sep) });

// ---------------------------------------------------------------- dates
// The desk's today is YYYY-MM-DD in India; the departments write DD-MM-YYYY (ddmmyyyy, dmy).

/** A YYYY-MM-DD date that Date.parse reads. */
export const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));

/** A YYYY-MM-DD field as a Date at midnight UTC, or null. */
export const parseDate = (s: unknown): Date | null => (isDate(s) ? new Date(`${s}T00:00:00Z`) : null);

/** A day as a Date at midnight UTC (month 1–12). */
export const day = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));
export const iso = (d: Date): string => d.toISOString().slice(0, 10);
/** A Date as the departments write it, DD-MM-YYYY. */
export const dmy = (d: Date): string => ddmmyyyy(iso(d));
export const todayOf = (ctx: { today: string }): Date => new Date(`${ctx.today}T00:00:00Z`);

/** Days after a date (negative: before): a Date for a Date, YYYY-MM-DD for YYYY-MM-DD. */
export function addDays(date: Date, days: number): Date;
export function addDays(date: string, days: number): string;
export function addDays(date: Date | string, days: number): Date | string {
  if (typeof date === 'string') return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
  return new Date(date.getTime() + days * DAY_MS);
}

/** Whole days from one YYYY-MM-DD to another (negative when `to` is earlier); from today: daysBetween(ctx.today, day). */
export const daysBetween = (from: string, to: string): number => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

/** Full years from one date to another (an age). */
export const yearsBetween = (from: Date, to: Date): number => {
  let y = to.getUTCFullYear() - from.getUTCFullYear();
  if (to.getUTCMonth() < from.getUTCMonth() || (to.getUTCMonth() === from.getUTCMonth() && to.getUTCDate() < from.getUTCDate())) y -= 1;
  return y;
};

/** An instant (a filing's time) as the day in India, YYYY-MM-DD. */
export const indiaDay = (instant: string): string => todayInIndia(new Date(Date.parse(instant)));
/** An instant as the day in India as citizens read it, DD-MM-YYYY. */
export const indiaDate = (instant: string): string => ddmmyyyy(indiaDay(instant));

/** A year and the next, as academic and financial years are written: 2026-27. */
export const yearSpan = (y0: number): string => `${y0}-${String((y0 + 1) % 100).padStart(2, '0')}`;
/** The academic year a date falls in, by its first year: June to May. */
export const academicStart = (d: Date): number => (d.getUTCMonth() >= 5 ? d.getUTCFullYear() : d.getUTCFullYear() - 1);

/** The year an exam was held from the first two digits of its hall ticket (26… is 2026, 98… 1998). */
export const examYear = (ticket: string, today: Date): number => {
  const yy = Number(ticket.slice(0, 2));
  const cur = today.getUTCFullYear() % 100;
  return yy <= cur + 1 ? 2000 + yy : 1900 + yy;
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const MONTHS_TE = ['జనవరి', 'ఫిబ్రవరి', 'మార్చి', 'ఏప్రిల్', 'మే', 'జూన్', 'జులై', 'ఆగస్టు', 'సెప్టెంబర్', 'అక్టోబర్', 'నవంబర్', 'డిసెంబర్'];
/** A date's month and year in both languages: "July 2026", "జులై 2026". */
export const monthYear = (d: Date): Localized => ({ en: `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`, te: `${MONTHS_TE[d.getUTCMonth()]} ${d.getUTCFullYear()}` });
