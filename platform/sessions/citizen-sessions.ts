/**
 * Citizens' conversation state, by citizen key (one per citizen and business
 * number, citizens/identity.ts): where the dialogue stands
 * (step), what the citizen has answered so far, the language they chose, and
 * when they last wrote. A conversation idle for longer than the flow's timeout
 * starts over; the chosen language is kept.
 */
import { assertCitizenKey, isPhoneNumber } from '../citizens/identity';
import type { Collection, DocumentStore } from '../store';

export interface CitizenSession {
  /** The citizen key: "<phone number id>/<BSUID or phone>". */
  key: string;
  step: string;
  answers: Record<string, unknown>;
  language: string | null;
  lastInboundAt: Date;
  startedAt: Date;
  /** The question the citizen is answering, if a flow asked one and waits (platform/conversation). */
  waiting: PendingStep | null;
  /** The last question answered, and by which message: that message run again goes on from there. */
  answered: AnsweredStep | null;
  /** The message whose turn ended the conversation: run again, it has nothing left to do. */
  endedBy: string | null;
}

export interface AnsweredStep {
  node: string;
  messageId: string;
  /** `answer`: the values were kept; `tries`: the citizen used up the tries and was offered help. */
  outcome: 'answer' | 'tries';
  values: Record<string, unknown>;
  at: Date;
}

/**
 * A flow's question that waits for the citizen's answer: the node that asked
 * it, and what that node needs to go on with only the next message in hand.
 */
export interface PendingStep {
  /** Id of the node that asked (an ask or menu node). */
  node: string;
  /** New with every question sent, so a reply to an older one is told apart. */
  token: string;
  /** Id of the citizen message in whose turn the question was asked. */
  askedBy?: string;
  /** Answers that did not pass, for this question. */
  attempts: number;
  /** Id of the last citizen message that did not pass: the same message run again is not a new try. */
  lastMessage?: string;
  askedAt: Date;
  remindAt: Date | null;
  reminded: boolean;
  expiresAt: Date;
  /** When the conversation sweeper next acts: the reminder until it is sent, then the timeout. */
  dueAt: Date;
  /** The node's own state: its options, the page shown. */
  state: Record<string, unknown>;
  /** Whom a reminder or timeout message goes to: whatsapp-in's msg.citizen. */
  citizen: Record<string, unknown>;
  /** whatsapp-in's msg.whatsapp (the business number) for those messages. */
  channel: Record<string, unknown>;
}

export interface SessionLoad {
  session: CitizenSession;
  /** True when no conversation was under way (first contact, ended, or idle past the timeout). */
  isNew: boolean;
  /** True when an earlier conversation was dropped for being idle too long. */
  expired: boolean;
}

interface SessionDoc {
  _id: string;
  [key: string]: unknown;
  step: string;
  answers: Record<string, unknown>;
  language: string | null;
  lastInboundAt: Date;
  startedAt: Date;
  updatedAt: Date;
  waiting?: PendingStep | null;
  answered?: AnsweredStep | null;
  endedBy?: string | null;
  /** Data minimisation (DPDP Act): abandoned sessions are deleted after the retention period. */
  purgeAt: Date;
}

export const SESSIONS_COLLECTION = 'citizen_sessions';
export const START_STEP = 'start';
const DEFAULT_RETENTION_MS = 30 * 24 * 3600 * 1000;

export class SessionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SessionError';
  }
}

export class CitizenSessions {
  private readonly docs: Collection<SessionDoc>;

  constructor(
    store: DocumentStore,
    private readonly retentionMs = DEFAULT_RETENTION_MS,
  ) {
    this.docs = store.collection<SessionDoc>(SESSIONS_COLLECTION);
  }


  async init(): Promise<void> {
    await this.docs.createIndex({ keys: { purgeAt: 1 }, expireAfterSeconds: 0 });
    await this.docs.createIndex({ keys: { 'waiting.dueAt': 1 } });
  }

