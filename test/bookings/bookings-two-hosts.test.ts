/**
 * Capacity across two hosts as `npm start` runs them, on one store (FerretDB, whose conditional
 * updates are not atomic across connections) and a payment gateway (the sandbox's, in this
 * process): 200 counter bookings at once, 100 at each host, for a slot of 50 seats; each held
 * one paid on the gateway. Exactly 50 are held and exactly 50 confirmed, each with one ticket.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import express from 'express';
import { createLogger } from '../../platform/log';
import { defaultFlowsDir } from '../../platform/paths';
import { PAYMENT_WEBHOOK_PATH } from '../../platform/payments/module';
import { createPaymentGatewaySimulator } from '../../platform/sandbox/payments/gateway';
import { adminToken, bookingsApi, dayInIndia } from '../support/admin-api';
import { MAIN, hostEnv, listen, replies, simulator, startHost, stopHost, until, type HostProcess } from '../support/host-process';
import { freePort } from '../support/ports';
import { describeWith, serviceUrl, tempDir } from '../support/services';

const SEATS = 50;
const REQUESTS = 200;

beforeAll(() => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the suite through \`npm test\`, which builds first`);
});

/** The shipped flows, with a darshan slot of SEATS seats. */
function flowsWithSeats(): string {
  const dir = tempDir('jansetu-flows-');
  fs.cpSync(defaultFlowsDir, dir, { recursive: true });
  const file = path.join(dir, 'catalog', 'calendars.json');
  const calendars = JSON.parse(fs.readFileSync(file, 'utf8')) as { calendars: Record<string, { capacity: number }> };
  calendars.calendars.darshan_slot!.capacity = SEATS;
  fs.writeFileSync(file, JSON.stringify(calendars));
  return dir;
}

describeWith('MONGODB')('bookings on two hosts', () => {
  it(`gives ${SEATS} seats to exactly ${SEATS} of ${REQUESTS} concurrent requests and confirms exactly those once paid`, async () => {
    const { sim, url: simUrl, close } = await simulator();
    const keys = { keyId: 'rzp_test_twohosts', keySecret: randomBytes(16).toString('hex'), webhookSecret: randomBytes(16).toString('hex') };
    const gateway = createPaymentGatewaySimulator({ ...keys, log: createLogger('silent') });
    const gatewayApp = express();
    gatewayApp.use(gateway.router);
    const { server: gatewayServer, url: gatewayUrl } = await listen(gatewayApp);
    const flows = flowsWithSeats();
    const hosts: HostProcess[] = [];
    try {
      const shared = {
        MONGODB_URI: serviceUrl('MONGODB')!,
        MONGODB_DB: `jansetu_twohosts_${randomBytes(4).toString('hex')}`,
        QUEUE_PREFIX: `test-${randomBytes(6).toString('hex')}`,
        FLOWS_DIR: flows,
        PAYMENT_GATEWAY_URL: gatewayUrl,
        PAYMENT_KEY_ID: keys.keyId,
        PAYMENT_KEY_SECRET: keys.keySecret,
        PAYMENT_WEBHOOK_SECRETS: keys.webhookSecret,
      };
      for (let i = 0; i < 2; i++) hosts.push(await startHost(hostEnv(await freePort(), simUrl, { ...shared, DATA_DIR: tempDir() })));
      gateway.connect(gatewayUrl, `${hosts[0]!.url}${PAYMENT_WEBHOOK_PATH}`);
      const tokens = await Promise.all(hosts.map((h) => adminToken(h.url)));
      const apis = hosts.map((h, i) => bookingsApi(() => h.url, () => tokens[i]!));
      const date = dayInIndia(6);
      const answers = { temple: 'simhachalam', visit_date: date, darshan_type: 'special_entry', persons: 1 };

      const answered = await Promise.all(
        Array.from({ length: REQUESTS }, (_, i) => apis[i % 2]!('', { service: 'darshan_slot', answers, timeId: 't0800', citizen: { wa_id: `9196${String(10_000_000 + i)}` }, requestKey: `twohosts-${i}` })),
      );
      const held = answered.filter((a) => a.status === 201);
      expect(held).toHaveLength(SEATS);
      expect(answered.filter((a) => a.status === 409 && a.json.error === 'full')).toHaveLength(REQUESTS - SEATS);
      expect(held.every((h) => h.json.booking.state === 'held' && typeof h.json.payment?.link === 'string')).toBe(true);
      // Both hosts gave seats.
      expect(new Set(answered.map((a, i) => (a.status === 201 ? i % 2 : -1)).filter((x) => x >= 0)).size).toBe(2);
      const offers = await apis[1]!(`/offers?service=darshan_slot&answers=${encodeURIComponent(JSON.stringify(answers))}`);
      expect(offers.json.offers.find((o: { timeId: string }) => o.timeId === 't0800')).toBeUndefined();

      // Every held one is paid (its webhook to one host, twice over); the other host sees each confirmed.
      gateway.webhooks = 'twice';
      for (const h of held) await gateway.pay(/plink_\w+/.exec(h.json.payment.link as string)![0]);
      await gateway.settle();
      const references = held.map((h) => h.json.booking.reference as string);
      let states: string[] = [];
      await until(async () => {
        states = await Promise.all(references.map(async (r) => (await apis[1]!(`/${r}`)).json.booking.state as string));
        return states.every((s) => s === 'confirmed');
      }, 60_000, 'every paid booking to be confirmed');
      expect(states.filter((s) => s === 'confirmed')).toHaveLength(SEATS);
      // One ticket each (a template: these citizens never wrote), though every payment was reported twice.
      const ticketsSent = () => answered.map((_, i) => `9196${String(10_000_000 + i)}`).flatMap((waId) => replies(sim, waId).filter((m) => m.body.type === 'template'));
      await until(() => ticketsSent().length >= SEATS, 30_000, 'the tickets');
      await new Promise((r) => setTimeout(r, 1_000));
      expect(ticketsSent()).toHaveLength(SEATS);
      expect(new Set(ticketsSent().map((m) => (m.body as { template?: { name?: string } }).template?.name))).toEqual(new Set(['payment_receipt']));
    } finally {
      await Promise.all(hosts.map((h) => stopHost(h)));
      gateway.close();
      gatewayServer.closeAllConnections();
      gatewayServer.close();
      await close();
    }
  }, 180_000);
});
