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
  /** length: not 12 or 16 digits; first: a 12-digit number starting 0 or 1; checksum: the last digit is wrong; several: more than one number given. */
  | { ok: false; problem: 'length' | 'first' | 'checksum' | 'several' };

/** Digits of any script with what people put between groups of a long number: spaces, dots, slashes, hyphens, underscores, commas (up to four: " -- "). */
const DIGIT_RUN = /\p{Nd}(?:[\s./\-_,]{0,4}\p{Nd})*/gu;
/** Consecutive digits: the groups of a run. */
const DIGIT_GROUP = /\p{Nd}+/gu;

/**
 * An Aadhaar number (12 digits, first 2–9, Verhoeff) or a VID (16 digits, Verhoeff) as typed:
 * digits of any script, and the separators people write between groups, are forgiven.
 */
export function checkAadhaarOrVid(typed: string): AadhaarCheck {
  const trimmed = typed.trim();
  const runs = [...trimmed.matchAll(DIGIT_RUN)];
  if (runs.length !== 1 || runs[0]![0] !== trimmed) return { ok: false, problem: 'length' };
  return checkAadhaarDigits(westernDigits(trimmed).replace(/\D/g, ''));
}

/** The checks on digits alone (0–9, nothing between them). */
export function checkAadhaarDigits(digits: string): AadhaarCheck {
  if (digits.length !== 12 && digits.length !== 16) return { ok: false, problem: 'length' };
  if (digits.length === 12 && /^[01]/.test(digits)) return { ok: false, problem: 'first' };
  if (!verhoeffValid(digits)) return { ok: false, problem: 'checksum' };
  return { ok: true, kind: digits.length === 12 ? 'A' : 'V', digits };
}

/** The only form anyone but UIDAI sees: the last four digits (XXXX XXXX 1234; a VID XXXX XXXX XXXX 1234). */
export function maskAadhaar(digits: string): string {
  const last4 = digits.slice(-4);
  return digits.length === 16 ? `XXXX XXXX XXXX ${last4}` : `XXXX XXXX ${last4}`;
}

export interface DigitRun {
  /** Where the run is in the text, first digit to last. */
  index: number;
  length: number;
  /** Its digits, as 0–9. */
  digits: string;
  /** The Aadhaar numbers and VIDs in it that pass the checks. */
  numbers: Array<{ kind: AadhaarKind; digits: string }>;
}

/**
 * The runs of digits in a text and the Aadhaar numbers and VIDs in each, however they are written
 * ("9999 2222 0013", "999 922 220 013", "9999-2222-0013", in Telugu or Devanagari digits). A number
 * is a run's one group of 12 or 16 digits, or a sequence of short groups (4 digits or fewer, as
 * people group a long number) holding 12 or 16: so one written next to a mobile number
 * ("9000000101 9999 2222 0013") is found, while a mobile number, a PIN code or an account number
 * is never joined to a neighbour to make one. A run that is itself a valid number is that number.
 */
export function digitRuns(text: string, minDigits = 12): DigitRun[] {
  const runs: DigitRun[] = [];
  for (const run of text.matchAll(DIGIT_RUN)) {
    const groups = [...run[0].matchAll(DIGIT_GROUP)].map((g) => westernDigits(g[0]));
    const digits = groups.join('');
    if (digits.length < minDigits) continue;
    const whole = checkAadhaarDigits(digits);
    const numbers: DigitRun['numbers'] = [];
    if (whole.ok && (groups.length === 1 || groups.every((g) => g.length <= 4))) numbers.push({ kind: whole.kind, digits: whole.digits });
    else {
      for (let i = 0; i < groups.length; i++) {
        if (groups[i]!.length === 12 || groups[i]!.length === 16) add(numbers, groups[i]!);
        let joined = '';
        for (let j = i; j < groups.length && groups[j]!.length <= 4 && joined.length < 16; j++) {
          joined += groups[j];
          if (j > i && (joined.length === 12 || joined.length === 16)) add(numbers, joined);
        }
      }
    }
    runs.push({ index: run.index, length: run[0].length, digits, numbers });
  }
  return runs;
}

function add(numbers: DigitRun['numbers'], digits: string): void {
  const checked = checkAadhaarDigits(digits);
  if (checked.ok && !numbers.some((n) => n.digits === checked.digits)) numbers.push({ kind: checked.kind, digits: checked.digits });
}

/**
 * Free text with every Aadhaar number and VID in it masked: what is stored, logged and handed to
 * flows. The whole run of digits a number is in is replaced, so no digit of it is left beside the
 * mask (more may be masked than the number, never less). A phone number written as one
 * ("+91 98765 43210") is left as it is.
 */
export function maskAadhaarIn(text: string): string {
  return replaceRuns(text, digitRuns(text).filter((r) => r.numbers.length > 0 && !writtenAsPhone(text, r)), (r) => maskAadhaar(r.numbers[0]!.digits));
}

/** Replaces the given runs of a text, each by what `by` makes of it. */
export function replaceRuns(text: string, runs: readonly DigitRun[], by: (run: DigitRun) => string): string {
  let out = '';
  let at = 0;
  for (const run of runs) {
    out += text.slice(at, run.index) + by(run);
    at = run.index + run.length;
  }
  return out + text.slice(at);
}

/** "+91 98765 43210", "+919876543210": an Indian mobile number with its country code, as a phone shows it. */
function writtenAsPhone(text: string, run: DigitRun): boolean {
  return text[run.index - 1] === '+' && /^91[6-9]\d{9}$/.test(run.digits);
}
