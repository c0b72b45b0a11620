/**
 * The departments' status webhook on a whole sandbox host: signed events
 * recorded and pushed to the citizen through the WhatsApp simulator, as a
 * message inside the 24-hour window and as the approved template outside it;
 * a forged or stale signature 401, an unknown reference 404, a malformed
 * event 400 saying why, a repeated event recorded and sent once.
 */
import { signRequest } from '../../platform/departments/api/hmac';
import type { RunningHost } from '../../platform/host';
import { eventually, sandboxCitizenKey } from '../support/citizens';
import { startTestHost, TEST_ADMIN } from '../support/host';

const SECRET = 'municipal-status-key-0123456789abcdef';
const KEY = { department: 'municipal', keyId: 'cdma-1', secret: SECRET };
const PHONE_NUMBER_ID = '100000000000001';

interface OutMessage {
  direction: 'in' | 'out';
  type: string;
  body: { text?: { body: string }; template?: { name: string; language: { code: string }; components?: Array<{ type: string; parameters: Array<{ text?: string }> }> } };
}

let host: RunningHost;
beforeAll(async () => {
  host = await startTestHost({ DEPARTMENT_STATUS_KEYS: JSON.stringify([KEY]), WHATSAPP_PHONE_NUMBER_ID: PHONE_NUMBER_ID });
}, 60_000);
afterAll(() => host?.stop());

async function conversation(waId: string): Promise<OutMessage[]> {
  return ((await (await fetch(`${host.url}/sandbox/api/conversations/${waId}`)).json()) as { messages: OutMessage[] }).messages.filter((m) => m.direction === 'out');
}

async function file(waId: string, messageId: string, language = 'en') {
  const { application } = await host.services.applications.store.file({
    department: { id: 'municipal', code: 'MAU' },
    service: 'birth_certificate',
    citizenKey: sandboxCitizenKey(waId),
    citizen: { phoneNumberId: PHONE_NUMBER_ID, wa_id: waId, user_id: null, profile_name: 'Padma' },
    language,
    messageId,
    answers: { registered_name: 'SITA' },
    request: (reference) => ({ method: 'POST', path: '/certificates/birth', body: { reference } }),
  });
  return application._id;
}

function post(body: unknown, options: { department?: string; secret?: string; keyId?: string; at?: number; raw?: string } = {}) {
  const path = `/api/departments/${options.department ?? 'municipal'}/status`;
  const text = options.raw ?? JSON.stringify(body);
  const signature = signRequest(options.keyId ?? KEY.keyId, options.secret ?? SECRET, 'POST', path, text, options.at);
  return fetch(`${host.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Jansetu-Signature': signature }, body: text });
}

it('pushes a status change inside the window as a message in the citizen\'s language, once per event', async () => {
  const waId = '919800000901';
  // The citizen wrote (the window opens), and filed an application.
  await fetch(`${host.url}/sandbox/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from: waId, name: 'Padma', type: 'text', text: 'hi' }) });
  await eventually(() => conversation(waId), (out) => out.length >= 1, 10_000);
  const before = (await conversation(waId)).length;
  const reference = await file(waId, 'wamid.status-1', 'te');
  const res = await post({ reference, status: 'approved', eventId: 'ev-1', note: { en: 'Collect it at the ward secretariat', te: 'వార్డు సచివాలయంలో తీసుకోండి' } });
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ reference, status: 'approved', result: 'recorded', pushed: 'message' });
  const pushed = await eventually(() => conversation(waId), (out) => out.length > before, 5000);
  const text = pushed.at(-1)!.body.text!.body;
  expect(text).toContain(reference);
  expect(text).toContain(host.services.texts.format('applications.status.approved', 'te'));
  // The department's words in the citizen's language.
  expect(text).toContain('వార్డు సచివాలయంలో తీసుకోండి');
  // The department sends it again (its retry): recorded once, said once.
  const again = await post({ reference, status: 'approved', eventId: 'ev-1', note: { en: 'Collect it at the ward secretariat', te: 'వార్డు సచివాలయంలో తీసుకోండి' } });
  expect(await again.json()).toMatchObject({ result: 'duplicate', pushed: 'message' });
  await new Promise((r) => setTimeout(r, 300));
  expect(await conversation(waId)).toHaveLength(pushed.length);
  expect((await host.services.applications.store.byReference(reference))!.history.map((h) => h.status)).toEqual(['received', 'approved']);
}, 30_000);

