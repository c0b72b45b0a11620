/**
 * The `mongo` engine: the port on the official MongoDB driver. Works against
 * MongoDB and against FerretDB 1.x (our CI server), papering over FerretDB's
 * gaps: no TTL index option (see mongo-ttl), no projection in findAndModify
 * (projected here instead), duplicate-key errors without details (see
 * mongo-duplicates), and read-modify-write updates that are not atomic under
 * concurrency (a collection's writes are serialized in this process).
 */
import {
  MongoClient,
  type Collection as DriverCollection,
  type Db,
  type Filter as DriverFilter,
  type UpdateFilter,
} from 'mongodb';
import { copyDocument } from './clone';
import { newId } from './ids';
import { defineIndex } from './index-spec';
import { silentLogger, type StoreLogger } from './logger';
import { resolveDuplicate, type DriverDoc, type DuplicateProbe } from './mongo-duplicates';
import { duplicateDetails, redactUri, toStoreError } from './mongo-errors';
import { createTtlIndex, discoverTtlRules } from './mongo-ttl';
import {
  StoreUnavailableError,
  type Collection,
  type Document,
  type DocumentStore,
  type Filter,
  type FindOneAndUpdateOptions,
  type FindOptions,
  type IndexSpec,
  type Sort,
  type Update,
  type UpdateOptions,
  type UpdateResult,
  type WithId,
} from './port';
import { concurrent, SerialQueue, type WriteGate } from './serial-queue';
import { DEFAULT_SWEEP_INTERVAL_MS, TtlSweeper, ttlRuleFor, type TtlRule } from './ttl-sweeper';
import { applyUpdate, assertReplacement, assertUpdateOperators, upsertSeed } from './update-eval';
import { project } from './projection';

export interface MongoStoreOptions {
  uri: string;
  /** Database name; default: the one in the URI, else "jansetu". */
  dbName?: string;
  /** TTL sweep period; 0 disables the timer. Default 30 s. */
  sweepIntervalMs?: number;
  /** How long to look for a server before giving up. Default 5000. */
  serverSelectionTimeoutMS?: number;
  /** Serialize each collection's writes in this process. Default: only on FerretDB. */
  serializeWrites?: boolean;
  log?: StoreLogger;
}

export const DEFAULT_DB_NAME = 'jansetu';

/** What a collection needs from its store. */
interface MongoContext {
  readonly db: Db;
  readonly log: StoreLogger;
  /** Throws StoreUnavailableError once the store is closed. */
  assertOpen(): void;
  /** Lets close() wait for the operation instead of cutting it off. */
  track<R>(operation: Promise<R>): Promise<R>;
  registerTtl(rule: TtlRule): void;
}

