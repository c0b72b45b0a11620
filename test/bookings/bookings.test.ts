/**
 * Bookings on a real store (embedded, and FerretDB with two connections as two hosts would have):
 * capacity under concurrent holds, a double tap, holds that lapse, a payment after the lapse,
 * cancellation and its refund rules, and a host that died mid-hold.
 */
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Bookings, type HoldRequest } from '../../platform/departments/bookings/bookings';
import { Calendars, refundOnCancel } from '../../platform/departments/bookings/calendars';
import { ServiceCatalog } from '../../platform/departments/catalog';
import { defaultFlowsDir } from '../../platform/paths';
import { createStore, type DocumentStore } from '../../platform/store';
import { describeWith, serviceUrl, tempDir } from '../support/services';

const catalog = ServiceCatalog.load(path.join(defaultFlowsDir, 'catalog', 'services.json'));
const base = {
  ticket: { en: 'Darshan ticket', te: 'దర్శనం టికెట్' },
  resource: 'temple',
  variant: 'darshan_type',
  date: 'visit_date',
  units: 'persons',
  timeInput: null,
  times: { t0600: '06:00', t0800: '08:00' },
  capacity: 50,
  maxUnits: 6,
  pricePaise: { default: 30000, sarva_darshan: 0 },
  holdMinutes: 20,
  bookAheadDays: 60,
  refund: { fullBeforeHours: 48, partialBeforeHours: 24, partialPercent: 50 },
};
const calendars = Calendars.parse({ version: 1, calendars: { darshan_slot: base } }, catalog);
const inDays = (days: number, now = new Date()) => new Date(now.getTime() + 330 * 60_000 + days * 86_400_000).toISOString().slice(0, 10);

function request(i: number, over: Partial<HoldRequest> = {}, answers: Record<string, unknown> = {}): HoldRequest {
  const waId = `9198${String(70_000_000 + i)}`;
  return {
    service: 'darshan_slot',
    department: 'endowments',
    answers: { temple: 'srisailam', visit_date: inDays(5), darshan_type: 'special_entry', persons: 1, ...answers },
    timeId: 't0800',
    citizenKey: `100/${waId}`,
    citizen: { phoneNumberId: '100', wa_id: waId, user_id: null, profile_name: null },
    language: 'en',
    requestKey: `100/${waId}:wamid.${i}`,
    ...over,
  };
}

