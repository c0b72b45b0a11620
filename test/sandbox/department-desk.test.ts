/**
 * A department's sandbox backend served from a spec (platform/sandbox/departments/desk),
 * over HTTP through the platform's own department client: each kind of auth
 * (API key, bearer, OAuth 2.0 client credentials, HMAC), the house rules every
 * lookup follows (its form, no such record, down, busy with Retry-After, slow),
 * answers in the language asked for, and filings: required fields, the
 * department's own rule, once per idempotency key, steps pushed to the
 * platform signed with the department's key, and found again by id.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import { DepartmentClient } from '../../platform/departments/api/client';
import { parseConnection, type DepartmentConnectionInput } from '../../platform/departments/api/connection';
import { SIGNATURE_HEADER, signRequest, verifyRequest } from '../../platform/departments/api/hmac';
import { createLogger } from '../../platform/log';
import { departmentBackend, type DepartmentBackend } from '../../platform/sandbox/departments/desk/backend';
import { refusal, type DeskSpec } from '../../platform/sandbox/departments/desk/spec';

const STATUS_KEY = { keyId: 'desk-test', secret: 'desk-test-status-secret-0123456789' };
const KINDS = ['api_key', 'bearer', 'oauth2', 'hmac'] as const;

const specOf = (auth: DeskSpec['auth']): DeskSpec => ({
  department: 'revenue',
  slug: auth,
  title: 'Test desk',
  idPrefix: 'TST',
  auth,
  lookups: [
    {
      path: '/land/:survey_number',
      key: 'survey_number',
      pattern: /^\d{1,4}$/,
      hint: 'A survey number is up to 4 digits',
      requires: ['village'],
      answer: ({ key, pick, query, filed }) =>
        key === '13' ? refusal(422, 'UNDER_RESURVEY', 'The village is being resurveyed') : { survey_number: key, village: query.village!, pattadar: pick.person(), extent_acres: pick.int(1, 9), kind: { en: 'Wet land', te: 'మాగాణి' }, filed: filed('none') ? 'yes' : 'no' },
    },
    { path: '/helplines', key: '', answer: () => ({ police: '100' }) },
  ],
  dues: [
    {
      path: '/exam-fees/:university/:hall_ticket',
      key: 'hall_ticket',
      pattern: /^\d{10}$/,
      code: 'EF',
      receiptPrefix: 'TST/EF/RCPT/',
      due: ({ key, query }) => (query.university === 'closed' ? refusal(422, 'WINDOW_CLOSED', 'The fee window has closed') : { period: 'SEM1', consumer: `Student ${key}`, billMonth: { en: 'Semester 1', te: 'సెమిస్టర్ 1' }, amountPaise: 85_000, dueDate: '2026-12-20' }),
    },
    { path: '/parcels/quote/:kg', key: 'kg', pattern: /^\d{1,2}$/, code: 'PCL', receiptPrefix: 'LR', receiptDigits: 10, quote: true, due: ({ key }) => ({ period: 'today', consumer: 'Guntur', billMonth: `${key} kg`, amountPaise: 9_000, dueDate: '2026-12-03' }) },
  ],
  filings: [
    {
      path: '/certificates/income',
      code: 'INC',
      kind: 'application',
      requires: ['annual_income'],
      check: (body) => (Number(body.annual_income) > 10_000_000 ? refusal(422, 'INCOME_TOO_HIGH', 'Above the limit') : null),
    },
  ],
});

let server: Server;
let base: string;
const backends: DepartmentBackend[] = [];
const events: Array<{ valid: boolean; body: Record<string, unknown> }> = [];

beforeAll(async () => {
  const app = express();
  for (const kind of KINDS) {
    const backend = departmentBackend(specOf(kind), { name: 'Test desk', secret: `secret-of-${kind}-0123456789`, statusKey: STATUS_KEY, log: createLogger('silent'), reviewAfterMs: 30, finalAfterMs: 90, slowMs: 400 });
    backends.push(backend);
    app.use(`/${kind}/v1`, backend.router);
  }
  app.post('/status', express.text({ type: '*/*' }), (req, res) => {
    const valid = verifyRequest(req.get(SIGNATURE_HEADER), (id) => (id === STATUS_KEY.keyId ? STATUS_KEY.secret : undefined), 'POST', req.originalUrl, req.body as string);
    events.push({ valid, body: JSON.parse(req.body as string) as Record<string, unknown> });
    res.json({ ok: true });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  for (const b of backends) b.connect(`${base}/status`);
});
afterAll(async () => {
  for (const b of backends) b.close();
  await new Promise((r) => server.close(r));
});

