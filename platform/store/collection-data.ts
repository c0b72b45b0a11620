/**
 * One embedded collection in memory: documents by `_id` plus their indexes.
 * Everything here is synchronous, which is what makes the engine's
 * read-modify-write operations atomic: no other operation can run between
 * reading a document and storing its new version.
 *
 * Stored documents are never mutated — a write stores a new object — so a
 * compaction can snapshot the current objects while writes go on, and readers
 * only need to copy what they hand out.
 */
import { find, Query } from 'mingo';
import BTree from 'sorted-btree';
import { compileSimpleFilter } from './simple-filter';
import { equalityValue } from './update-eval';
import { KeyIndex } from './key-index';
import { sameIndex, type IndexDefinition } from './index-spec';
import { DuplicateKeyError, StoreError, type Filter, type FindOptions, type Sort } from './port';
import type { CollectionImage, StoredDoc } from './store-image';

/** One document's transition; `before`/`after` undefined mean absent. */
export interface Change {
  id: string;
  before: StoredDoc | undefined;
  after: StoredDoc | undefined;
}

const ID_INDEX = '_id_';
/** A sorted, limited query over at most this many candidates sorts them whole rather than walk the ids in order. */
const SMALL_CANDIDATE_SET = 2000;
const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export class CollectionData {
  private readonly docs = new Map<string, StoredDoc>();
  private readonly indexes = new Map<string, KeyIndex>();
  /**
   * The ids in order, as MongoDB's `_id` index keeps them: a page "after this id, in id order" (a
   * campaign's fan-out over lakhs of recipients, 500 at a time) reads its page, not every match.
   */
  private readonly ids = new BTree<string, undefined>(undefined, compareIds);

  constructor(readonly name: string) {}

  /** Matching stored documents (not copies), in `sort` order, after skip/limit. */
  select(filter: Filter, options: Pick<FindOptions, 'sort' | 'skip' | 'limit'> = {}): StoredDoc[] {
    const matches = compile(filter);
    const skip = options.skip ?? 0;
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    if (options.sort && Object.keys(options.sort).length > 0) {
      const byId = idOrder(options.sort);
      if (byId && limit !== Infinity) {
        // Walked in id order while that is cheaper than sorting every candidate: a walk that has
        // visited as many ids as there are candidates without filling its page gives way to the sort.
        const candidates = this.candidateCount(filter);
        const walked = candidates > SMALL_CANDIDATE_SET ? this.walkIds(filter, matches, byId, skip + limit, candidates) : null;
        if (walked) return walked.slice(skip);
      }
      const matched = this.scan(filter, matches, Infinity);
      return sortDocs(matched, options.sort, skip, limit);
    }
    return this.scan(filter, matches, skip + limit).slice(skip);
  }

  first(filter: Filter, sort?: Sort): StoredDoc | undefined {
    return this.select(filter, { sort, limit: 1 })[0];
  }

  count(filter: Filter): number {
    if (Object.keys(filter).length === 0) return this.docs.size;
    return this.scan(filter, compile(filter), Infinity).length;
  }

  /**
   * Applies the changes all-or-nothing: on a unique-key collision it undoes
   * what it did and throws DuplicateKeyError.
   */
  apply(changes: Change[]): void {
    const done: Change[] = [];
    try {
      for (const change of changes) {
        this.applyOne(change);
        done.push(change);
      }
    } catch (err) {
      for (const change of done.reverse()) this.applyOne({ id: change.id, before: change.after, after: change.before }, false);
      throw err;
    }
  }

  /** Adds an index; false when the same index already exists. Throws on a conflicting one. */
  addIndex(def: IndexDefinition): boolean {
    const existing = this.indexes.get(def.name);
    if (existing) {
      if (sameIndex(existing.def, def)) return false;
      throw new StoreError(`index ${def.name} already exists in ${this.name} with a different definition`);
    }
    const sameKeys = [...this.indexes.values()].find((ix) => JSON.stringify(ix.def.keys) === JSON.stringify(def.keys));
    if (sameKeys) throw new StoreError(`index on ${JSON.stringify(def.keys)} already exists in ${this.name} as ${sameKeys.def.name}`);
    const index = new KeyIndex(def);
    for (const [id, doc] of this.docs) {
      const keys = index.keysOf(doc);
      const conflict = index.conflict(id, keys, doc);
      if (conflict) throw new DuplicateKeyError(this.name, def.name, conflict);
      index.add(id, keys);
    }
    this.indexes.set(def.name, index);
    return true;
  }

  /** Loads stored state without checks (it was checked when written). */
  load(docs: Iterable<StoredDoc>, defs: Iterable<IndexDefinition>): void {
    for (const doc of docs) {
      this.docs.set(doc._id, doc);
      this.ids.set(doc._id, undefined);
    }
    for (const def of defs) {
      const index = new KeyIndex(def);
      for (const [id, doc] of this.docs) index.add(id, index.keysOf(doc));
      this.indexes.set(def.name, index);
    }
  }

  indexDefinitions(): IndexDefinition[] {
    return [...this.indexes.values()].map((ix) => ix.def);
  }

  image(): CollectionImage {
    return { name: this.name, indexes: this.indexDefinitions(), docs: [...this.docs.values()] };
  }

  private applyOne({ id, before, after }: Change, check = true): void {
    if (check && !before && after && this.docs.has(id)) throw new DuplicateKeyError(this.name, ID_INDEX, { _id: id });
    const indexes = [...this.indexes.values()];
    const beforeKeys = before ? indexes.map((ix) => ix.keysOf(before)) : [];
    const afterKeys = after ? indexes.map((ix) => ix.keysOf(after)) : [];
    // An update that leaves an index's keys as they were (most do) leaves that index alone.
    const moves = indexes.map((_, i) => !before || !after || !sameKeys(beforeKeys[i]!, afterKeys[i]!));
    if (before) indexes.forEach((ix, i) => moves[i] && ix.remove(id, beforeKeys[i]!));
    if (after && check) {
      for (const [i, ix] of indexes.entries()) {
        const conflict = moves[i] ? ix.conflict(id, afterKeys[i]!, after) : null;
        if (conflict) {
          if (before) indexes.forEach((restore, j) => moves[j] && restore.add(id, beforeKeys[j]!));
          throw new DuplicateKeyError(this.name, ix.def.name, conflict);
        }
      }
    }
    if (after) {
      indexes.forEach((ix, i) => moves[i] && ix.add(id, afterKeys[i]!));
      if (!before) this.ids.set(id, undefined);
      this.docs.set(id, after);
    } else {
      this.ids.delete(id);
      this.docs.delete(id);
    }
  }

  /**
   * Up to `limit` matches in id order (1 ascending, -1 descending), from the filter's bound on `_id`
   * if it has one; null when `maxSteps` ids went by first.
   */
  private walkIds(filter: Filter, matches: Matcher, direction: 1 | -1, limit: number, maxSteps: number): StoredDoc[] | null {
    const out: StoredDoc[] = [];
    const from = idBoundOf(filter, direction);
    const ids = direction === 1 ? this.ids.keys(from) : keysOf(this.ids.entriesReversed(from));
    let steps = 0;
    for (const id of ids) {
      if (++steps > maxSteps) return null;
      const doc = this.docs.get(id);
      if (doc && matches(doc)) {
        out.push(doc);
        if (out.length >= limit) break;
      }
    }
    return out;
  }

  /** How many documents a scan for `filter` would visit: the filter's own ids, the narrowest index's candidates, or all. */
  private candidateCount(filter: Filter): number {
    const pinned = '_id' in filter ? pinnedIds(filter._id) : undefined;
    if (pinned) return pinned.length;
    let fewest = this.docs.size;
    for (const index of this.indexes.values()) fewest = Math.min(fewest, index.candidates(filter)?.size ?? Infinity);
    return fewest;
  }

  /** Up to `limit` matches, from an index's candidates when one applies, else from a full scan. */
  private scan(filter: Filter, matches: Matcher, limit: number): StoredDoc[] {
    const out: StoredDoc[] = [];
    if (limit <= 0) return out;
    for (const doc of this.candidates(filter)) {
      if (matches(doc)) {
        out.push(doc);
        if (out.length >= limit) break;
      }
    }
    return out;
  }

  private candidates(filter: Filter): Iterable<StoredDoc> {
    if ('_id' in filter) {
      const ids = pinnedIds(filter._id);
      if (ids) return ids.map((id) => this.docs.get(id)).filter((doc): doc is StoredDoc => doc !== undefined);
    }
    let best: Set<string> | undefined;
    for (const index of this.indexes.values()) {
      const ids = index.candidates(filter);
      if (ids && (!best || ids.size < best.size)) best = ids;
    }
    if (!best) return this.docs.values();
    return [...best].map((id) => this.docs.get(id)).filter((doc): doc is StoredDoc => doc !== undefined);
  }
}

