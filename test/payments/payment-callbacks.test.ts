/**
 * The payment gateway's word, as it really comes: late, twice, out of order, forged, or not at
 * all, on a sandbox host with the gateway's simulator. Whatever the order, an order gets one
 * payment, its booking is confirmed once and its ticket sent once; a forged callback changes
 * nothing; a missed one is settled by a status query; a payment that comes after the hold
 * lapsed is refunded and the citizen told.
 */
import { createHmac } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { RunningHost } from '../../platform/host';
import { PAYMENT_WEBHOOK_PATH } from '../../platform/payments/module';
import { adminToken, bookingsApi, dayInIndia } from '../support/admin-api';
import { eventually } from '../support/citizens';
import { startTestHost } from '../support/host';
import { sandboxChat, textOf } from '../support/sandbox-chat';

let host: RunningHost;
let token = '';
beforeAll(async () => {
  host = await startTestHost();
  token = await adminToken(host.url);
}, 60_000);
afterAll(() => host?.stop());
const api = bookingsApi(() => host.url, () => token);
const { say, replies, reply } = sandboxChat(() => host, 'Ravi');
const gateway = () => host.paymentSandbox!.gateway;
let n = 0;

/** A citizen who has written (their window is open), with a held darshan booking and its payment link. */
async function heldBooking(persons = 1): Promise<{ waId: string; reference: string; order: string; linkId: string }> {
  n++;
  const waId = `9197000${String(n).padStart(5, '0')}`;
  await say(waId, { type: 'text', text: 'hi' });
  await reply(waId, 1);
  const { status, json } = await api('', { service: 'darshan_slot', answers: { temple: 'annavaram', visit_date: dayInIndia(4), darshan_type: 'special_entry', persons }, timeId: 't1200', citizen: { wa_id: waId }, requestKey: `callbacks-${n}-${Date.now()}` });
  expect(status).toBe(201);
  expect(json.booking.state).toBe('held');
  return { waId, reference: json.booking.reference, order: json.payment.order, linkId: /plink_\w+/.exec(json.payment.link)![0] };
}
const documentsTo = async (waId: string) => (await replies(waId)).filter((m) => m.type === 'document');

afterEach(() => {
  gateway().webhooks = 'deliver';
});

it('gives one payment and one ticket when the callbacks come twice, late and in reverse order', async () => {
  const { waId, reference, order, linkId } = await heldBooking(2);
  gateway().webhooks = 'hold';
  await gateway().pay(linkId);
  // Nothing heard yet: still held.
  expect((await host.services.bookings.store.get(reference))!.state).toBe('held');
  gateway().webhooks = 'twice';
  await gateway().release({ reverse: true });
  await gateway().settle();
  const confirmed = await eventually(() => host.services.bookings.store.get(reference), (b) => b?.state === 'confirmed', 10_000);
  expect(confirmed!.orderId).toBe(order);
  await eventually(() => documentsTo(waId), (d) => d.length >= 1, 10_000);
  // Every late copy has come and gone: still one ticket, one payment, no refund.
  await gateway().release();
  await gateway().settle();
  await new Promise((r) => setTimeout(r, 300));
  expect(await documentsTo(waId)).toHaveLength(1);
  const paid = (await host.services.payments.orders.get(order))!;
  expect(paid).toMatchObject({ state: 'paid', extraPayments: [], fulfilment: { state: 'done', outcome: 'fulfilled' } });
  expect(await host.services.payments.orders.refundsOf(order)).toEqual([]);
  expect(gateway().delivered.filter((d) => d.reference === order).map((d) => d.event)).toEqual(expect.arrayContaining(['payment.captured', 'payment_link.paid']));
}, 30_000);