it('uses the approved template once the window has closed', async () => {
  const waId = '919800000902';
  const reference = await file(waId, 'wamid.status-2');
  const res = await post({ reference, status: 'issued', eventId: 'ev-2', at: new Date().toISOString() });
  expect(await res.json()).toMatchObject({ result: 'recorded', pushed: 'template' });
  const out = await eventually(() => conversation(waId), (o) => o.length >= 1, 5000);
  const template = out[0]!.body.template!;
  expect(template).toMatchObject({ name: 'application_status', language: { code: 'en_US' } });
  expect(template.components![0]!.parameters.map((p) => p.text)).toEqual(['Padma', reference, 'Birth certificate', 'issued']);
}, 30_000);

it('refuses forged, stale, malformed and unknown events, changing nothing', async () => {
  const reference = await file('919800000903', 'wamid.status-3');
  const event = { reference, status: 'approved', eventId: 'ev-3' };
  expect((await post(event, { secret: 'not-the-key-0123456789abcdef0123' })).status).toBe(401);
  expect((await post(event, { keyId: 'other' })).status).toBe(401);
  // Signed with municipal's key, sent as another department's.
  expect((await post(event, { department: 'revenue' })).status).toBe(401);
  // A captured request replayed ten minutes later.
  expect((await post(event, { at: Date.now() - 10 * 60_000 })).status).toBe(401);
  const bad = await post({ ...event, status: 'teleported' });
  expect(bad.status).toBe(400);
  expect(((await bad.json()) as { message: string }).message).toMatch(/status/);
  expect((await post(null, { raw: `${'['.repeat(50)}${']'.repeat(50)}` })).status).toBe(400);
  expect((await post(null, { raw: '{"reference": ' })).status).toBe(400);
  expect((await post({ ...event, at: new Date(Date.now() + 3600_000).toISOString() })).status).toBe(400);
  const unknown = await post({ ...event, reference: 'AP-MAU-2026-999999' });
  expect(unknown.status).toBe(404);
  expect((await host.services.applications.store.byReference(reference))!.history).toHaveLength(1);
});

it('shows admins what waits for a department, behind the editor login, without the citizens\' answers', async () => {
  const reference = await file('919800000905', 'wamid.pending-1');
  expect((await fetch(`${host.url}/admin/applications/pending`)).status).toBe(401);
  const token = ((await (await fetch(`${host.url}/admin/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: TEST_ADMIN.username, password: TEST_ADMIN.password }) })).json()) as { access_token: string }).access_token;
  const res = await fetch(`${host.url}/admin/applications/pending`, { headers: { Authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { pending: Array<Record<string, unknown>> };
  expect(body.pending.find((p) => p.reference === reference)).toMatchObject({ department: 'municipal', service: 'birth_certificate', attempts: 0, lastProblem: null });
  expect(JSON.stringify(body)).not.toContain('SITA');
});

it('keeps a change the citizen could not be told of, tells it from the sweep once it can, and says it once', async () => {
  const waId = '919800000906';
  const { application } = await host.services.applications.store.file({
    department: { id: 'municipal', code: 'MAU' },
    service: 'birth_certificate',
    citizenKey: sandboxCitizenKey(waId),
    // A number no whatsapp-in serves (a deploy under way, say): nothing to push from yet.
    citizen: { phoneNumberId: '100000000099999', wa_id: waId, user_id: null, profile_name: 'Padma' },
    language: 'en',
    messageId: 'wamid.untold-1',
    answers: {},
    request: (reference) => ({ method: 'POST', path: '/certificates/birth', body: { reference } }),
  });
  const res = await post({ reference: application._id, status: 'approved', eventId: 'ev-untold' });
  expect(res.status).toBe(503);
  const kept = (await host.services.applications.store.byReference(application._id))!;
  expect(kept).toMatchObject({ status: 'approved', untold: { at: 1, attempts: 1 } });
  expect(await conversation(waId)).toHaveLength(0);
  // The number is served again; the retry is due.
  await host.services.store.collection('applications').updateOne({ _id: application._id }, { $set: { 'citizen.phoneNumberId': PHONE_NUMBER_ID, 'untold.dueAt': new Date(Date.now() - 1000) } });
  expect(await host.services.applications.retellDue()).toBe(1);
  const out = await eventually(() => conversation(waId), (o) => o.length >= 1, 5000);
  expect(out[0]!.body.template).toMatchObject({ name: 'application_status' });
  expect((await host.services.applications.store.byReference(application._id))!.untold).toBeUndefined();
  // The department's own retry now finds it told: said once.
  expect(await (await post({ reference: application._id, status: 'approved', eventId: 'ev-untold' })).json()).toMatchObject({ result: 'duplicate', pushed: 'template' });
  await new Promise((r) => setTimeout(r, 300));
  expect(await conversation(waId)).toHaveLength(1);
  expect(await host.services.applications.retellDue()).toBe(0);
});
