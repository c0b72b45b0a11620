/**
 * Citizens' applications to departments, in the store: a reference number
 * (AP-REV-2026-000123), the answers and documents, the request that files it
 * with the department, and the status history.
 *
 * Filing and submitting are two steps. `file` records the application (once
 * per citizen's message: a re-run or a double tap finds the one already
 * filed) and `submit` sends it to the department with the reference as the
 * idempotency key, so a retry never files twice. A department that is down
 * leaves the application `received` with a time for the next try; the sweep
 * submits it when the department is back and tells the citizen.
 *
 * Departments report progress on the signed status webhook (status-webhook.ts);
 * every change is pushed to the citizen (status-push.ts).
 */
import { randomUUID } from 'node:crypto';
import type { DepartmentCall, DepartmentClient, DepartmentResult } from '../api/client';
import type { DepartmentConnection } from '../api/connection';
import type { Logger } from '../../log';
import { DuplicateKeyError, type Collection, type DocumentStore } from '../../store';
import { formatReference } from './references';

/** Where an application stands; the first two are the platform's, the rest the department's. */
export const APPLICATION_STATUSES = ['received', 'submitted', 'in_review', 'documents_needed', 'approved', 'rejected', 'issued', 'resolved', 'closed'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
/** What a department may report on its status webhook. */
export const DEPARTMENT_STATUSES = ['in_review', 'documents_needed', 'approved', 'rejected', 'issued', 'resolved', 'closed'] as const satisfies readonly ApplicationStatus[];
/** Where a case ends: a grievance's service-level clock stops, and a resolved one may be rated. */
export const FINAL_STATUSES: readonly ApplicationStatus[] = ['rejected', 'issued', 'resolved', 'closed'];
/** Grievances not resolved in time go up this many levels (mandal, then district officers), then wait. */
export const MAX_ESCALATION_LEVEL = 2;
export type DepartmentStatus = (typeof DEPARTMENT_STATUSES)[number];

export const APPLICATIONS_COLLECTION = 'applications';
const COUNTERS_COLLECTION = 'application_counters';
/** A status history is a record of a case, not a log: departments that report more are refused. */
export const MAX_HISTORY = 100;
/** A failed push is tried again after 30 s, doubling up to 30 minutes, 12 times in all (about 3 hours). */
const TELL_FIRST_RETRY_MS = 30_000;
const TELL_MAX_RETRY_MS = 30 * 60_000;
const TELL_ATTEMPTS = 12;
/** How long the filer holds a new application for its first submission (its call sizes the claim then). */
const FILER_CLAIM_MS = 60_000;
/** 405, 413, 415: the request itself is wrong (the flow or the catalog), not the application. */
const PLATFORM_STATUSES = new Set([405, 413, 415]);

/** Long enough for the connection's slowest call: every attempt timing out twice over, each wait the longest allowed. */
function claimMsFor(connection: DepartmentConnection | undefined): number {
  if (!connection) return 60_000;
  const { timeoutMs, retry } = connection;
  return Math.max(60_000, retry.maxAttempts * (2 * timeoutMs + Math.max(retry.maxDelayMs, retry.maxRetryAfterMs)) + 30_000);
}
/** Waits between submission tries while a department is down: 1, 2, 5, 10, then every 30 minutes. */
const RETRY_DELAYS_MS = [60_000, 120_000, 300_000, 600_000, 1_800_000];

export interface HistoryEntry {
  /** `escalated`: the service-level time passed (a history entry only; the status stays the department's). */
  status: ApplicationStatus | 'escalated';
  at: Date;
  by: 'citizen' | 'platform' | 'department';
  /** The department's words, as one text or per language ({ en, te }). */
  note?: string | Partial<Record<string, string>>;
  /** The department's event id: the same event delivered twice is recorded once. */
  eventId?: string;
}

/** Who filed it and where to write back: the business number and the citizen's address there. */
export interface ApplicantAddress {
  phoneNumberId: string;
  wa_id: string | null;
  user_id: string | null;
  profile_name: string | null;
}

export interface ApplicationDoc {
  _id: string;
  department: string;
  service: string;
  /** A grievance has a service-level time, is escalated when it passes, and is rated once resolved. */
  archetype: 'application' | 'grievance';
  citizenKey: string;
  citizen: ApplicantAddress;
  language: string | null;
  /** citizen key, service and the message that confirmed it: one application per confirmation. */
  filingKey: string;
  answers: Record<string, unknown>;
  status: ApplicationStatus;
  /** When the status was set (the platform's clock for its own steps, the department's for its events). */
  statusAt: Date;
  /** When the department's latest event happened, by its clock: an older event arriving late changes no status. */
  departmentAt?: Date;
  history: HistoryEntry[];
  submission: {
    /** What is sent; the body is dropped once the department has it. */
    request: Pick<DepartmentCall, 'method' | 'path'> & { body?: unknown };
    attempts: number;
    /** The department config node the flow submitted through; the sweep tries again through it. */
    via?: string | null;
    /** The run submitting it now (a token), until when. */
    claim?: string;
    /** Set while the application waits to be submitted; unset once submitted or refused. */
    dueAt?: Date;
    claimedUntil?: Date;
    lastProblem?: string;
    /** The department's own id for it, when its answer gave one. */
    departmentRef?: string;
    refusal?: { status: number; code: string | null; reason: string };
  };
  /** Grievances: the level reached, and when the next escalation is due (unset once final or at the top). */
  escalation?: { level: number; slaMs: number; dueAt?: Date };
  /** A step the citizen has not been told yet (the push failed): the sweep tries again until it is told. */
  untold?: { at: number; dueAt: Date; attempts: number };
  /** The citizen's 1–5 rating of a resolved grievance, once. */
  rating?: { stars: number; at: Date };
  createdAt: Date;
  updatedAt: Date;
  [key: string]: unknown;
}

export interface FileRequest {
  department: { id: string; code: string };
  service: string;
  archetype?: 'application' | 'grievance';
  /** Grievances: hours the department has before it is escalated. */
  slaHours?: number;
  citizenKey: string;
  citizen: ApplicantAddress;
  language: string | null;
  /** The message that confirmed the application. */
  messageId: string;
  answers: Record<string, unknown>;
  /** The department config node the flow uses, if it chose one (the sweep submits through it again). */
  via?: string | null;
  /** Made once the reference is known, so the body can carry it. */
  request: (reference: string) => Pick<DepartmentCall, 'method' | 'path' | 'body'> | Promise<Pick<DepartmentCall, 'method' | 'path' | 'body'>>;
}

export type SubmitOutcome =
  | { outcome: 'submitted'; application: ApplicationDoc }
  | { outcome: 'refused'; application: ApplicationDoc; reason: string; code: string | null; status: number }
  /** Kept: it goes to the department when it is back. */
  | { outcome: 'pending'; application: ApplicationDoc; reason: string }
  /** Another host is submitting it, or it was submitted already. */
  | { outcome: 'unchanged'; application: ApplicationDoc };

export type StatusEventResult = { result: 'recorded' | 'duplicate' | 'older'; application: ApplicationDoc } | { result: 'unknown' } | { result: 'full' };

interface CounterDoc {
  _id: string;
  seq: number;
  [key: string]: unknown;
}

export class Applications {
  private readonly docs: Collection<ApplicationDoc>;
  private readonly counters: Collection<CounterDoc>;

  constructor(
    store: DocumentStore,
    private readonly log: Logger,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.docs = store.collection<ApplicationDoc>(APPLICATIONS_COLLECTION);
    this.counters = store.collection<CounterDoc>(COUNTERS_COLLECTION);
  }

  async init(): Promise<void> {
    await this.docs.createIndex({ keys: { filingKey: 1 }, unique: true });
    await this.docs.createIndex({ keys: { citizenKey: 1 } });
    await this.docs.createIndex({ keys: { 'submission.dueAt': 1 } });
    await this.docs.createIndex({ keys: { 'escalation.dueAt': 1 } });
    await this.docs.createIndex({ keys: { 'untold.dueAt': 1 } });
  }

  /**
   * Records the application, once per confirming message; `created` is false
   * when it was filed already. A new one is held by the filer for its first
   * submission (the sweep leaves it alone meanwhile): pass `claim` to submit.
   */
  async file(request: FileRequest): Promise<{ application: ApplicationDoc; created: boolean; claim: string | null }> {
    const filingKey = `${request.citizenKey}|${request.service}|${request.messageId}`;
    const existing = await this.docs.findOne({ filingKey });
    if (existing) return { application: existing, created: false, claim: null };
    const now = this.now();
    const reference = await this.nextReference(request.department.code, now);
    const claim = randomUUID();
    const slaMs = (request.slaHours ?? 72) * 3600_000;
    const doc: ApplicationDoc = {
      _id: reference,
      department: request.department.id,
      service: request.service,
      archetype: request.archetype ?? 'application',
      citizenKey: request.citizenKey,
      citizen: request.citizen,
      language: request.language,
      filingKey,
      answers: request.answers,
      status: 'received',
      statusAt: now,
      history: [{ status: 'received', at: now, by: 'citizen' }],
      submission: { request: await request.request(reference), attempts: 0, dueAt: now, via: request.via ?? null, claim, claimedUntil: new Date(now.getTime() + FILER_CLAIM_MS) },
      ...(request.archetype === 'grievance' ? { escalation: { level: 0, slaMs, dueAt: new Date(now.getTime() + slaMs) } } : {}),
      createdAt: now,
      updatedAt: now,
    };
    try {
      return { application: await this.docs.insertOne(doc), created: true, claim };
    } catch (err) {
      // The same message filed on another host at the same moment: theirs stands (this number is skipped).
      if (!(err instanceof DuplicateKeyError)) throw err;
      const theirs = await this.docs.findOne({ filingKey });
      if (!theirs) throw err;
      return { application: theirs, created: false, claim: null };
    }
  }

  /**
   * Sends a filed application to its department, unless another host holds
   * it or it went already. The reference is the idempotency key: the
   * department files it once however often this runs. The claim is owned
   * (a token) and long enough for the connection's slowest call; every
   * result is written only while this run still holds it.
   */
  async submit(reference: string, client: Pick<DepartmentClient, 'call'> & { connection?: DepartmentConnection }, heldClaim: string | null = null): Promise<SubmitOutcome> {
    const now = this.now();
    const claim = heldClaim ?? randomUUID();
    const until = new Date(now.getTime() + claimMsFor(client.connection));
    const claimed = await this.docs.findOneAndUpdate(
      heldClaim
        ? { _id: reference, 'submission.dueAt': { $exists: true }, 'submission.claim': heldClaim }
        : { _id: reference, 'submission.dueAt': { $exists: true }, $or: [{ 'submission.claimedUntil': { $exists: false } }, { 'submission.claimedUntil': { $lte: now } }] },
      { $set: { 'submission.claim': claim, 'submission.claimedUntil': until }, $inc: { 'submission.attempts': 1 } },
      { returnDocument: 'after' },
    );
    const unchanged = async (): Promise<SubmitOutcome> => {
      const application = await this.docs.findOne({ _id: reference });
      if (!application) throw new Error(`no application ${reference}`);
      return { outcome: 'unchanged', application };
    };
    if (!claimed) return unchanged();
    let result: DepartmentResult;
    try {
      result = await client.call({ ...claimed.submission.request, idempotencyKey: reference });
    } catch (err) {
      // A flow's mistake (a path outside the department's URL): kept, and said in the log.
      result = { outcome: 'unavailable', reason: 'bad_answer', status: null, attempts: 1 };
      this.log.error({ err, application: reference }, 'applications: the submission could not be made');
    }
    // Answers the platform itself must fix (a wrong method or media type, a key reused): kept, not the citizen's refusal.
    if (result.outcome === 'refused' && (PLATFORM_STATUSES.has(result.status) || result.code === 'IDEMPOTENCY_KEY_REUSED')) {
      this.log.error({ application: reference, status: result.status, code: result.code }, 'applications: the department refused the request itself (not the application); it is kept and tried again: check the flow and the catalog endpoint');
      result = { outcome: 'unavailable', reason: 'bad_answer', status: result.status, attempts: result.attempts };
    }
    const at = this.now();
    // Only while this run holds it: a run whose claim lapsed and was taken over writes nothing.
    const mine = { _id: reference, 'submission.claim': claim };
    if (result.outcome === 'ok') {
      const departmentRef = departmentRefOf(result.body);
      const entry: HistoryEntry = { status: 'submitted', at, by: 'platform' };
      const done = await this.docs.updateOne(mine, {
        // The body is not needed once the department has it: the answers are kept once.
        $set: { updatedAt: at, ...(departmentRef ? { 'submission.departmentRef': departmentRef } : {}) },
        $unset: { 'submission.dueAt': '', 'submission.claim': '', 'submission.claimedUntil': '', 'submission.lastProblem': '', 'submission.request.body': '' },
        $push: { history: entry },
      });
      if (done.matchedCount === 0) return unchanged();
      // A fast department may have reported progress already (its webhook before its answer): that stands.
      const application = (await this.docs.findOneAndUpdate({ _id: reference, status: 'received' }, { $set: { status: 'submitted', statusAt: at } }, { returnDocument: 'after' })) ?? (await this.docs.findOne({ _id: reference }));
      return { outcome: 'submitted', application: application! };
    }
    if (result.outcome === 'refused') {
      const entry: HistoryEntry = { status: 'rejected', at, by: 'department', note: result.reason.slice(0, 500) };
      const application = await this.docs.findOneAndUpdate(
        mine,
        {
          $set: { status: 'rejected', statusAt: at, updatedAt: at, 'submission.refusal': { status: result.status, code: result.code, reason: result.reason.slice(0, 500) } },
          $unset: { 'submission.dueAt': '', 'submission.claim': '', 'submission.claimedUntil': '', 'submission.request.body': '', 'escalation.dueAt': '' },
          $push: { history: entry },
        },
        { returnDocument: 'after' },
      );
      if (!application) return unchanged();
      return { outcome: 'refused', application, reason: result.reason, code: result.code, status: result.status };
    }
    const delay = RETRY_DELAYS_MS[Math.min(claimed.submission.attempts - 1, RETRY_DELAYS_MS.length - 1)];
    const application = await this.docs.findOneAndUpdate(
      mine,
      { $set: { 'submission.dueAt': new Date(at.getTime() + delay), 'submission.lastProblem': result.reason, updatedAt: at }, $unset: { 'submission.claim': '', 'submission.claimedUntil': '' } },
      { returnDocument: 'after' },
    );
    if (!application) return unchanged();
    this.log.warn({ application: reference, department: claimed.department, reason: result.reason, retryInMs: delay }, 'applications: the department is unavailable; the application waits and is submitted later');
    return { outcome: 'pending', application, reason: result.reason };
  }

  /**
   * The outcome of a submission another run holds (a message run again while
   * its first run still submits): waits until that run has written it, or
   * gives up after `maxMs` (inside the inbox's turn time) with the application as it stands.
   */
  async settled(reference: string, maxMs = 20_000): Promise<ApplicationDoc> {
    const end = Date.now() + maxMs;
    for (;;) {
      const application = await this.docs.findOne({ _id: reference });
      if (!application) throw new Error(`no application ${reference}`);
      const held = application.submission.claimedUntil && application.submission.claimedUntil.getTime() > this.now().getTime();
      if (!held || Date.now() > end) return application;
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The filer has no connection to submit through (a deploy under way): the sweep may take it. */
  async release(reference: string, claim: string): Promise<void> {
    await this.docs.updateOne({ _id: reference, 'submission.claim': claim }, { $unset: { 'submission.claim': '', 'submission.claimedUntil': '' } });
  }

  /** Applications waiting to be submitted whose time has come and no run holds, oldest first, of these departments. */
  due(departments: string[], limit = 50): Promise<ApplicationDoc[]> {
    const now = this.now();
    return this.docs.find(
      { 'submission.dueAt': { $lte: now }, department: { $in: departments }, $or: [{ 'submission.claimedUntil': { $exists: false } }, { 'submission.claimedUntil': { $lte: now } }] },
      { sort: { 'submission.dueAt': 1 }, limit },
    );
  }

  /** Applications waiting for their department, for the admins: the oldest first. */
  pending(limit = 100): Promise<ApplicationDoc[]> {
    return this.docs.find({ 'submission.dueAt': { $exists: true } }, { sort: { 'submission.dueAt': 1 }, limit, projection: { answers: 0, 'submission.request': 0 } });
  }

  /**
   * A department's status event. Recorded once per event id; an event older
   * than the latest one goes into the history without changing the status.
   */
  async recordStatus(department: string, reference: string, event: { status: DepartmentStatus; at: Date; note?: HistoryEntry['note']; eventId: string }): Promise<StatusEventResult> {
    const current = await this.docs.findOne({ _id: reference, department });
    if (!current) return { result: 'unknown' };
    if (current.history.some((h) => h.eventId === event.eventId)) return { result: 'duplicate', application: current };
    if (current.history.length >= MAX_HISTORY) return { result: 'full' };
    const entry: HistoryEntry = { status: event.status, at: event.at, by: 'department', eventId: event.eventId, ...(event.note ? { note: event.note } : {}) };
    // Two steps, each atomic on its own, so events for one application at once all land: the entry
    // once per event id, then the status only if no newer event set it meanwhile.
    const added = await this.docs.updateOne(
      // The cap in the same write: events arriving at once cannot pass it together.
      { _id: reference, department, 'history.eventId': { $ne: event.eventId }, [`history.${MAX_HISTORY - 1}`]: { $exists: false } },
      { $push: { history: entry }, $set: { updatedAt: this.now() } },
    );
    if (added.matchedCount === 0) {
      const again = await this.docs.findOne({ _id: reference, department });
      if (!again) return { result: 'unknown' };
      return again.history.some((h) => h.eventId === event.eventId) ? { result: 'duplicate', application: again } : { result: 'full' };
    }
    const final = FINAL_STATUSES.includes(event.status);
    const newer = await this.docs.findOneAndUpdate(
      // Department events are ordered by the department's clock only: the platform's own steps
      // (received, submitted) are on another clock, and any department event follows them.
      { _id: reference, $or: [{ departmentAt: { $exists: false } }, { departmentAt: { $lte: event.at } }] },
      // A final status stops a grievance's clock: nothing to escalate any more.
      { $set: { status: event.status, statusAt: event.at, departmentAt: event.at }, ...(final ? { $unset: { 'escalation.dueAt': '' } } : {}) },
      { returnDocument: 'after' },
    );
    if (newer) {
      // A grievance reopened (a newer status that is not final) runs on its clock again.
      if (!final && newer.archetype === 'grievance' && newer.escalation && !newer.escalation.dueAt && newer.escalation.level < MAX_ESCALATION_LEVEL) {
        const dueAt = new Date(this.now().getTime() + newer.escalation.slaMs);
        await this.docs.updateOne({ _id: reference, 'escalation.dueAt': { $exists: false } }, { $set: { 'escalation.dueAt': dueAt } });
        newer.escalation.dueAt = dueAt;
      }
      return { result: 'recorded', application: newer };
    }
    return { result: 'older', application: (await this.docs.findOne({ _id: reference }))! };
  }

  /**
   * Grievances whose service-level time has passed, each escalated one level
   * (once, whichever host gets there first); returned to be told to the
   * citizen and the officers.
   */
  async escalateDue(limit = 50): Promise<ApplicationDoc[]> {
    const now = this.now();
    const due = await this.docs.find({ 'escalation.dueAt': { $lte: now } }, { sort: { 'escalation.dueAt': 1 }, limit });
    const escalated: ApplicationDoc[] = [];
    for (const grievance of due) {
      const { level, slaMs, dueAt } = grievance.escalation!;
      const next = level + 1;
      const entry: HistoryEntry = { status: 'escalated', at: now, by: 'platform', note: `level ${next}` };
      const updated = await this.docs.findOneAndUpdate(
        // Conditional on the due time read: a second host finds it moved on and leaves it.
        { _id: grievance._id, 'escalation.dueAt': dueAt, status: { $nin: [...FINAL_STATUSES] } },
        {
          $set: { 'escalation.level': next, updatedAt: now, ...(next < MAX_ESCALATION_LEVEL ? { 'escalation.dueAt': new Date(now.getTime() + slaMs) } : {}) },
          ...(next < MAX_ESCALATION_LEVEL ? {} : { $unset: { 'escalation.dueAt': '' } }),
          $push: { history: entry },
        },
        { returnDocument: 'after' },
      );
      if (updated) escalated.push(updated);
    }
    return escalated;
  }

  /** The citizen's 1–5 rating of their resolved grievance: kept once. */
  async rate(reference: string, citizenKey: string, stars: number): Promise<'rated' | 'already' | 'not_yours' | 'not_resolved'> {
    if (!Number.isInteger(stars) || stars < 1 || stars > 5) throw new RangeError('a rating is 1 to 5 stars');
    const rated = await this.docs.updateOne(
      { _id: reference, citizenKey, archetype: 'grievance', status: { $in: ['resolved', 'closed'] }, rating: { $exists: false } },
      { $set: { rating: { stars, at: this.now() }, updatedAt: this.now() } },
    );
    if (rated.matchedCount > 0) return 'rated';
    const found = await this.docs.findOne({ _id: reference });
    if (!found || found.citizenKey !== citizenKey || found.archetype !== 'grievance') return 'not_yours';
    return found.rating ? 'already' : 'not_resolved';
  }

  /** Before telling the citizen of history[at]: kept as untold until `told`, so a failed push is tried again. */
  async remember(reference: string, at: number): Promise<void> {
    // The same step again (a department's retry): its tries so far stand.
    await this.docs.updateOne({ _id: reference, 'untold.at': { $ne: at } }, { $set: { untold: { at, dueAt: new Date(this.now().getTime() + TELL_FIRST_RETRY_MS), attempts: 0 } } });
  }

  /** The citizen was told of history[at] (a newer step waiting to be told stays). */
  async told(reference: string, at: number): Promise<void> {
    await this.docs.updateOne({ _id: reference, 'untold.at': at }, { $unset: { untold: '' } });
  }

  /** The push of history[at] failed: again later, backing off from the tries kept; given up after TELL_ATTEMPTS (logged). */
  async tellLater(reference: string, at: number): Promise<void> {
    const counted = await this.docs.findOneAndUpdate({ _id: reference, 'untold.at': at }, { $inc: { 'untold.attempts': 1 } }, { returnDocument: 'after' });
    if (!counted) return;
    const attempts = counted.untold!.attempts;
    if (attempts >= TELL_ATTEMPTS) {
      this.log.error({ application: reference, attempts }, 'applications: the citizen could not be told of a status change after every try; it stays in the history');
      await this.told(reference, at);
      return;
    }
    const delay = Math.min(TELL_FIRST_RETRY_MS * 2 ** (attempts - 1), TELL_MAX_RETRY_MS);
    await this.docs.updateOne({ _id: reference, 'untold.at': at }, { $set: { 'untold.dueAt': new Date(this.now().getTime() + delay) } });
  }

  /** Applications with a step the citizen still has to be told of, whose time has come. */
  untoldDue(limit = 50): Promise<ApplicationDoc[]> {
    return this.docs.find({ 'untold.dueAt': { $lte: this.now() } }, { sort: { 'untold.dueAt': 1 }, limit });
  }

  byReference(reference: string): Promise<ApplicationDoc | null> {
    return this.docs.findOne({ _id: reference });
  }

  /** One of the citizen's own applications by its reference: another citizen's is not found. */
  ofCitizenByReference(citizenKey: string, reference: string): Promise<ApplicationDoc | null> {
    return this.docs.findOne({ _id: reference, citizenKey });
  }

  /** A citizen's latest applications, newest first. */
  ofCitizen(citizenKey: string, limit = 10): Promise<ApplicationDoc[]> {
    return this.docs.find({ citizenKey }, { sort: { createdAt: -1, _id: -1 }, limit });
  }

  private async nextReference(code: string, now: Date): Promise<string> {
    // The year in India, where a reference issued at 00:30 IST on 1 January belongs to the new year.
    const year = Number(new Intl.DateTimeFormat('en-IN', { timeZone: 'Asia/Kolkata', year: 'numeric' }).format(now));
    const counter = await this.counters.findOneAndUpdate({ _id: `${code}-${year}` }, { $inc: { seq: 1 } }, { upsert: true, returnDocument: 'after' });
    return formatReference(code, year, counter!.seq);
  }
}

/** The department's own id for the application, when its answer names one. */
function departmentRefOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const record = body as Record<string, unknown>;
  for (const key of ['applicationId', 'application_id', 'id', 'ackNo', 'acknowledgementNumber']) {
    const value = record[key];
    if ((typeof value === 'string' && value.length > 0 && value.length <= 64) || typeof value === 'number') return String(value);
  }
  return null;
}
