/**
 * ask: asks the citizen a question and waits for the answer. The question
 * goes out of output 1 (to a whatsapp-out); the citizen's next message comes
 * back to this node (platform/conversation), is checked, and either goes on
 * out of output 2 with the answer in msg.answer and in the session's answers,
 * or is asked again with a hint. After the set number of failed tries, or when
 * the question times out, output 3 says so (msg.conversation.event), and a
 * citizen who kept failing is offered help, an officer and the menu.
 */
import type { ChoiceOption } from '../../platform/conversation/answers';
import { checkOptions } from '../../platform/conversation/question';
import { QuestionStep, type QuestionSpec } from '../../platform/conversation/question-step';
import type { AnsweredStep, PendingStep } from '../../platform/sessions/citizen-sessions';
import { servicesFromSettings } from '../../platform/registry';
import { citizenKeyOf, messageIdOf, sendGaveUp, languageOfMsg, registerAskingNode } from '../conversation-step';
import { readMessageProperty } from '../msg-property';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';
import { ANSWER_NAME, migrate } from './config';
import isSafePattern from 'safe-regex2';

/** Options a question may page through; kept in the session with the question. */
const MAX_OPTIONS = 100;
/** The question's values are kept with it in the session: a few names and numbers, not a document. */
const MAX_VALUES_CHARS = 2000;