const client = (kind: (typeof KINDS)[number], over: Partial<DepartmentConnectionInput> = {}) => {
  const connection = backends[KINDS.indexOf(kind)]!.connection(`${base}/${kind}/v1`);
  return new DepartmentClient(parseConnection({ ...connection, timeoutMs: 1000, retry: { maxAttempts: 3, initialDelayMs: 1 }, ...over }));
};

it.each(KINDS)('lets the platform in with %s auth and no one without it', async (kind) => {
  const ok = await client(kind).call({ method: 'GET', path: 'land/42', query: { village: 'Tenali', lang: 'te' } });
  expect(ok).toMatchObject({ outcome: 'ok', status: 200, body: { survey_number: '42', village: 'Tenali', kind: 'మాగాణి', pattadar: expect.stringMatching(/[\u0C00-\u0C7F]/) } });
  // The same record every time, in the language asked for.
  const again = await client(kind).call({ method: 'GET', path: 'land/42', query: { village: 'Tenali' } });
  expect(again).toMatchObject({ outcome: 'ok', body: { kind: 'Wet land', extent_acres: (ok as { body: { extent_acres: number } }).body.extent_acres } });
  const wrong = { ...backends[KINDS.indexOf(kind)]!.connection(`${base}/${kind}/v1`) };
  const auth = { ...wrong.auth } as Record<string, unknown>;
  for (const field of ['key', 'token', 'clientSecret', 'secret']) if (field in auth) auth[field] = 'not-the-secret-0123456789';
  const refused = await client(kind, { auth: auth as DepartmentConnectionInput['auth'] }).call({ method: 'GET', path: 'land/42', query: { village: 'Tenali' } });
  expect(refused).toMatchObject({ status: 401 });
});

it('keeps the house rules of a lookup: its form, required fields, no such record, the department refusing', async () => {
  const c = client('api_key');
  expect(await c.call({ method: 'GET', path: 'land/12a', query: { village: 'Tenali' } })).toMatchObject({ outcome: 'refused', status: 422, code: 'INVALID_SURVEY_NUMBER', reason: 'A survey number is up to 4 digits' });
  expect(await c.call({ method: 'GET', path: 'land/42' })).toMatchObject({ outcome: 'refused', status: 400, code: 'MISSING_FIELD' });
  expect(await c.call({ method: 'GET', path: 'land/13', query: { village: 'Tenali' } })).toMatchObject({ outcome: 'refused', status: 422, code: 'UNDER_RESURVEY' });
  expect(await c.call({ method: 'GET', path: 'helplines' })).toMatchObject({ outcome: 'ok', body: { police: '100' } });
});

it('plays its test numbers: down, busy once with Retry-After, slow past the timeout', async () => {
  const spec: DeskSpec = { ...specOf('bearer'), lookups: [{ path: '/cards/:card', key: 'card', pattern: /^\d{10}$/, answer: ({ key }) => ({ card: key }) }] };
  const backend = departmentBackend(spec, { name: 'Faults', secret: 'faults-secret-0123456789', statusKey: STATUS_KEY, log: createLogger('silent'), slowMs: 1500 });
  const app = express().use('/v1', backend.router);
  const s = app.listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  try {
    const c = new DepartmentClient(parseConnection({ ...backend.connection(`http://127.0.0.1:${(s.address() as AddressInfo).port}/v1`), timeoutMs: 500, retry: { maxAttempts: 3, initialDelayMs: 1 } }));
    expect(await c.call({ method: 'GET', path: 'cards/2800000000' })).toMatchObject({ outcome: 'refused', status: 404, code: 'NOT_FOUND' });
    expect(await c.call({ method: 'GET', path: 'cards/2812399503' })).toMatchObject({ outcome: 'unavailable' });
    const busy = await c.call({ method: 'GET', path: 'cards/2812399429' });
    // Busy once a minute: the retry after Retry-After gets the answer (a third try if a minute turned between).
    expect(busy).toMatchObject({ outcome: 'ok', body: { card: '2812399429' } });
    expect((busy as { attempts: number }).attempts).toBeGreaterThanOrEqual(2);
    expect(await c.call({ method: 'GET', path: 'cards/2812399504' })).toMatchObject({ outcome: 'unavailable' });
  } finally {
    backend.close();
    await new Promise((r) => s.close(r));
  }
});

