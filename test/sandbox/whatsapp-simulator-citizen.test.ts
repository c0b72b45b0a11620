/** The citizen API of the simulator: what the chat page, tests and benchmarks use to play a citizen. */
import { DEFAULT_TEMPLATES } from '../../platform/sandbox/whatsapp';
import { parseWebhook } from '../../platform/whatsapp/parse';
import type { WebhookMessage } from '../../platform/whatsapp/types';
import { NUMBER, OTHER_NUMBER, citizenSays, sendText, startSandbox, type Sandbox } from './whatsapp-harness';

const CITIZEN = '919876543210';

let sandbox: Sandbox;
beforeEach(async () => {
  sandbox = await startSandbox();
});
afterEach(() => sandbox.close());

function inboundMessages(): WebhookMessage[] {
  return sandbox.receiver.received.flatMap((w) => w.json.entry[0].changes[0].value.messages ?? []);
}

/** Reads Server-Sent Events until `count` events arrived. */
async function readEvents(res: Response, count: number): Promise<Array<{ event: string; data: Record<string, unknown> }>> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const events: Array<{ event: string; data: Record<string, unknown> }> = [];
  let buffer = '';
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event && data) events.push({ event, data: JSON.parse(data) as Record<string, unknown> });
    }
  }
  await reader.cancel();
  return events;
}

