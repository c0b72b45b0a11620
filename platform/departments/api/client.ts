/**
 * A department's API as the platform calls it: one client per department
 * connection, which makes a badly behaved government backend look reliable.
 *
 *   - Each attempt has a timeout. Timeouts, 5xx, 429 and failures to connect
 *     are retried with exponential back-off and decorrelated jitter
 *     (cockatiel), waiting what `Retry-After` asks when it says (up to a
 *     limit beyond which the call is unavailable now).
 *   - A circuit breaker per department (cockatiel): after N failed attempts in
 *     a row the calls fail at once as unavailable, until a trial call after
 *     the half-open delay succeeds. Each host keeps its own breaker.
 *   - Every write (any method but GET and HEAD) carries an `Idempotency-Key`,
 *     the caller's (from the citizen's message, so a message run again files
 *     nothing twice) or one made per call; retries reuse it.
 *   - Auth: an API key header, a bearer token, OAuth 2.0 client credentials
 *     (cached; a 401 drops the token and the call is tried once with a new
 *     one), or HMAC-signed requests (hmac.ts).
 *
 * The outcome is one of three, as the department-api node's outputs are:
 * ok (2xx), refused (another 4xx: the department said no, with its reason),
 * unavailable (it could not be reached in time, or the circuit is open).
 */
import { randomUUID } from 'node:crypto';
import { BrokenCircuitError, ConsecutiveBreaker, ExponentialBackoff, circuitBreaker, handleWhen, retry, wrap, type IBackoff, type IBackoffFactory, type IRetryBackoffContext } from 'cockatiel';
import { request } from 'undici';
import type { DepartmentConnection } from './connection';
import { signRequest, SIGNATURE_HEADER } from './hmac';
import { ClientCredentialsTokens, TokenError } from './oauth';

export interface DepartmentCall {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path under the base URL, e.g. `/ration-cards/AP123/entitlement`; already expanded and encoded. */
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** For writes: the same key for the same intent (a citizen's message), so a retry or a re-run files once. */
  idempotencyKey?: string;
}

export type DepartmentResult =
  | { outcome: 'ok'; status: number; body: unknown; attempts: number }
  | { outcome: 'refused'; status: number; body: unknown; reason: string; code: string | null; attempts: number }
  | { outcome: 'unavailable'; reason: 'circuit_open' | 'timeout' | 'server_error' | 'rate_limited' | 'unreachable' | 'auth'; status: number | null; attempts: number };

/** An attempt that may succeed if tried again. */
class TransientFailure extends Error {
  constructor(
    readonly reason: 'timeout' | 'server_error' | 'rate_limited' | 'unreachable',
    readonly status: number | null,
    readonly retryAfterMs: number | null,
  ) {
    super(`department call failed: ${reason}${status ? ` (${status})` : ''}`);
    this.name = 'TransientFailure';
  }
}

/** Retry-After beyond what the connection waits for: the call gives up now, as unavailable. */
class TooLongToWait extends Error {
  constructor(readonly failure: TransientFailure) {
    super('Retry-After is longer than the connection waits');
  }
}

/** Bodies larger than this are not read: a department answer is a record, not a file. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class DepartmentClient {
  private readonly tokens: ClientCredentialsTokens | null;
  private readonly breaker;
  private readonly policy;

  constructor(
    readonly connection: DepartmentConnection,
    private readonly now: () => number = Date.now,
  ) {
    const { auth, retry: retrySettings, breaker: breakerSettings } = connection;
    this.tokens = auth.kind === 'oauth2' ? new ClientCredentialsTokens(auth, connection.timeoutMs, now) : null;
    this.breaker = circuitBreaker(handleWhen((err) => err instanceof TransientFailure), {
      halfOpenAfter: breakerSettings.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(breakerSettings.consecutiveFailures),
    });
    const retryPolicy = retry(handleWhen((err) => err instanceof TransientFailure), {
      maxAttempts: retrySettings.maxAttempts - 1,
      backoff: new RetryAfterBackoff(new ExponentialBackoff({ initialDelay: retrySettings.initialDelayMs, maxDelay: retrySettings.maxDelayMs }), retrySettings.maxRetryAfterMs),
    });
    // Retry outside, breaker inside: every attempt counts towards opening the circuit, and an open
    // circuit (BrokenCircuitError) is not retried.
    this.policy = wrap(retryPolicy, this.breaker);
  }

  /** closed, open, half-open: for the admin page and the node's status. */
  get circuit(): 'closed' | 'open' | 'half-open' | 'isolated' {
    const state = this.breaker.state as unknown as number;
    return (['closed', 'open', 'half-open', 'isolated'] as const)[state] ?? 'closed';
  }

