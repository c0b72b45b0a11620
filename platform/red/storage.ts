/**
 * Node-RED storage module on the document-store port: flows, credentials,
 * runtime settings, editor sessions and library entries live in the store, so
 * every host pointed at one MongoDB serves the same flows.
 *
 * Each Node-RED object is kept as a JSON string: flows and settings may carry
 * keys with '.' or a leading '$' (encrypted credentials are `{"$": "..."}`),
 * which MongoDB field names do not allow everywhere.
 *
 * A deploy saves the flows before it stops them: the save announces itself on
 * the runtime's events (`FLOWS_SAVING`, then `FLOWS_SAVE_FAILED` if the store
 * refused), so work in flight can be set aside before the stop begins.
 *
 * Editor sessions are kept by the SHA-256 of their bearer token, never the
 * token itself, so a dump of the store yields no usable admin token (see
 * HashedSessions below).
 */
import { createHash, randomBytes } from 'node:crypto';
import type { DocumentStore } from '../store';

type Json = unknown;

/** Emitted on the runtime's events when a deploy begins saving flows (Node-RED stops them next). */
export const FLOWS_SAVING = 'jansetu:flows-saving';
/** Emitted when that save failed: Node-RED keeps the running flows. */
export const FLOWS_SAVE_FAILED = 'jansetu:flows-save-failed';

interface RuntimeEvents {
  emit(event: string, ...args: unknown[]): boolean;
}

export interface FlowsSaveInfo {
  username?: string;
}

/** The methods Node-RED's storage layer calls (see @node-red/runtime/lib/storage). */
export interface NodeRedStorageModule {
  init(settings: unknown, runtime?: unknown): Promise<void>;
  getFlows(): Promise<Json[]>;
  saveFlows(flows: Json[], user?: FlowsSaveInfo): Promise<void>;
  getCredentials(): Promise<Record<string, unknown>>;
  saveCredentials(credentials: Record<string, unknown>): Promise<void>;
  getSettings(): Promise<Record<string, unknown>>;
  saveSettings(settings: Record<string, unknown>): Promise<void>;
  getSessions(): Promise<Record<string, unknown>>;
  saveSessions(sessions: Record<string, unknown>): Promise<void>;
  getLibraryEntry(type: string, path: string): Promise<string | LibraryListing>;
  saveLibraryEntry(type: string, path: string, meta: Record<string, unknown>, body: string): Promise<void>;
  /** Not part of Node-RED's interface: whether flows were ever saved (an empty deploy counts). */
  hasSavedFlows(): Promise<boolean>;
}

/** A library folder: sub-folder names first, then each file's meta with its name in `fn`. */
export type LibraryListing = Array<string | (Record<string, unknown> & { fn: string })>;

interface JsonDoc {
  _id: string;
  [key: string]: unknown;
  json: string;
  updatedAt: Date;
}

interface FlowVersionDoc {
  _id?: string;
  [key: string]: unknown;
  json: string;
  savedAt: Date;
  savedBy: string | null;
}

interface LibraryDoc {
  _id: string;
  [key: string]: unknown;
  type: string;
  /** Path inside the type, without leading slash, e.g. "menus/greeting.json". */
  path: string;
  meta: string;
  body: string;
}

interface SessionDoc {
  _id: string;
  [key: string]: unknown;
  /** The session as Node-RED keeps it, without `accessToken`. */
  json: string;
  expires: Date;
}

export const RED_COLLECTIONS = {
  state: 'nr_state',
  flowVersions: 'nr_flow_versions',
  library: 'nr_library',
  sessions: 'nr_sessions',
} as const;

/** How many past deploys are kept for audit and rollback. */
const FLOW_VERSIONS_KEPT = 50;

