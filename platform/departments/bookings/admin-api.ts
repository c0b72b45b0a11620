/**
 * Bookings over admin REST, behind the editor login, for a department's counter and its
 * integrations: the same calendars, holds and payments the chat uses.
 *
 * - GET  /admin/bookings/offers?service=…&answers=<json>: the times left on the day (flows.read).
 * - POST /admin/bookings {service, answers, timeId?, citizen: {wa_id | user_id}, requestKey}: a
 *   hold (a free booking is confirmed; its ticket sent); a paid one comes with its payment link,
 *   which the counter gives the citizen. 201, or 409 with the reason (full, a date not taken).
 *   The same requestKey again answers with the same booking (flows.write).
 * - GET  /admin/bookings/:reference (flows.read); POST /admin/bookings/:reference/cancel (flows.write).
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { citizenKey as citizenKeyFor, isPhoneNumber } from '../../citizens/identity';
import type { RedRuntime } from '../../module';
import type { PaymentsService } from '../../payments/module';
import { PaymentsUnavailableError } from '../../payments/module';
import type { ServiceCatalog } from '../catalog';
import { BookingError, readBookingReference, type BookingDoc } from './bookings';
import type { BookingsService } from './module';

export const BOOKINGS_ADMIN_ROOT = '/bookings';

const holdBody = z.object({
  service: z.string().regex(/^[a-z0-9_]{1,60}$/),
  answers: z.record(z.string().max(60), z.union([z.string().max(200), z.number(), z.boolean()])).refine((a) => Object.keys(a).length <= 20, 'at most 20 answers'),
  timeId: z.string().max(40).nullable().optional(),
  citizen: z.object({ wa_id: z.string().refine(isPhoneNumber, 'a phone number with its country code, digits only').optional(), profile_name: z.string().max(60).optional() }).refine((c) => c.wa_id, 'wa_id is needed: the ticket is sent there'),
  /** The counter's own id for this request: the same again (for the same citizen) answers with the same booking. */
  requestKey: z.string().regex(/^[\x21-\x7e]{1,100}$/, 'printable, no spaces, up to 100'),
});

export function bookingsAdminRouter(deps: { bookings: BookingsService; payments: PaymentsService; catalog: ServiceCatalog; phoneNumberId: () => string | null; citizenByPhone: (phoneNumberId: string, waId: string) => Promise<{ citizenKey: string; userId: string | null; profileName: string | null } | null>; red: RedRuntime }): Router {
  const { bookings, payments, catalog } = deps;
  const router = express.Router();
  const read = deps.red.auth.needsPermission('flows.read');
  const write = deps.red.auth.needsPermission('flows.write');
  const handle = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);
  const view = (b: BookingDoc) => ({ reference: b._id, service: b.service, state: b.state, resource: b.resource, variant: b.variant, date: b.date, time: b.time, startsAt: b.startsAt, units: b.units, amountPaise: b.amountPaise, holdUntil: b.holdUntil, orderId: b.orderId, createdAt: b.createdAt });
  const refused = (res: Response, err: unknown) => {
    if (!(err instanceof BookingError)) throw err;
    res.status(err.problem === 'no_calendar' ? 404 : 400).json({ error: err.problem, message: err.message });
  };

  router.get('/offers', read, handle(async (req, res) => {
    const service = typeof req.query.service === 'string' ? req.query.service : '';
    let answers: Record<string, unknown>;
    try {
      answers = JSON.parse(typeof req.query.answers === 'string' ? req.query.answers : '{}') as Record<string, unknown>;
      if (typeof answers !== 'object' || answers === null || Array.isArray(answers)) throw new Error('not an object');
    } catch {
      return void res.status(400).json({ error: 'bad_request', message: 'answers must be a JSON object of the service\'s answers' });
    }
    try {
      res.json({ offers: await bookings.store.offer(service, answers) });
    } catch (err) {
      refused(res, err);
    }
  }));

  router.post('/', write, express.json({ limit: '8kb' }), handle(async (req, res) => {
    const parsed = holdBody.safeParse(req.body);
    if (!parsed.success) return void res.status(400).json({ error: 'bad_request', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
    const body = parsed.data;
    const found = catalog.service(body.service);
    if (!found) return void res.status(404).json({ error: 'no_service', message: `${body.service} is not a service of the catalog` });
    const phoneNumberId = deps.phoneNumberId();
    if (!phoneNumberId) return void res.status(503).json({ error: 'no_number', message: 'no WhatsApp number is configured to send the ticket from' });
    // A citizen who has written to the number is booked under their own key (their BSUID's, if Meta sends one).
    const known = await deps.citizenByPhone(phoneNumberId, body.citizen.wa_id!);
    const citizen = { phoneNumberId, wa_id: body.citizen.wa_id!, user_id: known?.userId ?? null, profile_name: body.citizen.profile_name ?? known?.profileName ?? null };
    const citizenKey = known?.citizenKey ?? citizenKeyFor(phoneNumberId, { wa_id: citizen.wa_id, user_id: null });
    let booking: BookingDoc;
    try {
      booking = await bookings.store.hold({ service: body.service, department: found.department.id, answers: body.answers, timeId: body.timeId ?? null, citizenKey, citizen, language: 'en', requestKey: `admin:${citizenKey}:${body.requestKey}` });
    } catch (err) {
      return refused(res, err);
    }
    if (booking.state === 'full') return void res.status(409).json({ error: 'full', message: `no ${booking.units} places left at ${booking.date} ${booking.time}`, booking: view(booking) });
    if (booking.state === 'confirmed' && booking.amountPaise === 0) {
      await bookings.sendTicket(booking);
      return void res.status(201).json({ booking: view(booking) });
    }
    if (booking.state !== 'held') return void res.status(409).json({ error: booking.state, message: `the booking is ${booking.state}`, booking: view(booking) });
    try {
      const made = await payments.request({
        purpose: { kind: 'booking', id: booking._id },
        department: booking.department,
        service: booking.service,
        amountPaise: booking.amountPaise,
        description: `${bookings.describe(booking, 'en').service} ${booking._id}`,
        citizenKey,
        citizen,
        language: 'en',
        requestKey: `booking:${booking._id}`,
        expireBy: booking.holdUntil!,
      });
      res.status(201).json({ booking: view((await bookings.store.get(booking._id)) ?? booking), payment: { order: made.order._id, link: made.link.url, amountPaise: made.order.amountPaise } });
    } catch (err) {
      if (!(err instanceof PaymentsUnavailableError)) throw err;
      res.status(201).json({ booking: view(booking), payment: null, message: err.message });
    }
  }));

  router.get('/:reference', read, handle(async (req, res) => {
    const reference = readBookingReference(req.params.reference);
    const booking = reference ? await bookings.store.get(reference) : null;
    if (!booking) return void res.status(404).json({ error: 'not_found', message: `no booking ${String(req.params.reference).slice(0, 40)}` });
    res.json({ booking: view(booking) });
  }));

  router.post('/:reference/cancel', write, handle(async (req, res) => {
    const reference = readBookingReference(req.params.reference);
    const booking = reference ? await bookings.store.get(reference) : null;
    if (!booking) return void res.status(404).json({ error: 'not_found', message: `no booking ${String(req.params.reference).slice(0, 40)}` });
    const result = await bookings.cancel(booking._id, booking.citizenKey);
    if (result.outcome !== 'cancelled') return void res.status(409).json({ error: result.outcome, message: `booking ${booking._id} is ${booking.state}` });
    res.json({ booking: view(result.booking!), refundPaise: result.refundPaise });
  }));

  return router;
}
