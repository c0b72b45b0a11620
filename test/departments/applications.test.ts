/**
 * Applications on a real store (embedded and FerretDB): reference numbers,
 * one application per confirming message, submission with the reference as
 * the idempotency key (pending while the department is down, once across
 * hosts), and departments' status events (once per event id, late events
 * kept without turning the status back).
 */
import { randomBytes } from 'node:crypto';
import type { DepartmentCall, DepartmentResult } from '../../platform/departments/api/client';
import { Applications, type FileRequest } from '../../platform/departments/applications/applications';
import { readReference } from '../../platform/departments/applications/references';
import { createLogger } from '../../platform/log';
import { createStore, type DocumentStore } from '../../platform/store';
import { describeWith, serviceUrl, tempDir } from '../support/services';

const log = createLogger('silent');

applicationsContract('the embedded store', () => createStore({ engine: 'embedded', dir: tempDir(), sweepIntervalMs: 0 }));
describeWith('MONGODB')('on MongoDB', () => {
  applicationsContract('FerretDB', () => createStore({ engine: 'mongo', uri: serviceUrl('MONGODB')!, dbName: `jansetu_applications_${randomBytes(4).toString('hex')}`, sweepIntervalMs: 0 }));
});

describe('reference numbers typed by citizens', () => {
  it.each([
    ['AP-REV-2026-000123', 'AP-REV-2026-000123'],
    ['ap rev 2026 123', 'AP-REV-2026-000123'],
    [' AP_CSD-2027-000001 ', 'AP-CSD-2027-000001'],
    ['APREV2026000123', 'AP-REV-2026-000123'],
    ['AP-REV-౨౦౨౬-౧౨౩', 'AP-REV-2026-000123'],
  ])('reads %j', (typed, reference) => expect(readReference(typed)).toBe(reference));
  it.each(['', 'AP-RE-2026-1', 'TS-REV-2026-000123', 'AP-REV-26-000123', 'x'.repeat(100), 42])('refuses %j', (typed) => expect(readReference(typed)).toBeNull());
});

/** A department that answers what the test says, and remembers every call. */
function department(answer: (call: DepartmentCall) => DepartmentResult | Promise<DepartmentResult>) {
  const calls: DepartmentCall[] = [];
  return {
    calls,
    call: async (call: DepartmentCall) => {
      calls.push(call);
      return answer(call);
    },
  };
}

