/**
 * The document-store port: the one interface the platform uses for state.
 *
 * Filters, updates, sorts and projections are MongoDB's own language, so the
 * `mongo` engine passes them straight to the driver and the `embedded` engine
 * evaluates them with mingo. `_id` is always a string (a 24-hex ObjectId when
 * the store assigns it) so that ids look the same on both engines.
 */

export type Document = { _id?: string; [key: string]: unknown };
export type WithId<T extends Document> = T & { _id: string };

/** A MongoDB query filter, e.g. `{ waId: "9198...", updatedAt: { $gt: date } }`. */
export type Filter = Record<string, unknown>;
/** A MongoDB update document built from operators (`$set`, `$inc`, ...). */
export type Update = Record<string, unknown>;
export type Sort = Record<string, 1 | -1>;
export type Projection = Record<string, 0 | 1>;

export interface FindOptions {
  sort?: Sort;
  skip?: number;
  limit?: number;
  projection?: Projection;
}

export interface UpdateOptions {
  upsert?: boolean;
}

export interface FindOneAndUpdateOptions extends UpdateOptions {
  sort?: Sort;
  /** Which version of the document to return; MongoDB's default is 'before'. */
  returnDocument?: 'before' | 'after';
  projection?: Projection;
}

export interface UpdateResult {
  matchedCount: number;
  modifiedCount: number;
  upsertedId: string | null;
}

export interface IndexSpec {
  /** Field → direction. Compound keys are allowed. */
  keys: Record<string, 1 | -1>;
  name?: string;
  unique?: boolean;
  /**
   * TTL: the document expires this many seconds after the Date in the (single)
   * indexed field. Both engines remove expired documents with their own sweeper
   * (DocumentStore.sweepExpired, on a timer); MongoDB's TTL monitor also does.
   * Code that needs expiry to the second compares the date itself.
   */
  expireAfterSeconds?: number;
}

export interface Collection<T extends Document = Document> {
  readonly name: string;
  insertOne(doc: T): Promise<WithId<T>>;
  insertMany(docs: T[]): Promise<WithId<T>[]>;
  findOne(filter: Filter, options?: FindOptions): Promise<WithId<T> | null>;
  find(filter: Filter, options?: FindOptions): Promise<WithId<T>[]>;
  countDocuments(filter?: Filter): Promise<number>;
  updateOne(filter: Filter, update: Update, options?: UpdateOptions): Promise<UpdateResult>;
  updateMany(filter: Filter, update: Update): Promise<UpdateResult>;
  replaceOne(filter: Filter, doc: T, options?: UpdateOptions): Promise<UpdateResult>;
  /** Atomic: no other write to the matched document can interleave. */
  findOneAndUpdate(filter: Filter, update: Update, options?: FindOneAndUpdateOptions): Promise<WithId<T> | null>;
  findOneAndDelete(filter: Filter, options?: { sort?: Sort }): Promise<WithId<T> | null>;
  deleteOne(filter: Filter): Promise<{ deletedCount: number }>;
  deleteMany(filter: Filter): Promise<{ deletedCount: number }>;
  /** Idempotent: creating an index that exists with the same spec does nothing. */
  createIndex(spec: IndexSpec): Promise<string>;
}

export interface DocumentStore {
  /** 'mongo' or 'embedded'. */
  readonly engine: string;
  collection<T extends Document = Document>(name: string): Collection<T>;
  /** Resolves when the backing server/file is reachable; rejects with the reason otherwise. */
  ping(): Promise<void>;
  /** Removes every document whose TTL has passed; returns how many. Also runs on a timer. */
  sweepExpired(): Promise<number>;
  close(): Promise<void>;
}

export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** A write would have put two documents under one key of a unique index. */
export class DuplicateKeyError extends StoreError {
  readonly code = 11000;
  constructor(
    readonly collection: string,
    readonly index: string,
    readonly keyValue: Record<string, unknown>,
    options?: { cause?: unknown },
  ) {
    super(`duplicate key in ${collection} on index ${index}: ${JSON.stringify(keyValue)}`, options);
    this.name = 'DuplicateKeyError';
  }
}

/** The backing server or file cannot be reached or used. */
export class StoreUnavailableError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreUnavailableError';
  }
}
