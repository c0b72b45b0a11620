/**
 * The channel as production sees it, on one host with the sandbox simulator
 * and the suite's Redis: a citizen who hides the number, a hostile nested
 * webhook, a double tap, 3,000 messages in one webhook under Meta's 80/s, and
 * full deploys while citizens write.
 */
import fs from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { RunningHost } from '../../platform/host';
import { createLogger } from '../../platform/log';
import { bsuidFor } from '../../platform/sandbox/whatsapp/ids';
import { DEFAULT_PHONE_NUMBER } from '../../platform/sandbox/whatsapp';
import { signBody } from '../../platform/whatsapp';
import { sandboxCitizenKey } from '../support/citizens';
import * as fx from './fixtures';
import { startTestHost } from '../support/host';

const APP_SECRET = 'production-app-secret';
const NUMBER = DEFAULT_PHONE_NUMBER;

interface OutMessage {
  direction: 'in' | 'out';
  type: string;
  body: { to?: string; recipient?: string; interactive?: { type: string; body: { text: string }; action: { buttons?: Array<{ reply: { id: string; title: string } }> } } };
}

const SANDBOX_METADATA = { display_phone_number: NUMBER.displayPhoneNumber, phone_number_id: NUMBER.phoneNumberId };
let host: RunningHost;

beforeAll(async () => {
  host = await startTestHost(
    {
      LOG_LEVEL: process.env.JANSETU_TEST_LOG ? 'info' : 'silent',
      WHATSAPP_APP_SECRET: APP_SECRET,
      // Meta's default throughput, enforced by the simulator and paced by the sender.
      WHATSAPP_THROUGHPUT_PER_SECOND: '80',
    },
    process.env.JANSETU_TEST_LOG ? createLogger('info', fs.createWriteStream(process.env.JANSETU_TEST_LOG)) : createLogger('silent'),
  );
}, 60_000);

afterAll(async () => {
  await host?.stop();
});

async function say(waId: string, message: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${host.url}/sandbox/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from: waId, name: 'Citizen', ...message }) });
  expect(res.status).toBe(200);
}

async function outbound(waId: string): Promise<OutMessage[]> {
  const res = await fetch(`${host.url}/sandbox/api/conversations/${waId}`);
  if (res.status === 404) return [];
  return ((await res.json()) as { messages: OutMessage[] }).messages.filter((m) => m.direction === 'out');
}

