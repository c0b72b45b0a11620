/**
 * A fast path for the updates the platform issues most — `$set`, `$unset`,
 * `$inc` and `$addToSet` of a scalar on plain field paths — because mingo's updater rebuilds its operator
 * tables on every call (~50 µs, most of an embedded findOneAndUpdate).
 * It also raises MongoDB's type errors, which mingo silently skips ($inc of a
 * string, a field created inside a string). Anything else (array paths,
 * positional operators, conflicting paths, `_id`) is declined and goes to mingo.
 */
import { copyDocument, isPlainObject } from './clone';
import { toCanonicalEjson } from './ejson';
import { StoreError, type Document } from './port';

type Op = '$set' | '$unset' | '$inc' | '$addToSet';
interface Step {
  op: Op;
  parts: string[];
  value: unknown;
}

/** Applies the update in place and says whether the document changed; undefined = declined, nothing touched. */
export function trySimpleUpdate(doc: Document, update: Record<string, unknown>): boolean | undefined {
  const steps = plan(doc, update);
  if (!steps) return undefined;
  let changed = false;
  for (const step of steps) changed = apply(doc, step) || changed;
  return changed;
}

/**
 * The document after a simple update, copying only the objects along the updated paths and
 * sharing everything else with `doc`: stored documents are never changed in place (every change
 * makes a new version, every reader gets a copy), so a new version may share their parts. Null
 * when nothing changed; undefined when declined (the caller copies the whole document for mingo).
 */
export function simpleUpdated<T extends Document>(doc: T, update: Record<string, unknown>): T | null | undefined {
  const steps = plan(doc, update);
  if (!steps) return undefined;
  const after: Document = { ...doc };
  const own = new Set<object>([after]);
  for (const { parts } of steps) {
    let node = after;
    for (const part of parts.slice(0, -1)) {
      const next = node[part];
      // Missing: made fresh when set. Anything but an object: plan() already refused or declined.
      if (!isPlainObject(next)) break;
      if (own.has(next)) node = next;
      else {
        const copy = { ...next };
        own.add(copy);
        node[part] = copy;
        node = copy;
      }
    }
  }
  let changed = false;
  for (const step of steps) changed = apply(after, step) || changed;
  return changed ? (after as T) : null;
}

/** Validates everything before anything is changed. */
function plan(doc: Document, update: Record<string, unknown>): Step[] | undefined {
  const steps: Step[] = [];
  const paths: string[] = [];
  for (const [op, fields] of Object.entries(update)) {
    if ((op !== '$set' && op !== '$unset' && op !== '$inc' && op !== '$addToSet') || !isPlainObject(fields)) return undefined;
    for (const [path, value] of Object.entries(fields)) {
      const parts = path.split('.');
      if (parts[0] === '_id' || parts.some((p) => p === '' || p.startsWith('$') || /^\d+$/.test(p))) return undefined;
      // MongoDB rejects two operators on one path, or on a path and its parent: let mingo say so.
      if (paths.some((other) => other === path || other.startsWith(`${path}.`) || path.startsWith(`${other}.`))) return undefined;
      paths.push(path);
      const parent = parentOf(doc, parts);
      if (parent.kind === 'array') return undefined;
      if (parent.kind === 'scalar' && op !== '$unset') {
        throw new StoreError(`Cannot create field '${parts[parent.depth + 1]}' in element {${parts.slice(0, parent.depth + 1).join('.')}: ${describe(parent.value)}}`);
      }
      if (op === '$inc') {
        if (typeof value !== 'number') throw new StoreError('Cannot increment with non-numeric argument');
        const current = parent.kind === 'object' ? parent.node[parts[parts.length - 1]] : undefined;
        if (current !== undefined && typeof current !== 'number') {
          throw new StoreError(`Cannot apply $inc to a value of non-numeric type: field '${path}' is ${describe(current)}`);
        }
      }
      if (op === '$addToSet') {
        // One scalar onto an array (or a missing field); $each, documents and non-arrays go to mingo.
        const scalar = value === null || ['string', 'number', 'boolean'].includes(typeof value) || value instanceof Date;
        const current = parent.kind === 'object' ? parent.node[parts[parts.length - 1]] : undefined;
        if (!scalar || (current !== undefined && !Array.isArray(current))) return undefined;
      }
      steps.push({ op, parts, value });
    }
  }
  return steps;
}

type Parent =
  | { kind: 'object'; node: Record<string, unknown> }
  | { kind: 'missing' }
  | { kind: 'array' }
  /** parts[depth] holds a value that cannot have fields. */
  | { kind: 'scalar'; depth: number; value: unknown };

/** What holds the last part of the path. */
function parentOf(doc: Document, parts: string[]): Parent {
  let node: Record<string, unknown> = doc;
  for (const [depth, part] of parts.slice(0, -1).entries()) {
    const next = node[part];
    if (next === undefined) return { kind: 'missing' };
    if (Array.isArray(next)) return { kind: 'array' };
    if (!isPlainObject(next)) return { kind: 'scalar', depth, value: next };
    node = next;
  }
  return { kind: 'object', node };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Date) return 'a date';
  return `${typeof value} ${JSON.stringify(value) ?? ''}`.trim();
}

function apply(doc: Document, { op, parts, value }: Step): boolean {
  const last = parts[parts.length - 1];
  if (op === '$unset') {
    const parent = parentOf(doc, parts);
    if (parent.kind !== 'object' || !(last in parent.node)) return false;
    delete parent.node[last];
    return true;
  }
  const parent = ensureParent(doc, parts);
  const current = parent[last];
  if (op === '$addToSet') {
    const list = (current as unknown[] | undefined) ?? [];
    if (list.some((item) => bsonEqual(item, value))) return false;
    // A new array: stored documents are never mutated.
    parent[last] = [...list, copyDocument(value)];
    return true;
  }
  if (op === '$inc') {
    if (current !== undefined && value === 0) return false;
    parent[last] = ((current as number | undefined) ?? 0) + (value as number);
    return true;
  }
  if (last in parent && bsonEqual(current, value)) return false;
  parent[last] = copyDocument(value);
  return true;
}

function ensureParent(doc: Document, parts: string[]): Record<string, unknown> {
  let node: Record<string, unknown> = doc;
  for (const part of parts.slice(0, -1)) {
    let next = node[part];
    if (next === undefined) {
      next = {};
      node[part] = next;
    }
    node = next as Record<string, unknown>;
  }
  return node;
}

function bsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  return toCanonicalEjson(a) === toCanonicalEjson(b);
}
