/**
 * DigiLocker's Authorized Partner API as the platform calls it (reference
 * digilocker.md §3.2, 3.3, 3.7): OAuth 2.0 authorization code with PKCE for a
 * citizen's consent, then their profile, their Issued Documents, and each
 * document's file or certificate XML.
 *
 *   - DigiLocker unreachable, slow past the timeout, or answering 5xx: one
 *     more attempt after a short pause, then a DigiLockerError 'unavailable'
 *     (retryable). Token requests carry a single-use code or a rotating
 *     refresh token, and a second use of either revokes what the first one
 *     issued (RFC 6749 §4.1.2), so they are tried again only when the first
 *     attempt surely never reached DigiLocker (no connection, or 503).
 *   - Answers are read up to a bound (JSON 1 MB, a file 10 MB): a larger one
 *     is refused, not buffered.
 *   - A file's `hmac` header, when DigiLocker sends it, must match the bytes.
 *   - The client logs nothing, and no error carries a token.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConstantBackoff, handleWhen, retry, type RetryPolicy } from 'cockatiel';
import { Agent, request, type Dispatcher } from 'undici';
import { readBounded, TooLargeError } from '../../http-body';
import { z } from 'zod';
import { tenDigitMobile } from '../../citizens/identity';
import { todayInIndia } from '../../india-time';

export interface DigiLockerClientOptions {
  /** Up to and including `/public`: https://digilocker.meripehchaan.gov.in/public, or the sandbox's `<host>/sandbox/digilocker/public`. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The partner's callback, exactly as registered with DigiLocker. */
  redirectUri: string;
  /** Per attempt; 10 s by default. */
  timeoutMs?: number;
  /** The pause before the one retry; 300 ms by default. */
  retryDelayMs?: number;
}

/** Who signed in, as DigiLocker tells it with a token and at /oauth2/1/user. */
export interface DigiLockerUser {
  digilockerId: string;
  name?: string;
  /** YYYY-MM-DD (DigiLocker sends DDMMYYYY). */
  dob?: string;
  gender?: 'M' | 'F' | 'T';
  /** Whether the locker holds the resident's e-Aadhaar. */
  eaadhaar?: boolean;
}

export interface TokenSet extends DigiLockerUser {
  accessToken: string;
  refreshToken: string;
  expiresAt: Date;
}

export interface IssuedDocument {
  /** `<IssuerId>-<DocType>-<DocId>`, for file() and xml(). */
  uri: string;
  name: string;
  type: string;
  doctype: string;
  description: string;
  issuer: string;
  issuerId: string;
  /** YYYY-MM-DD; null when DigiLocker gave none it could be read from. */
  date: string | null;
  /** What the document can be fetched as: application/pdf, and application/xml when xml() works. */
  mime: string[];
  size: number | null;
  parent: string;
}

export class DigiLockerError extends Error {
  constructor(
    /** HTTP status; null when DigiLocker gave no answer. */
    readonly status: number | null,
    /** DigiLocker's `error` (invalid_token: refresh and call again; invalid_uri; invalid_grant …), or 'unavailable'. */
    readonly code: string,
    readonly description: string,
    /** Worth trying again later: DigiLocker or the network is down, not the request wrong. */
    readonly retryable: boolean,
  ) {
    super(`DigiLocker ${code}${status === null ? '' : ` (${status})`}: ${description}`);
    this.name = 'DigiLockerError';
  }
}

/** An attempt that may succeed if made again. */
class TransientFailure extends Error {
  constructor(
    readonly status: number | null,
    /** DigiLocker surely did not act on the request (no connection, or 503): safe to send even a single-use code again. */
    readonly unprocessed: boolean,
    readonly description: string,
  ) {
    super(description);
    this.name = 'TransientFailure';
  }
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes: Buffer;
}