function bookingsContract(name: string, stores: () => Promise<DocumentStore[]>) {
  describe(name, () => {
    let opened: DocumentStore[] = [];
    let hosts: Bookings[] = [];
    beforeEach(async () => {
      opened = await stores();
      hosts = opened.map((s) => new Bookings(s, calendars));
      for (const b of hosts) await b.init();
    });
    afterEach(async () => {
      for (const s of opened) await s.close();
    });

    it('gives 50 seats to exactly 50 of 200 concurrent requests, across the hosts, and confirms exactly those', async () => {
      const made = await Promise.all(Array.from({ length: 200 }, (_, i) => hosts[i % hosts.length]!.hold(request(i))));
      const held = made.filter((b) => b.state === 'held');
      expect(held).toHaveLength(50);
      expect(made.filter((b) => b.state === 'full')).toHaveLength(150);
      expect(await hosts[0]!.remaining(held[0]!)).toBe(0);
      const seats = await hosts[0]!.seats.find({ slot: held[0]!.slot });
      expect(seats).toHaveLength(50);
      expect(new Set(seats.map((s) => s.booking))).toEqual(new Set(held.map((b) => b._id)));
      expect(new Set(held.flatMap((b) => b.seats!)).size).toBe(50);
      // Each held one paid, some payments reported twice, on both hosts at once.
      const confirmed = await Promise.all(held.flatMap((b, i) => [hosts[i % hosts.length]!.confirm(b._id, `ORD-${i}`), hosts[(i + 1) % hosts.length]!.confirm(b._id, `ORD-${i}`)]));
      expect(confirmed.filter((c) => c.outcome === 'confirmed')).toHaveLength(50);
      expect(confirmed.filter((c) => c.outcome === 'already')).toHaveLength(50);
      expect(await hosts[0]!.bookings.countDocuments({ state: 'confirmed' })).toBe(50);
      // Full ones cannot be confirmed by a payment.
      expect((await hosts[0]!.confirm(made.find((b) => b.state === 'full')!._id, 'ORD-x')).outcome).toBe('lapsed');
    }, 120_000);

    it('holds once for a double tap, and takes a party of four as four seats', async () => {
      const [a, b] = await Promise.all([hosts[0]!.hold(request(1, {}, { persons: 4 })), hosts[hosts.length - 1]!.hold(request(1, {}, { persons: 4 }))]);
      expect(a._id).toBe(b._id);
      expect(a.amountPaise).toBe(120_000);
      expect(await hosts[0]!.remaining(a)).toBe(46);
      expect(a.seats).toHaveLength(4);
      expect(await hosts[0]!.bookings.countDocuments({})).toBe(1);
    });

    it('confirms a free booking at once and refuses what the calendar does not take', async () => {
      const free = await hosts[0]!.hold(request(2, {}, { darshan_type: 'sarva_darshan', persons: 2 }));
      expect(free).toMatchObject({ state: 'confirmed', amountPaise: 0, holdUntil: null });
      await expect(hosts[0]!.hold(request(3, {}, { persons: 7 }))).rejects.toMatchObject({ problem: 'bad_units' });
      await expect(hosts[0]!.hold(request(4, {}, { visit_date: inDays(61) }))).rejects.toMatchObject({ problem: 'too_far' });
      await expect(hosts[0]!.hold(request(5, {}, { visit_date: inDays(-1) }))).rejects.toMatchObject({ problem: 'past' });
      await expect(hosts[0]!.hold(request(6, { timeId: 't2300' }))).rejects.toMatchObject({ problem: 'bad_time' });
      await expect(hosts[0]!.hold(request(7, {}, { temple: 'a|b' }))).rejects.toMatchObject({ problem: 'bad_resource' });
      // Offers: the times with room for the party, past ones of today left out.
      const offers = await hosts[0]!.offer('darshan_slot', { temple: 'srisailam', visit_date: inDays(5), darshan_type: 'sarva_darshan', persons: 2 });
      expect(offers).toEqual([{ timeId: 't0600', time: '06:00', remaining: 50 }, { timeId: 't0800', time: '08:00', remaining: 48 }]);
    });

    it('returns a lapsed hold\'s seat, refuses its late payment, and expires it once across the hosts', async () => {
      const t0 = new Date();
      const held = await hosts[0]!.hold(request(8), t0);
      const later = new Date(t0.getTime() + 21 * 60_000);
      const expired = await Promise.all(hosts.map((h) => h.expireDue(later)));
      expect(expired.flatMap((e) => e.expired).map((b) => b._id)).toEqual([held._id]);
      expect(await hosts[0]!.remaining(held)).toBe(50);
      expect((await hosts[0]!.confirm(held._id, 'ORD-late')).outcome).toBe('lapsed');
      expect((await hosts[0]!.get(held._id))!.state).toBe('expired');
    });

    it('cancels with the refund the rules give, and only the citizen\'s own', async () => {
      const held = await hosts[0]!.hold(request(9, {}, { persons: 2 }));
      await hosts[0]!.confirm(held._id, 'ORD-9');
      expect((await hosts[0]!.cancel(held._id, 'someone-else')).outcome).toBe('not_found');
      const cancelled = await hosts[0]!.cancel(held._id, held.citizenKey);
      expect(cancelled).toMatchObject({ outcome: 'cancelled', refundPaise: 60_000 });
      expect(await hosts[0]!.remaining(held)).toBe(50);
      await hosts[0]!.cancellationDone(held._id);
      expect((await hosts[0]!.cancel(held._id, held.citizenKey)).outcome).toBe('not_cancellable');
      const start = new Date('2027-01-10T08:00:00+05:30');
      const cal = calendars.of('darshan_slot')!;
      expect(refundOnCancel(cal, 60_000, start, new Date(start.getTime() - 49 * 3_600_000))).toBe(60_000);
      expect(refundOnCancel(cal, 60_000, start, new Date(start.getTime() - 30 * 3_600_000))).toBe(30_000);
      expect(refundOnCancel(cal, 60_000, start, new Date(start.getTime() - 2 * 3_600_000))).toBe(0);
    });

    it('finishes a hold whose host died after taking the seat, without taking a second', async () => {
      const req = request(10);
      const t0 = new Date(Date.now() - 5 * 60_000);
      // What a host leaves when it dies between taking the seat and saying so.
      const held = await hosts[0]!.hold(req, t0);
      await hosts[0]!.bookings.updateOne({ _id: held._id }, { $set: { state: 'holding', holdUntil: null, stateAt: t0 } });
      await hosts[hosts.length - 1]!.expireDue(new Date());
      const settled = (await hosts[0]!.get(held._id))!;
      expect(settled.state).toBe('held');
      expect(await hosts[0]!.remaining(held)).toBe(49);
      // And an expiry that died before returning the seat: the sweep returns it, once.
      await hosts[0]!.decisions.insertOne({ _id: `${held._id}/settle`, booking: held._id, step: 'settle', outcome: 'expired', orderId: null, at: t0, expiresAt: new Date(Date.now() + 86_400_000) });
      await hosts[0]!.bookings.updateOne({ _id: held._id }, { $set: { state: 'expired', stateAt: t0, seatsReturned: false } });
      await hosts[0]!.expireDue(new Date());
      await hosts[0]!.expireDue(new Date());
      expect(await hosts[0]!.remaining(held)).toBe(50);
    });

    it('does not bring a cancelled booking back when its payment is reported again, and finishes a cancellation a crash cut short', async () => {
      const held = await hosts[0]!.hold(request(11, {}, { persons: 2 }));
      expect((await hosts[0]!.confirm(held._id, 'ORD-11')).outcome).toBe('confirmed');
      const cancelled = await hosts[0]!.cancel(held._id, held.citizenKey);
      expect(cancelled).toMatchObject({ outcome: 'cancelled', refundPaise: 60_000 });
      // The fulfilment retried after a failed ticket: no confirmation, no seats taken back.
      expect((await hosts[hosts.length - 1]!.confirm(held._id, 'ORD-11')).outcome).toBe('cancelled');
      expect((await hosts[0]!.get(held._id))!.state).toBe('cancelled');
      expect(await hosts[0]!.remaining(held)).toBe(50);
      // The refund was not recorded (the host died): the sweep hands the cancellation back; asking again finishes it too.
      const later = new Date(Date.now() + 2 * 60_000);
      expect((await hosts[0]!.expireDue(later)).cancellations.map((b) => b._id)).toEqual([held._id]);
      expect(await hosts[0]!.cancel(held._id, held.citizenKey)).toMatchObject({ outcome: 'cancelled', refundPaise: 60_000 });
      await hosts[0]!.cancellationDone(held._id);
      expect((await hosts[0]!.expireDue(later)).cancellations).toEqual([]);
      expect((await hosts[0]!.cancel(held._id, held.citizenKey)).outcome).toBe('not_cancellable');
    });

    it('gives the last seat once when two sweeps finish one stuck booking at once', async () => {
      await Promise.all(Array.from({ length: 49 }, (_, i) => hosts[0]!.hold(request(100 + i))));
      const t0 = new Date(Date.now() - 5 * 60_000);
      const stuck = { ...request(200), requestKey: 'stuck' };
      const made = await hosts[0]!.hold(stuck, t0);
      // What a host leaves when it dies having inserted the booking and taken nothing.
      await hosts[0]!.seats.deleteMany({ booking: made._id });
      await hosts[0]!.decisions.deleteMany({ booking: made._id });
      await hosts[0]!.bookings.updateOne({ _id: made._id }, { $set: { state: 'holding', stateAt: t0 } });
      await Promise.all(hosts.flatMap((h) => [h.expireDue(new Date()), h.expireDue(new Date())]));
      const settled = (await hosts[0]!.get(made._id))!;
      expect(settled.state).toBe('held');
      expect(settled.seats).toHaveLength(1);
      expect(await hosts[0]!.seats.countDocuments({ booking: made._id })).toBe(1);
      expect(await hosts[0]!.remaining(made)).toBe(0);
    });

    it('refuses options that are not on the list, dates that do not exist, and a third open booking a day', async () => {
      const strict = hosts.map((h, i) => new Bookings(opened[i]!, calendars, (_service, input, value) => (input === 'darshan_type' ? ['special_entry', 'sarva_darshan'].includes(value) : input === 'temple' ? value === 'srisailam' : null)));
      await expect(strict[0]!.hold(request(20, {}, { darshan_type: 'constructor' }))).rejects.toMatchObject({ problem: 'bad_resource' });
      await expect(strict[0]!.hold(request(21, {}, { temple: 'an invented temple' }))).rejects.toMatchObject({ problem: 'bad_resource' });
      await expect(strict[0]!.hold(request(22, {}, { visit_date: '2027-02-30' }))).rejects.toMatchObject({ problem: 'bad_date' });
      const same = { citizenKey: '100/919800000001', requestKey: '' };
      await strict[0]!.hold(request(23, { ...same, requestKey: 'a' }));
      await strict[0]!.hold(request(24, { ...same, requestKey: 'b' }));
      await expect(strict[0]!.hold(request(25, { ...same, requestKey: 'c' }))).rejects.toMatchObject({ problem: 'too_many' });
    });

    it('confirms a free booking whose run died after holding it, and keeps a past booking as it was', async () => {
      const free = await hosts[0]!.hold(request(30, {}, { darshan_type: 'sarva_darshan' }));
      expect(free.state).toBe('confirmed');
      // The run died between deciding the hold and confirming it (the document still says holding): the sweep confirms it.
      await hosts[0]!.decisions.deleteOne({ _id: `${free._id}/settle` });
      await hosts[0]!.bookings.updateOne({ _id: free._id }, { $set: { state: 'holding', stateAt: new Date(Date.now() - 5 * 60_000), holdUntil: null } });
      await hosts[hosts.length - 1]!.expireDue(new Date(Date.now() + 21 * 60_000));
      expect((await hosts[0]!.get(free._id))!.state).toBe('confirmed');
      expect(await hosts[0]!.remaining(free)).toBe(49);
      // A double tap that comes later finds it confirmed too.
      expect((await hosts[0]!.hold(request(30, {}, { darshan_type: 'sarva_darshan' }))).state).toBe('confirmed');
      // Past its slot, a cancellation is refused without touching it.
      expect((await hosts[0]!.cancel(free._id, free.citizenKey, new Date(free.startsAt.getTime() + 86_400_000))).outcome).toBe('not_cancellable');
      expect((await hosts[0]!.get(free._id))!.state).toBe('confirmed');
    });
  });
}

