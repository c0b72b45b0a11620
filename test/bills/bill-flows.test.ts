/**
 * Bills, fees and donations paid in the chat on a sandbox host. An electricity bill: the citizen
 * asks in their own words, types a service number the company does not know (asked again), then
 * theirs; the bill is read back from the company's HMAC-signed API, they say yes, pay on the
 * gateway's page, and receive the receipt PDF; the company has recorded the payment (asking
 * again says it is paid), and the receipt's QR code verifies. Property tax to a municipality,
 * refunded when the demand was paid another way meanwhile. A donation of the citizen's amount.
 * A vehicle's traffic challans.
 */
import type { RunningHost } from '../../platform/host';
import { electricityBill } from '../../platform/sandbox/departments/energy';
import { municipalDue } from '../../platform/sandbox/departments/municipal-dues';
import { transportDue } from '../../platform/sandbox/departments/transport-dues';
import { eventually } from '../support/citizens';
import { startTestHost } from '../support/host';
import { qrTextOf } from '../support/pdf-qr';
import { sandboxChat, textOf, type OutMessage } from '../support/sandbox-chat';

let host: RunningHost;
beforeAll(async () => {
  host = await startTestHost();
}, 60_000);
afterAll(() => host?.stop());
const { say, replies, reply, tap } = sandboxChat(() => host, 'Srinivas');
type Doc = OutMessage & { body: { document?: { id: string; filename: string; caption?: string } } };

it('pays an electricity bill from the chat, re-asking a number the company does not know, and sends the receipt', async () => {
  const waId = '919000000811';
  const number = '3212345678901';
  const bill = electricityBill(number)!;
  await say(waId, { type: 'text', text: 'hi' });
  await tap(waId, 1, 'English');
  await reply(waId, 2);
  await say(waId, { type: 'text', text: 'pay my current bill' });
  expect(textOf(await reply(waId, 3))).toContain('Pay electricity bill, step 1 of 1');
  await say(waId, { type: 'text', text: '3212345678000' });
  expect(textOf(await reply(waId, 4))).toContain('We could not find that number (no service connection 3212345678000)');
  expect(textOf(await reply(waId, 5))).toContain('Pay electricity bill, step 1 of 1');
  await say(waId, { type: 'text', text: number });
  const readBack = await reply(waId, 6);
  expect(textOf(readBack)).toContain(`In the name of: ${bill.consumer}`);
  expect(textOf(readBack)).toContain(`Units: ${bill.units}`);
  await tap(waId, 6, 'Yes');
  const link = textOf(await reply(waId, 7));
  const url = /(http\S+\/sandbox\/payments\/l\/plink_\w+)/.exec(link)![1]!;
  const paid = await fetch(url, { method: 'POST', body: new URLSearchParams({ outcome: 'pay' }), redirect: 'manual' });
  expect(paid.status).toBe(303);

  const receipt = (await eventually(() => replies(waId), (o) => o.some((m) => m.type === 'document'), 10_000)).find((m) => m.type === 'document') as Doc;
  expect(receipt.body.document!.caption).toContain('paid. Order ORD-');
  const pdf = Buffer.from(await (await fetch(`${host.url}/sandbox/api/media/${receipt.body.document!.id}`)).arrayBuffer());
  const verdict = await (await fetch(qrTextOf(pdf)!)).text();
  expect(verdict).toContain('data-genuine="true"');
  expect(verdict).toMatch(/APSPDCL\/RCPT\/\d{8}/);
  expect(verdict).toContain(bill.billId);

  // The company recorded it: asked again, the bill is paid.
  const before = (await replies(waId)).length;
  await say(waId, { type: 'text', text: 'pay my current bill' });
  await reply(waId, before + 1);
  await say(waId, { type: 'text', text: number });
  expect(textOf(await reply(waId, before + 2))).toContain('is already paid (receipt APSPDCL/RCPT/');
}, 60_000);

it('pays property tax to the municipality (OAuth 2.0), and refunds a demand already paid another way', async () => {
  const waId = '919000000812';
  const assessment = '1090123456';
  const due = municipalDue('property-tax', assessment)!;
  await say(waId, { type: 'text', text: 'hi' });
  await tap(waId, 1, 'English');
  await reply(waId, 2);
  await say(waId, { type: 'text', text: 'pay property tax' });
  expect(textOf(await reply(waId, 3))).toContain('Pay property tax, step 1 of 2');
  await say(waId, { type: 'text', text: 'Guntur' });
  await reply(waId, 4);
  await say(waId, { type: 'text', text: assessment });
  const readBack = textOf(await reply(waId, 5));
  expect(readBack).toContain(`bill for ${due.billMonth}`);
  expect(readBack).not.toContain('Units');
  await tap(waId, 5, 'Yes');
  const link = /(http\S+\/sandbox\/payments\/l\/plink_\w+)/.exec(textOf(await reply(waId, 6)))![1]!;
  // Paid another way meanwhile (at the ward office, say): the department refuses the second payment.
  const order = await eventually(async () => (await host.services.payments.orders.orders.find({ 'purpose.id': due.billId }))[0], (o) => Boolean(o), 5_000);
  const other = await host.services.departmentApis.forDepartment('municipal')!.call({ method: 'POST', path: `/dues/${due.billId}/payments`, body: { orderId: 'COUNTER-1', paymentId: 'cash-1', amountPaise: due.amountPaise }, idempotencyKey: 'counter-1' });
  expect(other.outcome).toBe('ok');
  await fetch(link, { method: 'POST', body: new URLSearchParams({ outcome: 'pay' }), redirect: 'manual' });
  const told = await eventually(() => replies(waId), (o) => o.some((m) => textOf(m).includes('had already been paid')), 10_000);
  expect(textOf(told.at(-1)!)).toContain(due.billId);
  const refunds = await eventually(() => host.services.payments.orders.refundsOf(order!._id), (r) => r.length > 0, 5_000);
  expect(refunds).toMatchObject([{ reason: 'bill_settled', amountPaise: due.amountPaise }]);
}, 60_000);