const MAX_JSON_BYTES = 1024 * 1024;
const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** A certificate XML is text, but may carry the holder's photo. */
const MAX_XML_BYTES = 2 * 1024 * 1024;
/** A token response without expires_in lives as long as DigiLocker's do (reference §3.2). */
const DEFAULT_TOKEN_LIFETIME_S = 3600;
/** Failures before a connection exists: the request never left. */
const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);
/** What a 4xx without DigiLocker's envelope most likely means. */
const CODE_BY_STATUS: Record<number, string> = { 400: 'invalid_request', 401: 'invalid_token', 403: 'access_denied', 404: 'not_found' };

/** A fresh PKCE pair (RFC 7636): the verifier stays with the partner, the challenge goes in the authorize URL. */
export function pkcePair(): { verifier: string; challenge: string } {
  // 64 random bytes are 86 base64url characters, all of them unreserved (RFC 7636 §4.1 allows 43–128).
  const verifier = randomBytes(64).toString('base64url');
  return { verifier, challenge: pkceChallenge(verifier) };
}

/** The S256 challenge of a verifier: base64url (no padding) of its SHA-256. */
export function pkceChallenge(verifier: string): string {
  return createHash('sha256').update(verifier, 'ascii').digest('base64url');
}

export class DigiLockerClient {
  private readonly base: URL;
  private readonly timeoutMs: number;
  /** Its own connection pool, with the timeout on connecting and on every pause of an answer. */
  private readonly agent: Agent;
  /** GETs and revoke: any transient failure is tried once more. */
  private readonly anyFailure: RetryPolicy;
  /** Token requests: only a failure that DigiLocker surely did not act on. */
  private readonly unprocessedOnly: RetryPolicy;

  constructor(private readonly options: DigiLockerClientOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.agent = new Agent({ connect: { timeout: this.timeoutMs }, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs });
    const once = { maxAttempts: 1, backoff: new ConstantBackoff(options.retryDelayMs ?? 300) };
    this.anyFailure = retry(handleWhen((err) => err instanceof TransientFailure), once);
    this.unprocessedOnly = retry(handleWhen((err) => err instanceof TransientFailure && err.unprocessed), once);
  }

