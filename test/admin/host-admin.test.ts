/**
 * The admin module on the whole host: login throttling against the real
 * Node-RED token endpoint, bounded audit records, hashed sessions in the
 * store, the tab and config-node import checks, and the security headers.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import { AUDIT_COLLECTION } from '../../platform/admin';
import type { RunningHost } from '../../platform/host';
import { tempDir } from '../support/services';
import { startTestHost } from '../support/host';

const ADMIN = { username: 'ops', password: 'correct-horse-battery' };

let host: RunningHost;
let dataDir: string;

/** A client at its own loopback address (all of 127/8 reaches the host on Linux), so tests do not share limits. */
function clientAt(): string {
  return `127.${1 + Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${2 + Math.floor(Math.random() * 250)}`;
}

/** node:http, whose localAddress picks the client's address. */
function login(user: { username: string; password: string }, from = '127.0.0.1'): Promise<{ status: number; headers: http.IncomingHttpHeaders; json(): Promise<unknown> }> {
  const body = new URLSearchParams({ client_id: 'node-red-editor', grant_type: 'password', scope: '*', ...user }).toString();
  return new Promise((resolve, reject) => {
    const req = http.request(`${host.url}/admin/auth/token`, { method: 'POST', localAddress: from, agent: false, headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, json: async () => JSON.parse(text) as unknown });
      });
    });
    // The host may answer (413) before the whole body is sent and close.
    req.on('error', reject);
    req.end(body);
  });
}

