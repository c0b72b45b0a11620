/**
 * Node-RED context store on the document-store port, so `flow` and `global`
 * context is shared by every host on one MongoDB and survives restarts.
 *
 * One document per (scope, top-level key) holding the value as JSON: keys may
 * contain characters MongoDB field names refuse, and a nested set such as
 * `flow.set("a.b", 1)` rewrites only the one top-level key it touches.
 * The store is asynchronous: callers pass a callback, as with Node-RED's Redis
 * store.
 */
import type { DocumentStore } from '../store';

type Callback = (err?: Error | null, ...values: unknown[]) => void;

/** The subset of @node-red/util's util we need, handed in so this file has no runtime dependency on Node-RED. */
export interface PropertyUtil {
  normalisePropertyExpression(expr: string): Array<string | number>;
  getObjectProperty(obj: unknown, expr: string): unknown;
  setObjectProperty(obj: Record<string, unknown>, expr: string, value: unknown, createMissing?: boolean): boolean;
}

interface ContextDoc {
  _id: string;
  [key: string]: unknown;
  scope: string;
  key: string;
  json: string;
  updatedAt: Date;
}

export const CONTEXT_COLLECTION = 'nr_context';

const SYNC_ERROR = 'the jansetu context store is asynchronous: pass a callback, e.g. flow.get("key", (err, value) => ...)';

export class StoreContext {
  private readonly docs;

  constructor(
    store: DocumentStore,
    private readonly util: PropertyUtil,
  ) {
    this.docs = store.collection<ContextDoc>(CONTEXT_COLLECTION);
  }

  async open(): Promise<void> {
    await this.docs.createIndex({ keys: { scope: 1, key: 1 }, unique: true });
  }

  async close(): Promise<void> {}

  get(scope: string, key: string | string[], callback?: Callback): void {
    if (typeof callback !== 'function') throw new Error(SYNC_ERROR);
    const keys = Array.isArray(key) ? key : [key];
    Promise.all(keys.map((k) => this.getOne(scope, k))).then(
      (values) => callback(null, ...values),
      (err: Error) => callback(err),
    );
  }

  set(scope: string, key: string | string[], value: unknown, callback?: Callback): void {
    if (typeof callback !== 'function') throw new Error(SYNC_ERROR);
    const keys = Array.isArray(key) ? key : [key];
    const values = Array.isArray(key) ? (Array.isArray(value) ? value : [value]) : [value];
    (async () => {
      // In order: a later key may be a path inside an earlier one.
      for (let i = 0; i < keys.length; i++) await this.setOne(scope, keys[i], i < values.length ? values[i] : null);
    })().then(
      () => callback(null),
      (err: Error) => callback(err),
    );
  }

  keys(scope: string, callback?: Callback): void {
    if (typeof callback !== 'function') throw new Error(SYNC_ERROR);
    this.docs.find({ scope }, { projection: { key: 1 }, sort: { key: 1 } }).then(
      (docs) => callback(null, docs.map((d) => d.key)),
      (err: Error) => callback(err),
    );
  }

  async delete(scope: string): Promise<void> {
    await this.docs.deleteMany({ scope });
  }

  /** Drops the context of nodes and flows that are no longer deployed. */
  async clean(activeNodes: string[]): Promise<void> {
    const active = new Set(activeNodes);
    const scopes = new Set((await this.docs.find({}, { projection: { scope: 1 } })).map((d) => d.scope));
    const gone = [...scopes].filter((scope) => scope !== 'global' && !active.has(scope.split(':')[0]));
    if (gone.length > 0) await this.docs.deleteMany({ scope: { $in: gone } });
  }

  private async getOne(scope: string, expr: string): Promise<unknown> {
    const [root, rest] = this.split(expr);
    const doc = await this.docs.findOne({ scope, key: root });
    if (!doc) return undefined;
    const value: unknown = JSON.parse(doc.json);
    if (rest === null) return value;
    try {
      return this.util.getObjectProperty({ [root]: value }, expr);
    } catch {
      return undefined;
    }
  }

  private async setOne(scope: string, expr: string, value: unknown): Promise<void> {
    const [root, rest] = this.split(expr);
    const id = `${scope}\u0000${root}`;
    if (rest === null) {
      if (value === undefined) {
        await this.docs.deleteOne({ _id: id });
        return;
      }
      await this.write(id, scope, root, value);
      return;
    }
    // Nested path: read the top-level value, change it, write it back.
    const current = await this.docs.findOne({ _id: id });
    // An own property holding undefined stops setObjectProperty from creating the path.
    const holder: Record<string, unknown> = current ? { [root]: JSON.parse(current.json) } : {};
    this.util.setObjectProperty(holder, expr, value, true);
    if (holder[root] === undefined) await this.docs.deleteOne({ _id: id });
    else await this.write(id, scope, root, holder[root]);
  }

  private async write(id: string, scope: string, key: string, value: unknown): Promise<void> {
    const json = JSON.stringify(value);
    if (json === undefined) throw new Error(`context value for "${key}" cannot be stored: it is not JSON-serialisable`);
    await this.docs.replaceOne({ _id: id }, { _id: id, scope, key, json, updatedAt: new Date() }, { upsert: true });
  }

  /** "a.b[0]" → ["a", ".b[0]"]; "a" → ["a", null]. Throws on an invalid expression, like Node-RED's memory store. */
  private split(expr: string): [string, string | null] {
    const parts = this.util.normalisePropertyExpression(expr);
    const root = String(parts[0]);
    return [root, parts.length > 1 ? expr : null];
  }
}

/** Node-RED calls `contextStorage.<name>.module(config)` to make the store; ours needs no config. */
export function storeContextFactory(store: DocumentStore, util: PropertyUtil): (config: unknown) => StoreContext {
  return () => new StoreContext(store, util);
}
