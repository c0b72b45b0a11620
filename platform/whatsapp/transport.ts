/**
 * HTTP to the Graph API: one keep-alive connection pool, bearer auth,
 * per-phase timeouts, and retries with exponential back-off and full jitter.
 *
 * What is retried:
 *   - Graph errors whose code is retryable (errors.ts: throughput, "service
 *     unavailable", ...) and non-Graph 5xx answers: the API said the request
 *     was not processed.
 *   - Failures before any response where the request did not reach Graph:
 *     connection refused, DNS failure, connect timeout, and a connection
 *     reset or closed without a response. The last is in practice a
 *     keep-alive socket the server had already closed when we wrote on it;
 *     a reset after Graph processed the request is possible but rare, and
 *     that rare duplicate is the price of not failing every stale socket.
 *   - A request sent whose response never came (headers/body timeout) only
 *     when the request is replay-safe. Graph has no idempotency key for
 *     POST /messages, so a send that timed out may have been accepted and
 *     retrying could deliver the citizen the same message twice: such a
 *     send fails with GraphTransportError.outcomeUnknown = true and the
 *     caller decides (the status webhooks will tell if it went out).
 */
import { setImmediate as nextLoopTurn } from 'node:timers/promises';
import { backOff } from 'exponential-backoff';
import { Agent, request, type Dispatcher, type FormData } from 'undici';
import { GraphApiError, graphErrorFromResponse } from './errors';
import { isRecord } from './json';

export interface TransportOptions {
  /**
   * Limit for connecting, for the response headers, and for each pause while
   * reading the body (undici checks these on a ~1 s clock: not for sub-second precision).
   */
  timeoutMs: number;
  /** Attempts after the first one. */
  retries: number;
  /** First back-off; each further one doubles, up to maxDelayMs, and full jitter spreads each over [0, delay]. */
  minDelayMs: number;
  maxDelayMs: number;
}

export interface GraphRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  json?: unknown;
  form?: FormData;
  /** Sending it twice does no harm, so it may be retried even when a response was lost. */
  replaySafe: boolean;
  /** Attempts after the first, for this request (the paced sender does its own). */
  retries?: number;
}

/** No response from Graph after all attempts (network failure or timeout). */
export class GraphTransportError extends Error {
  /** The undici or socket error code, e.g. ECONNREFUSED, UND_ERR_HEADERS_TIMEOUT. */
  readonly code: string;
  /** The request may have reached Graph and been processed (a response was lost, not the request). */
  readonly outcomeUnknown: boolean;

  constructor(message: string, code: string, outcomeUnknown: boolean, cause: unknown) {
    super(message, { cause });
    this.name = 'GraphTransportError';
    this.code = code;
    this.outcomeUnknown = outcomeUnknown;
  }
}

/** A 2xx response whose body is not what the endpoint returns; not retried (the call did succeed). */
export class GraphResponseError extends Error {
  readonly body: unknown;

  constructor(message: string, body: unknown) {
    super(message);
    this.name = 'GraphResponseError';
    this.body = body;
  }
}

/** No response, and the request is taken not to have been processed (see the reset caveat above). */
const NOT_DELIVERED_CODES: ReadonlySet<string> = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
]);
/** The request went out; its response did not come back. */
const RESPONSE_LOST_CODES: ReadonlySet<string> = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export class GraphTransport {
  private readonly agent: Agent;

  constructor(
    private readonly accessToken: string,
    private readonly options: TransportOptions,
  ) {
    this.agent = new Agent({
      connect: { timeout: options.timeoutMs },
      headersTimeout: options.timeoutMs,
      bodyTimeout: options.timeoutMs,
    });
  }

  /** The parsed JSON body of a 2xx response. */
  json(graphRequest: GraphRequest): Promise<unknown> {
    return this.withRetries(graphRequest, async (body) => {
      const text = await body.text();
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new GraphResponseError(`${graphRequest.method} ${graphRequest.url}: response is not JSON`, text);
      }
    });
  }

  /** The raw bytes of a 2xx response (media downloads). */
  bytes(graphRequest: GraphRequest): Promise<{ data: Buffer; contentType: string | undefined }> {
    return this.withRetries(graphRequest, async (body, headers) => {
      const contentType = headers['content-type'];
      return { data: Buffer.from(await body.arrayBuffer()), contentType: Array.isArray(contentType) ? contentType[0] : contentType };
    });
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async withRetries<T>(graphRequest: GraphRequest, read: ResponseReader<T>): Promise<T> {
    // The paced sender retries sends itself: no back-off machinery for a single attempt.
    const result = (graphRequest.retries ?? this.options.retries) === 0 ? await this.attempt(graphRequest, read) : await backOff(() => this.attempt(graphRequest, read), {
      numOfAttempts: (graphRequest.retries ?? this.options.retries) + 1,
      startingDelay: this.options.minDelayMs,
      maxDelay: this.options.maxDelayMs,
      timeMultiple: 2,
      jitter: 'full',
      retry: (error: unknown) => isRetryable(error, graphRequest.replaySafe),
    });
    // undici hands a keep-alive socket back to its pool one event-loop turn
    // after the response (to see whether the server closes it). Returning
    // after that turn lets a back-to-back call reuse the socket instead of
    // opening a second connection.
    await nextLoopTurn();
    return result;
  }

  private async attempt<T>(graphRequest: GraphRequest, read: ResponseReader<T>): Promise<T> {
    try {
      const response = await request(graphRequest.url, {
        dispatcher: this.agent,
        method: graphRequest.method,
        headers: this.headers(graphRequest),
        body: graphRequest.form ?? (graphRequest.json === undefined ? undefined : JSON.stringify(graphRequest.json)),
      });
      if (response.statusCode >= 200 && response.statusCode < 300) {
        return await read(response.body, response.headers);
      }
      throw graphErrorFromResponse(response.statusCode, parseJsonOrText(await response.body.text()));
    } catch (error) {
      throw asTransportError(error, graphRequest);
    }
  }

  private headers(graphRequest: GraphRequest): Record<string, string> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.accessToken}` };
    // undici sets the multipart content type (with its boundary) itself for FormData bodies.
    if (graphRequest.json !== undefined) headers['content-type'] = 'application/json';
    return headers;
  }
}

type ResponseReader<T> = (body: Dispatcher.ResponseData['body'], headers: Dispatcher.ResponseData['headers']) => Promise<T>;

function isRetryable(error: unknown, replaySafe: boolean): boolean {
  if (error instanceof GraphApiError) return error.retryable;
  if (error instanceof GraphTransportError) return !error.outcomeUnknown || replaySafe;
  return false;
}

/** Network failures become GraphTransportError; Graph errors, response errors and bugs pass through. */
function asTransportError(error: unknown, graphRequest: GraphRequest): unknown {
  if (error instanceof GraphApiError || error instanceof GraphResponseError) return error;
  const code = networkErrorCode(error);
  if (code === undefined) return error;
  const reason = isRecord(error) && typeof error.message === 'string' ? error.message : String(error);
  return new GraphTransportError(`${graphRequest.method} ${graphRequest.url}: ${code} (${reason})`, code, RESPONSE_LOST_CODES.has(code), error);
}

/**
 * The first known network code on the error or its causes (undici wraps
 * socket errors). Duck-typed: socket errors may come from another realm
 * (Jest's sandbox), where `instanceof Error` is false.
 */
function networkErrorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; isRecord(current) && depth < 4; current = current.cause, depth += 1) {
    const code = current.code;
    if (typeof code === 'string' && (NOT_DELIVERED_CODES.has(code) || RESPONSE_LOST_CODES.has(code))) return code;
  }
  return undefined;
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
