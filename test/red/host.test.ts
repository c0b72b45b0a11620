/**
 * The host with a real embedded Node-RED: admin API and auth, storage and
 * context on the store, flow import checks, error answers, readiness.
 */
import bcrypt from 'bcryptjs';
import { loadConfig } from '../../platform/config';
import { startHost, type RunningHost } from '../../platform/host';
import { createLogger } from '../../platform/log';
import { serviceUrl, tempDir } from '../support/services';
import { sandboxCitizenKey } from '../support/citizens';

const ADMIN = { username: 'ops', password: 'correct-horse-battery' };
const VIEWER = { username: 'auditor', password: 'viewer-password-1' };

let host: RunningHost;
let adminToken: string;

async function token(user: { username: string; password: string }, scope = '*'): Promise<string> {
  const res = await fetch(`${host.url}/admin/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope, ...user }),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { access_token: string }).access_token;
}

function admin(path: string, init: RequestInit = {}, bearer = adminToken): Promise<Response> {
  return fetch(`${host.url}/admin${path}`, {
    ...init,
    headers: { Authorization: `Bearer ${bearer}`, 'Node-RED-API-Version': 'v2', 'Content-Type': 'application/json', ...(init.headers ?? {}) },
  });
}

async function liveFlows(): Promise<{ flows: Array<Record<string, unknown>>; rev: string }> {
  const res = await admin('/flows');
  expect(res.status).toBe(200);
  return (await res.json()) as { flows: Array<Record<string, unknown>>; rev: string };
}

async function deploy(flows: unknown[]): Promise<Response> {
  return admin('/flows', { method: 'POST', body: JSON.stringify({ flows }), headers: { 'Node-RED-Deployment-Type': 'full' } });
}

beforeAll(async () => {
  const redis = serviceUrl('REDIS');
  const config = loadConfig({
    DATA_DIR: tempDir(),
    PORT: '0',
    HOST: '127.0.0.1',
    ADMIN_USERNAME: ADMIN.username,
    ADMIN_PASSWORD: ADMIN.password,
    EDITOR_USERS: JSON.stringify([{ username: VIEWER.username, password: bcrypt.hashSync(VIEWER.password, 4), role: 'viewer' }]),
    LOG_LEVEL: 'silent',
    ...(redis ? { REDIS_URL: redis } : { REDIS_SERVER_BIN: '/nonexistent/redis-server' }),
  });
  host = await startHost(config, createLogger('silent'));
  adminToken = await token(ADMIN);
}, 60_000);

afterAll(async () => {
  await host?.stop();
});

describe('health', () => {
  it('answers /healthz and reports store and queue in /readyz', async () => {
    expect((await fetch(`${host.url}/healthz`)).status).toBe(200);
    const ready = await fetch(`${host.url}/readyz`);
    const body = (await ready.json()) as { ready: boolean; store: { ok: boolean }; queue: { ok: boolean; reason?: string } };
    expect(body.store.ok).toBe(true);
    if (serviceUrl('REDIS')) {
      expect(ready.status).toBe(200);
      expect(body).toMatchObject({ ready: true, queue: { ok: true } });
    } else {
      expect(ready.status).toBe(503);
      expect(body.queue.reason).toMatch(/redis-server/);
    }
  });
});

describe('editor security', () => {
  it('refuses the admin API without a login', async () => {
    const res = await fetch(`${host.url}/admin/flows`);
    expect(res.status).toBe(401);
  });

  it('refuses a wrong password (Node-RED answers 403)', async () => {
    const res = await fetch(`${host.url}/admin/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: ADMIN.username, password: 'wrong' }),
    });
    expect(res.status).toBe(403);
  });

  it('lets a viewer read the flows but not deploy', async () => {
    await expect(token(VIEWER, '*')).rejects.toThrow(); // a viewer cannot ask for full rights
    const viewerToken = await token(VIEWER, 'read');
    expect((await admin('/flows', {}, viewerToken)).status).toBe(200);
    const before = await liveFlows();
    const res = await admin('/flows', { method: 'POST', body: JSON.stringify({ flows: [] }) }, viewerToken);
    expect(res.status).toBe(401);
    expect((await liveFlows()).rev).toBe(before.rev);
  });
});

