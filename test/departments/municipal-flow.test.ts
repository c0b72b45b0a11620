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
import { sandboxChat, textOf, type OutMessage } from '../support/sandbox-chat';

let host: RunningHost;
beforeAll(async () => {
  host = await startTestHost();
}, 60_000);
afterAll(() => host?.stop());
const { say, replies, reply } = sandboxChat(() => host, 'Padma');

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

it('registers a garbage complaint with its location, photo left out, and takes the rating once it is resolved', async () => {
  const citizen = '919000000602';
  await say(citizen, { type: 'text', text: 'hi' });
  await say(citizen, { type: 'interactive', reply: { kind: 'button_reply', id: (await reply(citizen, 1)).body.interactive!.action.buttons!.find((b) => b.reply.title === 'English')!.reply.id, title: 'English' } });
  await reply(citizen, 2);
  await say(citizen, { type: 'text', text: 'garbage not collected' });
  expect(textOf(await reply(citizen, 3))).toContain('Garbage complaint, step 1 of 4');
  await say(citizen, { type: 'text', text: 'Guntur Municipal Corporation' });
  expect(textOf(await reply(citizen, 4))).toContain('Share the location');
  // Words where a location was asked: asked again.
  await say(citizen, { type: 'text', text: 'near the bus stand' });
  expect(textOf(await reply(citizen, 5))).toContain('Location');
  await say(citizen, { type: 'location', location: { latitude: 16.3067, longitude: 80.4365, name: 'Brodipet, Guntur' } });
  const photo = textOf(await reply(citizen, 6));
  expect(photo).toContain('send "skip"');
  await say(citizen, { type: 'text', text: 'skip' });
  await reply(citizen, 7);
  await say(citizen, { type: 'text', text: 'Garbage has not been collected on our street for four days' });
  const confirm = await reply(citizen, 8);
  expect(textOf(confirm)).toContain('Share the location: Brodipet, Guntur');
  expect(textOf(confirm)).not.toContain('Photo');
  const yes = confirm.body.interactive!.action.buttons!.find((b) => b.reply.title === 'Yes')!.reply;
  await say(citizen, { type: 'interactive', reply: { kind: 'button_reply', id: yes.id, title: 'Yes' } });
  const filed = textOf(await reply(citizen, 9));
  const reference = /AP-MAU-\d{4}-\d{6}/.exec(filed)![0];
  expect(filed).toContain('Your grievance about Garbage complaint is registered');
  const grievance = (await host.services.applications.store.byReference(reference))!;
  expect(grievance).toMatchObject({ archetype: 'grievance', status: 'submitted', answers: { photo: null, location: { latitude: 16.3067 } }, submission: { departmentRef: expect.stringMatching(/^CDMA\/SW\//) } });
  expect(grievance.escalation!.dueAt!.getTime() - grievance.createdAt.getTime()).toBe(24 * 3600_000);

  // The ward team resolves it: the citizen is told and offered the stars.
  await host.departmentSandbox!.settle();
  const resolved = await eventually(() => replies(citizen), (o) => o.some((m) => m.body.interactive?.type === 'list' && textOf(m).includes('resolved')), 10_000);
  const list = resolved.find((m) => m.body.interactive?.type === 'list' && textOf(m).includes('resolved'))! as OutMessage & { body: { interactive: { action: { sections: Array<{ rows: Array<{ id: string; title: string }> }> } } } };
  const rows = list.body.interactive.action.sections[0]!.rows;
  expect(rows.map((r) => r.title)).toEqual(['5 stars', '4 stars', '3 stars', '2 stars', '1 star']);
  const count = resolved.length;
  await say(citizen, { type: 'interactive', reply: { kind: 'list_reply', id: rows[1]!.id, title: rows[1]!.title } });
  const thanked = await eventually(() => replies(citizen), (o) => o.length > count, 10_000);
  expect(textOf(thanked.at(-1)!)).toBe(host.services.texts.format('applications.rated', 'en'));
  expect((await host.services.applications.store.byReference(reference))!.rating).toMatchObject({ stars: 4 });
  // Another citizen tapping a copy of that row rates nothing.
  await say('919000000603', { type: 'interactive', reply: { kind: 'list_reply', id: rows[4]!.id, title: rows[4]!.title } });
  const stranger = await eventually(() => replies('919000000603'), (o) => o.length > 0, 10_000);
  expect(textOf(stranger.at(-1)!)).not.toBe(host.services.texts.format('applications.rated', 'en'));
  expect((await host.services.applications.store.byReference(reference))!.rating).toMatchObject({ stars: 4 });
}, 60_000);

it('escalates a grievance past its time: the citizen is told and the officers get the case', async () => {
  const citizen = '919000000604';
  await say(citizen, { type: 'text', text: 'hi' });
  await reply(citizen, 1);
  const { application } = await host.services.applications.store.file({
    department: { id: 'municipal', code: 'MAU' },
    service: 'drainage_complaint',
    archetype: 'grievance',
    slaHours: 48,
    citizenKey: sandboxCitizenKey(citizen),
    citizen: { phoneNumberId: (await host.services.whatsapp.defaultAccount.current).phoneNumberId!, wa_id: citizen, user_id: null, profile_name: 'Padma' },
    language: 'en',
    messageId: 'wamid.escalate-1',
    answers: { ulb: 'Tenali', details: 'Drain overflowing' },
    request: (reference) => ({ method: 'POST', path: '/grievances/drainage', body: { reference } }),
  });
  await host.services.store.collection('applications').updateOne({ _id: application._id }, { $set: { 'escalation.dueAt': new Date(Date.now() - 1000) } });
  expect(await host.services.applications.escalateDue()).toBe(1);
  expect(await host.services.applications.escalateDue()).toBe(0);
  const told = await eventually(() => replies(citizen), (o) => o.length >= 2, 10_000);
  expect(textOf(told.at(-1)!)).toContain(`${application._id} for Drainage complaint was not resolved in time`);
  const waiting = await host.services.officers.waiting();
  expect(waiting.find((r) => r.waId === citizen)).toMatchObject({ department: 'municipal', notes: [expect.objectContaining({ text: expect.stringContaining(`Grievance ${application._id}`) })] });
}, 30_000);
