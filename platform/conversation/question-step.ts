/**
 * One question to a citizen, from asking to answer: composed and recorded as
 * the session's waiting step, then the citizen's message checked against it
 * (a page turn, an old list's tap, a wrong answer asked again with a hint, the
 * tries used up, a message re-run after an interrupted turn). The ask node
 * asks one such question; the service-form node asks a service's inputs one
 * after another. Both turn the outcome into their outputs.
 */
import type { CitizenSession, PendingStep } from '../sessions/citizen-sessions';
import type { TextCatalog } from '../texts/catalog';
import { checkAnswer, type AnswerInput, type AnswerKind, type ChoiceOption } from './answers';
import type { Conversations } from './conversations';
import { composeQuestion, pageCount, pageOf, shownOptions, splitReplyId, type Hint, type QuestionPayload } from './question';

export interface QuestionSpec {
  /** Text key of the question. */
  text: string;
  kind: AnswerKind;
  /** The name the answer is kept under in the session's answers. */
  answer: string;
  rules: { min?: number | null; max?: number | null; when?: 'any' | 'past' | 'future'; pattern?: RegExp | null };
  /** Tries before the citizen is offered help instead. */
  tries: number;
  /** Text key said before a question asked again; none: the kind's own hint. */
  hint: string | null;
  timing: { timeoutMs: number; reminderMs: number | null };
}

export type AnswerOutcome =
  /** Say this (the question again, another page, or "this question is closed"): msg.payload on the question output. */
  | { kind: 'say'; payload: QuestionPayload | string }
  | { kind: 'answered'; value: unknown; session: CitizenSession }
  /** The tries are used up: the node offers help (sendGaveUp). */
  | { kind: 'gave_up' };

export interface Asked {
  citizen: Record<string, unknown>;
  channel: Record<string, unknown>;
  /** The citizen message that leads to the question: the same message re-run asks it with the same token. */
  seed: string | undefined;
  language: string | null;
}

export class QuestionStep {
  constructor(
    private readonly texts: TextCatalog,
    private readonly conversations: Conversations,
    private readonly nodeId: string,
  ) {}

  /** The question as the step holds it (its options, values, page), with a hint before it when given. */
  compose(spec: Pick<QuestionSpec, 'text' | 'kind'>, step: Pick<PendingStep, 'token' | 'state'>, language: string | null, hint: Hint | null): QuestionPayload {
    return composeQuestion(this.texts, {
      text: spec.text,
      values: (step.state.values ?? {}) as Record<string, unknown>,
      language,
      kind: spec.kind,
      token: step.token,
      options: (step.state.options ?? []) as ChoiceOption[],
      page: Number(step.state.page ?? 1),
      hint,
    });
  }

  /** A new question: composed, then recorded as the citizen's waiting step, then returned to be sent. */
  async ask(key: string, spec: QuestionSpec, asked: Asked, state: { options: ChoiceOption[]; values: Record<string, unknown>; [more: string]: unknown }): Promise<QuestionPayload> {
    const step = this.conversations.prepare({ node: this.nodeId, citizen: asked.citizen, seed: asked.seed, channel: asked.channel, state: { page: 1, ...state }, ...spec.timing });
    // Composed before it is recorded: a question that cannot be said must not wait for an answer.
    const payload = this.compose(spec, step, asked.language, null);
    await this.conversations.record(key, step);
    return payload;
  }

  /** The citizen's message for the waiting step: the answer, a page turn, or another try. */
  async handle(key: string, spec: QuestionSpec, step: PendingStep, message: AnswerInput & { id?: unknown; reply?: { id?: unknown } | null }, language: string | null): Promise<AnswerOutcome> {
    const messageId = typeof message.id === 'string' ? message.id : undefined;
    const replyId = typeof message.reply?.id === 'string' ? message.reply.id : null;
    const reply = replyId === null ? null : splitReplyId(replyId);
    const options = (step.state.options ?? []) as ChoiceOption[];
    // Timed out (or answered on another path) between the load and now: say so rather than nothing.
    const closed: AnswerOutcome = { kind: 'say', payload: this.texts.format('conversation.closed', language) };
    if (this.conversations.isReplayOf(messageId, step)) {
      // The message that led to this question (or to its last showing), run again: the same words.
      return { kind: 'say', payload: this.compose(spec, step, language, (step.state.hint as Hint | null | undefined) ?? null) };
    }
    const again = async (hint: Hint | null, change: { attempts?: number; state?: Record<string, unknown> }): Promise<AnswerOutcome> => {
      const state = { ...(change.state ?? step.state), hint };
      const next = await this.conversations.askAgain(key, step, { ...change, state, ...(messageId ? { lastMessage: messageId } : {}) }, spec.timing);
      return next ? { kind: 'say', payload: this.compose(spec, next, language, hint) } : closed;
    };
    if (reply && reply.token !== step.token) return again({ key: 'ask.hint.old_choice' }, {});
    const page = reply ? pageOf(reply.option) : null;
    if (page !== null) return again(null, { state: { ...step.state, page: Math.min(page, pageCount(options.length)) } });

    const numbered = shownOptions(options, Number(step.state.page ?? 1));
    const check = checkAnswer(spec.kind, { ...message, ...(reply ? { reply: { ...message.reply, id: reply.option } } : {}) }, { ...spec.rules, numbered }, options);
    if (check.ok) {
      const session = await this.conversations.answer(key, step, { [spec.answer]: check.value }, messageId);
      return session ? { kind: 'answered', value: check.value, session } : closed;
    }
    const attempts = step.attempts + 1;
    if (attempts < spec.tries) return again(spec.hint ? { key: spec.hint } : { key: check.hint, values: check.values }, { attempts });
    if (!(await this.conversations.giveUp(key, step, messageId))) return closed;
    return { kind: 'gave_up' };
  }
}
