/**
 * Bookings with capacity: seats in a slot (a temple's darshan at 08:00 on a date, an office's
 * appointment) held while the citizen pays, confirmed by the payment, and returned when the hold
 * lapses or a confirmed booking is cancelled.
 *
 * Every decision that must happen once is a document inserted under a unique id, never a
 * read-then-write: a seat is `<slot>#<n>` (n from 1 to the slot's capacity), and a booking's
 * fate is `<reference>/settle` (confirmed, expired, full or cancelled while held) and
 * `<reference>/cancel`. The store refuses the second insert of an id on every engine (MongoDB,
 * the embedded one, and FerretDB, whose conditional updates are not atomic across connections),
 * so no seat is given twice, on any number of hosts sharing the store, and a payment racing the
 * hold's expiry ends one way only. Seats and decisions name their booking, which makes every
 * step safe to repeat after a crash: the sweep finishes what a dead host left.
 */
import { randomBytes, randomInt } from 'node:crypto';
import type { ApplicantAddress } from '../applications/applications';
import { DuplicateKeyError, type Collection, type DocumentStore } from '../../store';
import { pricePerUnit, refundOnCancel, slotStart, todayInIndia, type Calendar, type Calendars } from './calendars';

export const SEATS_COLLECTION = 'booking_seats';
export const BOOKINGS_COLLECTION = 'bookings';
export const DECISIONS_COLLECTION = 'booking_decisions';
/** A booking left `holding` this long (its host died mid-hold) is finished by the sweep. */
const STUCK_MS = 60_000;
/** Random seat numbers tried before the taken ones are read to find the free ones. */
const BLIND_TRIES = 4;
/** Rounds of reading the free seats and trying them before a busy slot is called full. */
const MAX_ROUNDS = 20;

export type BookingState = 'holding' | 'held' | 'confirmed' | 'expired' | 'cancelled' | 'full';

export interface SeatDoc {
  /** <slot>#<seat number>. */
  _id: string;
  [key: string]: unknown;
  slot: string;
  seat: number;
  booking: string;
  at: Date;
}

/** A booking's fate, decided once: whoever inserts it first. */
export interface DecisionDoc {
  /** <reference>/settle or <reference>/cancel. */
  _id: string;
  [key: string]: unknown;
  booking: string;
  outcome: 'confirmed' | 'expired' | 'full' | 'cancelled';
  orderId: string | null;
  at: Date;
}

export interface BookingDoc {
  _id: string;
  [key: string]: unknown;
  service: string;
  department: string;
  slot: string;
  resource: string;
  variant: string | null;
  date: string;
  time: string;
  startsAt: Date;
  units: number;
  amountPaise: number;
  state: BookingState;
  stateAt: Date;
  holdUntil: Date | null;
  citizenKey: string;
  citizen: ApplicantAddress;
  language: string | null;
  /** One booking per citizen's message: a double tap on "book" finds this one. */
  requestKey: string;
  createdAt: Date;
  /** The order that pays for it. */
  orderId: string | null;
  /** Its seat numbers, once held. */
  seats?: number[];
  refundPaise?: number;
  /** Expired or cancelled: false until its seats are back (a crash in between is finished by the sweep). */
  seatsReturned?: boolean;
}

export class BookingError extends Error {
  constructor(
    /** What is wrong, as a text key under bookings.problem.* the flow can say. */
    readonly problem: 'no_calendar' | 'bad_date' | 'too_far' | 'past' | 'bad_units' | 'bad_time' | 'bad_resource',
    message: string,
  ) {
    super(message);
    this.name = 'BookingError';
  }
}

export interface HoldRequest {
  service: string;
  department: string;
  /** The service's answers: the calendar reads the place, kind, date, people and time from them. */
  answers: Record<string, unknown>;
  /** The time chosen from those the node offered (calendars without a time input). */
  timeId?: string | null;
  citizenKey: string;
  citizen: ApplicantAddress;
  language: string | null;
  requestKey: string;
}

export interface SlotOffer {
  timeId: string;
  time: string;
  remaining: number;
}

