/**
 * A hash index over one index definition's key, for the embedded engine:
 * enforces uniqueness and narrows equality lookups to a few candidates (the
 * query is still evaluated on every candidate, so the index only has to
 * return a superset of the matches).
 *
 * Keys follow MongoDB: a missing field keys as null (so two documents without
 * a unique field collide), and an array field is "multikey" — one key per
 * element, so `{ tags: 'a' }` finds `{ tags: ['a', 'b'] }`.
 */
import { toCanonicalEjson } from './ejson';
import { isPlainObject } from './clone';
import { equalityValue } from './update-eval';
import type { IndexDefinition } from './index-spec';
import type { Document, Filter } from './port';

const MISSING = 'n';
const EMPTY_ARRAY = 'u';

export class KeyIndex {
  private readonly fields: string[];
  /** The ids holding each key: most keys (times, references) have one holder, kept as the id itself, not a Set of one. */
  private readonly entries = new Map<string, string | Set<string>>();

  /** The field, when the index is one field at the top level. */
  private readonly single: string | undefined;

  constructor(readonly def: IndexDefinition) {
    this.fields = Object.keys(def.keys);
    this.single = this.fields.length === 1 && !this.fields[0]!.includes('.') ? this.fields[0] : undefined;
  }

  /** The keys a document has in this index (several for array fields). */
  keysOf(doc: Document): string[] {
    // Most indexes are one top-level field holding a scalar: no fan-out to make.
    if (this.single) {
      const value = doc[this.single];
      if (value === null || value === undefined || typeof value !== 'object' || value instanceof Date) return [encodeValue(value)];
    }
    const perField = this.fields.map((field) => [...new Set(valuesAt(doc, field).map(encodeValue))]);
    if (perField.length === 1) return perField[0];
    let combos: string[][] = [[]];
    for (const options of perField) combos = combos.flatMap((combo) => options.map((key) => [...combo, key]));
    return combos.map((combo) => JSON.stringify(combo));
  }

  /** For a unique index: the key value `doc` would collide on, or null. */
  conflict(id: string, keys: string[], doc: Document): Record<string, unknown> | null {
    if (!this.def.unique) return null;
    for (const key of keys) {
      const holders = this.entries.get(key);
      if (holders === undefined) continue;
      if (typeof holders === 'string' ? holders !== id : holders.size > 1 || !holders.has(id)) return this.keyValue(doc);
    }
    return null;
  }

  add(id: string, keys: string[]): void {
    for (const key of keys) {
      const holders = this.entries.get(key);
      if (holders === undefined) this.entries.set(key, id);
      else if (typeof holders !== 'string') holders.add(id);
      else if (holders !== id) this.entries.set(key, new Set([holders, id]));
    }
  }

  remove(id: string, keys: string[]): void {
    for (const key of keys) {
      const holders = this.entries.get(key);
      if (holders === undefined) continue;
      if (typeof holders === 'string') {
        if (holders === id) this.entries.delete(key);
        continue;
      }
      holders.delete(id);
      if (holders.size === 0) this.entries.delete(key);
    }
  }

  /**
   * The ids that can match `filter`, when the filter pins every key field to
   * a scalar by equality; undefined when this index cannot help.
   */
  candidates(filter: Filter): Set<string> | undefined {
    const keys: string[] = [];
    for (const field of this.fields) {
      if (!(field in filter)) return undefined;
      const equal = equalityValue(filter[field]);
      // null also matches documents holding arrays with null, or missing parents: leave it to a scan.
      if (!equal.found || !isIndexableScalar(equal.value)) return undefined;
      keys.push(encodeValue(equal.value));
    }
    const holders = this.entries.get(keys.length === 1 ? keys[0]! : JSON.stringify(keys));
    return holders === undefined ? new Set() : typeof holders === 'string' ? new Set([holders]) : holders;
  }

  /** The key as MongoDB reports it in a duplicate key error. */
  private keyValue(doc: Document): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const field of this.fields) {
      const value = valuesAt(doc, field)[0];
      out[field] = value === EMPTY_ARRAY_MARK ? [] : (value ?? null);
    }
    return out;
  }
}

function isIndexableScalar(value: unknown): boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date;
}

/** The values at a dotted path, fanning out over arrays like MongoDB's multikey indexes. */
function valuesAt(doc: unknown, path: string): unknown[] {
  const out: unknown[] = [];
  collect(doc, path.split('.'), 0, out);
  return out;
}

function collect(value: unknown, parts: string[], depth: number, out: unknown[]): void {
  if (depth === parts.length) {
    if (!Array.isArray(value)) out.push(value);
    else if (value.length === 0) out.push(EMPTY_ARRAY_MARK);
    else out.push(...value);
    return;
  }
  if (Array.isArray(value)) {
    const part = parts[depth];
    if (/^\d+$/.test(part)) collect(value[Number(part)], parts, depth + 1, out);
    else if (value.length === 0) out.push(undefined);
    else for (const element of value) collect(element, parts, depth, out);
    return;
  }
  if (isPlainObject(value)) collect(value[parts[depth]], parts, depth + 1, out);
  else out.push(undefined);
}

const EMPTY_ARRAY_MARK: unique symbol = Symbol('empty array');

/** A string that is equal for two values exactly when MongoDB's index would treat them as one key. */
function encodeValue(value: unknown): string {
  if (value === undefined || value === null) return MISSING;
  if (value === EMPTY_ARRAY_MARK) return EMPTY_ARRAY;
  switch (typeof value) {
    case 'string':
      return `s:${value}`;
    case 'number':
      return Number.isNaN(value) ? 'f:NaN' : `f:${value === 0 ? 0 : value}`;
    case 'bigint':
      return `f:${value}`;
    case 'boolean':
      return value ? 'b:1' : 'b:0';
  }
  if (value instanceof Date) return `d:${value.getTime()}`;
  const bsonType = (value as { _bsontype?: unknown })._bsontype;
  if (bsonType === 'Long' || bsonType === 'Int32' || bsonType === 'Double') return `f:${String(value)}`;
  if (bsonType === 'ObjectId') return `o:${(value as { toHexString(): string }).toHexString()}`;
  // Embedded documents and nested arrays compare whole, field order included, as in MongoDB.
  return `j:${toCanonicalEjson(value)}`;
}