type Matcher = (doc: StoredDoc) => boolean;

/** 1 or -1 when the sort is by `_id` alone. */
function idOrder(sort: Sort): 1 | -1 | undefined {
  const fields = Object.keys(sort);
  if (fields.length !== 1 || fields[0] !== '_id') return undefined;
  return sort._id === -1 ? -1 : sort._id === 1 ? 1 : undefined;
}

/** Where a walk in `direction` may start: a string bound on `_id` on that side, at the top of the filter or in its $and. */
function idBoundOf(filter: Filter, direction: 1 | -1): string | undefined {
  const top = idBound(filter._id, direction);
  if (top !== undefined || !Array.isArray(filter.$and)) return top;
  for (const part of filter.$and as unknown[]) {
    const bound = part !== null && typeof part === 'object' ? idBound((part as Filter)._id, direction) : undefined;
    if (bound !== undefined) return bound;
  }
  return undefined;
}

/** The string bound of one `_id` condition on that side ($gt/$gte, or $lt/$lte going down). */
function idBound(condition: unknown, direction: 1 | -1): string | undefined {
  if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) return undefined;
  const ops = condition as Record<string, unknown>;
  const bound = direction === 1 ? (ops.$gte ?? ops.$gt) : (ops.$lte ?? ops.$lt);
  return typeof bound === 'string' ? bound : undefined;
}