  /** Where to send the citizen's browser. `verifiedMobile` (with or without 91) prefills their mobile; DigiLocker itself honours it only on sign-up. */
  authorizeUrl(state: string, challenge: string, extra: { verifiedMobile?: string } = {}): string {
    const url = new URL('oauth2/1/authorize', this.base);
    const params = new URLSearchParams({
      response_type: 'code',
      client_id: this.options.clientId,
      redirect_uri: this.options.redirectUri,
      state,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const mobile = extra.verifiedMobile ? tenDigitMobile(extra.verifiedMobile) : null;
    if (mobile) params.set('verified_mobile', mobile);
    url.search = params.toString();
    return url.toString();
  }

  /** The code from the callback, for tokens and who signed in. invalid_grant: the code is wrong, used or expired, or the verifier is not its. */
  async exchangeCode(code: string, verifier: string): Promise<TokenSet> {
    return this.tokens({ grant_type: 'authorization_code', code, redirect_uri: this.options.redirectUri, code_verifier: verifier }, null);
  }

  /** New tokens for a refresh token; keep the new refresh token (DigiLocker rotates it; without a new one the old one stays). */
  async refresh(refreshToken: string): Promise<TokenSet> {
    return this.tokens({ grant_type: 'refresh_token', refresh_token: refreshToken }, refreshToken);
  }

  /** Ends a token (RFC 7009); a refresh token takes the access tokens of its grant with it. */
  async revoke(token: string, hint: 'access_token' | 'refresh_token'): Promise<void> {
    await this.send({ method: 'POST', path: 'oauth2/1/revoke', form: { token, token_type_hint: hint }, maxBytes: MAX_JSON_BYTES, accept: 'application/json' }, this.anyFailure);
  }

  /** The resident's Issued Documents (v2: mime as a list). */
  async issuedFiles(accessToken: string): Promise<IssuedDocument[]> {
    const answer = await this.send({ method: 'GET', path: 'oauth2/2/files/issued', bearer: accessToken, maxBytes: MAX_JSON_BYTES, accept: 'application/json' }, this.anyFailure);
    return parsed(answer, IssuedResponse).items.flatMap((item) => {
      const document = issuedDocumentOf(item);
      return document ? [document] : [];
    });
  }

  /** A document's file (a PDF or an image), checked against its `hmac` header when DigiLocker sends one. */
  async file(accessToken: string, uri: string): Promise<{ bytes: Buffer; mime: string }> {
    const answer = await this.send({ method: 'GET', path: `oauth2/1/file/${encodedUri(uri)}`, bearer: accessToken, maxBytes: MAX_FILE_BYTES, accept: 'application/pdf, image/jpeg, image/png' }, this.anyFailure);
    const hmac = headerOf(answer.headers, 'hmac');
    if (hmac !== undefined && !this.hmacMatches(answer.bytes, hmac)) {
      throw new DigiLockerError(answer.status, 'hmac_mismatch', 'The file does not match its hmac header', false);
    }
    const mime = headerOf(answer.headers, 'content-type')?.split(';')[0]?.trim().toLowerCase() || 'application/octet-stream';
    return { bytes: answer.bytes, mime };
  }

  /** A document's certificate XML (DL-XML, reference §3.6), for items whose mime lists application/xml. */
  async xml(accessToken: string, uri: string): Promise<string> {
    const answer = await this.send({ method: 'GET', path: `oauth2/1/xml/${encodedUri(uri)}`, bearer: accessToken, maxBytes: MAX_XML_BYTES, accept: 'application/xml' }, this.anyFailure);
    const text = answer.bytes.toString('utf8').replace(/^\uFEFF/, '');
    if (!text.trimStart().startsWith('<')) throw new DigiLockerError(answer.status, 'unexpected_response', 'DigiLocker answered something that is not XML', false);
    return text;
  }

  /** The client is no longer used: its connections close. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private async tokens(form: Record<string, string>, previousRefreshToken: string | null): Promise<TokenSet> {
    const answer = await this.send({ method: 'POST', path: 'oauth2/1/token', form, maxBytes: MAX_JSON_BYTES, accept: 'application/json' }, this.unprocessedOnly);
    const body = parsed(answer, TokenResponse);
    const refreshToken = body.refresh_token || previousRefreshToken;
    if (!refreshToken) throw new DigiLockerError(answer.status, 'unexpected_response', 'DigiLocker gave no refresh_token', false);
    const lifetimeS = Number(body.expires_in);
    return {
      accessToken: body.access_token,
      refreshToken,
      expiresAt: new Date(Date.now() + (Number.isFinite(lifetimeS) && lifetimeS > 0 ? lifetimeS : DEFAULT_TOKEN_LIFETIME_S) * 1000),
      ...profileOf(body, answer.status),
    };
  }

  /** One call: retried by `policy`; every failure comes out as a DigiLockerError. */
  private async send(call: { method: 'GET' | 'POST'; path: string; form?: Record<string, string>; bearer?: string; maxBytes: number; accept: string }, policy: RetryPolicy): Promise<Answer> {
    try {
      return await policy.execute(() => this.attempt(call));
    } catch (err) {
      if (err instanceof TransientFailure) throw new DigiLockerError(err.status, 'unavailable', err.description, true);
      throw err;
    }
  }

  /** One attempt: a 2xx answer, a DigiLockerError for a refusal, a TransientFailure for what may pass. */
  private async attempt(call: { method: 'GET' | 'POST'; path: string; form?: Record<string, string>; bearer?: string; maxBytes: number; accept: string }): Promise<Answer> {
    const headers: Record<string, string> = { accept: call.accept };
    if (call.bearer !== undefined) headers.authorization = `Bearer ${call.bearer}`;
    else {
      // RFC 6749 §2.3.1: id and secret form-encoded, then Basic.
      headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(this.options.clientId)}:${encodeURIComponent(this.options.clientSecret)}`).toString('base64')}`;
    }
    const body = call.form ? new URLSearchParams(call.form).toString() : undefined;
    if (body !== undefined) headers['content-type'] = 'application/x-www-form-urlencoded';

    let res: Dispatcher.ResponseData;
    try {
      res = await request(new URL(call.path, this.base), { method: call.method, headers, body, dispatcher: this.agent, signal: AbortSignal.timeout(this.timeoutMs * 2) });
    } catch (err) {
      throw transportFailure(err);
    }
    let bytes: Buffer;
    try {
      bytes = await readBounded(res.body, call.maxBytes, res.headers['content-length']);
    } catch (err) {
      if (err instanceof TooLargeError) throw new DigiLockerError(res.statusCode, 'response_too_large', `DigiLocker's answer is over ${call.maxBytes} bytes`, false);
      throw new TransientFailure(res.statusCode, false, 'the answer stopped before its end');
    }
    const answer: Answer = { status: res.statusCode, headers: res.headers, bytes };
    if (res.statusCode >= 200 && res.statusCode < 300) return answer;
    const envelope = envelopeOf(bytes);
    if (res.statusCode >= 500) {
      const said = envelope.code ? `${envelope.code}: ${envelope.description ?? ''}`.trim() : `HTTP ${res.statusCode}`;
      throw new TransientFailure(res.statusCode, res.statusCode === 503, `DigiLocker answered ${said}`);
    }
    if (res.statusCode === 429) throw new DigiLockerError(429, 'rate_limited', envelope.description ?? 'Too many requests', true);
    if (res.statusCode < 400) throw new DigiLockerError(res.statusCode, 'unexpected_response', 'DigiLocker answered with a redirect', false);
    const code = envelope.code ?? bearerErrorOf(res.headers) ?? CODE_BY_STATUS[res.statusCode] ?? 'unexpected_response';
    throw new DigiLockerError(res.statusCode, code, envelope.description ?? `HTTP ${res.statusCode}`, false);
  }

  /** base64 HMAC-SHA256 of the bytes keyed with the client secret (hex is accepted too: integrators differ). */
  private hmacMatches(bytes: Buffer, header: string): boolean {
    const expected = createHmac('sha256', this.options.clientSecret).update(bytes).digest();
    const value = header.trim();
    const given = /^[0-9a-f]{64}$/i.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

const text = z.string().nullish();
const TokenResponse = z.object({
  access_token: z.string().min(1),
  refresh_token: text,
  expires_in: z.union([z.number(), z.string()]).nullish(),
  digilockerid: text,
  digilocker_id: text,
  name: text,
  dob: text,
  gender: text,
  eaadhaar: text,
  eaadhar: text,
});
const ProfileResponse = TokenResponse.omit({ access_token: true, refresh_token: true, expires_in: true });
const IssuedItem = z.object({
  uri: text,
  name: text,
  type: text,
  size: z.union([z.string(), z.number()]).nullish(),
  date: text,
  parent: text,
  mime: z.union([z.string(), z.array(z.string())]).nullish(),
  doctype: text,
  description: text,
  issuerid: text,
  issuer: text,
});
const IssuedResponse = z.object({ items: z.array(z.unknown()).default([]) });

/** The JSON answer in the shape expected, or a DigiLockerError saying it is not. */
function parsed<T>(answer: Answer, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(answer.bytes.toString('utf8'));
  } catch {
    throw new DigiLockerError(answer.status, 'unexpected_response', 'DigiLocker answered something that is not JSON', false);
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new DigiLockerError(answer.status, 'unexpected_response', `DigiLocker's answer is not as documented (${result.error.issues[0]?.path.join('.') || 'body'})`, false);
  return result.data;
}

/** Both spellings of the id and of eaadhaar, as the spec and live DigiLocker differ (reference §3.2). */
function profileOf(body: z.infer<typeof ProfileResponse>, status: number): DigiLockerUser {
  const digilockerId = (body.digilockerid || body.digilocker_id)?.trim();
  if (!digilockerId) throw new DigiLockerError(status, 'unexpected_response', 'DigiLocker gave no digilockerid', false);
  const gender = body.gender?.trim().toUpperCase();
  const eaadhaar = (body.eaadhaar || body.eaadhar)?.trim().toUpperCase();
  return {
    digilockerId,
    name: body.name?.trim() || undefined,
    dob: (body.dob && isoDateOf(body.dob)) || undefined,
    gender: gender === 'M' || gender === 'F' || gender === 'T' ? gender : undefined,
    eaadhaar: eaadhaar === 'Y' ? true : eaadhaar === 'N' ? false : undefined,
  };
}

function issuedDocumentOf(raw: unknown): IssuedDocument | null {
  const result = IssuedItem.safeParse(raw);
  if (!result.success || !result.data.uri) return null;
  const item = result.data;
  const size = item.size === null || item.size === undefined || item.size === '' ? NaN : Number(item.size);
  return {
    uri: item.uri!,
    name: item.name ?? '',
    type: item.type ?? 'file',
    doctype: item.doctype ?? '',
    description: item.description ?? '',
    issuer: item.issuer ?? '',
    issuerId: item.issuerid ?? '',
    date: item.date ? isoDateOf(item.date) : null,
    // v1 sends one string (sometimes a comma-separated list), v2 an array.
    mime: (Array.isArray(item.mime) ? item.mime : (item.mime ?? '').split(',')).map((m) => m.trim()).filter((m) => m !== ''),
    size: Number.isFinite(size) && size >= 0 ? size : null,
    parent: item.parent ?? '',
  };
}

/**
 * YYYY-MM-DD from the forms DigiLocker uses: DDMMYYYY (profile), DD-MM-YYYY
 * (live issued lists), YYYY-MM-DD or an ISO timestamp (the spec's examples).
 */
export function isoDateOf(value: string): string | null {
  const v = value.trim();
  let match = /^(\d{2})[-/.]?(\d{2})[-/.]?(\d{4})$/.exec(v);
  if (match) return validDate(match[3]!, match[2]!, match[1]!);
  match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (match) return validDate(match[1]!, match[2]!, match[3]!);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v)) {
    const at = Date.parse(v);
    if (!Number.isFinite(at)) return null;
    // With a zone (Z or ±hh:mm) the instant is shown as a date in India; without one, as written.
    return /(Z|[+-]\d{2}:?\d{2})$/i.test(v) ? todayInIndia(new Date(at)) : validDate(v.slice(0, 4), v.slice(5, 7), v.slice(8, 10));
  }
  return null;
}

function validDate(year: string, month: string, day: string): string | null {
  const iso = `${year}-${month}-${day}`;
  const at = new Date(`${iso}T00:00:00Z`);
  return Number.isFinite(at.getTime()) && at.toISOString().slice(0, 10) === iso ? iso : null;
}


/** A URI as one path segment; an empty one never leaves (DigiLocker would answer uri_missing). */
function encodedUri(uri: string): string {
  if (uri.trim() === '') throw new DigiLockerError(null, 'uri_missing', 'No document URI given', false);
  return encodeURIComponent(uri.trim());
}

function envelopeOf(bytes: Buffer): { code: string | null; description: string | null } {
  try {
    const body = JSON.parse(bytes.toString('utf8')) as Record<string, unknown>;
    const code = typeof body.error === 'string' && /^[a-z0-9_]{1,64}$/i.test(body.error) ? body.error : null;
    const description = typeof body.error_description === 'string' ? body.error_description.slice(0, 300) : null;
    return { code, description };
  } catch {
    return { code: null, description: null };
  }
}

/** `WWW-Authenticate: Bearer error="invalid_token"` (RFC 6750 §3), for a 401 without a JSON body. */
function bearerErrorOf(headers: Answer['headers']): string | null {
  return /error="([a-z_]+)"/i.exec(headerOf(headers, 'www-authenticate') ?? '')?.[1] ?? null;
}

function headerOf(headers: Answer['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function transportFailure(err: unknown): TransientFailure {
  const code = String((err as { code?: unknown }).code ?? '');
  const name = (err as Error).name;
  if (CONNECT_FAILURES.has(code)) return new TransientFailure(null, true, `DigiLocker could not be reached (${code})`);
  const timedOut = /TIMEOUT/i.test(code) || name === 'TimeoutError' || name === 'AbortError';
  return new TransientFailure(null, false, timedOut ? 'DigiLocker did not answer in time' : `the connection to DigiLocker failed${code ? ` (${code})` : ''}`);
}

