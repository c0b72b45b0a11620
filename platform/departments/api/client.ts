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
import { Agent, request } from 'undici';
import type { DepartmentConnection } from './connection';
import { signRequest, SIGNATURE_HEADER } from './hmac';
import { ClientCredentialsTokens, TokenError, TokenUnavailable } from './oauth';
import { readBounded, TooLargeError } from '../../http-body';

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
  | { outcome: 'unavailable'; reason: 'circuit_open' | 'timeout' | 'server_error' | 'rate_limited' | 'unreachable' | 'auth' | 'bad_answer'; status: number | null; attempts: number };

/** A path that would leave the department's base URL (another host, or above its base path): a flow's mistake or an attack. */
export class PathOutsideBaseError extends Error {
  constructor(path: string) {
    super(`the call's path "${path.slice(0, 100)}" leaves the department's base URL`);
    this.name = 'PathOutsideBaseError';
  }
}

/** An answer the platform cannot use (a redirect, or over the size limit): not retried, and no sign the department is down. */
class BadAnswer extends Error {
  constructor(readonly status: number) {
    super(`department answer not usable (${status})`);
    this.name = 'BadAnswer';
  }
}

/** An attempt that may succeed if tried again. */
export class TransientFailure extends Error {
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
/** 408 Request Timeout and 425 Too Early: the department asks for the request again. */
const RETRY_STATUSES = new Set([408, 425]);
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export class DepartmentClient {
  private readonly tokens: ClientCredentialsTokens | null;
  private readonly breaker;
  private readonly policy;
  /** Its own connection pool, with a connect timeout (undici's default is 10 s). */
  private readonly agent: Agent;
  private readonly base: URL;

  constructor(
    readonly connection: DepartmentConnection,
    private readonly now: () => number = Date.now,
  ) {
    const { auth, retry: retrySettings, breaker: breakerSettings } = connection;
    this.agent = new Agent({ connect: { timeout: connection.timeoutMs }, headersTimeout: connection.timeoutMs, bodyTimeout: connection.timeoutMs });
    this.base = new URL(connection.baseUrl.endsWith('/') ? connection.baseUrl : `${connection.baseUrl}/`);
    this.tokens = auth.kind === 'oauth2' ? new ClientCredentialsTokens(auth, connection.timeoutMs, this.agent, now) : null;
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

  /** The client is no longer used (its config node changed or went): its connections close. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  async call(call: DepartmentCall): Promise<DepartmentResult> {
    const idempotencyKey = WRITES.has(call.method) ? (call.idempotencyKey ?? randomUUID()) : undefined;
    const url = this.urlOf(call);
    let attempts = 0;
    let lastFailure: TransientFailure | null = null;
    try {
      const answer = await this.policy.execute(async () => {
        attempts++;
        try {
          return await this.attempt(call, url, idempotencyKey);
        } catch (err) {
          if (err instanceof TransientFailure) lastFailure = err;
          throw err;
        }
      });
      if (answer.status >= 200 && answer.status < 300) return { outcome: 'ok', status: answer.status, body: answer.body, attempts };
      if (answer.status === 401 || answer.status === 403) return { outcome: 'unavailable', reason: 'auth', status: answer.status, attempts };
      const { reason, code } = reasonOf(answer.body, answer.status);
      return { outcome: 'refused', status: answer.status, body: answer.body, reason, code, attempts };
    } catch (err) {
      // The circuit opened during this call's retries: its own last failure says more than "open".
      if (err instanceof BrokenCircuitError) {
        const failure = lastFailure as TransientFailure | null;
        return failure ? { outcome: 'unavailable', reason: failure.reason, status: failure.status, attempts } : { outcome: 'unavailable', reason: 'circuit_open', status: null, attempts };
      }
      if (err instanceof BadAnswer) return { outcome: 'unavailable', reason: 'bad_answer', status: err.status, attempts };
      const failure = err instanceof TooLongToWait ? err.failure : err;
      if (failure instanceof TransientFailure) return { outcome: 'unavailable', reason: failure.reason, status: failure.status, attempts };
      if (failure instanceof TokenError) return { outcome: 'unavailable', reason: 'auth', status: failure.status, attempts };
      throw err;
    }
  }

  /** The call's URL under the base URL; refused when it would leave it (an absolute path, `..`, a backslash). */
  private urlOf(call: DepartmentCall): URL {
    if (/^[a-z][a-z0-9+.-]*:|^[\\/]{2}|\\/i.test(call.path)) throw new PathOutsideBaseError(call.path);
    const url = new URL(call.path.replace(/^\/+/, ''), this.base);
    if (url.origin !== this.base.origin || !url.pathname.startsWith(this.base.pathname)) throw new PathOutsideBaseError(call.path);
    for (const [name, value] of Object.entries(call.query ?? {})) if (value !== undefined) url.searchParams.set(name, String(value));
    return url;
  }

  /** One attempt: a 2xx or 4xx answer is returned, anything worth trying again is thrown as TransientFailure. */
  private async attempt(call: DepartmentCall, url: URL, idempotencyKey: string | undefined, tokenRetried = false): Promise<{ status: number; body: unknown }> {
    const body = call.body === undefined || call.method === 'GET' || call.method === 'HEAD' ? '' : JSON.stringify(call.body);
    const headers: Record<string, string> = { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}) };
    const auth = this.connection.auth;
    if (auth.kind === 'api_key') headers[auth.header.toLowerCase()] = auth.key;
    else if (auth.kind === 'bearer') headers.authorization = `Bearer ${auth.token}`;
    else if (auth.kind === 'oauth2') {
      try {
        headers.authorization = `Bearer ${await this.tokens!.token()}`;
      } catch (err) {
        // The token endpoint down or slow is the department down or slow: retried, and counted by the breaker.
        if (err instanceof TokenUnavailable) {
          if (err.status === 429) throw new TransientFailure('rate_limited', 429, null);
          throw err.status !== null && err.status >= 500 ? new TransientFailure('server_error', err.status, null) : transportFailure(err.failure);
        }
        throw err;
      }
    }
    else if (auth.kind === 'hmac') headers[SIGNATURE_HEADER] = signRequest(auth.keyId, auth.secret, call.method, `${url.pathname}${url.search}`, body, this.now());

    let res;
    try {
      res = await request(url, { method: call.method, headers, body: body || undefined, dispatcher: this.agent, signal: AbortSignal.timeout(this.connection.timeoutMs * 2) });
    } catch (err) {
      throw transportFailure(err);
    }
    let text: string;
    try {
      text = (await readBounded(res.body, MAX_BODY_BYTES, res.headers['content-length'])).toString('utf8');
    } catch (err) {
      if (err instanceof TooLargeError) throw new BadAnswer(res.statusCode);
      throw new TransientFailure('timeout', res.statusCode, null);
    }
    const parsed = parseBody(text);
    if (res.statusCode === 401 && this.tokens && !tokenRetried) {
      // The token may have been revoked before it expired: one more try with a fresh one.
      this.tokens.invalidate();
      return this.attempt(call, url, idempotencyKey, true);
    }
    if (res.statusCode === 429) throw new TransientFailure('rate_limited', 429, retryAfterOf(res.headers['retry-after'], this.now()));
    if (res.statusCode >= 500) throw new TransientFailure('server_error', res.statusCode, retryAfterOf(res.headers['retry-after'], this.now()));
    if (RETRY_STATUSES.has(res.statusCode)) throw new TransientFailure('timeout', res.statusCode, retryAfterOf(res.headers['retry-after'], this.now()));
    // A redirect is no answer (undici does not follow it, so credentials never go elsewhere).
    if (res.statusCode >= 300 && res.statusCode < 400) throw new BadAnswer(res.statusCode);
    return { status: res.statusCode, body: parsed };
  }
}

