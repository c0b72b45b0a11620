/**
 * The Municipal department's sandbox backend over HTTP, through the
 * platform's own department client (OAuth 2.0 client credentials): filing
 * with an idempotency key, the same key replayed and reused, its refusals
 * and test residents, and status events that move on by themselves, signed
 * with the department's key.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { DepartmentClient } from '../../platform/departments/api/client';
import { parseConnection } from '../../platform/departments/api/connection';
import { SIGNATURE_HEADER, verifyRequest } from '../../platform/departments/api/hmac';
import { createLogger } from '../../platform/log';
import { municipalBackend, type MunicipalBackend } from '../../platform/sandbox/departments/municipal';

const STATUS_KEY = { keyId: 'cdma-test', secret: 'municipal-test-status-secret-0123456789' };
let server: Server;
let base: string;
let backend: MunicipalBackend;
const events: Array<{ valid: boolean; body: Record<string, unknown> }> = [];
let failNext = 0;

beforeAll(async () => {
  backend = municipalBackend({ clientId: 'jansetu-test', clientSecret: 'client-secret-1', statusKey: STATUS_KEY, log: createLogger('silent'), reviewAfterMs: 50, issuedAfterMs: 150, slowMs: 300 });
  const app = express();
  app.use('/cdma/v1', backend.router);
  app.post('/api/departments/municipal/status', express.text({ type: '*/*' }), (req, res) => {
    if (failNext > 0) {
      failNext--;
      return void res.status(503).end();
    }
    const valid = verifyRequest(req.get(SIGNATURE_HEADER), (id) => (id === STATUS_KEY.keyId ? STATUS_KEY.secret : undefined), 'POST', req.originalUrl, req.body as string);
    events.push({ valid, body: JSON.parse(req.body as string) as Record<string, unknown> });
    res.json({ ok: true });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  backend.connect(`${base}/api/departments/municipal/status`);
});
afterAll(async () => {
  backend.close();
  await new Promise((r) => server.close(r));
});

function client(secret = 'client-secret-1') {
  return new DepartmentClient(
    parseConnection({ department: 'municipal', baseUrl: `${base}/cdma/v1`, auth: { kind: 'oauth2', tokenUrl: `${base}/cdma/v1/oauth/token`, clientId: 'jansetu-test', clientSecret: secret }, timeoutMs: 2000, retry: { maxAttempts: 2, initialDelayMs: 1 } }),
  );
}
const birth = (over: Record<string, unknown> = {}) => ({ reference: 'AP-MAU-2026-000001', registered_name: 'Sita', date_of_birth: '2024-03-05', place_of_birth: 'Government General Hospital, Guntur', mother_name: 'Padma', ...over });

it('files with a token from its token endpoint, once per idempotency key', async () => {
  const c = client();
  const first = await c.call({ method: 'POST', path: 'certificates/birth', body: birth(), idempotencyKey: 'AP-MAU-2026-000001' });
  expect(first).toMatchObject({ outcome: 'ok', status: 201, body: { applicationId: expect.stringMatching(/^CDMA\/BC\/\d{4}\/\d{6}$/), reference: 'AP-MAU-2026-000001', status: 'RECEIVED' } });
  const again = await c.call({ method: 'POST', path: 'certificates/birth', body: birth(), idempotencyKey: 'AP-MAU-2026-000001' });
  expect(again).toMatchObject({ outcome: 'ok', body: (first as { body: unknown }).body });
  const reused = await c.call({ method: 'POST', path: 'certificates/birth', body: birth({ registered_name: 'Ravi' }), idempotencyKey: 'AP-MAU-2026-000001' });
  expect(reused).toMatchObject({ outcome: 'refused', status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
  const id = ((first as { body: { applicationId: string } }).body.applicationId);
  expect(await c.call({ method: 'GET', path: `applications/${id}` })).toMatchObject({ outcome: 'ok', body: { applicationId: id } });
  await c.close();
});

it('refuses a wrong client, a missing key, dates it has no record of, and plays its test residents', async () => {
  expect(await client('wrong').call({ method: 'POST', path: 'certificates/birth', body: birth(), idempotencyKey: 'k-1' })).toMatchObject({ outcome: 'unavailable', reason: 'auth' });
  const noToken = await fetch(`${base}/cdma/v1/certificates/birth`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(birth()) });
  expect(noToken.status).toBe(401);
  const c = client();
  expect(await c.call({ method: 'POST', path: 'certificates/birth', body: birth({ date_of_birth: '1962-01-01' }), idempotencyKey: 'k-2' })).toMatchObject({ outcome: 'refused', code: 'NO_DIGITAL_RECORD' });
  expect(await c.call({ method: 'POST', path: 'certificates/birth', body: birth({ date_of_birth: '2999-01-01' }), idempotencyKey: 'k-3' })).toMatchObject({ outcome: 'refused', code: 'INVALID_DATE' });
  expect(await c.call({ method: 'POST', path: 'certificates/death', body: { reference: 'AP-MAU-2026-000002', deceased_name: 'Rao', date_of_death: '2026-01-01' }, idempotencyKey: 'k-4' })).toMatchObject({ outcome: 'refused', code: 'MISSING_FIELD' });
  expect(await c.call({ method: 'POST', path: 'certificates/birth', body: birth({ registered_name: 'Test Down' }), idempotencyKey: 'k-5' })).toMatchObject({ outcome: 'unavailable', reason: 'server_error', attempts: 2 });
  // 429 with Retry-After: 1 once, then filed (the client waits and tries again).
  expect(await c.call({ method: 'POST', path: 'certificates/birth', body: birth({ registered_name: 'Test Busy' }), idempotencyKey: 'k-6' })).toMatchObject({ outcome: 'ok', attempts: 2 });
  await c.close();
});

it('moves an application on by itself, each step a signed event to the platform, retried when the platform does not answer', async () => {
  events.length = 0;
  const c = client();
  failNext = 1;
  await c.call({ method: 'POST', path: 'certificates/death', body: { reference: 'AP-MAU-2026-000003', deceased_name: 'Venkata Rao', date_of_death: '2026-05-01', place_of_death: 'Tenali' }, idempotencyKey: 'AP-MAU-2026-000003' });
  await backend.settle();
  const mine = events.filter((e) => e.body.reference === 'AP-MAU-2026-000003');
  expect(mine.map((e) => [e.valid, e.body.status])).toEqual([
    [true, 'in_review'],
    [true, 'issued'],
  ]);
  expect(mine[1]!.body).toMatchObject({ eventId: expect.stringMatching(/#2$/), note: { en: expect.stringContaining('ward secretariat'), te: expect.stringContaining('సచివాలయ') } });
  await c.close();
}, 20_000);

it('answers a retry that comes while the first request is still being answered with that answer, filing once', async () => {
  const token = ((await (await fetch(`${base}/cdma/v1/oauth/token`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from('jansetu-test:client-secret-1').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' })).json()) as { access_token: string }).access_token;
  const file = () =>
    fetch(`${base}/cdma/v1/certificates/birth`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Idempotency-Key': 'slow-1' }, body: JSON.stringify(birth({ registered_name: 'Test Slow', reference: 'AP-MAU-2026-000009' })) });
  const first = file();
  await new Promise((r) => setTimeout(r, 100));
  const [a, b] = await Promise.all([first, file()]);
  expect([a.status, b.status]).toEqual([201, 201]);
  const [ja, jb] = (await Promise.all([a.json(), b.json()])) as Array<{ applicationId: string }>;
  expect(jb.applicationId).toBe(ja.applicationId);
});
