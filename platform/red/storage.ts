/**
 * Node-RED storage module on the document-store port: flows, credentials,
 * runtime settings, editor sessions and library entries live in the store, so
 * every host pointed at one MongoDB serves the same flows.
 *
 * Each Node-RED object is kept as a JSON string: flows and settings may carry
 * keys with '.' or a leading '$' (encrypted credentials are `{"$": "..."}`),
 * which MongoDB field names do not allow everywhere.
 */
import type { DocumentStore } from '../store';

type Json = unknown;

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

export const RED_COLLECTIONS = {
  state: 'nr_state',
  flowVersions: 'nr_flow_versions',
  library: 'nr_library',
} as const;

/** How many past deploys are kept for audit and rollback. */
const FLOW_VERSIONS_KEPT = 50;

export function createNodeRedStorage(store: DocumentStore): NodeRedStorageModule {
  const state = store.collection<JsonDoc>(RED_COLLECTIONS.state);
  const versions = store.collection<FlowVersionDoc>(RED_COLLECTIONS.flowVersions);
  const library = store.collection<LibraryDoc>(RED_COLLECTIONS.library);

  async function read<T>(id: string, fallback: T): Promise<T> {
    const doc = await state.findOne({ _id: id });
    return doc ? (JSON.parse(doc.json) as T) : fallback;
  }

  async function write(id: string, value: unknown, extra: Record<string, unknown> = {}): Promise<void> {
    await state.replaceOne({ _id: id }, { _id: id, json: JSON.stringify(value), updatedAt: new Date(), ...extra }, { upsert: true });
  }

  return {
    async init() {
      await library.createIndex({ keys: { type: 1, path: 1 }, unique: true });
      await versions.createIndex({ keys: { savedAt: -1 } });
    },

    getFlows: () => read<Json[]>('flows', []),
    hasSavedFlows: async () => (await state.countDocuments({ _id: 'flows' })) > 0,

    async saveFlows(flows, user) {
      const savedBy = user?.username ?? null;
      await write('flows', flows, { updatedBy: savedBy });
      await versions.insertOne({ json: JSON.stringify(flows), savedAt: new Date(), savedBy });
      const stale = await versions.find({}, { sort: { savedAt: -1 }, skip: FLOW_VERSIONS_KEPT, projection: { _id: 1 } });
      if (stale.length > 0) await versions.deleteMany({ _id: { $in: stale.map((v) => v._id) } });
    },

    getCredentials: () => read<Record<string, unknown>>('credentials', {}),
    saveCredentials: (credentials) => write('credentials', credentials),
    getSettings: () => read<Record<string, unknown>>('settings', {}),
    saveSettings: (settings) => write('settings', settings),
    getSessions: () => read<Record<string, unknown>>('sessions', {}),
    saveSessions: (sessions) => write('sessions', sessions),

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