it('refuses a forged or re-signed callback with 401 and ignores a replayed one', async () => {
  const { reference, order, linkId } = await heldBooking();
  const body = JSON.stringify({ entity: 'event', event: 'payment_link.paid', contains: ['payment_link', 'payment'], payload: { payment_link: { entity: { id: linkId, amount: 30000, amount_paid: 30000, reference_id: order, status: 'paid', short_url: 'x' } }, payment: { entity: { id: 'pay_forged', amount: 30000, status: 'captured', method: 'upi' } } } });
  const post = (signature: string, payload = body) => fetch(`${host.url}${PAYMENT_WEBHOOK_PATH}`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Razorpay-Signature': signature }, body: payload });
  expect((await post(createHmac('sha256', 'not-the-secret').update(body).digest('hex'))).status).toBe(401);
  expect((await post('')).status).toBe(401);
  // The real secret over another body than the one sent.
  const secret = (JSON.parse(fs.readFileSync(path.join(host.services.config.dataDir, 'sandbox-secrets.json'), 'utf8')) as { paymentWebhookSecret: string }).paymentWebhookSecret;
  expect((await post(createHmac('sha256', secret).update(body.replace('30000', '100')).digest('hex'))).status).toBe(401);
  expect((await host.services.bookings.store.get(reference))!.state).toBe('held');
  expect((await host.services.payments.orders.get(order))!.state).toBe('created');

  // A genuine callback, then the same bytes replayed: one payment.
  await gateway().pay(linkId);
  await eventually(() => host.services.bookings.store.get(reference), (b) => b?.state === 'confirmed', 10_000);
  const genuine = JSON.stringify({ entity: 'event', event: 'payment_link.paid', contains: ['payment_link', 'payment'], payload: { payment_link: { entity: { id: linkId, amount: 30000, amount_paid: 30000, reference_id: order, status: 'paid', short_url: 'x' } }, payment: { entity: { id: (await host.services.payments.orders.get(order))!.payment!.id, amount: 30000, status: 'captured', method: 'upi' } } } });
  const replay = await post(createHmac('sha256', secret).update(genuine).digest('hex'), genuine);
  expect(replay.status).toBe(200);
  expect(await host.services.payments.orders.refundsOf(order)).toEqual([]);
  // Malformed, though signed: 400 saying why.
  const bad = JSON.stringify({ event: 'payment_link.paid', payload: { payment_link: { entity: { id: 1 } } } });
  const refused = await post(createHmac('sha256', secret).update(bad).digest('hex'), bad);
  expect(refused.status).toBe(400);
}, 30_000);

it('settles a payment whose callbacks never came with a status query', async () => {
  const { reference, order, linkId } = await heldBooking();
  gateway().webhooks = 'hold';
  await gateway().pay(linkId);
  await new Promise((r) => setTimeout(r, 200));
  expect((await host.services.payments.orders.get(order))!.state).toBe('created');
  // What the sweep does for an order the gateway has been quiet about.
  await host.services.payments.query(order);
  await eventually(() => host.services.bookings.store.get(reference), (b) => b?.state === 'confirmed', 10_000);
  expect((await host.services.payments.orders.get(order))!.state).toBe('paid');
}, 30_000);

it('refunds a payment that came after the hold lapsed, and tells the citizen', async () => {
  const { waId, reference, order, linkId } = await heldBooking();
  gateway().webhooks = 'hold';
  await gateway().pay(linkId);
  // The hold's time passes before the gateway's word arrives: the seat goes back, the link is closed (refused: paid).
  const { expired: lapsed } = await host.services.bookings.store.expireDue(new Date(Date.now() + 21 * 60_000));
  expect(lapsed.map((b) => b._id)).toContain(reference);
  await host.services.payments.cancel(order);
  const told = await eventually(() => replies(waId), (o) => o.some((m) => textOf(m).includes('came after the places were released')), 10_000);
  expect(textOf(told.find((m) => textOf(m).includes('came after'))!)).toContain(reference);
  expect((await host.services.bookings.store.get(reference))!.state).toBe('expired');
  const [refund] = await host.services.payments.orders.refundsOf(order);
  expect(refund).toMatchObject({ reason: 'lapsed', amountPaise: 30000, state: expect.stringMatching(/pending|processed/) });
  // The gateway processes it; its webhook marks it done. The late callbacks change nothing more.
  await gateway().tick();
  gateway().webhooks = 'deliver';
  await gateway().release();
  await new Promise((r) => setTimeout(r, 2_500));
  await gateway().tick();
  await gateway().settle();
  await eventually(() => host.services.payments.orders.refundsOf(order), (r) => r[0]?.state === 'processed', 10_000);
  expect(await host.services.payments.orders.refundsOf(order)).toHaveLength(1);
  expect(await documentsTo(waId)).toHaveLength(0);
}, 40_000);
