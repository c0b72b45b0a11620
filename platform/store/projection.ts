import { find } from 'mingo';
import type { Document, Projection } from './port';

/**
 * MongoDB projection of one document. Mingo's exclusion projection deletes
 * from nested objects in place, so pass a document you own, never a stored one.
 *
 * Projections of plain paths (all 1 or all 0, `_id` either way) over objects
 * are made here; anything else (operators, a path through an array) by mingo,
 * whose set-up per call costs more than most of the documents it projects.
 */
export function project(doc: Document, projection: Projection | undefined): Document {
  if (!projection || Object.keys(projection).length === 0) return doc;
  const plain = plainProjection(projection);
  if (plain) {
    try {
      return projectPlain(doc, plain);
    } catch (err) {
      if (!(err instanceof ThroughArray)) throw err;
    }
  }
  const [projected] = find([doc], {}, projection).all() as Document[];
  if (!('_id' in projected)) return projected;
  // MongoDB returns _id first; mingo appends it.
  const { _id, ...fields } = projected;
  return { _id, ...fields };
}

/**
 * A projected copy of a document nobody may change (a stored one): an inclusion picks first and
 * copies only what it picked; anything else copies the whole document and projects the copy.
 */
export function projectedCopy<D extends Document>(doc: D, projection: Projection | undefined, copy: (d: Document) => Document): Document {
  const plain = projection ? plainProjection(projection) : null;
  if (plain?.include) {
    try {
      return copy(projectPlain(doc, plain));
    } catch (err) {
      if (!(err instanceof ThroughArray)) throw err;
    }
  }
  return project(copy(doc), projection);
}

/** Throws ThroughArray for a path through an array (mingo's to make). */
function projectPlain(doc: Document, plain: PlainProjection): Document {
  if (plain.include) {
    const out = pick(doc, plain.tree) as Document;
    return plain.id && '_id' in doc ? { _id: doc._id, ...out } : out;
  }
  drop(doc, plain.tree);
  if (!plain.id) delete doc._id;
  return doc;
}

interface PlainProjection {
  include: boolean;
  id: boolean;
  tree: PathTree;
}

/** Paths as a tree: a leaf (true) ends a path. */
type PathTree = Map<string, PathTree | true>;

class ThroughArray extends Error {}

function plainProjection(projection: Projection): PlainProjection | null {
  let include: boolean | null = null;
  let id = true;
  const tree: PathTree = new Map();
  for (const [path, value] of Object.entries(projection as Record<string, unknown>)) {
    if (value !== 0 && value !== 1 && value !== true && value !== false) return null;
    const on = value === 1 || value === true;
    if (path === '_id') {
      id = on;
      continue;
    }
    // Operators, a part of _id, or inclusion mixed with exclusion: mingo's (and MongoDB's) rules.
    if (path.includes('$') || path === '' || path.startsWith('_id.') || (include !== null && include !== on)) return null;
    include = on;
    let node = tree;
    const parts = path.split('.');
    for (const [i, part] of parts.entries()) {
      if (part === '') return null;
      const existing = node.get(part);
      // A path inside another named path ({a: 1, 'a.b': 1}): MongoDB refuses it; mingo's to answer.
      if (existing === true || (i === parts.length - 1 && existing !== undefined)) return null;
      if (i === parts.length - 1) node.set(part, true);
      else {
        const next: PathTree = existing ?? new Map();
        node.set(part, next);
        node = next;
      }
    }
  }
  // Only _id named: inclusion of _id alone, or exclusion of it.
  if (include === null) return id ? { include: true, id: true, tree } : { include: false, id: false, tree };
  return { include, id, tree };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/** The named fields, in the document's order (as MongoDB returns them); an embedded document keeps its name even when none of its named fields is in it. */
function pick(doc: Record<string, unknown>, tree: PathTree): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(doc)) {
    if (key === '_id') continue;
    const node = tree.get(key);
    if (!node) continue;
    const value = doc[key];
    if (node === true) out[key] = value;
    else if (Array.isArray(value)) throw new ThroughArray();
    else if (isObject(value)) out[key] = pick(value, node);
  }
  return out;
}

function drop(doc: Record<string, unknown>, tree: PathTree): void {
  for (const [key, node] of tree) {
    if (key === '_id' || !(key in doc)) continue;
    const value = doc[key];
    if (node === true) delete doc[key];
    else if (Array.isArray(value)) throw new ThroughArray();
    else if (isObject(value)) drop(value, node);
  }
}