describe('seeded main-menu flow', () => {
  it('is live on first start, served through the WhatsApp simulator', async () => {
    const { flows } = await liveFlows();
    expect(flows.some((n) => n.type === 'tab' && n.label === 'Main menu')).toBe(true);
    const sent = await fetch(`${host.url}/sandbox/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from: '919811100001', name: 'Lakshmi', type: 'text', text: 'hi' }) });
    expect(sent.status).toBe(200);
    let reply: { type: string; body: { interactive?: { action?: { buttons?: Array<{ reply: { id: string } }> } } } } | undefined;
    for (let i = 0; i < 100 && !reply; i++) {
      const conversation = (await (await fetch(`${host.url}/sandbox/api/conversations/919811100001`)).json()) as { messages: Array<{ direction: string; type: string; body: never }> };
      reply = conversation.messages.find((m) => m.direction === 'out');
      if (!reply) await new Promise((r) => setTimeout(r, 50));
    }
    const ids = reply?.body.interactive?.action?.buttons?.map((b) => b.reply.id) ?? [];
    expect(ids).toEqual([expect.stringMatching(/\.te$/), expect.stringMatching(/\.en$/)]);
    // The language question waits for the citizen's answer, with the token its buttons carry.
    const session = await host.services.sessions.get(sandboxCitizenKey('919811100001'));
    expect(session!.waiting).toMatchObject({ node: 'mainmenu00000022', token: ids[0]!.split('.')[0] });
  });
});

describe('bad input', () => {
  it('answers malformed JSON to the admin API with 400 and the reason', async () => {
    const adminRes = await admin('/flows', { method: 'POST', body: '[{"id":' });
    expect(adminRes.status).toBe(400);
    expect(await adminRes.json()).toMatchObject({ error: 'malformed_json', message: expect.stringMatching(/not valid JSON/) });
  });

  it("lets the editor's Restart Flows and a round trip of the global flow through", async () => {
    expect((await admin('/flows', { method: 'POST', headers: { 'Node-RED-Deployment-Type': 'reload' } })).status).toBe(200);
    const global = await (await admin('/flow/global')).json();
    expect((await admin('/flow/global', { method: 'PUT', body: JSON.stringify(global) })).status).toBe(200);
  });

  it('answers an unknown route with 404 JSON', async () => {
    for (const path of ['/nowhere', '/api/nowhere', '/admin/nowhere']) {
      const res = await fetch(`${host.url}${path}`, { headers: { Authorization: `Bearer ${adminToken}` } });
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ error: 'not_found' });
    }
  });

  it('refuses an import with unknown node types or dangling wires, listing them, and keeps the live flows', async () => {
    const before = await liveFlows();
    const res = await deploy([
      { id: 't1', type: 'tab', label: 'bad' },
      { id: 'n1', type: 'inject', z: 't1', wires: [['n2', 'ghost']] },
      { id: 'n2', type: 'aadhaar-teleporter', z: 't1', wires: [] },
    ]);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { unknownTypes: unknown[]; danglingWires: unknown[]; message: string };
    expect(body.unknownTypes).toEqual([{ id: 'n2', type: 'aadhaar-teleporter' }]);
    expect(body.danglingWires).toEqual([{ from: 'n1', output: 0, to: 'ghost' }]);
    expect(body.message).toMatch(/live flows unchanged/);
    const after = await liveFlows();
    expect(after.rev).toBe(before.rev);
    expect(after.flows).toEqual(before.flows);
  });
});

describe('storage and context on the store', () => {
  const TAB = 'ctxtab000000001';
  const flows = [
    { id: TAB, type: 'tab', label: 'context test' },
    { id: 'ctxin', type: 'http in', z: TAB, url: '/count', method: 'post', wires: [['ctxfn']] },
    {
      id: 'ctxfn',
      type: 'function',
      z: TAB,
      func: `flow.get('count', (err, n) => {
  if (err) return node.error(err, msg);
  const next = (n || 0) + 1;
  flow.set('count', next, (err) => {
    if (err) return node.error(err, msg);
    global.set('last.count', next, () => { msg.payload = { count: next }; node.send(msg); });
  });
});
return null;`,
      outputs: 1,
      wires: [['ctxout']],
    },
    { id: 'ctxout', type: 'http response', z: TAB, wires: [] },
    { id: 'probein', type: 'http in', z: TAB, url: '/context-test-ready', method: 'get', wires: [['ctxout']] },
    { id: 'req1', type: 'http request', z: TAB, method: 'GET', url: 'http://127.0.0.1:9/', authType: 'basic', wires: [[]] },
  ];

  beforeAll(async () => {
    const res = await admin('/flows', {
      method: 'POST',
      body: JSON.stringify({ flows: flows.map((n) => (n.id === 'req1' ? { ...n, credentials: { user: 'dept-user', password: 'dept-secret-pw' } } : n)) }),
      headers: { 'Node-RED-Deployment-Type': 'full' },
    });
    expect(res.status).toBe(200);
    // Node-RED answers a deploy before the new flows have started.
    for (let i = 0; i < 100 && (await fetch(`${host.url}/api/context-test-ready`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
  });

  it('persists a deploy in the store, with credentials encrypted', async () => {
    const state = host.services.store.collection<{ _id: string; json: string }>('nr_state');
    const storedFlows = JSON.parse((await state.findOne({ _id: 'flows' }))!.json) as Array<{ id: string }>;
    expect(storedFlows.map((n) => n.id).sort()).toEqual(flows.map((n) => n.id).sort());
    const creds = (await state.findOne({ _id: 'credentials' }))!.json;
    expect(creds).not.toContain('dept-secret-pw');
    expect(Object.keys(JSON.parse(creds))).toEqual(['$']);
  });

  it('keeps flow and global context in the store', async () => {
    for (const expected of [1, 2, 3]) {
      const res = await fetch(`${host.url}/api/count`, { method: 'POST' });
      expect(await res.json()).toEqual({ count: expected });
    }
    const ctx = host.services.store.collection<{ scope: string; key: string; json: string }>('nr_context');
    expect(JSON.parse((await ctx.findOne({ scope: TAB, key: 'count' }))!.json)).toBe(3);
    expect(JSON.parse((await ctx.findOne({ scope: 'global', key: 'last' }))!.json)).toEqual({ count: 3 });
  });

  it('answers malformed JSON to an http-in route with 400 and the reason', async () => {
    const res = await fetch(`${host.url}/api/count`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"n": ' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: 'malformed_json', message: expect.stringMatching(/not valid JSON/) });
  });

  it('keeps library entries in the store and lists folders', async () => {
    const save = await admin('/library/local/flows/menus/greeting', { method: 'POST', body: JSON.stringify([{ id: 'x', type: 'comment' }]) });
    expect(save.status).toBe(204);
    const root = (await (await admin('/library/local/flows/')).json()) as unknown[];
    expect(root).toContain('menus');
    const folder = (await (await admin('/library/local/flows/menus/')).json()) as Array<{ fn: string }>;
    expect(folder.map((f) => f.fn)).toEqual(['greeting.json']);
    const entry = await admin('/library/local/flows/menus/greeting.json');
    expect(JSON.parse(await entry.text())).toEqual([{ id: 'x', type: 'comment' }]);
  });

  it('records deploys in the audit log', async () => {
    const audit = await host.services.store.collection('audit_log').find({ event: 'flows.set' });
    expect(audit.length).toBeGreaterThan(0);
    expect(audit[0]).toMatchObject({ user: { username: ADMIN.username } });
  });
});
