import helper from 'node-red-node-test-helper';
import citizenSessionNode from '../../nodes/citizen-session/citizen-session';
import type { CitizenSessions } from '../../platform/sessions/citizen-sessions';
import type { DocumentStore } from '../../platform/store';
import { openTestServices, type TestServices } from '../support/registry';

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;

describe('citizen-session node', () => {
  let platform: TestServices;
  let store: DocumentStore;
  let sessions: CitizenSessions;

  beforeAll(async () => {
    platform = await openTestServices({ redis: false });
    ({ store, sessions } = platform.services);
    helper.settings({ jansetu: platform.services });
  });
  afterAll(async () => {
    await platform.close();
  });
  beforeEach(async () => {
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
    await helper.stopServer();
  });

  const flow = (action: string, extra: Record<string, unknown> = {}) => [
    { id: 's1', type: 'citizen-session', action, idleTimeout: 30, keyProperty: 'citizen.key', wires: [['out']], ...extra },
    { id: 'out', type: 'helper' },
    { id: 'c1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', type: 'helper' },
  ];

  async function run(action: string, msg: Msg, extra: Record<string, unknown> = {}): Promise<Msg> {
    await new Promise<void>((r) => helper.load(citizenSessionNode, flow(action, extra), () => r()));
    const out = helper.getNode('out');
    const caught = helper.getNode('caught');
    const result = new Promise<Msg>((resolve) => {
      out.on('input', (m: Msg) => resolve({ output: m }));
      caught.on('input', (m: Msg) => resolve({ error: m }));
    });
    helper.getNode('s1').receive(msg);
    const r = await result;
    await helper.unload();
    return r;
  }

  it('starts a new conversation at "start" and resumes it on the next message', async () => {
    const first = await run('load', { citizen: { key: '100/919800000001' }, payload: 'hi' });
    expect(first.output.session).toMatchObject({ key: '100/919800000001', step: 'start', answers: {}, language: null, isNew: true, expired: false });

    await run('save', { citizen: { key: '100/919800000001' }, session: { ...first.output.session, step: 'ask_name', language: 'te', answers: { service: 'income' } } });

    const second = await run('load', { citizen: { key: '100/919800000001' } });
    expect(second.output.session).toMatchObject({ step: 'ask_name', language: 'te', answers: { service: 'income' }, isNew: false });
  });

  it('starts over after the idle timeout but keeps the language', async () => {
    await sessions.save('100/919800000002', { step: 'ask_name', language: 'te', answers: { a: 1 } });
    // Pretend the last message was an hour ago.
    await store.collection('citizen_sessions').updateOne({ _id: '100/919800000002' }, { $set: { lastInboundAt: new Date(Date.now() - 3600_000) } });
    const loaded = await run('load', { citizen: { key: '100/919800000002' } }, { idleTimeout: 30 });
    expect(loaded.output.session).toMatchObject({ step: 'start', answers: {}, language: 'te', isNew: true, expired: true });
  });

  it('ends a conversation: the next load starts over', async () => {
    await sessions.save('100/919800000003', { step: 'confirm', answers: { x: 'y' } });
    const ended = await run('end', { citizen: { key: '100/919800000003' }, session: {} });
    expect(ended.output.session).toBeUndefined();
    const loaded = await run('load', { citizen: { key: '100/919800000003' } });
    expect(loaded.output.session).toMatchObject({ step: 'start', answers: {} });
  });

  it('keys a version-1 node left at the old citizen.wa_id default by the citizen key, so BSUID-only citizens get a session', async () => {
    const r = await run('load', { citizen: { wa_id: null, user_id: 'IN.1410018717833190', key: '100/IN.1410018717833190' } }, { keyProperty: undefined, waIdProperty: 'citizen.wa_id' });
    expect(r.output.session.key).toBe('100/IN.1410018717833190');
  });

  it("keeps the language a citizen chose before sessions were keyed by citizen key, and drops the old record", async () => {
    await store.collection('citizen_sessions').insertOne({ _id: '919800000011', step: 'departments', answers: {}, language: 'te', lastInboundAt: new Date(), startedAt: new Date(), updatedAt: new Date(), purgeAt: new Date(Date.now() + 86_400_000) });
    const r = await run('load', { citizen: { wa_id: '919800000011', user_id: 'IN.1410018717833111', key: '100/IN.1410018717833111' } });
    expect(r.output.session).toMatchObject({ key: '100/IN.1410018717833111', language: 'te', isNew: true });
    expect(await store.collection('citizen_sessions').findOne({ _id: '919800000011' })).toBeNull();
    expect(await sessions.get('100/IN.1410018717833111')).toMatchObject({ language: 'te' });
  });

  it('refuses a bare phone number as a key, naming the form it wants', async () => {
    const r = await run('load', { citizen: { key: '919800000009' } });
    expect(r.error.error.message).toMatch(/phone number id>\/<phone or BSUID>/);
  });

  it('reads the citizen key from the configured property', async () => {
    const r = await run('load', { from: '100/919800000004' }, { keyProperty: 'from' });
    expect(r.output.session.key).toBe('100/919800000004');
  });

  it('reports a missing WhatsApp id to Catch nodes and sends nothing on', async () => {
    const r = await run('load', { payload: 'no citizen' });
    expect(r.output).toBeUndefined();
    // The test helper's RED._ returns the message key; the host test checks the English text.
    expect(r.error.error.message).toBe('Error: citizen-session.errors.no-wa-id');
  });

  it('refuses answers whose keys the store cannot hold', async () => {
    const r = await run('save', { citizen: { key: '100/919800000005' }, session: { step: 'x', answers: { 'a.b': 1 } } });
    expect(r.error.error.message).toMatch(/answer key "a\.b"/);
    expect(await sessions.get('100/919800000005')).toBeNull();
  });
});
