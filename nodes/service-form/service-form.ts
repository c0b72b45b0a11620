/**
 * service-form: asks the citizen every input the catalog lists for a
 * service, in order, each checked by its kind (a date, a PIN code, one of
 * the input's options from flows/catalog/choices.json, a photo) and asked
 * again with a hint when it does not pass. One node for any service, so an
 * archetype's subflow serves every service of that archetype.
 *
 * Outputs: 1 the next question (to whatsapp-out); 2 every input answered
 * (the answers in msg.session.answers, by input name; msg.form the read-back
 * summary, the answers as a lookup's query, and the verified citizen's UIDAI token when the
 * service needs Aadhaar); 3 no answer (timed
 * out, msg.conversation.event "timeout"; or the tries used up, "tries").
 * Aadhaar inputs are not asked here: the aadhaar-otp node collects them.
 */
import type { Service } from '../../platform/departments/catalog';
import { isSkip, type AnswerKind, type ChoiceOption } from '../../platform/conversation/answers';
import { QuestionStep, type QuestionSpec } from '../../platform/conversation/question-step';
import type { PendingStep } from '../../platform/sessions/citizen-sessions';
import { queryOf, summarizeAnswers } from '../../platform/departments/form-summary';
import { uidTokenFor } from '../../platform/identity/aadhaar/verified';
import { servicesFromSettings } from '../../platform/registry';
import { citizenKeyOf, languageOfMsg, messageIdOf, registerAskingNode, sendGaveUp } from '../conversation-step';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';
import { migrate } from './config';

type Send = (msgs: Array<NodeMessage | null>) => void;
type FormInput = Service['inputs'][number] & { kind: AnswerKind };

/** The catalog's patterns compiled once; case-insensitive, as answers are compared upper-cased. */
const patterns = new Map<string, RegExp>();
const patternOf = (source: string) => patterns.get(source) ?? patterns.set(source, new RegExp(source, 'i')).get(source)!;

/** Rules per kind where the catalog says nothing: a name or an address is a few words, not an essay. */
const TEXT_LIMITS = { min: 2, max: 500 };

