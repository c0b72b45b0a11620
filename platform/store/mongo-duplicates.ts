/**
 * Turns a driver duplicate-key error into DuplicateKeyError with the index
 * and key. MongoDB says both; when the server does not (FerretDB), the
 * documents the write would have produced are checked against each unique
 * index to find the one that collided. That costs a few queries, on the error
 * path only.
 */
import type { Collection as DriverCollection } from 'mongodb';
import { isPlainObject } from './clone';
import { duplicateDetails } from './mongo-errors';
import { DuplicateKeyError, type Document } from './port';

/** Documents as the driver sees them: our `_id`s are strings. */
export type DriverDoc = { _id: string; [key: string]: unknown };

export interface DuplicateProbe {
  /** The documents the failed write would have stored (post-images). */
  docs(): Promise<Document[]>;
  /** Whether the write was an insert, which can collide on `_id` too. */
  inserting: boolean;
}

export async function resolveDuplicate(
  err: unknown,
  collection: DriverCollection<DriverDoc>,
  probe: DuplicateProbe,
): Promise<DuplicateKeyError | null> {
  const name = collection.collectionName;
  const details = duplicateDetails(err, name);
  if (!details) return null;
  if (details.index && details.keyValue) return new DuplicateKeyError(name, details.index, details.keyValue, { cause: err });
  try {
    let docs = await probe.docs();
    if (details.position !== undefined && docs[details.position]) docs = [docs[details.position]];
    const found = await findCollision(collection, docs, probe.inserting, details.index);
    if (found) return new DuplicateKeyError(name, found.index, found.keyValue, { cause: err });
  } catch {
    // Best effort: fall through to what the error itself said.
  }
  return new DuplicateKeyError(name, details.index ?? 'unknown', details.keyValue ?? {}, { cause: err });
}

async function findCollision(
  collection: DriverCollection<DriverDoc>,
  docs: Document[],
  inserting: boolean,
  onlyIndex: string | undefined,
): Promise<{ index: string; keyValue: Record<string, unknown> } | null> {
  const indexes = (await collection.listIndexes().toArray()).filter(
    (ix) => (ix.unique === true || (inserting && ix.name === '_id_')) && (!onlyIndex || ix.name === onlyIndex),
  );
  for (const index of indexes) {
    const keys: unknown = index.key;
    if (!isPlainObject(keys)) continue;
    for (const doc of docs) {
      const keyValue: Record<string, unknown> = {};
      for (const field of Object.keys(keys)) keyValue[field] = valueAt(doc, field) ?? null;
      const others = index.name === '_id_' || doc._id === undefined ? keyValue : { ...keyValue, _id: { $ne: doc._id } };
      if (await collection.findOne(others, { projection: { _id: 1 } })) return { index: String(index.name), keyValue };
    }
  }
  return null;
}

function valueAt(doc: unknown, path: string): unknown {
  let node = doc;
  for (const part of path.split('.')) {
    if (!isPlainObject(node)) return undefined;
    node = node[part];
  }
  return node;
}
