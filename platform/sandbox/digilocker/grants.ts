/**
 * The DigiLocker simulator's OAuth state: sign-in pages waiting for the
 * resident's answer, authorization codes, and the tokens issued from them.
 * Every map is bounded (the oldest entry forgotten first), so a sandbox that
 * runs for weeks cannot grow without limit; a forgotten code or token is
 * simply invalid.
 *
 * Tokens issued from one code form a family: a code used twice (RFC 6749
 * §4.1.2), a rotated refresh token used again, or a refresh token revoked
 * (RFC 7009 §2.1) ends every token of its family.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** What a sign-in page was opened for, kept until the resident answers (its form token is single-use). */
export interface ConsentRequest {
  clientId: string;
  redirectUri: string;
  state: string;
  challenge: string;
  /** What the mobile field shows (10 digits), from verified_mobile or the resident's last try. */
  mobile: string;
}

export interface Grant {
  clientId: string;
  digilockerId: string;
  family: string;
}

export interface IssuedTokens {
  accessToken: string;
  refreshToken: string;
}

interface Expiring {
  expiresAt: number;
}

/** A Map that forgets its oldest entries beyond `max`. */
export class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    // Re-set entries count as new: they are forgotten last.
    super.delete(key);
    super.set(key, value);
    for (const oldest of this.keys()) {
      if (this.size <= this.max) break;
      this.delete(oldest);
    }
    return this;
  }
}

/** Each map keeps this many entries at most. */
const MAX_KEPT = 10_000;
/** How long a sign-in page may stay open before its form is refused. */
const CONSENT_PAGE_TTL_MS = 30 * 60_000;
/** Refresh tokens outlive access tokens; DigiLocker does not publish their life, so a month. */
const REFRESH_TTL_MS = 30 * 24 * 3600_000;
/** RFC 7636 §4.1: 43–128 unreserved characters. */
const VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;

export type Redeemed = { grant: Grant } | { refused: string };

export class GrantStore {
  private readonly consents = new BoundedMap<string, ConsentRequest & Expiring>(MAX_KEPT);
  private readonly codes = new BoundedMap<string, ConsentRequest & Grant & Expiring & { used: boolean }>(MAX_KEPT);
  private readonly accessTokens = new BoundedMap<string, Grant & Expiring>(MAX_KEPT);
  private readonly refreshTokens = new BoundedMap<string, Grant & Expiring & { rotated: boolean }>(MAX_KEPT);

  constructor(
    private readonly now: () => number,
    private readonly tokenTtlMs: number,
    private readonly codeTtlMs: number,
  ) {}

  /** A sign-in page is shown: the token its form posts back. */
  openConsent(request: ConsentRequest): string {
    const formToken = secret();
    this.consents.set(formToken, { ...request, expiresAt: this.now() + CONSENT_PAGE_TTL_MS });
    return formToken;
  }

  /** The page's form came back: what it was for, once (null: unknown, used or expired). */
  takeConsent(formToken: string): ConsentRequest | null {
    const consent = this.consents.get(formToken);
    this.consents.delete(formToken);
    if (!consent || consent.expiresAt <= this.now()) return null;
    const { expiresAt: _expiresAt, ...request } = consent;
    return request;
  }

  /** The resident allowed: a code for the partner's callback. */
  issueCode(consent: ConsentRequest, digilockerId: string): string {
    const code = secret();
    this.codes.set(code, { ...consent, digilockerId, family: secret(), used: false, expiresAt: this.now() + this.codeTtlMs });
    return code;
  }

  /** RFC 6749 §4.1.3 and RFC 7636 §4.6: the code, its client and callback, and the verifier of its challenge. */
  redeemCode(code: string, clientId: string, redirectUri: string, verifier: string): Redeemed {
    const grant = this.codes.get(code);
    if (!grant || grant.expiresAt <= this.now()) return { refused: 'The authorization code is invalid or expired' };
    if (grant.clientId !== clientId) return { refused: 'The authorization code was issued to another client' };
    if (grant.used) {
      this.revokeFamily(grant.family);
      return { refused: 'The authorization code has already been used; the tokens issued from it are revoked' };
    }
    if (grant.redirectUri !== redirectUri) return { refused: 'redirect_uri does not match the authorization request' };
    if (!VERIFIER.test(verifier) || !sameText(createHash('sha256').update(verifier, 'ascii').digest('base64url'), grant.challenge)) {
      return { refused: 'code_verifier does not match the code_challenge' };
    }
    grant.used = true;
    return { grant: { clientId: grant.clientId, digilockerId: grant.digilockerId, family: grant.family } };
  }

  /** A refresh token is exchanged: it is spent (rotation); spent ones used again end the family. */
  redeemRefreshToken(refreshToken: string, clientId: string): Redeemed {
    const grant = this.refreshTokens.get(refreshToken);
    if (!grant || grant.expiresAt <= this.now()) return { refused: 'The refresh token is invalid or expired' };
    if (grant.clientId !== clientId) return { refused: 'The refresh token was issued to another client' };
    if (grant.rotated) {
      this.revokeFamily(grant.family);
      return { refused: 'The refresh token has already been used; the tokens of its grant are revoked' };
    }
    grant.rotated = true;
    return { grant: { clientId: grant.clientId, digilockerId: grant.digilockerId, family: grant.family } };
  }

  issueTokens(grant: Grant): IssuedTokens {
    const accessToken = secret();
    const refreshToken = secret();
    const now = this.now();
    this.accessTokens.set(accessToken, { ...grant, expiresAt: now + this.tokenTtlMs });
    this.refreshTokens.set(refreshToken, { ...grant, rotated: false, expiresAt: now + REFRESH_TTL_MS });
    return { accessToken, refreshToken };
  }

  /** The grant behind a bearer token, while it lives. */
  bearer(accessToken: string): Grant | null {
    const grant = this.accessTokens.get(accessToken);
    if (!grant) return null;
    if (grant.expiresAt <= this.now()) {
      this.accessTokens.delete(accessToken);
      return null;
    }
    return grant;
  }

  /** RFC 7009: a client's own token ends (a refresh token with its family); anything else is quietly ignored. */
  revoke(token: string, clientId: string): void {
    const access = this.accessTokens.get(token);
    if (access?.clientId === clientId) this.accessTokens.delete(token);
    const refresh = this.refreshTokens.get(token);
    if (refresh?.clientId === clientId) this.revokeFamily(refresh.family);
  }

  clear(): void {
    for (const map of [this.consents, this.codes, this.accessTokens, this.refreshTokens] as Array<Map<string, unknown>>) map.clear();
  }

  private revokeFamily(family: string): void {
    for (const map of [this.accessTokens, this.refreshTokens] as Array<Map<string, Grant>>) {
      for (const [token, grant] of map) if (grant.family === family) map.delete(token);
    }
  }
}

function secret(): string {
  return randomBytes(32).toString('base64url');
}

export function sameText(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
