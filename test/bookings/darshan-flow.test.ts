/**
 * A darshan booking end to end on a sandbox host, through the WhatsApp simulator and the payment
 * gateway's sandbox: the citizen proves their Aadhaar, chooses a temple, a date, a darshan type
 * and the party, picks a time from those left, gets a hold and a payment link, pays on the
 * gateway's page, and receives the ticket as a PDF whose QR code /verify calls genuine.
 */
import type { RunningHost } from '../../platform/host';
import { eventually, sandboxCitizenKey } from '../support/citizens';
import { startTestHost } from '../support/host';
import { qrTextOf } from '../support/pdf-qr';
import { sandboxChat, textOf, type OutMessage } from '../support/sandbox-chat';

const LAKSHMI = { waId: '919000000101', aadhaar: '999922220013' };

let host: RunningHost;
beforeAll(async () => {
  host = await startTestHost();
}, 60_000);
afterAll(() => host?.stop());
const { say, replies, reply, tap } = sandboxChat(() => host, 'Lakshmi');

type Doc = OutMessage & { body: { document?: { id: string; filename: string; caption?: string } } };

async function sms(waId: string): Promise<Array<{ from: string; text: string }>> {
  return ((await (await fetch(`${host.url}/sandbox/api/conversations/${waId}/sms`)).json()) as { sms: Array<{ from: string; text: string }> }).sms;
}
const rowOf = (m: OutMessage, title: string) => m.body.interactive?.action.sections?.flatMap((s) => s.rows).find((r) => r.title === title);
/** dd-mm-yyyy, days from today in India. */
const dayAhead = (days: number) => {
  const iso = new Date(Date.now() + 330 * 60_000 + days * 86_400_000).toISOString().slice(0, 10);
  return { iso, typed: iso.split('-').reverse().join('-') };
};

it('books a darshan slot, takes the payment on the gateway page and sends the ticket, whose QR verifies', async () => {
  const waId = LAKSHMI.waId;
  await say(waId, { type: 'text', text: 'hi' });
  await tap(waId, 1, 'English');
  await reply(waId, 2);
  await say(waId, { type: 'text', text: 'darshan ticket' });
  expect(textOf(await reply(waId, 3))).toMatch(/Aadhaar/);
  await say(waId, { type: 'text', text: LAKSHMI.aadhaar });
  // The OTP question first: an OTP sent before it is asked is not yet an answer.
  expect(textOf(await reply(waId, 4))).toContain('OTP');
  const [otpSms] = await eventually(() => sms(waId), (s) => s.length > 0, 10_000);
  await say(waId, { type: 'text', text: /\b(\d{6})\b/.exec(otpSms!.text)![1]! });
  const temple = await reply(waId, 5);
  expect(textOf(temple)).toContain('Darshan slot booking, step 1 of 4');
  await say(waId, { type: 'interactive', reply: { kind: 'list_reply', id: rowOf(temple, 'Srisailam')!.id, title: 'Srisailam' } });
  const date = dayAhead(3);
  await reply(waId, 6);
  await say(waId, { type: 'text', text: date.typed });
  const type = await reply(waId, 7);
  await say(waId, { type: 'interactive', reply: { kind: 'list_reply', id: rowOf(type, 'Special entry darshan')!.id, title: 'Special entry darshan' } });
  await reply(waId, 8);
  await say(waId, { type: 'text', text: '2' });
  const times = await reply(waId, 9);
  expect(textOf(times)).toContain('please choose a time');
  const rows = times.body.interactive!.action.sections!.flatMap((s) => s.rows);
  expect(rows.map((r) => r.title)).toEqual(['06:00', '08:00', '10:00', '12:00', '15:00', '18:00']);
  await say(waId, { type: 'interactive', reply: { kind: 'list_reply', id: rows[2]!.id, title: '10:00' } });
  const held = textOf(await reply(waId, 10));
  const reference = /BK-[0-9A-Z]{10}/.exec(held)![0];
  expect(held).toContain('2 places held for you at Srisailam');
  expect(held).toContain('₹600');
  const linkText = textOf(await reply(waId, 11));
  const url = /(http\S+\/sandbox\/payments\/l\/plink_\w+)/.exec(linkText)![1]!;
  expect(linkText).toContain('Pay ₹600');

  const booking = (await host.services.bookings.store.get(reference))!;
  expect(booking).toMatchObject({ state: 'held', units: 2, amountPaise: 60_000, date: date.iso, time: '10:00', resource: 'srisailam', variant: 'special_entry', citizenKey: sandboxCitizenKey(waId) });
  expect(await host.services.bookings.store.remaining(booking)).toBe(498);

  // The gateway's page: pay; the browser is sent back to the platform, which confirms with the gateway.
  const page = await (await fetch(url)).text();
  expect(page).toContain('₹600');
  expect(page).toContain('upi://pay?pa=');
  const paid = await fetch(url, { method: 'POST', body: new URLSearchParams({ outcome: 'pay' }), redirect: 'manual' });
  expect(paid.status).toBe(303);
  const back = await fetch(paid.headers.get('location')!);
  expect(await back.text()).toContain('Payment received');

  const ticket = (await eventually(() => replies(waId), (o) => o.some((m) => m.type === 'document'), 10_000)).find((m) => m.type === 'document') as Doc;
  expect(ticket.body.document!.filename).toBe(`${reference}.pdf`);
  expect(ticket.body.document!.caption).toContain(`Darshan slot booking: confirmed. Booking ${reference}, Srisailam`);
  expect((await host.services.bookings.store.get(reference))!.state).toBe('confirmed');

  const pdf = Buffer.from(await (await fetch(`${host.url}/sandbox/api/media/${ticket.body.document!.id}`)).arrayBuffer());
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const verifyUrl = qrTextOf(pdf)!;
  expect(verifyUrl).toMatch(new RegExp(`^${host.url}/verify/[A-Za-z0-9_-]{16}\\?s=`));
  const verdict = await (await fetch(verifyUrl)).text();
  expect(verdict).toContain('data-genuine="true"');
  expect(verdict).toContain(reference);
  expect(verdict).toContain('Special entry darshan');
  // The file itself is the one issued; a byte changed is not.
  const checked = await fetch(verifyUrl, { method: 'POST', headers: { 'Content-Type': 'application/pdf' }, body: pdf });
  expect(await checked.text()).toContain('Genuine and unchanged');
  const tampered = Buffer.from(pdf);
  tampered[tampered.length >> 1]! ^= 1;
  const refused = await fetch(verifyUrl, { method: 'POST', headers: { 'Content-Type': 'application/pdf' }, body: tampered });
  expect(await refused.text()).toContain('Not genuine');
}, 90_000);
