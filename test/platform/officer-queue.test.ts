import { OfficerQueue } from '../../platform/officers/officer-queue';
import { createStore, type DocumentStore } from '../../platform/store';
import { tempDir } from '../support/services';

describe('OfficerQueue', () => {
  let store: DocumentStore;
  let queue: OfficerQueue;
  beforeAll(async () => {
    store = await createStore({ engine: 'embedded', dir: tempDir(), sweepIntervalMs: 0 });
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
  });

  it('queues a citizen known only by BSUID, reachable by it', async () => {
    const r = await queue.request({ citizenKey: '1/IN.1410018717833190', citizen: { wa_id: null, user_id: 'IN.1410018717833190' }, phoneNumberId: '1' });
    expect(r.request).toMatchObject({ waId: null, userId: 'IN.1410018717833190', status: 'waiting' });
    await expect(queue.request({ citizenKey: '919000000803', citizen: { wa_id: '919000000803', user_id: null }, phoneNumberId: '1' })).rejects.toThrow(/not a citizen key/);
  });
});
