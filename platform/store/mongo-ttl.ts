/**
 * TTL indexes on a MongoDB-wire server. MongoDB takes `expireAfterSeconds`
 * and lists it back; FerretDB 1.x rejects the option (NotImplemented), so
 * there the index is created without it and the rule is recorded in a small
 * registry collection instead. Either way every host can rediscover the rules
 * and run the sweeper.
 */
import type { Db } from 'mongodb';
import { isPlainObject } from './clone';
import type { IndexDefinition } from './index-spec';
import type { StoreLogger } from './logger';
import { ttlRuleFor, type TtlRule } from './ttl-sweeper';

export const TTL_REGISTRY = '__store_ttl_indexes';
const NOT_IMPLEMENTED = 238;

export async function createTtlIndex(db: Db, collection: string, def: IndexDefinition, log: StoreLogger): Promise<void> {
  const rule = ttlRuleFor(collection, def);
  if (!rule) throw new Error(`index ${def.name} is not a TTL index`);
  try {
    await db.collection(collection).createIndex(def.keys, { name: def.name, expireAfterSeconds: rule.expireAfterSeconds });
    return;
  } catch (err) {
    if (!isNotImplemented(err)) throw err;
  }
  log.info({ collection, index: def.name }, 'store: server has no TTL indexes; the store sweeper expires documents');
  await db.collection(collection).createIndex(def.keys, { name: def.name });
  const id = `${collection}.${def.name}`;
  await db.collection<{ _id: string }>(TTL_REGISTRY).replaceOne({ _id: id }, { _id: id, ...rule }, { upsert: true });
}

function isNotImplemented(err: unknown): boolean {
  return err instanceof Error && ((err as { code?: unknown }).code === NOT_IMPLEMENTED || /not implemented/i.test(err.message));
}

/** Every TTL rule in the database: from index metadata and from the registry. */
export async function discoverTtlRules(db: Db): Promise<TtlRule[]> {
  const rules: TtlRule[] = [];
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  for (const { name } of collections) {
    if (name === TTL_REGISTRY || name.startsWith('system.')) continue;
    for (const index of await db.collection(name).listIndexes().toArray()) {
      const keys: unknown = index.key;
      if (typeof index.expireAfterSeconds !== 'number' || !isPlainObject(keys) || Object.keys(keys).length !== 1) continue;
      rules.push({ collection: name, index: String(index.name), field: Object.keys(keys)[0], expireAfterSeconds: index.expireAfterSeconds });
    }
  }
  if (collections.some((c) => c.name === TTL_REGISTRY)) {
    for (const doc of await db.collection(TTL_REGISTRY).find({}).toArray()) {
      if (isTtlRule(doc)) rules.push({ collection: doc.collection, index: doc.index, field: doc.field, expireAfterSeconds: doc.expireAfterSeconds });
    }
  }
  return rules;
}

function isTtlRule(value: unknown): value is TtlRule {
  return (
    isPlainObject(value) &&
    typeof value.collection === 'string' &&
    typeof value.index === 'string' &&
    typeof value.field === 'string' &&
    typeof value.expireAfterSeconds === 'number'
  );
}