/** A failure before any answer: a timeout or no connection, both worth another attempt. */
export function transportFailure(err: unknown): TransientFailure {
  const code = (err as { code?: string }).code ?? '';
  const timedOut = /TIMEOUT/i.test(code) || (err as Error).name === 'TimeoutError' || (err as Error).name === 'AbortError';
  return new TransientFailure(timedOut ? 'timeout' : 'unreachable', null, null);
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

/** RFC 9110 §10.2.3: whole seconds, or an HTTP date (IMF-fixdate); anything else is no Retry-After. */
export function retryAfterOf(header: string | string[] | undefined, now: number): number | null {
  const value = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!value) return null;
  if (/^\d{1,9}$/.test(value)) return Number(value) * 1000;
  if (!/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(value)) return null;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * A refusal's reason as departments commonly say it in JSON: { error: { code, message } },
 * { code, message }, { reason }. Anything else (a proxy's HTML page) is only its status: no
 * markup ever reaches a citizen.
 */
function reasonOf(body: unknown, status: number): { reason: string; code: string | null } {
  const record = (typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {}) as Record<string, unknown>;
  const inner = (typeof record.error === 'object' && record.error !== null ? record.error : record) as Record<string, unknown>;
  const message = [inner.message, inner.reason, inner.detail, record.message, typeof record.error === 'string' ? record.error : undefined].find((m) => typeof m === 'string' && m.trim() !== '');
  const code = [inner.code, record.code].find((c) => typeof c === 'string' || typeof c === 'number');
  return { reason: typeof message === 'string' ? message.trim().slice(0, 300) : `HTTP ${status}`, code: code === undefined ? null : String(code) };
}
