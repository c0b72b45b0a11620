/**
 * Questions that wait for a citizen's answer. A node that asks (ask, menu)
 * records a pending step in the citizen's session; the citizen's next message,
 * loaded through the inbox in the citizen's order, goes back to that node
 * instead of the start of the flow, on whichever host runs it and after any
 * restart. A global command (menu, help, officer, language, stop, start)
 * leaves the question instead. A sweeper sends the optional reminder and ends
 * questions left unanswered past their timeout; a step is claimed with one
 * conditional write, so with several hosts exactly one acts on it.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from '../log';
import type { AnsweredStep, CitizenSession, CitizenSessions, PendingStep } from '../sessions/citizen-sessions';
import { commandOf, isReferenceAlone, type GlobalCommand } from './commands';

/** What a node that asks does with the events of its question. */
export interface StepHandler {
  /** The citizen's message answering the question (or trying to), or run again after its answer was kept. */
  resume(msg: Record<string, unknown>): void;
  remind(citizenKey: string, step: PendingStep): Promise<void> | void;
  expire(citizenKey: string, step: PendingStep): Promise<void> | void;
}

export type Route =
  | { kind: 'command'; command: GlobalCommand; left: PendingStep | null }
  | { kind: 'resume'; step: PendingStep }
  /** The message already answered a question before its turn was interrupted: the node goes on again from its answer. */
  | { kind: 'replay'; answered: AnsweredStep }
  /** The message's turn already ended the conversation: nothing is left to do. */
  | { kind: 'done' }
  | { kind: 'none'; left: PendingStep | null };

/** What a node that asks is handed: an answer to try, or an answer kept by an interrupted turn of the same message. */
export type Resumed = { kind: 'answer'; step: PendingStep } | { kind: 'answered'; answered: AnsweredStep };

/** Whom a reminder or timeout goes to: the identity only, not the profile (data minimisation). */
function addressOf(citizen: Record<string, unknown>): Record<string, unknown> {
  const { key, wa_id, user_id, parent_user_id } = citizen;
  return Object.fromEntries(Object.entries({ key, wa_id, user_id, parent_user_id }).filter(([, v]) => typeof v === 'string'));
}

export interface AskOptions {
  node: string;
  citizen: Record<string, unknown>;
  channel: Record<string, unknown>;
  state?: Record<string, unknown>;
  timeoutMs: number;
  /** Time after the question at which it is said again once; null for none. */
  reminderMs: number | null;
  /**
   * The citizen message that led to the question: the token is derived from it, so a message run
   * again (after a deploy interrupted it) asks the same question, which whatsapp-out sends once.
   */
  seed?: string;
}

export interface ConversationOptions {
  sweepIntervalMs: number;
  /** Due steps handled per sweep. */
  batch: number;
  /** A step whose node no host runs any more (removed by a deploy) is closed this long after it is due. */
  orphanGraceMs: number;
}

const DEFAULTS: ConversationOptions = { sweepIntervalMs: 5_000, batch: 100, orphanGraceMs: 60_000 };

export class Conversations {
  private readonly steps = new Map<string, StepHandler>();
  private readonly resumed = new WeakMap<object, Resumed>();
  private readonly options: ConversationOptions;
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<number> | null = null;

  constructor(
    private readonly sessions: CitizenSessions,
    private readonly log: Logger,
    options: Partial<ConversationOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
  }

  /** A node that asks registers while it runs; the returned function unregisters it. */
  register(nodeId: string, handler: StepHandler): () => void {
    this.steps.set(nodeId, handler);
    return () => {
      if (this.steps.get(nodeId) === handler) this.steps.delete(nodeId);
    };
  }

  /**
   * A new question, not yet recorded: the node composes it first (a question that cannot be said
   * must not wait for an answer), then records it.
   */
  prepare(options: AskOptions, now = new Date()): PendingStep {
    return {
      node: options.node,
      // From the message that led to it, so that message run again asks the same question.
      token: options.seed ? createHash('sha256').update(`${options.node}\u0000${options.seed}`).digest('base64url').slice(0, 8) : randomBytes(6).toString('base64url'),
      ...(options.seed ? { askedBy: options.seed } : {}),
      attempts: 0,
      state: options.state ?? {},
      citizen: addressOf(options.citizen),
      channel: options.channel,
      ...timing(options, now),
    };
  }

