/**
 * A department's intake desk, simulated: what every sandbox backend does
 * with an application or a grievance once its own rules have passed.
 *
 * - The Idempotency-Key is required; the same key with the same body answers
 *   as the first time (also while the first is still being answered), with
 *   another body 422 IDEMPOTENCY_KEY_REUSED.
 * - Test residents (a name in the body, or the X-Sandbox-Fault header):
 *   "Test Down" answers 503, "Test Busy" 429 with Retry-After: 1 the first
 *   time, "Test Slow" only after 15 s.
 * - A filed case moves on by itself, step by step (in review after
 *   `reviewAfterMs`, the last step after `finalAfterMs`), each step sent to
 *   the platform's status webhook signed with the department's key and
 *   retried while the platform does not answer.
 *
 * Bounded memory: a long-running sandbox forgets its oldest cases and keys.
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import { signRequest, SIGNATURE_HEADER } from '../../../departments/api/hmac';
import type { Logger } from '../../../log';
import type { Localized, StepStatus } from './spec';

const MAX_KEPT = 10_000;
export const FAULT_HEADER = 'X-Sandbox-Fault';
export type Fault = 'down' | 'busy' | 'slow';

export interface FilingDeskOptions {
  /** The department's name in errors ("The CDMA service is under maintenance"). */
  name: string;
  /** The key status events are signed with (the platform trusts it for this department). */
  statusKey: { keyId: string; secret: string };
  log: Logger;
  reviewAfterMs?: number;
  finalAfterMs?: number;
  /** How long "Test Slow" takes to answer (past any sane timeout by default). */
  slowMs?: number;
  now?: () => Date;
}

export interface FiledCase {
  id: string;
  /** The platform's reference (AP-REV-2026-000123). */
  reference: string;
  /** The filing's code (INC, BC, WS). */
  code: string;
  /** UIDAI's token of the citizen who filed it, when the platform sent one: only they may look it up. */
  owner: string | null;
  /** Where it stands at the department: RECEIVED, IN_REVIEW, ISSUED, RESOLVED… */
  status: string;
  filedAt: string;
  timers: NodeJS.Timeout[];
  /** Steps not taken yet, in order. */
  steps: Array<{ status: StepStatus; note: Localized; eventId: string }>;
}

/** A case as the department makes it: its id and code, the platform's reference, who filed it, what happens next. */
export interface NewCase {
  id: string;
  code: string;
  reference: string;
  owner?: string | null;
  steps: Array<{ status: StepStatus; note: Localized }>;
}

export type Problem = { status?: number; code: string; message: string } | null;

/** Which test resident a request plays, if any: the header first, then a name among the body's texts. */
export function faultOf(req: Request, names: readonly unknown[]): Fault | null {
  const header = String(req.get(FAULT_HEADER) ?? '').trim().toLowerCase();
  if (header === 'down' || header === 'busy' || header === 'slow') return header;
  for (const value of names) {
    if (typeof value !== 'string') continue;
    const name = value.trim().toLowerCase();
    if (name === 'test down') return 'down';
    if (name === 'test busy') return 'busy';
    if (name === 'test slow') return 'slow';
  }
  return null;
}

export class FilingDesk {
  private readonly now: () => Date;
  private readonly byKey = new Map<string, { bodyHash: string; answer: Promise<{ status: number; body: unknown }> }>();
  private readonly filed = new Map<string, FiledCase>();
  private readonly busySeen = new Set<string>();
  private readonly deliveries = new Set<Promise<void>>();
  /** "Test Slow" answers still to come, and what each says if the sandbox closes first. */
  private readonly slow = new Map<NodeJS.Timeout, () => void>();
  /** Deliveries under way stop when the sandbox closes (their waits too). */
  private readonly stopping = new AbortController();
  private readonly deliver = retry(handleAll, { maxAttempts: 6, backoff: new ExponentialBackoff({ initialDelay: 500, maxDelay: 30_000 }) });
  private statusUrl: string | null = null;
  private sequence = 0;
  private closed = false;

