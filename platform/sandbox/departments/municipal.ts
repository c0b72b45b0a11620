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
 * - POST /grievances/water, /street-lights, /garbage, /drainage: a citizen's
 *   complaint with its municipality (ulb) and location (inside Andhra
 *   Pradesh, else 422 OUTSIDE_JURISDICTION); in review, then resolved.
 * - GET /applications/:id: where it stands.
 * - Property tax, vacant land tax and water charges due, and their payment (municipal-dues.ts).
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
import { municipalDuesRouter } from './municipal-dues';
import type { Logger } from '../../log';

const TOKEN_LIFETIME_S = 600;
/** A sandbox keeps this many applications and keys in memory, the oldest forgotten first. */
const MAX_KEPT = 10_000;
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
  /** How long "Test Slow" takes to answer (past any sane timeout by default). */
  slowMs?: number;
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
  reference: string;
  status: 'RECEIVED' | 'IN_REVIEW' | 'ISSUED' | 'RESOLVED';
  timers: NodeJS.Timeout[];
  /** Steps not sent yet, in order. */
  steps: Array<{ status: 'in_review' | 'issued' | 'resolved'; note: { en: string; te: string }; eventId: string }>;
}

const GRIEVANCES: Record<string, string> = { water: 'WS', 'street-lights': 'SL', garbage: 'SW', drainage: 'DR' };
/** Andhra Pradesh, roughly: a complaint located elsewhere is not this department's. */
const AP_BOUNDS = { south: 12.6, north: 19.2, west: 76.7, east: 84.8 };

