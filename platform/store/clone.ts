/**
 * Deep copy of a document as the store keeps it. Callers get copies so that
 * mutating a result can never change stored data, and the store copies what
 * it is given so that later mutation of the caller's object cannot either.
 *
 * `undefined` becomes `null`, which is what the MongoDB driver stores for it
 * (ignoreUndefined is off), so both engines read back the same thing and the
 * embedded engine reads back the same before and after a restart.
 */
export function copyDocument<T>(value: T): T {
  return copyValue(value) as T;
}

function copyValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyValue);
  if (value instanceof Date) return new Date(value.getTime());
  if (isPlainObject(value)) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value)) out[key] = copyValue(value[key]);
    return out;
  }
  if (Buffer.isBuffer(value)) return Buffer.from(value);
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (value instanceof RegExp) return new RegExp(value.source, value.flags);
  // BSON value classes (ObjectId, Long, Decimal128, ...) are immutable.
  return value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