/** BK-7K2M9QX4TB: Crockford base32, nothing a citizen confuses when they read it out. */
export function newBookingReference(): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  return `BK-${[...randomBytes(10)].map((b) => alphabet[b & 31]).join('')}`;
}

export function readBookingReference(text: unknown): string | null {
  if (typeof text !== 'string') return null;
  const match = /^\s*BK[\s-]*([0-9A-Z]{10})\s*$/i.exec(text);
  return match ? `BK-${match[1]!.toUpperCase()}` : null;
}

export class Bookings {
  readonly seats: Collection<SeatDoc>;
  readonly bookings: Collection<BookingDoc>;
  readonly decisions: Collection<DecisionDoc>;

  constructor(
    store: DocumentStore,
    readonly calendars: Calendars,
  ) {
    this.seats = store.collection<SeatDoc>(SEATS_COLLECTION);
    this.bookings = store.collection<BookingDoc>(BOOKINGS_COLLECTION);
    this.decisions = store.collection<DecisionDoc>(DECISIONS_COLLECTION);
  }

  async init(): Promise<void> {
    await this.bookings.createIndex({ keys: { requestKey: 1 }, unique: true, name: 'one_booking_per_request' });
    await this.bookings.createIndex({ keys: { state: 1, holdUntil: 1 }, name: 'holds_due' });
    await this.bookings.createIndex({ keys: { state: 1, stateAt: 1 }, name: 'by_state' });
    await this.bookings.createIndex({ keys: { citizenKey: 1, createdAt: -1 }, name: 'by_citizen' });
    await this.seats.createIndex({ keys: { slot: 1 }, name: 'by_slot' });
    await this.seats.createIndex({ keys: { booking: 1 }, name: 'by_booking' });
  }

  calendarOf(service: string): Calendar {
    const calendar = this.calendars.of(service);
    if (!calendar) throw new BookingError('no_calendar', `the service ${service} has no slot calendar (flows/catalog/calendars.json)`);
    return calendar;
  }

  /** The times of the chosen day that still have room for the party, in order; past times of today left out. */
  async offer(service: string, answers: Record<string, unknown>, now = new Date()): Promise<SlotOffer[]> {
    const calendar = this.calendarOf(service);
    const { resource, variant, date, units } = this.read(calendar, answers, now);
    const open = Object.entries(calendar.times).filter(([, time]) => slotStart(date, time).getTime() > now.getTime());
    const offers = await Promise.all(open.map(async ([timeId, time]) => ({ timeId, time, remaining: calendar.capacity - (await this.seats.countDocuments({ slot: slotIdOf(service, resource, variant, date, time) })) })));
    return offers.filter((o) => o.remaining >= units).sort((a, b) => a.time.localeCompare(b.time));
  }

  /**
   * Holds seats for the request (or confirms at once when the booking is free): the booking for
   * this request, made now or by an earlier try of the same message.
   */
  async hold(request: HoldRequest, now = new Date()): Promise<BookingDoc> {
    const existing = await this.bookings.findOne({ requestKey: request.requestKey });
    if (existing) return existing.state === 'holding' ? this.settleHolding(existing, now) : existing;
    const calendar = this.calendarOf(request.service);
    const { resource, variant, date, units } = this.read(calendar, request.answers, now);
    const timeId = calendar.timeInput ? String(request.answers[calendar.timeInput] ?? '') : (request.timeId ?? '');
    const time = calendar.times[timeId];
    if (!time) throw new BookingError('bad_time', `"${timeId}" is not one of the times of ${request.service}`);
    const startsAt = slotStart(date, time);
    if (startsAt.getTime() <= now.getTime()) throw new BookingError('past', `${date} ${time} has passed`);
    const booking: BookingDoc = {
      _id: newBookingReference(),
      service: request.service,
      department: request.department,
      slot: slotIdOf(request.service, resource, variant, date, time),
      resource,
      variant,
      date,
      time,
      startsAt,
      units,
      amountPaise: pricePerUnit(calendar, variant) * units,
      state: 'holding',
      stateAt: now,
      holdUntil: null,
      citizenKey: request.citizenKey,
      citizen: request.citizen,
      language: request.language,
      requestKey: request.requestKey,
      createdAt: now,
      orderId: null,
    };
    try {
      await this.bookings.insertOne(booking);
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      // The same message on another host, a moment ago: its booking.
      const made = await this.bookings.findOne({ requestKey: request.requestKey });
      if (!made) throw err;
      return made.state === 'holding' ? this.settleHolding(made, now) : made;
    }
    return this.take(booking, calendar, now);
  }