it('files an application once per key, refuses by its rules, and reports each step signed', async () => {
  const c = client('hmac');
  const body = { reference: 'AP-REV-2026-000777', service: 'income_certificate', annual_income: 120000, purpose: 'scholarship' };
  expect(await c.call({ method: 'POST', path: 'certificates/income', body: { reference: 'AP-REV-2026-000778' }, idempotencyKey: 'k0' })).toMatchObject({ outcome: 'refused', status: 422, code: 'MISSING_FIELD', reason: 'annual_income is required' });
  expect(await c.call({ method: 'POST', path: 'certificates/income', body: { ...body, annual_income: 20_000_000 }, idempotencyKey: 'k1' })).toMatchObject({ outcome: 'refused', code: 'INCOME_TOO_HIGH' });
  const first = await c.call({ method: 'POST', path: 'certificates/income', body, idempotencyKey: 'k2' });
  expect(first).toMatchObject({ outcome: 'ok', status: 201, body: { applicationId: expect.stringMatching(/^TST\/INC\/\d{4}\/\d{6}$/), reference: body.reference, status: 'RECEIVED' } });
  const again = await c.call({ method: 'POST', path: 'certificates/income', body, idempotencyKey: 'k2' });
  expect(again).toMatchObject({ outcome: 'ok', body: (first as { body: unknown }).body });
  expect(await c.call({ method: 'POST', path: 'certificates/income', body: { ...body, annual_income: 1 }, idempotencyKey: 'k2' })).toMatchObject({ outcome: 'refused', code: 'IDEMPOTENCY_KEY_REUSED' });
  // "Test Down" among the answers: the department is down for this one.
  expect(await c.call({ method: 'POST', path: 'certificates/income', body: { ...body, purpose: 'Test Down' }, idempotencyKey: 'k3' })).toMatchObject({ outcome: 'unavailable' });

  const id = (first as { body: { applicationId: string } }).body.applicationId;
  await backends[KINDS.indexOf('hmac')]!.settle();
  const mine = events.filter((e) => e.body.reference === body.reference);
  expect(mine.map((e) => [e.valid, e.body.status, e.body.eventId])).toEqual([
    [true, 'in_review', `${id}#1`],
    [true, 'issued', `${id}#2`],
  ]);
  const found = await c.call({ method: 'GET', path: `applications/${encodeURIComponent(id)}` });
  expect(found).toMatchObject({ outcome: 'ok', body: { applicationId: id, reference: body.reference, status: 'ISSUED' } });
});

it('shows a due by its number, records its payment once, and shows it paid', async () => {
  const c = client('bearer');
  expect(await c.call({ method: 'GET', path: 'exam-fees/closed/2612345678' })).toMatchObject({ outcome: 'refused', code: 'WINDOW_CLOSED' });
  const due = await c.call({ method: 'GET', path: 'exam-fees/andhra/2612345678', query: { lang: 'te' } });
  expect(due).toMatchObject({ outcome: 'ok', body: { billId: 'EF-2612345678-SEM1', consumer: 'Student 2612345678', billMonth: 'సెమిస్టర్ 1', amountPaise: 85_000, status: 'unpaid', receiptNo: null } });
  const pay = (orderId: string, amountPaise = 85_000) => c.call({ method: 'POST', path: 'demands/EF-2612345678-SEM1/payments', body: { orderId, paymentId: `pay_${orderId}`, amountPaise }, idempotencyKey: orderId });
  expect(await pay('order_0', 1)).toMatchObject({ outcome: 'refused', code: 'WRONG_AMOUNT' });
  const paid = await pay('order_1');
  expect(paid).toMatchObject({ outcome: 'ok', status: 201, body: { billId: 'EF-2612345678-SEM1', receiptNo: expect.stringMatching(/^TST\/EF\/RCPT\/\d+$/) } });
  expect(await pay('order_1')).toMatchObject({ outcome: 'ok', body: (paid as { body: unknown }).body });
  expect(await pay('order_2')).toMatchObject({ outcome: 'refused', status: 409, code: 'ALREADY_PAID' });
  expect(await c.call({ method: 'GET', path: 'exam-fees/andhra/2612345678' })).toMatchObject({ outcome: 'ok', body: { status: 'paid', receiptNo: (paid as { body: { receiptNo: string } }).body.receiptNo } });
  expect(await c.call({ method: 'POST', path: 'demands/EF-9999999999-SEM1/payments', body: { orderId: 'x', paymentId: 'y', amountPaise: 1 }, idempotencyKey: 'x' })).toMatchObject({ outcome: 'refused', status: 404 });
});

