/**
 * The `embedded` engine: MongoDB semantics (evaluated by mingo) over in-memory
 * collections, made durable by a journal in a directory.
 *
 * Every write changes memory synchronously — read, check unique keys, store —
 * and only then waits for its journal record to be fsynced (group commit), so
 * read-modify-write operations are atomic and a write is acknowledged only
 * once it survives a crash. Readers may see a write a moment before it is
 * acknowledged, like MongoDB's default read concern.
 */
import { copyDocument } from './clone';
import { toCanonicalEjson } from './ejson';
import { CollectionData, type Change } from './collection-data';
import { newId } from './ids';
import { defineIndex, type IndexDefinition } from './index-spec';
import { silentLogger, type StoreLogger } from './logger';
import {
  StoreError,
  StoreUnavailableError,
  type Collection,
  type Document,
  type DocumentStore,
  type Filter,
  type FindOneAndUpdateOptions,
  type FindOptions,
  type IndexSpec,
  type Projection,
  type Sort,
  type Update,
  type UpdateOptions,
  type UpdateResult,
  type WithId,
} from './port';
import { encodeRecord, StoreFiles, type EncodedRecord } from './store-files';
import type { CollectionImage, JournalRecord, StoredDoc } from './store-image';
import { DEFAULT_SWEEP_INTERVAL_MS, TtlSweeper, ttlRuleFor } from './ttl-sweeper';
import { applyUpdate, assertReplacement, assertUpdateOperators, upsertSeed } from './update-eval';
import { projectedCopy } from './projection';
import { simpleUpdated } from './simple-update';

export interface EmbeddedStoreOptions {
  /** Directory holding the snapshot and journal; created if missing. */
  dir: string;
  /** TTL sweep period; 0 disables the timer. Default 30 s. */
  sweepIntervalMs?: number;
  /** Fold the journal into a new snapshot once it passes this size. Default 64 MiB. */
  compactAfterBytes?: number;
  log?: StoreLogger;
}

/** What a collection needs from its store. */
class EmbeddedCore {
  private readonly collections = new Map<string, CollectionData>();
  closed = false;

  constructor(
    private readonly files: StoreFiles,
    private readonly log: StoreLogger,
    readonly onIndexCreated: (collection: string, def: IndexDefinition) => void,
  ) {}

  data(name: string): CollectionData {
    let data = this.collections.get(name);
    if (!data) {
      data = new CollectionData(name);
      this.collections.set(name, data);
    }
    return data;
  }

  /** Throws (synchronously, so no await can slip in before a write) when the store cannot be used. */
  assertUsable(): void {
    if (this.closed) throw new StoreUnavailableError('store is closed');
    const failure = this.files.failure;
    if (failure) throw failure;
  }

  /** Waits until the record is durable; call it right after changing memory. */
  async commit(record: EncodedRecord): Promise<void> {
    await this.files.append(record);
    if (this.files.wantsCompaction) {
      this.files.compact(() => this.images()).catch((err: unknown) => this.log.error({ err }, 'store: journal compaction failed'));
    }
  }

  private images(): CollectionImage[] {
    return [...this.collections.values()].map((data) => data.image());
  }
}

export class EmbeddedStore implements DocumentStore {
  readonly engine = 'embedded';
  private readonly core: EmbeddedCore;
  private readonly handles = new Map<string, EmbeddedCollection<Document>>();
  private readonly sweeper: TtlSweeper;
  private closing: Promise<void> | null = null;

  private constructor(
    private readonly files: StoreFiles,
    private readonly dir: string,
    log: StoreLogger,
  ) {
    this.sweeper = new TtlSweeper((name) => this.collection(name), log);
    this.core = new EmbeddedCore(files, log, (collection, def) => {
      const rule = ttlRuleFor(collection, def);
      if (rule) this.sweeper.register(rule);
    });
  }

  static async open(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
    const log = options.log ?? silentLogger;
    const { files, image } = await StoreFiles.open(options.dir, log, options.compactAfterBytes);
    const store = new EmbeddedStore(files, options.dir, log);
    for (const [name, loaded] of image.collections) {
      store.core.data(name).load(loaded.docs.values(), loaded.indexes.values());
      for (const def of loaded.indexes.values()) store.core.onIndexCreated(name, def);
    }
    store.sweeper.start(options.sweepIntervalMs ?? DEFAULT_SWEEP_INTERVAL_MS);
    log.info({ dir: options.dir, collections: image.collections.size }, 'store: embedded store opened');
    return store;
  }

