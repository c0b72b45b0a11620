import { randomBytes } from 'node:crypto';
import { OfficerQueue } from '../../platform/officers/officer-queue';
import { createStore, type DocumentStore } from '../../platform/store';
import { describeWith, serviceUrl, tempDir } from '../support/services';

queueContract('the embedded store', () => createStore({ engine: 'embedded', dir: tempDir(), sweepIntervalMs: 0 }));
describeWith('MONGODB')('on MongoDB', () => {
  queueContract('FerretDB', () => createStore({ engine: 'mongo', uri: serviceUrl('MONGODB')!, dbName: `jansetu_officers_${randomBytes(4).toString('hex')}`, sweepIntervalMs: 0 }));
});

function queueContract(engine: string, open: () => Promise<DocumentStore>): void {
  describe(`OfficerQueue on ${engine}`, () => {
    let store: DocumentStore;
    let queue: OfficerQueue;
    beforeAll(async () => {
      store = await open();
      queue = new OfficerQueue(store);
      await queue.init();
    });
    afterAll(() => store.close());

    it('keeps one waiting request per citizen, also when asked twice at once, and gives places in order', async () => {
      const first = await queue.request({ citizenKey: '1/919000000801', citizen: { wa_id: '919000000801', user_id: null }, phoneNumberId: '1', department: 'revenue' }, new Date('2026-01-18T09:00:00Z'));
      expect(first).toMatchObject({ position: 1, isNew: true });
      const [a, b] = await Promise.all([
        queue.request({ citizenKey: '1/919000000802', citizen: { wa_id: '919000000802', user_id: null }, phoneNumberId: '1' }, new Date('2026-01-18T09:01:00Z')),
        queue.request({ citizenKey: '1/919000000802', citizen: { wa_id: '919000000802', user_id: null }, phoneNumberId: '1' }, new Date('2026-01-18T09:01:01Z')),
      ]);
      expect(a.request._id).toBe(b.request._id);
      expect([a.isNew, b.isNew].sort()).toEqual([false, true]);
      expect(a.position).toBe(2);
      const again = await queue.request({ citizenKey: '1/919000000801', citizen: { wa_id: '919000000801', user_id: null }, phoneNumberId: '1', note: 'still waiting' });
      expect(again).toMatchObject({ position: 1, isNew: false, request: { notes: [{ text: 'still waiting', department: null }], department: 'revenue' } });
      // A second note (another grievance) is added, not written over the first.
      const third = await queue.request({ citizenKey: '1/919000000801', citizen: { wa_id: '919000000801', user_id: null }, phoneNumberId: '1', department: 'municipal', note: 'no water' });
      expect(third.request.notes.map((n) => [n.text, n.department])).toEqual([['still waiting', null], ['no water', 'municipal']]);
      // The same message run again (an interrupted turn) does not write its note twice.
      const replayed = { citizenKey: '1/919000000801', citizen: { wa_id: '919000000801', user_id: null }, phoneNumberId: '1', note: 'streetlight', messageId: 'wamid.x1' };
      await queue.request(replayed);
      expect((await queue.request(replayed)).request.notes.map((n) => n.text)).toEqual(['still waiting', 'no water', 'streetlight']);
      expect(await queue.waiting()).toHaveLength(2);
      // Twenty at most: a citizen cannot grow a request without bound.
      for (let i = 0; i < 25; i++) await queue.request({ ...replayed, note: `n${i}`, messageId: `wamid.n${i}` });
      expect((await queue.waiting()).find((r) => r.citizenKey === '1/919000000801')!.notes).toHaveLength(20);
    });

    it('moves the one note of a request written before notes were a list into the list', async () => {
      await store.collection('officer_queue').insertOne({ _id: 'old-1', citizenKey: '1/919000000899', open: '1/919000000899', waId: '919000000899', userId: null, phoneNumberId: '1', department: 'revenue', language: 'te', note: 'old note', status: 'waiting', requestedAt: new Date('2026-01-01T00:00:00Z'), updatedAt: new Date('2026-01-01T00:00:00Z') });
      await queue.init();
      const moved = (await store.collection('officer_queue').findOne({ _id: 'old-1' }))!;
      expect(moved.note).toBeUndefined();
      expect(moved.noteCount).toBe(1);
    expect(moved.notes).toEqual([{ text: 'old note', department: 'revenue', at: new Date('2026-01-01T00:00:00Z'), messageId: null }]);
    });

    it('queues a citizen known only by BSUID, reachable by it', async () => {
      const r = await queue.request({ citizenKey: '1/IN.1410018717833190', citizen: { wa_id: null, user_id: 'IN.1410018717833190' }, phoneNumberId: '1' });
      expect(r.request).toMatchObject({ userId: 'IN.1410018717833190', status: 'waiting' });
      // FerretDB leaves out a null set on insert; MongoDB and the embedded store keep it.
      expect(r.request.waId ?? null).toBeNull();
      await expect(queue.request({ citizenKey: '919000000803', citizen: { wa_id: '919000000803', user_id: null }, phoneNumberId: '1' })).rejects.toThrow(/not a citizen key/);
    });
  });
}