it('refuses a signed request whose query or body was changed on the way', async () => {
  const connection = backends[KINDS.indexOf('hmac')]!.connection(`${base}/hmac/v1`);
  const secret = (connection.auth as { secret: string }).secret;
  const signed = signRequest('jansetu-sandbox', secret, 'GET', '/hmac/v1/land/42?village=Tenali', '');
  const ok = await fetch(`${base}/hmac/v1/land/42?village=Tenali`, { headers: { [SIGNATURE_HEADER]: signed } });
  expect(ok.status).toBe(200);
  const tampered = await fetch(`${base}/hmac/v1/land/43?village=Tenali`, { headers: { [SIGNATURE_HEADER]: signed } });
  expect(tampered.status).toBe(401);
  const body = JSON.stringify({ reference: 'AP-REV-2026-000901', annual_income: 1 });
  const postSigned = signRequest('jansetu-sandbox', secret, 'POST', '/hmac/v1/certificates/income', body);
  const changed = await fetch(`${base}/hmac/v1/certificates/income`, { method: 'POST', headers: { [SIGNATURE_HEADER]: postSigned, 'Idempotency-Key': 'tamper', 'Content-Type': 'application/json' }, body: body.replace('"annual_income":1', '"annual_income":9') });
  expect(changed.status).toBe(401);
  // A client id or secret that is not form-encoding is no client: 401, not a crash.
  const broken = await fetch(`${base}/oauth2/v1/oauth/token`, { method: 'POST', headers: { Authorization: `Basic ${Buffer.from('%E0%A4%A:x').toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
  expect(broken.status).toBe(401);
});

it('shows a case filed by a verified citizen to that citizen alone, and never answers one key for two routes', async () => {
  const c = client('api_key');
  const token = 'ab'.repeat(36);
  const filed = await c.call({ method: 'POST', path: 'certificates/income', body: { reference: 'AP-REV-2026-000950', annual_income: 5000, uid_token: token }, idempotencyKey: 'owned' });
  const id = encodeURIComponent((filed as { body: { applicationId: string } }).body.applicationId);
  expect(await c.call({ method: 'GET', path: `applications/${id}`, query: { uid_token: token } })).toMatchObject({ outcome: 'ok' });
  expect(await c.call({ method: 'GET', path: `applications/${id}`, query: { uid_token: 'cd'.repeat(36) } })).toMatchObject({ outcome: 'refused', status: 404 });
  expect(await c.call({ method: 'GET', path: `applications/${id}` })).toMatchObject({ outcome: 'refused', status: 404 });
  // The same key and body at another path is another request: refused, not answered with the first's result.
  expect(await c.call({ method: 'POST', path: 'certificates/income', query: { again: '1' }, body: { reference: 'AP-REV-2026-000950', annual_income: 5000, uid_token: token }, idempotencyKey: 'owned' })).toMatchObject({ outcome: 'refused', code: 'IDEMPOTENCY_KEY_REUSED' });
});

it('makes every quote a bill of its own, and its receipt the consignment number', async () => {
  const c = client('bearer');
  const first = (await c.call({ method: 'GET', path: 'parcels/quote/5' })) as { body: { billId: string } };
  const second = (await c.call({ method: 'GET', path: 'parcels/quote/5' })) as { body: { billId: string } };
  expect(first.body.billId).not.toBe(second.body.billId);
  const paid = await c.call({ method: 'POST', path: `demands/${first.body.billId}/payments`, body: { orderId: 'o1', paymentId: 'p1', amountPaise: 9_000 }, idempotencyKey: 'o1' });
  expect(paid).toMatchObject({ outcome: 'ok', body: { receiptNo: expect.stringMatching(/^LR\d{10}$/) } });
  // Another citizen's quote for the same parcel is still theirs to pay.
  expect(await c.call({ method: 'POST', path: `demands/${second.body.billId}/payments`, body: { orderId: 'o2', paymentId: 'p2', amountPaise: 9_000 }, idempotencyKey: 'o2' })).toMatchObject({ outcome: 'ok', status: 201 });
});
