/**
 * MongoDB update semantics on plain documents: mingo's updater, behind a fast
 * path for plain $set/$unset/$inc (simple-update). The embedded engine applies
 * updates with it; the mongo engine uses it only to work out which key a
 * failed write would have written (FerretDB's duplicate key errors name
 * neither the index nor the key).
 */
import { update as mingoUpdate } from 'mingo';
import { copyDocument, isPlainObject } from './clone';
import { trySimpleUpdate } from './simple-update';
import { StoreError, type Document, type Filter, type Update } from './port';

type AnyObject = Record<string, unknown>;
type Modifier = Parameters<typeof mingoUpdate<AnyObject>>[1];

/** Rejects replacement documents and empty updates, as MongoDB does for updateOne/updateMany. */
export function assertUpdateOperators(update: Update): void {
  const keys = Object.keys(update);
  if (keys.length === 0) throw new StoreError('update document must not be empty');
  const plain = keys.find((key) => !key.startsWith('$'));
  if (plain !== undefined) throw new StoreError(`update document must contain only update operators, found "${plain}"`);
}

/** Rejects update operators in a replacement document. */
export function assertReplacement(doc: Document): void {
  const op = Object.keys(doc).find((key) => key.startsWith('$'));
  if (op !== undefined) throw new StoreError(`replacement document must not contain update operators, found "${op}"`);
}

/**
 * The document an upsert starts from: the filter's equality conditions
 * (top level and inside a top-level $and), as MongoDB seeds it.
 */
export function upsertSeed(filter: Filter): Document {
  const seed: Document = {};
  collectEqualities(filter, seed);
  return copyDocument(seed);
}

function collectEqualities(filter: Filter, seed: Document): void {
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const clause of value) if (isPlainObject(clause)) collectEqualities(clause, seed);
      continue;
    }
    if (key.startsWith('$') || value instanceof RegExp) continue;
    const equal = equalityValue(value);
    if (equal.found) setPath(seed, key, equal.value);
  }
}

/** The value a filter condition pins a field to, if it is an equality. */
export function equalityValue(condition: unknown): { found: true; value: unknown } | { found: false } {
  if (!isPlainObject(condition)) return { found: true, value: condition };
  const keys = Object.keys(condition);
  if (keys.length === 0 || !keys.every((key) => key.startsWith('$'))) return { found: true, value: condition };
  if (keys.length === 1 && keys[0] === '$eq') return { found: true, value: condition.$eq };
  return { found: false };
}

function setPath(target: AnyObject, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (isPlainObject(next)) {
      node = next;
    } else {
      const created: AnyObject = {};
      node[part] = created;
      node = created;
    }
  }
  node[parts[parts.length - 1]] = value;
}

/**
 * Applies an operator update to `doc` in place and says whether anything
 * changed. `$setOnInsert` (which mingo does not know) applies only when
 * `inserting`, after the other operators, as a `$set`.
 */
export function applyUpdate(doc: Document, update: Update, inserting: boolean): boolean {
  const { $setOnInsert, ...rest } = update;
  let changed = false;
  try {
    if (Object.keys(rest).length > 0) changed = runMingo(doc, rest);
    if (inserting && isPlainObject($setOnInsert) && Object.keys($setOnInsert).length > 0) {
      changed = runMingo(doc, { $set: $setOnInsert }) || changed;
    }
  } catch (err) {
    if (err instanceof StoreError) throw err;
    throw new StoreError(err instanceof Error ? err.message : String(err), { cause: err });
  }
  return changed;
}

function runMingo(doc: Document, modifier: AnyObject): boolean {
  const simple = trySimpleUpdate(doc, modifier);
  if (simple !== undefined) return simple;
  // Deep clone mode: values from the update must not be shared with the caller.
  return mingoUpdate(doc as AnyObject, modifier as Modifier, undefined, undefined, { cloneMode: 'deep' }).length > 0;
}
