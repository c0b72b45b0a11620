/**
 * Made-up values for a sandbox record, the same every time for the same
 * record: a small PRNG (mulberry32) seeded from a hash of the department,
 * the lookup and the key. Dates are relative to today in India.
 */
import { createHash } from 'node:crypto';
import type { Localized } from './spec';

const DAY_MS = 86_400_000;

export interface Picker {
  /** A whole number from min to max, both included. */
  int(min: number, max: number): number;
  one<T>(list: readonly T[]): T;
  /** n random digits (the first not 0). */
  digits(n: number): string;
  /** true with probability p. */
  chance(p: number): boolean;
  /** A date from `fromDays` to `toDays` days after today (negative: before), as DD-MM-YYYY. */
  date(fromDays: number, toDays: number): string;
  /** A person's name in both scripts. */
  person(): Localized;
  /** Rupees from min to max, rounded to `step`, written the Indian way (1,23,456). */
  rupees(min: number, max: number, step?: number): string;
}

const PEOPLE: Localized[] = [
  { en: 'K. Lakshmi', te: 'కె. లక్ష్మి' },
  { en: 'V. Venkata Ramana', te: 'వి. వెంకట రమణ' },
  { en: 'P. Padmavathi', te: 'పి. పద్మావతి' },
  { en: 'S. Srinivasa Rao', te: 'ఎస్. శ్రీనివాస రావు' },
  { en: 'A. Sita Mahalakshmi', te: 'ఎ. సీతా మహాలక్ష్మి' },
  { en: 'N. Nagarjuna', te: 'ఎన్. నాగార్జున' },
  { en: 'G. Kavitha', te: 'జి. కవిత' },
  { en: 'M. Suresh Kumar', te: 'ఎం. సురేష్ కుమార్' },
  { en: 'B. Anjali', te: 'బి. అంజలి' },
  { en: 'T. Ravi Teja', te: 'టి. రవి తేజ' },
  { en: 'Ch. Durga Prasad', te: 'చ. దుర్గా ప్రసాద్' },
  { en: 'Y. Swathi', te: 'వై. స్వాతి' },
];

export const indianGrouping = (n: number): string => Math.round(n).toLocaleString('en-IN');

export function ddmmyyyy(iso: string): string {
  return iso.split('-').reverse().join('-');
}

export function createPicker(seed: string, today: string): Picker {
  const hash = createHash('sha256').update(seed).digest();
  let state = hash.readUInt32BE(0);
  const next = () => {
    // mulberry32
    state = (state + 0x6d2b79f5) | 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const base = Date.parse(`${today}T00:00:00Z`);
  return {
    int,
    one: <T>(list: readonly T[]) => list[int(0, list.length - 1)]!,
    digits: (n) => String(int(1, 9)) + Array.from({ length: n - 1 }, () => String(int(0, 9))).join(''),
    chance: (p) => next() < p,
    date: (fromDays, toDays) => ddmmyyyy(new Date(base + int(fromDays, toDays) * DAY_MS).toISOString().slice(0, 10)),
    person: () => PEOPLE[int(0, PEOPLE.length - 1)]!,
    rupees: (min, max, step = 1) => indianGrouping(Math.round(int(min, max) / step) * step),
  };
}
