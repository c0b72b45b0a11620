/**
 * WhatsAppChannel on a shared store: two hosts (two store connections to one
 * MongoDB-wire server) take a redelivered webhook once between them; the
 * window and statuses behave on the embedded engine too.
 */
import { randomBytes } from 'node:crypto';
import { createLogger } from '../../platform/log';
import { createStore, type DocumentStore } from '../../platform/store';
import { parseWebhook } from '../../platform/whatsapp';
import { WhatsAppChannel } from '../../platform/whatsapp/channel';
import { Inbox, type InboxRouter } from '../../platform/whatsapp/inbox';
import { PacedSender } from '../../platform/whatsapp/sender';
import type { InboundMessage } from '../../platform/whatsapp/types';
import { appFingerprint, WebhookHub } from '../../platform/whatsapp/webhook-hub';
import { describeWith, serviceUrl, tempDir } from '../support/services';
import * as fx from './fixtures';

const log = createLogger('silent');
const now = () => new Date();
const PATH = '/whatsapp/webhook';
const SIGNED = ['test-app'];

function channelOn(store: DocumentStore): WhatsAppChannel {
  return new WhatsAppChannel(store, log, new Inbox(store, log), new PacedSender(null, log));
}

describeWith('MONGODB')('two hosts on one MongoDB', () => {
  const dbName = `jansetu_channel_${randomBytes(4).toString('hex')}`;
  let a: DocumentStore;
  let b: DocumentStore;

  beforeAll(async () => {
    a = await createStore({ engine: 'mongo', uri: serviceUrl('MONGODB')!, dbName, sweepIntervalMs: 0 });
    b = await createStore({ engine: 'mongo', uri: serviceUrl('MONGODB')!, dbName, sweepIntervalMs: 0 });
  });
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('run each message once, whichever host Meta redelivers it to', async () => {
    const hostA = channelOn(a);
    const hostB = channelOn(b);
    await hostA.init();
    await hostB.init();
    const events = parseWebhook(fx.messageNotification(fx.textMessage('hi', { id: fx.wamid(), from: '919000000601' })));
    const [ra, rb] = await Promise.all([hostA.receive(events, PATH, SIGNED), hostB.receive(events, PATH, SIGNED)]);
    expect(ra.messages.length + rb.messages.length).toBe(1);
    expect(ra.duplicates + rb.duplicates).toBe(1);
  });
});

describe('WhatsAppChannel', () => {
  let store: DocumentStore;
  let channel: WhatsAppChannel;
  beforeAll(async () => {
    store = await createStore({ engine: 'embedded', dir: tempDir(), sweepIntervalMs: 0 });
    channel = channelOn(store);
    await channel.init();
  });
  afterAll(() => store.close());

  it("opens the 24-hour window from the message's own time, and never moves it back", async () => {
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    const older = Math.floor(Date.now() / 1000) - 30 * 3600;
    await channel.receive(parseWebhook(fx.messageNotification(fx.textMessage('late', { id: fx.wamid(), from: '919000000602', timestamp: String(hourAgo) }))), PATH, SIGNED);
    // A redelivered older message arrives after the newer one.
    await channel.receive(parseWebhook(fx.messageNotification(fx.textMessage('early', { id: fx.wamid(), from: '919000000602', timestamp: String(older) }))), PATH, SIGNED);
    expect(await channel.windowOpen(fx.PHONE_NUMBER_ID, { to: '919000000602' }, now())).toBe(true);
    expect(await channel.windowOpen(fx.PHONE_NUMBER_ID, { to: '919000000602' }, new Date(Date.now() + 24 * 3600_000))).toBe(false);
    expect(await channel.windowOpen(fx.PHONE_NUMBER_ID, { to: '919000000699' }, now())).toBe(false);
  });

  it('keeps the furthest status of a message and drops repeated statuses', async () => {
    const id = 'wamid.channel-status-1';
    const read = parseWebhook(fx.statusNotification(fx.readStatus({ id })));
    const delivered = parseWebhook(fx.statusNotification(fx.deliveredStatus({ id })));
    expect((await channel.receive(read, PATH, SIGNED)).statuses).toHaveLength(1);
    // Meta does not order webhooks: delivered may come after read.
    expect((await channel.receive(delivered, PATH, SIGNED)).statuses).toHaveLength(1);
    expect((await channel.receive(delivered, PATH, SIGNED)).duplicates).toBe(1);
    expect(await channel.outboundStatus(id)).toMatchObject({ status: 'read', statuses: ['read', 'delivered'] });
  });
});

describe('WebhookHub hands messages only to live listeners', () => {
  /** The inbox whose router the hub installs, kept where the test can call it. */
  class RouterCapture extends Inbox {
    route: InboxRouter = () => [];
    override setRouter(router: InboxRouter): void {
      this.route = router;
      super.setRouter(router);
    }
  }

  it('a handler taken before a deploy stopped its node says interrupted and never reaches the stopped node', async () => {
    const store = await createStore({ engine: 'embedded', dir: tempDir(), sweepIntervalMs: 0 });
    try {
      const inbox = new RouterCapture(store, log);
      const channel = new WhatsAppChannel(store, log, inbox, new PacedSender(null, log));
      await channel.init();
      const hub = new WebhookHub(channel, inbox, log);
      const account = { phoneNumberId: fx.PHONE_NUMBER_ID, businessAccountId: fx.WABA_ID, graphBaseUrl: 'http://127.0.0.1:9', graphVersion: 'v23.0', accessToken: 't', appSecret: 'hub-secret', verifyToken: 'v' };
      const seen: string[] = [];
      const stop = hub.listen(PATH, { account: () => account, onMessage: async (m) => void seen.push(m.id), onStatus: () => undefined });
      const [message] = parseWebhook(fx.messageNotification(fx.textMessage('hi', { id: fx.wamid() }))) as InboundMessage[];
      // The inbox takes the handlers, then (while it claims the message) a deploy stops the node.
      const handlers = inbox.route({ phoneNumberId: fx.PHONE_NUMBER_ID, path: PATH, signedBy: [appFingerprint('hub-secret')] });
      expect(handlers).toHaveLength(1);
      stop();
      await expect(handlers[0]!(message!)).resolves.toBe('interrupted');
      expect(seen).toEqual([]);
      // The node that replaced it gets the message.
      hub.listen(PATH, { account: () => account, onMessage: async (m) => void seen.push(m.id), onStatus: () => undefined });
      const [fresh] = inbox.route({ phoneNumberId: fx.PHONE_NUMBER_ID, path: PATH, signedBy: [appFingerprint('hub-secret')] });
      await fresh!(message!);
      expect(seen).toEqual([message!.id]);
      await inbox.close();
    } finally {
      await store.close();
    }
  });
});