function* keysOf<K>(entries: Iterable<[K, unknown]>): Iterable<K> {
  for (const [key] of entries) yield key;
}

function sameKeys(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((key, i) => key === b[i]);
}

/** Mingo's query, with a bad filter reported as the port's error. */
function compile(filter: Filter): Matcher {
  // A lookup by a string `_id` alone is answered by the id map (candidates() pins it). Skipping
  // mingo there matters: every mingo Query copies its operator tables, the hottest cost under load.
  const keys = Object.keys(filter);
  if (keys.length === 1 && keys[0] === '_id' && typeof filter._id === 'string') return () => true;
  // Plain equality and comparisons skip mingo too; a document the fast path cannot judge goes to mingo.
  const simple = compileSimpleFilter(filter);
  if (simple) {
    let query: Query | undefined;
    return (doc) => simple(doc) ?? (query ??= mingoQuery(filter)).test(doc);
  }
  const query = mingoQuery(filter);
  return (doc) => query.test(doc);
}

function mingoQuery(filter: Filter): Query {
  try {
    return new Query(filter);
  } catch (err) {
    throw new StoreError(`invalid filter: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
}

function sortDocs(docs: StoredDoc[], sort: Sort, skip: number, limit: number): StoredDoc[] {
  const simple = sortScalars(docs, sort);
  if (simple) return simple.slice(skip, limit === Infinity ? undefined : skip + limit);
  let cursor = find(docs, {}).sort(sort);
  if (skip > 0) cursor = cursor.skip(skip);
  if (limit !== Infinity) cursor = cursor.limit(limit);
  return cursor.all() as StoredDoc[];
}

/**
 * Sorts without mingo when every sort field holds, in every document, a value
 * of one kind (numbers, strings or dates; `_id` strings): the platform's sorts.
 * Mixed kinds, arrays or documents need MongoDB's full order: undefined.
 */
function sortScalars(docs: StoredDoc[], sort: Sort): StoredDoc[] | undefined {
  const fields = Object.entries(sort);
  for (const [field] of fields) {
    if (field.includes('.')) return undefined;
    let kind: string | undefined;
    for (const doc of docs) {
      const v = doc[field];
      const k = v instanceof Date ? 'date' : typeof v;
      if (k !== 'number' && k !== 'string' && k !== 'date') return undefined;
      if (kind !== undefined && k !== kind) return undefined;
      kind = k;
    }
  }
  const key = (v: unknown) => (v instanceof Date ? v.getTime() : (v as number | string));
  return [...docs].sort((a, b) => {
    for (const [field, direction] of fields) {
      const x = key(a[field]);
      const y = key(b[field]);
      if (x !== y) return (x < y ? -1 : 1) * direction;
    }
    return 0;
  });
}

/** The `_id`s an `_id` condition allows, when it is an equality or `$in` on strings. */
function pinnedIds(condition: unknown): string[] | undefined {
  const equal = equalityValue(condition);
  if (equal.found) return typeof equal.value === 'string' ? [equal.value] : undefined;
  const { $in, ...rest } = condition as Record<string, unknown>;
  if (Object.keys(rest).length === 0 && Array.isArray($in) && $in.every((id) => typeof id === 'string')) return [...new Set($in)];
  return undefined;
}
