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
 * A filed application moves on by itself through the department's intake
 * desk (desk/filing-desk.ts): in review, then issued, each step sent to the
 * platform's status webhook signed with the department's key. Births and
 * deaths before 1970 are in the paper register (422 NO_DIGITAL_RECORD).
 * The rest of the department's services come from its spec (specs/municipal.ts).
 *
 * Test residents, by the name on the certificate: "Test Down" answers 503,
 * "Test Busy" 429 with Retry-After: 1 the first time, "Test Slow" only after 15 s.
 */
import express, { type Request, type Router } from 'express';
import type { Logger } from '../../log';
import { departmentBackend, type DepartmentBackend } from './desk/backend';
import type { FilingDesk, Problem } from './desk/filing-desk';
import { spec } from './specs/municipal';
import { municipalDuesRouter } from './municipal-dues';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DIGITAL_SINCE = '1970-01-01';
const GRIEVANCES: Record<string, string> = { water: 'WS', 'street-lights': 'SL', garbage: 'SW', drainage: 'DR' };
/** Andhra Pradesh, roughly: a complaint located elsewhere is not this department's. */
const AP_BOUNDS = { south: 12.6, north: 19.2, west: 76.7, east: 84.8 };

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

export type MunicipalBackend = DepartmentBackend;

/** The whole CDMA backend: its own routes and its spec's, behind OAuth 2.0 client credentials. */
export function municipalBackend(options: MunicipalOptions): DepartmentBackend {
  return departmentBackend(spec, {
    name: 'CDMA',
    secret: options.clientSecret,
    clientId: options.clientId,
    statusKey: options.statusKey,
    log: options.log,
    reviewAfterMs: options.reviewAfterMs,
    finalAfterMs: options.issuedAfterMs,
    slowMs: options.slowMs,
    now: options.now,
    extra: (filing, now) => municipalRoutes(filing, now),
  });
}

/** Birth and death certificates, civic grievances and dues: the CDMA's hand-written routes. */
export function municipalRoutes(filing: FilingDesk, now: () => Date): Router {
  const router = express.Router();
  const nextId = (code: string) => filing.nextId('CDMA', code);
  const bodyOf = (req: Request) => (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  const problem = (code: string, message: string): Problem => ({ code, message });
  const missingReference = (body: Record<string, unknown>): Problem => (typeof body.reference !== 'string' || body.reference === '' ? problem('MISSING_FIELD', 'reference is required') : null);
  const error = (res: express.Response, status: number, code: string, message: string) => res.status(status).json({ error: { code, message } });

  router.use(municipalDuesRouter(now));

  router.post('/certificates/:kind', express.json({ limit: '64kb' }), (req, res) => {
    const kind = req.params.kind === 'birth' || req.params.kind === 'death' ? req.params.kind : null;
    if (!kind) return void error(res, 404, 'NOT_FOUND', 'Certificates issued here: birth, death');
    const body = bodyOf(req);
    const name = String((kind === 'birth' ? body.registered_name : body.deceased_name) ?? '').trim();
    const date = String((kind === 'birth' ? body.date_of_birth : body.date_of_death) ?? '');
    const place = String((kind === 'birth' ? body.place_of_birth : body.place_of_death) ?? '').trim();
    filing.file(
      req,
      res,
      [name],
      () =>
        missingReference(body) ??
        (name === '' || name.length > 100
          ? problem('MISSING_FIELD', `${kind === 'birth' ? 'registered_name' : 'deceased_name'} is required (up to 100 characters)`)
          : place === ''
            ? problem('MISSING_FIELD', `${kind === 'birth' ? 'place_of_birth' : 'place_of_death'} is required`)
            : !DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))
              ? problem('INVALID_DATE', 'The date must be written YYYY-MM-DD')
              : date > now().toISOString().slice(0, 10)
                ? problem('INVALID_DATE', 'The date is in the future')
                : date < DIGITAL_SINCE
                  ? problem('NO_DIGITAL_RECORD', `${kind === 'birth' ? 'Births' : 'Deaths'} registered before 1970 are in the paper register: apply at the municipal office`)
                  : null),
      () => {
        const id = nextId(kind === 'birth' ? 'BC' : 'DC');
        return {
          id,
          reference: String(body.reference),
          code: kind === 'birth' ? 'BC' : 'DC',
          steps: [
            { status: 'in_review', note: { en: 'Verification by the ward secretariat has begun', te: 'వార్డు సచివాలయం పరిశీలన ప్రారంభమైంది' } },
            { status: 'issued', note: { en: 'Collect it at your ward secretariat, or download it from the CDMA portal', te: 'మీ వార్డు సచివాలయంలో తీసుకోండి, లేదా CDMA పోర్టల్ నుండి డౌన్‌లోడ్ చేసుకోండి' } },
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
    filing.file(
      req,
      res,
      [ulb],
      () =>
        missingReference(body) ??
        (ulb === '' || ulb.length > 100
          ? problem('MISSING_FIELD', 'ulb (the municipality) is required')
          : !Number.isFinite(lat) || !Number.isFinite(lon)
            ? problem('MISSING_FIELD', 'location {latitude, longitude} is required')
            : lat < AP_BOUNDS.south || lat > AP_BOUNDS.north || lon < AP_BOUNDS.west || lon > AP_BOUNDS.east
              ? problem('OUTSIDE_JURISDICTION', 'That location is outside Andhra Pradesh')
              : null),
      () => {
        const id = nextId(code);
        return {
          id,
          reference: String(body.reference),
          code,
          steps: [
            { status: 'in_review', note: { en: `Assigned to the ward secretary of ${ulb.slice(0, 60)}`, te: `${ulb.slice(0, 60)} వార్డు కార్యదర్శికి అప్పగించబడింది` } },
            { status: 'resolved', note: { en: 'The ward team attended to it and closed the work order', te: 'వార్డు బృందం సమస్యను పరిష్కరించి పని ఆర్డర్‌ను ముగించింది' } },
          ],
        };
      },
    );
  });

  return router;
}
