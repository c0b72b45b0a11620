/**
 * ask under the real Node-RED runtime, behind a citizen-session load node as
 * in a shipped flow: the question goes out, the citizen's next message comes
 * back to the ask node, a wrong answer is asked again with a hint in the
 * citizen's language, a tap on an older question's button is told apart, the
 * answer is kept in the session, three wrong answers offer help, the reminder
 * and the timeout come out of the sweeper, and a global command leaves the question.
 */
import helper from 'node-red-node-test-helper';
import askNode from '../../nodes/ask/ask';
import { migrate } from '../../nodes/ask/config';
import sessionNode from '../../nodes/citizen-session/citizen-session';
import { portRecorder } from '../support/node-ports';
import { usePlatformForNodes } from '../support/node-tests';

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;
const PORTS = ['send', 'answered', 'unanswered', 'passed', 'caught'] as const;
type Port = (typeof PORTS)[number];

describe('ask node', () => {
  const platform = usePlatformForNodes();
  let citizenNo = 0;
  let citizen: { key: string; wa_id: string };
  let seq = 0;
  const { listen, next } = portRecorder(PORTS);

  async function load(ask: Record<string, unknown>): Promise<void> {
    citizenNo++;
    citizen = { key: `100/9198000002${String(citizenNo).padStart(2, '0')}`, wa_id: `9198000002${String(citizenNo).padStart(2, '0')}` };
    await new Promise<void>((r) =>
      helper.load(
        [sessionNode, askNode],
        [
          { id: 'session', type: 'citizen-session', action: 'load', idleTimeout: 30, keyProperty: 'citizen.key', version: 3, wires: [['passed']] },
          { id: 'q1', type: 'ask', version: 1, ...ask, wires: [['send'], ['answered'], ['unanswered']] },
          ...PORTS.filter((p) => p !== 'caught').map((id) => ({ id, type: 'helper' })),
          { id: 'k1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
          { id: 'caught', type: 'helper' },
        ],
        () => r(),
      ),
    );
    // One listener per port for the whole test: Node-RED iterates input listeners as it calls them.
    listen();
  }

  /** The question asked the first time: the message reaches the ask node over its wire. */
  async function ask(language: string | null = 'en'): Promise<Msg> {
    const out = next();
    helper.getNode('q1').receive({ citizen, whatsapp: { phoneNumberId: '100' }, session: { key: citizen.key, language }, message: { id: `wamid.a${++seq}`, type: 'text', text: 'start' } });
    const { port, msg } = await out;
    expect(port).toBe('send');
    return msg;
  }

  /** The citizen's next message, through the load node as whatsapp-in would send it. */
  async function reply(message: Record<string, unknown>): Promise<{ port: Port; msg: Msg }> {
    const out = next();
    helper.getNode('session').receive({ citizen, whatsapp: { phoneNumberId: '100' }, message: { id: `wamid.r${++seq}`, ...message } });
    return out;
  }

  const texts = () => platform().services.texts;
  const tapMore = (token: string) => reply({ type: 'interactive', reply: { kind: 'list_reply', id: `${token}.~page.2`, title: 'More' } });
  const setLanguage = (language: string) => platform().services.sessions.save(citizen.key, { language });

  it('asks, asks again with a hint for a wrong answer or a photo, and keeps the right one in the session', async () => {
    await load({ question: 'ask.hint.pin_code', kind: 'pin_code', answer: 'pin_code' });
    await setLanguage('te');
    const question = await ask('te');
    expect(question.payload).toBe(texts().format('ask.hint.pin_code', 'te'));

    const wrong = await reply({ type: 'text', text: '12345' });
    expect(wrong.port).toBe('send');
    expect(wrong.msg.payload).toBe(`${texts().format('ask.hint.pin_code', 'te')}\n\n${texts().format('ask.hint.pin_code', 'te')}`);
    const photo = await reply({ type: 'image', media: { id: 'm1', mime_type: 'image/jpeg' } });
    expect(photo.port).toBe('send');

    const right = await reply({ type: 'text', text: '520 001' });
    expect(right.port).toBe('answered');
    expect(right.msg.answer).toBe('520001');
    expect(right.msg.session.answers).toMatchObject({ pin_code: '520001' });
    const stored = await platform().services.sessions.get(citizen.key);
    expect(stored).toMatchObject({ answers: { pin_code: '520001' }, waiting: null });

    // With the question answered, the next message goes on through the load node.
    expect((await reply({ type: 'text', text: '520001' })).port).toBe('passed');
  });

  it('offers help after the last try and says so on the third output', async () => {
    await load({ question: 'ask.hint.phone', kind: 'phone', answer: 'mobile', tries: 2 });
    await ask();
    expect((await reply({ type: 'text', text: 'abc' })).port).toBe('send');
    helper.getNode('session').receive({ citizen, whatsapp: {}, message: { id: `wamid.r${++seq}`, type: 'text', text: 'xyz' } });
    const got = [await next(), await next()];
    const sent = got.find((m) => m.port === 'send')!.msg;
    const unanswered = got.find((m) => m.port === 'unanswered')!.msg;
    expect(sent.payload.buttons.map((x: { id: string }) => x.id)).toEqual(['help', 'officer', 'menu']);
    expect(unanswered.conversation).toEqual({ event: 'tries', node: 'q1' });
    expect((await platform().services.sessions.get(citizen.key))!.waiting).toBeNull();
  });

  it('pages a long choice, tells an older question\'s button apart, and takes a tap', async () => {
    const options = Array.from({ length: 13 }, (_, i) => ({ id: `d${i + 1}`, title: { en: `District ${i + 1}`, te: `జిల్లా ${i + 1}` } }));
    await load({ question: 'common.choose', kind: 'choice', answer: 'district', optionsProperty: 'options' });
    const out = next();
    helper.getNode('q1').receive({ citizen, whatsapp: {}, session: { language: 'en' }, options, message: { id: 'wamid.c0', type: 'text', text: 'x' } });
    const first = (await out).msg.payload;
    expect(first.rows).toHaveLength(10);
    const token = first.rows[0].id.split('.')[0];
    const page2 = await reply({ type: 'interactive', reply: { kind: 'list_reply', id: first.rows[9].id, title: 'More' } });
    expect(page2.msg.payload.rows.map((r: { id: string }) => r.id)).toEqual([...['d10', 'd11', 'd12', 'd13'].map((d) => `${token}.${d}`), `${token}.~page.1`]);
    const stale = await reply({ type: 'interactive', reply: { kind: 'list_reply', id: 'OLDTOKEN.d2', title: 'District 2' } });
    expect(stale.port).toBe('send');
    expect(stale.msg.payload.body).toContain(texts().format('ask.hint.old_choice', 'en'));
    const tapped = await reply({ type: 'interactive', reply: { kind: 'list_reply', id: `${token}.d12`, title: 'District 12' } });
    expect(tapped).toMatchObject({ port: 'answered', msg: { answer: 'd12' } });
  });

  it('asks the same question again, with the same buttons, when the message that led to it runs again', async () => {
    await load({ question: 'ask.hint.yes_no', kind: 'yes_no', answer: 'agree' });
    const out = next();
    const first = { citizen, whatsapp: {}, session: { key: citizen.key, language: 'en' }, message: { id: 'wamid.replayed', type: 'text', text: 'yes' } };
    helper.getNode('q1').receive(first);
    const asked = (await out).msg.payload;
    // The inbox runs the message again after a deploy interrupted its turn: it is not the answer.
    const again = await reply({ id: 'wamid.replayed', type: 'text', text: 'yes' });
    expect(again.port).toBe('send');
    expect(again.msg.payload).toEqual(asked);
    expect((await platform().services.sessions.get(citizen.key))!.waiting).toMatchObject({ attempts: 0, askedBy: 'wamid.replayed' });
    expect((await reply({ type: 'text', text: 'yes' })).msg.answer).toBe(true);
  });

  it('goes on from the kept answer when the message that answered runs again (an interrupted turn)', async () => {
    await load({ question: 'ask.hint.pin_code', kind: 'pin_code', answer: 'pin_code' });
    await ask();
    expect(await reply({ id: 'wamid.pin-once', type: 'text', text: '520001' })).toMatchObject({ port: 'answered', msg: { answer: '520001' } });
    expect(await reply({ id: 'wamid.pin-once', type: 'text', text: '520001' })).toMatchObject({ port: 'answered', msg: { answer: '520001' } });
    // A new message is not an answer any more: nothing waits.
    expect((await reply({ type: 'text', text: '520001' })).port).toBe('passed');
  });

  it('lets a global command leave the question, out of the load node with msg.command', async () => {
    await load({ question: 'ask.hint.text', kind: 'text', answer: 'details' });
    await ask();
    const command = await reply({ type: 'text', text: 'మెను' });
    expect(command).toMatchObject({ port: 'passed', msg: { command: 'menu' } });
    expect((await platform().services.sessions.get(citizen.key))!.waiting).toBeNull();
  });

  it('reminds once and then times out, from the conversation sweeper', async () => {
    await load({ question: 'ask.hint.text', kind: 'text', answer: 'details', timeout: 30, reminder: 10 });
    await ask();
    const { conversations } = platform().services;
    const reminder = next();
    await conversations.sweep(new Date(Date.now() + 11 * 60_000));
    const reminded = await reminder;
    expect(reminded.port).toBe('send');
    expect(reminded.msg.payload).toBe(`${texts().format('ask.reminder', 'en')}\n\n${texts().format('ask.hint.text', 'en')}`);
    expect(reminded.msg.citizen).toMatchObject({ key: citizen.key });
    const timeout = next();
    await conversations.sweep(new Date(Date.now() + 31 * 60_000));
    expect(await timeout).toMatchObject({ port: 'unanswered', msg: { conversation: { event: 'timeout', node: 'q1' } } });
  });

  it('is red at deploy with an unknown text key, and fails a message with no citizen', async () => {
    await load({ question: 'no.such.key', kind: 'text', answer: 'x' });
    const out = next();
    helper.getNode('q1').receive({ payload: 'x' });
    expect((await out).msg.error.message).toMatch(/ask.errors.unknown-text/);
    await helper.unload();
    await load({ question: 'ask.hint.text', kind: 'text', answer: 'x' });
    const out2 = next();
    helper.getNode('q1').receive({ payload: 'x' });
    expect((await out2).msg.error.message).toBe('Error: ask.errors.no-citizen');
  });

  it('imports a node exported without a version, with the defaults', () => {
    expect(migrate({ id: 'x', type: 'ask', question: 'q', answer: 'a' })).toEqual({
      version: 1, question: 'q', values: '', kind: 'text', unknownKind: null, answer: 'a', options: [], optionsProperty: 'options', min: null, max: null, when: 'any', pattern: '', hint: '', tries: 3, timeout: 60, reminder: 0,
    });
    // A timeout past WhatsApp's 24-hour window is cut to 23 hours: the closing message must still go out.
    expect(migrate({ id: 'x', type: 'ask', timeout: 1440 }).timeout).toBe(23 * 60);
  });

  it('refuses an Aadhaar question (aadhaar-otp collects the number) rather than ask for free text', async () => {
    await load({ question: 'ask.hint.text', kind: 'aadhaar', answer: 'aadhaar' });
    helper.getNode('q1').receive({ citizen, message: { id: 'wamid.aadhaar', type: 'text', text: 'x' } });
    const out = await next();
    expect(out.port).toBe('caught');
    expect(out.msg.error.message).toMatch(/ask.errors.aadhaar-kind/);
    expect((await platform().services.sessions.get(citizen.key))?.waiting ?? null).toBeNull();
  });

  it('refuses options it could not show, before anything waits: no title, a null description, a repeated id', async () => {
    await load({ question: 'common.choose', kind: 'choice', answer: 'district', optionsProperty: 'options' });
    const options = Array.from({ length: 4 }, (_, i) => ({ id: `d${i}`, title: `District ${i}`, description: null }));
    for (const bad of [[{ id: 'a', title: '' }], [...options.slice(0, 3), { id: 'd0', title: 'Again' }], [{ id: 'a.b', title: 'Dot' }]]) {
      helper.getNode('q1').receive({ citizen, session: { language: 'en' }, options: bad, message: { id: `wamid.b${++seq}`, type: 'text', text: 'x' } });
      expect((await next()).port).toBe('caught');
    }
    expect((await platform().services.sessions.get(citizen.key))?.waiting ?? null).toBeNull();
    // A null description is no description.
    helper.getNode('q1').receive({ citizen, session: { language: 'en' }, options, message: { id: `wamid.b${++seq}`, type: 'text', text: 'x' } });
    expect((await next()).msg.payload.rows).toHaveLength(4);
  });

  it('refuses at deploy an answer pattern that could take exponential time', async () => {
    await load({ question: 'ask.hint.text', kind: 'text', answer: 'card', pattern: '^(\\d+)+$' });
    helper.getNode('q1').receive({ citizen, message: { id: 'wamid.redos', type: 'text', text: 'x' } });
    expect((await next()).msg.error.message).toMatch(/ask.errors.unsafe-pattern/);
  });

  it('takes a typed number from the page the citizen sees', async () => {
    const options = Array.from({ length: 13 }, (_, i) => ({ id: `d${i + 1}`, title: `District ${i + 1}` }));
    await load({ question: 'common.choose', kind: 'choice', answer: 'district', optionsProperty: 'options' });
    helper.getNode('q1').receive({ citizen, whatsapp: {}, session: { language: 'en' }, options, message: { id: 'wamid.p0', type: 'text', text: 'x' } });
    const token = (await next()).msg.payload.rows[0].id.split('.')[0];
    await tapMore(token);
    expect(await reply({ type: 'text', text: '1' })).toMatchObject({ port: 'answered', msg: { answer: 'd10' } });
  });
});
