/**
 * The durable inbox on its own: one citizen at a time and in order, on one
 * host and on two hosts sharing a MongoDB-wire store; failures retried then
 * set aside; messages held while no listener serves them; a dead host's
 * message taken over once its lease runs out.
 */
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { createLogger } from '../../platform/log';
import { createStore, type DocumentStore } from '../../platform/store';
import { Inbox, INBOX_COLLECTION, TURNS_COLLECTION, type InboxOptions, type MessageHandler } from '../../platform/whatsapp/inbox';
import { parseWebhook } from '../../platform/whatsapp/parse';
import type { InboundMessage } from '../../platform/whatsapp/types';
import { describeWith, serviceUrl, tempDir } from '../support/services';
import * as fx from './fixtures';

const log = createLogger('silent');
const PATH = '/whatsapp/webhook';
const SIGNED = ['app-1'];
const FAST: Partial<InboxOptions> = { leaseMs: 400, sweepMs: 100, turnTimeoutMs: 5000, maxAttempts: 3 };

function message(from: string, text: string): InboundMessage {
  const [event] = parseWebhook(fx.messageNotification(fx.textMessage(text, { id: fx.wamid(), from })));
  return event as InboundMessage;
}

/** Records each run's start and end, per citizen, and can be slowed or made to fail. */
class Recorder {
  readonly runs: Array<{ host: string; citizen: string; text: string; start: number; end: number }> = [];
  delayMs = 20;
  failTexts = new Set<string>();

  handler(host: string): MessageHandler {
    return async (m) => {
      const start = performance.now();
      await sleep(this.delayMs);
      if (this.failTexts.has(m.text ?? '')) throw new Error(`flow refused ${m.text}`);
      this.runs.push({ host, citizen: m.citizenKey, text: m.text ?? '', start, end: performance.now() });
    };
  }

  textsOf(citizenKey: string): string[] {
    return this.runs.filter((r) => r.citizen === citizenKey).map((r) => r.text);
  }

  /** No two runs of one citizen overlapped. */
  overlaps(): number {
    let count = 0;
    const byCitizen = new Map<string, typeof this.runs>();
    for (const r of this.runs) byCitizen.set(r.citizen, [...(byCitizen.get(r.citizen) ?? []), r]);
    for (const runs of byCitizen.values()) {
      const sorted = [...runs].sort((a, b) => a.start - b.start);
      for (let i = 1; i < sorted.length; i++) if (sorted[i]!.start < sorted[i - 1]!.end) count++;
    }
    return count;
  }
}

