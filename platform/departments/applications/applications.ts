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
import type { DepartmentCall, DepartmentClient, DepartmentResult } from '../api/client';
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
/** How long one host holds an application while it submits it (the call's retries fit well inside). */
const CLAIM_MS = 60_000;
/** Waits between submission tries while a department is down: 1, 2, 5, 10, then every 30 minutes. */
const RETRY_DELAYS_MS = [60_000, 120_000, 300_000, 600_000, 1_800_000];

export interface HistoryEntry {
  /** `escalated`: the service-level time passed (a history entry only; the status stays the department's). */
  status: ApplicationStatus | 'escalated';
  at: Date;
  by: 'citizen' | 'platform' | 'department';
  note?: string;
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
  /** When the department's latest event happened (its clock); an older event arriving late changes no status. */
  statusAt: Date;
  history: HistoryEntry[];
  submission: {
    request: Pick<DepartmentCall, 'method' | 'path' | 'body'>;
    attempts: number;
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
  }

  /** Records the application, once per confirming message; `created` is false when it was filed already. */
  async file(request: FileRequest): Promise<{ application: ApplicationDoc; created: boolean }> {
    const filingKey = `${request.citizenKey}|${request.service}|${request.messageId}`;
    const existing = await this.docs.findOne({ filingKey });
    if (existing) return { application: existing, created: false };
    const now = this.now();
    const reference = await this.nextReference(request.department.code, now);
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
      submission: { request: await request.request(reference), attempts: 0, dueAt: now },
      ...(request.archetype === 'grievance' ? { escalation: { level: 0, slaMs: (request.slaHours ?? 72) * 3600_000, dueAt: new Date(now.getTime() + (request.slaHours ?? 72) * 3600_000) } } : {}),
      createdAt: now,
      updatedAt: now,
    };
    try {
      return { application: await this.docs.insertOne(doc), created: true };
    } catch (err) {
      // The same message filed on another host at the same moment: theirs stands (this number is skipped).
      if (!(err instanceof DuplicateKeyError)) throw err;
      const theirs = await this.docs.findOne({ filingKey });
      if (!theirs) throw err;
      return { application: theirs, created: false };
    }
  }

  /**
   * Sends a filed application to its department, unless another host holds
   * it or it went already. The reference is the idempotency key: the
   * department files it once however often this runs.
   */
  async submit(reference: string, client: Pick<DepartmentClient, 'call'>): Promise<SubmitOutcome> {
    const now = this.now();
    const claimed = await this.docs.findOneAndUpdate(
      { _id: reference, 'submission.dueAt': { $exists: true }, $or: [{ 'submission.claimedUntil': { $exists: false } }, { 'submission.claimedUntil': { $lte: now } }] },
      { $set: { 'submission.claimedUntil': new Date(now.getTime() + CLAIM_MS) }, $inc: { 'submission.attempts': 1 } },
      { returnDocument: 'after' },
    );
    if (!claimed) {
      const application = await this.docs.findOne({ _id: reference });
      if (!application) throw new Error(`no application ${reference}`);
      return { outcome: 'unchanged', application };
    }
    let result: DepartmentResult;
    try {
      result = await client.call({ ...claimed.submission.request, idempotencyKey: reference });
    } catch (err) {
      // A flow's mistake (a path outside the department's URL): kept, and said in the log.
      result = { outcome: 'unavailable', reason: 'bad_answer', status: null, attempts: 1 };
      this.log.error({ err, application: reference }, 'applications: the submission could not be made');
    }
    const at = this.now();
    if (result.outcome === 'ok') {
      const departmentRef = departmentRefOf(result.body);
      const entry: HistoryEntry = { status: 'submitted', at, by: 'platform' };
      await this.docs.updateOne(
        { _id: reference },
        {
          $set: { updatedAt: at, ...(departmentRef ? { 'submission.departmentRef': departmentRef } : {}) },
          $unset: { 'submission.dueAt': '', 'submission.claimedUntil': '', 'submission.lastProblem': '' },
          $push: { history: entry },
        },
      );
      // A fast department may have reported progress already (its webhook before its answer): that stands.
      const application = (await this.docs.findOneAndUpdate({ _id: reference, status: 'received' }, { $set: { status: 'submitted', statusAt: at } }, { returnDocument: 'after' })) ?? (await this.docs.findOne({ _id: reference }));
      return { outcome: 'submitted', application: application! };
    }
    if (result.outcome === 'refused') {
      const entry: HistoryEntry = { status: 'rejected', at, by: 'department', note: result.reason.slice(0, 500) };
      const application = await this.docs.findOneAndUpdate(
        { _id: reference },
        {
          $set: { status: 'rejected', statusAt: at, updatedAt: at, 'submission.refusal': { status: result.status, code: result.code, reason: result.reason.slice(0, 500) } },
          $unset: { 'submission.dueAt': '', 'submission.claimedUntil': '', 'escalation.dueAt': '' },
          $push: { history: entry },
        },
        { returnDocument: 'after' },
      );
      return { outcome: 'refused', application: application!, reason: result.reason, code: result.code, status: result.status };
    }
    const delay = RETRY_DELAYS_MS[Math.min(claimed.submission.attempts - 1, RETRY_DELAYS_MS.length - 1)];
    const application = await this.docs.findOneAndUpdate(
      { _id: reference },
      { $set: { 'submission.dueAt': new Date(at.getTime() + delay), 'submission.lastProblem': result.reason, updatedAt: at }, $unset: { 'submission.claimedUntil': '' } },
      { returnDocument: 'after' },
    );
    this.log.warn({ application: reference, department: claimed.department, reason: result.reason, retryInMs: delay }, 'applications: the department is unavailable; the application waits and is submitted later');
    return { outcome: 'pending', application: application!, reason: result.reason };
  }

  /** Applications waiting to be submitted whose time has come, oldest first. */
  due(limit = 50): Promise<ApplicationDoc[]> {
    return this.docs.find({ 'submission.dueAt': { $lte: this.now() } }, { sort: { 'submission.dueAt': 1 }, limit });
  }

  /**
   * A department's status event. Recorded once per event id; an event older
   * than the latest one goes into the history without changing the status.
   */
  async recordStatus(department: string, reference: string, event: { status: DepartmentStatus; at: Date; note?: string; eventId: string }): Promise<StatusEventResult> {
    const current = await this.docs.findOne({ _id: reference, department });
    if (!current) return { result: 'unknown' };
    if (current.history.some((h) => h.eventId === event.eventId)) return { result: 'duplicate', application: current };
    if (current.history.length >= MAX_HISTORY) return { result: 'full' };
    const entry: HistoryEntry = { status: event.status, at: event.at, by: 'department', eventId: event.eventId, ...(event.note ? { note: event.note } : {}) };
    // Two steps, each atomic on its own, so events for one application at once all land: the entry
    // once per event id, then the status only if no newer event set it meanwhile.
    const added = await this.docs.updateOne({ _id: reference, department, 'history.eventId': { $ne: event.eventId } }, { $push: { history: entry }, $set: { updatedAt: this.now() } });
    if (added.matchedCount === 0) {
      const again = await this.docs.findOne({ _id: reference, department });
      return again ? { result: 'duplicate', application: again } : { result: 'unknown' };
    }
    const final = FINAL_STATUSES.includes(event.status);
    const newer = await this.docs.findOneAndUpdate(
      { _id: reference, statusAt: { $lte: event.at } },
      // A final status stops a grievance's clock: nothing to escalate any more.
      { $set: { status: event.status, statusAt: event.at }, ...(final ? { $unset: { 'escalation.dueAt': '' } } : {}) },
      { returnDocument: 'after' },
    );
    if (newer) return { result: 'recorded', application: newer };
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

  byReference(reference: string): Promise<ApplicationDoc | null> {
    return this.docs.findOne({ _id: reference });
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