  /** Takes the booking's seats (those it has already count) and moves it on: held, confirmed if free, or full. */
  private async take(booking: BookingDoc, calendar: Calendar, now: Date): Promise<BookingDoc> {
    const seats = await this.takeSeats(booking, calendar.capacity, now);
    if (seats === null) {
      await this.returnSeats(booking);
      await this.decide(booking._id, 'settle', 'full', null, now);
      return this.setState(booking._id, { state: 'full', stateAt: now, seatsReturned: true }, now);
    }
    if (booking.amountPaise === 0) {
      const { decision } = await this.decide(booking._id, 'settle', 'confirmed', null, now);
      return this.apply(booking, decision, now);
    }
    return this.setState(booking._id, { state: 'held', stateAt: now, seats, holdUntil: new Date(now.getTime() + calendar.holdMinutes * 60_000) }, now, 'holding');
  }

  /**
   * The booking's seats, taken one by one under unique ids: a random free number first (two
   * requests rarely want the same one), the taken ones read when that fails. Null when the slot
   * has fewer left than the booking needs.
   */
  private async takeSeats(booking: BookingDoc, capacity: number, now: Date): Promise<number[] | null> {
    const mine = (await this.seats.find({ booking: booking._id }, { projection: { seat: 1 } })).map((s) => s.seat);
    let blind = BLIND_TRIES;
    for (let round = 0; mine.length < booking.units && round < MAX_ROUNDS; round++) {
      let candidates: number[];
      if (blind > 0) {
        candidates = [randomInt(1, capacity + 1)];
        blind--;
      } else {
        const taken = new Set((await this.seats.find({ slot: booking.slot }, { projection: { seat: 1 } })).map((s) => s.seat));
        const free = [];
        for (let n = 1; n <= capacity; n++) if (!taken.has(n)) free.push(n);
        if (free.length < booking.units - mine.length) return null;
        candidates = shuffled(free).slice(0, booking.units - mine.length);
      }
      for (const seat of candidates) {
        try {
          await this.seats.insertOne({ _id: `${booking.slot}#${seat}`, slot: booking.slot, seat, booking: booking._id, at: now });
          mine.push(seat);
        } catch (err) {
          if (!(err instanceof DuplicateKeyError)) throw err;
        }
      }
    }
    if (mine.length < booking.units) return null;
    // Two hosts finishing one dead host's hold may both have taken a seat: the lowest are kept, by both.
    const held = (await this.seats.find({ booking: booking._id }, { projection: { seat: 1 } })).map((s) => s.seat).sort((a, b) => a - b);
    for (const extra of held.slice(booking.units)) await this.seats.deleteOne({ _id: `${booking.slot}#${extra}`, booking: booking._id });
    return held.slice(0, booking.units);
  }

  /** Records the booking's fate under its unique id: won, or the fate another host or request decided first. */
  private async decide(reference: string, step: 'settle' | 'cancel', outcome: DecisionDoc['outcome'], orderId: string | null, now: Date): Promise<{ decision: DecisionDoc; won: boolean }> {
    const decision: DecisionDoc = { _id: `${reference}/${step}`, booking: reference, outcome, orderId, at: now };
    try {
      return { decision: await this.decisions.insertOne(decision), won: true };
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      return { decision: (await this.decisions.findOne({ _id: decision._id }))!, won: false };
    }
  }

  /** Brings the booking's document in line with a decision: its state, and its seats back when it lapsed. */
  private async apply(booking: BookingDoc, decision: DecisionDoc, now: Date): Promise<BookingDoc> {
    if (decision.outcome === 'confirmed') return this.setState(booking._id, { state: 'confirmed', stateAt: decision.at, orderId: decision.orderId ?? booking.orderId }, now);
    const state = decision.outcome;
    const updated = await this.setState(booking._id, { state, stateAt: decision.at, ...(booking.seatsReturned ? {} : { seatsReturned: false }) }, now);
    await this.returnSeats(updated);
    return (await this.get(booking._id)) ?? updated;
  }

