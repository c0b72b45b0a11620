import { parseWebhook, parseWebhookBody, WebhookPayloadError } from '../../platform/whatsapp/parse';
import type { InboundMessage, StatusEvent, WebhookErrorEvent, WebhookEvent } from '../../platform/whatsapp/types';
import {
  audioMessage,
  BUSINESS_MESSAGE_ID,
  buttonReplyMessage,
  CITIZEN_NAME,
  CITIZEN_WA_ID,
  contact,
  deliveredStatus,
  DISPLAY_PHONE_NUMBER,
  documentMessage,
  entry,
  errorNotification,
  failedStatus,
  imageMessage,
  listReplyMessage,
  locationMessage,
  messageNotification,
  messagesValue,
  notification,
  PHONE_NUMBER_ID,
  quickReplyMessage,
  reactionMessage,
  readStatus,
  sentStatus,
  statusNotification,
  stickerMessage,
  textMessage,
  unsupportedMessage,
  videoMessage,
  WABA_ID,
} from './fixtures';

function onlyEvent(events: WebhookEvent[]): WebhookEvent {
  expect(events).toHaveLength(1);
  return events[0]!;
}

function parseOneMessage(payload: unknown): InboundMessage {
  const event = onlyEvent(parseWebhook(payload));
  if (event.kind !== 'message') throw new Error(`expected a message, got ${event.kind}`);
  return event;
}

function parseOneStatus(payload: unknown): StatusEvent {
  const event = onlyEvent(parseWebhook(payload));
  if (event.kind !== 'status') throw new Error(`expected a status, got ${event.kind}`);
  return event;
}

describe('parseWebhook: who wrote (BSUID, reference §1.10)', () => {
  const BSUID = 'IN.1410018717833190';

  it('keys a citizen by BSUID when the webhook carries one, and keeps the phone to reply to', () => {
    const raw = { ...textMessage('Hey'), from_user_id: BSUID };
    const payload = notification(entry([messagesValue({ contacts: [{ profile: { name: 'Lakshmi', username: 'lakshmi.k' }, wa_id: CITIZEN_WA_ID, user_id: BSUID, parent_user_id: 'US.ENT.1181' }], messages: [raw] })]));
    const message = parseOneMessage(payload);
    expect(message.citizen).toEqual({ wa_id: CITIZEN_WA_ID, user_id: BSUID, parent_user_id: 'US.ENT.1181', username: 'lakshmi.k', profile_name: 'Lakshmi' });
    expect(message.citizenKey).toBe(`${PHONE_NUMBER_ID}/${BSUID}`);
  });

  it('takes a citizen whose phone is withheld (no wa_id, no from)', () => {
    const { from: _from, ...raw } = { ...textMessage('Hey'), from_user_id: BSUID };
    const payload = notification(entry([messagesValue({ contacts: [{ profile: { name: 'Lakshmi', username: 'lakshmi.k' }, user_id: BSUID }], messages: [raw as never] })]));
    const message = parseOneMessage(payload);
    expect(message.citizen).toMatchObject({ wa_id: null, user_id: BSUID, profile_name: 'Lakshmi' });
    expect(message.citizenKey).toBe(`${PHONE_NUMBER_ID}/${BSUID}`);
  });

  it('reports a sender with neither a phone nor a BSUID as anonymous, not as a malformed webhook', () => {
    const { from: _from, ...raw } = textMessage('Hey', { id: 'wamid.anon' });
    const events = parseWebhook(notification(entry([messagesValue({ messages: [raw as never] })])));
    expect(events).toEqual([{ kind: 'anonymous', id: 'wamid.anon', phoneNumberId: PHONE_NUMBER_ID }]);
  });

  it('reads a status addressed to a BSUID only', () => {
    const { recipient_id: _r, ...status } = { ...deliveredStatus(), recipient_user_id: BSUID };
    expect(parseOneStatus(statusNotification(status as never)).recipientId).toBe(BSUID);
  });
});

