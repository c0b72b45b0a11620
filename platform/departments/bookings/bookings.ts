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
import { randomInt } from 'node:crypto';
import type { ApplicantAddress } from '../applications/applications';
import { DuplicateKeyError, type Collection, type DocumentStore } from '../../store';
import { readableId } from '../../store/ids';
import { capacityOf, placeOf, pricePerUnit, refundOnCancel, slotStart, timesOf, todayInIndia, type Calendar, type Calendars } from './calendars';

export const SEATS_COLLECTION = 'booking_seats';
export const BOOKINGS_COLLECTION = 'bookings';
export const DECISIONS_COLLECTION = 'booking_decisions';
/** A booking left `holding` this long (its host died mid-hold) is finished by the sweep. */
const STUCK_MS = 60_000;
/** Random seat numbers tried before the taken ones are read to find the free ones. */
const BLIND_TRIES = 4;
/**
 * Rounds of reading the free seats and trying them before giving up on a slot that is not full
 * but where every try collides (an error, not "full": full is said only when the seats are gone).
 */
const MAX_ROUNDS = 500;
/** How long a party waits out other parties racing for the same last seats before it is told full. */
const RACE_PATIENCE_MS = 3_000;
/** Seats are kept a week past their slot; bookings and their decisions (the record) a year. */
const SEAT_RETENTION_MS = 7 * 86_400_000;
const BOOKING_RETENTION_MS = 365 * 86_400_000;
const RECORD_RETENTION_MS = BOOKING_RETENTION_MS;
/** Seats taken this recently are checked against their booking's decisions by the sweep (a run that died mid-take). */
const RECENT_SEATS_MS = 10 * 60_000;
/** Open bookings (held or confirmed) one citizen may have for one service on one day. */
export const MAX_OPEN_PER_DAY = 2;

export type BookingState = 'holding' | 'held' | 'confirmed' | 'expired' | 'cancelled' | 'full';

export interface SeatDoc {
  /** <slot>#<seat number>. */
  _id: string;
  [key: string]: unknown;
  slot: string;
  seat: number;
  booking: string;
  at: Date;
  expiresAt: Date;
}

/**
 * A step of a booking's fate, decided once: whoever inserts it first. hold: held or full (the
 * seats were taken or not); settle: confirmed (paid, or free), expired, or cancelled unpaid;
 * cancel: a confirmed booking cancelled, with the refund the rules gave.
 */
export interface DecisionDoc {
  /** <reference>/<step>. */
  _id: string;
  [key: string]: unknown;
  booking: string;
  step: 'hold' | 'settle' | 'cancel';
  outcome: 'held' | 'full' | 'confirmed' | 'expired' | 'cancelled';
  orderId: string | null;
  at: Date;
  expiresAt: Date;
  refundPaise?: number;
  /** cancel: false until the refund is recorded (the sweep hands back those a crash left). */
  applied?: boolean;
  /** hold: until when the seats are held for payment. */
  holdUntil?: Date;
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
  /** The record is kept a year past the slot. */
  expiresAt: Date;
}

