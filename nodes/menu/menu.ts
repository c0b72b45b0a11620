/**
 * menu: a list the citizen picks from and pages through, waiting for the pick
 * like an ask node. From the service catalog it shows the departments, then a
 * department's services, with "more", "back" and "all departments" rows; a
 * citizen may also type what they need, which the catalog search answers
 * (straight to a service, or a few to choose from). A static menu shows its
 * own options. Output 1: the list to send; output 2: the choice (msg.service
 * from the catalog, msg.answer for a static menu); output 3: no choice made
 * (msg.conversation.event "tries" or "timeout").
 */
import type { ChoiceOption } from '../../platform/conversation/answers';
import { checkAnswer } from '../../platform/conversation/answers';
import { composeQuestion, pageCount, pageOf, shownOptions, splitReplyId, type Hint } from '../../platform/conversation/question';
import { languageOf, textIn } from '../../platform/citizens/language';
import type { ServiceCatalog } from '../../platform/departments/catalog';
import type { AnsweredStep, PendingStep } from '../../platform/sessions/citizen-sessions';
import { servicesFromSettings } from '../../platform/registry';
import { citizenKeyOf, messageIdOf, sendGaveUp, languageOfMsg, registerAskingNode } from '../conversation-step';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';
import { migrate } from './config';

type Level = { level: 'departments' } | { level: 'services'; department: string } | { level: 'choices'; services: string[] } | { level: 'static' };
type MenuState = Level & { page: number; greet?: boolean; hint?: Hint | null };

const DEPARTMENT = 'dept_';
const SERVICE = 'svc_';
const ALL_DEPARTMENTS = '~up';