describe('parseWebhookBody: depth', () => {
  it('refuses 2,000 levels of nesting before parsing, and passes Meta-shaped bodies', () => {
    const deep = `${'{"a":'.repeat(2000)}1${'}'.repeat(2000)}`;
    const body = JSON.stringify(messageNotification({ ...textMessage('x'), extra: '__DEEP__' } as never)).replace('"__DEEP__"', deep);
    expect(() => parseWebhookBody(Buffer.from(body))).toThrow(/nests deeper than 32/);
    // Brackets inside strings do not count.
    const brackets = messageNotification(textMessage('[[[[{{{{'.repeat(100)));
    expect(parseWebhookBody(Buffer.from(JSON.stringify(brackets)))).toHaveLength(1);
  });
});

describe('parseWebhook: messages', () => {
  it('normalizes the reference text example', () => {
    const raw = textMessage('hello', { id: 'wamid.HBgL1', timestamp: '1739321024' });
    expect(parseOneMessage(messageNotification(raw))).toEqual({
      kind: 'message',
      id: 'wamid.HBgL1',
      phoneNumberId: PHONE_NUMBER_ID,
      displayPhoneNumber: DISPLAY_PHONE_NUMBER,
      businessAccountId: WABA_ID,
      citizen: { wa_id: CITIZEN_WA_ID, user_id: null, parent_user_id: null, username: null, profile_name: CITIZEN_NAME },
      citizenKey: `${PHONE_NUMBER_ID}/${CITIZEN_WA_ID}`,
      timestamp: new Date('2025-02-12T00:43:44Z'),
      type: 'text',
      text: 'hello',
    });
  });

  it('reply button tapped', () => {
    const message = parseOneMessage(messageNotification(buttonReplyMessage('yes', 'Yes')));
    expect(message.type).toBe('interactive');
    expect(message.reply).toEqual({ kind: 'button_reply', id: 'yes', title: 'Yes' });
    expect(message.context).toEqual({ from: DISPLAY_PHONE_NUMBER, id: BUSINESS_MESSAGE_ID });
  });

  it('list row tapped', () => {
    const message = parseOneMessage(messageNotification(listReplyMessage('r1', 'Income certificate', 'Apply or track')));
    expect(message.type).toBe('interactive');
    expect(message.reply).toEqual({ kind: 'list_reply', id: 'r1', title: 'Income certificate', description: 'Apply or track' });
    expect(message.context?.id).toBe(BUSINESS_MESSAGE_ID);
  });

  it('template quick-reply: id is the payload', () => {
    const message = parseOneMessage(messageNotification(quickReplyMessage('STOP', 'Stop promotions')));
    expect(message.type).toBe('button');
    expect(message.reply).toEqual({ kind: 'quick_reply', id: 'STOP', title: 'Stop promotions' });
  });

  it('template quick-reply without payload falls back to its label, as Meta documents', () => {
    const raw = quickReplyMessage('x', 'Yes', { button: { text: 'Yes' } });
    expect(parseOneMessage(messageNotification(raw)).reply).toEqual({ kind: 'quick_reply', id: 'Yes', title: 'Yes' });
  });

  it('image and document with caption, sha256 and filename', () => {
    const image = parseOneMessage(messageNotification(imageMessage({ id: 'm1', caption: 'Ration card' })));
    expect(image.type).toBe('image');
    expect(image.media).toEqual({ id: 'm1', mime_type: 'image/jpeg', sha256: expect.any(String), caption: 'Ration card' });
    const document = parseOneMessage(messageNotification(documentMessage({ id: 'm2' })));
    expect(document.type).toBe('document');
    expect(document.media).toMatchObject({ id: 'm2', mime_type: 'application/pdf', filename: 'pahani.pdf', caption: 'Land record' });
  });

  it('audio (voice note), video and sticker', () => {
    expect(parseOneMessage(messageNotification(audioMessage({ id: 'a1' }))).media).toMatchObject({ id: 'a1', voice: true, mime_type: 'audio/ogg; codecs=opus' });
    expect(parseOneMessage(messageNotification(videoMessage({ id: 'v1' })))).toMatchObject({ type: 'video', media: { id: 'v1', mime_type: 'video/mp4' } });
    expect(parseOneMessage(messageNotification(stickerMessage({ id: 's1', animated: true })))).toMatchObject({
      type: 'sticker',
      media: { id: 's1', animated: true },
    });
  });

  it('location with numeric coordinates', () => {
    const message = parseOneMessage(messageNotification(locationMessage({ latitude: 17.385044, longitude: 78.486671, name: 'Mandal office' })));
    expect(message.type).toBe('location');
    expect(message.location).toEqual({ latitude: 17.385044, longitude: 78.486671, name: 'Mandal office' });
  });

  it('reaction, and a removed reaction as an empty emoji', () => {
    expect(parseOneMessage(messageNotification(reactionMessage('wamid.X', '🙏'))).reaction).toEqual({ message_id: 'wamid.X', emoji: '🙏' });
    expect(parseOneMessage(messageNotification(reactionMessage('wamid.X', null))).reaction).toEqual({ message_id: 'wamid.X', emoji: '' });
  });

  it("unsupported keeps Meta's 131051 error", () => {
    const message = parseOneMessage(messageNotification(unsupportedMessage()));
    expect(message.type).toBe('unsupported');
    expect(message.errors).toEqual([
      { code: 131051, title: 'Unsupported message type', message: 'Unsupported message type', error_data: { details: 'Message type is currently not supported.' } },
    ]);
  });

  it('unknown or new types and interactive sub-types become unsupported without throwing', () => {
    const order = textMessage('x', { type: 'order', order: { catalog_id: '1' } });
    delete (order as Record<string, unknown>).text;
    const flowReply = textMessage('x', { type: 'interactive', interactive: { type: 'nfm_reply', nfm_reply: { response_json: '{}' } } });
    const noObject = textMessage('x', { type: 'system' });
    for (const raw of [order, flowReply, noObject]) {
      const message = parseOneMessage(messageNotification(raw));
      expect(message.type).toBe('unsupported');
      // Flows get the normalized event only, never the raw payload.
      expect(message).not.toHaveProperty('raw');
    }
  });

  it('legacy unsupported errors with `details` beside the code', () => {
    const raw = unsupportedMessage({ errors: [{ code: 131051, title: 'Unsupported message type', details: 'not supported' } as never] });
    expect(parseOneMessage(messageNotification(raw)).errors).toEqual([
      { code: 131051, title: 'Unsupported message type', error_data: { details: 'not supported' } },
    ]);
  });

  it('profile name is null when no contact matches the sender', () => {
    const payload = notification(entry([messagesValue({ contacts: [contact('919999999999', 'Other')], messages: [textMessage('hi')] })]));
    expect(parseOneMessage(payload).citizen).toEqual({ wa_id: CITIZEN_WA_ID, user_id: null, parent_user_id: null, username: null, profile_name: null });
  });
});

