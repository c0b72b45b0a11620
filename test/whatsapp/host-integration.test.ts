/**
 * Host + WhatsApp simulator over HTTP: a citizen's whole main-menu dialogue
 * through signed webhooks and Graph calls, statuses recorded, and webhooks
 * from an outside client signed with WHATSAPP_APP_SECRET as Meta would.
 */
import { Writable } from 'node:stream';
import { loadConfig } from '../../platform/config';
import { startHost, type RunningHost } from '../../platform/host';
import { createLogger } from '../../platform/log';
import { signBody } from '../../platform/whatsapp';
import { serviceUrl, tempDir } from '../support/services';
import * as fx from './fixtures';
import { eventually, sandboxCitizenKey } from '../support/citizens';
import { household } from '../../platform/sandbox/departments/civil-supplies';

const APP_SECRET = 'integration-app-secret';
/** A 1×1 transparent PNG. */
const PNG_1X1 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';
const PHONE_NUMBER_ID = '100000000000001';

interface OutMessage {
  id: string;
  direction: 'in' | 'out';
  type: string;
  status: string | null;
  body: { text?: { body: string }; interactive?: { type: string; body: { text: string }; action: { buttons?: Array<{ reply: { id: string; title: string } }>; sections?: Array<{ rows: Array<{ id: string; title: string }> }> } } };
}

let host: RunningHost;
const logLines: string[] = [];

beforeAll(async () => {
  const redis = serviceUrl('REDIS');
  const capture = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  host = await startHost(
    loadConfig({
      DATA_DIR: tempDir(),
      PORT: '0',
      HOST: '127.0.0.1',
      ADMIN_USERNAME: 'ops',
      ADMIN_PASSWORD: 'correct-horse-battery',
      WHATSAPP_APP_SECRET: APP_SECRET,
      ...(redis ? { REDIS_URL: redis } : { REDIS_SERVER_BIN: '/nonexistent/redis-server' }),
    }),
    createLogger('warn', capture),
  );
}, 60_000);

afterAll(async () => {
  await host?.stop();
});

async function say(waId: string, message: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${host.url}/sandbox/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from: waId, name: 'Lakshmi', ...message }) });
  expect(res.status).toBe(200);
}

async function conversation(waId: string): Promise<OutMessage[]> {
  return ((await (await fetch(`${host.url}/sandbox/api/conversations/${waId}`)).json()) as { messages: OutMessage[] }).messages;
}

