/**
 * Throttles editor logins (`POST <adminRoot>/auth/token`) before Node-RED sees them.
 *
 * Node-RED's own guard (editor-api lib/auth/strategies.js, passwordTokenExchange)
 * counts attempts per username alone, from every address, and after five in
 * ten minutes fails the next ones with `done(new Error("Too many login
 * attempts"))`, which oauth2orize answers as a 500 server_error. Anyone who
 * knows the admin's name could so lock the admin out, and guesses spread over
 * many usernames were never slowed down. Its counter cannot be configured or
 * reset from outside, and it counts an attempt before checking the password.
 *
 * So this middleware checks the credentials itself (the same EditorUsers
 * bcrypt check Node-RED's adminAuth.authenticate calls) and answers a wrong
 * password itself, with Node-RED's own 403 invalid_grant. Only requests with
 * the right password reach Node-RED, whose counter they reset; its lock can no
 * longer be reached by guessing. The cost is a second bcrypt on a successful
 * login.
 *
 * Limits (rate-limiter-flexible), answered with 429 and Retry-After:
 * - per client address: every attempt costs a point, a successful one is
 *   refunded, so guessing over many usernames from one address is bounded;
 * - per username and address: consecutive failures; a success clears them.
 *   Keyed with the address, so guesses from elsewhere never lock the real
 *   admin out. Guessing one username from many addresses is slowed only by
 *   the per-address limit and bcrypt: a deliberate trade for never locking out.
 * The client address is Express's `req.ip`: behind a proxy or load balancer the
 * host must set `trust proxy`, or every client shares the proxy's address.
 */
import express, { type RequestHandler } from 'express';
import type Redis from 'ioredis';
import { RateLimiterRes } from 'rate-limiter-flexible';
import { rateLimiter as limiter, type LimitSpec } from '../queue/rate-limits';
import { bodyErrorAnswer } from '../http-errors';
import { AUDIT_LIMITS } from './audit-log';


export const LOGIN_LIMITS = {
  /** Attempts (successes refunded) per client address. */
  perAddress: { points: 30, durationS: 15 * 60, blockS: 15 * 60 },
  /** Consecutive failures per username and client address. */
  perUserAddress: { points: 5, durationS: 15 * 60, blockS: 15 * 60 },
} as const satisfies Record<string, LimitSpec>;

export const MAX_USERNAME_LENGTH = AUDIT_LIMITS.username;
/** bcrypt reads 72 bytes; anything far longer is not a password someone typed. */
export const MAX_PASSWORD_LENGTH = 1024;
/** A login form is a few hundred bytes. */
const MAX_LOGIN_BODY = '8kb';

export interface LoginThrottleOptions {
  /** The same check Node-RED's adminAuth.authenticate does; null for wrong credentials. */
  authenticate(username: string, password: string): Promise<unknown>;
  audit(event: Record<string, unknown>): void;
  limits?: { perAddress?: LimitSpec; perUserAddress?: LimitSpec };
  /** Share the counts between hosts through Redis; in-memory (per host) without. */
  redis?: Redis;
}

export interface LoginThrottle {
  /** Mount at `POST <adminRoot>/auth/token`, in front of Node-RED's admin app. */
  handlers: RequestHandler[];
}

export function createLoginThrottle(options: LoginThrottleOptions): LoginThrottle {
  const perAddress = limiter('login_addr', options.limits?.perAddress ?? LOGIN_LIMITS.perAddress, options.redis);
  const perUserAddress = limiter('login_user_addr', options.limits?.perUserAddress ?? LOGIN_LIMITS.perUserAddress, options.redis);
  // Node-RED's admin app parses the same two forms; with req.body set here its parsers step aside.
  const parsers = [express.urlencoded({ limit: MAX_LOGIN_BODY, extended: false }), express.json({ limit: MAX_LOGIN_BODY })];

  const throttle: RequestHandler = async (req, res, next) => {
    const address = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const tooMany = (rejection: unknown, limit: string, username?: string) => {
      if (!(rejection instanceof RateLimiterRes)) return next(rejection);
      // One audit record per block, not one per refused request of a flood.
      if (rejection.consumedPoints === limitOf(limit) + 1) options.audit({ event: 'auth.login.fail.throttled', limit, ip: address, ...(username ? { username } : {}) });
      const retryAfter = Math.max(1, Math.ceil(rejection.msBeforeNext / 1000));
      res.set('Retry-After', String(retryAfter));
      res.status(429).json({ error: 'too_many_requests', error_description: `too many login attempts; retry in ${retryAfter} s` });
    };
    const limitOf = (limit: string) => (limit === 'address' ? perAddress.points : perUserAddress.points);

    try {
      await perAddress.consume(address);
    } catch (rejection) {
      return tooMany(rejection, 'address');
    }
    try {
      await parseBody(req, res);
    } catch (err) {
      const answer = bodyErrorAnswer(err);
      if (answer) return void res.status(answer.status).json(answer.body);
      return next(err);
    }
    const body = (req.body ?? {}) as Record<string, unknown>;
    // Other grants (the exchange code of strategy logins) carry no password to guess.
    if (body.grant_type !== 'password') {
      await perAddress.reward(address, 1).catch(() => undefined);
      return next();
    }
    const { username, password } = body;
    if (typeof username !== 'string' || typeof password !== 'string' || username.length === 0 || username.length > MAX_USERNAME_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
      options.audit({ event: 'auth.login.fail.invalid-request', ip: address, username: typeof username === 'string' ? username : typeof username });
      return void res.status(400).json({ error: 'invalid_request', error_description: `username and password must be strings of at most ${MAX_USERNAME_LENGTH} and ${MAX_PASSWORD_LENGTH} characters` });
    }
    const userKey = `${address}\n${username}`;
    try {
      await perUserAddress.consume(userKey);
    } catch (rejection) {
      return tooMany(rejection, 'username', username);
    }
    let user: unknown = null;
    try {
      user = await options.authenticate(username, password);
    } catch (err) {
      return next(err);
    }
    if (!user) {
      // Node-RED would have recorded this; it no longer sees wrong passwords.
      options.audit({ event: 'auth.login.fail.credentials', username, ip: address, client: typeof body.client_id === 'string' ? body.client_id : undefined });
      return void res.status(403).json({ error: 'invalid_grant', error_description: 'Invalid resource owner credentials' });
    }
    await Promise.all([perUserAddress.delete(userKey), perAddress.reward(address, 1)]).catch(() => undefined);
    next();
  };

  function parseBody(req: express.Request, res: express.Response): Promise<void> {
    return parsers.reduce<Promise<void>>(
      (done, parse) => done.then(() => new Promise<void>((resolve, reject) => parse(req, res, (err?: unknown) => (err ? reject(err) : resolve())))),
      Promise.resolve(),
    );
  }

  return { handlers: [throttle] };
}