export function createNodeRedStorage(store: DocumentStore, logFailure?: (err: Error) => void): NodeRedStorageModule {
  const state = store.collection<JsonDoc>(RED_COLLECTIONS.state);
  const versions = store.collection<FlowVersionDoc>(RED_COLLECTIONS.flowVersions);
  const library = store.collection<LibraryDoc>(RED_COLLECTIONS.library);
  const sessionDocs = store.collection<SessionDoc>(RED_COLLECTIONS.sessions);
  const hashedSessions = new HashedSessions();
  /** What this process last read or wrote per token hash, so a save touches only what changed. */
  const savedSessions = new Map<string, string>();
  let sessionWrites: Promise<void> = Promise.resolve();
  /** Node-RED hands its runtime to init(); before that (seeding, the CLI) no one listens. */
  let events: RuntimeEvents | null = null;

  async function read<T>(id: string, fallback: T): Promise<T> {
    const doc = await state.findOne({ _id: id });
    return doc ? (JSON.parse(doc.json) as T) : fallback;
  }

  async function write(id: string, value: unknown, extra: Record<string, unknown> = {}): Promise<void> {
    await state.replaceOne({ _id: id }, { _id: id, json: JSON.stringify(value), updatedAt: new Date(), ...extra }, { upsert: true });
  }

  return {
    async init(_settings, runtime) {
      const runtimeEvents = (runtime as { events?: RuntimeEvents } | undefined)?.events;
      if (runtimeEvents && typeof runtimeEvents.emit === 'function') events = runtimeEvents;
      await library.createIndex({ keys: { type: 1, path: 1 }, unique: true });
      await versions.createIndex({ keys: { savedAt: -1 } });
      await sessionDocs.createIndex({ keys: { expires: 1 }, expireAfterSeconds: 0 });
      // Sessions of earlier versions sat in clear under nr_state "sessions": hash them and drop the clear copy.
      const legacy = await read<Record<string, unknown> | null>('sessions', null);
      if (legacy) {
        for (const [token, session] of Object.entries(legacy)) await sessionDocs.replaceOne({ _id: sha256(token) }, sessionDoc(sha256(token), session), { upsert: true });
        await state.deleteOne({ _id: 'sessions' });
      }
    },

    getFlows: () => read<Json[]>('flows', []),
    hasSavedFlows: async () => (await state.countDocuments({ _id: 'flows' })) > 0,

    async saveFlows(flows, user) {
      const savedBy = user?.username ?? null;
      // One token per save, so a listener tells which save failed when two deploys overlap.
      const save = Symbol('flows save');
      events?.emit(FLOWS_SAVING, save);
      try {
        await write('flows', flows, { updatedBy: savedBy });
      } catch (err) {
        events?.emit(FLOWS_SAVE_FAILED, save);
        throw err;
      }
      // The flows are saved: the deploy goes on whatever happens to the history of deploys kept beside them.
      try {
        await versions.insertOne({ json: JSON.stringify(flows), savedAt: new Date(), savedBy });
        const stale = await versions.find({}, { sort: { savedAt: -1 }, skip: FLOW_VERSIONS_KEPT, projection: { _id: 1 } });
        if (stale.length > 0) await versions.deleteMany({ _id: { $in: stale.map((v) => v._id) } });
      } catch (err) {
        logFailure?.(err as Error);
      }
    },

    getCredentials: () => read<Record<string, unknown>>('credentials', {}),
    saveCredentials: (credentials) => write('credentials', credentials),
    getSettings: () => read<Record<string, unknown>>('settings', {}),
    saveSettings: (settings) => write('settings', settings),
    async getSessions() {
      const docs = await sessionDocs.find({});
      const now = Date.now();
      const loaded = new Map<string, SessionValue>();
      for (const doc of docs) {
        // The TTL sweeper runs on a timer; an expired session must not come back in between.
        if (doc.expires.getTime() < now) continue;
        loaded.set(doc._id, JSON.parse(doc.json) as SessionValue);
        savedSessions.set(doc._id, doc.json);
      }
      return hashedSessions.replaceAll(loaded);
    },

    saveSessions(sessions) {
      const current = hashedSessions.entriesOf(sessions);
      // Node-RED saves after each login and logout without waiting for the last save: keep them in order.
      const run = sessionWrites.then(async () => {
        for (const [hash, session] of current) {
          const doc = sessionDoc(hash, session);
          if (savedSessions.get(hash) === doc.json) continue;
          await sessionDocs.replaceOne({ _id: hash }, doc, { upsert: true });
          savedSessions.set(hash, doc.json);
        }
        // Only sessions this process knew and no longer has (logout, expiry): another host's stay.
        const gone = [...savedSessions.keys()].filter((hash) => !current.has(hash));
        if (gone.length > 0) await sessionDocs.deleteMany({ _id: { $in: gone } });
        for (const hash of gone) savedSessions.delete(hash);
      });
      sessionWrites = run.catch(() => undefined);
      return run;
    },

    async getLibraryEntry(type, rawPath) {
      const entryPath = trimSlashes(rawPath);
      const exact = await library.findOne({ type, path: entryPath });
      if (exact) return exact.body;
      if (type === 'flows' && !entryPath.endsWith('.json') && entryPath !== '') {
        const json = await library.findOne({ type, path: `${entryPath}.json` });
        if (json) return json.body;
      }
      const below = await library.find({ type, path: entryPath === '' ? { $exists: true } : { $regex: `^${escapeRegex(entryPath)}/` } }, { sort: { path: 1 } });
      if (below.length === 0 && entryPath !== '' && !rawPath.endsWith('/')) {
        throw new Error(`Library Entry not found ${rawPath}`);
      }
      return listFolder(entryPath, below);
    },

    async saveLibraryEntry(type, rawPath, meta, body) {
      let entryPath = trimSlashes(rawPath);
      if (type === 'flows' && !entryPath.endsWith('.json')) entryPath += '.json';
      const id = `${type}/${entryPath}`;
      await library.replaceOne(
        { _id: id },
        { _id: id, type, path: entryPath, meta: JSON.stringify(meta ?? {}), body },
        { upsert: true },
      );
    },
  };
}

