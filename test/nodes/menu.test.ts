/**
 * menu under the real Node-RED runtime, behind a citizen-session load node:
 * the departments with a greeting, paging, a department's services and back,
 * a typed request searched in the catalog, the pick kept in the session, a
 * static menu, and the offer of help after the tries.
 */
import helper from 'node-red-node-test-helper';
import menuNode from '../../nodes/menu/menu';
import { migrate } from '../../nodes/menu/config';
import sessionNode from '../../nodes/citizen-session/citizen-session';
import { portRecorder } from '../support/node-ports';
import { usePlatformForNodes } from '../support/node-tests';

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;
const PORTS = ['send', 'chosen', 'unanswered', 'passed', 'caught'] as const;
type Port = (typeof PORTS)[number];

describe('menu node', () => {
  const platform = usePlatformForNodes();
  let n = 0;
  let citizen: { key: string };
  let seq = 0;
  const { listen, next } = portRecorder(PORTS);

  async function load(menu: Record<string, unknown>): Promise<void> {
    citizen = { key: `100/9198000003${String(++n).padStart(2, '0')}` };
    await new Promise<void>((r) =>
      helper.load(
        [sessionNode, menuNode],
        [
          { id: 'session', type: 'citizen-session', action: 'load', idleTimeout: 30, keyProperty: 'citizen.key', version: 3, wires: [['passed']] },
          { id: 'm1', type: 'menu', version: 1, ...menu, wires: [['send'], ['chosen'], ['unanswered']] },
          ...PORTS.filter((p) => p !== 'caught').map((id) => ({ id, type: 'helper' })),
          { id: 'k1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
          { id: 'caught', type: 'helper' },
        ],
        () => r(),
      ),
    );
    listen();
  }
  async function open(msg: Msg = {}): Promise<Msg> {
    helper.getNode('m1').receive({ citizen, whatsapp: {}, session: { language: 'en', isNew: true }, message: { id: `wamid.o${++seq}`, type: 'text', text: 'hi' }, ...msg });
    const out = await next();
    expect(out.port).toBe('send');
    return out.msg.payload;
  }
  async function reply(message: Record<string, unknown>): Promise<{ port: Port; msg: Msg }> {
    helper.getNode('session').receive({ citizen, whatsapp: {}, message: { id: `wamid.r${++seq}`, ...message } });
    return next();
  }
  const tapRow = (id: string) => reply({ type: 'interactive', reply: { kind: 'list_reply', id, title: 'x' } });
  const texts = () => platform().services.texts;

  it('greets with the departments, pages them, opens one, goes back, and keeps the picked service', async () => {
    await load({ source: 'catalog' });
    const departments = await open();
    expect(departments.body).toBe(texts().format('menu.welcome', 'en'));
    expect(departments.rows).toHaveLength(10);
    const token = departments.rows[0].id.split('.')[0];
    const page2 = (await tapRow(`${token}.~page.2`)).msg.payload;
    expect(page2.body).toBe(texts().format('menu.departments', 'en'));
    expect(page2.rows.filter((r: { id: string }) => r.id.includes('.dept_'))).toHaveLength(platform().services.catalog.departments().length - 9);

    const services = (await tapRow(`${token}.dept_revenue`)).msg.payload;
    expect(services.body).toBe(texts().format('menu.services', 'en', { department: 'Revenue' }));
    const back = services.rows.find((r: { id: string }) => r.id.endsWith('.~page.2') || r.id.endsWith('.~up'));
    expect(back).toBeDefined();

    const chosen = await tapRow(`${token}.svc_income_certificate`);
    expect(chosen).toMatchObject({ port: 'chosen', msg: { service: { id: 'income_certificate', department: 'revenue' }, answer: 'income_certificate' } });
    await expect(platform().services.sessions.get(citizen.key)).resolves.toMatchObject({ waiting: null, answers: { service: 'income_certificate', department: 'revenue' } });
  });

  it('searches what the citizen types, and offers choices for a vague request', async () => {
    await load({ source: 'catalog' });
    await open();
    const choices = (await reply({ type: 'text', text: 'certificate' })).msg.payload;
    expect(choices.body).toBe(texts().format('menu.did_you_mean', 'en'));
    const direct = await reply({ type: 'text', text: 'I need an income certificate' });
    expect(direct).toMatchObject({ port: 'chosen', msg: { service: { id: 'income_certificate' } } });
  });

  it('takes a second tap on an older question\'s button as no try, and re-shows the list', async () => {
    await load({ source: 'catalog', tries: 2 });
    await open();
    const stale = await tapRow('OLDTOKEN.te');
    expect(stale.msg.payload.body).toContain(texts().format('ask.hint.old_choice', 'en'));
    expect((await platform().services.sessions.get(citizen.key))!.waiting).toMatchObject({ attempts: 0 });
  });

  it('shows the same list again when the message that opened it runs again (an interrupted turn)', async () => {
    await load({ source: 'catalog' });
    await open();
    const first = await reply({ id: 'wamid.two', type: 'text', text: '2' });
    expect(first.msg.payload.body).toBe(texts().format('menu.services', 'en', { department: 'Revenue' }));
    // Run again, "2" is not read against Revenue's services: the same list goes out (whatsapp-out sends it once).
    const again = await reply({ id: 'wamid.two', type: 'text', text: '2' });
    expect(again).toMatchObject({ port: 'send', msg: { payload: first.msg.payload } });
  });

  it('ends the same way when the message that used up the tries runs again', async () => {
    await load({ source: 'catalog', tries: 1 });
    await open();
    await reply({ id: 'wamid.last-try', type: 'text', text: 'zzzz qqqq' });
    const first = [await next()].map((g) => g.port);
    expect(first).toEqual(['unanswered']);
    const again = [await reply({ id: 'wamid.last-try', type: 'text', text: 'zzzz qqqq' }), await next()].map((g) => g.port).sort();
    expect(again).toEqual(['send', 'unanswered']);
  });

  it('opens at the choices a service-router found', async () => {
    await load({ source: 'catalog' });
    const shown = await open({ route: { kind: 'choices', choices: [{ id: 'birth_certificate' }, { id: 'death_certificate' }] } });
    expect(JSON.stringify(shown)).toContain('svc_birth_certificate');
  });

  it('offers help after the tries, and a static menu keeps its option id', async () => {
    await load({ source: 'catalog', tries: 2 });
    await open();
    expect((await reply({ type: 'text', text: 'zzzz qqqq' })).msg.payload.body).toContain(texts().format('menu.not_understood', 'en'));
    const gaveUp = [await reply({ type: 'text', text: 'zzzz qqqq' }), await next()];
    expect(gaveUp.map((g) => g.port).sort()).toEqual(['send', 'unanswered']);
    await helper.unload();
    await load({ source: 'static', question: 'language.choose', options: [{ id: 'te', text: 'language.telugu' }, { id: 'en', text: 'language.english' }], answer: 'picked' });
    const buttons = await open();
    expect(buttons.buttons.map((b: { title: string }) => b.title)).toEqual(['తెలుగు', 'English']);
    const picked = await reply({ type: 'text', text: 'english' });
    expect(picked).toMatchObject({ port: 'chosen', msg: { answer: 'en' } });
    await expect(platform().services.sessions.get(citizen.key)).resolves.toMatchObject({ answers: { picked: 'en' } });
  });

  it('imports a node exported without a version, with the defaults', () => {
    expect(migrate({ id: 'x', type: 'menu' })).toEqual({ version: 1, source: 'catalog', welcome: 'menu.welcome', question: 'menu.departments', options: [], answer: 'service', tries: 3, timeout: 60 });
  });
});
