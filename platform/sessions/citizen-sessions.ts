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
    const live = await this.docs.findOneAndUpdate(
      { _id: key, lastInboundAt: { $gte: cutoff } },
      { $set: { lastInboundAt: now, updatedAt: now, purgeAt } },
      { returnDocument: 'after' },
    );
    if (live) return { session: toSession(live), isNew: live.step === START_STEP && Object.keys(live.answers).length === 0, expired: false };

    const previous = await this.docs.findOneAndUpdate(
      { _id: key },
      {
        $set: { step: START_STEP, answers: {}, lastInboundAt: now, startedAt: now, updatedAt: now, purgeAt },
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
    const session: CitizenSession = { key, step: START_STEP, answers: {}, language, lastInboundAt: now, startedAt: now };
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
  async end(key: string, now = new Date()): Promise<void> {
    assertKey(key);
    await this.docs.updateOne({ _id: key }, { $set: { step: START_STEP, answers: {}, updatedAt: now } });
  }

  async get(key: string): Promise<CitizenSession | null> {
    const doc = await this.docs.findOne({ _id: key });
    return doc ? toSession(doc) : null;
  }
}

function toSession(doc: SessionDoc): CitizenSession {
  return { key: doc._id, step: doc.step, answers: doc.answers ?? {}, language: doc.language ?? null, lastInboundAt: doc.lastInboundAt, startedAt: doc.startedAt };
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