  /**
   * Loads the session for an inbound message and records the message's time.
   * `legacyWaId`: before citizen keys, sessions were kept under the bare phone
   * number; a citizen's first message after the upgrade keeps the language
   * chosen then, and the old record goes.
   */
  async touch(key: string, idleTimeoutMs: number, now = new Date(), legacyWaId?: string | null): Promise<SessionLoad> {
    assertKey(key);
    const purgeAt = new Date(now.getTime() + this.retentionMs);
    const cutoff = new Date(now.getTime() - idleTimeoutMs);
    // A question still waiting for its answer keeps the conversation, however long its timeout.
    const live = await this.docs.findOneAndUpdate(
      { _id: key, $or: [{ lastInboundAt: { $gte: cutoff } }, { 'waiting.expiresAt': { $gt: now } }] },
      { $set: { lastInboundAt: now, updatedAt: now, purgeAt } },
      { returnDocument: 'after' },
    );
    if (live) return { session: toSession(live), isNew: live.step === START_STEP && Object.keys(live.answers).length === 0 && !live.waiting, expired: false };

    const previous = await this.docs.findOneAndUpdate(
      { _id: key },
      {
        $set: { step: START_STEP, answers: {}, waiting: null, answered: null, endedBy: null, lastInboundAt: now, startedAt: now, updatedAt: now, purgeAt },
        $setOnInsert: { language: null },
      },
      { upsert: true, returnDocument: 'before' },
    );
    let language = previous?.language ?? null;
    if (previous === null && legacyWaId && isPhoneNumber(legacyWaId)) {
      const legacy = await this.docs.findOneAndDelete({ _id: legacyWaId });
      if (legacy?.language) {
        language = legacy.language;
        await this.docs.updateOne({ _id: key, language: null }, { $set: { language } });
      }
    }
    const session: CitizenSession = { key, step: START_STEP, answers: {}, language, lastInboundAt: now, startedAt: now, waiting: null, answered: null, endedBy: null };
    return { session, isNew: true, expired: previous !== null && previous.step !== START_STEP };
  }

  /** Saves where the dialogue stands. `answers`, when given, replaces the stored answers. */
  async save(key: string, change: { step?: string; answers?: Record<string, unknown>; language?: string | null }, now = new Date()): Promise<CitizenSession> {
    assertKey(key);
    const set: Record<string, unknown> = { updatedAt: now, purgeAt: new Date(now.getTime() + this.retentionMs) };
    if (change.step !== undefined) {
      if (typeof change.step !== 'string' || change.step === '') throw new SessionError('session.step must be a non-empty string');
      set.step = change.step;
    }
    if (change.answers !== undefined) {
      assertAnswers(change.answers);
      set.answers = change.answers;
    }
    if (change.language !== undefined) set.language = change.language;
    const doc = await this.docs.findOneAndUpdate(
      { _id: key },
      { $set: set, $setOnInsert: { lastInboundAt: now, startedAt: now, ...(set.step ? {} : { step: START_STEP }), ...(set.answers ? {} : { answers: {} }), ...(change.language !== undefined ? {} : { language: null }) } },
      { upsert: true, returnDocument: 'after' },
    );
    return toSession(doc as SessionDoc);
  }

  /** Ends the conversation: the next message starts over. The language stays. */
  async end(key: string, now = new Date(), messageId?: string): Promise<void> {
    assertKey(key);
    // The message whose turn this is, run again after an interrupted turn, finds its work done.
    await this.docs.updateOne({ _id: key }, { $set: { step: START_STEP, answers: {}, waiting: null, answered: null, endedBy: messageId ?? null, updatedAt: now } });
  }

  /** Records the question the citizen is now to answer; it replaces any earlier one. */
  async wait(key: string, step: PendingStep, now = new Date()): Promise<void> {
    assertKey(key);
    await this.docs.updateOne(
      { _id: key },
      { $set: { waiting: step, updatedAt: now }, $setOnInsert: { step: START_STEP, answers: {}, language: null, lastInboundAt: now, startedAt: now, purgeAt: new Date(now.getTime() + this.retentionMs) } },
      { upsert: true },
    );
  }

  /** Changes the pending question, if it is still the one with `token`; false when it is not. */
  async updateWaiting(key: string, token: string, change: Partial<Pick<PendingStep, 'attempts' | 'lastMessage' | 'state' | 'token' | 'askedAt' | 'remindAt' | 'reminded' | 'expiresAt' | 'dueAt'>>, now = new Date()): Promise<boolean> {
    assertKey(key);
    const set: Record<string, unknown> = { updatedAt: now };
    for (const [field, value] of Object.entries(change)) set[`waiting.${field}`] = value;
    const result = await this.docs.updateOne({ _id: key, 'waiting.token': token }, { $set: set });
    return result.matchedCount === 1;
  }