  private async setState(reference: string, set: Partial<BookingDoc>, _now: Date, from?: BookingState): Promise<BookingDoc> {
    await this.bookings.updateOne(from ? { _id: reference, state: from } : { _id: reference }, { $set: set });
    return (await this.bookings.findOne({ _id: reference }))!;
  }

  /** A booking its host left `holding`: finished here (a retry of the same message, or the sweep). */
  private async settleHolding(booking: BookingDoc, now: Date): Promise<BookingDoc> {
    if (now.getTime() - booking.stateAt.getTime() < STUCK_MS) {
      // Its host is probably still at it: wait a little for its outcome.
      for (let i = 0; i < 20; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const seen = await this.bookings.findOne({ _id: booking._id });
        if (seen && seen.state !== 'holding') return seen;
      }
    }
    const decided = await this.decisions.findOne({ _id: `${booking._id}/settle` });
    if (decided) return this.apply(booking, decided, now);
    return this.take(booking, this.calendarOf(booking.service), now);
  }

  /** Returns the booking's seats to its slot (each seat names its booking: safe to repeat). */
  private async returnSeats(booking: BookingDoc): Promise<void> {
    await this.seats.deleteMany({ booking: booking._id });
    await this.bookings.updateOne({ _id: booking._id }, { $set: { seatsReturned: true } });
  }

  async attachOrder(reference: string, orderId: string): Promise<void> {
    await this.bookings.updateOne({ _id: reference, orderId: null }, { $set: { orderId } });
  }

  /** The payment for a held booking came: confirmed, already confirmed by it, or too late (lapsed: refund). */
  async confirm(reference: string, orderId: string, now = new Date()): Promise<{ outcome: 'confirmed' | 'already' | 'lapsed'; booking: BookingDoc | null }> {
    const booking = await this.bookings.findOne({ _id: reference });
    if (!booking) return { outcome: 'lapsed', booking: null };
    // A payment can only settle a booking whose seats were taken.
    if (booking.state === 'holding' || booking.state === 'full') {
      const settled = booking.state === 'holding' ? await this.settleHolding(booking, now) : booking;
      if (settled.state !== 'held' && settled.state !== 'confirmed') return { outcome: 'lapsed', booking: settled };
    }
    const { decision, won } = await this.decide(reference, 'settle', 'confirmed', orderId, now);
    const applied = await this.apply(booking, decision, now);
    if (decision.outcome !== 'confirmed') return { outcome: 'lapsed', booking: applied };
    if (won) return { outcome: 'confirmed', booking: applied };
    // Confirmed before: by this order (its payment reported again), or free (nothing to pay).
    return { outcome: decision.orderId === orderId ? 'already' : 'lapsed', booking: applied };
  }

  /** Holds past their time: expired, their seats returned. Each expired once, by whichever host gets there. */
  async expireDue(now = new Date(), limit = 200): Promise<BookingDoc[]> {
    const due = await this.bookings.find({ state: 'held', holdUntil: { $lte: now } }, { limit, sort: { holdUntil: 1 } });
    const expired: BookingDoc[] = [];
    for (const booking of due) {
      const { decision, won } = await this.decide(booking._id, 'settle', 'expired', null, now);
      const applied = await this.apply(booking, decision, now);
      if (won) expired.push(applied);
    }
    // Bookings whose host died between taking the seats and saying so.
    for (const stuck of await this.bookings.find({ state: 'holding', stateAt: { $lte: new Date(now.getTime() - STUCK_MS) } }, { limit })) await this.settleHolding(stuck, now);
    // Lapsed or cancelled ones whose seats a crash kept.
    for (const kept of await this.bookings.find({ seatsReturned: false, stateAt: { $lte: new Date(now.getTime() - STUCK_MS) } }, { limit })) await this.returnSeats(kept);
    return expired;
  }