export class MongoStore implements DocumentStore {
  readonly engine = 'mongo';
  private readonly handles = new Map<string, MongoCollection<Document>>();
  private readonly sweeper: TtlSweeper;
  private readonly context: MongoContext;
  private readonly inFlight = new Set<Promise<unknown>>();
  private closed = false;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly client: MongoClient,
    private readonly db: Db,
    private readonly serializeWrites: boolean,
    log: StoreLogger,
  ) {
    this.sweeper = new TtlSweeper((name) => this.collection(name), log, () => this.learnTtlRules());
    this.context = {
      db,
      log,
      assertOpen: () => {
        if (this.closed) throw new StoreUnavailableError('store is closed');
      },
      track: (operation) => {
        this.inFlight.add(operation);
        void operation.catch(() => {}).finally(() => this.inFlight.delete(operation));
        return operation;
      },
      registerTtl: (rule) => this.sweeper.register(rule),
    };
  }

  static async open(options: MongoStoreOptions): Promise<MongoStore> {
    const log = options.log ?? silentLogger;
    const where = redactUri(options.uri);
    let client: MongoClient | undefined;
    try {
      client = new MongoClient(options.uri, { serverSelectionTimeoutMS: options.serverSelectionTimeoutMS ?? 5000 });
      await client.connect();
      const db = client.db(options.dbName ?? databaseInUri(options.uri) ?? DEFAULT_DB_NAME);
      const serialize = options.serializeWrites ?? (await isFerretDb(db));
      const store = new MongoStore(client, db, serialize, log);
      await store.learnTtlRules();
      store.sweeper.start(options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
      log.info({ uri: where, db: db.databaseName, serializeWrites: serialize }, 'store: connected to MongoDB');
      return store;
    } catch (err) {
      await client?.close().catch(() => {});
      const reason = err instanceof Error ? err.message : String(err);
      throw new StoreUnavailableError(`cannot use MongoDB at ${where}: ${reason}`, { cause: err });
    }
  }

  collection<T extends Document = Document>(name: string): Collection<T> {
    let handle = this.handles.get(name);
    if (!handle) {
      const gate = this.serializeWrites ? new SerialQueue() : concurrent;
      handle = new MongoCollection(this.db.collection<DriverDoc>(name), gate, this.context);
      this.handles.set(name, handle);
    }
    return handle as unknown as Collection<T>;
  }

  async ping(): Promise<void> {
    this.context.assertOpen();
    try {
      await this.db.admin().command({ ping: 1 });
    } catch (err) {
      throw new StoreUnavailableError(`MongoDB did not answer ping: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  async sweepExpired(): Promise<number> {
    this.context.assertOpen();
    return this.sweeper.sweep();
  }

  /** Lets operations in flight finish, then disconnects. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // The sweeper first, so a sweep in progress finishes instead of failing half way.
      await this.sweeper.stop();
      this.closed = true;
      await Promise.allSettled([...this.inFlight]);
      await this.client.close();
    })();
    return this.closing;
  }

  /** Picks up TTL indexes created by any host, so that every host sweeps them. */
  private async learnTtlRules(): Promise<void> {
    try {
      for (const rule of await discoverTtlRules(this.db)) this.sweeper.register(rule);
    } catch (err) {
      throw toStoreError(err);
    }
  }
}

async function isFerretDb(db: Db): Promise<boolean> {
  const info = await db.admin().command({ buildInfo: 1 }).catch(() => ({}) as Record<string, unknown>);
  return typeof info.ferretdbVersion === 'string';
}

/** The database named in a mongodb:// URI's path, if any. */
export function databaseInUri(uri: string): string | undefined {
  const match = /^mongodb(?:\+srv)?:\/\/[^/]*\/([^?]*)/.exec(uri);
  const name = match ? decodeURIComponent(match[1]) : '';
  return name === '' ? undefined : name;
}

class MongoCollection<T extends Document> implements Collection<T> {
  readonly name: string;

  constructor(
    private readonly driver: DriverCollection<DriverDoc>,
    private readonly gate: WriteGate,
    private readonly context: MongoContext,
  ) {
    this.name = driver.collectionName;
  }

  async insertOne(doc: T): Promise<WithId<T>> {
    const [inserted] = await this.insertMany([doc]);
    return inserted;
  }

  async insertMany(docs: T[]): Promise<WithId<T>[]> {
    const withIds = docs.map((doc) => withId(copyDocument(doc)));
    if (withIds.length === 0) return [];
    await this.write(() => this.driver.insertMany(withIds, { ordered: true }), { inserting: true, docs: async () => withIds });
    return withIds.map((doc) => copyDocument(doc) as WithId<T>);
  }

  findOne(filter: Filter, options: FindOptions = {}): Promise<WithId<T> | null> {
    return this.read(async () => {
      const found = await this.driver.findOne(driverFilter(filter), { sort: options.sort, skip: options.skip, projection: options.projection });
      return found as unknown as WithId<T> | null;
    });
  }

  find(filter: Filter, options: FindOptions = {}): Promise<WithId<T>[]> {
    return this.read(async () => {
      const found = await this.driver
        .find(driverFilter(filter), { sort: options.sort, skip: options.skip, limit: options.limit, projection: options.projection })
        .toArray();
      return found as unknown as WithId<T>[];
    });
  }

  countDocuments(filter: Filter = {}): Promise<number> {
    return this.read(() => this.driver.countDocuments(driverFilter(filter)));
  }

  async updateOne(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<UpdateResult> {
    assertUpdateOperators(update);
    const upsert = options.upsert === true;
    const sent = upsert ? withUpsertId(filter, update) : update;
    const result = await this.write(() => this.driver.updateOne(driverFilter(filter), driverUpdate(sent), { upsert }), this.updateProbe(filter, sent, upsert));
    return updateResult(result);
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    assertUpdateOperators(update);
    const result = await this.write(() => this.driver.updateMany(driverFilter(filter), driverUpdate(update)), this.updateProbe(filter, update, false));
    return updateResult(result);
  }

  async replaceOne(filter: Filter, doc: T, options: UpdateOptions = {}): Promise<UpdateResult> {
    assertReplacement(doc);
    const replacement: Document = copyDocument(doc);
    const probe = this.replaceProbe(filter, replacement);
    const idKnown = replacement._id !== undefined || upsertSeed(filter)._id !== undefined;
    if (!options.upsert || idKnown) {
      const result = await this.write(() => this.driver.replaceOne(driverFilter(filter), replacement, { upsert: options.upsert === true }), probe);
      return updateResult(result);
    }
    return this.write(() => this.replaceOrInsert(filter, replacement), probe);
  }

  async findOneAndUpdate(filter: Filter, update: Update, options: FindOneAndUpdateOptions = {}): Promise<WithId<T> | null> {
    assertUpdateOperators(update);
    const upsert = options.upsert === true;
    const sent = upsert ? withUpsertId(filter, update) : update;
    const found = await this.write(
      () =>
        this.driver.findOneAndUpdate(driverFilter(filter), driverUpdate(sent), {
          upsert,
          sort: options.sort,
          returnDocument: options.returnDocument ?? 'before',
          includeResultMetadata: false,
        }),
      this.updateProbe(filter, sent, upsert, options.sort),
    );
    // Projected here: FerretDB 1.x does not implement findAndModify's `fields`.
    return found ? (project(found, options.projection) as WithId<T>) : null;
  }

  async findOneAndDelete(filter: Filter, options: { sort?: Sort } = {}): Promise<WithId<T> | null> {
    const found = await this.write(() => this.driver.findOneAndDelete(driverFilter(filter), { sort: options.sort, includeResultMetadata: false }), noProbe);
    return found as unknown as WithId<T> | null;
  }

  async deleteOne(filter: Filter): Promise<{ deletedCount: number }> {
    const { deletedCount } = await this.write(() => this.driver.deleteOne(driverFilter(filter)), noProbe);
    return { deletedCount };
  }

  async deleteMany(filter: Filter): Promise<{ deletedCount: number }> {
    const { deletedCount } = await this.write(() => this.driver.deleteMany(driverFilter(filter)), noProbe);
    return { deletedCount };
  }

  async createIndex(spec: IndexSpec): Promise<string> {
    const def = defineIndex(spec);
    await this.write(async () => {
      if (def.expireAfterSeconds === undefined) {
        await this.driver.createIndex(def.keys, def.unique ? { name: def.name, unique: true } : { name: def.name });
        return;
      }
      await createTtlIndex(this.context.db, this.name, def, this.context.log);
      const rule = ttlRuleFor(this.name, def);
      if (rule) this.context.registerTtl(rule);
    }, noProbe);
    return def.name;
  }

  private async read<R>(op: () => Promise<R>): Promise<R> {
    this.context.assertOpen();
    return this.context.track(op().catch((err: unknown) => Promise.reject(toStoreError(err))));
  }

  private async write<R>(op: () => Promise<R>, probe: DuplicateProbe): Promise<R> {
    this.context.assertOpen();
    const written = this.gate.run(async () => {
      try {
        return await op();
      } catch (err) {
        throw (await resolveDuplicate(err, this.driver, probe)) ?? toStoreError(err);
      }
    });
    return this.context.track(written);
  }

  /**
   * A replacement upsert whose `_id` nobody chose: the server would invent an
   * ObjectId, so replace if something matches, else insert with a string id.
   * Like MongoDB's own upsert, it retries when a concurrent insert collides.
   */
  private async replaceOrInsert(filter: Filter, replacement: Document): Promise<UpdateResult> {
    for (let attempt = 1; ; attempt++) {
      const replaced = await this.driver.replaceOne(driverFilter(filter), replacement);
      if (replaced.matchedCount > 0) return updateResult(replaced);
      const inserted = withId(replacement);
      try {
        await this.driver.insertOne(inserted);
        return { matchedCount: 0, modifiedCount: 0, upsertedId: inserted._id };
      } catch (err) {
        if (attempt >= 3 || !duplicateDetails(err, this.name)) throw err;
      }
    }
  }

  /** What an update would have stored, for naming the index it collided on. */
  private updateProbe(filter: Filter, update: Update, upsert: boolean, sort?: Sort): DuplicateProbe {
    return {
      inserting: false,
      docs: async () => {
        const before = await this.driver.findOne(driverFilter(filter), { sort });
        const doc: Document = before ?? (upsert ? upsertSeed(filter) : {});
        if (!before && !upsert) return [];
        applyUpdate(doc, update, !before);
        return [doc];
      },
    };
  }

  private replaceProbe(filter: Filter, replacement: Document): DuplicateProbe {
    return {
      inserting: false,
      docs: async () => {
        const before = await this.driver.findOne(driverFilter(filter), { projection: { _id: 1 } });
        return [{ ...replacement, _id: before ? String(before._id) : replacement._id }];
      },
    };
  }
}

const noProbe: DuplicateProbe = { inserting: false, docs: async () => [] };

/** `doc` with an `_id` (a fresh string if absent), `_id` first. */
function withId(doc: Document): Document & { _id: string } {
  const { _id, ...fields } = doc;
  return { _id: _id ?? newId(), ...fields };
}

/**
 * An upsert must insert a string `_id`, not the server's ObjectId: add one
 * with $setOnInsert unless the filter or the update already decides it.
 */
function withUpsertId(filter: Filter, update: Update): Update {
  if (upsertSeed(filter)._id !== undefined) return update;
  const setsId = Object.values(update).some((fields) => fields !== null && typeof fields === 'object' && '_id' in fields);
  if (setsId) return update;
  const onInsert = (update.$setOnInsert ?? {}) as Record<string, unknown>;
  return { ...update, $setOnInsert: { ...onInsert, _id: newId() } };
}

function updateResult(result: { matchedCount: number; modifiedCount: number; upsertedId: unknown }): UpdateResult {
  return {
    matchedCount: result.matchedCount,
    modifiedCount: result.modifiedCount,
    upsertedId: result.upsertedId === null || result.upsertedId === undefined ? null : String(result.upsertedId),
  };
}

// The port's filter and update types are MongoDB's language untyped; the driver's are typed per schema.
function driverFilter(filter: Filter): DriverFilter<DriverDoc> {
  return filter as DriverFilter<DriverDoc>;
}

function driverUpdate(update: Update): UpdateFilter<DriverDoc> {
  return update as UpdateFilter<DriverDoc>;
}
