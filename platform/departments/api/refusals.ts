/** Which citizen text says a department's refusal: its own code first, the HTTP status only when no code matches. */
export interface RefusalText {
  /** The department's refusal code (its `code`, or the HTTP status as text). */
  code: string;
  /** Key of the citizen text for it; may use {reason}. */
  text: string;
}

export const DEFAULT_REFUSAL_TEXT = 'department.refused';

export function refusalTextKey(refusals: readonly RefusalText[], refusal: { code: string | null; status: number }): string {
  const mapped = refusals.find((r) => refusal.code !== null && r.code === refusal.code) ?? refusals.find((r) => r.code === String(refusal.status));
  return mapped?.text ?? DEFAULT_REFUSAL_TEXT;
}

/** Refusal rows as an editor saved them; anything else is dropped. */
export function readRefusals(value: unknown): RefusalText[] {
  if (!Array.isArray(value)) return [];
  return value.filter((r): r is RefusalText => typeof r === 'object' && r !== null && typeof (r as RefusalText).code === 'string' && (r as RefusalText).code !== '' && typeof (r as RefusalText).text === 'string');
}