export function municipalBackend(options: MunicipalOptions): MunicipalBackend {
  const now = options.now ?? (() => new Date());
  const reviewAfterMs = options.reviewAfterMs ?? 20_000;
  const issuedAfterMs = options.issuedAfterMs ?? 60_000;
  const tokens = new Map<string, number>();
  const byKey = new Map<string, { bodyHash: string; answer: Promise<{ status: number; body: unknown }> }>();
  const filed = new Map<string, Filed>();
  const busySeen = new Set<string>();
  const deliveries = new Set<Promise<void>>();
  let statusUrl: string | null = null;
  let sequence = 0;
  let closed = false;
  /** Deliveries under way stop when the sandbox closes (their waits too). */
  const stopping = new AbortController();
  /** "Test Slow" answers still to come. */
  const slow = new Set<NodeJS.Timeout>();
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
    forgetOldest();
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

  /**
   * The department's handling of a filing: the Idempotency-Key (replayed, or refused when reused for
   * another body), its test residents, then `check` (a refusal) or the new record, moving on by itself.
   */
  function filing(req: Request, res: Response, who: string, check: () => [string, string] | null, make: () => Filed) {
    const key = req.get('Idempotency-Key');
    if (!key || key.length > 200) return void error(res, 400, 'IDEMPOTENCY_KEY_REQUIRED', 'Send an Idempotency-Key header (up to 200 characters) with every application');
    const bodyHash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
    const earlier = byKey.get(key);
    if (earlier) {
      if (earlier.bodyHash !== bodyHash) return void error(res, 422, 'IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with another application');
      // Still being answered (a retry while the first request is slow): the same answer, once it is there.
      void earlier.answer.then((first) => res.status(first.status).json(first.body));
      return;
    }
    const test = who.trim().toLowerCase();
    if (test === 'test down') return void error(res, 503, 'MAINTENANCE', 'The CDMA service is under maintenance');
    if (test === 'test busy' && !busySeen.has(key)) {
      busySeen.add(key);
      res.set('Retry-After', '1');
      return void error(res, 429, 'RATE_LIMITED', 'Too many requests');
    }
    let settle!: (first: { status: number; body: unknown }) => void;
    // Kept from the moment the request arrives, so a retry in the meantime files nothing more.
    byKey.set(key, { bodyHash, answer: new Promise((resolve) => (settle = resolve)) });
    const answer = () => {
      const problem = check();
      if (problem) {
        const refusal = { error: { code: problem[0], message: problem[1] } };
        settle({ status: 422, body: refusal });
        return void res.status(422).json(refusal);
      }
      const application = make();
      filed.set(application.id, application);
      forgetOldest();
      application.timers.push(setTimeout(() => step(application), reviewAfterMs), setTimeout(() => step(application), issuedAfterMs));
      for (const t of application.timers) t.unref();
      const created = { applicationId: application.id, reference: application.reference, status: application.status };
      settle({ status: 201, body: created });
      res.status(201).json(created);
    };
    if (test === 'test slow') {
      const timer = setTimeout(() => {
        slow.delete(timer);
        if (closed) return void error(res, 503, 'MAINTENANCE', 'The CDMA service is closing');
        answer();
      }, options.slowMs ?? 15_000);
      timer.unref();
      slow.add(timer);
    } else answer();
  }

  /** Bounded memory: a long-running sandbox forgets its oldest applications, keys and tokens. */
  function forgetOldest(): void {
    for (const [id, old] of filed) {
      if (filed.size <= MAX_KEPT) break;
      for (const t of old.timers) clearTimeout(t);
      filed.delete(id);
    }
    for (const map of [byKey, tokens] as Array<Map<string, unknown>>) for (const key of map.keys()) {
      if (map.size <= MAX_KEPT) break;
      map.delete(key);
    }
    for (const key of busySeen) {
      if (busySeen.size <= MAX_KEPT) break;
      busySeen.delete(key);
    }
  }
  const nextId = (code: string) => `CDMA/${code}/${now().getUTCFullYear()}/${String(++sequence).padStart(6, '0')}`;
  const bodyOf = (req: Request) => (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  const missingReference = (body: Record<string, unknown>): [string, string] | null => (typeof body.reference !== 'string' || body.reference === '' ? ['MISSING_FIELD', 'reference is required'] : null);

  router.use(municipalDuesRouter(now));

  router.post('/certificates/:kind', express.json({ limit: '64kb' }), (req, res) => {
    const kind = req.params.kind === 'birth' || req.params.kind === 'death' ? req.params.kind : null;
    if (!kind) return void error(res, 404, 'NOT_FOUND', 'Certificates issued here: birth, death');
    const body = bodyOf(req);
    const name = String((kind === 'birth' ? body.registered_name : body.deceased_name) ?? '').trim();
    const date = String((kind === 'birth' ? body.date_of_birth : body.date_of_death) ?? '');
    const place = String((kind === 'birth' ? body.place_of_birth : body.place_of_death) ?? '').trim();
    filing(
      req,
      res,
      name,
      () =>
        missingReference(body) ??
        (name === '' || name.length > 100
          ? ['MISSING_FIELD', `${kind === 'birth' ? 'registered_name' : 'deceased_name'} is required (up to 100 characters)`]
          : place === ''
            ? ['MISSING_FIELD', `${kind === 'birth' ? 'place_of_birth' : 'place_of_death'} is required`]
            : !DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))
              ? ['INVALID_DATE', 'The date must be written YYYY-MM-DD']
              : date > now().toISOString().slice(0, 10)
                ? ['INVALID_DATE', 'The date is in the future']
                : date < DIGITAL_SINCE
                  ? ['NO_DIGITAL_RECORD', `${kind === 'birth' ? 'Births' : 'Deaths'} registered before 1970 are in the paper register: apply at the municipal office`]
                  : null),
      () => {
        const id = nextId(kind === 'birth' ? 'BC' : 'DC');
        return {
          id,
          reference: String(body.reference),
          status: 'RECEIVED',
          timers: [],
          steps: [
            { status: 'in_review', note: { en: 'Verification by the ward secretariat has begun', te: 'వార్డు సచివాలయం పరిశీలన ప్రారంభమైంది' }, eventId: `${id}#1` },
            { status: 'issued', note: { en: 'Collect it at your ward secretariat, or download it from the CDMA portal', te: 'మీ వార్డు సచివాలయంలో తీసుకోండి, లేదా CDMA పోర్టల్ నుండి డౌన్‌లోడ్ చేసుకోండి' }, eventId: `${id}#2` },
          ],
        };
      },
    );
  });

  router.post('/grievances/:category', express.json({ limit: '64kb' }), (req, res) => {
    const code = Object.hasOwn(GRIEVANCES, req.params.category) ? GRIEVANCES[req.params.category] : undefined;
    if (!code) return void error(res, 404, 'NOT_FOUND', `Grievances taken here: ${Object.keys(GRIEVANCES).join(', ')}`);
    const body = bodyOf(req);
    const ulb = String(body.ulb ?? '').trim();
    const location = (typeof body.location === 'object' && body.location !== null ? body.location : {}) as { latitude?: unknown; longitude?: unknown };
    const lat = Number(location.latitude);
    const lon = Number(location.longitude);
    filing(
      req,
      res,
      ulb,
      () =>
        missingReference(body) ??
        (ulb === '' || ulb.length > 100
          ? ['MISSING_FIELD', 'ulb (the municipality) is required']
          : !Number.isFinite(lat) || !Number.isFinite(lon)
            ? ['MISSING_FIELD', 'location {latitude, longitude} is required']
            : lat < AP_BOUNDS.south || lat > AP_BOUNDS.north || lon < AP_BOUNDS.west || lon > AP_BOUNDS.east
              ? ['OUTSIDE_JURISDICTION', 'That location is outside Andhra Pradesh']
              : null),
      () => {
        const id = nextId(code);
        return {
          id,
          reference: String(body.reference),
          status: 'RECEIVED',
          timers: [],
          steps: [
            { status: 'in_review', note: { en: `Assigned to the ward secretary of ${ulb.slice(0, 60)}`, te: `${ulb.slice(0, 60)} వార్డు కార్యదర్శికి అప్పగించబడింది` }, eventId: `${id}#1` },
            { status: 'resolved', note: { en: 'The ward team attended to it and closed the work order', te: 'వార్డు బృందం సమస్యను పరిష్కరించి పని ఆర్డర్‌ను ముగించింది' }, eventId: `${id}#2` },
          ],
        };
      },
    );
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
    application.status = next.status === 'in_review' ? 'IN_REVIEW' : next.status === 'issued' ? 'ISSUED' : 'RESOLVED';
    const event = JSON.stringify({ reference: application.reference, status: next.status, eventId: next.eventId, at: now().toISOString(), note: next.note });
    const delivery = deliver
      .execute(async ({ signal }) => {
        if (closed) return;
        if (!statusUrl) throw new Error('the platform is not connected yet');
        const url = new URL(statusUrl);
        const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: signRequest(options.statusKey.keyId, options.statusKey.secret, 'POST', url.pathname, event) }, body: event, signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]) });
        // 4xx: the platform will not take it however often it is sent.
        if (res.status >= 400 && res.status < 500) {
          options.log.warn({ status: res.status, application: application.id }, 'municipal sandbox: the platform refused a status event');
          return;
        }
        if (!res.ok) throw new Error(`status webhook answered ${res.status}`);
      }, stopping.signal)
      .catch((err: Error) => {
        if (!closed) options.log.warn({ err, application: application.id }, 'municipal sandbox: a status event was not delivered');
      })
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
      stopping.abort();
      for (const timer of slow) clearTimeout(timer);
      slow.clear();
      for (const application of filed.values()) for (const t of application.timers) clearTimeout(t);
    },
  };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
