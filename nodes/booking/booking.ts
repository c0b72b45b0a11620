/**
 * booking: a seat in a slot calendar (platform/departments/bookings), as a flow step.
 *
 * - offer: the times of the chosen day with room for the party, as msg.options for an ask
 *   node (each with the places left). Outputs: times to choose from; the service's form asked
 *   the time already (its calendar has a time input: go straight to hold); none left (or the
 *   answers do not fit the calendar), with msg.payload saying so.
 * - hold: takes the seats, once per citizen's message (a double tap holds once). Outputs: held
 *   for payment (msg.booking, and msg.payment for a payment node); confirmed (a free booking:
 *   its ticket PDF has been sent to the citizen); refused (full, or a date or party the calendar
 *   does not take), with msg.payload saying why.
 * - cancel: the citizen's booking by the number they typed; the refund by the calendar's rules
 *   goes back through the gateway. Outputs: cancelled; refused (not theirs, past, lapsed).
 * - list: the citizen's held and confirmed bookings. Outputs: some; none.
 */
import { BookingError, MAX_OPEN_PER_DAY, readBookingReference, type BookingDoc } from '../../platform/departments/bookings/bookings';
import { languageOf, textIn } from '../../platform/citizens/language';
import { servicesFromSettings } from '../../platform/registry';
import { rupees } from '../../platform/payments/upi';
import { citizenKeyOf, languageOfMsg, messageIdOf } from '../conversation-step';
import { readMessageProperty } from '../msg-property';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';
import { migrate } from './config';

const LISTED = 5;

