/**
 * Application reference numbers: `AP-<department code>-<year>-<sequence>`,
 * e.g. AP-REV-2026-000123. Citizens type them back, so reading one forgives
 * case, spaces and dashes typed as spaces or left out.
 */

import { westernDigits } from '../../citizens/language';

/** Six digits at least; the sequence widens past 999,999 rather than wrapping. */
const SEQUENCE_DIGITS = 6;
export const REFERENCE_PATTERN = /^AP-[A-Z]{3}-\d{4}-\d{6,9}$/;

export function formatReference(departmentCode: string, year: number, sequence: number): string {
  return `AP-${departmentCode}-${year}-${String(sequence).padStart(SEQUENCE_DIGITS, '0')}`;
}

/** A reference as a citizen may type it ("ap rev 2026 000123", "AP-REV-2026-123", Telugu digits), or null when it is not one. */
export function readReference(text: unknown): string | null {
  if (typeof text !== 'string' || text.length > 40) return null;
  const match = /^\s*AP[\s_-]*([A-Z]{3})[\s_-]*(\d{4})[\s_-]*(\d{1,9})\s*$/i.exec(westernDigits(text));
  if (!match) return null;
  return formatReference(match[1].toUpperCase(), Number(match[2]), Number(match[3]));
}
