import { MessageLimitError } from '../../platform/whatsapp/errors';
import { assertOutboundMessage, checkOutboundMessage } from '../../platform/whatsapp/limits';

const TO = '+919876543210';
const base = (type: string, object: unknown) => ({ messaging_product: 'whatsapp', to: TO, type, [type]: object });
const chars = (n: number, char = 'a') => char.repeat(n);

const text = (body: unknown) => base('text', { body });

function buttons(count: number, make: (i: number) => { id: string; title: string } = (i) => ({ id: `b${i}`, title: `Button ${i}` })) {
  return Array.from({ length: count }, (_, i) => ({ type: 'reply', reply: make(i) }));
}
const replyButtons = (interactive: Record<string, unknown> = {}) =>
  base('interactive', { type: 'button', body: { text: 'Choose' }, action: { buttons: buttons(2) }, ...interactive });

function rows(count: number, prefix = 'r') {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));
}
const list = (interactive: Record<string, unknown> = {}, action: Record<string, unknown> = {}) =>
  base('interactive', {
    type: 'list',
    body: { text: 'Pick a service' },
    action: { button: 'Services', sections: [{ title: 'Certificates', rows: rows(3) }], ...action },
    ...interactive,
  });

const template = (object: Record<string, unknown> = {}) =>
  base('template', { name: 'order_update', language: { code: 'en_US' }, ...object });

function expectOk(body: unknown) {
  expect(checkOutboundMessage(body)).toBeNull();
}
function expectRefused(body: unknown, code: number, field: string) {
  expect(checkOutboundMessage(body)).toEqual({ code, field, details: expect.any(String) });
}

