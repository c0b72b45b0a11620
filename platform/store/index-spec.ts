import { StoreError, type IndexSpec } from './port';

/** An IndexSpec with its defaults filled in, as both engines record it. */
export interface IndexDefinition {
  name: string;
  keys: Record<string, 1 | -1>;
  unique: boolean;
  expireAfterSeconds?: number;
}

/** MongoDB's default index name: `a_1_b_-1`. */
export function defaultIndexName(keys: Record<string, unknown>): string {
  return Object.entries(keys)
    .map(([field, dir]) => `${field}_${String(dir)}`)
    .join('_');
}

/** Validates a spec and fills in the defaults; throws StoreError on a bad one. */
export function defineIndex(spec: IndexSpec): IndexDefinition {
  const fields = Object.keys(spec.keys);
  if (fields.length === 0) throw new StoreError('an index needs at least one key');
  for (const field of fields) {
    const dir = spec.keys[field];
    if (dir !== 1 && dir !== -1) throw new StoreError(`index key ${field} must have direction 1 or -1`);
  }
  const def: IndexDefinition = {
    name: spec.name ?? defaultIndexName(spec.keys),
    keys: { ...spec.keys },
    unique: spec.unique === true,
  };
  if (spec.expireAfterSeconds !== undefined) {
    const seconds = spec.expireAfterSeconds;
    if (!Number.isFinite(seconds) || seconds < 0) throw new StoreError('expireAfterSeconds must be a number >= 0');
    if (fields.length !== 1) throw new StoreError('a TTL index must have exactly one key');
    def.expireAfterSeconds = seconds;
  }
  return def;
}

export function sameIndex(a: IndexDefinition, b: IndexDefinition): boolean {
  return (
    a.name === b.name &&
    a.unique === b.unique &&
    a.expireAfterSeconds === b.expireAfterSeconds &&
    JSON.stringify(a.keys) === JSON.stringify(b.keys)
  );
}