  collection<T extends Document = Document>(name: string): Collection<T> {
    let handle = this.handles.get(name);
    if (!handle) {
      handle = new EmbeddedCollection(name, this.core);
      this.handles.set(name, handle);
    }
    return handle as unknown as Collection<T>;
  }

  async ping(): Promise<void> {
    this.core.assertUsable();
    try {
      await this.files.probe();
    } catch (err) {
      throw new StoreUnavailableError(`store directory ${this.dir} is not writable: ${String(err)}`, { cause: err });
    }
  }

  async sweepExpired(): Promise<number> {
    this.core.assertUsable();
    return this.sweeper.sweep();
  }

  /** Waits for pending writes to be durable, then releases the files. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      // The sweeper first, so a sweep in progress finishes instead of failing half way.
      await this.sweeper.stop();
      this.core.closed = true;
      await this.files.close();
    })();
    return this.closing;
  }
}

const NOTHING: UpdateResult = { matchedCount: 0, modifiedCount: 0, upsertedId: null };

class EmbeddedCollection<T extends Document> implements Collection<T> {
  constructor(
    readonly name: string,
    private readonly core: EmbeddedCore,
  ) {}

  private get data(): CollectionData {
    return this.core.data(this.name);
  }

  async insertOne(doc: T): Promise<WithId<T>> {
    const [inserted] = await this.insert([doc]);
    return inserted;
  }

  insertMany(docs: T[]): Promise<WithId<T>[]> {
    return this.insert(docs);
  }

  async findOne(filter: Filter, options: FindOptions = {}): Promise<WithId<T> | null> {
    this.core.assertUsable();
    const [doc] = this.data.select(filter, { ...options, limit: 1 });
    return doc ? this.out(doc, options.projection) : null;
  }

  async find(filter: Filter, options: FindOptions = {}): Promise<WithId<T>[]> {
    this.core.assertUsable();
    return this.data.select(filter, options).map((doc) => this.out(doc, options.projection));
  }

  async countDocuments(filter: Filter = {}): Promise<number> {
    this.core.assertUsable();
    return this.data.count(filter);
  }

  async updateOne(filter: Filter, update: Update, options: UpdateOptions = {}): Promise<UpdateResult> {
    this.core.assertUsable();
    assertUpdateOperators(update);
    const target = this.data.first(filter);
    if (target) {
      const after = updated(target, update);
      if (after) await this.write([{ id: target._id, before: target, after }]);
      return { matchedCount: 1, modifiedCount: after ? 1 : 0, upsertedId: null };
    }
    if (!options.upsert) return NOTHING;
    const inserted = upserted(filter, update);
    await this.write([{ id: inserted._id, before: undefined, after: inserted }]);
    return { ...NOTHING, upsertedId: inserted._id };
  }

  async updateMany(filter: Filter, update: Update): Promise<UpdateResult> {
    this.core.assertUsable();
    assertUpdateOperators(update);
    const targets = this.data.select(filter);
    const changes = targets.flatMap((before) => {
      const after = updated(before, update);
      return after ? [{ id: before._id, before, after }] : [];
    });
    if (changes.length > 0) await this.write(changes);
    return { matchedCount: targets.length, modifiedCount: changes.length, upsertedId: null };
  }

  async replaceOne(filter: Filter, doc: T, options: UpdateOptions = {}): Promise<UpdateResult> {
    this.core.assertUsable();
    assertReplacement(doc);
    const { _id: givenId, ...fields } = copyDocument(doc);
    const target = this.data.first(filter);
    if (target) {
      if (givenId !== undefined && givenId !== null && givenId !== target._id) {
        throw new StoreError("Performing an update on the path '_id' would modify the immutable field '_id'");
      }
      const after: StoredDoc = { _id: target._id, ...fields };
      const changed = !sameDocument(target, after);
      if (changed) await this.write([{ id: target._id, before: target, after }]);
      return { matchedCount: 1, modifiedCount: changed ? 1 : 0, upsertedId: null };
    }
    if (!options.upsert) return NOTHING;
    // A replacement upsert takes only the `_id` from the filter, as in MongoDB.
    const inserted = stored({ _id: givenId ?? upsertSeed(filter)._id, ...fields });
    await this.write([{ id: inserted._id, before: undefined, after: inserted }]);
    return { ...NOTHING, upsertedId: inserted._id };
  }

  async findOneAndUpdate(filter: Filter, update: Update, options: FindOneAndUpdateOptions = {}): Promise<WithId<T> | null> {
    this.core.assertUsable();
    assertUpdateOperators(update);
    const returnAfter = options.returnDocument === 'after';
    const target = this.data.first(filter, options.sort);
    if (target) {
      const after = updated(target, update);
      if (after) await this.write([{ id: target._id, before: target, after }]);
      return this.out(returnAfter ? (after ?? target) : target, options.projection);
    }
    if (!options.upsert) return null;
    const inserted = upserted(filter, update);
    await this.write([{ id: inserted._id, before: undefined, after: inserted }]);
    return returnAfter ? this.out(inserted, options.projection) : null;
  }

  async findOneAndDelete(filter: Filter, options: { sort?: Sort } = {}): Promise<WithId<T> | null> {
    this.core.assertUsable();
    const target = this.data.first(filter, options.sort);
    if (!target) return null;
    await this.write([{ id: target._id, before: target, after: undefined }]);
    return this.out(target);
  }

  async deleteOne(filter: Filter): Promise<{ deletedCount: number }> {
    this.core.assertUsable();
    const target = this.data.first(filter);
    if (target) await this.write([{ id: target._id, before: target, after: undefined }]);
    return { deletedCount: target ? 1 : 0 };
  }

  async deleteMany(filter: Filter): Promise<{ deletedCount: number }> {
    this.core.assertUsable();
    const targets = this.data.select(filter);
    if (targets.length > 0) await this.write(targets.map((before) => ({ id: before._id, before, after: undefined })));
    return { deletedCount: targets.length };
  }

  async createIndex(spec: IndexSpec): Promise<string> {
    this.core.assertUsable();
    const def = defineIndex(spec);
    const record = encodeRecord({ c: this.name, index: def });
    if (!this.data.addIndex(def)) return def.name;
    this.core.onIndexCreated(this.name, def);
    await this.core.commit(record);
    return def.name;
  }

  private async insert(docs: Document[]): Promise<WithId<T>[]> {
    this.core.assertUsable();
    const toStore = docs.map((doc) => stored(copyDocument(doc)));
    if (toStore.length > 0) await this.write(toStore.map((after) => ({ id: after._id, before: undefined, after })));
    return toStore.map((doc) => this.out(doc));
  }

  /**
   * Changes memory and then waits for the journal. Anything that can fail
   * (serializing, a unique-key collision) fails before memory changes.
   * Callers do their reads and this call with no await in between.
   */
  private async write(changes: Change[]): Promise<void> {
    const put = changes.flatMap((c) => (c.after ? [c.after] : []));
    const del = changes.flatMap((c) => (c.after ? [] : [c.id]));
    const record: JournalRecord = { c: this.name };
    if (put.length > 0) record.put = put;
    if (del.length > 0) record.del = del;
    const encoded = encodeRecord(record);
    this.data.apply(changes);
    await this.core.commit(encoded);
  }

