/**
 * A department's sandbox backend served from its spec (spec.ts): lookups,
 * filings through its intake desk (filing-desk.ts), and GET
 * /applications/:id for the cases filed here, behind the department's own
 * kind of auth (auth.ts).
 *
 * Every lookup with a key follows the same house rules, so tests and demos
 * can count on them whatever the department:
 *   - a key that does not match the department's form: 422 INVALID_<KEY>;
 *   - a key ending 00000: no such record (404 NOT_FOUND);
 *   - a key ending 99503: 503; 99429: 429 with Retry-After: 1 once a minute;
 *     99504: answers only after 15 s (also by the X-Sandbox-Fault header).
 * A record's { en, te } values are sent in the language asked for (`lang`).
 *
 * Dues are bills: GET answers what is owed under a number (its bill id,
 * amount, due date, paid or not); POST /demands/<bill id>/payments records a
 * payment once (payment-records.ts). Bills are remembered as they are shown.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { DepartmentConnectionInput } from '../../../departments/api/connection';
import { todayInIndia } from '../../../india-time';
import { authenticate, connectionAuth } from './auth';
import { error, faultOf, type Fault, type FilingDesk } from './filing-desk';
import { paymentRecords } from '../payment-records';
import { createPicker } from './picker';
import { isRefusal, type DeskRecord, type DeskSpec, type DueRecord, type DueSpec, type FilingSpec, type Lang, type LookupContext, type LookupSpec, type Step } from './spec';

const MAX_BODY = '64kb';
/** Bills shown and not yet forgotten, per department (the oldest go first). */
const MAX_BILLS = 50_000;
const KEY_MAX = 80;

const DEFAULT_STEPS: Record<FilingSpec['kind'], Step[]> = {
  application: [
    { status: 'in_review', note: { en: 'The officer concerned has begun verifying your application', te: 'సంబంధిత అధికారి మీ దరఖాస్తు పరిశీలన ప్రారంభించారు' } },
    { status: 'issued', note: { en: 'Issued. You can download it from the department portal or collect it at your secretariat', te: 'జారీ చేయబడింది. శాఖ పోర్టల్ నుండి డౌన్‌లోడ్ చేసుకోండి లేదా మీ సచివాలయంలో తీసుకోండి' } },
  ],
  grievance: [
    { status: 'in_review', note: { en: 'Assigned to the officer concerned for action', te: 'చర్య కోసం సంబంధిత అధికారికి అప్పగించబడింది' } },
    { status: 'resolved', note: { en: 'The officer attended to the complaint and closed it', te: 'అధికారి ఫిర్యాదును పరిష్కరించి ముగించారు' } },
  ],
};

export interface DepartmentDesk {
  spec: DeskSpec;
  /** Lookups, filings and /applications/:id, without auth: for a backend that checks callers itself. */
  routes: Router;
  /** The whole backend: auth, the routes, 404 for anything else. */
  router: Router;
  /** The platform's connection to it, once its base URL (…/v1) is known. */
  connection(baseUrl: string): DepartmentConnectionInput;
}


function localized(record: DeskRecord, lang: Lang): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([name, value]) => [name, typeof value === 'object' && value !== null ? value[lang] : value]));
}

export interface DeskDeps {
  secret: string;
  filing: FilingDesk;
  /** The department's hand-written routes, served before the spec's (behind the same auth). */
  extra?: Router;
  /** The OAuth client id or HMAC key id the platform uses (jansetu-sandbox). */
  clientId?: string;
  now?: () => Date;
}

