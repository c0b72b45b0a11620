/**
 * whatsapp-account, whatsapp-in and whatsapp-out through node-red-node-test-helper,
 * with the platform's webhook hub on a local HTTP server and a fake Graph API.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import helper from 'node-red-node-test-helper';
import whatsappAccountNode from '../../nodes/whatsapp-account/whatsapp-account';
import whatsappInNode from '../../nodes/whatsapp-in/whatsapp-in';
import whatsappOutNode from '../../nodes/whatsapp-out/whatsapp-out';
import { signBody } from '../../platform/whatsapp';
import { DEFAULT_SENDER_OPTIONS } from '../../platform/whatsapp/sender';
import type { WhatsAppChannel } from '../../platform/whatsapp/channel';
import type { WebhookHub } from '../../platform/whatsapp/webhook-hub';
import { openTestServices, type TestServices } from '../support/registry';
import { FakeGraph } from '../whatsapp/fake-graph';
import * as fx from '../whatsapp/fixtures';

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;
const APP_SECRET = 'node-test-app-secret';

describe('whatsapp nodes', () => {
  let platform: TestServices;
  let channel: WhatsAppChannel;
  let hub: WebhookHub;
  let graph: FakeGraph;
  let server: http.Server;
  let base: string;

  beforeAll(async () => {
    graph = await new FakeGraph().start();
    platform = await openTestServices({
      env: {
        WHATSAPP_PHONE_NUMBER_ID: fx.PHONE_NUMBER_ID,
        WHATSAPP_BUSINESS_ACCOUNT_ID: fx.WABA_ID,
        WHATSAPP_DISPLAY_PHONE_NUMBER: fx.DISPLAY_PHONE_NUMBER,
        WHATSAPP_GRAPH_URL: graph.origin,
        WHATSAPP_ACCESS_TOKEN: 'node-test-token',
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: 'node-test-verify',
      },
    });
    ({ channel, hub } = platform.services.whatsapp);
    helper.settings({ jansetu: platform.services });
    const app = express();
    app.use('/api', hub.router);
    server = http.createServer(app).listen(0, '127.0.0.1');
    await new Promise((r) => server.once('listening', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  });
  afterAll(async () => {
    await platform.close();
    await graph.stop();
    server.close();
  });
  beforeEach(async () => {
    graph.requests.length = 0;
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
    await helper.stopServer();
  });

  const inFlow = [
    { id: 'acc', type: 'whatsapp-account', name: 'test number' },
    { id: 'in', type: 'whatsapp-in', account: 'acc', path: '/whatsapp/webhook', wires: [['messages'], ['statuses']] },
    { id: 'messages', type: 'helper' },
    { id: 'statuses', type: 'helper' },
  ];

  async function load(flow: unknown[]): Promise<void> {
    await new Promise<void>((resolve, reject) => helper.load([whatsappAccountNode, whatsappInNode, whatsappOutNode], flow, {}, (err: Error) => (err ? reject(err) : resolve())));
  }

  function post(payload: unknown, options: { secret?: string; signature?: string | null; raw?: string } = {}): Promise<Response> {
    const body = options.raw ?? JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const signature = options.signature === undefined ? signBody(options.secret ?? APP_SECRET, body) : options.signature;
    if (signature) headers['x-hub-signature-256'] = signature;
    return fetch(`${base}/whatsapp/webhook`, { method: 'POST', headers, body });
  }

  function collect(nodeId: string): Msg[] {
    const got: Msg[] = [];
    helper.getNode(nodeId).on('input', (m: Msg) => got.push(m));
    return got;
  }

  const settle = () => new Promise((r) => setTimeout(r, 100));

  it('answers the verification handshake with the challenge, and refuses a wrong token', async () => {
    await load(inFlow);
    const ok = await fetch(`${base}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=node-test-verify&hub.challenge=1158201444`);
    expect(ok.status).toBe(200);
    expect(await ok.text()).toBe('1158201444');
    const bad = await fetch(`${base}/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1`);
    expect(bad.status).toBe(403);
  });

  it('emits one msg per new message with citizen, message and payload', async () => {
    await load(inFlow);
    const messages = collect('messages');
    const id = fx.wamid();
    const res = await post(fx.messageNotification(fx.buttonReplyMessage('lang_te', 'తెలుగు', { id, from: '919000000201' }), 'Lakshmi'));
    expect(res.status).toBe(200);
    await settle();
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({
      payload: 'lang_te',
      citizen: { wa_id: '919000000201', profile_name: 'Lakshmi' },
      message: { id, type: 'interactive', reply: { kind: 'button_reply', id: 'lang_te', title: 'తెలుగు' } },
      whatsapp: { phoneNumberId: fx.PHONE_NUMBER_ID },
    });
  });

  it('runs the flow once for a replayed webhook', async () => {
    await load(inFlow);
    const messages = collect('messages');
    const payload = fx.messageNotification(fx.textMessage('hello', { id: fx.wamid(), from: '919000000202' }));
    expect((await post(payload)).status).toBe(200);
    const again = await post(payload);
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ received: 0, duplicates: 1 });
    await settle();
    expect(messages).toHaveLength(1);
  });

  it('refuses a forged or unsigned webhook with 401 and runs nothing', async () => {
    await load(inFlow);
    const messages = collect('messages');
    const payload = fx.messageNotification(fx.textMessage('forged', { id: fx.wamid(), from: '919000000203' }));
    expect((await post(payload, { secret: 'not-the-app-secret' })).status).toBe(401);
    expect((await post(payload, { signature: null })).status).toBe(401);
    await settle();
    expect(messages).toHaveLength(0);
  });

  it('answers malformed JSON with 400 and an over-size body with 413', async () => {
    await load(inFlow);
    const bad = await post(null, { raw: '{"object":' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/not valid JSON/);
    const huge = await post(null, { raw: JSON.stringify({ object: 'whatsapp_business_account', pad: 'x'.repeat(1_100_000) }) });
    expect(huge.status).toBe(413);
  });

  it('passes unknown message types on as unsupported', async () => {
    await load(inFlow);
    const messages = collect('messages');
    const weird = { ...fx.textMessage('x', { id: fx.wamid(), from: '919000000204' }), type: 'hologram', hologram: {} } as unknown as Parameters<typeof fx.messageNotification>[0];
    delete (weird as unknown as Record<string, unknown>).text;
    expect((await post(fx.messageNotification(weird))).status).toBe(200);
    await settle();
    expect(messages[0]?.message.type).toBe('unsupported');
  });

  it('sends statuses to the second output', async () => {
    await load(inFlow);
    const statuses = collect('statuses');
    const id = `wamid.status-test-${Date.now()}`;
    await post(fx.statusNotification(fx.deliveredStatus({ id, recipient_id: '919000000205' })));
    await settle();
    expect(statuses).toEqual([expect.objectContaining({ payload: 'delivered', status: expect.objectContaining({ id, status: 'delivered' }) })]);
    expect(await channel.outboundStatus(id)).toMatchObject({ status: 'delivered' });
  });

  describe('whatsapp-out', () => {
    const outFlow = [
      { id: 'acc', type: 'whatsapp-account', name: 'test number' },
      { id: 'out', type: 'whatsapp-out', account: 'acc', to: 'citizen.wa_id', messageType: 'auto', content: 'payload', contentType: 'msg', wires: [['sent']] },
      { id: 'sent', type: 'helper' },
      { id: 'catcher', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', type: 'helper' },
    ];
    const accepted = { status: 200, json: { messaging_product: 'whatsapp', contacts: [{ input: '919000000301', wa_id: '919000000301' }], messages: [{ id: 'wamid.sent-1' }] } };

    async function citizenWrote(waId: string): Promise<void> {
      await post(fx.messageNotification(fx.textMessage('hi', { id: fx.wamid(), from: waId, timestamp: String(Math.floor(Date.now() / 1000)) })));
    }

    function run(msg: Msg): Promise<Msg> {
      return new Promise((resolve) => {
        helper.getNode('sent').on('input', (m: Msg) => resolve({ sent: m }));
        helper.getNode('caught').on('input', (m: Msg) => resolve({ caught: m }));
        helper.getNode('out').receive(msg);
      });
    }

    it('sends reply buttons composed from the short form and records the message', async () => {
      await load([...outFlow, ...inFlow.slice(1)]);
      await citizenWrote('919000000301');
      graph.replies(accepted);
      const r = await run({ citizen: { wa_id: '919000000301' }, payload: { body: 'Choose', buttons: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }] } });
      expect(r.sent.whatsapp.sent).toMatchObject({ id: 'wamid.sent-1', type: 'interactive' });
      const request = graph.requests.find((q) => q.url.endsWith('/messages'))!;
      expect(request.url).toBe(`/v23.0/${fx.PHONE_NUMBER_ID}/messages`);
      expect(request.headers.authorization).toBe('Bearer node-test-token');
      expect(JSON.parse(request.body.toString())).toMatchObject({
        messaging_product: 'whatsapp',
        to: '919000000301',
        type: 'interactive',
        interactive: { type: 'button', body: { text: 'Choose' }, action: { buttons: [{ type: 'reply', reply: { id: 'a', title: 'A' } }, { type: 'reply', reply: { id: 'b', title: 'B' } }] } },
      });
      expect(await channel.outboundStatus('wamid.sent-1')).toMatchObject({ status: 'accepted' });
    });

    it('refuses free-form text outside the 24-hour window before calling Graph, but sends a template', async () => {
      await load(outFlow);
      graph.replies(accepted);
      const refused = await run({ citizen: { wa_id: '919000000399' }, payload: 'Your certificate is ready' });
      expect(refused.caught.error.message).toMatch(/24-hour customer-service window/);
      expect(refused.caught.whatsapp.error.code).toBe(131047);
      expect(graph.requests).toHaveLength(0);

      const template = await run({ citizen: { wa_id: '919000000399' }, payload: { name: 'certificate_ready', language: 'te', body: ['Ravi', 'INC-2026-0042'] } });
      expect(template.sent.whatsapp.sent.type).toBe('template');
      expect(JSON.parse(graph.requests[0]!.body.toString()).template).toEqual({
        name: 'certificate_ready',
        language: { code: 'te' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ravi' }, { type: 'text', text: 'INC-2026-0042' }] }],
      });
    });

    it('refuses a message over WhatsApp limits before calling Graph', async () => {
      await load([...outFlow, ...inFlow.slice(1)]);
      await citizenWrote('919000000302');
      const r = await run({ citizen: { wa_id: '919000000302' }, payload: { body: 'Too many', buttons: ['1', '2', '3', '4'] } });
      expect(r.caught.error.message).toMatch(/button/i);
      expect(graph.requests.filter((q) => q.url.endsWith('/messages'))).toHaveLength(0);
    });

    it('retries Graph server errors and reports the final one with its code to Catch nodes', async () => {
      await load([...outFlow, ...inFlow.slice(1)]);
      await citizenWrote('919000000303');
      graph.replies({ status: 500, json: { error: { message: '(#131000) Something went wrong', type: 'OAuthException', code: 131000, fbtrace_id: 'TRACE1' } } });
      const r = await run({ citizen: { wa_id: '919000000303' }, payload: 'hello' });
      expect(graph.requests.filter((q) => q.url.endsWith('/messages')).length).toBe(DEFAULT_SENDER_OPTIONS.attempts);
      expect(r.caught.whatsapp.error).toMatchObject({ code: 131000, fbtraceId: 'TRACE1' });
    }, 20_000);

    it('answers a message run again (crash, deploy) once: the reply is reserved under message, node and content', async () => {
      await load([...outFlow, ...inFlow.slice(1)]);
      await citizenWrote('919000000305');
      graph.replies(accepted);
      const msg = { citizen: { wa_id: '919000000305' }, message: { id: 'wamid.in-run-twice' }, payload: 'Your application is registered.' };
      const sent = collect('sent');
      const caught = collect('caught');
      // Two runs at once: one sends, the other waits for that send and reports its reply.
      helper.getNode('out').receive({ ...msg });
      helper.getNode('out').receive({ ...msg });
      await new Promise((r) => setTimeout(r, 800));
      expect(graph.requests.filter((q) => q.url.endsWith('/messages'))).toHaveLength(1);
      expect(caught).toEqual([]);
      expect(sent.map((m) => m.whatsapp.sent.id)).toEqual(['wamid.sent-1', 'wamid.sent-1']);
      // A later run gets the recorded reply and sends nothing.
      const again = await run({ ...msg });
      expect(again.sent.whatsapp.sent.id).toBe('wamid.sent-1');
      expect(graph.requests.filter((q) => q.url.endsWith('/messages'))).toHaveLength(1);
    });

    it('marks the citizen message read', async () => {
      await load([{ ...outFlow[0] }, { ...outFlow[1], messageType: 'mark-read' }, ...outFlow.slice(2)]);
      graph.replies({ status: 200, json: { success: true } });
      const r = await run({ citizen: { wa_id: '919000000304' }, message: { id: 'wamid.in-1' } });
      expect(r.sent.whatsapp.markedRead).toBe('wamid.in-1');
      expect(JSON.parse(graph.requests[0]!.body.toString())).toEqual({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.in-1' });
    });
  });
});
