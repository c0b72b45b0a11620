/**
 * Bookings with capacity: a seat in a slot (a temple's darshan at 08:00 on a date, an office's
 * appointment) is held while the citizen pays, confirmed by the payment, and returned when the
 * hold lapses or a confirmed booking is cancelled.
 *
 * Capacity is a counter on the slot's document: a hold is one conditional update that takes
 * seats only while enough remain (`remaining >= n`), so no two requests (on any number of hosts
 * sharing the store) can take the last seat twice. The slot also lists the bookings holding its
 * seats, which makes taking and returning idempotent: a retry after a crash neither takes a
 * second seat nor returns one twice.
 *
 * A booking moves holding → held → confirmed (→ cancelled), or held → expired; full when no
 * seat was left. Every move is conditional on the state it leaves, so a payment racing the
 * hold's expiry ends one way only: confirmed, or expired (and the payment refunded).
 */
import { randomBytes } from 'node:crypto';
import type { ApplicantAddress } from '../applications/applications';
import { DuplicateKeyError, type Collection, type DocumentStore } from '../../store';
import { pricePerUnit, refundOnCancel, slotStart, todayInIndia, type Calendar, type Calendars } from './calendars';

export const SLOTS_COLLECTION = 'booking_slots';
export const BOOKINGS_COLLECTION = 'bookings';
/** A booking left `holding` this long (its host died mid-hold) is undone by the sweep. */
const STUCK_HOLDING_MS = 60_000;

export type BookingState = 'holding' | 'held' | 'confirmed' | 'expired' | 'cancelled' | 'full';

export interface SlotDoc {
  [key: string]: unknown;
  _id: string;
  service: string;
  resource: string;
  variant: string | null;
  date: string;
  time: string;
  capacity: number;
  remaining: number;
  /** The bookings holding seats here. */
  holders: string[];
}

export interface BookingDoc {
  [key: string]: unknown;
  _id: string;
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
  /** The order that paid for it. */
  orderId: string | null;
  refundPaise?: number;
  /** Expired or cancelled: false until its seats are back in the slot (a crash in between is finished by the sweep). */
  seatsReturned?: boolean;
}

export class BookingError extends Error {
  constructor(
    /** What is wrong, as a text key under bookings.* the flow can say. */
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
  return match ? `BK-${match[1].toUpperCase()}` : null;
}

export class Bookings {
  readonly slots: Collection<SlotDoc>;
  readonly bookings: Collection<BookingDoc>;

  constructor(
    store: DocumentStore,
    readonly calendars: Calendars,
  ) {
    this.slots = store.collection<SlotDoc>(SLOTS_COLLECTION);
    this.bookings = store.collection<BookingDoc>(BOOKINGS_COLLECTION);
  }

