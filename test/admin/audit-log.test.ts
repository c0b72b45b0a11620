/**
 * The audit log bounds what it stores, expires it after the retention, and
 * never makes a caller wait or grow memory without limit.
 */
import { AUDIT_COLLECTION, AUDIT_RETENTION_DAYS, AuditLog, boundAuditEvent } from '../../platform/admin/audit-log';
import { createLogger } from '../../platform/log';
import { createStore, type DocumentStore } from '../../platform/store';
import { tempDir } from '../support/services';

const DAY = 24 * 60 * 60 * 1000;

describe('AuditLog', () => {
  let store: DocumentStore;
  beforeEach(async () => {
    store = await createStore({ engine: 'embedded', dir: tempDir() });
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await store.close();
  });

  it('stores a 4 MiB username as 128 characters and a huge event in a few kilobytes', async () => {
    const audit = await AuditLog.open(store, createLogger('silent'));
    const huge = 'x'.repeat(4 * 1024 * 1024);
    const wide = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`k${i}`, huge]));
    let deep: Record<string, unknown> = { leaf: huge };
    for (let i = 0; i < 50; i++) deep = { deep };
    audit.record({ level: 98, event: 'auth.login.fail.credentials', username: huge, path: huge, wide, deep, list: Array(1000).fill(huge), user: { username: huge } });
    await audit.close();

    const [doc] = await store.collection(AUDIT_COLLECTION).find({});
    expect(doc).toMatchObject({ event: 'auth.login.fail.credentials', source: 'node-red' });
    expect(doc.at).toBeInstanceOf(Date);
    expect(doc.level).toBeUndefined();
    expect((doc.username as string).startsWith('x'.repeat(128) + '…')).toBe(true);
    expect((doc.username as string).length).toBeLessThan(160);
    expect((doc.user as { username: string }).username.length).toBeLessThan(160);
    expect(JSON.stringify(doc).length).toBeLessThan(64 * 1024);
  });

  it('bounds depth, keys and array items, and makes keys safe for MongoDB', () => {
    const bounded = boundAuditEvent({ a: { b: { c: { d: { e: { f: 1 } } } } }, 'x.y': 1, $where: 2, many: Array(40).fill(1) });
    expect(bounded).toEqual({
      a: { b: { c: { d: { e: '[nested too deep]' } } } },
      x_y: 1,
      _where: 2,
      many: [...Array(32).fill(1), '[8 more]'],
    });
    const wide = boundAuditEvent(Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, i])));
    expect(Object.keys(wide)).toHaveLength(33);
    expect(wide._truncatedKeys).toBe(8);
  });

  it('expires records after the retention (TTL index on `at`)', async () => {
    expect(AUDIT_RETENTION_DAYS).toBe(365);
    const audit = await AuditLog.open(store, createLogger('silent'));
    audit.record({ event: 'flows.set' });
    await audit.flush();
    const now = Date.now();
    jest.spyOn(Date, 'now').mockReturnValue(now + 364 * DAY);
    await store.sweepExpired();
    expect(await store.collection(AUDIT_COLLECTION).countDocuments()).toBe(1);
    jest.spyOn(Date, 'now').mockReturnValue(now + 366 * DAY);
    await store.sweepExpired();
    expect(await store.collection(AUDIT_COLLECTION).countDocuments()).toBe(0);
    await audit.close();
  });

  it('returns at once, batches writes, and drops past its bound instead of queueing without limit', async () => {
    const audit = await AuditLog.open(store, createLogger('silent'), { maxPending: 10, batchSize: 4 });
    const records = store.collection(AUDIT_COLLECTION);
    const insertMany = jest.spyOn(Object.getPrototypeOf(records) as { insertMany: (...a: unknown[]) => Promise<unknown> }, 'insertMany');
    for (let i = 0; i < 25; i++) audit.record({ event: 'e', i });
    // Nothing has been written yet: record() did not wait for the store.
    expect(await records.countDocuments()).toBe(0);
    await audit.close();
    expect(await records.countDocuments()).toBe(10);
    expect(insertMany).toHaveBeenCalledTimes(3);
    audit.record({ event: 'after close' });
    await audit.flush();
    expect(await records.countDocuments()).toBe(10);
  });

  it('survives a failing store (logs, keeps going)', async () => {
    const audit = await AuditLog.open(store, createLogger('silent'));
    const records = store.collection(AUDIT_COLLECTION);
    jest.spyOn(Object.getPrototypeOf(records) as { insertMany: (...a: unknown[]) => Promise<unknown> }, 'insertMany').mockRejectedValueOnce(new Error('store down'));
    audit.record({ event: 'lost' });
    await audit.flush();
    audit.record({ event: 'kept' });
    await audit.close();
    expect((await records.find({})).map((d) => d.event)).toEqual(['kept']);
  });
});
