/**
 * department-api and its department config node under the real Node-RED
 * runtime, against a real HTTP server: the path filled from the session, the
 * request and response mapped with JSONata, an API key from the node's
 * credentials, one idempotency key per citizen message across retries, a
 * refusal with its citizen text, unavailable once the circuit is open, and
 * misconfigurations reported at deploy.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import helper from 'node-red-node-test-helper';
import apiNode from '../../nodes/department-api/department-api';
import { migrate } from '../../nodes/department-api/config';
import departmentNode from '../../nodes/department/department';
import { portRecorder } from '../support/node-ports';
import { usePlatformForNodes } from '../support/node-tests';

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;
const PORTS = ['ok', 'refused', 'unavailable', 'caught'] as const;

describe('department-api node', () => {
  const platform = usePlatformForNodes();
  let server: http.Server;
  let base: string;
  const seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders; body: string }> = [];
  let script: Array<(res: http.ServerResponse) => void> = [];
  const { listen, next } = portRecorder(PORTS);

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.headers['x-dept-key'] !== 'k-1') return void res.writeHead(401).end();
        const next = script.shift();
        if (next) return next(res);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ card: req.url, entitlement: [{ name: 'Rice', kg: 20 }, { name: 'Sugar', kg: 1 }] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  async function load(api: Record<string, unknown>, dept: Record<string, unknown> = {}): Promise<void> {
    seen.length = 0;
    script = [];
    await new Promise<void>((r) =>
      helper.load(
        [departmentNode, apiNode],
        [
          { id: 'dept', type: 'department', version: 1, department: 'civil_supplies', baseUrl: base, authKind: 'api_key', apiKeyHeader: 'X-Dept-Key', timeoutMs: 1000, maxAttempts: 3, consecutiveFailures: 2, halfOpenAfterSeconds: 60, ...dept },
          { id: 'call', type: 'department-api', version: 1, department: 'dept', ...api, wires: [['ok'], ['refused'], ['unavailable']] },
          { id: 'ok', type: 'helper' },
          { id: 'refused', type: 'helper' },
          { id: 'unavailable', type: 'helper' },
          { id: 'k1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
          { id: 'caught', type: 'helper' },
        ],
        { dept: { apiKey: 'k-1' } },
        () => r(),
      ),
    );
    listen();
  }
  const citizenMsg = (extra: Msg = {}) => ({ citizen: { key: '100/919800000501' }, message: { id: 'wamid.dept1', type: 'text', text: 'x' }, session: { language: 'te', answers: { card_number: 'AP 123/4' } }, ...extra });
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => (res: http.ServerResponse) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  it('fills the path from the session, maps the query and the answer, and sends the key from its credentials', async () => {
    await load({ method: 'GET', path: '/ration-cards/{session.answers.card_number}/entitlement', request: '{ "month": "2026-08" }', response: 'department.body.entitlement.{ "item": name, "kg": kg }' });
    helper.getNode('call').receive(citizenMsg());
    const out = await next();
    expect(out.port).toBe('ok');
    expect(seen[0]!.url).toBe('/v1/ration-cards/AP%20123%2F4/entitlement?month=2026-08');
    expect(out.msg.payload).toEqual([{ item: 'Rice', kg: 20 }, { item: 'Sugar', kg: 1 }]);
    expect(out.msg.department).toMatchObject({ status: 200, attempts: 1 });
  });

  it('files a write once per citizen message: the same idempotency key on each retry and on a re-run', async () => {
    await load({ method: 'POST', path: '/applications', request: '{ "service": "ration_card_new", "card": session.answers.card_number }' });
    script = [json(503, { message: 'busy' })];
    helper.getNode('call').receive(citizenMsg());
    expect((await next()).port).toBe('ok');
    helper.getNode('call').receive(citizenMsg());
    expect((await next()).port).toBe('ok');
    const keys = seen.map((s) => s.headers['idempotency-key']);
    expect(keys[0]).toMatch(/^wamid\.dept1\/call\/[A-Za-z0-9_-]{16}$/);
    expect(new Set(keys)).toEqual(new Set([keys[0]]));
    // Another filing from the same message (another card) is another key.
    helper.getNode('call').receive(citizenMsg({ session: { language: 'te', answers: { card_number: 'AP 999' } } }));
    expect((await next()).port).toBe('ok');
    expect(seen.at(-1)!.headers['idempotency-key']).not.toBe(keys[0]);
    expect(JSON.parse(seen[0]!.body)).toEqual({ service: 'ration_card_new', card: 'AP 123/4' });
  });

  it('passes a refusal on with the citizen text its code maps to, in the citizen\'s language', async () => {
    await load({ method: 'GET', path: '/cards/{session.answers.card_number}', refusals: [{ code: '404', text: 'department.refused' }, { code: 'CARD_NOT_FOUND', text: 'department.unavailable' }] });
    script = [json(404, { code: 'CARD_NOT_FOUND', message: 'No such card' })];
    helper.getNode('call').receive(citizenMsg());
    const mapped = await next();
    expect(mapped).toMatchObject({ port: 'refused', msg: { refusal: { status: 404, code: 'CARD_NOT_FOUND', reason: 'No such card' } } });
    expect(mapped.msg.payload).toBe(platform().services.texts.format('department.unavailable', 'te'));
    script = [json(422, { message: 'Card is suspended' })];
    helper.getNode('call').receive(citizenMsg());
    expect((await next()).msg.payload).toBe(platform().services.texts.format('department.refused', 'te', { reason: 'Card is suspended' }));
  });

  it('says unavailable after the retries, and at once while the circuit is open', async () => {
    await load({ method: 'GET', path: '/cards/x' }, { department: 'energy', maxAttempts: 2 });
    script = [json(500, {}), json(500, {})];
    helper.getNode('call').receive(citizenMsg());
    const down = await next();
    expect(down).toMatchObject({ port: 'unavailable', msg: { unavailable: { reason: 'server_error', circuit: 'open' } } });
    expect(down.msg.payload).toBe(platform().services.texts.format('department.unavailable', 'te'));
    const calls = seen.length;
    helper.getNode('call').receive(citizenMsg());
    expect(await next()).toMatchObject({ port: 'unavailable', msg: { unavailable: { reason: 'circuit_open' } } });
    expect(seen.length).toBe(calls);
  });

  it('fails a message whose path value is missing or climbs, is red at deploy with a path out of the base, and says unavailable with a department not in the catalog', async () => {
    await load({ method: 'GET', path: '/cards/{session.answers.nothing}' });
    helper.getNode('call').receive(citizenMsg());
    expect((await next()).msg.error.message).toMatch(/department-api.errors.no-path-value/);
    helper.getNode('call').receive(citizenMsg({ session: { answers: { nothing: '..' } } }));
    expect((await next()).msg.error.message).toMatch(/department-api.errors.bad-path-value/);
    await helper.unload();
    await load({ method: 'GET', path: 'http://elsewhere.example/x' });
    helper.getNode('call').receive(citizenMsg());
    expect((await next()).msg.error.message).toMatch(/department-api.errors.bad-path/);
    expect(seen).toHaveLength(0);
    await helper.unload();
    await load({ method: 'GET', path: '/x' }, { department: 'no_such_department' });
    helper.getNode('call').receive(citizenMsg());
    // The config node reports the mistake at deploy; the citizen hears the service is unavailable.
    expect(await next()).toMatchObject({ port: 'unavailable', msg: { unavailable: { reason: 'not_configured' } } });
  });

  it('says unavailable, not nothing, when its department has no base URL here (outside the sandbox)', async () => {
    await load({ method: 'GET', path: '/x' }, { baseUrl: '' });
    helper.getNode('call').receive(citizenMsg());
    const out = await next();
    expect(out).toMatchObject({ port: 'unavailable', msg: { unavailable: { reason: 'not_configured' } } });
    expect(out.msg.payload).toBe(platform().services.texts.format('department.unavailable', 'te'));
  });

  it('imports a node exported without a version, with the defaults', () => {
    expect(migrate({ id: 'x', type: 'department-api', department: 'd' })).toEqual({ version: 2, department: 'd', service: '', method: 'GET', path: '/', request: '', response: '', refusals: [] });
    // Version 1 had no service; a version 2 node with one may leave the path to the catalog.
    expect(migrate({ id: 'x', type: 'department-api', version: 1, department: 'd', path: '/cards' })).toMatchObject({ version: 2, service: '', path: '/cards' });
    expect(migrate({ id: 'x', type: 'department-api', version: 2, service: 'ration_distribution' })).toMatchObject({ department: '', service: 'ration_distribution', path: '' });
  });
});