  constructor(private readonly options: FilingDeskOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** A department id: CDMA/BC/2026/000123. */
  nextId(prefix: string, code: string): string {
    return `${prefix}/${code}/${this.now().getUTCFullYear()}/${String(++this.sequence).padStart(6, '0')}`;
  }

  find(id: string): FiledCase | undefined {
    return this.filed.get(id);
  }

  /** Answers a request for a test resident's fault, or returns false (answer it as usual). */
  answerFault(req: Request, res: Response, fault: Fault | null, onceKey: string): boolean {
    if (fault === 'down') {
      error(res, 503, 'MAINTENANCE', `The ${this.options.name} service is under maintenance`);
      return true;
    }
    if (fault === 'busy' && !this.busySeen.has(onceKey)) {
      this.busySeen.add(onceKey);
      this.forgetOldest();
      res.set('Retry-After', '1');
      error(res, 429, 'RATE_LIMITED', 'Too many requests');
      return true;
    }
    return false;
  }

  /** Runs `answer` now, or after the slow delay for "Test Slow" (503, and `closing`, if the sandbox closes meanwhile). */
  later(res: Response, fault: Fault | null, answer: () => void, closing?: () => void): void {
    if (fault !== 'slow') return answer();
    const closed = () => {
      closing?.();
      if (!res.headersSent) error(res, 503, 'MAINTENANCE', `The ${this.options.name} service is closing`);
    };
    const timer = setTimeout(() => {
      this.slow.delete(timer);
      if (this.closed) return closed();
      answer();
    }, this.options.slowMs ?? 15_000);
    timer.unref();
    this.slow.set(timer, closed);
  }

  /**
   * Files a case: the Idempotency-Key (replayed, or refused when reused for another body), the test
   * residents named in `names`, then `check` (a refusal) or the new case, which moves on by itself.
   */
  file(req: Request, res: Response, names: readonly unknown[], check: () => Problem, make: () => NewCase): void {
    const key = req.get('Idempotency-Key');
    if (!key || key.length > 200) return void error(res, 400, 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header (up to 200 characters) with every application');
    // The same key sent to another route, or with another body, is another request: refused, never answered with the first's result.
    const bodyHash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
    const earlier = this.byKey.get(key);
    if (earlier) {
      if (earlier.bodyHash !== bodyHash) return void error(res, 422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another application');
      // Still being answered (a retry while the first request is slow): the same answer, once it is there.
      void earlier.answer.then((first) => res.status(first.status).json(first.body));
      return;
    }
    const fault = faultOf(req, names);
    if (this.answerFault(req, res, fault, key)) return;
    let settle!: (first: { status: number; body: unknown }) => void;
    // Kept from the moment the request arrives, so a retry in the meantime files nothing more.
    this.byKey.set(key, { bodyHash, answer: new Promise((resolve) => (settle = resolve)) });
    this.later(res, fault, () => {
      try {
        this.settleFiling(res, check, make, settle);
      } catch (err) {
        // A rule that throws (a body of an unexpected shape) is the department's 500, and the key is free again.
        this.byKey.delete(key);
        this.options.log.warn({ err }, 'department sandbox: a filing failed');
        settle({ status: 500, body: { error: { code: 'INTERNAL_ERROR', message: 'The application could not be processed' } } });
        if (!res.headersSent) error(res, 500, 'INTERNAL_ERROR', 'The application could not be processed');
      }
    }, () => {
      this.byKey.delete(key);
      settle({ status: 503, body: { error: { code: 'MAINTENANCE', message: `The ${this.options.name} service is closing` } } });
    });
  }

  private settleFiling(res: Response, check: () => Problem, make: () => NewCase, settle: (first: { status: number; body: unknown }) => void): void {
    const problem = check();
    if (problem) {
      const refusal = { error: { code: problem.code, message: problem.message } };
      const status = problem.status ?? 422;
      settle({ status, body: refusal });
      return void res.status(status).json(refusal);
    }
    const made = make();
    const filed: FiledCase = { ...made, owner: made.owner ?? null, status: 'RECEIVED', filedAt: this.now().toISOString(), timers: [], steps: made.steps.map((s, i) => ({ ...s, eventId: `${made.id}#${i + 1}` })) };
    this.filed.set(filed.id, filed);
    this.forgetOldest();
    this.schedule(filed);
    const created = { applicationId: filed.id, reference: filed.reference, status: filed.status };
    settle({ status: 201, body: created });
    res.status(201).json(created);
  }

  connect(statusUrl: string): void {
    this.statusUrl = statusUrl;
  }

  /** Sends every status event still to come now, and waits until each is delivered (for tests and demos). */
  async settle(): Promise<void> {
    for (const filed of this.filed.values()) {
      for (const t of filed.timers) clearTimeout(t);
      filed.timers = [];
      while (filed.steps.length > 0) {
        this.step(filed);
        await Promise.all([...this.deliveries]);
      }
    }
    await Promise.all([...this.deliveries]);
  }

  close(): void {
    this.closed = true;
    this.stopping.abort();
    for (const [timer, closed] of this.slow) {
      clearTimeout(timer);
      closed();
    }
    this.slow.clear();
    for (const filed of this.filed.values()) for (const t of filed.timers) clearTimeout(t);
  }

  /** The first step after `reviewAfterMs`, the last after `finalAfterMs`, any between spread evenly. */
  private schedule(filed: FiledCase): void {
    const first = this.options.reviewAfterMs ?? 20_000;
    const last = this.options.finalAfterMs ?? 60_000;
    const n = filed.steps.length;
    for (let i = 0; i < n; i++) {
      const at = n === 1 ? first : first + ((last - first) * i) / (n - 1);
      const timer = setTimeout(() => this.step(filed), at);
      timer.unref();
      filed.timers.push(timer);
    }
  }

  /** The case's next step: its status here, then the event to the platform. */
  private step(filed: FiledCase): void {
    const next = filed.steps.shift();
    if (!next || this.closed) return;
    filed.status = next.status.toUpperCase();
    const event = JSON.stringify({ reference: filed.reference, status: next.status, eventId: next.eventId, at: this.now().toISOString(), note: next.note });
    const { keyId, secret } = this.options.statusKey;
    const delivery = this.deliver
      .execute(async ({ signal }) => {
        if (this.closed) return;
        if (!this.statusUrl) throw new Error('the platform is not connected yet');
        const url = new URL(this.statusUrl);
        const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: signRequest(keyId, secret, 'POST', url.pathname, event) }, body: event, signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]) });
        // 4xx: the platform will not take it however often it is sent.
        if (res.status >= 400 && res.status < 500) {
          this.options.log.warn({ status: res.status, application: filed.id }, 'department sandbox: the platform refused a status event');
          return;
        }
        if (!res.ok) throw new Error(`status webhook answered ${res.status}`);
      }, this.stopping.signal)
      .catch((err: Error) => {
        if (!this.closed) this.options.log.warn({ err, application: filed.id }, 'department sandbox: a status event was not delivered');
      })
      .finally(() => this.deliveries.delete(delivery));
    this.deliveries.add(delivery);
  }

  private forgetOldest(): void {
    for (const [id, old] of this.filed) {
      if (this.filed.size <= MAX_KEPT) break;
      for (const t of old.timers) clearTimeout(t);
      this.filed.delete(id);
    }
    for (const key of this.byKey.keys()) {
      if (this.byKey.size <= MAX_KEPT) break;
      this.byKey.delete(key);
    }
    for (const key of this.busySeen) {
      if (this.busySeen.size <= MAX_KEPT) break;
      this.busySeen.delete(key);
    }
  }
}

export function error(res: Response, status: number, code: string, message: string): void {
  res.status(status).json({ error: { code, message } });
}