async function token(): Promise<string> {
  const res = await login(ADMIN);
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

function admin(path: string, bearer: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${host.url}/admin${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${bearer}`, 'Node-RED-API-Version': 'v2', 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });
}

beforeAll(async () => {
  dataDir = tempDir();
  host = await startTestHost({ DATA_DIR: dataDir, ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
}, 60_000);

afterAll(async () => {
  await host?.stop();
});

describe('logins', () => {
  it('answers a 4 MiB username with 413 and writes no audit record for it', async () => {
    const audit = host.services.store.collection(AUDIT_COLLECTION);
    const before = await audit.countDocuments();
    const from = clientAt();
    for (let i = 0; i < 10; i++) {
      const res = await login({ username: 'x'.repeat(4 * 1024 * 1024), password: 'p' }, from);
      expect(res.status).toBe(413);
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(await audit.countDocuments()).toBe(before);
  });

  it('throttles guesses at the admin with 429 and Retry-After, and the admin still logs in from elsewhere', async () => {
    const attacker = clientAt();
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await login({ username: ADMIN.username, password: `guess-${i}` }, attacker)).status);
    // Node-RED's own lock would have answered the sixth with a 500.
    expect(statuses).toEqual([403, 403, 403, 403, 403, 429, 429]);
    const throttled = await login(ADMIN, attacker);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
    expect((await login(ADMIN, clientAt())).status).toBe(200);
  });

  it('records failed logins with a bounded username', async () => {
    const from = clientAt();
    await login({ username: `nobody-${from}`, password: 'x' }, from);
    const audit = host.services.store.collection(AUDIT_COLLECTION);
    let found = null;
    for (let i = 0; i < 50 && !found; i++) {
      found = await audit.findOne({ event: 'auth.login.fail.credentials', username: `nobody-${from}` });
      if (!found) await new Promise((r) => setTimeout(r, 20));
    }
    expect(found).toMatchObject({ ip: expect.stringContaining(from) });
  });
});

describe('sessions', () => {
  it('keeps no usable token in the store, and login, use and logout still work', async () => {
    const bearer = await token();
    expect((await admin('/flows', bearer)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 300)); // the embedded store's group commit
    expect(() => execFileSync('grep', ['-rqF', bearer, dataDir])).toThrow();
    const revoke = await admin('/auth/revoke', bearer, { method: 'POST', body: JSON.stringify({ token: bearer }) });
    expect(revoke.status).toBe(200);
    expect((await admin('/flows', bearer)).status).toBe(401);
  });
});

describe('flow imports', () => {
  let bearer: string;
  beforeAll(async () => {
    bearer = await token();
  });

  it('refuses a full deploy with a node on a tab that does not exist', async () => {
    const before = (await (await admin('/flows', bearer)).json()) as { rev: string };
    const res = await admin('/flows', bearer, {
      method: 'POST',
      headers: { 'Node-RED-Deployment-Type': 'full' },
      body: JSON.stringify({ flows: [{ id: 't1', type: 'tab', label: 'T' }, { id: 'n1', type: 'inject', z: 'no-such-tab', wires: [] }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'invalid_flows', missingTabs: [{ id: 'n1', type: 'inject', z: 'no-such-tab' }] });
    expect(((await (await admin('/flows', bearer)).json()) as { rev: string }).rev).toBe(before.rev);
  });

  it('refuses a deploy where two questions of one flow keep their answers under one name, and changes nothing', async () => {
    const before = (await (await admin('/flows', bearer)).json()) as { rev: string; flows: unknown[] };
    const ask = (id: string) => ({ id, type: 'ask', z: 't1', version: 1, question: 'ask.hint.text', kind: 'text', answer: 'details', wires: [[], [], []] });
    const res = await admin('/flows', bearer, {
      method: 'POST',
      headers: { 'Node-RED-Deployment-Type': 'full' },
      body: JSON.stringify({ flows: [...before.flows, { id: 't1', type: 'tab', label: 'T' }, ask('a1'), ask('a2')] }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/ask node a2 keeps its answer as \\"details\\"/);
    expect(((await (await admin('/flows', bearer)).json()) as { rev: string }).rev).toBe(before.rev);
  });

  it('serves the nodes\' editor help in Telugu to an editor in Telugu, and in English otherwise', async () => {
    // The editor asks for the node list in its own language (Accept-Language).
    const help = async (lang: string) => (await admin('/nodes', bearer, { headers: { Accept: 'text/html', 'Accept-Language': lang } })).text();
    const telugu = await help('te');
    expect(telugu).toContain('పౌరుడిని ఒక ప్రశ్న అడిగి');
    expect(telugu).toContain('data-help-name="whatsapp-out"');
    expect(await help('en-US')).toContain('Asks the citizen a question and waits for the answer');
  });

  it('refuses a whatsapp-out whose account config node does not exist, as a full deploy and as one flow', async () => {
    const out = { id: 'o1', type: 'whatsapp-out', z: 't1', account: 'missing-account', wires: [] };
    const full = await admin('/flows', bearer, {
      method: 'POST',
      headers: { 'Node-RED-Deployment-Type': 'full' },
      body: JSON.stringify({ flows: [{ id: 't1', type: 'tab', label: 'T' }, out] }),
    });
    expect(full.status).toBe(400);
    expect(await full.json()).toMatchObject({ missingConfigNodes: [{ id: 'o1', property: 'account', ref: 'missing-account', expected: 'whatsapp-account' }] });
    const single = await admin('/flow', bearer, { method: 'POST', body: JSON.stringify({ label: 'One', nodes: [{ ...out, z: undefined }] }) });
    expect(single.status).toBe(400);
  });

  it('lets one flow use an account that is live in the global flow', async () => {
    const live = (await (await admin('/flows', bearer)).json()) as { flows: Array<{ id: string; type: string }> };
    const account = live.flows.find((n) => n.type === 'whatsapp-account');
    expect(account).toBeDefined();
    const res = await admin('/flow', bearer, {
      method: 'POST',
      body: JSON.stringify({ label: 'Uses the live account', nodes: [{ id: 'o2', type: 'whatsapp-out', account: account!.id, wires: [] }] }),
    });
    expect(res.status).toBe(200);
  });
});

describe('security headers on /admin', () => {
  it('sends nosniff, frame and referrer policies and a CSP', async () => {
    const res = await fetch(`${host.url}/admin/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('same-origin');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('upgrade-insecure-requests');
  });
});