  /** Records the question as the one the citizen is to answer: any earlier one is replaced. */
  async record(citizenKey: string, step: PendingStep, now = new Date()): Promise<void> {
    await this.sessions.wait(citizenKey, step, now);
  }

  async ask(citizenKey: string, options: AskOptions, now = new Date()): Promise<PendingStep> {
    const step = this.prepare(options, now);
    await this.record(citizenKey, step, now);
    return step;
  }

  /** The same question asked again (a hint, another page): its clock starts over. */
  async askAgain(citizenKey: string, step: PendingStep, change: { attempts?: number; lastMessage?: string; state?: Record<string, unknown> }, options: Pick<AskOptions, 'timeoutMs' | 'reminderMs'>, now = new Date()): Promise<PendingStep | null> {
    const next: PendingStep = { ...step, ...change, ...timing(options, now) };
    const updated = await this.sessions.updateWaiting(citizenKey, step.token, { attempts: next.attempts, ...(next.lastMessage ? { lastMessage: next.lastMessage } : {}), state: next.state, askedAt: next.askedAt, remindAt: next.remindAt, reminded: false, expiresAt: next.expiresAt, dueAt: next.dueAt }, now);
    return updated ? next : null;
  }

  /**
   * Where a citizen's message goes, given their session: to the node whose question is pending,
   * or, for a global command or when no question is pending, on through the flow. A question
   * whose node no longer runs anywhere is left.
   */
  route(session: Pick<CitizenSession, 'waiting' | 'answered' | 'endedBy'>, message: Parameters<typeof commandOf>[0] & { id?: unknown }): Route {
    const step = session.waiting ?? null;
    const id = typeof message?.id === 'string' ? message.id : null;
    if (id !== null && session.endedBy === id) return { kind: 'done' };
    // A message run again after a deploy interrupted its turn goes where it went the first time:
    // to the question it asked, or the one it was last shown again (a page, a hint).
    if (id !== null && (step?.askedBy === id || step?.lastMessage === id) && this.steps.has(step.node)) return { kind: 'resume', step };
    const answered = session.answered ?? null;
    if (id !== null && answered?.messageId === id && this.steps.has(answered.node)) return { kind: 'replay', answered };
    // An event the platform injected (DigiLocker's callback) answers only the step waiting for that
    // very event (state.awaits), never another question, nor one whose link was replaced by a newer one.
    const event = message as { type?: unknown; event?: { data?: { awaits?: unknown } } };
    if (event.type === 'event') {
      const awaits = step?.state?.awaits;
      // A step recorded before steps named what they await takes the events of its kind ('digilocker.linked' for expects 'digilocker').
      const legacy = awaits === undefined && typeof step?.state?.expects === 'string' && (event as { event?: { name?: unknown } }).event?.name?.toString().split('.')[0] === step.state.expects;
      return step && (legacy || (typeof awaits === 'string' && awaits === event.event?.data?.awaits)) && this.steps.has(step.node) ? { kind: 'resume', step } : { kind: 'none', left: null };
    }
    const command = commandOf(message);
    // A rating tapped in the middle of a form is kept without leaving the form: the question still waits.
    if (command) return { kind: 'command', command, left: command === 'rate' ? null : step };
    if (step && this.steps.has(step.node)) return { kind: 'resume', step };
    // A reference number alone, no question waiting for one: where that application stands.
    if (isReferenceAlone(message)) return { kind: 'command', command: 'status', left: step };
    return { kind: 'none', left: step };
  }

  /** Hands a message to the node it answers (or answered); that node reads it with takeResumed. */
  resume(msg: Record<string, unknown>, route: Extract<Route, { kind: 'resume' | 'replay' }>): boolean {
    const node = route.kind === 'resume' ? route.step.node : route.answered.node;
    const handler = this.steps.get(node);
    if (!handler) return false;
    this.resumed.set(msg, route.kind === 'resume' ? { kind: 'answer', step: route.step } : { kind: 'answered', answered: route.answered });
    handler.resume(msg);
    return true;
  }

