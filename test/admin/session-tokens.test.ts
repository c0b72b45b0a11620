/**
 * Editor sessions in the store are kept by the hash of their token: a store
 * dump has no usable token, while Node-RED's own token module (editor-api
 * lib/auth/tokens.js, driven here directly) still logs in, finds, revokes and
 * expires sessions, also across a restart.
 */
import { createNodeRedStorage, RED_COLLECTIONS, sha256 } from '../../platform/red/storage';
import { createStore, type DocumentStore } from '../../platform/store';
import { tempDir } from '../support/services';

interface NodeRedTokens {
  init(adminAuth: Record<string, unknown>, storage: unknown): Promise<void>;
  create(user: string, client: string, scope: string, useExchangeCode?: boolean): Promise<{ accessToken: string; expires_in: number }>;
  get(token: string): Promise<{ user: string; scope: string; expires: number } | null | undefined>;
  revoke(token: string): Promise<void>;
}

/** A fresh copy of Node-RED's token module, as after a host restart. */
function nodeRedTokens(): NodeRedTokens {
  let tokens!: NodeRedTokens;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    tokens = require('@node-red/editor-api/lib/auth/tokens') as NodeRedTokens;
  });
  return tokens;
}

async function dump(store: DocumentStore): Promise<string> {
  const parts = await Promise.all(Object.values(RED_COLLECTIONS).map((c) => store.collection(c).find({})));
  return JSON.stringify(parts);
}

describe('sessions in the store', () => {
  let dir: string;
  let store: DocumentStore;
  beforeEach(async () => {
    // tokens.js arms an expiry timer per session (up to weeks) that it never clears: let it not hold Jest open.
    const realSetTimeout = global.setTimeout;
    jest.spyOn(global, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => realSetTimeout(fn, ms).unref()) as typeof setTimeout);
    dir = tempDir();
    store = await createStore({ engine: 'embedded', dir });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await store.close();
  });

  it('log in, use and revoke through Node-RED with only token hashes stored', async () => {
    const storage = createNodeRedStorage(store);
    await storage.init({});
    const tokens = nodeRedTokens();
    await tokens.init({ type: 'credentials' }, storage);
    const { accessToken } = await tokens.create('ops', 'node-red-editor', '*');
    const other = await tokens.create('auditor', 'node-red-admin', 'read');

    expect(await tokens.get(accessToken)).toMatchObject({ user: 'ops', scope: '*' });
    const stored = await dump(store);
    expect(stored).not.toContain(accessToken);
    expect(stored).not.toContain(other.accessToken);
    expect(stored).toContain(sha256(accessToken));
    // Nor do the store's files on disk hold it.
    const { execFileSync } = await import('node:child_process');
    expect(() => execFileSync('grep', ['-rqF', accessToken, dir])).toThrow();

    // A hash is not a token.
    expect(await tokens.get(sha256(accessToken))).toBeFalsy();

    await tokens.revoke(accessToken);
    expect(await tokens.get(accessToken)).toBeFalsy();
    expect(await tokens.get(other.accessToken)).toMatchObject({ user: 'auditor' });
    expect(await store.collection(RED_COLLECTIONS.sessions).countDocuments()).toBe(1);
  });

  it('keeps sessions across a restart and expires them', async () => {
    const first = createNodeRedStorage(store);
    await first.init({});
    const before = nodeRedTokens();
    await before.init({ type: 'credentials', sessionExpiryTime: 60 }, first);
    const { accessToken } = await before.create('ops', 'node-red-editor', '*');

    const second = createNodeRedStorage(store);
    await second.init({});
    const after = nodeRedTokens();
    await after.init({ type: 'credentials', sessionExpiryTime: 60 }, second);
    expect(await after.get(accessToken)).toMatchObject({ user: 'ops', scope: '*' });

    // A minute later the session is gone, from Node-RED and from the store.
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 61_000);
    expect(await after.get(accessToken)).toBeFalsy();
    expect(await store.collection(RED_COLLECTIONS.sessions).countDocuments()).toBe(0);
  });

  it('does not drop sessions another host saved', async () => {
    const a = createNodeRedStorage(store);
    const b = createNodeRedStorage(store);
    await a.init({});
    const tokensA = nodeRedTokens();
    const tokensB = nodeRedTokens();
    await tokensA.init({ type: 'credentials' }, a);
    await tokensB.init({ type: 'credentials' }, b);
    await tokensA.get('warm-up');
    await tokensB.get('warm-up');
    await tokensA.create('ops', 'node-red-editor', '*');
    await tokensB.create('auditor', 'node-red-editor', 'read');
    expect(await store.collection(RED_COLLECTIONS.sessions).countDocuments()).toBe(2);
  });

  it('moves clear-text sessions of earlier versions to hashes', async () => {
    const token = 'legacy-token-in-clear';
    await store.collection(RED_COLLECTIONS.state).insertOne({ _id: 'sessions', json: JSON.stringify({ [token]: { user: 'ops', client: 'node-red-editor', scope: '*', accessToken: token, expires: Date.now() + 60_000 } }), updatedAt: new Date() });
    const storage = createNodeRedStorage(store);
    await storage.init({});
    expect(await dump(store)).not.toContain(token);
    const tokens = nodeRedTokens();
    await tokens.init({ type: 'credentials' }, storage);
    expect(await tokens.get(token)).toMatchObject({ user: 'ops' });
  });
});