async function until(check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('Inbox on one host', () => {
  let store: DocumentStore;
  let inbox: Inbox;
  let recorder: Recorder;
  let route: MessageHandler[] | null;

  beforeEach(async () => {
    store = await createStore({ engine: 'embedded', dir: tempDir(), sweepIntervalMs: 0 });
    inbox = new Inbox(store, log, FAST);
    await inbox.init();
    recorder = new Recorder();
    route = [recorder.handler('a')];
    inbox.setRouter(() => route ?? []);
    inbox.start();
  });
  afterEach(async () => {
    await inbox.close();
    await store.close();
  });

  it('runs one citizen\'s messages one at a time in arrival order, and different citizens side by side', async () => {
    const citizens = ['919000001001', '919000001002', '919000001003'];
    const batches = [0, 1, 2, 3, 4].map((i) => citizens.map((c) => message(c, `m${i}`)));
    // Five webhooks, each with one message per citizen, arriving back to back.
    for (const batch of batches) {
      const { accepted } = await inbox.accept(batch, PATH, SIGNED);
      inbox.kick(accepted.map((m) => m.citizenKey));
    }
    await until(() => recorder.runs.length === 15);
    for (const c of citizens) expect(recorder.textsOf(`${fx.PHONE_NUMBER_ID}/${c}`)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(recorder.overlaps()).toBe(0);
    // Citizens did not wait for each other: runs of different citizens overlapped in time (a
    // property of the order, not of the machine's speed, which a wall-clock bound would test).
    const runs = recorder.runs;
    const sideBySide = runs.some((a) => runs.some((b) => a.citizen !== b.citizen && a.start < b.end && b.start < a.end));
    expect(sideBySide).toBe(true);
    expect(await inbox.counts()).toMatchObject({ received: 0, processing: 0, done: 15, failed: 0 });
  });

  it('takes a redelivered message as a duplicate, whatever state it is in', async () => {
    const m = message('919000001010', 'once');
    expect((await inbox.accept([m], PATH, SIGNED)).accepted).toHaveLength(1);
    expect(await inbox.accept([m], PATH, SIGNED)).toMatchObject({ accepted: [], duplicates: 1 });
    inbox.kick([m.citizenKey]);
    await until(async () => (await inbox.state(m.id)) === 'done');
    expect(await inbox.accept([m], PATH, SIGNED)).toMatchObject({ accepted: [], duplicates: 1 });
    expect(recorder.runs).toHaveLength(1);
  });

  it('retries a message whose hand-off fails, sets it aside after maxAttempts, and goes on with the next', async () => {
    recorder.failTexts.add('poison');
    const [bad, good] = [message('919000001020', 'poison'), message('919000001020', 'after')];
    await inbox.accept([bad, good], PATH, SIGNED);
    inbox.kick([bad.citizenKey]);
    await until(async () => (await inbox.state(good.id)) === 'done', 20_000);
    expect(await inbox.state(bad.id)).toBe('failed');
    expect(recorder.textsOf(bad.citizenKey)).toEqual(['after']);
    const [listed] = await inbox.list({ state: 'failed' });
    expect(listed).toMatchObject({ id: bad.id, attempts: 3, citizen: 'xxxxxxxx1020' });
    expect(listed!.lastError).toMatch(/flow refused poison/);
  }, 30_000);

  it('runs a message again when its flow could not send the reply for now, and only then goes on with the next', async () => {
    let tries = 0;
    const seen: string[] = [];
    route = [
      async (m) => {
        seen.push(m.text ?? '');
        // The first run's reply hit a throttle past every try: the flow ends as "retry".
        if (m.text === 'throttled' && ++tries === 1) return 'retry';
        return 'done';
      },
    ];
    const [first, second] = [message('919000001025', 'throttled'), message('919000001025', 'next')];
    await inbox.accept([first, second], PATH, SIGNED);
    inbox.kick([first.citizenKey]);
    await until(async () => (await inbox.state(second.id)) === 'done', 10_000);
    expect(seen).toEqual(['throttled', 'throttled', 'next']);
    expect(await inbox.state(first.id)).toBe('done');
  });

  it('holds messages no listener serves (a deploy), in order, and runs them when one registers', async () => {
    route = null;
    const first = message('919000001030', 'first');
    const second = message('919000001030', 'second');
    await inbox.accept([first, second], PATH, SIGNED);
    inbox.kick([first.citizenKey]);
    await until(async () => (await inbox.list({ waitingForListener: true })).length === 1);
    expect(await inbox.state(first.id)).toBe('received');
    await sleep(300); // the sweep leaves held messages alone
    expect(recorder.runs).toHaveLength(0);
    route = [recorder.handler('a')];
    await inbox.recover({ phoneNumberId: fx.PHONE_NUMBER_ID });
    await until(() => recorder.runs.length === 2);
    expect(recorder.textsOf(first.citizenKey)).toEqual(['first', 'second']);
  });

  it('a host that lost the turn while its flow ran does not go on to the citizen\'s next message', async () => {
    let steal: (() => Promise<void>) | null = null;
    route = [
      async (m) => {
        if (m.text === 'first') await steal!();
        await recorder.handler('a')(m);
      },
    ];
    const [first, second] = [message('919000001060', 'first'), message('919000001060', 'second')];
    // As if this host stalled past its lease and another took the citizen over.
    steal = () => store.collection(TURNS_COLLECTION).updateOne({ _id: first.citizenKey }, { $set: { owner: 'other-host', until: new Date(Date.now() + 60_000) } }).then(() => undefined);
    await inbox.accept([first, second], PATH, SIGNED);
    inbox.kick([first.citizenKey]);
    await until(() => recorder.runs.length === 1);
    await sleep(300);
    // The next message is left to the host that holds the turn now.
    expect(await inbox.state(second.id)).toBe('received');
    expect(recorder.textsOf(first.citizenKey)).toEqual(['first']);
  });

  it('a deploy ends the runs under way; their messages run again, in order, once the flows are back', async () => {
    let calls = 0;
    route = [
      async (m) => {
        calls++;
        // The first run's flow is stopped under it by the deploy and never finishes.
        if (calls === 1) return new Promise<never>(() => undefined);
        await recorder.handler('a')(m);
      },
    ];
    const [first, second] = [message('919000001070', 'first'), message('919000001070', 'second')];
    await inbox.accept([first, second], PATH, SIGNED);
    inbox.kick([first.citizenKey]);
    await until(() => calls === 1);
    inbox.pause();
    await until(async () => (await inbox.state(first.id)) === 'received');
    await sleep(100);
    expect(calls).toBe(1); // nothing starts while the flows are stopped
    inbox.resume();
    await until(() => recorder.runs.length === 2);
    expect(recorder.textsOf(first.citizenKey)).toEqual(['first', 'second']);
  });

  it('takes over a message a dead host left processing once its turn has expired', async () => {
    const m = message('919000001040', 'orphan');
    await inbox.accept([m], PATH, SIGNED);
    // What a host killed mid-flow leaves behind: the message processing, the turn held until its lease ran out.
    await store.collection(INBOX_COLLECTION).updateOne({ _id: m.id }, { $set: { state: 'processing', owner: 'dead-host', attempts: 1 } });
    await store.collection(TURNS_COLLECTION).insertOne({ _id: m.citizenKey, owner: 'dead-host', until: new Date(Date.now() + 300) });
    await store.collection(INBOX_COLLECTION).updateOne({ _id: m.id }, { $set: { receivedAt: new Date(Date.now() - 10_000) } });
    inbox.kick([m.citizenKey]); // the live holder blocks it now
    await sleep(100);
    expect(recorder.runs).toHaveLength(0);
    await until(async () => (await inbox.state(m.id)) === 'done');
    expect(recorder.textsOf(m.citizenKey)).toEqual(['orphan']);
  });

  it('runs a message stored on any host, after a host restart, from the start-up sweep', async () => {
    const m = message('919000001050', 'left-over');
    await inbox.accept([m], PATH, SIGNED);
    // Not kicked: as if the host died right after the 200.
    await store.collection(INBOX_COLLECTION).updateOne({ _id: m.id }, { $set: { receivedAt: new Date(Date.now() - 10_000) } });
    await until(async () => (await inbox.state(m.id)) === 'done');
  });
});

describeWith('MONGODB')('Inbox on two hosts sharing one store', () => {
  const dbName = `jansetu_inbox_${randomBytes(4).toString('hex')}`;
  let storeA: DocumentStore;
  let storeB: DocumentStore;
  let a: Inbox;
  let b: Inbox;
  const recorder = new Recorder();

  beforeAll(async () => {
    storeA = await createStore({ engine: 'mongo', uri: serviceUrl('MONGODB')!, dbName, sweepIntervalMs: 0 });
    storeB = await createStore({ engine: 'mongo', uri: serviceUrl('MONGODB')!, dbName, sweepIntervalMs: 0 });
    // FerretDB on SQLite serializes writes and answers findAndModify in tens of ms under load:
    // a lease shorter than a few of those would expire under a live holder.
    a = new Inbox(storeA, log, { ...FAST, leaseMs: 5000 });
    b = new Inbox(storeB, log, { ...FAST, leaseMs: 5000 });
    await a.init();
    await b.init();
    a.setRouter(() => [recorder.handler('a')]);
    b.setRouter(() => [recorder.handler('b')]);
    a.start();
    b.start();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
    await storeA.close();
    await storeB.close();
  });

  it('never runs one citizen on both at once, keeps arrival order, and loses nothing', async () => {
    const citizens = ['919000002001', '919000002002', '919000002003', '919000002004'];
    const onlyB = '919000002005';
    // Meta spreads one citizen's webhooks over both hosts behind the load balancer.
    for (let i = 0; i < 6; i++) {
      for (const [host, parity] of [[a, 0], [b, 1]] as const) {
        const batch = citizens.filter((_, j) => (i + j) % 2 === parity).map((c) => message(c, `m${i}`));
        const { accepted } = await host.accept(batch, PATH, SIGNED);
        host.kick(accepted.map((m) => m.citizenKey));
      }
      // A citizen whose webhooks all reach host b: whichever host wins the shared citizens' turns,
      // both hosts run messages in this test (host a may otherwise hold every shared turn).
      const { accepted } = await b.accept([message(onlyB, `m${i}`)], PATH, SIGNED);
      b.kick(accepted.map((m) => m.citizenKey));
    }
    await until(() => recorder.runs.length === 30, 30_000);
    for (const c of [...citizens, onlyB]) expect(recorder.textsOf(`${fx.PHONE_NUMBER_ID}/${c}`)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    expect(recorder.overlaps()).toBe(0);
    expect(new Set(recorder.runs.map((r) => r.host)).size).toBe(2);
  }, 40_000);
});
