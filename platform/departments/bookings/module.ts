/**
 * Bookings (platform/departments/bookings): slot calendars with capacity, holds while the
 * citizen pays, and tickets. Paid orders for bookings are fulfilled here (the payments module
 * calls the `booking` handler): the booking is confirmed and its ticket, a PDF with a QR code
 * that /verify checks, is sent to the citizen; a payment that came after the hold lapsed is
 * refunded and the citizen told. The sweep expires holds past their time and closes their links.
 */
import { textIn, languageOf, type Language } from '../../citizens/language';
import { maskCitizen } from '../../citizens/identity';
import type { DocumentContent } from '../../documents/documents';
import { requireService, type ModuleContext, type OpenedModule } from '../../module';
import type { Notice } from '../../payments/notice';
import { rupees } from '../../payments/upi';
import { Calendars, placeOf } from './calendars';
import { Bookings, type BookingDoc } from './bookings';
import { ADMIN_ROOT } from '../../../settings';
import { BOOKINGS_ADMIN_ROOT, bookingsAdminRouter } from './admin-api';

const SWEEP_MS = 15_000;
/** The approved template a ticket goes in once the citizen's 24-hour window has closed. */
export const TICKET_TEMPLATE = 'booking_ticket';

export interface BookingsService {
  store: Bookings;
  /** The booking's ticket (issued once) as a notice: the PDF and the caption in the citizen's language. */
  ticket(booking: BookingDoc): Promise<Notice>;
  /** A free booking's ticket, sent to the citizen now (a paid one's goes with the payment). */
  sendTicket(booking: BookingDoc): Promise<void>;
  /** Cancels a citizen's booking; the refund by the rules goes back through the gateway. */
  cancel(reference: string, citizenKey: string): ReturnType<Bookings['cancel']>;
  /** Expires lapsed holds (the sweep calls it; tests too). */
  expireDue(): Promise<number>;
  /** What a booking says to a citizen: its service, place, kind, date and time in their language. */
  describe(booking: BookingDoc, language: Language): { service: string; place: string; kind: string | null; date: string; time: string; persons: number; amount: string; reference: string };
}

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ bookings: BookingsService }>> {
  const by = 'bookings';
  const store = requireService(ctx, 'store', by);
  const catalog = requireService(ctx, 'catalog', by);
  const choices = requireService(ctx, 'choices', by);
  const texts = requireService(ctx, 'texts', by);
  const payments = requireService(ctx, 'payments', by);
  const documents = requireService(ctx, 'documents', by);
  const whatsapp = requireService(ctx, 'whatsapp', by);
  const log = ctx.log.child({ src: 'bookings' });
  const bookings = new Bookings(store, Calendars.load(Calendars.fileIn(ctx.config.flowsDir), catalog), (service, input, value) => {
    const options = choices.optionsFor(service, input);
    return options ? options.some((o) => o.id === value) : null;
  });
  await bookings.init();

  function titleOf(service: string, input: string | null, value: string | null, language: Language): string | null {
    if (input === null || value === null) return null;
    const option = choices.optionsFor(service, input)?.find((o) => o.id === value);
    return option ? textIn(option.title, language) : value.replace(/\b\w/g, (c) => c.toUpperCase());
  }

  function describe(booking: BookingDoc, language: Language) {
    const calendar = bookings.calendarOf(booking.service);
    const service = catalog.service(booking.service);
    return {
      reference: booking._id,
      service: service ? textIn(service.service.title, language) : booking.service,
      place: (() => {
        const listed = placeOf(calendar, booking.resource)?.title;
        if (listed) return textIn(listed, language);
        return typeof calendar.resource === 'string' ? (titleOf(booking.service, calendar.resource, booking.resource, language) ?? booking.resource) : booking.resource;
      })(),
      kind: titleOf(booking.service, calendar.variant, booking.variant, language),
      date: new Date(`${booking.date}T00:00:00Z`).toLocaleDateString(language === 'te' ? 'te-IN' : 'en-IN', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }),
      time: booking.time,
      persons: booking.units,
      amount: rupees(booking.amountPaise),
    };
  }

  async function ticket(booking: BookingDoc): Promise<Notice> {
    const language = languageOf(booking.language);
    const calendar = bookings.calendarOf(booking.service);
    const en = describe(booking, 'en');
    const department = catalog.service(booking.service)?.department;
    const content: DocumentContent = {
      kind: 'ticket',
      title: calendar.ticket.en,
      issuer: department ? `${textIn(department.title, 'en')} Department` : 'Government of Andhra Pradesh',
      fields: [
        { label: 'Booking', value: booking._id },
        { label: 'Service', value: en.service },
        { label: 'Place', value: en.place },
        ...(en.kind ? [{ label: 'Type', value: en.kind }] : []),
        { label: 'Date', value: en.date },
        { label: 'Time', value: `${booking.time} IST` },
        { label: 'Persons', value: String(booking.units) },
        ...(calendar.seatNumbers && booking.seats?.length ? [{ label: 'Seats', value: booking.seats.join(', ') }] : []),
        { label: 'Amount paid', value: booking.amountPaise === 0 ? 'Free' : en.amount },
        ...(booking.orderId ? [{ label: 'Order', value: booking.orderId }] : []),
        { label: 'Booked by', value: `WhatsApp ${maskCitizen(booking.citizen)}` },
      ],
    };
    const { pdf } = await documents.issue(`ticket:${booking._id}`, booking.citizenKey, content);
    const own = describe(booking, language);
    return { outcome: 'ticket', text: texts.format('bookings.ticket_caption', language, own), document: { pdf, filename: `${booking._id}.pdf`, title: textIn(calendar.ticket, language) } };
  }

  payments.handle('booking', {
    ordered: (order) => bookings.attachOrder(order.purpose.id, order._id),
    async fulfil(order) {
      const { outcome, booking } = await bookings.confirm(order.purpose.id, order._id);
      // Cancelled since it was confirmed (a retry after the ticket failed): its refund was the cancellation's; no ticket.
      if (outcome === 'cancelled') return { outcome: 'fulfilled', notice: null };
      if (outcome !== 'lapsed' && booking) return { outcome: 'fulfilled', notice: await ticket(booking) };
      const language = languageOf(order.language);
      return {
        outcome: 'refund',
        reason: 'lapsed',
        notice: { outcome: 'refund', text: texts.format('bookings.lapsed_refund', language, { amount: rupees(order.amountPaise), reference: order.purpose.id }), refundReason: texts.format('payments.refund_reason.lapsed', language) },
      };
    },
  });

  /** A free booking's ticket: a message with the PDF in the window, else the approved booking_ticket template. */
  async function sendTicket(booking: BookingDoc): Promise<void> {
    const notice = await ticket(booking);
    const language = languageOf(booking.language);
    const about = describe(booking, language);
    const name = booking.citizen.profile_name?.trim().slice(0, 60) || texts.format('applications.citizen', language);
    await payments.notices.tell(booking, `booking:${booking._id}:ticket`, notice, (media) => ({
      name: TICKET_TEMPLATE,
      language: language === 'te' ? 'te' : 'en_US',
      header: { document: { id: media!.id, filename: notice.document!.filename } },
      body: [name, about.service, booking._id, `${about.place}, ${about.date} ${about.time}`],
    }));
  }

  async function cancel(reference: string, citizenKey: string) {
    const result = await bookings.cancel(reference, citizenKey);
    if (result.outcome !== 'cancelled' || !result.booking) return result;
    await finishCancellation(result.booking, result.refundPaise);
    return result;
  }

  /** A cancellation's ticket revoked and refund made (once per booking: keyed), then marked done for the sweep. */
  async function finishCancellation(booking: BookingDoc, refundPaise: number): Promise<void> {
    await documents.revoke(`ticket:${booking._id}`, 'the booking was cancelled');
    if (booking.orderId) {
      const orderId = booking.orderId;
      if (refundPaise > 0) await payments.refund(orderId, refundPaise, `cancel:${booking._id}`, 'cancelled');
      // Held, not paid: its link is closed so it cannot be paid any more.
      else await payments.cancel(orderId).catch((err: Error) => log.warn({ err, order: orderId }, 'bookings: could not close the link of a cancelled booking'));
    }
    await bookings.cancellationDone(booking._id);
  }

  async function expireDue(): Promise<number> {
    const { expired, cancellations, problems } = await bookings.expireDue();
    if (problems > 0) log.warn({ problems }, 'bookings: the sweep could not finish some bookings; it tries again next time');
    for (const booking of cancellations) await finishCancellation(booking, booking.refundPaise ?? 0).catch((err: Error) => log.warn({ err, booking: booking._id }, 'bookings: could not finish a cancellation yet'));
    for (const booking of expired) {
      if (booking.orderId) await payments.cancel(booking.orderId).catch((err: Error) => log.warn({ err, order: booking.orderId }, 'bookings: could not close the link of a lapsed hold'));
    }
    return expired.length;
  }

  const service: BookingsService = { store: bookings, ticket, sendTicket, cancel, expireDue, describe };
  let timer: NodeJS.Timeout | null = null;
  let sweeping: Promise<unknown> | null = null;
  return {
    name: by,
    services: { bookings: service },
    routes(app, red) {
      app.use(`${ADMIN_ROOT}${BOOKINGS_ADMIN_ROOT}`, bookingsAdminRouter({ bookings: service, payments, catalog, phoneNumberId: () => whatsapp.defaultAccount.current.phoneNumberId, citizenByPhone: (id, waId) => whatsapp.channel.citizenByPhone(id, waId), red }));
    },
    started() {
      timer = setInterval(() => {
        if (sweeping) return;
        sweeping = expireDue()
          .catch((err: Error) => log.warn({ err }, 'bookings: the hold sweep failed'))
          .finally(() => (sweeping = null));
      }, SWEEP_MS);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      await sweeping;
    },
  };
}
