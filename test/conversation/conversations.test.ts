/**
 * The conversation engine without Node-RED, on a real store: a question waits,
 * the citizen's next message is routed back to the node that asked (also from
 * a second host on the same store), global commands leave it, answers are kept
 * in the session with the question closed in one write, reminders and
 * timeouts fire once across hosts, and a question whose node is gone is left.
 */
import { Conversations, type StepHandler } from '../../platform/conversation/conversations';
import { commandOf } from '../../platform/conversation/commands';
import { createLogger } from '../../platform/log';
import { CitizenSessions, type PendingStep } from '../../platform/sessions/citizen-sessions';
import { createStore, type DocumentStore } from '../../platform/store';
import { randomBytes } from 'node:crypto';
import { describeWith, serviceUrl, tempDir } from '../support/services';

const KEY = '1234567890/IN.conversation01';
const t0 = new Date('2026-08-15T04:00:00Z');
const at = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);
const citizen = { key: KEY, wa_id: '919000000001', user_id: 'IN.conversation01' };

function recorder(): StepHandler & { events: string[] } {
  const events: string[] = [];
  return {
    events,
    resume: (msg) => events.push(`resume:${(msg.message as { text?: string }).text}`),
    remind: (key, step) => void events.push(`remind:${key}:${step.node}`),
    expire: (key, step) => void events.push(`expire:${key}:${step.node}`),
  };
}

conversationContract('the embedded store', () => createStore({ engine: 'embedded', dir: tempDir() }));
describeWith('MONGODB')('on MongoDB', () => {
  conversationContract('FerretDB', () => createStore({ engine: 'mongo', uri: serviceUrl('MONGODB')!, dbName: `jansetu_conversations_${randomBytes(4).toString('hex')}`, sweepIntervalMs: 0 }));
});