function register(RED: NodeAPI): void {
  function ServiceFormNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const config = migrate(nodeDef);
    const { texts, catalog, choices, sessions } = servicesFromSettings(RED.settings);
    if (config.service && !catalog.service(config.service)) {
      node.status({ fill: 'red', shape: 'ring', text: RED._('service-form.status.misconfigured') });
      node.error(RED._('service-form.errors.unknown-service', { service: config.service }));
    }
    const timing = { timeoutMs: config.timeout * 60_000, reminderMs: config.reminder > 0 ? config.reminder * 60_000 : null };

    /** The inputs this node asks for a service: all but Aadhaar, in catalog order. */
    const inputsOf = (serviceId: string): FormInput[] => (catalog.service(serviceId)?.service.inputs ?? []).filter((i): i is FormInput => i.kind !== 'aadhaar');
    const specOf = (input: FormInput): QuestionSpec => ({
      text: `form.question.${input.kind}`,
      kind: input.kind,
      answer: input.name,
      rules: { ...(input.kind === 'text' ? TEXT_LIMITS : {}), when: input.when ?? 'any', pattern: input.pattern ? patternOf(input.pattern) : null },
      tries: config.tries,
      hint: null,
      timing,
    });
    const stateOf = (step: Pick<PendingStep, 'state'>) => ({ service: String(step.state.service ?? ''), input: Number(step.state.input ?? 0) });

    const conversations = registerAskingNode(RED, node, {
      reminder: (msg, step) => {
        const { service, input } = stateOf(step);
        const asked = inputsOf(service)[input];
        if (!asked) return;
        msg.payload = questions.compose(specOf(asked), step, languageOfMsg(msg), { key: 'ask.reminder' });
        node.send([msg, null, null]);
      },
      timeout: (msg) => {
        node.status({ fill: 'grey', shape: 'ring', text: RED._('service-form.status.timeout') });
        node.send([null, null, msg]);
      },
    });
    const questions = new QuestionStep(texts, conversations, node.id);

    node.on('input', (msg, send, done) => {
      const key = citizenKeyOf(msg);
      if (!key) return done(new Error(RED._('service-form.errors.no-citizen')));
      const resumed = conversations.takeResumed(msg);
      const run = resumed === null ? begin(msg, key, send) : resumed.kind === 'answer' ? answered(msg, key, resumed.step, send) : answeredBefore(msg, key, send);
      run.then(() => done(), done);
    });

    /** A message reaching the node through its wire: the form starts with the first input. */
    async function begin(msg: NodeMessage, key: string, send: Send): Promise<void> {
      const service = config.service || String((msg.service as { id?: unknown } | undefined)?.id ?? '');
      if (!catalog.service(service)) throw new Error(RED._('service-form.errors.no-service', { service: service || '""' }));
      await askFrom(msg, key, service, 0, send);
    }

    /** Asks the input at `index`, or, past the last one, sends the answers on. */
    async function askFrom(msg: NodeMessage, key: string, service: string, index: number, send: Send): Promise<void> {
      const inputs = inputsOf(service);
      const input = inputs[index];
      if (!input) return complete(msg, key, service, send);
      const found = catalog.service(service)!;
      const options: ChoiceOption[] = input.kind === 'choice' ? (choices.optionsFor(service, input.name) ?? []) : [];
      msg.payload = await questions.ask(
        key,
        specOf(input),
        { citizen: msg.citizen as Record<string, unknown>, channel: (msg.whatsapp ?? {}) as Record<string, unknown>, seed: messageIdOf(msg), language: languageOfMsg(msg) },
        // The question's words: the input's label and the service's title, in each language.
        { options, values: { label: input.label, service: found.service.title, step: index + 1, steps: inputs.length, optional: input.optional ? 'yes' : 'no' }, service, input: index },
      );
      node.status({ fill: 'blue', shape: 'ring', text: RED._('service-form.status.waiting', { step: index + 1, steps: inputs.length }) });
      send([msg, null, null]);
    }

    /** Every input answered: the service and the answers as the citizen reads them back go on with the msg. */
    async function complete(msg: NodeMessage, key: string, service: string, send: Send): Promise<void> {
      const answers = ((msg.session as { answers?: unknown } | undefined)?.answers ?? (await sessions.get(key))?.answers ?? {}) as Record<string, unknown>;
      msg.service = catalog.describe(service);
      msg.form = { service, summary: summarizeAnswers({ texts, catalog, choices }, service, answers), query: queryOf(catalog, service, answers), uidToken: uidTokenFor(catalog.service(service)?.service, answers) };
      node.status({ fill: 'green', shape: 'dot', text: RED._('service-form.status.complete') });
      send([null, msg, null]);
    }

    async function answered(msg: NodeMessage, key: string, step: PendingStep, send: Send): Promise<void> {
      const { service, input } = stateOf(step);
      const asked = inputsOf(service)[input];
      if (!asked) throw new Error(RED._('service-form.errors.no-service', { service: service || '""' }));
      const message = (msg.message ?? {}) as Parameters<QuestionStep['handle']>[3];
      if (asked.optional && isSkip(message) && !conversations.isReplayOf(messageIdOf(msg), step)) {
        // Left out: kept as null, on to the next input.
        const session = await conversations.answer(key, step, { [asked.name]: null }, messageIdOf(msg));
        if (!session) {
          msg.payload = texts.format('conversation.closed', languageOfMsg(msg));
          send([msg, null, null]);
          return;
        }
        msg.session = { ...((msg.session as object) ?? {}), ...session, isNew: false };
        return askFrom(msg, key, service, input + 1, send);
      }
      const outcome = await questions.handle(key, specOf(asked), step, message, languageOfMsg(msg));
      if (outcome.kind === 'say') {
        msg.payload = outcome.payload;
        send([msg, null, null]);
        return;
      }
      if (outcome.kind === 'gave_up') {
        node.status({ fill: 'yellow', shape: 'ring', text: RED._('service-form.status.gave-up') });
        return sendGaveUp(texts, msg, node.id, send);
      }
      msg.session = { ...((msg.session as object) ?? {}), ...outcome.session, isNew: false };
      await askFrom(msg, key, service, input + 1, send);
    }

    /**
     * The message that answered one of the questions, run again after an interrupted turn: what
     * that message led to is in the session, the next question (asked in its turn) or the end.
     */
    async function answeredBefore(msg: NodeMessage, key: string, send: Send): Promise<void> {
      const session = await sessions.get(key);
      const messageId = messageIdOf(msg);
      const answered = session?.answered;
      if (answered?.outcome === 'tries') return sendGaveUp(texts, msg, node.id, send);
      msg.session = { ...((msg.session as object) ?? {}), ...(session ?? {}), isNew: false };
      const next = session?.waiting;
      if (next && next.node === node.id && next.askedBy === messageId) {
        const { service, input } = stateOf(next);
        const asked = inputsOf(service)[input];
        if (asked) {
          msg.payload = questions.compose(specOf(asked), next, languageOfMsg(msg), null);
          send([msg, null, null]);
          return;
        }
      }
      // Nothing asked in that turn: it answered the last question, or the host stopped before it asked
      // the next. The answer's name says which input it was; on from the one after it.
      // Which service the question was of is not kept once answered: the node's own, or the msg's.
      const service = config.service || String((msg.service as { id?: unknown } | undefined)?.id ?? '');
      if (!catalog.service(service)) throw new Error(RED._('service-form.errors.no-service', { service: service || '""' }));
      const name = Object.keys(answered?.values ?? {})[0];
      const index = inputsOf(service).findIndex((i) => i.name === name);
      await askFrom(msg, key, service, index + 1, send);
    }
  }

  RED.nodes.registerType('service-form', ServiceFormNode);
}

export = register;