function register(RED: NodeAPI): void {
  function AskNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const config = migrate(nodeDef);
    const { texts } = servicesFromSettings(RED.settings);
    const problems: string[] = [];
    const keys = [config.question, ...config.options.map((o) => o.text), ...(config.hint ? [config.hint] : [])];
    const unknown = keys.filter((k) => k === '' || !texts.has(k));
    if (unknown.length > 0) problems.push(RED._('ask.errors.unknown-text', { keys: unknown.join(', ') || '""' }));
    if (!ANSWER_NAME.test(config.answer)) problems.push(RED._('ask.errors.bad-answer-name', { name: config.answer }));
    let pattern: RegExp | null = null;
    if (config.kind === 'text' && config.pattern) {
      try {
        // Case-insensitive: answers are compared upper-cased, as they are kept.
        pattern = new RegExp(config.pattern, 'i');
        // One citizen's answer must not freeze the host: no pattern with catastrophic backtracking.
        if (!isSafePattern(pattern)) problems.push(RED._('ask.errors.unsafe-pattern', { pattern: config.pattern }));
      } catch (err) {
        problems.push(RED._('ask.errors.bad-pattern', { error: (err as Error).message }));
      }
    }
    if (config.unknownKind !== null) problems.push(RED._(config.unknownKind === 'aadhaar' ? 'ask.errors.aadhaar-kind' : 'ask.errors.unknown-kind', { kind: config.unknownKind }));
    const util = RED.util;
    let values: unknown = null;
    try {
      values = config.values ? util.prepareJSONataExpression(config.values, node) : null;
    } catch (err) {
      problems.push(RED._('ask.errors.bad-values', { error: (err as Error).message }));
    }
    if (problems.length > 0) {
      node.status({ fill: 'red', shape: 'ring', text: RED._('ask.status.misconfigured') });
      node.error(problems.join('; '));
    }
    // Fixed options' titles in every language, resolved once.
    const fixedOptions: ChoiceOption[] | null =
      config.options.length > 0 && unknown.length === 0 ? config.options.map((o) => ({ id: o.id, title: texts.inEveryLanguage(o.text) })) : null;
    const timing = { timeoutMs: config.timeout * 60_000, reminderMs: config.reminder > 0 ? config.reminder * 60_000 : null };

    const spec: QuestionSpec = {
      text: config.question,
      kind: config.kind,
      answer: config.answer,
      rules: { min: config.min, max: config.max, when: config.when, pattern },
      tries: config.tries,
      hint: config.hint,
      timing,
    };
    const conversations = registerAskingNode(RED, node, {
      reminder: (msg, step) => {
        msg.payload = questions.compose(spec, step, languageOfMsg(msg), { key: 'ask.reminder' });
        node.send([msg, null, null]);
      },
      timeout: (msg) => {
        node.status({ fill: 'grey', shape: 'ring', text: RED._('ask.status.timeout') });
        node.send([null, null, msg]);
      },
    });
    const questions = new QuestionStep(texts, conversations, node.id);

    node.on('input', (msg, send, done) => {
      if (problems.length > 0) return done(new Error(problems.join('; ')));
      const key = citizenKeyOf(msg);
      if (!key) return done(new Error(RED._('ask.errors.no-citizen')));
      const resumed = conversations.takeResumed(msg);
      const run = resumed === null ? asked(msg, key, send) : resumed.kind === 'answer' ? answered(msg, key, resumed.step, send) : answeredBefore(msg, resumed.answered, send);
      run.then(() => done(), done);
    });

    /** A new question: composed, then recorded as pending, then sent. */
    async function asked(msg: NodeMessage, key: string, send: (msgs: Array<NodeMessage | null>) => void): Promise<void> {
      const options = config.kind === 'choice' ? (fixedOptions ?? optionsFrom(readMessageProperty(RED, msg, config.optionsProperty))) : [];
      const vals = values ? await evaluate(values, msg) : {};
      if (JSON.stringify(vals).length > MAX_VALUES_CHARS) throw new Error(RED._('ask.errors.values-too-large', { max: MAX_VALUES_CHARS }));
      msg.payload = await questions.ask(key, spec, { citizen: msg.citizen as Record<string, unknown>, channel: (msg.whatsapp ?? {}) as Record<string, unknown>, seed: messageIdOf(msg), language: languageOfMsg(msg) }, { options, values: vals });
      node.status({ fill: 'blue', shape: 'ring', text: RED._('ask.status.waiting') });
      send([msg, null, null]);
    }

    /** The message that answered this question, run again after a deploy interrupted its turn: on from the kept answer. */
    async function answeredBefore(msg: NodeMessage, answered: AnsweredStep, send: (msgs: Array<NodeMessage | null>) => void): Promise<void> {
      if (answered.outcome === 'tries') {
        return sendGaveUp(texts, msg, node.id, send);
      }
      msg.answer = answered.values[config.answer];
      msg.session = { ...((msg.session as object) ?? {}), isNew: false };
      send([null, msg, null]);
    }

    /** The citizen's message for the pending question: the answer, a page turn, or another try. */
    async function answered(msg: NodeMessage, key: string, step: PendingStep, send: (msgs: Array<NodeMessage | null>) => void): Promise<void> {
      const outcome = await questions.handle(key, spec, step, (msg.message ?? {}) as Parameters<QuestionStep['handle']>[3], languageOfMsg(msg));
      if (outcome.kind === 'say') {
        msg.payload = outcome.payload;
        send([msg, null, null]);
        return;
      }
      if (outcome.kind === 'gave_up') {
        node.status({ fill: 'yellow', shape: 'ring', text: RED._('ask.status.gave-up') });
        return sendGaveUp(texts, msg, node.id, send);
      }
      msg.session = { ...((msg.session as object) ?? {}), ...outcome.session, isNew: false };
      msg.answer = outcome.value;
      node.status({ fill: 'green', shape: 'dot', text: RED._('ask.status.answered') });
      send([null, msg, null]);
    }

    function evaluate(expr: unknown, msg: NodeMessage): Promise<Record<string, unknown>> {
      return new Promise((resolve, reject) =>
        util.evaluateJSONataExpression(expr, msg, (err, result) => {
          if (err) return reject(err);
          if (result !== undefined && (typeof result !== 'object' || result === null || Array.isArray(result))) return reject(new Error(RED._('ask.errors.values-not-object')));
          resolve((result ?? {}) as Record<string, unknown>);
        }),
      );
    }

    function optionsFrom(value: unknown): ChoiceOption[] {
      const checked = checkOptions(value, MAX_OPTIONS);
      if (checked.ok) return checked.options;
      const property = `msg.${config.optionsProperty}`;
      throw new Error(RED._(`ask.errors.${checked.problem === 'none' ? 'no-options' : checked.problem === 'too-many' ? 'too-many-options' : checked.problem === 'duplicate' ? 'duplicate-option' : 'bad-option'}`, { property, max: MAX_OPTIONS, index: checked.index ?? 0 }));
    }
  }

  RED.nodes.registerType('ask', AskNode);
}

export = register;