  private out(doc: StoredDoc, projection?: Projection): WithId<T> {
    return projectedCopy(doc, projection, copyDocument) as WithId<T>;
  }
}

/** The new version of `doc` after `update`, or null when the update changes nothing. */
function updated(doc: StoredDoc, update: Update): StoredDoc | null {
  // Copying the update turns undefined values into null, as the driver would store them.
  const copied = copyDocument(update);
  // Not an insert: $setOnInsert does nothing. The usual $set/$inc/… copy only what they change.
  const { $setOnInsert: _onInsert, ...rest } = copied;
  const shared = simpleUpdated(doc, rest);
  if (shared !== undefined) return shared;
  const after = copyDocument(doc);
  return applyUpdate(after, copied, false) ? after : null;
}

/** The document an upsert inserts: the filter's equalities, then the update (with $setOnInsert). */
function upserted(filter: Filter, update: Update): StoredDoc {
  const doc = upsertSeed(filter);
  applyUpdate(doc, copyDocument(update), true);
  return stored(doc);
}

/** `doc` with an `_id` (assigned if absent), `_id` first as MongoDB orders it. */
function stored(doc: Document): StoredDoc {
  const { _id, ...fields } = doc;
  const id: unknown = _id ?? newId();
  if (typeof id !== 'string') throw new StoreError(`_id must be a string, got ${typeof id}`);
  return { _id: id, ...fields };
}

function sameDocument(a: Document, b: Document): boolean {
  return toCanonicalEjson(a) === toCanonicalEjson(b);
}
