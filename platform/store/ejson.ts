import { BSON } from 'mongodb';

/**
 * Canonical Extended JSON: every BSON type (Date, Int32 vs Double, Long, ...)
 * spelled out, so text round-trips without losing types. Taken from the driver's
 * bson so that the engines agree on what a value is.
 *
 * The journal encodes every write with it, so the documents the platform
 * stores (plain objects, arrays, strings, numbers, booleans, null, Dates) are
 * turned into bson's tree here, without bson's search for cycles at every
 * object (half of its time on a status update), and written to the very text
 * bson writes; anything else (BSON value classes, binary, regular
 * expressions, maps) goes to bson whole.
 */
export function toCanonicalEjson(value: unknown): string {
  const tree = canonical(value, 0);
  return tree === NOT_PLAIN ? BSON.EJSON.stringify(value, { relaxed: false }) : JSON.stringify(tree);
}

/** Parses Extended JSON, giving plain JS numbers for $numberInt/$numberDouble (relaxed), as the driver reads them. */
export function fromEjson(text: string): unknown {
  return BSON.EJSON.parse(text, { relaxed: true });
}

const INT32_MIN = -0x80000000;
const INT32_MAX = 0x7fffffff;
const INT64_MIN = -(2 ** 63);
const INT64_MAX = 2 ** 63 - 1;
/** Deeper than any stored document nests (webhooks are refused past 32 levels): bson decides, and refuses cycles. */
const MAX_DEPTH = 100;

/** Marks a value only bson can write. */
const NOT_PLAIN: unique symbol = Symbol('not plain');
type Tree = null | string | boolean | Tree[] | { [key: string]: Tree };

/** The tree bson would make of a plain value (JSON.stringify then writes the same text), or NOT_PLAIN. */
function canonical(value: unknown, depth: number): Tree | typeof NOT_PLAIN {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      return canonicalNumber(value);
    case 'object':
      break;
    default:
      return NOT_PLAIN;
  }
  if (depth > MAX_DEPTH) return NOT_PLAIN;
  if (Array.isArray(value)) {
    const out: Tree[] = new Array<Tree>(value.length);
    for (let i = 0; i < value.length; i++) {
      const item = canonical(value[i], depth + 1);
      if (item === NOT_PLAIN) return NOT_PLAIN;
      out[i] = item;
    }
    return out;
  }
  if (value instanceof Date) return { $date: { $numberLong: String(value.getTime()) } };
  const proto: unknown = Object.getPrototypeOf(value);
  if ((proto !== Object.prototype && proto !== null) || '_bsontype' in value) return NOT_PLAIN;
  const out: { [key: string]: Tree } = {};
  for (const key of Object.keys(value)) {
    const item = canonical((value as Record<string, unknown>)[key], depth + 1);
    if (item === NOT_PLAIN) return NOT_PLAIN;
    // A key named __proto__ is data here, as in bson's copy.
    if (key === '__proto__') Object.defineProperty(out, key, { value: item, writable: true, enumerable: true, configurable: true });
    else out[key] = item;
  }
  return out;
}

function canonicalNumber(value: number): Tree {
  if (Number.isInteger(value) && !Object.is(value, -0)) {
    if (value >= INT32_MIN && value <= INT32_MAX) return { $numberInt: String(value) };
    if (value >= INT64_MIN && value <= INT64_MAX) return { $numberLong: String(value) };
  }
  return { $numberDouble: Object.is(value, -0) ? '-0.0' : String(value) };
}
