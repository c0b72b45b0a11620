/**
 * How a sandbox department checks its callers, one middleware per kind of
 * auth a state's department APIs use, and the connection the platform needs
 * to pass it (what a department config node holds for the real one).
 *
 * - api_key: a static key in X-API-Key.
 * - bearer: a long-lived token in Authorization.
 * - oauth2: client credentials at POST <base>/oauth/token (HTTP Basic), then
 *   the token it issues (10 minutes) in Authorization.
 * - hmac: every request signed (departments/api/hmac.ts) over the whole URL
 *   path and the raw body; the body is parsed here, once verified.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type RequestHandler } from 'express';
import type { DepartmentAuth } from '../../../departments/api/connection';
import { SIGNATURE_HEADER, verifyRequest } from '../../../departments/api/hmac';
import { error } from './filing-desk';

export type AuthKind = 'api_key' | 'bearer' | 'oauth2' | 'hmac';
export const SANDBOX_CLIENT_ID = 'jansetu-sandbox';
const TOKEN_LIFETIME_S = 600;
const MAX_TOKENS = 10_000;
const MAX_BODY = '64kb';

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The auth part of the platform's connection to this department (baseUrl: where its /v1 is). */
export function connectionAuth(kind: AuthKind, secret: string, baseUrl: string, clientId = SANDBOX_CLIENT_ID): DepartmentAuth {
  switch (kind) {
    case 'api_key':
      return { kind, header: 'X-API-Key', key: secret };
    case 'bearer':
      return { kind, token: secret };
    case 'oauth2':
      return { kind, tokenUrl: `${baseUrl}/oauth/token`, clientId, clientSecret: secret };
    case 'hmac':
      return { kind, keyId: clientId, secret };
  }
}

/** The middleware that lets only the platform (or whoever holds the secret) through. */
export function authenticate(kind: AuthKind, secret: string, now: () => Date, clientId = SANDBOX_CLIENT_ID): RequestHandler[] {
  if (kind === 'api_key' || kind === 'bearer') {
    return [
      (req, res, next) => {
        const given = kind === 'api_key' ? String(req.get('X-API-Key') ?? '') : (/^Bearer (\S+)$/.exec(String(req.get('Authorization') ?? ''))?.[1] ?? '');
        if (!sameSecret(given, secret)) {
          if (kind === 'bearer') res.set('WWW-Authenticate', 'Bearer');
          return void error(res, 401, 'UNAUTHORIZED', kind === 'api_key' ? 'A valid X-API-Key header is required' : 'A valid bearer token is required');
        }
        next();
      },
    ];
  }
  if (kind === 'hmac') {
    return [
      express.raw({ type: () => true, limit: MAX_BODY }),
      (req, res, next) => {
        const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
        if (!verifyRequest(req.get(SIGNATURE_HEADER), (id) => (id === clientId ? secret : undefined), req.method, req.originalUrl, raw)) {
          return void error(res, 401, 'BAD_SIGNATURE', 'The request is not signed with a key this department knows');
        }
        try {
          req.body = raw ? JSON.parse(raw) : {};
        } catch {
          return void error(res, 400, 'BAD_JSON', 'The body is not JSON');
        }
        next();
      },
    ];
  }
  const tokens = new Map<string, number>();
  const issue: RequestHandler = (req, res, next) => {
    if (req.method !== 'POST' || req.path !== '/oauth/token') return next();
    const [scheme, value] = String(req.get('Authorization') ?? '').split(' ');
    // RFC 6749 §2.3.1: the id and secret are form-encoded before Basic; a malformed one is no client.
    const decode = (part: string) => {
      try {
        return decodeURIComponent(part.replace(/\+/g, ' '));
      } catch {
        return null;
      }
    };
    const [id, given] = scheme === 'Basic' && value ? Buffer.from(value, 'base64').toString().split(':').map(decode) : [];
    if (id !== clientId || !sameSecret(given ?? '', secret)) {
      res.status(401).set('WWW-Authenticate', 'Basic realm="department"').json({ error: 'invalid_client' });
      return;
    }
    if ((req.body as { grant_type?: unknown } | undefined)?.grant_type !== 'client_credentials') {
      res.status(400).json({ error: 'unsupported_grant_type' });
      return;
    }
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, now().getTime() + TOKEN_LIFETIME_S * 1000);
    for (const old of tokens.keys()) {
      if (tokens.size <= MAX_TOKENS) break;
      tokens.delete(old);
    }
    res.json({ access_token: token, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S });
  };
  return [
    express.urlencoded({ extended: false, limit: '4kb' }),
    issue,
    (req, res, next) => {
      const token = /^Bearer (\S+)$/.exec(String(req.get('Authorization') ?? ''))?.[1];
      const expires = token ? tokens.get(token) : undefined;
      if (!expires || expires <= now().getTime()) {
        if (token) tokens.delete(token);
        res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
        return void error(res, 401, 'INVALID_TOKEN', 'A valid bearer token from /oauth/token is required');
      }
      next();
    },
  ];
}