describe('citizen messages', () => {
  it('builds each inbound type as Meta does, with taps answering the latest business message', async () => {
    await citizenSays(sandbox, { from: CITIZEN, name: 'Ravi', type: 'text', text: 'Hi' });
    const business = (await sendText(sandbox, CITIZEN, 'Choose a service')).json.messages![0].id;
    const sent = [
      { type: 'interactive', reply: { kind: 'button_reply', id: 'income', title: 'Income' } },
      { type: 'interactive', reply: { kind: 'list_reply', id: 'r1', title: 'Caste certificate', description: 'Apply or track' } },
      { type: 'button', button: { payload: 'TRACK', text: 'Track again' } },
      { type: 'location', location: { latitude: 17.385, longitude: 78.4867, name: 'Mandal office' } },
      { type: 'image', media: { data: Buffer.from('jpeg bytes').toString('base64'), mime_type: 'image/jpeg', caption: 'Ration card' } },
      { type: 'document', media: { data: Buffer.from('%PDF').toString('base64'), mime_type: 'application/pdf', filename: 'pahani.pdf' } },
      { type: 'reaction', reaction: { emoji: '👍' } },
      { type: 'unsupported' },
      { type: 'text', text: 'About this', context_id: business },
    ];
    for (const message of sent) expect((await citizenSays(sandbox, { from: CITIZEN, ...message })).status).toBe(200);
    await sandbox.simulator.idle();

    const context = { from: NUMBER.displayPhoneNumber, id: business };
    const [, button, list, quickReply, location, image, document, reaction, unsupported, quoted] = inboundMessages();
    expect(button).toMatchObject({ type: 'interactive', context, interactive: { type: 'button_reply', button_reply: { id: 'income', title: 'Income' } } });
    expect(list).toMatchObject({ context, interactive: { type: 'list_reply', list_reply: { id: 'r1', title: 'Caste certificate', description: 'Apply or track' } } });
    expect(quickReply).toMatchObject({ type: 'button', context, button: { payload: 'TRACK', text: 'Track again' } });
    expect(location).toMatchObject({ type: 'location', location: { latitude: 17.385, longitude: 78.4867, name: 'Mandal office' } });
    expect(location.context).toBeUndefined();
    expect(image).toMatchObject({ type: 'image', image: { caption: 'Ration card', mime_type: 'image/jpeg', sha256: expect.stringMatching(/^[0-9a-f]{64}$/), id: expect.any(String) } });
    expect(document).toMatchObject({ type: 'document', document: { filename: 'pahani.pdf', mime_type: 'application/pdf' } });
    expect(reaction).toMatchObject({ type: 'reaction', reaction: { message_id: business, emoji: '👍' } });
    expect(unsupported).toMatchObject({ type: 'unsupported', errors: [{ code: 131051, title: 'Unsupported message type' }] });
    expect(quoted).toMatchObject({ type: 'text', context, text: { body: 'About this' } });

    // The platform's own webhook parser reads every notification the simulator sent.
    const parsed = sandbox.receiver.received.flatMap((w) => parseWebhook(w.json));
    expect(parsed.filter((e) => e.kind === 'message').map((e) => (e.kind === 'message' ? [e.type, e.reply?.kind ?? null] : null))).toEqual([
      ['text', null],
      ['interactive', 'button_reply'],
      ['interactive', 'list_reply'],
      ['button', 'quick_reply'],
      ['location', null],
      ['image', null],
      ['document', null],
      ['reaction', null],
      ['unsupported', null],
      ['text', null],
    ]);
    expect(parsed.filter((e) => e.kind === 'status').map((e) => (e.kind === 'status' ? e.status : null))).toEqual(['sent', 'delivered']);

    const upload = (image.image as { id: string }).id;
    const bytes = await fetch(`${sandbox.api}/media/${upload}`);
    expect(Buffer.from(await bytes.arrayBuffer()).toString()).toBe('jpeg bytes');
  });

  it('writes to another business number when asked, and refuses bad input with 400 and a reason', async () => {
    const other = await citizenSays(sandbox, { from: CITIZEN, phoneNumberId: OTHER_NUMBER.phoneNumberId, type: 'text', text: 'hi' });
    expect(other.status).toBe(200);
    await sandbox.simulator.idle();
    expect(sandbox.receiver.received[0].json.entry[0].changes[0].value.metadata.phone_number_id).toBe(OTHER_NUMBER.phoneNumberId);

    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ from: '+91 98765', type: 'text', text: 'hi' }, /^from: /],
      [{ from: CITIZEN, type: 'sticker' }, /^type: /],
      [{ from: CITIZEN, type: 'text' }, /^text: /],
      [{ from: CITIZEN, type: 'interactive', reply: { kind: 'tap', id: 'x', title: 'X' } }, /^reply\.kind: /],
      [{ from: CITIZEN, type: 'image', media: { data: Buffer.from('GIF89a').toString('base64'), mime_type: 'image/gif' } }, /image\/gif/],
      [{ from: CITIZEN, type: 'image', media: { data: 'abc' } }, /mime_type/],
      [{ from: CITIZEN, phoneNumberId: '42', type: 'text', text: 'hi' }, /phoneNumberId 42/],
      [{ from: CITIZEN, type: 'reaction', reaction: { emoji: '👍' } }, /message_id/],
    ];
    for (const [body, reason] of bad) {
      const { status, json } = await citizenSays(sandbox, body);
      expect([status, json.error]).toEqual([400, 'invalid_request']);
      expect(json.message).toMatch(reason);
    }
    const notJson = await fetch(`${sandbox.api}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' });
    expect(notJson.status).toBe(400);
  });

  it('accepts a citizen file upload and sends it by id', async () => {
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4')], { type: 'application/pdf' }), 'aadhaar-masked.pdf');
    const uploaded = (await (await fetch(`${sandbox.api}/media`, { method: 'POST', body: form })).json()) as { id: string; mime_type: string };
    expect(uploaded.mime_type).toBe('application/pdf');
    await citizenSays(sandbox, { from: CITIZEN, type: 'document', media: { id: uploaded.id, caption: 'My document' } });
    await sandbox.simulator.idle();
    expect(inboundMessages()[0]).toMatchObject({ document: { id: uploaded.id, filename: 'aadhaar-masked.pdf', caption: 'My document' } });
  });

  it('shows the conversation with both directions and statuses', async () => {
    expect((await (await fetch(`${sandbox.api}/conversations/${CITIZEN}`)).json()) as unknown).toEqual({ waId: CITIZEN, name: null, messages: [] });
    const inbound = (await citizenSays(sandbox, { from: CITIZEN, name: 'Ravi', type: 'text', text: 'Hi' })).json.id;
    const outbound = (await sendText(sandbox, CITIZEN, 'Hello Ravi')).json.messages![0].id;
    await sandbox.simulator.idle();
    const view = (await (await fetch(`${sandbox.api}/conversations/${CITIZEN}`)).json()) as { name: string; messages: Array<Record<string, unknown>> };
    expect(view.name).toBe('Ravi');
    expect(view.messages).toEqual([
      { id: inbound, direction: 'in', phoneNumberId: NUMBER.phoneNumberId, type: 'text', body: expect.objectContaining({ text: { body: 'Hi' } }), status: null, timestamp: expect.any(String) },
      {
        id: outbound,
        direction: 'out',
        phoneNumberId: NUMBER.phoneNumberId,
        type: 'text',
        body: { messaging_product: 'whatsapp', to: CITIZEN, type: 'text', text: { body: 'Hello Ravi' } },
        status: 'delivered',
        timestamp: expect.any(String),
      },
    ]);
    expect((await fetch(`${sandbox.api}/conversations/not-a-number`)).status).toBe(400);
  });

  it('lists the template definitions for the chat page', async () => {
    const { data } = (await (await fetch(`${sandbox.api}/templates`)).json()) as { data: Array<{ name: string; language: string; id: string }> };
    expect(data.map((t) => [t.name, t.language])).toEqual(DEFAULT_TEMPLATES.map((t) => [t.name, t.language]));
    expect(data.every((t) => /^\d+$/.test(t.id))).toBe(true);
  });
});

describe('live events', () => {
  it('streams new messages in both directions and their statuses', async () => {
    const stream = await fetch(`${sandbox.api}/conversations/${CITIZEN}/events`);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = readEvents(stream, 4);
    const inbound = (await citizenSays(sandbox, { from: CITIZEN, type: 'text', text: 'Hi' })).json.id;
    // Another citizen's messages must not reach this stream.
    await citizenSays(sandbox, { from: '919000000001', type: 'text', text: 'someone else' });
    const outbound = (await sendText(sandbox, CITIZEN, 'Hello')).json.messages![0].id;

    expect(await events).toEqual([
      { event: 'message', data: expect.objectContaining({ id: inbound, direction: 'in', type: 'text' }) },
      { event: 'message', data: expect.objectContaining({ id: outbound, direction: 'out', status: null }) },
      { event: 'status', data: { id: outbound, status: 'sent', timestamp: expect.any(String) } },
      { event: 'status', data: { id: outbound, status: 'delivered', timestamp: expect.any(String) } },
    ]);
  });
});
