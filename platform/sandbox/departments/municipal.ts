/**
 * The Municipal Administration department's backend (CDMA), simulated:
 * birth and death certificate applications behind OAuth 2.0 client
 * credentials, as a state's municipal API would answer.
 *
 * - POST /oauth/token: client credentials in HTTP Basic; tokens live 10 minutes.
 * - POST /certificates/birth, /certificates/death: an Idempotency-Key is
 *   required; the same key with the same body answers as the first time,
 *   with another body 422 IDEMPOTENCY_KEY_REUSED. 201 with the department's
 *   application id.
 * - GET /applications/:id: where it stands.
 *
 * A filed application moves on by itself: in review after `reviewAfterMs`,
 * issued after `issuedAfterMs`, each step sent to the platform's status
 * webhook signed with the department's key (retried while the platform does
 * not answer). Births and deaths before 1970 are in the paper register
 * (422 NO_DIGITAL_RECORD).
 *
 * Test residents, by the name on the certificate: "Test Down" answers 503,
 * "Test Busy" 429 with Retry-After: 1 the first time, "Test Slow" only after 15 s.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import { signRequest, SIGNATURE_HEADER } from '../../departments/api/hmac';
import type { Logger } from '../../log';

const TOKEN_LIFETIME_S = 600;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DIGITAL_SINCE = '1970-01-01';

export interface MunicipalOptions {
  clientId: string;
  clientSecret: string;
  /** The key status events are signed with (the platform trusts it for department "municipal"). */
  statusKey: { keyId: string; secret: string };
  log: Logger;
  reviewAfterMs?: number;
  issuedAfterMs?: number;
  now?: () => Date;
}

export interface MunicipalBackend {
  router: Router;
  /** Where status events go, once the platform's URL is known. */
  connect(statusUrl: string): void;
  /** Sends every status event still to come now, and waits until each is delivered (for tests and demos). */
  settle(): Promise<void>;
  close(): void;
}

interface Filed {
  id: string;
  kind: 'birth' | 'death';
  reference: string;
  status: 'RECEIVED' | 'IN_REVIEW' | 'ISSUED';
  timers: NodeJS.Timeout[];
  /** Steps not sent yet, in order. */
  steps: Array<{ status: 'in_review' | 'issued'; note: string; eventId: string }>;
}