  async init(): Promise<void> {
    await this.bookings.createIndex({ keys: { requestKey: 1 }, unique: true, name: 'one_booking_per_request' });
    await this.bookings.createIndex({ keys: { state: 1, holdUntil: 1 }, name: 'holds_due' });
    await this.bookings.createIndex({ keys: { citizenKey: 1, createdAt: -1 }, name: 'by_citizen' });
    await this.slots.createIndex({ keys: { service: 1, resource: 1, variant: 1, date: 1 }, name: 'by_day' });
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
    const taken = new Map((await this.slots.find({ service, resource, variant, date }, { projection: { time: 1, remaining: 1 } })).map((s) => [s.time, s.remaining]));
    return Object.entries(calendar.times)
      .filter(([, time]) => slotStart(date, time).getTime() > now.getTime())
      .map(([timeId, time]) => ({ timeId, time, remaining: taken.get(time) ?? calendar.capacity }))
      .filter((o) => o.remaining >= units)
      .sort((a, b) => a.time.localeCompare(b.time));
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
    const slotId = [request.service, resource, variant ?? '-', date, time].join('|');
    const booking: BookingDoc = {
      _id: newBookingReference(),
      service: request.service,
      department: request.department,
      slot: slotId,
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
    await this.ensureSlot(calendar, { slotId, resource, variant, date, time });
    return this.take(booking, calendar, now);
  }

  /** Takes the seats (once: the slot lists its holders) and moves the booking on. */
  private async take(booking: BookingDoc, calendar: Calendar, now: Date): Promise<BookingDoc> {
    const took = await this.slots.findOneAndUpdate({ _id: booking.slot, remaining: { $gte: booking.units }, holders: { $ne: booking._id } }, { $inc: { remaining: -booking.units }, $push: { holders: booking._id } });
    const holds = took !== null || (await this.slots.countDocuments({ _id: booking.slot, holders: booking._id })) === 1;
    const free = booking.amountPaise === 0;
    const next: Partial<BookingDoc> = !holds
      ? { state: 'full', stateAt: now }
      : free
        ? { state: 'confirmed', stateAt: now }
        : { state: 'held', stateAt: now, holdUntil: new Date(now.getTime() + calendar.holdMinutes * 60_000) };
    const moved = await this.bookings.findOneAndUpdate({ _id: booking._id, state: 'holding' }, { $set: next }, { returnDocument: 'after' });
    return moved ?? (await this.bookings.findOne({ _id: booking._id }))!;
  }

  /** A booking its host left `holding`: finished here (a retry of the same message, or the sweep). */
  private async settleHolding(booking: BookingDoc, now: Date): Promise<BookingDoc> {
    if (now.getTime() - booking.stateAt.getTime() < STUCK_HOLDING_MS) {
      // Its host is probably still at it: wait a little for its outcome.
      for (let i = 0; i < 20; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const seen = await this.bookings.findOne({ _id: booking._id });
        if (seen && seen.state !== 'holding') return seen;
      }
    }
    return this.take(booking, this.calendarOf(booking.service), now);
  }

  private async ensureSlot(calendar: Calendar, s: { slotId: string; resource: string; variant: string | null; date: string; time: string }): Promise<void> {
    try {
      await this.slots.updateOne(
        { _id: s.slotId },
        { $setOnInsert: { service: calendar.service, resource: s.resource, variant: s.variant, date: s.date, time: s.time, capacity: calendar.capacity, remaining: calendar.capacity, holders: [] } },
        { upsert: true },
      );
    } catch (err) {
      // Two first bookings of a slot at once: the other made it.
      if (!(err instanceof DuplicateKeyError)) throw err;
    }
  }

  /** Returns the booking's seats to its slot, once. */
  private async release(booking: BookingDoc): Promise<void> {
    await this.slots.updateOne({ _id: booking.slot, holders: booking._id }, { $inc: { remaining: booking.units }, $pull: { holders: booking._id } });
    await this.bookings.updateOne({ _id: booking._id }, { $set: { seatsReturned: true } });
  }

  async attachOrder(reference: string, orderId: string): Promise<void> {
    await this.bookings.updateOne({ _id: reference, orderId: null }, { $set: { orderId } });
  }

  /** The payment for a held booking came: confirmed, already confirmed, or too late (the hold lapsed: refund). */
  async confirm(reference: string, orderId: string, now = new Date()): Promise<{ outcome: 'confirmed' | 'already' | 'lapsed'; booking: BookingDoc | null }> {
    const confirmed = await this.bookings.findOneAndUpdate({ _id: reference, state: 'held' }, { $set: { state: 'confirmed', stateAt: now, orderId } }, { returnDocument: 'after' });
    if (confirmed) return { outcome: 'confirmed', booking: confirmed };
    const booking = await this.bookings.findOne({ _id: reference });
    if (booking?.state === 'confirmed' && booking.orderId === orderId) return { outcome: 'already', booking };
    return { outcome: 'lapsed', booking };
  }

  /** Holds past their time: expired, their seats returned. Each expired once, by whichever host gets there. */
  async expireDue(now = new Date(), limit = 200): Promise<BookingDoc[]> {
    const due = await this.bookings.find({ state: 'held', holdUntil: { $lte: now } }, { limit, sort: { holdUntil: 1 } });
    const expired: BookingDoc[] = [];
    for (const candidate of due) {
      const booking = await this.bookings.findOneAndUpdate({ _id: candidate._id, state: 'held', holdUntil: { $lte: now } }, { $set: { state: 'expired', stateAt: now, seatsReturned: false } }, { returnDocument: 'after' });
      if (!booking) continue;
      await this.release(booking);
      expired.push(booking);
    }
    // Bookings whose host died between taking the seat and saying so.
    for (const stuck of await this.bookings.find({ state: 'holding', stateAt: { $lte: new Date(now.getTime() - STUCK_HOLDING_MS) } }, { limit })) await this.settleHolding(stuck, now);
    // Expired or cancelled ones whose seats a crash kept: returned now (release is idempotent).
    for (const kept of await this.bookings.find({ seatsReturned: false, stateAt: { $lte: new Date(now.getTime() - STUCK_HOLDING_MS) } }, { limit })) await this.release(kept);
    return expired;
  }

  /** The citizen cancels a confirmed or held booking: the seats go back; the refund due by the rules. */
  async cancel(reference: string, citizenKey: string, now = new Date()): Promise<{ outcome: 'cancelled' | 'not_found' | 'not_cancellable'; booking: BookingDoc | null; refundPaise: number }> {
    const booking = await this.bookings.findOne({ _id: reference, citizenKey });
    if (!booking) return { outcome: 'not_found', booking: null, refundPaise: 0 };
    if ((booking.state !== 'confirmed' && booking.state !== 'held') || booking.startsAt.getTime() <= now.getTime()) return { outcome: 'not_cancellable', booking, refundPaise: 0 };
    const refundPaise = booking.state === 'confirmed' ? refundOnCancel(this.calendarOf(booking.service), booking.amountPaise, booking.startsAt, now) : 0;
    const cancelled = await this.bookings.findOneAndUpdate({ _id: reference, state: booking.state }, { $set: { state: 'cancelled', stateAt: now, refundPaise, seatsReturned: false } }, { returnDocument: 'after' });
    if (!cancelled) return this.cancel(reference, citizenKey, now);
    await this.release(cancelled);
    return { outcome: 'cancelled', booking: cancelled, refundPaise };
  }

  get(reference: string): Promise<BookingDoc | null> {
    return this.bookings.findOne({ _id: reference });
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

/** A place as the citizen typed or chose it, as one key: "Guntur  SRO" and "guntur sro" are one office. */
export function normalizeResource(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const key = value.normalize('NFKC').trim().toLowerCase().replace(/\s+/g, ' ');
  return key.length >= 1 && key.length <= 80 && !key.includes('|') ? key : null;
}
