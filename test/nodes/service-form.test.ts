/**
 * service-form under the real Node-RED runtime, behind a citizen-session load
 * node as in a shipped flow: every input of a catalog service asked in turn,
 * each checked by its kind (a future date of birth refused), choices offered
 * from the catalog's lists, the answers kept and read back in the citizen's
 * language, a message re-run after an interrupted turn asking the same next
 * question, and the tries used up coming out of output 3.
 */
import helper from 'node-red-node-test-helper';
import formNode from '../../nodes/service-form/service-form';
import sessionNode from '../../nodes/citizen-session/citizen-session';
import { portRecorder } from '../support/node-ports';
import { usePlatformForNodes } from '../support/node-tests';

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;
const PORTS = ['send', 'answered', 'unanswered', 'passed', 'caught'] as const;
type Port = (typeof PORTS)[number];

describe('service-form node', () => {
  const platform = usePlatformForNodes();
  let citizenNo = 0;
  let citizen: { key: string; wa_id: string };
  let seq = 0;
  const { listen, next } = portRecorder(PORTS);

  async function load(form: Record<string, unknown>): Promise<void> {
    citizenNo++;
    citizen = { key: `100/9198000008${String(citizenNo).padStart(2, '0')}`, wa_id: `9198000008${String(citizenNo).padStart(2, '0')}` };
    await new Promise<void>((r) =>
      helper.load(
        [sessionNode, formNode],
        [
          { id: 'session', type: 'citizen-session', action: 'load', idleTimeout: 30, keyProperty: 'citizen.key', version: 3, wires: [['passed']] },
          { id: 'form', type: 'service-form', version: 1, ...form, wires: [['send'], ['answered'], ['unanswered']] },
          ...PORTS.filter((p) => p !== 'caught').map((id) => ({ id, type: 'helper' })),
          { id: 'k1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
          { id: 'caught', type: 'helper' },
        ],
        () => r(),
      ),
    );
    listen();
  }
  async function start(language: string, extra: Msg = {}): Promise<{ port: Port; msg: Msg }> {
    await platform().services.sessions.save(citizen.key, { language });
    const out = next();
    helper.getNode('form').receive({ citizen, whatsapp: { phoneNumberId: '100' }, session: { key: citizen.key, language }, message: { id: `wamid.f${++seq}`, type: 'text', text: 'birth certificate' }, ...extra });
    return out;
  }
  /** The citizen's next message, through the load node as whatsapp-in would send it. */
  async function reply(message: Record<string, unknown>, id = `wamid.f${++seq}`): Promise<{ port: Port; msg: Msg }> {
    const out = next();
    helper.getNode('session').receive({ citizen, whatsapp: { phoneNumberId: '100' }, message: { id, ...message } });
    return out;
  }
  const texts = () => platform().services.texts;
  const text = (t: string) => reply({ type: 'text', text: t });

  it('asks each input of the service in turn, checks it by its kind, and reads the answers back', async () => {
    await load({ service: 'birth_certificate' });
    const first = await start('en');
    expect(first.port).toBe('send');
    expect(first.msg.payload).toBe(texts().format('form.question.text', 'en', { service: 'Birth certificate', step: 1, steps: 4, label: 'Name as registered', optional: 'no' }));
    expect((await text('Sita Devi')).msg.payload).toContain('step 2 of 4');
    // A birth date in the future is not a birth date.
    const future = await text('01-01-2999');
    expect(future.port).toBe('send');
    expect(future.msg.payload).toContain('step 2 of 4');
    expect(future.msg.payload).not.toBe(texts().format('form.question.date', 'en', { service: 'Birth certificate', step: 2, steps: 4, label: 'Date of birth', optional: 'no' }));
    expect((await text('05-03-2024')).msg.payload).toContain('step 3 of 4');
    expect((await text('Government General Hospital, Guntur')).msg.payload).toContain('step 4 of 4');
    const done = await text('Padma');
    expect(done.port).toBe('answered');
    expect(done.msg.session.answers).toMatchObject({ registered_name: 'Sita Devi', date_of_birth: '2024-03-05', place_of_birth: 'Government General Hospital, Guntur', mother_name: 'Padma' });
    expect(done.msg.service).toMatchObject({ id: 'birth_certificate', department: 'municipal' });
    expect(done.msg.form.summary.en.split('\n')).toEqual(['Name as registered: Sita Devi', 'Date of birth: 05-03-2024', 'Hospital or place of birth: Government General Hospital, Guntur', "Mother's name: Padma"]);
    expect(done.msg.form.summary.te).toContain('05-03-2024');
  });

  it('offers a choice input\'s options from the catalog\'s lists, in the citizen\'s language', async () => {
    await load({ service: 'death_certificate' });
    await start('te');
    await text('Venkata Rao');
    await text('01-05-2026');
    const choice = await text('Tenali');
    const options = platform().services.choices.optionsFor('death_certificate', 'relationship')!;
    const shown = choice.msg.payload.buttons ?? choice.msg.payload.rows;
    expect(shown.map((o: { title: string }) => o.title)).toEqual(options.slice(0, shown.length).map((o) => (o.title as Record<string, string>).te.slice(0, 24)));
    const token = String(shown[0].id).split('.')[0];
    const done = await reply({ type: 'interactive', reply: { kind: 'list_reply', id: `${token}.${options[0]!.id}`, title: 'x' } });
    expect(done.port).toBe('answered');
    expect(done.msg.session.answers.relationship).toBe(options[0]!.id);
  });

  it('asks the same next question when the message that answered runs again, and gives up after the tries', async () => {
    await load({ service: 'birth_certificate', tries: 2 });
    await start('en');
    const answerId = `wamid.f${++seq}`;
    const second = await reply({ type: 'text', text: 'Sita' }, answerId);
    // The inbox runs the same message again (a deploy interrupted its turn): the same question, the same token.
    const again = await reply({ type: 'text', text: 'Sita' }, answerId);
    expect(again.port).toBe('send');
    expect(again.msg.payload).toBe(second.msg.payload);
    expect((await platform().services.sessions.get(citizen.key))!.answers).toMatchObject({ registered_name: 'Sita' });
    // The host stopped after keeping the answer and before asking the next question: the re-run asks it.
    expect(await platform().services.conversations.leave(citizen.key)).toBe(true);
    const resumed = await reply({ type: 'text', text: 'Sita' }, answerId);
    expect(resumed).toMatchObject({ port: 'send', msg: { payload: second.msg.payload } });
    await text('not a date');
    const gaveUp = await text('still not a date');
    expect(gaveUp.port).toBe('send');
    expect(gaveUp.msg.payload.body).toBe(texts().format('ask.gave_up', 'en'));
    expect((await next()).msg.conversation).toMatchObject({ event: 'tries' });
  });

  it('says which service is missing', async () => {
    await load({ service: '' });
    helper.getNode('form').receive({ citizen, whatsapp: { phoneNumberId: '100' }, session: { key: citizen.key }, message: { id: 'wamid.none', type: 'text', text: 'x' } });
    expect((await next()).msg.error.message).toMatch(/service-form.errors.no-service/);
  });
});
