/**
 * A Municipal application service end to end on a sandbox host, through the
 * WhatsApp simulator: the citizen asks for a birth certificate in their own
 * words, the application subflow asks the catalog's inputs (a future date
 * refused), reads them back, files with the CDMA sandbox (OAuth 2.0, the
 * reference as idempotency key) on "yes", a double tap files one; the
 * department moves it on and each step is pushed to the citizen; "status"
 * and the reference number typed alone say where it stands.
 */
import type { RunningHost } from '../../platform/host';
import { eventually, sandboxCitizenKey } from '../support/citizens';
import { startTestHost } from '../support/host';

interface OutMessage {
  direction: 'in' | 'out';
  body: { text?: { body: string }; interactive?: { type: string; body: { text: string }; action: { buttons?: Array<{ reply: { id: string; title: string } }> } } };
}

let host: RunningHost;
beforeAll(async () => {
  host = await startTestHost();
}, 60_000);
afterAll(() => host?.stop());

async function say(waId: string, message: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${host.url}/sandbox/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from: waId, name: 'Padma', ...message }) });
  expect(res.status).toBe(200);
}
async function replies(waId: string): Promise<OutMessage[]> {
  return ((await (await fetch(`${host.url}/sandbox/api/conversations/${waId}`)).json()) as { messages: OutMessage[] }).messages.filter((m) => m.direction === 'out');
}
async function reply(waId: string, n: number): Promise<OutMessage> {
  const out = await eventually(() => replies(waId), (o) => o.length >= n, 10_000);
  if (out.length < n) throw new Error(`no reply #${n} to ${waId}: ${JSON.stringify(out.map(textOf))}`);
  return out[n - 1]!;
}
const textOf = (m: OutMessage) => m.body.text?.body ?? m.body.interactive?.body.text ?? '';

it('files a birth certificate application from the chat, and tells the citizen each step', async () => {
  const citizen = '919000000601';
  await say(citizen, { type: 'text', text: 'hi' });
  await reply(citizen, 1);
  await say(citizen, { type: 'interactive', reply: { kind: 'button_reply', id: (await reply(citizen, 1)).body.interactive!.action.buttons!.find((b) => b.reply.title === 'English')!.reply.id, title: 'English' } });
  await reply(citizen, 2);
  await say(citizen, { type: 'text', text: 'naaku janana dhruveekarana patram kavali' });
  expect(textOf(await reply(citizen, 3))).toContain('Birth certificate, step 1 of 4');
  await say(citizen, { type: 'text', text: 'Sita Devi' });
  expect(textOf(await reply(citizen, 4))).toContain('Date of birth');
  await say(citizen, { type: 'text', text: '01-01-2999' });
  expect(textOf(await reply(citizen, 5))).toContain('step 2 of 4');
  await say(citizen, { type: 'text', text: '05-03-2024' });
  await reply(citizen, 6);
  await say(citizen, { type: 'text', text: 'GGH Guntur' });
  await reply(citizen, 7);
  await say(citizen, { type: 'text', text: 'Padma' });
  const confirm = await reply(citizen, 8);
  expect(textOf(confirm)).toContain('Date of birth: 05-03-2024');
  const yes = confirm.body.interactive!.action.buttons!.find((b) => b.reply.title === 'Yes')!.reply;
  // A hurried citizen taps "Yes" twice.
  await say(citizen, { type: 'interactive', reply: { kind: 'button_reply', id: yes.id, title: 'Yes' } });
  await say(citizen, { type: 'interactive', reply: { kind: 'button_reply', id: yes.id, title: 'Yes' } });
  const filed = textOf(await reply(citizen, 9));
  const reference = /AP-MAU-\d{4}-\d{6}/.exec(filed)?.[0];
  expect(reference).toBeDefined();
  expect(filed).toContain('submitted to the department');
  await new Promise((r) => setTimeout(r, 500));
  const mine = await host.services.applications.store.ofCitizen(sandboxCitizenKey(citizen));
  expect(mine.map((a) => a._id)).toEqual([reference]);
  expect(mine[0]).toMatchObject({ status: 'submitted', submission: { departmentRef: expect.stringMatching(/^CDMA\/BC\//) } });
  // The service's inputs only, not the menu's choices kept in the same session.
  expect(mine[0]!.answers).toEqual({ registered_name: 'Sita Devi', date_of_birth: '2024-03-05', place_of_birth: 'GGH Guntur', mother_name: 'Padma' });

  // The department moves it on: in review, then issued, each said to the citizen.
  const before = (await replies(citizen)).length;
  await host.departmentSandbox!.settle();
  const pushed = await eventually(() => replies(citizen), (o) => o.length >= before + 2, 10_000);
  const news = pushed.slice(before).map(textOf);
  expect(news[0]).toContain(`${reference} for Birth certificate: being examined by the department`);
  expect(news[1]).toContain('issued');
  expect((await host.services.applications.store.byReference(reference!))!.history.map((h) => h.status)).toEqual(['received', 'submitted', 'in_review', 'issued']);

  // "status", and the reference alone, say where it stands.
  await say(citizen, { type: 'text', text: 'status' });
  const own = await eventually(() => replies(citizen), (o) => o.length >= before + 3, 10_000);
  expect(textOf(own.at(-1)!)).toContain(`${reference} · Birth certificate: issued`);
  await say(citizen, { type: 'text', text: reference!.toLowerCase() });
  const one = await eventually(() => replies(citizen), (o) => o.length >= before + 4, 10_000);
  expect(textOf(one.at(-1)!)).toContain(`${reference} · Birth certificate: issued`);
}, 60_000);
