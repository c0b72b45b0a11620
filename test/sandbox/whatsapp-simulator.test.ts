/**
 * The WhatsApp Cloud API simulator, seen from a client: Graph answers and
 * error codes, asynchronous statuses, signed webhooks and their redelivery.
 */
import { bsuidFor } from '../../platform/sandbox/whatsapp/ids';
import { encodeWebhookBody, signBody, verifySignature } from '../../platform/whatsapp/signature';
import type { WebhookStatus } from '../../platform/whatsapp/types';
import {
  APP_SECRET,
  NUMBER,
  applicationStatusTemplate,
  auth,
  citizenSays,
  graphPost,
  sendText,
  startSandbox,
  type Sandbox,
} from './whatsapp-harness';

const CITIZEN = '919876543210';
const DAY_MS = 24 * 60 * 60 * 1000;

describe('Graph API errors', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox();
  });
  afterAll(() => sandbox.close());

  it('refuses calls without the bearer token or with a wrong one (190, HTTP 401)', async () => {
    const refused: Array<Record<string, string>> = [{}, { Authorization: 'Bearer wrong-token' }, { Authorization: 'Basic abc' }];
    for (const headers of refused) {
      const { status, json } = await graphPost(sandbox, `/${NUMBER.phoneNumberId}/messages`, {}, headers);
      expect(status).toBe(401);
      expect(json.error).toMatchObject({ code: 190, type: 'OAuthException', message: expect.stringMatching(/^\(#190\) /) });
      expect(json.error?.fbtrace_id).toEqual(expect.any(String));
    }
  });

  it('accepts any v<N>.0 version and refuses unknown paths with 100', async () => {
    const res = await fetch(`${sandbox.graphBase}/v26.0/${NUMBER.phoneNumberId}/messages`, {
      method: 'POST',
      headers: { ...auth, 'Content-Type': 'application/json' },
      body: JSON.stringify({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.unknown' }),
    });
    expect((await res.json()) as unknown).toMatchObject({ error: { code: 100 } }); // unknown message id, but routed
    const unknown = await fetch(`${sandbox.graphBase}/v23/${NUMBER.phoneNumberId}/messages`, { method: 'POST', headers: auth });
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as { error: { code: number } }).error.code).toBe(100);
  });

  it('refuses an unknown phone number id with 100', async () => {
    const { status, json } = await graphPost(sandbox, '/999999999999/messages', { messaging_product: 'whatsapp', to: CITIZEN, type: 'text', text: { body: 'x' } });
    expect(status).toBe(400);
    expect(json.error?.code).toBe(100);
    expect(json.error?.error_data?.details).toContain("Object with ID '999999999999' does not exist");
  });

  it('refuses a body that is not JSON with 100', async () => {
    const res = await fetch(`${sandbox.graph}/${NUMBER.phoneNumberId}/messages`, { method: 'POST', headers: { ...auth, 'Content-Type': 'application/json' }, body: '{"to": ' });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(100);
  });

  it('refuses a reply button title over 20 characters with 100 naming the field', async () => {
    const { status, json } = await graphPost(sandbox, `/${NUMBER.phoneNumberId}/messages`, {
      messaging_product: 'whatsapp',
      to: CITIZEN,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Which certificate?' },
        action: { buttons: [{ type: 'reply', reply: { id: 'income', title: 'Income certificate (new application)' } }] },
      },
    });
    expect(status).toBe(400);
    expect(json.error?.code).toBe(100);
    expect(json.error?.error_data?.details).toContain('interactive.action.buttons[0].reply.title');
  });

  it('refuses an unknown template or language with 132001 (HTTP 404)', async () => {
    const unknownName = { ...applicationStatusTemplate(CITIZEN), template: { name: 'no_such_template', language: { code: 'en_US' } } };
    const wrongLanguage = { ...applicationStatusTemplate(CITIZEN), template: { ...applicationStatusTemplate(CITIZEN).template, language: { code: 'hi' } } };
    for (const body of [unknownName, wrongLanguage]) {
      const { status, json } = await graphPost(sandbox, `/${NUMBER.phoneNumberId}/messages`, body);
      expect(status).toBe(404);
      expect(json.error?.code).toBe(132001);
    }
  });

  it('refuses a template send whose parameters do not match its placeholders with 132000', async () => {
    const { status, json } = await graphPost(sandbox, `/${NUMBER.phoneNumberId}/messages`, applicationStatusTemplate(CITIZEN, ['Lakshmi', 'APP-1']));
    expect(status).toBe(400);
    expect(json.error?.code).toBe(132000);
    expect(json.error?.error_data?.details).toBe('body: number of localizable_params (2) does not match the expected number of params (4)');

    const certificate = {
      messaging_product: 'whatsapp',
      to: CITIZEN,
      type: 'template',
      template: { name: 'certificate_ready', language: { code: 'te' }, components: [{ type: 'body', parameters: ['a', 'b', 'c'].map((text) => ({ type: 'text', text })) }] },
    };
    const noHeader = await graphPost(sandbox, `/${NUMBER.phoneNumberId}/messages`, certificate);
    expect(noHeader.json.error?.code).toBe(132000);
    expect(noHeader.json.error?.error_data?.details).toMatch(/^header: /);
  });

  it('checks header, body and URL-button parameters of a template, and media header formats (132012)', async () => {
    const text = (...values: string[]) => values.map((value) => ({ type: 'text', text: value }));
    const billDue = (components: unknown[]) => ({
      messaging_product: 'whatsapp',
      to: CITIZEN,
      type: 'template',
      template: { name: 'bill_due', language: { code: 'te' }, components },
    });
    const header = { type: 'header', parameters: text('విద్యుత్') };
    const body = { type: 'body', parameters: text('Ravi', '1,240', 'SC-5501', '15-07-2026') };
    const button = { type: 'button', sub_type: 'url', index: '0', parameters: text('SC-5501') };
    const post = (b: unknown) => graphPost(sandbox, `/${NUMBER.phoneNumberId}/messages`, b);

    expect((await post(billDue([header, body, button]))).status).toBe(200);
    const noButton = await post(billDue([header, body]));
    expect([noButton.json.error?.code, noButton.json.error?.error_data?.details]).toEqual([132000, expect.stringMatching(/^button 0: /)]);
    const extraButton = await post(billDue([header, body, button, { ...button, index: '1' }]));
    expect([extraButton.json.error?.code, extraButton.json.error?.error_data?.details]).toEqual([132000, expect.stringMatching(/^button 1: /)]);

    const scheme = await post({
      messaging_product: 'whatsapp',
      to: CITIZEN,
      type: 'template',
      template: {
        name: 'scheme_announcement',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'document', document: { link: 'https://example.gov.in/a.pdf' } }] },
          { type: 'body', parameters: text('Rythu Bandhu', '31 July') },
        ],
      },
    });
    expect([scheme.json.error?.code, scheme.json.error?.error_data?.details]).toEqual([132012, 'header: Format mismatch, expected IMAGE, received DOCUMENT']);
  });
});

