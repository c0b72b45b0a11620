/**
 * Graph API error codes (reference §1.8) and the error objects built from
 * them. The one table below serves both sides: the client reads the retry
 * policy, the sandbox simulator builds Meta's exact error bodies from it.
 */
import { randomBytes } from 'node:crypto';
import { isRecord } from './json';
import type { GraphErrorBody, GraphErrorDetail } from './types';

/**
 * What a caller should do with an error: `retry` soon, `throttle` (retry
 * after backing off: a rate limit), or `no` (fix the request, the token or
 * the recipient; retrying cannot help or makes things worse).
 */
export type GraphRetryPolicy = 'retry' | 'throttle' | 'no';

export interface GraphErrorInfo {
  title: string;
  httpStatus: number;
  retry: GraphRetryPolicy;
}

/**
 * Titles are Meta's (error-codes page); HTTP statuses are those of Meta's
 * table, which callers must not branch on (proxies and some copies differ).
 * 131048/131056 are rate limits, but 'no': an immediate retry deepens the
 * spam limit, and the pair limit needs seconds per user — the sender's queue
 * must defer that citizen's messages instead.
 */
const GRAPH_ERROR_CODES: ReadonlyMap<number, GraphErrorInfo> = new Map<number, GraphErrorInfo>([
  [0, { title: 'AuthException', httpStatus: 401, retry: 'no' }],
  [1, { title: 'API Unknown', httpStatus: 400, retry: 'retry' }],
  [2, { title: 'API Service', httpStatus: 503, retry: 'retry' }],
  [3, { title: 'API Method', httpStatus: 500, retry: 'no' }],
  [4, { title: 'API Too Many Calls', httpStatus: 400, retry: 'throttle' }],
  [10, { title: 'Permission Denied', httpStatus: 403, retry: 'no' }],
  [100, { title: 'Invalid parameter', httpStatus: 400, retry: 'no' }],
  [190, { title: 'Access token has expired', httpStatus: 401, retry: 'no' }],
  [368, { title: 'Temporarily blocked for policies violations', httpStatus: 403, retry: 'no' }],
  [80007, { title: 'Rate limit issues', httpStatus: 400, retry: 'throttle' }],
  [130429, { title: 'Rate limit hit', httpStatus: 400, retry: 'throttle' }],
  [130472, { title: "User's number is part of an experiment", httpStatus: 400, retry: 'no' }],
  [131000, { title: 'Something went wrong', httpStatus: 500, retry: 'retry' }],
  [131005, { title: 'Access denied', httpStatus: 403, retry: 'no' }],
  [131008, { title: 'Required parameter is missing', httpStatus: 400, retry: 'no' }],
  [131009, { title: 'Parameter value is not valid', httpStatus: 400, retry: 'no' }],
  [131016, { title: 'Service unavailable', httpStatus: 500, retry: 'retry' }],
  [131021, { title: 'Recipient cannot be sender', httpStatus: 400, retry: 'no' }],
  [131026, { title: 'Message undeliverable', httpStatus: 400, retry: 'no' }],
  [131031, { title: 'Account has been locked', httpStatus: 403, retry: 'no' }],
  [131042, { title: 'Business eligibility payment issue', httpStatus: 400, retry: 'no' }],
  [131047, { title: 'Re-engagement message', httpStatus: 400, retry: 'no' }],
  [131048, { title: 'Spam rate limit hit', httpStatus: 400, retry: 'no' }],
  [131049, { title: 'Meta chose not to deliver', httpStatus: 400, retry: 'no' }],
  [131050, { title: 'User has stopped receiving marketing messages', httpStatus: 400, retry: 'no' }],
  [131051, { title: 'Unsupported message type', httpStatus: 400, retry: 'no' }],
  [131052, { title: 'Media download error', httpStatus: 400, retry: 'no' }],
  [131053, { title: 'Media upload error', httpStatus: 400, retry: 'no' }],
  [131056, { title: '(Business Account, Consumer Account) pair rate limit hit', httpStatus: 400, retry: 'no' }],
  [131057, { title: 'Account in maintenance mode', httpStatus: 500, retry: 'retry' }],
  [132000, { title: 'Template Param Count Mismatch', httpStatus: 400, retry: 'no' }],
  [132001, { title: 'Template does not exist', httpStatus: 404, retry: 'no' }],
  [132005, { title: 'Template Hydrated Text Too Long', httpStatus: 400, retry: 'no' }],
  [132007, { title: 'Template Format Character Policy Violated', httpStatus: 400, retry: 'no' }],
  [132012, { title: 'Template Parameter Format Mismatch', httpStatus: 400, retry: 'no' }],
  [132015, { title: 'Template is Paused', httpStatus: 400, retry: 'no' }],
  [132016, { title: 'Template is Disabled', httpStatus: 400, retry: 'no' }],
  [132018, { title: 'Template parameters invalid', httpStatus: 400, retry: 'no' }],
  [133010, { title: 'Account not registered', httpStatus: 400, retry: 'no' }],
]);