export class BookingError extends Error {
  constructor(
    /** What is wrong, as a text key under bookings.problem.* the flow can say. */
    readonly problem: 'no_calendar' | 'bad_date' | 'too_far' | 'past' | 'bad_units' | 'bad_time' | 'bad_resource' | 'too_many',
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

/** BK-7K2M9QX4TB. */
export function newBookingReference(): string {
  return readableId('BK');
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
    /** Whether a value is one of a choice input's options; null for an input that is not a choice. */
    private readonly isOption: (service: string, input: string, value: string) => boolean | null = () => null,
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
    await this.bookings.createIndex({ keys: { citizenKey: 1, service: 1, date: 1 }, name: 'open_per_day' });
    await this.bookings.createIndex({ keys: { seatsReturned: 1, stateAt: 1 }, name: 'seats_to_return' });
    await this.bookings.createIndex({ keys: { expiresAt: 1 }, expireAfterSeconds: 0, name: 'kept_a_year' });
    await this.seats.createIndex({ keys: { slot: 1 }, name: 'by_slot' });
    await this.seats.createIndex({ keys: { booking: 1 }, name: 'by_booking' });
    await this.seats.createIndex({ keys: { at: 1 }, name: 'recent' });
    await this.seats.createIndex({ keys: { expiresAt: 1 }, expireAfterSeconds: 0, name: 'past_slots' });
    await this.decisions.createIndex({ keys: { booking: 1 }, name: 'by_booking' });
    await this.decisions.createIndex({ keys: { step: 1, applied: 1, at: 1 }, name: 'cancellations_to_finish' });
    await this.decisions.createIndex({ keys: { expiresAt: 1 }, expireAfterSeconds: 0, name: 'past_records' });
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
    const open = Object.entries(timesOf(calendar, resource)).filter(([, time]) => slotStart(date, time).getTime() > now.getTime());
    const offers = await Promise.all(open.map(async ([timeId, time]) => ({ timeId, time, remaining: capacityOf(calendar, resource) - (await this.seats.countDocuments({ slot: slotIdOf(service, resource, variant, date, time) })) })));
    return offers.filter((o) => o.remaining >= units).sort((a, b) => a.time.localeCompare(b.time));
  }

  /**
   * Holds seats for the request (or confirms at once when the booking is free): the booking for
   * this request, made now or by an earlier try of the same message.
   */
  async hold(request: HoldRequest, now = new Date()): Promise<BookingDoc> {
    const existing = await this.bookings.findOne({ requestKey: request.requestKey });
    if (existing) return existing.state === 'holding' ? this.settleHolding(existing, now) : this.sync(existing, now);
    const calendar = this.calendarOf(request.service);
    const { resource, variant, date, units } = this.read(calendar, request.answers, now);
    const timeId = calendar.timeInput ? String(request.answers[calendar.timeInput] ?? '') : (request.timeId ?? '');
    const times = timesOf(calendar, resource);
    const time = Object.hasOwn(times, timeId) ? times[timeId] : undefined;
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
      amountPaise: pricePerUnit(calendar, variant, resource) * units,
      state: 'holding',
      stateAt: now,
      holdUntil: null,
      citizenKey: request.citizenKey,
      citizen: request.citizen,
      language: request.language,
      requestKey: request.requestKey,
      createdAt: now,
      orderId: null,
      expiresAt: new Date(startsAt.getTime() + BOOKING_RETENTION_MS),
    };
    // A cap per citizen, so no one holds a day's seats with unpaid bookings (counted, not locked: a
    // double tap is one request and finds its booking above).
    const open = await this.bookings.countDocuments({ citizenKey: request.citizenKey, service: request.service, date, state: { $in: ['holding', 'held', 'confirmed'] } });
    if (open >= MAX_OPEN_PER_DAY) throw new BookingError('too_many', `${MAX_OPEN_PER_DAY} open bookings of ${request.service} on ${date} already`);
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

  /** Takes the booking's seats and decides its hold (held or full) once; a free one is confirmed with it. */
  private async take(booking: BookingDoc, calendar: Calendar, now: Date): Promise<BookingDoc> {
    const seats = await this.takeSeats(booking, capacityOf(calendar, booking.resource), now);
    await this.decide(booking, 'hold', seats ? 'held' : 'full', now, { orderId: null, holdUntil: new Date(now.getTime() + calendar.holdMinutes * 60_000) });
    return this.sync(booking, now);
  }

  /**
   * The booking's seats, taken one by one under unique ids: a random free number first (two
   * requests rarely want the same one), the taken ones read when that fails. Null when the slot
   * has fewer left than the booking needs.
   */
  private async takeSeats(booking: BookingDoc, capacity: number, now: Date): Promise<number[] | null> {
    const own = async () => (await this.seats.find({ booking: booking._id }, { projection: { seat: 1 } })).map((s) => s.seat).sort((a, b) => a - b);
    let mine = await own();
    let blind = BLIND_TRIES;
    const patience = Date.now() + RACE_PATIENCE_MS;
    for (let round = 0; mine.length < booking.units && round < MAX_ROUNDS; round++) {
      let candidates: number[];
      if (blind > 0) {
        candidates = [randomInt(1, capacity + 1)];
        blind--;
      } else {
        const held = await this.seats.find({ slot: booking.slot }, { projection: { seat: 1, booking: 1 } });
        const taken = new Set(held.map((s) => s.seat));
        const free = [];
        for (let n = 1; n <= capacity; n++) if (!taken.has(n)) free.push(n);
        if (free.length < booking.units - mine.length) {
          // Parties racing for the last seats may each hold a part: while another booking is still
          // being taken, ours gives its part back and tries again a moment later, rather than both
          // saying full with seats left. Full when no other is in progress, or after a few seconds.
          const others = [...new Set(held.map((s) => s.booking).filter((b) => b !== booking._id))];
          const racing = others.length > 0 && (await this.bookings.countDocuments({ _id: { $in: others }, state: 'holding' })) > 0;
          if (!racing || Date.now() > patience) return null;
          await this.seats.deleteMany({ booking: booking._id });
          mine = [];
          await new Promise((r) => setTimeout(r, randomInt(5, 40)));
          continue;
        }
        candidates = shuffled(free).slice(0, booking.units - mine.length);
      }
      for (const seat of candidates) {
        try {
          await this.seats.insertOne({ _id: `${booking.slot}#${seat}`, slot: booking.slot, seat, booking: booking._id, at: now, expiresAt: new Date(booking.startsAt.getTime() + SEAT_RETENTION_MS) });
        } catch (err) {
          if (!(err instanceof DuplicateKeyError)) throw err;
        }
      }
      // Read back: another run of the same request may be taking seats for it too.
      mine = await own();
    }
    if (mine.length < booking.units) throw new Error(`booking ${booking._id}: no free seat of ${booking.slot} could be taken in ${MAX_ROUNDS} rounds; try again`);
    return mine;
  }

  /** Records a step of the booking's fate under its unique id: won, or what another run decided first. */
  private async decide(booking: Pick<BookingDoc, '_id' | 'startsAt'>, step: DecisionDoc['step'], outcome: DecisionDoc['outcome'], now: Date, extra: Pick<DecisionDoc, 'orderId' | 'refundPaise' | 'holdUntil'> = { orderId: null }): Promise<{ decision: DecisionDoc; won: boolean }> {
    const decision: DecisionDoc = {
      _id: `${booking._id}/${step}`,
      booking: booking._id,
      step,
      outcome,
      orderId: extra.orderId ?? null,
      at: now,
      expiresAt: new Date(booking.startsAt.getTime() + RECORD_RETENTION_MS),
      ...(extra.holdUntil ? { holdUntil: extra.holdUntil } : {}),
      ...(extra.refundPaise !== undefined ? { refundPaise: extra.refundPaise, applied: false } : {}),
    };
    try {
      return { decision: await this.decisions.insertOne(decision), won: true };
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      return { decision: (await this.decisions.findOne({ _id: decision._id }))!, won: false };
    }
  }

  /** The booking's state as its decisions make it: holding (no hold decided yet), held, confirmed, expired, cancelled or full. */
  private async fateOf(reference: string): Promise<{ state: BookingState; hold: DecisionDoc | null; settle: DecisionDoc | null; cancel: DecisionDoc | null }> {
    const decided = await this.decisions.find({ booking: reference });
    const of = (step: DecisionDoc['step']) => decided.find((d) => d.step === step) ?? null;
    const [hold, settle, cancel] = [of('hold'), of('settle'), of('cancel')];
    const state: BookingState = !hold ? 'holding' : hold.outcome === 'full' ? 'full' : !settle ? 'held' : settle.outcome === 'confirmed' ? (cancel ? 'cancelled' : 'confirmed') : settle.outcome === 'expired' ? 'expired' : 'cancelled';
    return { state, hold, settle, cancel };
  }

  /**
   * Brings the booking's document in line with its decisions (every run, host and sweep that
   * touches it converges here): its state, seats, hold time and order; its seats back when it
   * no longer holds them; a free booking's confirmation, if the run that held it died before it.
   * A decision made while this run wrote (a cancellation racing a payment's retry) is caught by
   * reading them again after the write, and written again.
   */
  private async sync(booking: BookingDoc, now: Date): Promise<BookingDoc> {
    for (let round = 0; ; round++) {
      const fate = await this.fateOf(booking._id);
      // No hold decided (never, or a record older than its decisions): nothing to say about it here.
      if (fate.state === 'holding') return (await this.bookings.findOne({ _id: booking._id })) ?? booking;
      if (fate.state === 'held' && booking.amountPaise === 0) {
        await this.decide(booking, 'settle', 'confirmed', now);
        continue;
      }
      const holds = fate.state === 'held' || fate.state === 'confirmed';
      const set: Partial<BookingDoc> = { state: fate.state, stateAt: (fate.cancel ?? fate.settle ?? fate.hold)!.at };
      set.holdUntil = fate.state === 'held' ? (fate.hold!.holdUntil ?? null) : null;
      if (fate.settle?.orderId) set.orderId = fate.settle.orderId;
      if (fate.cancel) set.refundPaise = fate.cancel.refundPaise ?? 0;
      if (holds) {
        const seats = (await this.seats.find({ booking: booking._id }, { projection: { seat: 1 } })).map((s) => s.seat).sort((a, b) => a - b);
        // Two runs of one request may both have taken seats: the lowest are kept, by both.
        for (const extra of seats.slice(booking.units)) await this.seats.deleteOne({ _id: `${booking.slot}#${extra}`, booking: booking._id });
        set.seats = seats.slice(0, booking.units);
      } else if (booking.seatsReturned !== true) set.seatsReturned = false;
      await this.bookings.updateOne({ _id: booking._id }, { $set: set });
      if (!holds) await this.returnSeats(booking);
      const after = await this.fateOf(booking._id);
      if (after.state === fate.state || round >= 3) return (await this.bookings.findOne({ _id: booking._id }))!;
    }
  }

  /** A booking its host left `holding`: finished here (a retry of the same message, or the sweep). */
  private async settleHolding(booking: BookingDoc, now: Date): Promise<BookingDoc> {
    if (now.getTime() - booking.stateAt.getTime() < STUCK_MS) {
      // Its host is probably still at it: wait a little for its outcome.
      for (let i = 0; i < 40; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const seen = await this.bookings.findOne({ _id: booking._id });
        if (seen && seen.state !== 'holding') return seen;
      }
    }
    if ((await this.fateOf(booking._id)).hold) return this.sync(booking, now);
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

  /**
   * The payment for a held booking came: confirmed; already confirmed by it; lapsed (the hold
   * expired, or the slot was full: refund); or cancelled since (its refund was the cancellation's).
   */
  async confirm(reference: string, orderId: string, now = new Date()): Promise<{ outcome: 'confirmed' | 'already' | 'lapsed' | 'cancelled'; booking: BookingDoc | null }> {
    let booking = await this.bookings.findOne({ _id: reference });
    if (!booking) return { outcome: 'lapsed', booking: null };
    if (booking.state === 'holding') booking = await this.settleHolding(booking, now);
    const fate = await this.fateOf(reference);
    if (fate.hold?.outcome !== 'held') return { outcome: 'lapsed', booking: await this.sync(booking, now) };
    const { decision, won } = await this.decide(booking, 'settle', 'confirmed', now, { orderId });
    const synced = await this.sync(booking, now);
    if (decision.outcome !== 'confirmed') return { outcome: 'lapsed', booking: synced };
    if ((await this.fateOf(reference)).cancel) return { outcome: 'cancelled', booking: synced };
    if (won) return { outcome: 'confirmed', booking: synced };
    return { outcome: decision.orderId === orderId ? 'already' : 'lapsed', booking: synced };
  }

  /**
   * The sweep: holds past their time expire (each once, whichever host gets there), and what a
   * dead host left is finished: bookings still holding, seats kept by a booking that no longer
   * holds them, and cancellations whose refund was not recorded (returned for the caller to refund).
   */
  async expireDue(now = new Date(), limit = 200): Promise<{ expired: BookingDoc[]; cancellations: BookingDoc[]; problems: number }> {
    let problems = 0;
    // One booking that fails (its calendar removed, the store failing) is counted and passed over, not the whole sweep.
    const each = async <T>(items: T[], work: (item: T) => Promise<void>) => {
      for (const item of items) await work(item).catch(() => problems++);
    };
    const expired: BookingDoc[] = [];
    await each(await this.bookings.find({ state: 'held', holdUntil: { $lte: now } }, { limit, sort: { holdUntil: 1 } }), async (booking) => {
      // A free booking is never waiting for a payment: held only because its run died before confirming it.
      if (booking.amountPaise === 0) return void (await this.sync(booking, now));
      const { won } = await this.decide(booking, 'settle', 'expired', now);
      const synced = await this.sync(booking, now);
      if (won) expired.push(synced);
    });
    const stale = new Date(now.getTime() - STUCK_MS);
    await each(await this.bookings.find({ state: 'holding', stateAt: { $lte: stale } }, { limit, sort: { stateAt: 1 } }), async (stuck) => void (await this.settleHolding(stuck, now)));
    await each(await this.bookings.find({ seatsReturned: false, stateAt: { $lte: stale } }, { limit, sort: { stateAt: 1 } }), async (kept) => void (await this.sync(kept, now)));
    // Seats a run took after its booking was decided full or lapsed (and then died): returned by the booking's sync.
    const recent = await this.seats.find({ at: { $gte: new Date(now.getTime() - RECENT_SEATS_MS), $lte: stale } }, { projection: { booking: 1 }, limit: 2_000 });
    await each([...new Set(recent.map((s) => s.booking))], async (reference) => {
      const booking = await this.get(reference);
      if (booking && booking.state !== 'held' && booking.state !== 'confirmed') await this.sync(booking, now);
    });
    const cancellations: BookingDoc[] = [];
    await each(await this.decisions.find({ step: 'cancel', applied: false, at: { $lte: stale } }, { limit, sort: { at: 1 } }), async (decision) => {
      const booking = await this.get(decision.booking);
      if (booking) cancellations.push(await this.sync(booking, now));
    });
    return { expired, cancellations, problems };
  }

  /** The cancellation's refund is recorded (with the gateway, or none was due): the sweep leaves it. */
  async cancellationDone(reference: string): Promise<void> {
    await this.decisions.updateOne({ _id: `${reference}/cancel` }, { $set: { applied: true } });
  }

  /**
   * The citizen cancels a held or confirmed booking before it starts: the seats go back; for a
   * confirmed one the refund the rules give is decided with the cancellation (the caller makes
   * it, then calls cancellationDone; the sweep hands back any it did not). Asking again after a
   * crash finishes it.
   */
  async cancel(reference: string, citizenKey: string, now = new Date()): Promise<{ outcome: 'cancelled' | 'not_found' | 'not_cancellable'; booking: BookingDoc | null; refundPaise: number }> {
    const found = await this.bookings.findOne({ _id: reference, citizenKey });
    if (!found) return { outcome: 'not_found', booking: null, refundPaise: 0 };
    if (found.startsAt.getTime() <= now.getTime()) return { outcome: 'not_cancellable', booking: found, refundPaise: 0 };
    const booking = await this.sync(found, now);
    if (booking.state === 'held') {
      // Not paid: cancelled in place of a payment or an expiry, whichever would have come.
      const { decision, won } = await this.decide(booking, 'settle', 'cancelled', now);
      const synced = await this.sync(booking, now);
      if (decision.outcome !== 'confirmed') return { outcome: won ? 'cancelled' : 'not_cancellable', booking: synced, refundPaise: 0 };
      // Paid meanwhile: cancelled as a confirmed booking is, below.
      return this.cancelConfirmed(synced, now);
    }
    if (booking.state === 'confirmed') return this.cancelConfirmed(booking, now);
    // Cancelled before and its refund not yet recorded (a crash): finished now.
    const pending = await this.decisions.findOne({ _id: `${reference}/cancel`, applied: false });
    if (pending) return { outcome: 'cancelled', booking, refundPaise: pending.refundPaise ?? 0 };
    return { outcome: 'not_cancellable', booking, refundPaise: 0 };
  }

  private async cancelConfirmed(booking: BookingDoc, now: Date): Promise<{ outcome: 'cancelled' | 'not_cancellable'; booking: BookingDoc; refundPaise: number }> {
    const refundPaise = refundOnCancel(this.calendarOf(booking.service), booking.amountPaise, booking.startsAt, now);
    const { decision, won } = await this.decide(booking, 'cancel', 'cancelled', now, { orderId: booking.orderId, refundPaise });
    const synced = await this.sync(booking, now);
    return { outcome: won || decision.applied === false ? 'cancelled' : 'not_cancellable', booking: synced, refundPaise: decision.refundPaise ?? 0 };
  }

  get(reference: string): Promise<BookingDoc | null> {
    return this.bookings.findOne({ _id: reference });
  }

  /** Seats left in the booking's slot. */
  async remaining(booking: Pick<BookingDoc, 'slot' | 'service' | 'resource'>): Promise<number> {
    return capacityOf(this.calendarOf(booking.service), booking.resource) - (await this.seats.countDocuments({ slot: booking.slot }));
  }

  ofCitizen(citizenKey: string, limit = 5): Promise<BookingDoc[]> {
    return this.bookings.find({ citizenKey, state: { $in: ['held', 'confirmed'] } }, { sort: { createdAt: -1 }, limit });
  }

  /** The place, kind, date and party size the answers give, checked against the calendar. */
  private read(calendar: Calendar, answers: Record<string, unknown>, now: Date): { resource: string; variant: string | null; date: string; units: number } {
    // A place chosen from a list must be one of its options; a place typed (an office) is taken as
    // typed; a route is its parts, each as citizens say it ("vizag"), and must be one the calendar runs.
    const parts = [calendar.resource].flat().map((input) => {
      const said = normalizeResource(answers[input]);
      return said && calendar.aliases && Object.hasOwn(calendar.aliases, said) ? calendar.aliases[said]! : said;
    });
    const resource = parts.every(Boolean) ? parts.join('-') : null;
    const single = typeof calendar.resource === 'string' ? calendar.resource : null;
    if (!resource || (single && this.isOption(calendar.service, single, resource) === false) || (calendar.resources && !placeOf(calendar, resource))) {
      throw new BookingError('bad_resource', `the answer to ${[calendar.resource].flat().join(' and ')} is not a place this service books`);
    }
    const variant = calendar.variant ? String(answers[calendar.variant] ?? '') : null;
    if (calendar.variant && (!/^[a-z0-9_]{1,40}$/.test(variant!) || this.isOption(calendar.service, calendar.variant, variant!) === false)) throw new BookingError('bad_resource', `the answer to ${calendar.variant} is not an option`);
    const date = String(answers[calendar.date] ?? '');
    // Canonical only: 2025-02-30 is not read as 2 March.
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`)) || new Date(`${date}T00:00:00Z`).toISOString().slice(0, 10) !== date) throw new BookingError('bad_date', `the answer to ${calendar.date} is not a date`);
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