it('takes a donation to a temple of the amount the citizen gives, and sends the receipt', async () => {
  const waId = '919000000813';
  await say(waId, { type: 'text', text: 'hi' });
  await tap(waId, 1, 'English');
  await reply(waId, 2);
  await say(waId, { type: 'text', text: 'donation to a temple' });
  const temple = await reply(waId, 3);
  expect(textOf(temple)).toContain('Donation to a temple, step 1 of 3');
  const row = (m: OutMessage, title: string) => m.body.interactive!.action.sections!.flatMap((s) => s.rows).find((r) => r.title === title)!;
  await say(waId, { type: 'interactive', reply: { kind: 'list_reply', id: row(temple, 'Annavaram').id, title: 'Annavaram' } });
  const scheme = await reply(waId, 4);
  const first = scheme.body.interactive!.action.sections!.flatMap((s) => s.rows)[0]!;
  await say(waId, { type: 'interactive', reply: { kind: 'list_reply', id: first.id, title: first.title } });
  await reply(waId, 5);
  await say(waId, { type: 'text', text: '1116' });
  expect(textOf(await reply(waId, 6))).toContain('1116');
  await tap(waId, 6, 'Yes');
  const link = textOf(await reply(waId, 7));
  expect(link).toContain('Pay ₹1,116 for Donation to a temple');
  const url = /(http\S+\/sandbox\/payments\/l\/plink_\w+)/.exec(link)![1]!;
  await fetch(url, { method: 'POST', body: new URLSearchParams({ outcome: 'pay' }), redirect: 'manual' });
  const receipt = (await eventually(() => replies(waId), (o) => o.some((m) => m.type === 'document'), 10_000)).find((m) => m.type === 'document') as Doc;
  const pdf = Buffer.from(await (await fetch(`${host.url}/sandbox/api/media/${receipt.body.document!.id}`)).arrayBuffer());
  const verdict = await (await fetch(qrTextOf(pdf)!)).text();
  expect(verdict).toContain('data-genuine="true"');
  expect(verdict).toContain('₹1,116');
}, 60_000);

it('pays a vehicle\'s pending traffic challans to the Transport department (bearer token)', async () => {
  const waId = '919000000814';
  // A vehicle with challans pending, as the department makes them up.
  const vehicle = Array.from({ length: 200 }, (_, i) => `AP39AB${String(1001 + i)}`).find((v) => !transportDue('challans', v)!.nothingDue)!;
  const due = transportDue('challans', vehicle)!;
  await say(waId, { type: 'text', text: 'hi' });
  await tap(waId, 1, 'English');
  await reply(waId, 2);
  await say(waId, { type: 'text', text: 'pay traffic challan' });
  expect(textOf(await reply(waId, 3))).toContain('Pay traffic challan, step 1 of 1');
  await say(waId, { type: 'text', text: 'AP 39 AB 0000' });
  expect(textOf(await reply(waId, 4))).toContain('We could not find that number');
  await reply(waId, 5);
  await say(waId, { type: 'text', text: `${vehicle.slice(0, 4)} ${vehicle.slice(4, 6)} ${vehicle.slice(6)}` });
  expect(textOf(await reply(waId, 6))).toContain(due.billMonth);
  await tap(waId, 6, 'Yes');
  const url = /(http\S+\/sandbox\/payments\/l\/plink_\w+)/.exec(textOf(await reply(waId, 7)))![1]!;
  await fetch(url, { method: 'POST', body: new URLSearchParams({ outcome: 'pay' }), redirect: 'manual' });
  const receipt = (await eventually(() => replies(waId), (o) => o.some((m) => m.type === 'document'), 10_000)).find((m) => m.type === 'document') as Doc;
  const pdf = Buffer.from(await (await fetch(`${host.url}/sandbox/api/media/${receipt.body.document!.id}`)).arrayBuffer());
  expect(await (await fetch(qrTextOf(pdf)!)).text()).toMatch(/APTD\/CH\/RCPT\/\d{7}/);
}, 60_000);
