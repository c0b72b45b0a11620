/**
 * The departments' status webhook: POST /api/departments/<department>/status
 * with {reference, status, eventId, at?, note?} (a note as text or {en, te}), signed with the department's
 * key (X-Jansetu-Signature, the HMAC scheme of api/hmac.ts). A bad signature
 * gets 401, a malformed body 400 saying why, an unknown reference 404.
 * A recorded change is pushed to the citizen before the 200; if the push
 * fails the department gets 503 and its retry pushes again (sent once).
 */
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { NODE_ROOT } from '../../../settings';
import { jsonDepthExceeds } from '../../whatsapp/json';
import { SIGNATURE_HEADER, verifyRequest } from '../api/hmac';
import { DEPARTMENT_STATUSES, type ApplicationDoc, type Applications } from './applications';
import { REFERENCE_PATTERN } from './references';
import type { PushOutcome } from './status-push';

const MAX_BODY = '16kb';
const MAX_DEPTH = 8;
/** A department's clock may run a little ahead of ours; an event far in the future is a mistake. */
const MAX_FUTURE_MS = 5 * 60_000;

// Fields a department adds beyond these are ignored (stripped), not refused: a 4xx would drop its event for good.
const statusEvent = z.object({
  reference: z.string().regex(REFERENCE_PATTERN, 'an application reference like AP-REV-2026-000123'),
  status: z.enum(DEPARTMENT_STATUSES),
  /** The department's own id for the event, as it writes them (CDMA/BC/2026/000123#2): printable, no spaces. */
  eventId: z.string().regex(/^[\x21-\x7e]{1,100}$/, 'printable characters without spaces, up to 100'),
  at: z.iso.datetime({ offset: true }).optional(),
  /** The department's words for the citizen: one text, or per language ({"en": …, "te": …}). */
  note: z.union([z.string().trim().max(500), z.object({ en: z.string().trim().max(500).optional(), te: z.string().trim().max(500).optional() }).refine((n) => Boolean(n.en || n.te), 'en or te')]).optional(),
});

/** Where the router is mounted, and each department's webhook under it. */
export const STATUS_WEBHOOK_ROOT = '/departments';
export const statusWebhookPath = (department: string) => `${NODE_ROOT}${STATUS_WEBHOOK_ROOT}/${department}/status`;

export class StatusKeys {
  private readonly keys = new Map<string, Map<string, string>>();

  trust(department: string, keyId: string, secret: string): void {
    const own = this.keys.get(department) ?? new Map<string, string>();
    own.set(keyId, secret);
    this.keys.set(department, own);
  }

  secretOf(department: string, keyId: string): string | undefined {
    return this.keys.get(department)?.get(keyId);
  }
}

export function statusWebhookRouter(deps: { applications: Applications; tell: (application: ApplicationDoc, at: number) => Promise<PushOutcome | 'failed' | null>; keys: StatusKeys }): Router {
  const router = express.Router();
  router.post('/:department/status', express.raw({ type: () => true, limit: MAX_BODY }), (req: Request, res: Response, next) => {
    handle(req, res).catch(next);
  });

  async function handle(req: Request, res: Response): Promise<void> {
    const department = String(req.params.department);
    const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    // The signature first: nothing of an unsigned body is read.
    if (!verifyRequest(req.get(SIGNATURE_HEADER), (keyId) => deps.keys.secretOf(department, keyId), 'POST', req.originalUrl, body.toString('utf8'))) {
      res.status(401).json({ error: 'bad_signature', message: `sign the request with this department's status key (${SIGNATURE_HEADER}: keyId=…,ts=…,sig=…)` });
      return;
    }
    if (!req.is('application/json')) {
      res.status(415).json({ error: 'unsupported_media_type', message: 'send application/json' });
      return;
    }
    if (jsonDepthExceeds(body, MAX_DEPTH)) {
      res.status(400).json({ error: 'too_deep', message: `JSON nested deeper than ${MAX_DEPTH} levels` });
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch (err) {
      res.status(400).json({ error: 'invalid_json', message: (err as Error).message });
      return;
    }
    const parsed = statusEvent.safeParse(json);
    if (!parsed.success) {
      res.status(400).json({ error: 'invalid_event', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
      return;
    }
    const event = parsed.data;
    const at = event.at ? new Date(event.at) : new Date();
    if (at.getTime() > Date.now() + MAX_FUTURE_MS) {
      res.status(400).json({ error: 'invalid_event', message: 'at: more than 5 minutes in the future' });
      return;
    }
    const recorded = await deps.applications.recordStatus(department, event.reference, { status: event.status, at, eventId: event.eventId, ...(event.note ? { note: event.note } : {}) });
    if (recorded.result === 'unknown') {
      res.status(404).json({ error: 'unknown_reference', message: `no application ${event.reference} of department ${department}` });
      return;
    }
    if (recorded.result === 'full') {
      res.status(409).json({ error: 'history_full', message: 'this application has as many status events as it may keep' });
      return;
    }
    const { application } = recorded;
    let pushed: string | null = null;
    if (recorded.result !== 'older') {
      // A duplicate is told again too (once: the reply is keyed): the first delivery may have failed after recording.
      const told = await deps.tell(application, application.history.findIndex((h) => h.eventId === event.eventId));
      if (told === 'failed') {
        // Kept untold (the platform's sweep tries again too); the department's retry tells it sooner.
        res.status(503).set('Retry-After', '30').json({ error: 'push_failed', message: 'recorded; the citizen could not be told yet: send the event again' });
        return;
      }
      pushed = told;
    }
    res.json({ reference: application._id, status: application.status, result: recorded.result, pushed });
  }

  return router;
}