function register(RED: NodeAPI): void {
  function BookingNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const config = migrate(nodeDef);
    const { bookings, catalog, texts } = servicesFromSettings(RED.settings);
    if (config.service && !catalog.service(config.service)) node.error(RED._('booking.errors.unknown-service', { service: config.service }));

    node.on('input', (msg, send, done) => {
      const work = config.action === 'offer' ? offer(msg) : config.action === 'hold' ? hold(msg) : config.action === 'cancel' ? cancel(msg) : list(msg);
      work.then((outputs) => {
        send(outputs);
        done();
      }, done);
    });

    function serviceOf(msg: NodeMessage) {
      const id = config.service || String((msg.service as { id?: unknown } | undefined)?.id ?? '');
      const found = catalog.service(id);
      if (!found) throw new Error(RED._('booking.errors.no-service', { service: id || '""' }));
      return found;
    }
    const answersOf = (msg: NodeMessage) => ((msg.session as { answers?: unknown } | undefined)?.answers ?? {}) as Record<string, unknown>;
    const needKey = (msg: NodeMessage) => {
      const key = citizenKeyOf(msg);
      if (!key) throw new Error(RED._('booking.errors.no-citizen'));
      return key;
    };
    const described = (b: BookingDoc, language: string | null) => ({ ...bookings.describe(b, languageOf(language)), state: b.state, amountPaise: b.amountPaise, startsAt: b.startsAt.toISOString(), holdUntil: b.holdUntil?.toISOString() ?? null });

    /** A problem the citizen can act on: said on the last output; anything else is an error for Catch nodes. */
    function refusal(err: unknown, msg: NodeMessage, serviceId: string, outputs: number): Array<NodeMessage | null> {
      if (!(err instanceof BookingError)) throw err;
      const language = languageOfMsg(msg);
      const calendar = bookings.store.calendars.of(serviceId);
      const found = catalog.service(serviceId);
      msg.booking = { problem: err.problem };
      msg.payload = texts.format(`bookings.problem.${err.problem}`, language, { service: found ? textIn(found.service.title, languageOf(language)) : serviceId, days: calendar?.bookAheadDays ?? 0, max: calendar?.maxUnits ?? 1, open: MAX_OPEN_PER_DAY });
      const out: Array<NodeMessage | null> = new Array(outputs).fill(null);
      out[outputs - 1] = msg;
      return out;
    }

    async function offer(msg: NodeMessage): Promise<Array<NodeMessage | null>> {
      const found = serviceOf(msg);
      const language = languageOfMsg(msg);
      const calendar = bookings.store.calendarOf(found.service.id);
      if (calendar.timeInput) return [null, msg, null];
      const answers = answersOf(msg);
      try {
        const offers = await bookings.store.offer(found.service.id, answers);
        const persons = calendar.units ? Number(answers[calendar.units]) : 1;
        const values = { service: textIn(found.service.title, languageOf(language)), date: String(answers[calendar.date] ?? ''), persons };
        if (offers.length === 0) {
          msg.payload = texts.format('bookings.none_left', language, values);
          return [null, null, msg];
        }
        msg.options = offers.map((o) => ({
          id: o.timeId,
          title: o.time,
          description: Object.fromEntries(['en', 'te'].map((l) => [l, texts.format('bookings.time_row_left', l, { left: o.remaining })])),
        }));
        msg.booking = { service: found.service.id, date: values.date, offers };
        return [msg, null, null];
      } catch (err) {
        return refusal(err, msg, found.service.id, 3);
      }
    }

    async function hold(msg: NodeMessage): Promise<Array<NodeMessage | null>> {
      const found = serviceOf(msg);
      const key = needKey(msg);
      const messageId = messageIdOf(msg);
      if (!messageId) throw new Error(RED._('booking.errors.no-message'));
      const language = languageOfMsg(msg);
      const citizen = (msg.citizen ?? {}) as Record<string, unknown>;
      const nullable = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
      const chosen = readMessageProperty(RED, msg, config.time);
      let booking: BookingDoc;
      try {
        booking = await bookings.store.hold({
          service: found.service.id,
          department: found.department.id,
          answers: answersOf(msg),
          timeId: typeof chosen === 'string' ? chosen : null,
          citizenKey: key,
          citizen: { phoneNumberId: String((msg.whatsapp as { phoneNumberId?: unknown } | undefined)?.phoneNumberId ?? ''), wa_id: nullable(citizen.wa_id), user_id: nullable(citizen.user_id), profile_name: nullable(citizen.profile_name) },
          language,
          requestKey: `${key}:${messageId}`,
        });
      } catch (err) {
        return refusal(err, msg, found.service.id, 3);
      }
      const about = described(booking, language);
      msg.booking = about;
      if (booking.state === 'full' || booking.state === 'expired' || booking.state === 'cancelled') {
        msg.payload = texts.format('bookings.full', language, about);
        node.status({ fill: 'yellow', shape: 'ring', text: RED._('booking.status.full') });
        return [null, null, msg];
      }
      if (booking.state === 'confirmed' && booking.amountPaise === 0) {
        await bookings.sendTicket(booking);
        msg.payload = texts.format('bookings.confirmed_free', language, about);
        node.status({ fill: 'green', shape: 'dot', text: booking._id });
        return [null, msg, null];
      }
      const minutes = booking.holdUntil ? Math.max(1, Math.round((booking.holdUntil.getTime() - Date.now()) / 60_000)) : 0;
      msg.payment = {
        purpose: { kind: 'booking', id: booking._id },
        requestKey: `booking:${booking._id}`,
        department: booking.department,
        service: booking.service,
        amountPaise: booking.amountPaise,
        description: `${bookings.describe(booking, 'en').service} ${booking._id}`,
        expireBy: booking.holdUntil?.toISOString() ?? null,
      };
      msg.payload = texts.format('bookings.held', language, { ...about, minutes });
      node.status({ fill: 'blue', shape: 'dot', text: RED._('booking.status.held', { reference: booking._id }) });
      return [msg, null, null];
    }

    async function cancel(msg: NodeMessage): Promise<Array<NodeMessage | null>> {
      const key = needKey(msg);
      const language = languageOfMsg(msg);
      const typed = readMessageProperty(RED, msg, config.reference);
      const reference = readBookingReference(typed);
      if (!reference) {
        msg.payload = texts.format('bookings.not_found', language, { reference: typeof typed === 'string' ? typed.slice(0, 40) : '' });
        return [null, msg];
      }
      const result = await bookings.cancel(reference, key);
      msg.booking = { reference, outcome: result.outcome, refundPaise: result.refundPaise };
      if (result.outcome !== 'cancelled') {
        msg.payload = texts.format(result.outcome === 'not_found' ? 'bookings.not_found' : 'bookings.not_cancellable', language, { reference });
        return [null, msg];
      }
      msg.payload = texts.format('bookings.cancelled', language, { reference, refund: result.refundPaise > 0 ? rupees(result.refundPaise) : 'none' });
      return [msg, null];
    }

    async function list(msg: NodeMessage): Promise<Array<NodeMessage | null>> {
      const key = needKey(msg);
      const language = languageOfMsg(msg);
      const own = await bookings.store.ofCitizen(key, LISTED);
      msg.bookings = own.map((b) => described(b, language));
      if (own.length === 0) {
        msg.payload = texts.format('bookings.none', language);
        return [null, msg];
      }
      const line = (b: BookingDoc) => texts.format('bookings.line', language, { ...bookings.describe(b, languageOf(language)), state: texts.format(`bookings.state.${b.state}`, language) });
      msg.payload = [texts.format('bookings.yours', language), ...own.map(line)].join('\n');
      return [msg, null];
    }
  }

  RED.nodes.registerType('booking', BookingNode);
}

export = register;