describe('parseWebhook: statuses and errors', () => {
  it('sent with pricing and conversation', () => {
    const status = parseOneStatus(statusNotification(sentStatus({ biz_opaque_callback_data: 'case-42' })));
    expect(status).toMatchObject({
      kind: 'status',
      id: BUSINESS_MESSAGE_ID,
      phoneNumberId: PHONE_NUMBER_ID,
      status: 'sent',
      recipientId: CITIZEN_WA_ID,
      timestamp: new Date(1750857384 * 1000),
      bizOpaqueCallbackData: 'case-42',
      pricing: { billable: true, pricing_model: 'PMP', type: 'regular', category: 'utility' },
      conversation: { id: expect.any(String), origin: { type: 'service' } },
    });
    expect(status.errors).toBeUndefined();
  });

  it('delivered, and read (v24.0+: no conversation)', () => {
    expect(parseOneStatus(statusNotification(deliveredStatus())).status).toBe('delivered');
    const read = parseOneStatus(statusNotification(readStatus()));
    expect(read.status).toBe('read');
    expect(read.conversation).toBeUndefined();
    expect(read.pricing).toBeUndefined();
  });

  it('failed carries its errors', () => {
    const status = parseOneStatus(statusNotification(failedStatus(131047, 'Re-engagement message', 'more than 24 hours')));
    expect(status.status).toBe('failed');
    expect(status.errors).toEqual([
      {
        code: 131047,
        title: 'Re-engagement message',
        message: 'Re-engagement message',
        error_data: { details: 'more than 24 hours' },
        href: '/docs/whatsapp/cloud-api/support/error-codes/',
      },
    ]);
  });

  it('skips status values outside sent/delivered/read/failed', () => {
    expect(parseWebhook(statusNotification(readStatus({ status: 'deleted' as never })))).toEqual([]);
  });

  it('value-level errors become a WebhookErrorEvent', () => {
    const event = onlyEvent(parseWebhook(errorNotification({ code: 131000, title: 'Something went wrong', error_data: { details: 'x' } })));
    expect(event).toEqual<WebhookErrorEvent>({
      kind: 'error',
      phoneNumberId: PHONE_NUMBER_ID,
      errors: [{ code: 131000, title: 'Something went wrong', error_data: { details: 'x' } }],
    });
  });
});