function register(RED: NodeAPI): void {
  function MenuNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const config = migrate(nodeDef);
    const { texts, catalog, serviceSearch } = servicesFromSettings(RED.settings);
    const keys = [config.question, ...(config.source === 'catalog' ? [config.welcome, 'menu.services', 'menu.did_you_mean', 'common.departments'] : config.options.map((o) => o.text))];
    const unknown = keys.filter((k) => k === '' || !texts.has(k));
    const problems = [...(unknown.length > 0 ? [RED._('menu.errors.unknown-text', { keys: unknown.join(', ') || '""' })] : []), ...(config.source === 'static' && config.options.length === 0 ? [RED._('menu.errors.no-options')] : [])];
    if (problems.length > 0) {
      node.status({ fill: 'red', shape: 'ring', text: RED._('menu.status.misconfigured') });
      node.error(problems.join('; '));
    }
    const staticOptions: ChoiceOption[] = problems.length > 0 ? [] : config.options.map((o) => ({ id: o.id, title: texts.inEveryLanguage(o.text) }));
    const timing = { timeoutMs: config.timeout * 60_000, reminderMs: null };

    const conversations = registerAskingNode(RED, node, {
      reminder: () => undefined,
      timeout: (msg) => node.send([null, null, msg]),
    });

    node.on('input', (msg, send, done) => {
      if (problems.length > 0) return done(new Error(problems.join('; ')));
      const key = citizenKeyOf(msg);
      if (!key) return done(new Error(RED._('menu.errors.no-citizen')));
      const resumed = conversations.takeResumed(msg);
      const run = resumed === null ? opened(msg, key, send) : resumed.kind === 'answer' ? picked(msg, key, resumed.step, send) : pickedBefore(msg, resumed.answered, send);
      run.then(() => done(), done);
    });

    /** The message that made the choice, run again after a deploy interrupted its turn: on from the kept choice. */
    async function pickedBefore(msg: NodeMessage, answered: AnsweredStep, send: (msgs: Array<NodeMessage | null>) => void): Promise<void> {
      if (answered.outcome === 'tries') {
        return sendGaveUp(texts, msg, node.id, send);
      }
      const value = answered.values[config.answer];
      const service = config.source === 'catalog' && typeof value === 'string' ? catalog.describe(value) : undefined;
      if (service) {
        msg.service = service;
        msg.route = { kind: 'service', service: service.id };
      }
      msg.answer = value;
      msg.session = { ...((msg.session as object) ?? {}), isNew: false };
      send([null, msg, null]);
    }

    /** The menu shown afresh: the choices a search found, the department a tapped row names, or the first level. */
    async function opened(msg: NodeMessage, key: string, send: (msgs: Array<NodeMessage | null>) => void): Promise<void> {
      const route = msg.route as { kind?: unknown; choices?: Array<{ id?: unknown }> } | undefined;
      const replyId = (msg.message as { reply?: { id?: unknown } } | undefined)?.reply?.id;
      const tapped = typeof replyId === 'string' ? splitReplyId(replyId).option : '';
      let state: MenuState;
      if (config.source === 'static') state = { level: 'static', page: 1 };
      else if (route?.kind === 'choices' && Array.isArray(route.choices)) state = { level: 'choices', services: route.choices.map((c) => String(c.id)).filter((id) => catalog.service(id)), page: 1 };
      else if (tapped.startsWith(DEPARTMENT) && catalog.department(tapped.slice(DEPARTMENT.length))) state = { level: 'services', department: tapped.slice(DEPARTMENT.length), page: 1 };
      else state = { level: 'departments', page: 1, greet: (msg.session as { isNew?: unknown } | undefined)?.isNew === true };
      const step = conversations.prepare({ node: node.id, citizen: msg.citizen as Record<string, unknown>, seed: messageIdOf(msg), channel: (msg.whatsapp ?? {}) as Record<string, unknown>, state, ...timing });
      msg.payload = listOf(step, languageOfMsg(msg), null);
      await conversations.record(key, step);
      send([msg, null, null]);
    }

    async function picked(msg: NodeMessage, key: string, step: PendingStep, send: (msgs: Array<NodeMessage | null>) => void): Promise<void> {
      const state = step.state as MenuState;
      const language = languageOfMsg(msg);
      const message = (msg.message ?? {}) as Parameters<typeof checkAnswer>[1] & { id?: unknown };
      const messageId = typeof message.id === 'string' ? message.id : undefined;
      const closedMeanwhile = () => {
        msg.payload = texts.format('conversation.closed', language);
        send([msg, null, null]);
      };
      if (conversations.isReplay(msg, step)) {
        // The message that led to this list (or to its last showing), run again: the same list.
        msg.payload = listOf(step, language, (state.hint as Hint | null | undefined) ?? null);
        send([msg, null, null]);
        return;
      }
      const show = async (next: MenuState, hint: Hint | null, attempts = step.attempts) => {
        const shown = await conversations.askAgain(key, step, { state: { ...next, hint }, attempts, ...(messageId ? { lastMessage: messageId } : {}) }, timing);
        if (!shown) return closedMeanwhile();
        msg.payload = listOf(shown, language, hint);
        send([msg, null, null]);
      };
      const replyId = typeof message.reply?.id === 'string' ? message.reply.id : null;
      const reply = replyId === null ? null : splitReplyId(replyId);
      let option: string | null = reply === null ? null : reply.option;
      // Rows of older lists still name their department or service; any other tap from an older
      // question (a second tap on the language button, say) is no try at this menu.
      if (reply !== null && reply.token !== step.token && !reply.option.startsWith(DEPARTMENT) && !reply.option.startsWith(SERVICE)) {
        return show(state, { key: 'ask.hint.old_choice' });
      }
      if (option === null && message.type === 'text') {
        // A typed number or title picks from the page shown; any other words are searched for.
        const all = optionsOf({ ...state, greet: false });
        const typed = checkAnswer('choice', message, { numbered: shownOptions(all, state.page) }, all);
        if (typed.ok) option = String(typed.value);
        else if (config.source === 'catalog' && typeof message.text === 'string') {
          const route = serviceSearch.route(message.text);
          if (route.kind === 'service') option = SERVICE + route.match.serviceId;
          else if (route.kind === 'choices') return show({ level: 'choices', services: route.matches.map((m) => m.serviceId), page: 1 }, null);
        }
      }
      const page = option === null ? null : pageOf(option);
      if (page !== null) return show({ ...state, greet: false, page: Math.min(page, pageCount(optionsOf(state).length)) }, null);
      if (option === ALL_DEPARTMENTS) return show({ level: 'departments', page: 1 }, null);
      if (option?.startsWith(DEPARTMENT) && config.source === 'catalog' && catalog.department(option.slice(DEPARTMENT.length))) {
        return show({ level: 'services', department: option.slice(DEPARTMENT.length), page: 1 }, null);
      }
      const service = option?.startsWith(SERVICE) && config.source === 'catalog' ? catalog.describe(option.slice(SERVICE.length)) : undefined;
      const staticChoice = config.source === 'static' && option !== null ? staticOptions.find((o) => o.id === option) : undefined;
      if (service || staticChoice) {
        const value = service ? service.id : staticChoice!.id;
        const session = await conversations.answer(key, step, service ? { [config.answer]: value, department: service.department } : { [config.answer]: value }, messageId);
        if (!session) return closedMeanwhile();
        msg.session = { ...((msg.session as object) ?? {}), ...session, isNew: false };
        if (service) {
          msg.service = service;
          msg.route = { kind: 'service', service: service.id };
        }
        msg.answer = value;
        send([null, msg, null]);
        return;
      }
      const attempts = step.attempts + 1;
      if (attempts < config.tries) return show(state, { key: config.source === 'catalog' ? 'menu.not_understood' : 'ask.hint.choice' }, attempts);
      if (!(await conversations.giveUp(key, step, messageId))) return closedMeanwhile();
      sendGaveUp(texts, msg, node.id, send);
    }

    function optionsOf(state: MenuState): ChoiceOption[] {
      switch (state.level) {
        case 'static':
          return staticOptions;
        case 'departments':
          return catalog.departments().map((d) => ({ id: DEPARTMENT + d.id, title: d.title, description: d.description }));
        case 'services': {
          const department = catalog.department(state.department);
          const services = (department?.services ?? []).map((s) => ({ id: SERVICE + s.id, title: s.title, description: s.description }));
          return [...services, { id: ALL_DEPARTMENTS, title: texts.inEveryLanguage('common.departments') }];
        }
        case 'choices':
          return state.services.flatMap((id) => {
            const s = catalog.describe(id);
            return s ? [{ id: SERVICE + s.id, title: s.title, description: s.description }] : [];
          });
      }
    }

    function listOf(step: PendingStep, language: string | null, hint: Hint | null) {
      const state = step.state as MenuState;
      const text = state.level === 'services' ? 'menu.services' : state.level === 'choices' ? 'menu.did_you_mean' : state.greet ? config.welcome : config.question;
      const values = state.level === 'services' ? { department: departmentTitle(catalog, state.department, language) } : {};
      const button = state.level === 'services' || state.level === 'choices' ? 'common.services' : state.level === 'departments' ? 'common.departments' : 'common.choose';
      return composeQuestion(texts, { text, values, language, kind: 'menu', token: step.token, options: optionsOf(state), page: state.page, hint, listButton: button });
    }
  }

  RED.nodes.registerType('menu', MenuNode);
}

function departmentTitle(catalog: ServiceCatalog, id: string, language: string | null): string {
  const department = catalog.department(id);
  return department ? textIn(department.title, languageOf(language)) : id;
}

export = register;