async function until(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

function post(body: string, secret = APP_SECRET): Promise<Response> {
  return fetch(`${host.url}/api/whatsapp/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signBody(secret, body) }, body });
}

it('answers a citizen whose number is withheld (BSUID only), by recipient', async () => {
  const waId = '919000003001';
  await say(waId, { username: 'ravi.k', type: 'text', text: 'hi' });
  await until(async () => (await outbound(waId)).length === 1, 10_000, 'the reply');
  const [reply] = await outbound(waId);
  expect(reply!.body.recipient).toBe(bsuidFor(NUMBER.businessAccountId, waId));
  expect(reply!.body.to).toBeUndefined();
  // The language question waits for this citizen's answer, kept under the BSUID key.
  expect(await host.services.sessions.get(sandboxCitizenKey(waId))).toMatchObject({ waiting: { node: 'mainmenu00000022' } });
});

it('refuses a webhook nested 2,000 levels deep with 400 and stays up for the next citizen', async () => {
  const deep = `${'{"x":'.repeat(2000)}1${'}'.repeat(2000)}`;
  const body = JSON.stringify(fx.messageNotification({ ...fx.textMessage('hi', { id: fx.wamid(), from: '919000003002' }), extra: '__DEEP__' } as never)).replace('"__DEEP__"', deep);
  const res = await post(body);
  expect(res.status).toBe(400);
  expect(((await res.json()) as { message: string }).message).toMatch(/nests deeper/);
  expect((await fetch(`${host.url}/healthz`)).status).toBe(200);
  await say('919000003003', { type: 'text', text: 'hi' });
  await until(async () => (await outbound('919000003003')).length === 1, 10_000, 'the reply');
});

it('keeps the language when a citizen taps English and sends hi right after (20 of 20)', async () => {
  const citizens = Array.from({ length: 20 }, (_, i) => `9190000031${String(i).padStart(2, '0')}`);
  await Promise.all(citizens.map((waId) => say(waId, { type: 'text', text: 'hello' })));
  await until(async () => (await Promise.all(citizens.map(outbound))).every((o) => o.length === 1), 30_000, 'the language question');
  await Promise.all(
    citizens.map(async (waId) => {
      const [question] = await outbound(waId);
      const english = question!.body.interactive!.action.buttons!.find((b) => b.reply.title === 'English')!.reply;
      // No wait between the two: the simulator delivers them back to back.
      await say(waId, { type: 'interactive', reply: { kind: 'button_reply', id: english.id, title: 'English' } });
      await say(waId, { type: 'text', text: 'hi' });
    }),
  );
  await until(async () => (await Promise.all(citizens.map(outbound))).every((o) => o.length === 3), 30_000, 'three replies each');
  for (const waId of citizens) {
    expect(await host.services.sessions.get(sandboxCitizenKey(waId))).toMatchObject({ language: 'en' });
    // The reply to "hi" is the English department list, not the language question.
    const [, , second] = await outbound(waId);
    expect(second!.body.interactive!.type).toBe('list');
    expect(second!.body.interactive!.body.text).toMatch(/Choose a department/);
  }
}, 60_000);

it('answers 3,000 messages from 100 citizens in one webhook exactly once each, within 80 messages a second', async () => {
  const citizens = Array.from({ length: 100 }, (_, i) => `9190000040${String(i).padStart(2, '0')}`);
  // Each citizen writes once through the simulator first, so its window is open there too.
  await Promise.all(citizens.map((waId) => say(waId, { type: 'text', text: 'hi' })));
  await until(async () => (await Promise.all(citizens.map(outbound))).every((o) => o.length === 1), 30_000, 'the first replies');

  const messages = [];
  const now = String(Math.floor(Date.now() / 1000));
  for (let i = 0; i < 30; i++) for (const waId of citizens) messages.push(fx.textMessage('help', { id: fx.wamid(), from: waId, timestamp: now }));
  const body = JSON.stringify(fx.notification(fx.entry([fx.messagesValue({ contacts: citizens.map((c) => fx.contact(c)), messages }, SANDBOX_METADATA)])));
  expect(Buffer.byteLength(body)).toBeLessThan(1024 * 1024);
  const started = Date.now();
  const res = await post(body);
  expect(res.status).toBe(200);
  expect(await res.json()).toMatchObject({ received: 3000, duplicates: 0 });

  const total = async () => (await Promise.all(citizens.map(outbound))).reduce((n, o) => n + o.length, 0);
  // At 80 a second the replies take 40 s; beside the suite's heaviest files on two cores, a CI run took
  // just over 120 s (3,100 of 3,100 when the error was written): the wait bounds a hang, not the speed.
  await until(async () => (await total()) >= 3100, 240_000, '3,100 replies').catch(async (err: Error) => {
    throw new Error(`${err.message}: ${await total()} replies, inbox ${JSON.stringify(await host.services.whatsapp.inbox.counts())}`);
  });
  await sleep(1000); // nothing more comes: no reply was sent twice
  const counts = await Promise.all(citizens.map(async (c) => (await outbound(c)).length));
  expect(counts.every((n) => n === 31)).toBe(true);
  // 3,000 replies at 80 a second take at least 37 s; far less would mean the pacing leaked.
  expect(Date.now() - started).toBeGreaterThan(30_000);
  expect(await host.services.whatsapp.inbox.counts()).toMatchObject({ received: 0, processing: 0, failed: 0 });
  // Some 9,300 status webhooks (sent, delivered, read) follow these replies: let them all land, or the
  // simulator's cap on waiting notifications (10,000) would drop the next test's citizen messages.
  await host.sandbox!.whatsapp.idle();
}, 360_000);

// A message the inbox claimed while a deploy replaced its whatsapp-in went to the stopped node and
// was marked done unanswered (one round lost in about half the loaded runs): handlers of stopped
// listeners now answer 'interrupted' (test/whatsapp/channel.test.ts). With a catch node on each service
// tab, turns in flight also ended as done, unanswered, while the deploy saved the flows (before
// flows:stopping; 1 run in 3): turns are now set aside from the save on (platform/red/storage.ts).
it('loses nothing while flows are fully redeployed under traffic, and never answers 404', async () => {
  const token = ((await (await fetch(`${host.url}/admin/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: 'ops', password: 'correct-horse-battery' }) })).json()) as { access_token: string }).access_token;
  const auth = { Authorization: `Bearer ${token}` };
  const before = host.sandbox!.whatsapp.webhookStats();
  const citizens = Array.from({ length: 10 }, (_, i) => `9190000050${String(i).padStart(2, '0')}`);
  // Four full deploys, 0.7 s apart, while the citizens write.
  const deploys = (async () => {
    let n = 0;
    while (n < 4) {
      const flows = (await (await fetch(`${host.url}/admin/flows`, { headers: { ...auth, 'Node-RED-API-Version': 'v2' } })).json()) as { flows: unknown[]; rev: string };
      const res = await fetch(`${host.url}/admin/flows`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json', 'Node-RED-API-Version': 'v2', 'Node-RED-Deployment-Type': 'full' }, body: JSON.stringify({ flows: flows.flows }) });
      expect(res.status).toBe(200);
      n++;
      await sleep(700);
    }
    return n;
  })();
  for (let round = 0; round < 6; round++) {
    await Promise.all(citizens.map((waId) => say(waId, { type: 'text', text: round === 0 ? 'hi' : 'help' })));
    await sleep(200);
  }
  expect(await deploys).toBe(4);
  await until(async () => (await Promise.all(citizens.map(outbound))).every((o) => o.length >= 6), 60_000, 'six replies each').catch(async (err: Error) => {
    const replies = (await Promise.all(citizens.map(outbound))).map((o) => o.length);
    const stuck = [...(await host.services.whatsapp.inbox.list({ state: 'received' })), ...(await host.services.whatsapp.inbox.list({ state: 'processing' }))];
    throw new Error(`${err.message}: replies ${JSON.stringify(replies)}, inbox ${JSON.stringify(await host.services.whatsapp.inbox.counts())}, pending ${JSON.stringify(stuck)}`);
  });
  await sleep(500);
  // Exactly six: a message run again after a deploy interrupted it is not answered twice.
  expect((await Promise.all(citizens.map(outbound))).map((o) => o.length)).toEqual(citizens.map(() => 6));
  await host.sandbox!.whatsapp.idle();
  const after = host.sandbox!.whatsapp.webhookStats();
  // Every webhook was acknowledged at the first attempt: held in the inbox during a deploy, never 404 or 503.
  expect(after.failed - before.failed).toBe(0);
  expect(after.retried - before.retried).toBe(0);
  expect(await host.services.whatsapp.inbox.counts()).toMatchObject({ received: 0, processing: 0, failed: 0 });
  const ready = await fetch(`${host.url}/readyz`);
  expect(ready.status).toBe(200);
}, 120_000);