/** Codes 200–299 are all "permission missing". */
const API_PERMISSION: GraphErrorInfo = { title: 'API Permission', httpStatus: 403, retry: 'no' };

/** Webhook `errors[].href` as Meta sends it. */
export const GRAPH_ERROR_CODES_HREF = '/docs/whatsapp/cloud-api/support/error-codes/';

/** Title, HTTP status and retry policy of a known code; undefined for codes not in the table. */
export function graphErrorInfo(code: number): GraphErrorInfo | undefined {
  if (code >= 200 && code <= 299) return API_PERMISSION;
  return GRAPH_ERROR_CODES.get(code);
}

export interface GraphApiErrorInit {
  message: string;
  code: number;
  httpStatus: number;
  subcode?: number;
  fbtraceId?: string;
  details?: string;
  type?: string;
}

/** A call the Graph API answered with an error (or a non-2xx answer that was not even a Graph error). */
export class GraphApiError extends Error {
  readonly code: number;
  readonly subcode?: number;
  readonly fbtraceId?: string;
  readonly httpStatus: number;
  readonly details?: string;
  readonly type?: string;

  constructor(init: GraphApiErrorInit) {
    super(init.message);
    this.name = 'GraphApiError';
    this.code = init.code;
    this.subcode = init.subcode;
    this.fbtraceId = init.fbtraceId;
    this.httpStatus = init.httpStatus;
    this.details = init.details;
    this.type = init.type;
  }

  /** Decided by the code (Meta: branch on code, not HTTP status); unknown codes fall back to "5xx is transient". */
  get retryable(): boolean {
    const info = graphErrorInfo(this.code);
    if (info) return info.retry !== 'no';
    return this.httpStatus >= 500;
  }
}

/**
 * The error of a non-2xx Graph response. A body that is not a Graph error
 * (a proxy's HTML page, an empty gateway answer) becomes code 1 "API
 * Unknown" (retryable) when the status says transient (5xx, 429), else code
 * 0, which is not retried.
 */
export function graphErrorFromResponse(httpStatus: number, body: unknown): GraphApiError {
  const error = graphErrorObject(body);
  if (!error) {
    const transient = httpStatus >= 500 || httpStatus === 429;
    return new GraphApiError({
      message: `HTTP ${httpStatus} without a Graph error body: ${preview(body)}`,
      code: transient ? 1 : 0,
      httpStatus,
    });
  }
  const details = isRecord(error.error_data) ? error.error_data.details : undefined;
  return new GraphApiError({
    message: typeof error.message === 'string' ? error.message : `(#${String(error.code)})`,
    code: error.code,
    httpStatus,
    subcode: typeof error.error_subcode === 'number' ? error.error_subcode : undefined,
    fbtraceId: typeof error.fbtrace_id === 'string' ? error.fbtrace_id : undefined,
    details: typeof details === 'string' ? details : undefined,
    type: typeof error.type === 'string' ? error.type : undefined,
  });
}

/** Meta's error response for a code: what the simulator answers. */
export function graphErrorBody(code: number, details?: string, fbtraceId?: string): { status: number; body: GraphErrorBody } {
  const info = infoOrUnknown(code);
  return {
    status: info.httpStatus,
    body: {
      error: {
        message: `(#${code}) ${info.title}`,
        type: 'OAuthException',
        code,
        error_data: { messaging_product: 'whatsapp', details: details ?? info.title },
        fbtrace_id: fbtraceId ?? newFbtraceId(),
      },
    },
  };
}

/** The same error in the form webhooks carry it (`statuses[].errors[]`, `messages[].errors[]`, `value.errors[]`). */
export function graphErrorDetail(code: number, details?: string): GraphErrorDetail {
  const { title } = infoOrUnknown(code);
  return { code, title, message: title, error_data: { details: details ?? title }, href: GRAPH_ERROR_CODES_HREF };
}

/** A message refused locally, before any call, because Meta would refuse it too (limits.ts). */
export class MessageLimitError extends Error {
  readonly code: number;
  /** Path of the offending field, e.g. `interactive.action.buttons[1].reply.title`. */
  readonly field: string;

  constructor(code: number, field: string, details: string) {
    super(details);
    this.name = 'MessageLimitError';
    this.code = code;
    this.field = field;
  }
}

function infoOrUnknown(code: number): GraphErrorInfo {
  return graphErrorInfo(code) ?? { title: 'Unknown error', httpStatus: 400, retry: 'no' };
}

type GraphErrorObject = Record<string, unknown> & { code: number };

function graphErrorObject(body: unknown): GraphErrorObject | undefined {
  if (!isRecord(body) || !isRecord(body.error) || typeof body.error.code !== 'number') return undefined;
  return body.error as GraphErrorObject;
}

function preview(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body) ?? String(body);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Meta's trace ids are ~23 alphanumerics; support uses them to find a call. */
function newFbtraceId(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '').slice(0, 23);
}
