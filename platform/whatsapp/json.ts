/** Narrowing for JSON that arrived as `unknown` (webhook bodies, send bodies, Graph responses). */

/** A plain JSON object (not null, not an array). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