  async call(call: DepartmentCall): Promise<DepartmentResult> {
    const idempotencyKey = WRITES.has(call.method) ? (call.idempotencyKey ?? randomUUID()) : undefined;
    let attempts = 0;
    try {
      const answer = await this.policy.execute(async () => {
        attempts++;
        return this.attempt(call, idempotencyKey);
      });
      if (answer.status >= 200 && answer.status < 300) return { outcome: 'ok', status: answer.status, body: answer.body, attempts };
      if (answer.status === 401 || answer.status === 403) return { outcome: 'unavailable', reason: 'auth', status: answer.status, attempts };
      const { reason, code } = reasonOf(answer.body, answer.status);
      return { outcome: 'refused', status: answer.status, body: answer.body, reason, code, attempts };
    } catch (err) {
      if (err instanceof BrokenCircuitError) return { outcome: 'unavailable', reason: 'circuit_open', status: null, attempts };
      const failure = err instanceof TooLongToWait ? err.failure : err;
      if (failure instanceof TransientFailure) return { outcome: 'unavailable', reason: failure.reason, status: failure.status, attempts };
      if (failure instanceof TokenError) return { outcome: 'unavailable', reason: 'auth', status: failure.status, attempts };
      throw err;
    }
  }

  /** One attempt: a 2xx or 4xx answer is returned, anything worth trying again is thrown as TransientFailure. */
  private async attempt(call: DepartmentCall, idempotencyKey: string | undefined, tokenRetried = false): Promise<{ status: number; body: unknown }> {
    const url = new URL(call.path.replace(/^\/+/, ''), this.connection.baseUrl.endsWith('/') ? this.connection.baseUrl : `${this.connection.baseUrl}/`);
    for (const [name, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    const body = call.body === undefined || call.method === 'GET' || call.method === 'HEAD' ? '' : JSON.stringify(call.body);
    const headers: Record<string, string> = { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) };
    const auth = this.connection.auth;
    if (auth.kind === 'api_key') headers[auth.header.toLowerCase()] = auth.key;
    else if (auth.kind === 'bearer') headers.authorization = `Bearer ${auth.token}`;
    else if (auth.kind === 'oauth2') headers.authorization = `Bearer ${await this.tokens!.token()}`;
    else if (auth.kind === 'hmac') headers[SIGNATURE_HEADER] = signRequest(auth.keyId, auth.secret, call.method, `${url.pathname}${url.search}`, body, this.now());

    let res;
    try {
      res = await request(url, { method: call.method, headers, body: body || undefined, headersTimeout: this.connection.timeoutMs, bodyTimeout: this.connection.timeoutMs, signal: AbortSignal.timeout(this.connection.timeoutMs * 2) });
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      const timedOut = /TIMEOUT/i.test(code) || (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
      throw new TransientFailure(timedOut ? 'timeout' : 'unreachable', null, null);
    }
    let text: string;
    try {
      text = await readLimited(res.body, MAX_BODY_BYTES);
    } catch {
      throw new TransientFailure('timeout', res.statusCode, null);
    }
    const parsed = parseBody(text);
    if (res.statusCode === 401 && this.tokens && !tokenRetried) {
      // The token may have been revoked before it expired: one more try with a fresh one.
      this.tokens.invalidate();
      return this.attempt(call, idempotencyKey, true);
    }
    if (res.statusCode === 429) throw new TransientFailure('rate_limited', 429, retryAfterOf(res.headers['retry-after'], this.now()));
    if (res.statusCode >= 500) throw new TransientFailure('server_error', res.statusCode, retryAfterOf(res.headers['retry-after'], this.now()));
    return { status: res.statusCode, body: parsed };
  }
}

/**
 * Exponential back-off with jitter, except when the department said when to come back: then that
 * long (a date or seconds, RFC 9110 §10.2.3), and not at all if it is longer than the connection waits.
 */
class RetryAfterBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly fallback: IBackoffFactory<unknown>,
    private readonly maxRetryAfterMs: number,
    private readonly state: IBackoff<unknown> | null = null,
  ) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    const exponential = this.state ? this.state.next(context) : this.fallback.next(context);
    const error = 'error' in context.result ? context.result.error : undefined;
    const asked = error instanceof TransientFailure ? error.retryAfterMs : null;
    if (asked !== null && asked > this.maxRetryAfterMs) throw new TooLongToWait(error as TransientFailure);
    const duration = asked !== null ? asked : exponential.duration;
    const self = this;
    return {
      duration,
      next: (ctx: IRetryBackoffContext<unknown>) => new RetryAfterBackoff(self.fallback, self.maxRetryAfterMs, exponential).next(ctx),
    };
  }
}

export function retryAfterOf(header: string | string[] | undefined, now: number): number | null {
  const value = Array.isArray(header) ? header[0] : header;
  if (typeof value !== 'string' || value.trim() === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

async function readLimited(body: AsyncIterable<Buffer | Uint8Array> & { dump?: () => Promise<void> }, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) throw new Error(`a department answer over ${max} bytes`);
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A refusal's reason as departments commonly say it: { error: { code, message } }, { code, message }, { reason }, or text. */
function reasonOf(body: unknown, status: number): { reason: string; code: string | null } {
  if (typeof body === 'string' && body.trim() !== '') return { reason: body.trim().slice(0, 500), code: null };
  const record = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const inner = (typeof record.error === 'object' && record.error !== null ? record.error : record) as Record<string, unknown>;
  const message = [inner.message, inner.reason, inner.detail, record.message, typeof record.error === 'string' ? record.error : undefined].find((m) => typeof m === 'string' && m !== '');
  const code = [inner.code, record.code].find((c) => typeof c === 'string' || typeof c === 'number');
  return { reason: typeof message === 'string' ? message.slice(0, 500) : `HTTP ${status}`, code: code === undefined ? null : String(code) };
}
