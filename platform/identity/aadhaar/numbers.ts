/**
 * Aadhaar numbers and Virtual IDs as a citizen types them: the checks made
 * before anything is sent to UIDAI, and the masked form (XXXX XXXX 1234) that
 * is the only form a citizen, a log or a flow ever sees.
 *
 * The Verhoeff check is written here rather than taken from npm: the packages
 * that offer it are unmaintained single-file copies of the same three tables,
 * which are public (Verhoeff 1969; UIDAI uses it for the last digit).
 */
import { westernDigits } from '../../citizens/language';

/** Multiplication in the dihedral group D5. */
const D = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 2, 3, 4, 0, 6, 7, 8, 9, 5],
  [2, 3, 4, 0, 1, 7, 8, 9, 5, 6],
  [3, 4, 0, 1, 2, 8, 9, 5, 6, 7],
  [4, 0, 1, 2, 3, 9, 5, 6, 7, 8],
  [5, 9, 8, 7, 6, 0, 4, 3, 2, 1],
  [6, 5, 9, 8, 7, 1, 0, 4, 3, 2],
  [7, 6, 5, 9, 8, 2, 1, 0, 4, 3],
  [8, 7, 6, 5, 9, 3, 2, 1, 0, 4],
  [9, 8, 7, 6, 5, 4, 3, 2, 1, 0],
];
/** The position-dependent permutation. */
const P = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  [1, 5, 7, 6, 2, 8, 3, 0, 9, 4],
  [5, 8, 0, 3, 7, 9, 6, 1, 4, 2],
  [8, 9, 1, 6, 0, 4, 3, 5, 2, 7],
  [9, 4, 5, 3, 1, 2, 7, 6, 0, 8],
  [4, 2, 8, 6, 5, 7, 3, 9, 0, 1],
  [2, 7, 9, 3, 8, 0, 6, 4, 1, 5],
  [7, 0, 4, 6, 9, 1, 3, 2, 5, 8],
];
const INV = [0, 4, 3, 2, 1, 5, 6, 7, 8, 9];

/** Whether a string of digits ends in its Verhoeff check digit. */
export function verhoeffValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let c = 0;
  const n = digits.length;
  for (let i = 0; i < n; i++) c = D[c]![P[i % 8]![Number(digits[n - 1 - i])]!]!;
  return c === 0;
}

/** The Verhoeff check digit for a string of digits. */
export function verhoeffDigit(body: string): string {
  if (!/^\d+$/.test(body)) throw new Error('verhoeffDigit takes digits only');
  let c = 0;
  const n = body.length;
  for (let i = 0; i < n; i++) c = D[c]![P[(i + 1) % 8]![Number(body[n - 1 - i])]!]!;
  return String(INV[c]);
}

export type AadhaarKind = 'A' | 'V';

export type AadhaarCheck =
  | { ok: true; kind: AadhaarKind; digits: string }
  /** length: not 12 or 16 digits; first: a 12-digit number starting 0 or 1; checksum: the last digit is wrong. */
  | { ok: false; problem: 'length' | 'first' | 'checksum' };

/**
 * An Aadhaar number (12 digits, first 2–9, Verhoeff) or a VID (16 digits, Verhoeff) as typed:
 * spaces, hyphens and dots between the digits are forgiven.
 */
export function checkAadhaarOrVid(typed: string): AadhaarCheck {
  const digits = westernDigits(typed.trim()).replace(/[\s.\-]/g, '');
  if (!/^\d+$/.test(digits) || (digits.length !== 12 && digits.length !== 16)) return { ok: false, problem: 'length' };
  if (digits.length === 12 && /^[01]/.test(digits)) return { ok: false, problem: 'first' };
  if (!verhoeffValid(digits)) return { ok: false, problem: 'checksum' };
  return { ok: true, kind: digits.length === 12 ? 'A' : 'V', digits };
}

/** The only form anyone but UIDAI sees: the last four digits (XXXX XXXX 1234; a VID XXXX XXXX XXXX 1234). */
export function maskAadhaar(digits: string): string {
  const last4 = digits.slice(-4);
  return digits.length === 16 ? `XXXX XXXX XXXX ${last4}` : `XXXX XXXX ${last4}`;
}

/** ASCII or Telugu digits (a Telugu keyboard types ౦–౯). */
const DIGIT = /[0-9\u0C66-\u0C6F]/u;
/** Digits with any spaces, dots, slashes or hyphens between them: how people write long numbers. */
const DIGIT_RUN = /[0-9\u0C66-\u0C6F](?:[\s./\-]*[0-9\u0C66-\u0C6F])*/gu;

/**
 * Every Aadhaar number and VID that passes the checks, found in free text however it is
 * grouped ("9999 2222 0013", "999 922 220 013", "9999-2222-0013"), also inside a longer run of
 * digits: each 16- and 12-digit window of a run is tried, so a number written next to another
 * is still found.
 */
export function findAadhaarNumbers(text: string): Array<{ index: number; length: number; kind: AadhaarKind; digits: string }> {
  const found: Array<{ index: number; length: number; kind: AadhaarKind; digits: string }> = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    const positions: number[] = [];
    for (let i = 0; i < run[0].length; i++) if (DIGIT.test(run[0][i]!)) positions.push(run.index + i);
    const digits = westernDigits(positions.map((p) => text[p]).join(''));
    let i = 0;
    while (i < digits.length) {
      const hit = ([16, 12] as const).map((n) => ({ n, checked: i + n <= digits.length ? checkAadhaarOrVid(digits.slice(i, i + n)) : null })).find((w) => w.checked?.ok);
      if (hit && hit.checked?.ok) {
        const start = positions[i]!;
        const end = positions[i + hit.n - 1]! + 1;
        found.push({ index: start, length: end - start, kind: hit.checked.kind, digits: hit.checked.digits });
        i += hit.n;
      } else i++;
    }
  }
  return found;
}

/** Free text with every Aadhaar number and VID in it masked: what is stored, logged and handed to flows. */
export function maskAadhaarIn(text: string): string {
  const found = findAadhaarNumbers(text);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const f of found) {
    out += text.slice(at, f.index) + maskAadhaar(f.digits);
    at = f.index + f.length;
  }
  return out + text.slice(at);
}
