/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) for a department: one token at
 * a time per department and host, fetched once however many calls need it at
 * the same moment, and used until shortly before it expires (or until the
 * department answers 401, which drops it).
 */
import { request, type Dispatcher } from 'undici';
import { readBounded } from '../../http-body';

interface CachedToken {
  value: string;
  expiresAt: number;
}

export class TokenError extends Error {
  constructor(message: string, readonly status: number | null) {
    super(message);
    this.name = 'TokenError';
  }
}

/** Refreshed this long before the token says it expires (or at half its life, if shorter): a call in flight must not carry a dead token. */
const EXPIRY_MARGIN_MS = 30_000;
/** A token response without expires_in is kept this long; a longer one is kept at most a day. */
const DEFAULT_LIFETIME_MS = 5 * 60_000;
const MAX_LIFETIME_MS = 24 * 3600_000;
/** A token response is a few hundred bytes. */
const MAX_TOKEN_RESPONSE_BYTES = 64 * 1024;

/** The token endpoint is down or slow: like a failed attempt at the department, retried and counted by the breaker. */
export class TokenUnavailable extends Error {
  constructor(readonly failure: unknown, readonly status: number | null) {
    super('token endpoint unavailable');
    this.name = 'TokenUnavailable';
  }
}

export class ClientCredentialsTokens {
  private cached: (CachedToken & { refreshAt: number }) | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly settings: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string },
    private readonly timeoutMs: number,
    private readonly dispatcher: Dispatcher,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.cached.refreshAt > this.now()) return this.cached.value;
    this.pending ??= this.fetch().finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  /** The department refused the token (401): the next call fetches a new one. */
  invalidate(): void {
    this.cached = null;
  }

  private async fetch(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', ...(this.settings.scope ? { scope: this.settings.scope } : {}) });
    const basic = Buffer.from(`${encodeURIComponent(this.settings.clientId)}:${encodeURIComponent(this.settings.clientSecret)}`).toString('base64');
    let res;
    let text: string;
    try {
      res = await request(this.settings.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}`, accept: 'application/json' },
        body: form.toString(),
        dispatcher: this.dispatcher,
        // The whole exchange, not only each pause: a token endpoint that drips must not hold every call.
        signal: AbortSignal.timeout(this.timeoutMs * 2),
      });
      text = (await readBounded(res.body, MAX_TOKEN_RESPONSE_BYTES, res.headers['content-length'])).toString('utf8');
    } catch (err) {
      throw new TokenUnavailable(err, res?.statusCode ?? null);
    }
    if (res.statusCode >= 500 || res.statusCode === 429) throw new TokenUnavailable(null, res.statusCode);
    if (res.statusCode !== 200) throw new TokenError(`token endpoint answered ${res.statusCode}`, res.statusCode);
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new TokenError('token endpoint answered something that is not JSON', res.statusCode);
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') throw new TokenError('token endpoint gave no access_token', res.statusCode);
    const lifetime = typeof body.expires_in === 'number' && Number.isFinite(body.expires_in) && body.expires_in > 0 ? Math.min(body.expires_in * 1000, MAX_LIFETIME_MS) : DEFAULT_LIFETIME_MS;
    const now = this.now();
    this.cached = { value: body.access_token, expiresAt: now + lifetime, refreshAt: now + lifetime - Math.min(EXPIRY_MARGIN_MS, lifetime / 2) };
    return body.access_token;
  }
}