export function departmentDesk(spec: DeskSpec, deps: DeskDeps): DepartmentDesk {
  const deskSpec = spec;
  const now = deps.now ?? (() => new Date());
  const routes = express.Router();
  const filing = deps.filing;

  const bills = new Map<string, { due: DueSpec; bill: DueRecord & { billId: string } }>();
  let quotes = 0;
  const records = paymentRecords(
    (billId) => bills.get(billId)?.bill ?? null,
    (bill) => bills.get(bill.billId)!.due.receiptPrefix,
    (bill) => bills.get(bill.billId)!.due.receiptDigits ?? 7,
  );
  for (const lookup of spec.lookups) routes.get(lookup.path, (req, res) => look(lookup, req, res));
  for (const due of spec.dues ?? []) routes.get(due.path, (req, res) => owed(due, req, res));
  routes.post('/demands/:billId/payments', express.json({ limit: '4kb' }), (req, res) => records.record(req, res));
  for (const form of spec.filings) routes.post(form.path, express.json({ limit: MAX_BODY }), (req, res) => file(form, req, res));
  /**
   * A case filed here, for its filer only: one filed with UIDAI's token of a verified citizen is not
   * shown to a caller with another token or none (ids are numbered in order; guessing one shows nothing).
   */
  const ownCase = (id: string, token: unknown) => {
    const found = filing.find(id);
    return found && (found.owner === null || (typeof token === 'string' && token.toLowerCase() === found.owner)) ? found : undefined;
  };
  // An id with its slashes encoded (%2F) or as they are; a spec's own lookup under /applications (registered first) wins.
  routes.get('/applications/:id(*)', (req, res) => {
    const found = ownCase(String(req.params.id), req.query.uid_token);
    if (!found) return void error(res, 404, 'NOT_FOUND', `No application ${String(req.params.id).slice(0, 60)}`);
    res.json({ applicationId: found.id, reference: found.reference, status: found.status, filedAt: found.filedAt });
  });

  /**
   * The house rules every keyed GET follows (form, required fields, test numbers, no such record),
   * then `answer` with the record's context.
   */
  function keyed(spec: { path: string; key: string; pattern?: RegExp; hint?: string; requires?: string[] }, req: Request, res: Response, answer: (ctx: LookupContext, lang: Lang) => void): void {
    // The route's own parts (/exam-fees/:university/:hall_ticket) count as the query's fields too.
    const query = { ...Object.fromEntries(Object.entries(req.query).filter((e): e is [string, string] => typeof e[1] === 'string')), ...(req.params as Record<string, string>) };
    const lang: Lang = query.lang === 'te' ? 'te' : 'en';
    const raw = spec.key ? (req.params[spec.key] ?? query[spec.key]) : '';
    if (spec.key && (raw === undefined || raw.trim() === '')) return void error(res, 400, 'MISSING_FIELD', `${spec.key} is required`);
    const key = String(raw).trim().toUpperCase();
    if (key.length > KEY_MAX || (spec.pattern && !spec.pattern.test(key))) return void error(res, 422, `INVALID_${spec.key.toUpperCase()}`, spec.hint ?? `${spec.key} is not in the department's form`);
    const missing = (spec.requires ?? []).filter((name) => !query[name]?.trim());
    if (missing.length > 0) return void error(res, 400, 'MISSING_FIELD', `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required`);
    const fault: Fault | null = faultOf(req, []) ?? (key.endsWith('99503') ? 'down' : key.endsWith('99429') ? 'busy' : key.endsWith('99504') ? 'slow' : null);
    if (filing.answerFault(req, res, fault, `${spec.path}|${key}|${Math.floor(now().getTime() / 60_000)}`)) return;
    filing.later(res, fault, () => {
      try {
        respond();
      } catch (err) {
        // A spec that throws is the department's 500 (also on the slow path, where no Express handler would catch it).
        if (!res.headersSent) error(res, 500, 'INTERNAL_ERROR', `The lookup failed: ${(err as Error).message.slice(0, 100)}`);
      }
    });
    function respond(): void {
      if (spec.key && key.endsWith('00000')) return void error(res, 404, 'NOT_FOUND', `No record for ${spec.key} ${key}`);
      const today = todayInIndia(now());
      answer(
        {
          key,
          query,
          today,
          now: now(),
          pick: createPicker(`${deskSpec.department}|${spec.path}|${key}|${spec.key ? '' : today}`, today),
          filed: (id) => {
            const found = ownCase(id, query.uid_token);
            return found && { id: found.id, status: found.status, code: found.code, filedAt: found.filedAt };
          },
        },
        lang,
      );
    }
  }

  function look(lookup: LookupSpec, req: Request, res: Response): void {
    keyed(lookup, req, res, (ctx, lang) => {
      const answer = lookup.answer(ctx);
      if (answer === null) return void error(res, 404, 'NOT_FOUND', `No record for ${lookup.key || 'this request'} ${ctx.key}`.trim());
      if (isRefusal(answer)) return void error(res, answer.status, answer.code, answer.message);
      res.json(localized(answer, lang));
    });
  }

  function owed(due: DueSpec, req: Request, res: Response): void {
    keyed(due, req, res, (ctx, lang) => {
      const found = due.due(ctx);
      if (found === null) return void error(res, 404, 'NOT_FOUND', `Nothing is due under ${due.key} ${ctx.key}`);
      if (isRefusal(found)) return void error(res, found.status, found.code, found.message);
      // A quote (a parcel, an order) is a new bill each time it is asked for; a demand is the same bill until paid.
      const billId = due.quote ? `${due.code}-${now().getTime().toString(36).toUpperCase()}${String(++quotes).padStart(6, '0')}` : `${due.code}-${ctx.key.replace(/[^A-Z0-9]/g, '')}-${found.period.replace(/[^A-Za-z0-9]/g, '')}`;
      bills.delete(billId);
      bills.set(billId, { due, bill: { ...found, billId } });
      for (const old of bills.keys()) {
        if (bills.size <= MAX_BILLS) break;
        bills.delete(old);
      }
      const receiptNo = records.receiptOf(billId);
      res.json({ ...localized(found, lang), billId, status: receiptNo ? 'paid' : 'unpaid', receiptNo });
    });
  }

  function file(form: FilingSpec, req: Request, res: Response): void {
    const body = (typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : {}) as Record<string, unknown>;
    const empty = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
    filing.file(
      req,
      res,
      Object.values(body),
      () => {
        const missing = ['reference', ...form.requires].filter((name) => empty(body[name]));
        if (missing.length > 0) return { code: 'MISSING_FIELD', message: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} required` };
        return form.check?.(body, { today: todayInIndia(now()), now: now() }) ?? null;
      },
      () => ({
        id: filing.nextId(spec.idPrefix, form.code),
        code: form.code,
        reference: String(body.reference),
        owner: typeof body.uid_token === 'string' && /^[0-9a-f]{72}$/i.test(body.uid_token) ? body.uid_token.toLowerCase() : null,
        steps: form.steps ?? DEFAULT_STEPS[form.kind],
      }),
    );
  }

  const router = express.Router();
  router.use(...authenticate(spec.auth, deps.secret, now, deps.clientId));
  if (deps.extra) router.use(deps.extra);
  router.use(routes);
  router.use((_req, res) => error(res, 404, 'NOT_FOUND', 'No such resource'));

  return {
    spec,
    routes,
    router,
    connection: (baseUrl) => ({ department: spec.department, baseUrl, auth: connectionAuth(spec.auth, deps.secret, baseUrl, deps.clientId) }),
  };
}
