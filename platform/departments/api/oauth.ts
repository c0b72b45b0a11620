/**
 * OAuth 2.0 client credentials (RFC 6749 §4.4) for a department: one token at
 * a time per department and host, fetched once however many calls need it at
 * the same moment, and used until shortly before it expires (or until the
 * department answers 401, which drops it).
 */
import { request } from 'undici';

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

/** Refreshed this long before the token says it expires: a call in flight must not carry a dead token. */
const EXPIRY_MARGIN_MS = 30_000;
/** A token response without expires_in is kept this long. */
const DEFAULT_LIFETIME_MS = 5 * 60_000;

export class ClientCredentialsTokens {
  private cached: CachedToken | null = null;
  private pending: Promise<string> | null = null;

  constructor(
    private readonly settings: { tokenUrl: string; clientId: string; clientSecret: string; scope?: string },
    private readonly timeoutMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  async token(): Promise<string> {
    if (this.cached && this.cached.expiresAt - EXPIRY_MARGIN_MS > this.now()) return this.cached.value;
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
    const res = await request(this.settings.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}`, accept: 'application/json' },
      body: form.toString(),
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
    }).catch((err: Error) => {
      throw new TokenError(`token endpoint unreachable: ${err.message}`, null);
    });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new TokenError(`token endpoint answered ${res.statusCode}`, res.statusCode);
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new TokenError('token endpoint answered something that is not JSON', res.statusCode);
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') throw new TokenError('token endpoint gave no access_token', res.statusCode);
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : DEFAULT_LIFETIME_MS;
    this.cached = { value: body.access_token, expiresAt: this.now() + lifetime };
    return body.access_token;
  }
}