/** Waits for the platform's n-th reply to the citizen. */
async function reply(waId: string, n: number): Promise<OutMessage> {
  for (let i = 0; i < 200; i++) {
    const out = (await conversation(waId)).filter((m) => m.direction === 'out');
    if (out.length >= n) return out[n - 1]!;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no reply #${n} to ${waId}`);
}

const rowsOf = (m: OutMessage) => m.body.interactive!.action.sections!.flatMap((s) => s.rows);
const buttonsOf = (m: OutMessage) => m.body.interactive!.action.buttons!.map((b) => b.reply);
const textOfReply = (m: OutMessage) => m.body.text?.body ?? m.body.interactive?.body.text ?? '';

/** Taps the row or button titled `title` in the n-th reply, as the citizen's phone would send it. */
async function tap(waId: string, n: number, title: string): Promise<void> {
  const shown = await reply(waId, n);
  const list = shown.body.interactive!.type === 'list';
  const option = (list ? rowsOf(shown) : buttonsOf(shown)).find((o) => o.title === title);
  if (!option) throw new Error(`reply #${n} has no "${title}"`);
  await say(waId, { type: 'interactive', reply: { kind: list ? 'list_reply' : 'button_reply', id: option.id, title } });
}

describe('main menu over WhatsApp', () => {
  const waId = '919000000501';

  it('greets in both languages and offers Telugu and English', async () => {
    await say(waId, { type: 'text', text: 'hi' });
    const greeting = await reply(waId, 1);
    expect(greeting.body.interactive!.body.text).toContain('స్వాగతం');
    expect(greeting.body.interactive!.action.buttons!.map((b) => b.reply.title)).toEqual(['తెలుగు', 'English']);
  });

  it('remembers Telugu and lists the 13 departments over two pages', async () => {
    await tap(waId, 1, 'తెలుగు');
    const page1 = await reply(waId, 2);
    expect(page1.body.interactive!.type).toBe('list');
    const rows1 = rowsOf(page1);
    expect(rows1).toHaveLength(10);
    expect(rows1[1]).toMatchObject({ id: expect.stringMatching(/\.dept_revenue$/), title: 'రెవెన్యూ శాఖ' });
    expect(rows1[9]).toMatchObject({ id: expect.stringMatching(/\.~page\.2$/), title: 'మరిన్ని' });

    await tap(waId, 2, 'మరిన్ని');
    const rows2 = rowsOf(await reply(waId, 3));
    expect(rows2.filter((r) => r.id.includes('.dept_'))).toHaveLength(4);
    expect(await host.services.sessions.get(sandboxCitizenKey(waId))).toMatchObject({ language: 'te' });
  });

  it("opens a department and lists its services from the catalog, then says a service without a flow is coming", async () => {
    // Every shipped service has a flow: one without (a catalog entry added before its flow) is played by taking the income certificate's away.
    const income = host.services.catalog.service('income_certificate')!.service;
    const flow = income.flow;
    income.flow = null;
    try {
      // A row of the first page still opens its department after the second page was shown.
      await tap(waId, 2, 'రెవెన్యూ శాఖ');
      const services = rowsOf(await reply(waId, 4));
      expect(services.map((r) => r.title)).toContain('ఆదాయ ధృవీకరణ పత్రం');
      await tap(waId, 4, 'ఆదాయ ధృవీకరణ పత్రం');
      const soon = await reply(waId, 5);
      expect(soon.body.interactive!.body.text).toContain('త్వరలో');
    } finally {
      income.flow = flow;
    }
  });

  it('hands the conversation to an officer queue', async () => {
    await say(waId, { type: 'interactive', reply: { kind: 'button_reply', id: 'officer', title: 'అధికారితో మాట్లాడండి' } });
    const queued = await reply(waId, 6);
    expect(queued.body.text!.body).toMatch(/అధికారి.*1$/s);
    const waiting = await host.services.officers.waiting();
    expect(waiting).toEqual([expect.objectContaining({ waId, department: 'revenue', language: 'te', status: 'waiting' })]);
  });

  it('pages a department with more than nine services, and back', async () => {
    const citizen = '919000000511';
    await say(citizen, { type: 'text', text: 'hi' });
    await reply(citizen, 1);
    await tap(citizen, 1, 'English');
    await reply(citizen, 2);
    await tap(citizen, 2, 'Revenue');
    const first = rowsOf(await reply(citizen, 3));
    const revenue = host.services.catalog.department('revenue')!.services;
    expect(revenue.length).toBeGreaterThan(9);
    expect(first).toHaveLength(10);
    expect(first[9]!.id).toMatch(/\.~page\.2$/);
    await tap(citizen, 3, 'More');
    const second = rowsOf(await reply(citizen, 4));
    const token = first[0]!.id.split('.')[0];
    expect(second.filter((r) => r.id.includes('.svc_')).map((r) => r.id)).toEqual(revenue.slice(9, 18).map((svc) => `${token}.svc_${svc.id}`));
    // A page that does not exist is answered with the last one, not crashed.
    await say(citizen, { type: 'interactive', reply: { kind: 'list_reply', id: `${token}.~page.99`, title: 'More' } });
    const last = rowsOf(await reply(citizen, 5));
    expect(last.some((r) => r.id === `${token}.~page.1`)).toBe(true);
  });

  it('takes a typed request to its service, and offers choices for a vague one', async () => {
    const citizen = '919000000512';
    await say(citizen, { type: 'text', text: 'hi' });
    await reply(citizen, 1);
    await tap(citizen, 1, 'English');
    await reply(citizen, 2);
    await say(citizen, { type: 'text', text: 'naaku janana dhruveekarana patram kavali' });
    // The birth certificate's application begins with its first question.
    expect((await reply(citizen, 3)).body.text!.body).toContain('Birth certificate, step 1 of 4');
    // The session is saved after the reply is sent.
    const session = await eventually(() => host.services.sessions.get(sandboxCitizenKey(citizen)), (x) => x?.answers?.service !== undefined);
    expect(session).toMatchObject({ answers: { service: 'birth_certificate', department: 'municipal' } });
    // "menu" leaves the form; a vague request then gets choices.
    await say(citizen, { type: 'text', text: 'menu' });
    await reply(citizen, 4);
    await say(citizen, { type: 'text', text: 'certificate' });
    const choices = rowsOf(await reply(citizen, 5));
    // A conversation that starts over (idle past its timeout) still takes a clear request to its service.
    await host.services.store.collection('citizen_sessions').updateOne({ _id: sandboxCitizenKey(citizen) }, { $set: { lastInboundAt: new Date(Date.now() - 3600_000) } });
    await say(citizen, { type: 'text', text: 'income certificate' });
    // The income certificate begins by proving the citizen's Aadhaar.
    expect(textOfReply(await reply(citizen, 6))).toBe(host.services.texts.format('identity.aadhaar.ask', 'en'));
    expect(choices.length).toBeGreaterThan(1);
    expect(choices.every((r) => r.id.includes('.svc_'))).toBe(true);
  });

  it('runs the grievance service: three questions, a wrong answer asked again, a global command from inside a question', async () => {
    const citizen = '919000000514';
    await say(citizen, { type: 'text', text: 'hi' });
    await tap(citizen, 1, 'English');
    await reply(citizen, 2);
    await say(citizen, { type: 'text', text: 'register a grievance' });
    const department = await reply(citizen, 3);
    expect(department.body.interactive!.body.text).toContain('Which department');
    await tap(citizen, 3, 'Revenue');
    expect((await reply(citizen, 4)).body.text!.body).toContain('Describe the problem');
    // A photo where words were asked: the question again, with the hint.
    await say(citizen, { type: 'image', media: { data: Buffer.from(PNG_1X1, 'base64').toString('base64'), mime_type: 'image/png' } });
    expect((await reply(citizen, 5)).body.text!.body).toContain('Please answer in words');
    // "help" leaves the question from any step.
    await say(citizen, { type: 'text', text: 'help' });
    expect((await reply(citizen, 6)).body.interactive!.body.text).toContain('Send "menu"');
    expect((await host.services.sessions.get(sandboxCitizenKey(citizen)))!.waiting).toBeNull();
  });

  it('keeps a request typed before the language was chosen, and takes it to its service once it is', async () => {
    const citizen = '919000000515';
    await say(citizen, { type: 'text', text: 'I need an income certificate' });
    expect((await reply(citizen, 1)).body.interactive!.body.text).toContain('Please choose your language');
    await tap(citizen, 1, 'English');
    expect(textOfReply(await reply(citizen, 2))).toBe(host.services.texts.format('identity.aadhaar.ask', 'en'));
    const session = await eventually(() => host.services.sessions.get(sandboxCitizenKey(citizen)), (x) => x?.answers?.service === 'income_certificate');
    expect(session!.answers.first_request).toBeUndefined();
    // A first "hi" is no request: the departments follow the language.
    const other = '919000000516';
    await say(other, { type: 'text', text: 'hi' });
    await tap(other, 1, 'తెలుగు');
    expect((await reply(other, 2)).body.interactive!.body.text).toBe('సేవలను చూడటానికి ఒక శాఖను ఎంచుకోండి.');
  });

  it('answers the ration entitlement from the Civil Supplies department\'s API: a wrong number re-asked, an unknown card, the department down', async () => {
    const citizen = '919000000517';
    await say(citizen, { type: 'text', text: 'hi' });
    await tap(citizen, 1, 'English');
    await reply(citizen, 2);
    await say(citizen, { type: 'text', text: 'ration entitlement this month' });
    expect((await reply(citizen, 3)).body.text!.body).toContain('ration card number');
    await say(citizen, { type: 'text', text: '12345' });
    expect((await reply(citizen, 4)).body.text!.body).toContain('has 10 digits and starts with 28');
    await say(citizen, { type: 'text', text: '28 1234 5678' });
    const ration = (await reply(citizen, 5)).body.text!.body;
    expect(ration).toMatch(/card 2812345678/);
    expect(ration).toMatch(/Rice: \d+ kg|no monthly ration/);
    // A household with no ration under the scheme (NPHH) is told so.
    const nphh = Array.from({ length: 200 }, (_, i) => `28000${String(i + 1).padStart(5, '0')}`).find((card) => household(card).type === 'NPHH')!;
    await say(citizen, { type: 'text', text: 'ration entitlement' });
    await reply(citizen, 6);
    await say(citizen, { type: 'text', text: nphh.replace(/(\d{2})(\d{4})(\d{4})/, '$1-$2-$3') });
    expect((await reply(citizen, 7)).body.text!.body).toContain(`Card ${nphh} has no monthly ration`);
    // An unknown card is the department's answer, said in the citizen's language.
    const other = '919000000518';
    await say(other, { type: 'text', text: 'hi' });
    await tap(other, 1, 'తెలుగు');
    await reply(other, 2);
    await say(other, { type: 'text', text: 'ration entitlement' });
    await reply(other, 3);
    await say(other, { type: 'text', text: '2812340000' });
    expect((await reply(other, 4)).body.text!.body).toBe(host.services.texts.format('civil_supplies.card_not_found', 'te'));
    // A department that keeps answering 503: retried, then the "busy" text.
    await say(other, { type: 'text', text: 'ration entitlement' });
    await reply(other, 5);
    await say(other, { type: 'text', text: '2899995031' });
    expect((await reply(other, 6)).body.text!.body).toBe(host.services.texts.format('department.unavailable', 'te'));
  });

  it('turns alerts off on STOP (in Telugu too) and on again on START, recording each as consent', async () => {
    const citizen = '919000000513';
    const key = sandboxCitizenKey(citizen);
    await say(citizen, { type: 'text', text: 'ఆపండి' });
    expect((await reply(citizen, 1)).body.text!.body).toContain('START');
    expect(await host.services.consent.state(key)).toBe('opted_out');
    await say(citizen, { type: 'text', text: 'STOP!' });
    expect((await reply(citizen, 2)).body.text!.body).toMatch(/already/);
    await say(citizen, { type: 'text', text: 'start' });
    expect((await reply(citizen, 3)).body.text!.body).toContain('STOP');
    expect(await host.services.consent.state(key)).toBe('opted_in');
    const history = await host.services.consent.history(key);
    expect(history.map((e) => e.state)).toEqual(['opted_in', 'opted_out', 'opted_out']);
    expect(history[0]).toMatchObject({ phoneNumberId: expect.any(String), source: 'whatsapp:text', messageId: expect.stringMatching(/^wamid\./) });
  });

  it('records delivery statuses of what it sent', async () => {
    const sent = (await conversation(waId)).filter((m) => m.direction === 'out');
    for (let i = 0; i < 100; i++) {
      const s = await host.services.whatsapp.channel.outboundStatus(sent[0]!.id);
      if (s?.statuses.includes('delivered')) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await host.services.whatsapp.channel.outboundStatus(sent[0]!.id)).toMatchObject({ statuses: expect.arrayContaining(['accepted', 'sent', 'delivered']) });
  });
});

describe('webhooks from an outside client', () => {
  function post(payload: unknown, secret = APP_SECRET): Promise<Response> {
    const body = JSON.stringify(payload);
    return fetch(`${host.url}/api/whatsapp/webhook`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': signBody(secret, body) }, body });
  }
  const metadata = (phoneNumberId: string) => ({ display_phone_number: '919000000001', phone_number_id: phoneNumberId });

  it('accepts a webhook signed with WHATSAPP_APP_SECRET and answers the citizen', async () => {
    const msg = fx.textMessage('hi', { id: fx.wamid(), from: '919000000502', timestamp: String(Math.floor(Date.now() / 1000)) });
    const res = await post(fx.notification(fx.entry([fx.messagesValue({ contacts: [fx.contact('919000000502')], messages: [msg] }, metadata(PHONE_NUMBER_ID))])));
    expect(res.status).toBe(200);
    expect((await reply('919000000502', 1)).type).toBe('interactive');
  });

  it('refuses one signed with another secret', async () => {
    const msg = fx.textMessage('hi', { id: fx.wamid(), from: '919000000503' });
    const res = await post(fx.notification(fx.entry([fx.messagesValue({ contacts: [fx.contact('919000000503')], messages: [msg] }, metadata(PHONE_NUMBER_ID))])), 'guessed');
    expect(res.status).toBe(401);
  });

  it('keeps a message for a phone number id the signing app does not serve aside for admins, and never runs it', async () => {
    const msg = fx.textMessage('hi', { id: fx.wamid(), from: '919000000504' });
    const res = await post(fx.notification(fx.entry([fx.messagesValue({ contacts: [fx.contact('919000000504')], messages: [msg] }, metadata('999999999999999'))])));
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200));
    expect(await host.services.whatsapp.inbox.state(msg.id)).toBe('unrouted');
    expect(await host.services.whatsapp.inbox.list({ state: 'unrouted' })).toEqual([expect.objectContaining({ id: msg.id, phoneNumberId: '999999999999999', citizen: 'xxxxxxxx0504' })]);
    // Nothing about the citizen was recorded as that number's.
    expect(await host.services.whatsapp.channel.windowOpen('999999999999999', { to: '919000000504' })).toBe(false);
    // Citizens' numbers are never logged in full.
    expect(logLines.join('')).not.toContain('919000000504');
  });
});