type SessionValue = Record<string, unknown>;

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function sessionDoc(hash: string, session: unknown): SessionDoc {
  // The clear token is the one thing a stored session must not hold.
  const { accessToken: _token, ...rest } = (session ?? {}) as SessionValue;
  const expires = typeof rest.expires === 'number' ? rest.expires : 0;
  return { _id: hash, json: JSON.stringify(rest), expires: new Date(expires) };
}

/**
 * The sessions object Node-RED's editor-api holds (lib/auth/tokens.js): it
 * loads it once through getSessions, looks a bearer token up as
 * `sessions[token]`, adds `sessions[token] = session` at login, `delete`s at
 * logout and expiry, walks it with for...in to expire, and passes it back to
 * saveSessions. The store has only hashes, so the object is a Proxy keyed by
 * the hash: any property name is hashed before lookup, and Node-RED's code
 * never needs the clear token of a loaded session.
 *
 * (adminAuth's `tokens` hook cannot do this: it adds API tokens beside the
 * sessions, while tokens.js would still hand every login's clear token to
 * saveSessions.)
 *
 * Enumeration has to yield keys that index back to the same entry, yet a hash
 * must never work as a token (or a store dump would be a token list again).
 * So enumerated keys are the hash behind a random per-process prefix that is
 * never stored or sent: only code that got the key from this object can use it.
 */
class HashedSessions {
  private readonly prefix = `sha256:${randomBytes(16).toString('hex')}:`;
  private entries = new Map<string, SessionValue>();
  private readonly proxy: Record<string, unknown>;

  constructor() {
    const hashOf = (key: string) => (key.startsWith(this.prefix) ? key.slice(this.prefix.length) : sha256(key));
    // Object.prototype's own names (hasOwnProperty, constructor, ...) keep their meaning: tokens.js calls hasOwnProperty.
    const inherited = (key: string | symbol): key is symbol => typeof key === 'symbol' || key in Object.prototype;
    this.proxy = new Proxy<Record<string, unknown>>(
      {},
      {
        get: (target, key, receiver) => (inherited(key) ? Reflect.get(target, key, receiver) : this.entries.get(hashOf(key))),
        set: (target, key, value, receiver) => {
          if (inherited(key)) return Reflect.set(target, key, value, receiver);
          this.entries.set(hashOf(key), value as SessionValue);
          return true;
        },
        has: (target, key) => (inherited(key) ? Reflect.has(target, key) : this.entries.has(hashOf(key))),
        deleteProperty: (target, key) => {
          if (inherited(key)) return Reflect.deleteProperty(target, key);
          this.entries.delete(hashOf(key));
          return true;
        },
        ownKeys: () => [...this.entries.keys()].map((hash) => this.prefix + hash),
        getOwnPropertyDescriptor: (target, key) => {
          if (inherited(key)) return Reflect.getOwnPropertyDescriptor(target, key);
          const value = this.entries.get(hashOf(key));
          return value === undefined ? undefined : { value, writable: true, enumerable: true, configurable: true };
        },
        defineProperty: (target, key, descriptor) => {
          if (inherited(key)) return Reflect.defineProperty(target, key, descriptor);
          this.entries.set(hashOf(key), descriptor.value as SessionValue);
          return true;
        },
      },
    );
  }

  replaceAll(entries: Map<string, SessionValue>): Record<string, unknown> {
    this.entries = entries;
    return this.proxy;
  }

  /** Hash → session of what Node-RED handed to saveSessions: this proxy, or a plain token-keyed object. */
  entriesOf(sessions: Record<string, unknown>): Map<string, SessionValue> {
    if (sessions === this.proxy) return new Map(this.entries);
    const out = new Map<string, SessionValue>();
    for (const [key, value] of Object.entries(sessions ?? {})) out.set(key.startsWith(this.prefix) ? key.slice(this.prefix.length) : sha256(key), value as SessionValue);
    return out;
  }
}

function listFolder(folder: string, entries: LibraryDoc[]): LibraryListing {
  const prefix = folder === '' ? '' : `${folder}/`;
  const dirs = new Set<string>();
  const files: Array<Record<string, unknown> & { fn: string }> = [];
  for (const entry of entries) {
    const rest = entry.path.slice(prefix.length);
    const slash = rest.indexOf('/');
    if (slash >= 0) dirs.add(rest.slice(0, slash));
    else files.push({ ...(JSON.parse(entry.meta) as Record<string, unknown>), fn: rest });
  }
  return [...[...dirs].sort(), ...files];
}

function trimSlashes(p: string): string {
  return p.replace(/^\/+|\/+$/g, '');
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