  /**
   * The answer to the pending question with `token`: its values go into the session's answers
   * and the question is closed, in one write. Null when that question is no longer pending.
   */
  async answer(key: string, token: string, values: Record<string, unknown>, now = new Date(), by?: { node: string; messageId: string }): Promise<CitizenSession | null> {
    assertKey(key);
    assertAnswers(values);
    const set: Record<string, unknown> = { waiting: null, answered: by ? { ...by, outcome: 'answer', values, at: now } : null, updatedAt: now };
    for (const [name, value] of Object.entries(values)) set[`answers.${name}`] = value;
    const doc = await this.docs.findOneAndUpdate({ _id: key, 'waiting.token': token }, { $set: set }, { returnDocument: 'after' });
    return doc ? toSession(doc) : null;
  }

  /**
   * Closes the pending question (all of them when no token is given); true when one was closed.
   * `gaveUp`: the citizen used up the tries, by this message (kept, so that message run again
   * ends the same way).
   */
  async stopWaiting(key: string, token?: string, now = new Date(), gaveUp?: { node: string; messageId: string }): Promise<boolean> {
    assertKey(key);
    const filter = token === undefined ? { _id: key, waiting: { $ne: null } } : { _id: key, 'waiting.token': token };
    const set: Record<string, unknown> = { waiting: null, updatedAt: now };
    if (gaveUp) set.answered = { ...gaveUp, outcome: 'tries', values: {}, at: now };
    const result = await this.docs.updateOne(filter, { $set: set });
    return result.modifiedCount === 1;
  }

  /** Puts back a question whose timeout was claimed but could not be acted on (its node was closing); false if another is pending. */
  async restoreWaiting(key: string, step: PendingStep, now = new Date()): Promise<boolean> {
    const result = await this.docs.updateOne({ _id: key, waiting: null }, { $set: { waiting: step, updatedAt: now } });
    return result.modifiedCount === 1;
  }

  /** Pending questions whose reminder or timeout is due, oldest first. */
  async dueWaiting(now: Date, limit: number): Promise<Array<{ key: string; waiting: PendingStep }>> {
    const docs = await this.docs.find({ 'waiting.dueAt': { $lte: now } }, { sort: { 'waiting.dueAt': 1 }, limit, projection: { waiting: 1 } });
    return docs.filter((d) => d.waiting).map((d) => ({ key: d._id, waiting: d.waiting as PendingStep }));
  }

  /**
   * Takes a due reminder or timeout for one host: the reminder moves the question's next due
   * time to its timeout, the timeout closes it. False when another host took it first, or the
   * citizen answered meanwhile.
   */
  async claimDue(key: string, step: PendingStep, now = new Date()): Promise<'remind' | 'expire' | null> {
    // A reminder found only after its question's timeout (hosts were down) is not sent: the timeout is.
    const remind = !step.reminded && step.remindAt !== null && step.remindAt.getTime() < step.expiresAt.getTime() && now.getTime() < step.expiresAt.getTime();
    const filter = { _id: key, 'waiting.token': step.token, 'waiting.dueAt': step.dueAt };
    const update = remind ? { $set: { 'waiting.reminded': true, 'waiting.dueAt': step.expiresAt, updatedAt: now } } : { $set: { waiting: null, updatedAt: now } };
    const result = await this.docs.updateOne(filter, update);
    if (result.modifiedCount !== 1) return null;
    return remind ? 'remind' : 'expire';
  }

  async get(key: string): Promise<CitizenSession | null> {
    const doc = await this.docs.findOne({ _id: key });
    return doc ? toSession(doc) : null;
  }
}

function toSession(doc: SessionDoc): CitizenSession {
  return { key: doc._id, step: doc.step, answers: doc.answers ?? {}, language: doc.language ?? null, lastInboundAt: doc.lastInboundAt, startedAt: doc.startedAt, waiting: doc.waiting ?? null, answered: doc.answered ? { ...doc.answered, outcome: doc.answered.outcome ?? 'answer' } : null, endedBy: doc.endedBy ?? null };
}

function assertKey(key: unknown): asserts key is string {
  try {
    assertCitizenKey(key);
  } catch (err) {
    throw new SessionError((err as Error).message);
  }
}

/** Answers are stored as a document: keys become field names, which MongoDB restricts. */
function assertAnswers(answers: unknown): asserts answers is Record<string, unknown> {
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) throw new SessionError('session.answers must be an object');
  for (const name of Object.keys(answers)) {
    if (name === '' || name.includes('.') || name.startsWith('$')) throw new SessionError(`session answer key "${name}" may not be empty, contain '.' or start with '$'`);
  }
}