  /** The citizen cancels a confirmed or held booking: the seats go back; the refund due by the rules. */
  async cancel(reference: string, citizenKey: string, now = new Date()): Promise<{ outcome: 'cancelled' | 'not_found' | 'not_cancellable'; booking: BookingDoc | null; refundPaise: number }> {
    const booking = await this.bookings.findOne({ _id: reference, citizenKey });
    if (!booking) return { outcome: 'not_found', booking: null, refundPaise: 0 };
    if ((booking.state !== 'confirmed' && booking.state !== 'held') || booking.startsAt.getTime() <= now.getTime()) return { outcome: 'not_cancellable', booking, refundPaise: 0 };
    if (booking.state === 'held') {
      // Not paid: cancelled in place of a payment or an expiry, whichever would have come.
      const { decision, won } = await this.decide(reference, 'settle', 'cancelled', null, now);
      // Paid meanwhile: cancelled as a confirmed booking is.
      if (decision.outcome === 'confirmed') return this.cancel(reference, citizenKey, now);
      const applied = await this.apply(booking, decision, now);
      return { outcome: won ? 'cancelled' : 'not_cancellable', booking: applied, refundPaise: 0 };
    }
    const refundPaise = refundOnCancel(this.calendarOf(booking.service), booking.amountPaise, booking.startsAt, now);
    const { decision, won } = await this.decide(reference, 'cancel', 'cancelled', booking.orderId, now);
    if (!won) return { outcome: 'not_cancellable', booking: await this.get(reference), refundPaise: 0 };
    await this.setState(reference, { refundPaise }, now);
    const applied = await this.apply({ ...booking, refundPaise }, decision, now);
    return { outcome: 'cancelled', booking: applied, refundPaise };
  }

  get(reference: string): Promise<BookingDoc | null> {
    return this.bookings.findOne({ _id: reference });
  }

  /** Seats left in the booking's slot. */
  async remaining(booking: Pick<BookingDoc, 'slot' | 'service'>): Promise<number> {
    return this.calendarOf(booking.service).capacity - (await this.seats.countDocuments({ slot: booking.slot }));
  }

  ofCitizen(citizenKey: string, limit = 5): Promise<BookingDoc[]> {
    return this.bookings.find({ citizenKey, state: { $in: ['held', 'confirmed'] } }, { sort: { createdAt: -1 }, limit });
  }

  /** The place, kind, date and party size the answers give, checked against the calendar. */
  private read(calendar: Calendar, answers: Record<string, unknown>, now: Date): { resource: string; variant: string | null; date: string; units: number } {
    const resource = normalizeResource(answers[calendar.resource]);
    if (!resource) throw new BookingError('bad_resource', `the answer to ${calendar.resource} is not a place this service books`);
    const variant = calendar.variant ? String(answers[calendar.variant] ?? '') : null;
    if (calendar.variant && !/^[a-z0-9_]{1,40}$/.test(variant!)) throw new BookingError('bad_resource', `the answer to ${calendar.variant} is not an option`);
    const date = String(answers[calendar.date] ?? '');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw new BookingError('bad_date', `the answer to ${calendar.date} is not a date`);
    const today = todayInIndia(now);
    if (date < today) throw new BookingError('past', `${date} has passed`);
    const last = todayInIndia(new Date(now.getTime() + calendar.bookAheadDays * 86_400_000));
    if (date > last) throw new BookingError('too_far', `${date} is more than ${calendar.bookAheadDays} days ahead`);
    const units = calendar.units ? Number(answers[calendar.units]) : 1;
    if (!Number.isInteger(units) || units < 1 || units > calendar.maxUnits) throw new BookingError('bad_units', `one booking is for 1 to ${calendar.maxUnits} people`);
    return { resource, variant, date, units };
  }
}

function slotIdOf(service: string, resource: string, variant: string | null, date: string, time: string): string {
  return [service, resource, variant ?? '-', date, time].join('|');
}

function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = randomInt(0, i + 1);
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** A place as the citizen typed or chose it, as one key: "Guntur  SRO" and "guntur sro" are one office. */
export function normalizeResource(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const key = value.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  return key.length >= 1 && key.length <= 80 && !key.includes('|') ? key : null;
}