export function municipalBackend(options: MunicipalOptions): MunicipalBackend {
  const now = options.now ?? (() => new Date());
  const reviewAfterMs = options.reviewAfterMs ?? 20_000;
  const issuedAfterMs = options.issuedAfterMs ?? 60_000;
  const tokens = new Map<string, number>();
  const byKey = new Map<string, { bodyHash: string; status: number; body: unknown }>();
  const filed = new Map<string, Filed>();
  const busySeen = new Set<string>();
  const deliveries = new Set<Promise<void>>();
  let statusUrl: string | null = null;
  let sequence = 0;
  let closed = false;
  const deliver = retry(handleAll, { maxAttempts: 6, backoff: new ExponentialBackoff({ initialDelay: 500, maxDelay: 30_000 }) });

  const router = express.Router();
  const error = (res: Response, status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });

  router.post('/oauth/token', express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => {
    const [scheme, value] = String(req.headers.authorization ?? '').split(' ');
    const [id, secret] = scheme === 'Basic' && value ? Buffer.from(value, 'base64').toString().split(':').map(decodeURIComponent) : [];
    if (id !== options.clientId || !sameSecret(secret ?? '', options.clientSecret)) {
      res.status(401).set('WWW-Authenticate', 'Basic realm="cdma"').json({ error: 'invalid_client' });
      return;
    }
    if ((req.body as { grant_type?: unknown }).grant_type !== 'client_credentials') {
      res.status(400).json({ error: 'unsupported_grant_type' });
      return;
    }
    const token = randomBytes(24).toString('base64url');
    tokens.set(token, now().getTime() + TOKEN_LIFETIME_S * 1000);
    res.json({ access_token: token, token_type: 'Bearer', expires_in: TOKEN_LIFETIME_S });
  });

  router.use((req, res, next) => {
    const token = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    const expires = token ? tokens.get(token) : undefined;
    if (!expires || expires <= now().getTime()) {
      if (token) tokens.delete(token);
      res.status(401).set('WWW-Authenticate', 'Bearer error="invalid_token"');
      error(res, 401, 'INVALID_TOKEN', 'A valid bearer token from /oauth/token is required');
      return;
    }
    next();
  });

  router.post('/certificates/:kind', express.json({ limit: '64kb' }), (req, res) => {
    const kind = req.params.kind === 'birth' || req.params.kind === 'death' ? req.params.kind : null;
    if (!kind) return void error(res, 404, 'NOT_FOUND', 'Certificates issued here: birth, death');
    const key = req.get('Idempotency-Key');
    if (!key || key.length > 200) return void error(res, 400, 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header (up to 200 characters) with every application');
    const bodyHash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
    const earlier = byKey.get(key);
    if (earlier) {
      if (earlier.bodyHash !== bodyHash) return void error(res, 422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another application');
      return void res.status(earlier.status).json(earlier.body);
    }
    const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
    const name = String((kind === 'birth' ? body.registered_name : body.deceased_name) ?? '').trim();
    const date = String((kind === 'birth' ? body.date_of_birth : body.date_of_death) ?? '');
    const place = String((kind === 'birth' ? body.place_of_birth : body.place_of_death) ?? '').trim();
    const test = name.toLowerCase();
    if (test === 'test down') return void error(res, 503, 'MAINTENANCE', 'The CDMA service is under maintenance');
    if (test === 'test busy' && !busySeen.has(key)) {
      busySeen.add(key);
      res.set('Retry-After', '1');
      return void error(res, 429, 'RATE_LIMITED', 'Too many requests');
    }
    const answer = () => {
      const problem =
        typeof body.reference !== 'string' || body.reference === ''
          ? ['MISSING_FIELD', 'reference is required']
          : name === '' || name.length > 100
            ? ['MISSING_FIELD', `${kind === 'birth' ? 'registered_name' : 'deceased_name'} is required (up to 100 characters)`]
            : place === ''
              ? ['MISSING_FIELD', `${kind === 'birth' ? 'place_of_birth' : 'place_of_death'} is required`]
              : !DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))
                ? ['INVALID_DATE', 'The date must be written YYYY-MM-DD']
                : date > now().toISOString().slice(0, 10)
                  ? ['INVALID_DATE', 'The date is in the future']
                  : date < DIGITAL_SINCE
                    ? ['NO_DIGITAL_RECORD', `${kind === 'birth' ? 'Births' : 'Deaths'} registered before 1970 are in the paper register: apply at the municipal office`]
                    : null;
      if (problem) {
        const refusal = { error: { code: problem[0], message: problem[1] } };
        byKey.set(key, { bodyHash, status: 422, body: refusal });
        return void res.status(422).json(refusal);
      }
      const year = now().getUTCFullYear();
      const id = `CDMA/${kind === 'birth' ? 'BC' : 'DC'}/${year}/${String(++sequence).padStart(6, '0')}`;
      const application: Filed = {
        id,
        kind,
        reference: String(body.reference),
        status: 'RECEIVED',
        timers: [],
        steps: [
          { status: 'in_review', note: 'Verification by the ward secretariat has begun', eventId: `${id}#1` },
          { status: 'issued', note: 'Collect it at your ward secretariat, or download it from the CDMA portal', eventId: `${id}#2` },
        ],
      };
      filed.set(id, application);
      application.timers.push(setTimeout(() => step(application), reviewAfterMs), setTimeout(() => step(application), issuedAfterMs));
      for (const t of application.timers) t.unref();
      const created = { applicationId: id, reference: application.reference, status: application.status };
      byKey.set(key, { bodyHash, status: 201, body: created });
      res.status(201).json(created);
    };
    if (test === 'test slow') setTimeout(answer, 15_000).unref();
    else answer();
  });

  router.get('/applications/:id(*)', (req, res) => {
    const application = filed.get(String(req.params.id));
    if (!application) return void error(res, 404, 'NOT_FOUND', `No application ${String(req.params.id).slice(0, 60)}`);
    res.json({ applicationId: application.id, reference: application.reference, status: application.status });
  });

  router.use((_req: Request, res: Response) => error(res, 404, 'NOT_FOUND', 'No such resource'));

  /** The application's next step: its status here, then the event to the platform. */
  function step(application: Filed): void {
    const next = application.steps.shift();
    if (!next || closed) return;
    application.status = next.status === 'in_review' ? 'IN_REVIEW' : 'ISSUED';
    const event = JSON.stringify({ reference: application.reference, status: next.status, eventId: next.eventId, at: now().toISOString(), note: next.note });
    const delivery = deliver
      .execute(async () => {
        if (!statusUrl) throw new Error('the platform is not connected yet');
        const url = new URL(statusUrl);
        const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: signRequest(options.statusKey.keyId, options.statusKey.secret, 'POST', url.pathname, event) }, body: event, signal: AbortSignal.timeout(10_000) });
        // 4xx: the platform will not take it however often it is sent.
        if (res.status >= 400 && res.status < 500) {
          options.log.warn({ status: res.status, application: application.id }, 'municipal sandbox: the platform refused a status event');
          return;
        }
        if (!res.ok) throw new Error(`status webhook answered ${res.status}`);
      })
      .catch((err: Error) => options.log.warn({ err, application: application.id }, 'municipal sandbox: a status event was not delivered'))
      .finally(() => deliveries.delete(delivery));
    deliveries.add(delivery);
  }

  return {
    router,
    connect(url) {
      statusUrl = url;
    },
    async settle() {
      for (const application of filed.values()) {
        for (const t of application.timers) clearTimeout(t);
        application.timers = [];
        while (application.steps.length > 0) {
          step(application);
          await Promise.all([...deliveries]);
        }
      }
      await Promise.all([...deliveries]);
    },
    close() {
      closed = true;
      for (const application of filed.values()) for (const t of application.timers) clearTimeout(t);
    },
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