describe('parseWebhook: batches', () => {
  it('iterates every entry, change, message and status, in order', () => {
    const other = { display_phone_number: '919000000001', phone_number_id: '100000000000001' };
    const payload = notification(
      entry([
        messagesValue({ contacts: [contact(), contact('919876543210', 'Ravi')], messages: [textMessage('one'), textMessage('two', { from: '919876543210' })] }),
        messagesValue({ statuses: [sentStatus({ id: 'wamid.s1' }), deliveredStatus({ id: 'wamid.s1' })] }, other),
      ]),
      entry([messagesValue({ messages: [imageMessage()], errors: [{ code: 131000 }] })], '200000000000001'),
    );
    const events = parseWebhook(payload);
    expect(events.map((e) => e.kind)).toEqual(['message', 'message', 'status', 'status', 'message', 'error']);
    const [one, two, sent, , image] = events as [InboundMessage, InboundMessage, StatusEvent, StatusEvent, InboundMessage];
    expect(one.text).toBe('one');
    expect(two.citizen).toEqual({ wa_id: '919876543210', user_id: null, parent_user_id: null, username: null, profile_name: 'Ravi' });
    expect(sent.phoneNumberId).toBe('100000000000001');
    expect(image.businessAccountId).toBe('200000000000001');
    expect(image.citizen.profile_name).toBeNull();
  });

  it('ignores changes of other fields', () => {
    const payload = notification({
      id: WABA_ID,
      changes: [
        { field: 'message_template_status_update', value: { event: 'APPROVED', message_template_name: 'x' } as never },
        { field: 'messages', value: messagesValue({ messages: [textMessage('kept')] }) },
      ],
    });
    expect(parseWebhook(payload).map((e) => (e as InboundMessage).text)).toEqual(['kept']);
  });
});

describe('parseWebhook: invalid envelopes', () => {
  const valid = () => messageNotification(textMessage('hi')) as unknown as Record<string, unknown>;

  it.each<[string, unknown, RegExp]>([
    ['not an object', 'hello', /body must be an object/],
    ['null', null, /body must be an object/],
    ['an array', [], /body must be an object/],
    ['another object kind', { ...valid(), object: 'page' }, /object must be "whatsapp_business_account"/],
    ['entry not an array', { ...valid(), entry: {} }, /entry must be an array/],
    ['entry without id', { object: 'whatsapp_business_account', entry: [{ changes: [] }] }, /entry\[0\]\.id/],
    ['changes not an array', { object: 'whatsapp_business_account', entry: [{ id: WABA_ID, changes: null }] }, /entry\[0\]\.changes must be an array/],
  ])('%s', (_name, body, message) => {
    expect(() => parseWebhook(body)).toThrow(WebhookPayloadError);
    expect(() => parseWebhook(body)).toThrow(message);
  });

  it('names the path of a broken message, status or metadata', () => {
    const noMetadata = notification(entry([{ ...messagesValue({ messages: [textMessage()] }), metadata: undefined as never }]));
    expect(() => parseWebhook(noMetadata)).toThrow(/entry\[0\]\.changes\[0\]\.value\.metadata must be an object/);
    const badTimestamp = messageNotification(textMessage('x', { timestamp: 'yesterday' }));
    expect(() => parseWebhook(badTimestamp)).toThrow(/messages\[0\]\.timestamp/);
    const noText = messageNotification(textMessage('x', { text: undefined }));
    expect(() => parseWebhook(noText)).toThrow(/messages\[0\]\.text must be an object/);
    const stringLatitude = messageNotification(locationMessage({ latitude: '17.3' as never, longitude: 78.4 }));
    expect(() => parseWebhook(stringLatitude)).toThrow(/location\.latitude must be a number/);
    const statusWithoutId = statusNotification(sentStatus({ id: undefined as never }));
    expect(() => parseWebhook(statusWithoutId)).toThrow(/statuses\[0\]\.id/);
  });
});