describe('sending limits', () => {
  it('answers 130429 once the number exceeds its throughput', async () => {
    const sandbox = await startSandbox({ throughputPerSecond: 3, pairLimit: false });
    try {
      const results = await Promise.all(Array.from({ length: 5 }, (_, i) => sendText(sandbox, `91987654${String(i).padStart(4, '0')}`)));
      const codes = results.map((r) => r.json.error?.code ?? r.status);
      expect(codes.filter((c) => c === 200)).toHaveLength(3);
      expect(codes.filter((c) => c === 130429)).toHaveLength(2);
    } finally {
      await sandbox.close();
    }
  });

  it('answers 131056 once one citizen got a burst, while other citizens still get messages', async () => {
    const sandbox = await startSandbox({ pairLimit: { burst: 3, intervalMs: 60_000 } });
    try {
      for (let i = 0; i < 3; i++) expect((await sendText(sandbox, CITIZEN)).status).toBe(200);
      const limited = await sendText(sandbox, CITIZEN);
      expect(limited.status).toBe(400);
      expect(limited.json.error?.code).toBe(131056);
      expect((await sendText(sandbox, '919876500000')).status).toBe(200);
    } finally {
      await sandbox.close();
    }
  });
});

describe('statuses and webhooks', () => {
  let sandbox: Sandbox;
  beforeEach(async () => {
    sandbox = await startSandbox({ notOnWhatsApp: ['919000000404'] });
  });
  afterEach(() => sandbox.close());

  it('accepts a send to a number not on WhatsApp, then reports it failed with 131026', async () => {
    await citizenSays(sandbox, { from: '919000000404', type: 'text', text: 'hi' }); // window open: only 131026 applies
    const { status, json } = await sendText(sandbox, '+919000000404');
    expect(status).toBe(200);
    expect(json.contacts).toEqual([{ input: '+919000000404', wa_id: '919000000404' }]);
    const id = json.messages![0].id;
    await sandbox.receiver.waitFor((r) => r.statusesOf(id).length > 0);
    await sandbox.simulator.idle();
    const statuses = sandbox.receiver.statusesOf(id);
    expect(statuses).toHaveLength(1);
    expect(statuses[0]).toMatchObject({ status: 'failed', recipient_id: '919000000404', errors: [{ code: 131026, title: 'Message undeliverable' }] });
    expect(statuses[0].pricing).toBeUndefined();
  });

  it('fails free-form messages outside the 24 h window (131047) but delivers templates', async () => {
    const text = await sendText(sandbox, CITIZEN);
    expect(text.status).toBe(200); // accepted: the window is checked asynchronously, as Meta does
    const template = await graphPost(sandbox, `/${NUMBER.phoneNumberId}/messages`, applicationStatusTemplate(CITIZEN));
    expect(template.json.messages).toEqual([{ id: expect.stringMatching(/^wamid\./), message_status: 'accepted' }]);
    const textId = text.json.messages![0].id;
    const templateId = template.json.messages![0].id;
    await sandbox.receiver.waitFor((r) => r.statusesOf(textId).length === 1 && r.statusesOf(templateId).length === 2);

    expect(sandbox.receiver.statusesOf(textId)).toEqual([
      expect.objectContaining({ status: 'failed', errors: [expect.objectContaining({ code: 131047, href: '/docs/whatsapp/cloud-api/support/error-codes/' })] }),
    ]);
    const billed = { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' };
    expect(sandbox.receiver.statusesOf(templateId)).toEqual([
      expect.objectContaining({ status: 'sent', pricing: billed }),
      expect.objectContaining({ status: 'delivered', pricing: billed }),
    ]);
  });

  it('closes the window 24 h after the citizen last wrote', async () => {
    await citizenSays(sandbox, { from: CITIZEN, type: 'text', text: 'Status of my application?' });
    sandbox.clock.advance(DAY_MS - 60_000);
    const inside = (await sendText(sandbox, CITIZEN)).json.messages![0].id;
    sandbox.clock.advance(2 * 60_000);
    const outside = (await sendText(sandbox, CITIZEN)).json.messages![0].id;
    await sandbox.simulator.idle();
    expect(sandbox.receiver.statusesOf(inside).map((s) => s.status)).toEqual(['sent', 'delivered']);
    expect(sandbox.receiver.statusesOf(outside)).toEqual([expect.objectContaining({ status: 'failed', errors: [expect.objectContaining({ code: 131047 })] })]);
  });

  it('reports sent then delivered, signed over the exact bytes, then read when the citizen reads', async () => {
    await citizenSays(sandbox, { from: CITIZEN, name: 'Lakshmi', type: 'text', text: 'hello' });
    const { json } = await sendText(sandbox, CITIZEN, 'మీ దరఖాస్తు ఆమోదించబడింది ✅', { biz_opaque_callback_data: 'case-42' });
    const id = json.messages![0].id;
    await sandbox.receiver.waitFor((r) => r.statusesOf(id).length === 2);

    const deliveries = sandbox.receiver.received.filter((w) => w.json.entry[0].changes[0].value.statuses?.[0]?.id === id);
    for (const delivery of deliveries) {
      expect(delivery.signature).toBe(signBody(APP_SECRET, delivery.raw));
      expect(verifySignature(APP_SECRET, Buffer.from(delivery.raw), delivery.signature)).toBe(true);
      expect(delivery.raw).toBe(encodeWebhookBody(delivery.json));
    }
    const free = { billable: false, pricing_model: 'PMP', type: 'free_customer_service', category: 'service' };
    const sent = deliveries[0].json;
    expect(sent).toEqual({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: NUMBER.businessAccountId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: NUMBER.displayPhoneNumber, phone_number_id: NUMBER.phoneNumberId },
                statuses: [{ id, status: 'sent', timestamp: expect.stringMatching(/^\d{10}$/), recipient_id: CITIZEN, recipient_user_id: bsuidFor(NUMBER.businessAccountId, CITIZEN), biz_opaque_callback_data: 'case-42', pricing: free }],
              },
            },
          ],
        },
      ],
    });
    expect(deliveries[1].json.entry[0].changes[0].value.statuses).toEqual([expect.objectContaining({ status: 'delivered', pricing: free, biz_opaque_callback_data: 'case-42' })]);

    const read = await fetch(`${sandbox.api}/conversations/${CITIZEN}/read`, { method: 'POST' });
    expect((await read.json()) as unknown).toEqual({ read: [id] });
    await sandbox.receiver.waitFor((r) => r.statusesOf(id).length === 3);
    const readStatus = sandbox.receiver.statusesOf(id)[2];
    expect(readStatus).toMatchObject({ status: 'read', recipient_id: CITIZEN, biz_opaque_callback_data: 'case-42' });
    expect(readStatus.pricing).toBeUndefined(); // pricing goes with sent and the first of delivered/read only
    expect(sandbox.simulator.conversation(CITIZEN)?.messages.map((m) => [m.direction, m.status])).toEqual([
      ['in', null],
      ['out', 'read'],
    ]);
  });

  it('skips delivered when the citizen reads before delivery, carrying pricing on read', async () => {
    const slow = await startSandbox({ deliveryDelayMs: 60_000 });
    try {
      await citizenSays(slow, { from: CITIZEN, type: 'text', text: 'hello' });
      const id = (await sendText(slow, CITIZEN)).json.messages![0].id;
      await slow.receiver.waitFor((r) => r.statusesOf(id).length === 1);
      await fetch(`${slow.api}/conversations/${CITIZEN}/read`, { method: 'POST' });
      await slow.simulator.idle();
      expect(slow.receiver.statusesOf(id).map((s: WebhookStatus) => [s.status, Boolean(s.pricing)])).toEqual([
        ['sent', true],
        ['read', true],
      ]);
    } finally {
      await slow.close();
    }
  });

  it('delivers a citizen message as a signed webhook with the exact envelope, non-ASCII escaped', async () => {
    const { status, json } = await citizenSays(sandbox, { from: CITIZEN, name: 'లక్ష్మి', type: 'text', text: 'నా సర్టిఫికెట్ ఎక్కడ?' });
    expect(status).toBe(200);
    await sandbox.receiver.waitFor((r) => r.received.length === 1);
    const [webhook] = sandbox.receiver.received;
    expect(webhook.signature).toBe(signBody(APP_SECRET, webhook.raw));
    expect(webhook.raw).not.toMatch(/[^\x00-\x7f]/);
    expect(webhook.raw).toContain('\\u0c32'); // ల
    expect(webhook.json).toEqual({
      object: 'whatsapp_business_account',
      entry: [
        {
          id: NUMBER.businessAccountId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: NUMBER.displayPhoneNumber, phone_number_id: NUMBER.phoneNumberId },
                contacts: [{ profile: { name: 'లక్ష్మి' }, wa_id: CITIZEN, user_id: bsuidFor(NUMBER.businessAccountId, CITIZEN) }],
                messages: [{ from: CITIZEN, from_user_id: bsuidFor(NUMBER.businessAccountId, CITIZEN), id: json.id, timestamp: expect.stringMatching(/^\d{10}$/), type: 'text', text: { body: 'నా సర్టిఫికెట్ ఎక్కడ?' } }],
              },
            },
          ],
        },
      ],
    });
  });

  it('plays a citizen who hides the number behind a username: BSUID only in webhooks, replies by recipient', async () => {
    const bsuid = bsuidFor(NUMBER.businessAccountId, CITIZEN);
    await citizenSays(sandbox, { from: CITIZEN, name: 'Lakshmi', username: 'lakshmi.k', type: 'text', text: 'hi' });
    await sandbox.receiver.waitFor((r) => r.received.length === 1);
    const value = (sandbox.receiver.received[0]!.json as { entry: Array<{ changes: Array<{ value: { contacts: unknown[]; messages: Array<Record<string, unknown>> } }> }> }).entry[0]!.changes[0]!.value;
    expect(value.contacts).toEqual([{ profile: { name: 'Lakshmi', username: 'lakshmi.k' }, user_id: bsuid }]);
    expect(value.messages[0]).not.toHaveProperty('from');
    expect(value.messages[0]!.from_user_id).toBe(bsuid);

    const sent = await graphPost(sandbox, `/${NUMBER.phoneNumberId}/messages`, { messaging_product: 'whatsapp', recipient: bsuid, type: 'text', text: { body: 'Hello' } });
    expect(sent.status).toBe(200);
    expect(sent.json.contacts).toEqual([{ input: bsuid, user_id: bsuid }]);
    const id = sent.json.messages![0]!.id;
    await sandbox.receiver.waitFor((r) => r.statusesOf(id).length >= 1);
    const status = sandbox.receiver.statusesOf(id)[0]!;
    expect(status).not.toHaveProperty('recipient_id');
    expect(status.recipient_user_id).toBe(bsuid);
    const unknown = await graphPost(sandbox, `/${NUMBER.phoneNumberId}/messages`, { messaging_product: 'whatsapp', recipient: 'IN.9999999999999999', type: 'text', text: { body: 'Hello' } });
    expect(unknown.json.error).toMatchObject({ code: 100 });
  });

  it('redelivers after a 500 until a 2xx, then never again', async () => {
    sandbox.receiver.respondWith(500, 503);
    const { json } = await citizenSays(sandbox, { from: CITIZEN, type: 'text', text: 'retry me' });
    await sandbox.simulator.idle();
    await new Promise((resolve) => setTimeout(resolve, 150)); // longer than the retry delays: nothing more may come
    const copies = sandbox.receiver.received.filter((w) => w.json.entry[0].changes[0].value.messages?.[0]?.id === json.id);
    expect(copies).toHaveLength(3);
    expect(new Set(copies.map((c) => c.raw)).size).toBe(1);
    expect(new Set(copies.map((c) => c.signature)).size).toBe(1);
    expect(sandbox.simulator.webhookStats()).toEqual({ delivered: 1, retried: 2, failed: 0, pending: 0 });
  });

  it('gives up after the configured attempts and counts the failure', async () => {
    sandbox.receiver.respondWith(500, 500, 500, 500);
    await citizenSays(sandbox, { from: CITIZEN, type: 'text', text: 'lost' });
    await sandbox.simulator.idle();
    expect(sandbox.receiver.received).toHaveLength(4);
    expect(sandbox.simulator.webhookStats()).toEqual({ delivered: 0, retried: 3, failed: 1, pending: 0 });
  });

  it('keeps one citizen’s notifications in order while an earlier one is being retried', async () => {
    sandbox.receiver.respondWith(500);
    const first = (await citizenSays(sandbox, { from: CITIZEN, type: 'text', text: 'first' })).json.id;
    const second = (await citizenSays(sandbox, { from: CITIZEN, type: 'text', text: 'second' })).json.id;
    await sandbox.simulator.idle();
    const order = sandbox.receiver.received.map((w) => w.json.entry[0].changes[0].value.messages?.[0]?.id);
    expect(order).toEqual([first, first, second]);
  });

  it('marks citizen messages read for the business (and shows typing), within the window only', async () => {
    const a = (await citizenSays(sandbox, { from: CITIZEN, type: 'text', text: 'one' })).json.id!;
    const b = (await citizenSays(sandbox, { from: CITIZEN, type: 'text', text: 'two' })).json.id!;
    const markRead = (id: string) =>
      graphPost(sandbox, `/${NUMBER.phoneNumberId}/messages`, { messaging_product: 'whatsapp', status: 'read', message_id: id, typing_indicator: { type: 'text' } });
    expect(await markRead(b)).toEqual({ status: 200, json: { success: true } });
    expect(sandbox.simulator.conversation(CITIZEN)?.messages.map((m) => [m.id, m.status])).toEqual([
      [a, 'read'],
      [b, 'read'],
    ]);
    expect((await markRead('wamid.nothing')).json.error?.code).toBe(100);
    sandbox.clock.advance(DAY_MS + 1000);
    expect((await markRead(b)).json.error?.code).toBe(131047);
  });
});