  /**
   * True when the message is the one in whose turn the question was asked: the inbox runs a
   * message again when a deploy interrupted its turn, and that run must ask the same question
   * (which whatsapp-out sends once), not take the message as its answer.
   */
  isReplay(msg: Record<string, unknown>, step: PendingStep): boolean {
    const id = (msg.message as { id?: unknown } | undefined)?.id;
    return this.isReplayOf(typeof id === 'string' ? id : undefined, step);
  }

  isReplayOf(messageId: string | undefined, step: PendingStep): boolean {
    return messageId !== undefined && (messageId === step.askedBy || messageId === step.lastMessage);
  }

  /** What a message was resumed for, once: null for a message that reached the node through its wires. */
  takeResumed(msg: object): Resumed | null {
    const resumed = this.resumed.get(msg) ?? null;
    this.resumed.delete(msg);
    return resumed;
  }

  /** The question is answered: its values go into the session's answers, in the same write that closes it. */
  answer(citizenKey: string, step: PendingStep, values: Record<string, unknown>, messageId?: string, now = new Date()): Promise<CitizenSession | null> {
    return this.sessions.answer(citizenKey, step.token, values, now, messageId ? { node: step.node, messageId } : undefined);
  }

  /** Leaves the citizen's pending question (the one with `token`, or whichever there is). */
  leave(citizenKey: string, token?: string): Promise<boolean> {
    return this.sessions.stopWaiting(citizenKey, token);
  }

  /** The citizen used up the question's tries with this message: the question closes, and the outcome is kept for a re-run. */
  giveUp(citizenKey: string, step: PendingStep, messageId?: string): Promise<boolean> {
    return this.sessions.stopWaiting(citizenKey, step.token, new Date(), messageId ? { node: step.node, messageId } : undefined);
  }

  /** A timeout claimed while its node was closing (a deploy): back to pending, for the restarted node to act on. */
  restore(citizenKey: string, step: PendingStep): Promise<boolean> {
    return this.sessions.restoreWaiting(citizenKey, step);
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.sweep().catch((err: Error) => this.log.error({ err }, 'conversation sweep failed')), this.options.sweepIntervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping?.catch(() => undefined);
  }

  /** Sends due reminders and ends timed-out questions; returns how many it acted on. One sweep at a time. */
  sweep(now = new Date()): Promise<number> {
    if (this.sweeping) return this.sweeping;
    this.sweeping = this.sweepOnce(now).finally(() => {
      this.sweeping = null;
    });
    return this.sweeping;
  }

  private async sweepOnce(now: Date): Promise<number> {
    let acted = 0;
    for (const { key, waiting } of await this.sessions.dueWaiting(now, this.options.batch)) {
      const handler = this.steps.get(waiting.node);
      if (!handler) {
        // Another host may still run the node (a deploy reaches hosts one by one); past the grace, none does.
        if (now.getTime() - waiting.dueAt.getTime() > this.options.orphanGraceMs && (await this.sessions.stopWaiting(key, waiting.token))) acted++;
        continue;
      }
      const event = await this.sessions.claimDue(key, waiting, now);
      if (event === null) continue;
      acted++;
      try {
        await (event === 'remind' ? handler.remind(key, waiting) : handler.expire(key, waiting));
      } catch (err) {
        this.log.warn({ err, node: waiting.node, event }, 'a question reminder or timeout failed');
      }
    }
    return acted;
  }
}

function timing(options: Pick<AskOptions, 'timeoutMs' | 'reminderMs'>, now: Date): Pick<PendingStep, 'askedAt' | 'remindAt' | 'reminded' | 'expiresAt' | 'dueAt'> {
  const expiresAt = new Date(now.getTime() + options.timeoutMs);
  const remindAt = options.reminderMs !== null && options.reminderMs > 0 && options.reminderMs < options.timeoutMs ? new Date(now.getTime() + options.reminderMs) : null;
  return { askedAt: now, remindAt, reminded: false, expiresAt, dueAt: remindAt ?? expiresAt };
}