function applicationsContract(engine: string, open: () => Promise<DocumentStore>): void {
  describe(`Applications on ${engine}`, () => {
    let store: DocumentStore;
    let now: Date;
    let applications: Applications;
    beforeEach(async () => {
      store = await open();
      now = new Date('2026-06-10T06:30:00Z');
      applications = new Applications(store, log, () => now);
      await applications.init();
    });
    afterEach(() => store.close());

    const request = (messageId: string, over: Partial<FileRequest> = {}): FileRequest => ({
      department: { id: 'civil_supplies', code: 'CSD' },
      service: 'ration_member_add',
      citizenKey: '100000001/919800000001',
      citizen: { phoneNumberId: '100000001', wa_id: '919800000001', user_id: null, profile_name: 'Lakshmi' },
      language: 'te',
      messageId,
      answers: { ration_card_number: 'WAP1234567890', member_name: 'SITA' },
      request: (reference) => ({ method: 'POST', path: '/ration-cards/WAP1234567890/members', body: { reference, name: 'SITA' } }),
      ...over,
    });

    it('numbers applications per department and year, once per confirming message', async () => {
      const first = await applications.file(request('wamid.1'));
      expect(first).toMatchObject({ created: true, application: { _id: 'AP-CSD-2026-000001', status: 'received', history: [{ status: 'received', by: 'citizen' }] } });
      expect(first.application.submission.request.body).toEqual({ reference: 'AP-CSD-2026-000001', name: 'SITA' });
      // The same message again (a re-run after a deploy, a second host): the same application.
      const again = await applications.file(request('wamid.1'));
      expect(again).toMatchObject({ created: false, application: { _id: 'AP-CSD-2026-000001' } });
      expect((await applications.file(request('wamid.2'))).application._id).toBe('AP-CSD-2026-000002');
      expect((await applications.file(request('wamid.3', { department: { id: 'revenue', code: 'REV' } }))).application._id).toBe('AP-REV-2026-000001');
      // 00:30 on 1 January in India is the new year there, while it is still 31 December in UTC.
      now = new Date('2026-12-31T19:00:00Z');
      expect((await applications.file(request('wamid.4'))).application._id).toBe('AP-CSD-2027-000001');
      expect((await applications.ofCitizen('100000001/919800000001')).map((a) => a._id)).toEqual(['AP-CSD-2027-000001', 'AP-REV-2026-000001', 'AP-CSD-2026-000002', 'AP-CSD-2026-000001']);
    });

    it('files one application when the same message runs on two hosts at once', async () => {
      const other = new Applications(store, log, () => now);
      const [a, b] = await Promise.all([applications.file(request('wamid.same')), other.file(request('wamid.same'))]);
      expect(a.application._id).toBe(b.application._id);
      expect([a.created, b.created].sort()).toEqual([false, true]);
      expect(await store.collection('applications').countDocuments({})).toBe(1);
    });

    it('submits with the reference as idempotency key, and keeps it for later while the department is down', async () => {
      const { application, claim } = await applications.file(request('wamid.10'));
      let up = false;
      const dept = department(() => (up ? { outcome: 'ok', status: 201, body: { applicationId: 'CS/2026/88' }, attempts: 1 } : { outcome: 'unavailable', reason: 'circuit_open', status: null, attempts: 0 }));
      // The sweep leaves a new application to its filer, who holds it for its first submission.
      expect(await applications.submit(application._id, dept)).toMatchObject({ outcome: 'unchanged' });
      expect(dept.calls).toHaveLength(0);
      const down = await applications.submit(application._id, dept, claim);
      expect(down).toMatchObject({ outcome: 'pending', reason: 'circuit_open', application: { status: 'received', submission: { attempts: 1, lastProblem: 'circuit_open' } } });
      expect(dept.calls[0]).toEqual({ method: 'POST', path: '/ration-cards/WAP1234567890/members', body: { reference: application._id, name: 'SITA' }, idempotencyKey: application._id });
      // Not due again for a minute; and only for a department a deployed flow connects to.
      expect(await applications.due(['civil_supplies'])).toEqual([]);
      now = new Date(now.getTime() + 61_000);
      expect((await applications.due(['civil_supplies'])).map((a) => a._id)).toEqual([application._id]);
      expect(await applications.due(['revenue'])).toEqual([]);
      up = true;
      const sent = await applications.submit(application._id, dept);
      expect(sent).toMatchObject({ outcome: 'submitted', application: { status: 'submitted', submission: { attempts: 2, departmentRef: 'CS/2026/88' } } });
      expect(sent.application.history.map((h) => h.status)).toEqual(['received', 'submitted']);
      expect(sent.application.submission.dueAt).toBeUndefined();
      // The department has the body: it is not kept a second time beside the answers.
      expect(sent.application.submission.request).toEqual({ method: 'POST', path: '/ration-cards/WAP1234567890/members' });
      expect(dept.calls.map((c) => c.idempotencyKey)).toEqual([application._id, application._id]);
      // Submitted: nothing more to do, whoever asks.
      expect(await applications.submit(application._id, dept)).toMatchObject({ outcome: 'unchanged' });
      expect(dept.calls).toHaveLength(2);
      expect(await applications.due(['civil_supplies'])).toEqual([]);
    });

    it('lets one host submit at a time', async () => {
      const { application, claim } = await applications.file(request('wamid.20'));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const dept = department(async () => {
        await gate;
        return { outcome: 'ok', status: 201, body: {}, attempts: 1 };
      });
      const first = applications.submit(application._id, dept, claim);
      await new Promise((r) => setTimeout(r, 50));
      const second = await new Applications(store, log, () => now).submit(application._id, dept);
      expect(second.outcome).toBe('unchanged');
      release();
      expect((await first).outcome).toBe('submitted');
      expect(dept.calls).toHaveLength(1);
    });

    it('records a refusal with the department\'s reason', async () => {
      const { application, claim } = await applications.file(request('wamid.30'));
      const dept = department(() => ({ outcome: 'refused', status: 422, body: {}, reason: 'Member already on another card', code: 'DUPLICATE_MEMBER', attempts: 1 }));
      const refused = await applications.submit(application._id, dept, claim);
      expect(refused).toMatchObject({ outcome: 'refused', reason: 'Member already on another card', application: { status: 'rejected', submission: { refusal: { status: 422, code: 'DUPLICATE_MEMBER' } } } });
      expect(await applications.due(['civil_supplies'])).toEqual([]);
    });

    it('keeps an application the department refused as a request (a wrong method, a reused key) rather than rejecting it', async () => {
      const { application, claim } = await applications.file(request('wamid.31'));
      const dept = department(() => ({ outcome: 'refused', status: 415, body: {}, reason: 'HTTP 415', code: null, attempts: 1 }));
      expect(await applications.submit(application._id, dept, claim)).toMatchObject({ outcome: 'pending', application: { status: 'received', submission: { lastProblem: 'bad_answer' } } });
    });

    it('writes nothing from a run whose claim another run took over', async () => {
      const { application, claim } = await applications.file(request('wamid.32'));
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const slow = applications.submit(application._id, department(async () => (await gate, { outcome: 'unavailable', reason: 'timeout', status: null, attempts: 3 })), claim);
      await new Promise((r) => setTimeout(r, 50));
      // Its claim lapses (a call far slower than sized); another host takes over and submits.
      now = new Date(now.getTime() + 3600_000);
      expect(await applications.submit(application._id, department(() => ({ outcome: 'ok', status: 201, body: {}, attempts: 1 })))).toMatchObject({ outcome: 'submitted' });
      release();
      expect(await slow).toMatchObject({ outcome: 'unchanged', application: { status: 'submitted' } });
      const kept = (await applications.byReference(application._id))!;
      expect(kept.submission.dueAt).toBeUndefined();
      expect(kept.history.map((h) => h.status)).toEqual(['received', 'submitted']);
    });

    it('records each status event once, and a late one without turning the status back', async () => {
      const { application } = await applications.file(request('wamid.40'));
      const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
      expect(await applications.recordStatus('civil_supplies', 'AP-CSD-2026-999999', { status: 'approved', at: at(1), eventId: 'e0' })).toEqual({ result: 'unknown' });
      // Another department cannot touch it.
      expect(await applications.recordStatus('revenue', application._id, { status: 'approved', at: at(1), eventId: 'e0' })).toEqual({ result: 'unknown' });
      expect(await applications.recordStatus('civil_supplies', application._id, { status: 'in_review', at: at(1), eventId: 'e1' })).toMatchObject({ result: 'recorded', application: { status: 'in_review' } });
      // A department whose clock runs behind ours still moves it on from the platform's own steps.
      const other = (await applications.file(request('wamid.41'))).application;
      expect(await applications.recordStatus('civil_supplies', other._id, { status: 'in_review', at: at(-30), eventId: 'slow-clock' })).toMatchObject({ result: 'recorded', application: { status: 'in_review' } });
      expect(await applications.recordStatus('civil_supplies', application._id, { status: 'in_review', at: at(1), eventId: 'e1' })).toMatchObject({ result: 'duplicate' });
      expect(await applications.recordStatus('civil_supplies', application._id, { status: 'approved', at: at(10), eventId: 'e3', note: 'Card updated' })).toMatchObject({ result: 'recorded', application: { status: 'approved' } });
      const late = await applications.recordStatus('civil_supplies', application._id, { status: 'documents_needed', at: at(5), eventId: 'e2' });
      expect(late).toMatchObject({ result: 'older', application: { status: 'approved' } });
      const history = (await applications.byReference(application._id))!.history;
      expect(history.map((h) => [h.status, h.eventId ?? null])).toEqual([['received', null], ['in_review', 'e1'], ['approved', 'e3'], ['documents_needed', 'e2']]);
      expect(history[2].note).toBe('Card updated');
    });

    it('escalates a grievance not resolved in its service-level time, once per level across hosts, up to the top', async () => {
      const { application } = await applications.file(request('wamid.60', { service: 'garbage_complaint', archetype: 'grievance', slaHours: 24 }));
      expect(application.escalation).toMatchObject({ level: 0, dueAt: new Date(now.getTime() + 24 * 3600_000) });
      expect(await applications.escalateDue()).toEqual([]);
      now = new Date(now.getTime() + 24 * 3600_000 + 1000);
      const other = new Applications(store, log, () => now);
      const [mine, theirs] = await Promise.all([applications.escalateDue(), other.escalateDue()]);
      expect([...mine, ...theirs].map((g) => [g._id, g.escalation!.level])).toEqual([[application._id, 1]]);
      now = new Date(now.getTime() + 24 * 3600_000 + 1000);
      const top = await applications.escalateDue();
      expect(top.map((g) => g.escalation)).toEqual([{ level: 2, slaMs: 24 * 3600_000 }]);
      now = new Date(now.getTime() + 365 * 24 * 3600_000);
      expect(await applications.escalateDue()).toEqual([]);
      const history = (await applications.byReference(application._id))!.history;
      expect(history.filter((h) => h.status === 'escalated').map((h) => h.note)).toEqual(['level 1', 'level 2']);
      // An application (not a grievance) has no clock.
      expect((await applications.file(request('wamid.61'))).application.escalation).toBeUndefined();
    });

    it('stops the clock when the department resolves it, and keeps the citizen\'s rating once', async () => {
      const { application } = await applications.file(request('wamid.70', { service: 'garbage_complaint', archetype: 'grievance', slaHours: 24 }));
      expect(await applications.rate(application._id, '100000001/919800000001', 5)).toBe('not_resolved');
      await applications.recordStatus('civil_supplies', application._id, { status: 'resolved', at: new Date(now.getTime() + 60_000), eventId: 'done-1' });
      now = new Date(now.getTime() + 48 * 3600_000);
      expect(await applications.escalateDue()).toEqual([]);
      expect(await applications.rate(application._id, '100000001/919899999999', 1)).toBe('not_yours');
      expect(await applications.rate(application._id, '100000001/919800000001', 4)).toBe('rated');
      expect(await applications.rate(application._id, '100000001/919800000001', 1)).toBe('already');
      expect((await applications.byReference(application._id))!.rating).toMatchObject({ stars: 4 });
      await expect(applications.rate(application._id, '100000001/919800000001', 6)).rejects.toThrow(RangeError);
      // The department reopens it: the clock runs again.
      await applications.recordStatus('civil_supplies', application._id, { status: 'in_review', at: new Date(now.getTime() + 60_000), eventId: 'reopened' });
      expect((await applications.byReference(application._id))!.escalation!.dueAt).toEqual(new Date(now.getTime() + 24 * 3600_000));
      // An application is not rated.
      const plain = (await applications.file(request('wamid.71'))).application;
      expect(await applications.rate(plain._id, '100000001/919800000001', 3)).toBe('not_yours');
    });

    it('keeps every one of many events arriving at once', async () => {
      const { application } = await applications.file(request('wamid.50'));
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => applications.recordStatus('civil_supplies', application._id, { status: 'in_review', at: new Date(now.getTime() + i * 1000), eventId: `burst-${i}` })));
      expect(results.every((r) => r.result === 'recorded' || r.result === 'older')).toBe(true);
      const kept = (await applications.byReference(application._id))!;
      expect(kept.history.filter((h) => h.eventId?.startsWith('burst-'))).toHaveLength(8);
      expect(kept.statusAt.getTime()).toBe(now.getTime() + 7000);
    });
  });
}