function conversationContract(engine: string, open: () => Promise<DocumentStore>): void {
  describe(`Conversations on ${engine}`, () => {
    let store: DocumentStore;
    let sessions: CitizenSessions;
    let conversations: Conversations;
    const log = createLogger('silent');

    beforeAll(async () => {
      store = await open();
      sessions = new CitizenSessions(store);
      await sessions.init();
      conversations = new Conversations(sessions, log);
    });
    afterAll(() => store.close());
    beforeEach(() => sessions.end(KEY));

    it('routes the next message back to the node that asked, and keeps the answer as it closes the question', async () => {
      const handler = recorder();
      const unregister = conversations.register('ask-pin', handler);
      const step = await conversations.ask(KEY, { node: 'ask-pin', citizen, channel: { phoneNumberId: '1234567890' }, timeoutMs: 60 * 60_000, reminderMs: null }, t0);
      const { session } = await sessions.touch(KEY, 30 * 60_000, at(1));
      expect(session.waiting).toMatchObject({ node: 'ask-pin', token: step.token, attempts: 0 });

      const route = conversations.route(session, { type: 'text', text: '520001' });
      expect(route).toEqual({ kind: 'resume', step: session.waiting });
      const msg = { message: { type: 'text', text: '520001' } };
      expect(conversations.resume(msg, { kind: 'resume', step: session.waiting! })).toBe(true);
      expect(handler.events).toEqual(['resume:520001']);
      // The node tells a resumed message from one that came over its wire, once.
      expect(conversations.takeResumed(msg)).toMatchObject({ kind: 'answer', step: { token: step.token } });
      expect(conversations.takeResumed(msg)).toBeNull();
      expect(conversations.takeResumed({ ...msg })).toBeNull();

      const answered = await conversations.answer(KEY, step, { pin_code: '520001' }, 'wamid.pin', at(1));
      expect(answered).toMatchObject({ waiting: null, answers: { pin_code: '520001' }, answered: { node: 'ask-pin', messageId: 'wamid.pin', values: { pin_code: '520001' } } });
      // A second tap on the same answer finds the question closed: nothing is kept twice.
      expect(await conversations.answer(KEY, step, { pin_code: '999999' }, 'wamid.pin2', at(1))).toBeNull();
      expect((await sessions.get(KEY))!.answers).toEqual({ pin_code: '520001' });
      unregister();
    });

    it('gives an injected event only to the step that awaits it', async () => {
      const unregister = [conversations.register('ask-pin', recorder()), conversations.register('digilocker', recorder())];
      await conversations.ask(KEY, { node: 'ask-pin', citizen, channel: {}, timeoutMs: 60 * 60_000, reminderMs: null }, t0);
      const event = (awaits: string) => ({ type: 'event', event: { name: 'digilocker.linked', data: { awaits } } });
      // A question for a PIN code is not answered by DigiLocker's callback.
      let { session } = await sessions.touch(KEY, 30 * 60_000, at(1));
      expect(conversations.route(session, event('link-1'))).toEqual({ kind: 'none', left: null });
      await sessions.end(KEY);
      await conversations.ask(KEY, { node: 'digilocker', citizen, channel: {}, timeoutMs: 60 * 60_000, reminderMs: null, state: { expects: 'digilocker', awaits: 'link-2' } }, t0);
      ({ session } = await sessions.touch(KEY, 30 * 60_000, at(1)));
      expect(conversations.route(session, event('link-1'))).toEqual({ kind: 'none', left: null });
      expect(conversations.route(session, event('link-2'))).toMatchObject({ kind: 'resume', step: { node: 'digilocker' } });
      // A step recorded before steps named what they await (an upgrade) takes the events of its kind.
      await sessions.end(KEY);
      await conversations.ask(KEY, { node: 'digilocker', citizen, channel: {}, timeoutMs: 60 * 60_000, reminderMs: null, state: { expects: 'digilocker' } }, t0);
      ({ session } = await sessions.touch(KEY, 30 * 60_000, at(1)));
      expect(conversations.route(session, event('link-3'))).toMatchObject({ kind: 'resume', step: { node: 'digilocker' } });
      unregister.forEach((u) => u());
    });

    it('sends a message run again after an interrupted turn where it went the first time', async () => {
      conversations.register('ask-first', recorder());
      conversations.register('ask-second', recorder());
      const first = await conversations.ask(KEY, { node: 'ask-first', citizen, channel: {}, timeoutMs: 60 * 60_000, reminderMs: null, seed: 'wamid.m1' }, t0);
      // The same message asks the same question: the token comes from it, so whatsapp-out sends it once.
      expect(conversations.prepare({ node: 'ask-first', citizen, channel: {}, timeoutMs: 60_000, reminderMs: null, seed: 'wamid.m1' }).token).toBe(first.token);
      let { session } = await sessions.touch(KEY, 30 * 60_000, at(1));
      // m1 again, a "menu" even: it asked this question, so it goes back to it (which asks it again).
      expect(conversations.route(session, { id: 'wamid.m1', type: 'text', text: 'menu' })).toMatchObject({ kind: 'resume', step: { askedBy: 'wamid.m1' } });
      // m2 answers it; then the turn is interrupted before the next question, and m2 runs again.
      await conversations.answer(KEY, first, { name: 'Padma' }, 'wamid.m2', at(2));
      ({ session } = await sessions.touch(KEY, 30 * 60_000, at(2)));
      expect(conversations.route(session, { id: 'wamid.m2', type: 'text', text: 'Padma' })).toMatchObject({ kind: 'replay', answered: { node: 'ask-first', values: { name: 'Padma' } } });
      const replayed = { message: { id: 'wamid.m2' } };
      conversations.resume(replayed, conversations.route(session, { id: 'wamid.m2', type: 'text', text: 'Padma' }) as { kind: 'replay'; answered: never });
      expect(conversations.takeResumed(replayed)).toMatchObject({ kind: 'answered', answered: { messageId: 'wamid.m2' } });
      // Had m2 gone on to ask the next question, m2 again goes to that one.
      await conversations.ask(KEY, { node: 'ask-second', citizen, channel: {}, timeoutMs: 60 * 60_000, reminderMs: null, seed: 'wamid.m2' }, at(2));
      ({ session } = await sessions.touch(KEY, 30 * 60_000, at(2)));
      expect(conversations.route(session, { id: 'wamid.m2', type: 'text', text: 'Padma' })).toMatchObject({ kind: 'resume', step: { node: 'ask-second' } });
      // The turn of m3 ended the conversation: m3 run again has nothing left to do.
      await sessions.end(KEY, at(3), 'wamid.m3');
      ({ session } = await sessions.touch(KEY, 30 * 60_000, at(3)));
      expect(conversations.route(session, { id: 'wamid.m3', type: 'text', text: '520001' })).toEqual({ kind: 'done' });
      expect(conversations.route(session, { id: 'wamid.m4', type: 'text', text: 'hi' })).toMatchObject({ kind: 'command', command: 'menu' });
      // Only the identity of the citizen is kept with a question, not the profile.
      const withProfile = conversations.prepare({ node: 'ask-first', citizen: { ...citizen, profile_name: 'Padma', username: 'padma.k' }, channel: {}, timeoutMs: 60_000, reminderMs: null });
      expect(withProfile.citizen).toEqual(citizen);
    });

    it('resumes on a second host that shares the store, as the inbox may run the next message there', async () => {
      const hostA = new Conversations(sessions, log);
      const hostB = new Conversations(sessions, log);
      hostA.register('ask-name', recorder());
      const onB = recorder();
      hostB.register('ask-name', onB);
      await hostA.ask(KEY, { node: 'ask-name', citizen, channel: {}, timeoutMs: 60 * 60_000, reminderMs: null }, t0);
      const { session } = await sessions.touch(KEY, 30 * 60_000, at(2));
      const route = hostB.route(session, { type: 'text', text: 'Lakshmi' });
      expect(route.kind).toBe('resume');
      hostB.resume({ message: { type: 'text', text: 'Lakshmi' } }, route as { kind: 'resume'; step: PendingStep });
      expect(onB.events).toEqual(['resume:Lakshmi']);
    });

    it('lets a global command leave the question, in English, Telugu and romanised Telugu', async () => {
      conversations.register('ask-details', recorder());
      await conversations.ask(KEY, { node: 'ask-details', citizen, channel: {}, timeoutMs: 60 * 60_000, reminderMs: null }, t0);
      const { session } = await sessions.touch(KEY, 30 * 60_000, at(1));
      for (const [text, command] of [['menu', 'menu'], ['Help!', 'help'], ['సహాయం', 'help'], ['అధికారి', 'officer'], ['bhasha', 'language'], ['STOP', 'stop'], ['ఆపండి', 'stop'], ['hi', 'menu']] as const) {
        expect(conversations.route(session, { type: 'text', text })).toMatchObject({ kind: 'command', command, left: { node: 'ask-details' } });
      }
      // Buttons the platform's texts offer carry the command as their id; other buttons are answers.
      expect(commandOf({ type: 'interactive', reply: { kind: 'button_reply', id: 'officer', title: 'Talk to an officer' } })).toBe('officer');
      expect(commandOf({ type: 'interactive', reply: { kind: 'button_reply', id: 'tok.help_desk', title: 'Help desk' } })).toBeNull();
      // A sentence that contains a command word is an answer, not a command.
      expect(conversations.route(session, { type: 'text', text: 'I need help with my ration card' }).kind).toBe('resume');
      // A rating tapped meanwhile (the list a resolved grievance offered) is kept, and the question still waits.
      expect(conversations.route(session, { type: 'interactive', reply: { kind: 'list_reply', id: 'rate.AP-MAU-2026-000007.5', title: '5 stars' } })).toEqual({ kind: 'command', command: 'rate', left: null });
      // "status" leaves too; a reference number alone answers the question (it may ask for one)...
      expect(conversations.route(session, { type: 'text', text: 'status' })).toMatchObject({ kind: 'command', command: 'status' });
      expect(conversations.route(session, { type: 'text', text: 'AP-REV-2026-000123' }).kind).toBe('resume');
      // ...and with no question waiting, asks where that application stands.
      expect(conversations.route({ waiting: null, answered: null, endedBy: null }, { type: 'text', text: 'ap rev 2026 000123' })).toMatchObject({ kind: 'command', command: 'status' });
      expect(conversations.route({ waiting: null, answered: null, endedBy: null }, { type: 'text', text: 'AP-REV-2026' }).kind).toBe('none');
      expect(await conversations.leave(KEY)).toBe(true);
      expect((await sessions.get(KEY))!.waiting).toBeNull();
    });

    it('leaves a question whose node no longer runs (removed by a deploy)', async () => {
      await conversations.ask(KEY, { node: 'deleted-node', citizen, channel: {}, timeoutMs: 60 * 60_000, reminderMs: null }, t0);
      const { session } = await sessions.touch(KEY, 30 * 60_000, at(1));
      expect(conversations.route(session, { type: 'text', text: 'hello there' })).toMatchObject({ kind: 'none', left: { node: 'deleted-node' } });
    });

    it('keeps a conversation alive past the idle timeout while its question waits, and starts over after the question timed out', async () => {
      conversations.register('ask-doc', recorder());
      await conversations.ask(KEY, { node: 'ask-doc', citizen, channel: {}, timeoutMs: 3 * 60 * 60_000, reminderMs: null }, t0);
      // 2 hours of silence: past the 30-minute idle timeout, within the question's 3 hours.
      const later = await sessions.touch(KEY, 30 * 60_000, at(120));
      expect(later).toMatchObject({ isNew: false, session: { waiting: { node: 'ask-doc' } } });
      const muchLater = await sessions.touch(KEY, 30 * 60_000, at(120 + 181));
      expect(muchLater).toMatchObject({ isNew: true, session: { waiting: null } });
    });

    it('sends the reminder once and then times the question out once, with two hosts sweeping', async () => {
      const a = recorder();
      const b = recorder();
      const hostA = new Conversations(sessions, log);
      const hostB = new Conversations(sessions, log);
      hostA.register('ask-slow', a);
      hostB.register('ask-slow', b);
      await hostA.ask(KEY, { node: 'ask-slow', citizen, channel: {}, timeoutMs: 30 * 60_000, reminderMs: 10 * 60_000 }, t0);

      expect(await Promise.all([hostA.sweep(at(9)), hostB.sweep(at(9))])).toEqual([0, 0]);
      const reminded = await Promise.all([hostA.sweep(at(11)), hostB.sweep(at(11))]);
      expect(reminded[0] + reminded[1]).toBe(1);
      expect([...a.events, ...b.events]).toEqual([`remind:${KEY}:ask-slow`]);
      expect((await sessions.get(KEY))!.waiting).toMatchObject({ reminded: true });

      expect(await hostA.sweep(at(20))).toBe(0);
      const expired = await Promise.all([hostB.sweep(at(31)), hostA.sweep(at(31))]);
      expect(expired[0] + expired[1]).toBe(1);
      expect([...a.events, ...b.events].sort()).toEqual([`expire:${KEY}:ask-slow`, `remind:${KEY}:ask-slow`]);
      expect((await sessions.get(KEY))!.waiting).toBeNull();
    });

    it('times a question out without its reminder when both are overdue (hosts were down)', async () => {
      const handler = recorder();
      conversations.register('ask-down', handler);
      await conversations.ask(KEY, { node: 'ask-down', citizen, channel: {}, timeoutMs: 30 * 60_000, reminderMs: 10 * 60_000 }, t0);
      expect(await conversations.sweep(at(45))).toBe(1);
      expect(handler.events).toEqual([`expire:${KEY}:ask-down`]);
    });

    it('does not remind or time out a question the citizen answered, and restarts the clock when it is asked again', async () => {
      const handler = recorder();
      conversations.register('ask-fast', handler);
      const step = await conversations.ask(KEY, { node: 'ask-fast', citizen, channel: {}, timeoutMs: 30 * 60_000, reminderMs: 10 * 60_000 }, t0);
      const again = await conversations.askAgain(KEY, step, { attempts: 1 }, { timeoutMs: 30 * 60_000, reminderMs: 10 * 60_000 }, at(8));
      expect(again).toMatchObject({ attempts: 1, remindAt: at(18) });
      expect(await conversations.sweep(at(11))).toBe(0);
      await conversations.answer(KEY, again!, { x: 1 }, undefined, at(12));
      expect(await conversations.sweep(at(60))).toBe(0);
      expect(handler.events).toEqual([]);
    });

    it('closes, after a grace period, a due question whose node no host runs', async () => {
      const lonely = new Conversations(sessions, log, { orphanGraceMs: 60_000 });
      await lonely.ask(KEY, { node: 'gone', citizen, channel: {}, timeoutMs: 10 * 60_000, reminderMs: null }, t0);
      expect(await lonely.sweep(at(10.5))).toBe(0);
      expect((await sessions.get(KEY))!.waiting).not.toBeNull();
      expect(await lonely.sweep(at(12))).toBe(1);
      expect((await sessions.get(KEY))!.waiting).toBeNull();
    });
  });
}
