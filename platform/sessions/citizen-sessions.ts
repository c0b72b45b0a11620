/**
 * Citizens' conversation state, by WhatsApp id: where the dialogue stands
 * (step), what the citizen has answered so far, the language they chose, and
 * when they last wrote. A conversation idle for longer than the flow's timeout
 * starts over; the chosen language is kept.
 */
import type { Collection, DocumentStore } from '../store';

export interface CitizenSession {
  waId: string;
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

  /** Loads the session for an inbound message and records the message's time. */
  async touch(waId: string, idleTimeoutMs: number, now = new Date()): Promise<SessionLoad> {
    assertWaId(waId);
    const purgeAt = new Date(now.getTime() + this.retentionMs);
    const cutoff = new Date(now.getTime() - idleTimeoutMs);
    const live = await this.docs.findOneAndUpdate(
      { _id: waId, lastInboundAt: { $gte: cutoff } },
      { $set: { lastInboundAt: now, updatedAt: now, purgeAt } },
      { returnDocument: 'after' },
    );
    if (live) return { session: toSession(live), isNew: live.step === START_STEP && Object.keys(live.answers).length === 0, expired: false };

    const previous = await this.docs.findOneAndUpdate(
      { _id: waId },
      {
        $set: { step: START_STEP, answers: {}, lastInboundAt: now, startedAt: now, updatedAt: now, purgeAt },
        $setOnInsert: { language: null },
      },
      { upsert: true, returnDocument: 'before' },
    );
    const session: CitizenSession = { waId, step: START_STEP, answers: {}, language: previous?.language ?? null, lastInboundAt: now, startedAt: now };
    return { session, isNew: true, expired: previous !== null && previous.step !== START_STEP };
  }

  /** Saves where the dialogue stands. `answers`, when given, replaces the stored answers. */
  async save(waId: string, change: { step?: string; answers?: Record<string, unknown>; language?: string | null }, now = new Date()): Promise<CitizenSession> {
    assertWaId(waId);
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
      { _id: waId },
      { $set: set, $setOnInsert: { lastInboundAt: now, startedAt: now, ...(set.step ? {} : { step: START_STEP }), ...(set.answers ? {} : { answers: {} }), ...(change.language !== undefined ? {} : { language: null }) } },
      { upsert: true, returnDocument: 'after' },
    );
    return toSession(doc as SessionDoc);
  }

  /** Ends the conversation: the next message starts over. The language stays. */
  async end(waId: string, now = new Date()): Promise<void> {
    assertWaId(waId);
    await this.docs.updateOne({ _id: waId }, { $set: { step: START_STEP, answers: {}, updatedAt: now } });
  }

  async get(waId: string): Promise<CitizenSession | null> {
    const doc = await this.docs.findOne({ _id: waId });
    return doc ? toSession(doc) : null;
  }
}

function toSession(doc: SessionDoc): CitizenSession {
  return { waId: doc._id, step: doc.step, answers: doc.answers ?? {}, language: doc.language ?? null, lastInboundAt: doc.lastInboundAt, startedAt: doc.startedAt };
}

/** WhatsApp ids are the citizen's phone number in E.164 digits, without '+'. */
function assertWaId(waId: unknown): asserts waId is string {
  if (typeof waId !== 'string' || !/^\d{6,20}$/.test(waId)) throw new SessionError(`not a WhatsApp id: ${JSON.stringify(waId)} (expected 6-20 digits)`);
}

/** Answers are stored as a document: keys become field names, which MongoDB restricts. */
function assertAnswers(answers: unknown): asserts answers is Record<string, unknown> {
  if (answers === null || typeof answers !== 'object' || Array.isArray(answers)) throw new SessionError('session.answers must be an object');
  for (const key of Object.keys(answers)) {
    if (key === '' || key.includes('.') || key.startsWith('$')) throw new SessionError(`session answer key "${key}" may not be empty, contain '.' or start with '$'`);
  }
}
