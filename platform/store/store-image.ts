/**
 * The embedded engine's on-disk vocabulary: what a snapshot holds and what a
 * journal record says. Records carry post-images (whole documents) rather
 * than the update that produced them, so replay is deterministic ($currentDate,
 * generated ids) and idempotent (replaying a record twice changes nothing).
 */
import { isPlainObject } from './clone';
import type { IndexDefinition } from './index-spec';
import type { Document } from './port';

/** A document as stored: its `_id` is always set. */
export type StoredDoc = Document & { _id: string };

export interface CollectionImage {
  name: string;
  indexes: IndexDefinition[];
  docs: StoredDoc[];
}

/** The effect of one write, applied as a unit. */
export interface JournalRecord {
  /** Collection name. */
  c: string;
  /** Documents as they now are (inserted, updated or replaced). */
  put?: StoredDoc[];
  /** `_id`s deleted. */
  del?: string[];
  /** An index created. */
  index?: IndexDefinition;
}

export interface LoadedCollection {
  indexes: Map<string, IndexDefinition>;
  docs: Map<string, StoredDoc>;
}

/** Collections as rebuilt from a snapshot plus journal replay. */
export class LoadedImage {
  readonly collections = new Map<string, LoadedCollection>();

  collection(name: string): LoadedCollection {
    let found = this.collections.get(name);
    if (!found) {
      found = { indexes: new Map(), docs: new Map() };
      this.collections.set(name, found);
    }
    return found;
  }

  apply(record: JournalRecord): void {
    const target = this.collection(record.c);
    if (record.index) target.indexes.set(record.index.name, record.index);
    for (const id of record.del ?? []) target.docs.delete(id);
    for (const doc of record.put ?? []) target.docs.set(doc._id, doc);
  }

  toCollections(): CollectionImage[] {
    return [...this.collections].map(([name, c]) => ({ name, indexes: [...c.indexes.values()], docs: [...c.docs.values()] }));
  }
}

export function isJournalRecord(value: unknown): value is JournalRecord {
  if (!isPlainObject(value) || typeof value.c !== 'string') return false;
  if (value.put !== undefined && !(Array.isArray(value.put) && value.put.every((d) => isPlainObject(d) && typeof d._id === 'string'))) return false;
  if (value.del !== undefined && !(Array.isArray(value.del) && value.del.every((id) => typeof id === 'string'))) return false;
  if (value.index !== undefined && !isIndexDefinition(value.index)) return false;
  return true;
}

export function isIndexDefinition(value: unknown): value is IndexDefinition {
  return isPlainObject(value) && typeof value.name === 'string' && isPlainObject(value.keys) && typeof value.unique === 'boolean';
}