bookingsContract('the embedded store', async () => [await createStore({ engine: 'embedded', dir: tempDir(), sweepIntervalMs: 0 })]);
describeWith('MONGODB')('on MongoDB', () => {
  bookingsContract('FerretDB, two hosts', async () => {
    const dbName = `jansetu_bookings_${randomBytes(4).toString('hex')}`;
    return [await createStore({ engine: 'mongo', uri: serviceUrl('MONGODB')!, dbName, sweepIntervalMs: 0 }), await createStore({ engine: 'mongo', uri: serviceUrl('MONGODB')!, dbName, sweepIntervalMs: 0 })];
  });
});

describe('APSRTC routes (the shipped calendar)', () => {
  const shipped = Calendars.load(Calendars.fileIn(defaultFlowsDir), catalog);
  let store: DocumentStore;
  let bookings: Bookings;
  beforeAll(async () => {
    store = await createStore({ engine: 'embedded', dir: tempDir(), sweepIntervalMs: 0 });
    bookings = new Bookings(store, shipped);
    await bookings.init();
  });
  afterAll(() => store.close());
  const bus = (i: number, answers: Record<string, unknown>, timeId = 't1000') =>
    request(300 + i, { service: 'bus_ticket', department: 'transport', timeId, requestKey: `bus-${i}` }, { from_place: 'Vizag', to_place: 'విజయవాడ', journey_date: inDays(3), passengers: 2, bus_type: 'garuda', ...answers });

  it('books a route as citizens name its towns, at its own departures, with the fare by the kilometre and seat numbers', async () => {
    const offers = await bookings.offer('bus_ticket', bus(0, {}).answers);
    expect(offers.map((o) => o.time)).toEqual(['06:30', '10:00', '14:00', '21:00', '22:30']);
    expect(offers[0]!.remaining).toBe(40);
    const ticket = await bookings.hold(bus(1, {}));
    // 350 km at ₹2.00 a km (Garuda), rounded to ₹5: ₹700 a passenger.
    expect(ticket).toMatchObject({ state: 'held', resource: 'visakhapatnam-vijayawada', time: '10:00', amountPaise: 140_000, units: 2 });
    expect(ticket.seats).toHaveLength(2);
    await expect(bookings.hold(bus(2, { to_place: 'Srikakulam', from_place: 'Vijayawada' }))).rejects.toMatchObject({ problem: 'bad_resource' });
    await expect(bookings.hold(bus(3, {}, 't0600'))).rejects.toMatchObject({ problem: 'bad_time' });
  });

  it('sells a bus\'s 40 seats and no more', async () => {
    const made = await Promise.all(Array.from({ length: 25 }, (_, i) => bookings.hold(bus(10 + i, { passengers: 2, bus_type: 'express' }, 't1400'))));
    expect(made.filter((b) => b.state === 'held')).toHaveLength(20);
    expect(made.filter((b) => b.state === 'full')).toHaveLength(5);
    expect(new Set(made.flatMap((b) => b.seats ?? [])).size).toBe(40);
  });
});
