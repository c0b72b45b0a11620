import { BSON } from 'mongodb';

/**
 * Canonical Extended JSON: every BSON type (Date, Int32 vs Double, Long, ...)
 * spelled out, so text round-trips without losing types. Taken from the driver's
 * bson so that the engines agree on what a value is.
 */
export function toCanonicalEjson(value: unknown): string {
  return BSON.EJSON.stringify(value, { relaxed: false });
}

/** Parses Extended JSON, giving plain JS numbers for $numberInt/$numberDouble (relaxed), as the driver reads them. */
export function fromEjson(text: string): unknown {
  return BSON.EJSON.parse(text, { relaxed: true });
}