describe('common fields', () => {
  it('accepts a minimal text message, with or without + in to', () => {
    expectOk(text('hello'));
    expectOk({ ...text('hello'), to: '919876543210', recipient_type: 'individual' });
  });

  it('refuses a body that is not an object', () => {
    expectRefused('hello', 100, '');
    expectRefused([text('x')], 100, '');
  });

  it('requires messaging_product "whatsapp"', () => {
    const { messaging_product: _, ...withoutProduct } = text('x');
    expectRefused(withoutProduct, 100, 'messaging_product');
    expectRefused({ ...text('x'), messaging_product: 'sms' }, 100, 'messaging_product');
  });

  it('requires to in E.164 digits', () => {
    const { to: _, ...withoutTo } = text('x');
    expectRefused(withoutTo, 100, 'to');
    for (const to of ['98765 43210', '+0919876543210', '+91-98765-43210', '1234567890123456', 'abc', '123456']) {
      expectRefused({ ...text('x'), to }, 100, 'to');
    }
    expectOk({ ...text('x'), to: '123456789012345' });
  });

  it('requires a known type and its object', () => {
    expectRefused(base('poll', { question: 'x' }), 100, 'type');
    expectRefused({ messaging_product: 'whatsapp', to: TO, type: 'image' }, 131008, 'image');
    expectRefused({ ...text('x'), recipient_type: 'group' }, 100, 'recipient_type');
  });

  it('treats a missing type as text, as Meta does', () => {
    expectOk({ messaging_product: 'whatsapp', to: TO, text: { body: 'x' } });
    expectRefused({ messaging_product: 'whatsapp', to: TO }, 131008, 'text');
  });

  it('biz_opaque_callback_data up to 512 characters', () => {
    expectOk({ ...text('x'), biz_opaque_callback_data: chars(512) });
    expectRefused({ ...text('x'), biz_opaque_callback_data: chars(513) }, 100, 'biz_opaque_callback_data');
  });

  it('context needs a message_id', () => {
    expectOk({ ...text('x'), context: { message_id: 'wamid.X' } });
    expectRefused({ ...text('x'), context: {} }, 131008, 'context.message_id');
  });

  it('accepts mark-read bodies, with the typing indicator', () => {
    expectOk({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.X' });
    expectOk({ messaging_product: 'whatsapp', status: 'read', message_id: 'wamid.X', typing_indicator: { type: 'text' } });
    expectRefused({ messaging_product: 'whatsapp', status: 'delivered', message_id: 'wamid.X' }, 100, 'status');
    expectRefused({ messaging_product: 'whatsapp', status: 'read' }, 131008, 'message_id');
    expectRefused({ messaging_product: 'whatsapp', status: 'read', message_id: 'w', typing_indicator: { type: 'audio' } }, 100, 'typing_indicator.type');
  });
});

describe('text', () => {
  it('body 1..4096 characters (code points)', () => {
    expectOk(text(chars(4096)));
    expectRefused(text(chars(4097)), 100, 'text.body');
    expectRefused(text(''), 100, 'text.body');
    expectRefused(base('text', {}), 131008, 'text.body');
    expectRefused(text(42), 100, 'text.body');
    expectOk(text(chars(4096, '😀')));
    expectOk(text(chars(4096, 'న')));
  });

  it('preview_url is a boolean', () => {
    expectOk(base('text', { body: 'https://ts.gov.in', preview_url: true }));
    expectRefused(base('text', { body: 'x', preview_url: 'yes' }), 100, 'text.preview_url');
  });
});

describe('interactive reply buttons', () => {
  it('1 to 3 buttons', () => {
    expectOk(replyButtons({ action: { buttons: buttons(1) } }));
    expectOk(replyButtons({ action: { buttons: buttons(3) } }));
    expectRefused(replyButtons({ action: { buttons: buttons(4) } }), 100, 'interactive.action.buttons');
    expectRefused(replyButtons({ action: { buttons: [] } }), 100, 'interactive.action.buttons');
    expectRefused(replyButtons({ action: {} }), 131008, 'interactive.action.buttons');
  });

  it('title 1..20 characters, unique', () => {
    expectOk(replyButtons({ action: { buttons: buttons(1, () => ({ id: 'a', title: chars(20) })) } }));
    expectRefused(replyButtons({ action: { buttons: buttons(1, () => ({ id: 'a', title: chars(21) })) } }), 100, 'interactive.action.buttons[0].reply.title');
    expectRefused(replyButtons({ action: { buttons: buttons(1, () => ({ id: 'a', title: '' })) } }), 100, 'interactive.action.buttons[0].reply.title');
    expectRefused(replyButtons({ action: { buttons: buttons(2, (i) => ({ id: `b${i}`, title: 'Same' })) } }), 100, 'interactive.action.buttons[1].reply.title');
  });

  it('id 1..256 characters, unique, without leading or trailing spaces', () => {
    expectOk(replyButtons({ action: { buttons: buttons(1, () => ({ id: chars(256), title: 'Yes' })) } }));
    expectRefused(replyButtons({ action: { buttons: buttons(1, () => ({ id: chars(257), title: 'Yes' })) } }), 100, 'interactive.action.buttons[0].reply.id');
    expectRefused(replyButtons({ action: { buttons: buttons(2, (i) => ({ id: 'same', title: `T${i}` })) } }), 100, 'interactive.action.buttons[1].reply.id');
    expectRefused(replyButtons({ action: { buttons: buttons(1, () => ({ id: ' yes', title: 'Yes' })) } }), 100, 'interactive.action.buttons[0].reply.id');
    expectRefused(replyButtons({ action: { buttons: buttons(1, () => ({ id: 'yes ', title: 'Yes' })) } }), 100, 'interactive.action.buttons[0].reply.id');
  });

  it('buttons must be of type reply', () => {
    expectRefused(replyButtons({ action: { buttons: [{ type: 'url', reply: { id: 'a', title: 'b' } }] } }), 100, 'interactive.action.buttons[0].type');
  });

  it('body ≤ 1024 and required, footer ≤ 60', () => {
    expectOk(replyButtons({ body: { text: chars(1024) }, footer: { text: chars(60) } }));
    expectRefused(replyButtons({ body: { text: chars(1025) } }), 100, 'interactive.body.text');
    expectRefused(replyButtons({ body: undefined }), 131008, 'interactive.body');
    expectRefused(replyButtons({ footer: { text: chars(61) } }), 100, 'interactive.footer.text');
  });

  it('header: text ≤ 60, or media with exactly one of id/link', () => {
    expectOk(replyButtons({ header: { type: 'text', text: chars(60) } }));
    expectRefused(replyButtons({ header: { type: 'text', text: chars(61) } }), 100, 'interactive.header.text');
    expectOk(replyButtons({ header: { type: 'image', image: { id: '1234' } } }));
    expectOk(replyButtons({ header: { type: 'document', document: { link: 'https://ts.gov.in/c.pdf' } } }));
    expectRefused(replyButtons({ header: { type: 'video', video: { id: '1', link: 'https://x.in/v.mp4' } } }), 100, 'interactive.header.video');
    expectRefused(replyButtons({ header: { type: 'image', image: {} } }), 131008, 'interactive.header.image.id');
    expectRefused(replyButtons({ header: { type: 'sticker', sticker: { id: '1' } } }), 100, 'interactive.header.type');
  });

  it('interactive type must be button or list', () => {
    expectRefused(replyButtons({ type: 'carousel' }), 100, 'interactive.type');
    expectRefused(replyButtons({ type: undefined }), 131008, 'interactive.type');
  });
});

describe('interactive list', () => {
  it('action.button 1..20', () => {
    expectOk(list({}, { button: chars(20) }));
    expectRefused(list({}, { button: chars(21) }), 100, 'interactive.action.button');
    expectRefused(list({}, { button: undefined }), 131008, 'interactive.action.button');
  });

  it('10 rows in total across sections; 11 refused', () => {
    expectOk(list({}, { sections: [{ title: 'A', rows: rows(10) }] }));
    expectRefused(list({}, { sections: [{ title: 'A', rows: rows(11) }] }), 100, 'interactive.action.sections[0].rows');
    expectOk(list({}, { sections: [{ title: 'A', rows: rows(5, 'a') }, { title: 'B', rows: rows(5, 'b') }] }));
    expectRefused(list({}, { sections: [{ title: 'A', rows: rows(5, 'a') }, { title: 'B', rows: rows(6, 'b') }] }), 100, 'interactive.action.sections[1].rows[5]');
  });

  it('at most 10 sections, each with a row', () => {
    const sections = (n: number) => Array.from({ length: n }, (_, i) => ({ title: `S${i}`, rows: [{ id: `r${i}`, title: 'Row' }] }));
    expectOk(list({}, { sections: sections(10) }));
    expectRefused(list({}, { sections: sections(11) }), 100, 'interactive.action.sections');
    expectRefused(list({}, { sections: [] }), 100, 'interactive.action.sections');
    expectRefused(list({}, { sections: [{ title: 'A', rows: [] }] }), 100, 'interactive.action.sections[0].rows');
  });

  it('section title ≤ 24, required only with several sections', () => {
    expectOk(list({}, { sections: [{ rows: rows(2) }] }));
    expectOk(list({}, { sections: [{ title: chars(24), rows: rows(2) }] }));
    expectRefused(list({}, { sections: [{ title: chars(25), rows: rows(2) }] }), 100, 'interactive.action.sections[0].title');
    expectRefused(list({}, { sections: [{ title: 'A', rows: rows(1, 'a') }, { rows: rows(1, 'b') }] }), 131008, 'interactive.action.sections[1].title');
  });

  it('row id ≤ 200 and unique across sections, title ≤ 24, description ≤ 72', () => {
    const oneRow = (row: Record<string, unknown>) => list({}, { sections: [{ title: 'A', rows: [row] }] });
    expectOk(oneRow({ id: chars(200), title: chars(24), description: chars(72) }));
    expectRefused(oneRow({ id: chars(201), title: 'x' }), 100, 'interactive.action.sections[0].rows[0].id');
    expectRefused(oneRow({ id: 'a', title: chars(25) }), 100, 'interactive.action.sections[0].rows[0].title');
    expectRefused(oneRow({ id: 'a', title: 'x', description: chars(73) }), 100, 'interactive.action.sections[0].rows[0].description');
    expectRefused(
      list({}, { sections: [{ title: 'A', rows: rows(1) }, { title: 'B', rows: rows(1) }] }),
      100,
      'interactive.action.sections[1].rows[0].id',
    );
  });

  it('body validated at 1024, header text-only ≤ 60, footer ≤ 60', () => {
    expectOk(list({ body: { text: chars(1024) }, header: { type: 'text', text: chars(60) }, footer: { text: chars(60) } }));
    expectRefused(list({ body: { text: chars(1025) } }), 100, 'interactive.body.text');
    expectRefused(list({ header: { type: 'text', text: chars(61) } }), 100, 'interactive.header.text');
    expectRefused(list({ header: { type: 'image', image: { id: '1' } } }), 100, 'interactive.header.type');
    expectRefused(list({ footer: { text: chars(61) } }), 100, 'interactive.footer.text');
  });
});

describe('template', () => {
  it('accepts the reference example', () => {
    expectOk(
      template({
        components: [
          { type: 'header', parameters: [{ type: 'document', document: { link: 'https://ts.gov.in/cert.pdf', filename: 'cert.pdf' } }] },
          { type: 'body', parameters: [{ type: 'text', text: 'Ravi' }, { type: 'text', parameter_name: 'case_id', text: 'A1' }] },
          { type: 'button', sub_type: 'quick_reply', index: '0', parameters: [{ type: 'payload', payload: 'STOP' }] },
          { type: 'button', sub_type: 'url', index: 1, parameters: [{ type: 'text', text: 'A12345' }] },
          { type: 'body', parameters: [{ type: 'currency', currency: { fallback_value: '₹100', code: 'INR', amount_1000: 100000 } }, { type: 'date_time', date_time: { fallback_value: 'today' } }] },
        ],
      }),
    );
  });

  it('requires name and language.code', () => {
    expectRefused(template({ name: undefined }), 131008, 'template.name');
    expectRefused(template({ name: '' }), 100, 'template.name');
    expectRefused(template({ language: undefined }), 131008, 'template.language');
    expectRefused(template({ language: {} }), 131008, 'template.language.code');
  });

  it('checks the components shape', () => {
    expectRefused(template({ components: {} }), 100, 'template.components');
    expectRefused(template({ components: [{ parameters: [] }] }), 131008, 'template.components[0].type');
    expectRefused(template({ components: [{ type: 'button', index: '0' }] }), 131008, 'template.components[0].sub_type');
    expectRefused(template({ components: [{ type: 'button', sub_type: 'url' }] }), 131008, 'template.components[0].index');
    expectRefused(template({ components: [{ type: 'button', sub_type: 'url', index: 'first' }] }), 100, 'template.components[0].index');
    expectRefused(template({ components: [{ type: 'body', parameters: [{ type: 'text' }] }] }), 131008, 'template.components[0].parameters[0].text');
    expectRefused(template({ components: [{ type: 'body', parameters: [{ text: 'x' }] }] }), 131008, 'template.components[0].parameters[0].type');
    expectRefused(
      template({ components: [{ type: 'header', parameters: [{ type: 'image', image: { link: 'http://evil.example/a.jpg' } }] }] }),
      100,
      'template.components[0].parameters[0].image.link',
    );
  });
});

describe('media', () => {
  it('exactly one of id and link', () => {
    for (const type of ['image', 'document', 'audio', 'video', 'sticker']) {
      expectOk(base(type, { id: '1479537139650973' }));
      expectOk(base(type, { link: 'https://ts.gov.in/file' }));
      expectRefused(base(type, { id: '1', link: 'https://ts.gov.in/file' }), 100, type);
      expectRefused(base(type, {}), 131008, `${type}.id`);
    }
  });

  it('links must be https, http only to this machine (sandbox)', () => {
    expectRefused(base('image', { link: 'http://ts.gov.in/a.jpg' }), 100, 'image.link');
    expectRefused(base('image', { link: 'ftp://ts.gov.in/a.jpg' }), 100, 'image.link');
    expectRefused(base('image', { link: 'not a url' }), 100, 'image.link');
    expectOk(base('image', { link: 'http://127.0.0.1:1880/sandbox/media/a.jpg' }));
    expectOk(base('image', { link: 'http://localhost:1880/a.jpg' }));
  });

  it('caption ≤ 1024 on image, video and document; none on audio and sticker', () => {
    expectOk(base('image', { id: '1', caption: chars(1024) }));
    expectRefused(base('video', { id: '1', caption: chars(1025) }), 100, 'video.caption');
    expectRefused(base('audio', { id: '1', caption: 'x' }), 100, 'audio.caption');
  });

  it('filename only on documents', () => {
    expectOk(base('document', { id: '1', filename: 'cert.pdf', caption: 'Your certificate' }));
    expectRefused(base('image', { id: '1', filename: 'a.jpg' }), 100, 'image.filename');
  });
});

describe('location and reaction', () => {
  it('latitude and longitude are numbers in range', () => {
    expectOk(base('location', { latitude: 17.385, longitude: 78.4867, name: 'Office', address: 'Abids' }));
    expectOk(base('location', { latitude: -90, longitude: 180 }));
    expectRefused(base('location', { latitude: 90.1, longitude: 0 }), 100, 'location.latitude');
    expectRefused(base('location', { latitude: 0, longitude: -180.5 }), 100, 'location.longitude');
    expectRefused(base('location', { latitude: '17.3', longitude: 0 }), 100, 'location.latitude');
    expectRefused(base('location', { longitude: 0 }), 131008, 'location.latitude');
  });

  it('reaction needs message_id and an emoji (empty removes it)', () => {
    expectOk(base('reaction', { message_id: 'wamid.X', emoji: '👍' }));
    expectOk(base('reaction', { message_id: 'wamid.X', emoji: '' }));
    expectRefused(base('reaction', { emoji: '👍' }), 131008, 'reaction.message_id');
  });
});

describe('assertOutboundMessage', () => {
  it('throws MessageLimitError with code and field', () => {
    expect(() => assertOutboundMessage(text('ok'))).not.toThrow();
    try {
      assertOutboundMessage(text(chars(4097)));
      throw new Error('expected a MessageLimitError');
    } catch (error) {
      expect(error).toBeInstanceOf(MessageLimitError);
      expect(error).toMatchObject({ code: 100, field: 'text.body', message: 'text.body must be 1 to 4096 characters (got 4097)' });
    }
  });
});
