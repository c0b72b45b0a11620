/**
 * The document-store contract, run against every engine: embedded always,
 * mongo when JANSETU_TEST_MONGODB_URI is set (JANSETU_REQUIRE_MONGO=1 makes a
 * missing URI a failure). Each run uses a fresh directory / database.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import {
  createStore,
  DuplicateKeyError,
  StoreError,
  StoreUnavailableError,
  type Collection,
  type Document,
  type DocumentStore,
  type Filter,
} from '../../platform/store';

const MONGO_URI = process.env.JANSETU_TEST_MONGODB_URI;
const REQUIRE_MONGO = process.env.JANSETU_REQUIRE_MONGO === '1';

type Flavor = 'embedded' | 'mongodb' | 'ferretdb';

interface Engine {
  name: string;
  flavor: Flavor;
  /** Why the engine cannot run here, if it cannot. */
  missing?: string;
  open(): Promise<DocumentStore>;
  cleanup(): Promise<void>;
}

function embeddedEngine(): Engine {
  let dir: string | undefined;
  return {
    name: 'embedded',
    flavor: 'embedded',
    async open() {
      dir = await mkdtemp(path.join(os.tmpdir(), 'jansetu-store-contract-'));
      return createStore({ engine: 'embedded', dir, sweepIntervalMs: 0 });
    },
    async cleanup() {
      if (dir) await rm(dir, { recursive: true, force: true });
    },
  };
}

function mongoEngine(): Engine {
  const dbName = `jansetu_contract_${process.pid}_${randomBytes(4).toString('hex')}`;
  if (!MONGO_URI) {
    return {
      name: 'mongo',
      flavor: 'mongodb',
      missing: 'JANSETU_TEST_MONGODB_URI is not set',
      open: () => Promise.reject(new Error('no MongoDB URI')),
      cleanup: async () => {},
    };
  }
  const uri = MONGO_URI;
  return {
    name: 'mongo',
    flavor: serverFlavor(uri),
    open: () => createStore({ engine: 'mongo', uri, dbName, sweepIntervalMs: 0, serverSelectionTimeoutMS: 3000 }),
    async cleanup() {
      const client = new MongoClient(uri, { serverSelectionTimeoutMS: 3000 });
      try {
        await client.db(dbName).dropDatabase();
      } finally {
        await client.close();
      }
    },
  };
}

/**
 * Which server the URI points at, decided before the tests are declared (Jest
 * cannot skip at run time): FerretDB 1.x lacks a few MongoDB behaviours.
 */
function serverFlavor(uri: string): Flavor {
  const script = `
    const { MongoClient } = require(${JSON.stringify(require.resolve('mongodb'))});
    const client = new MongoClient(process.argv[1], { serverSelectionTimeoutMS: 3000 });
    client.db('admin').command({ buildInfo: 1 })
      .then((info) => console.log(typeof info.ferretdbVersion === 'string' ? 'ferretdb' : 'mongodb'))
      .catch(() => console.log('mongodb'))
      .finally(() => client.close());`;
  const out = execFileSync(process.execPath, ['-e', script, uri], { encoding: 'utf8' }).trim();
  return out === 'ferretdb' ? 'ferretdb' : 'mongodb';
}

const HEX_ID = /^[0-9a-f]{24}$/;

describe.each([embeddedEngine(), mongoEngine()])('document store contract: $name', (engine) => {
  if (engine.missing) {
    if (REQUIRE_MONGO) {
      it(`runs on ${engine.name}`, () => {
        throw new Error(`JANSETU_REQUIRE_MONGO=1 but ${engine.missing}: the ${engine.name} contract cannot run`);
      });
    } else {
      it.skip(`runs on ${engine.name} (skipped: ${engine.missing})`, () => {});
    }
    return;
  }

  /** Tests for MongoDB behaviour that FerretDB 1.x does not have. */
  const itUnlessFerret = engine.flavor === 'ferretdb' ? it.skip : it;

  let store: DocumentStore;
  let seq = 0;
  /** A collection no other test touches. */
  const fresh = <T extends Document = Document>(): Collection<T> => store.collection<T>(`c${++seq}_${Date.now().toString(36)}`);

  beforeAll(async () => {
    store = await engine.open();
  });

  afterAll(async () => {
    await store?.close();
    await engine.cleanup();
  });

  describe('CRUD', () => {
    it('insertOne assigns a 24-hex string _id and keeps a given one', async () => {
      const col = fresh();
      const a = await col.insertOne({ name: 'a' });
      expect(a._id).toMatch(HEX_ID);
      const b = await col.insertOne({ _id: 'mine', name: 'b' });
      expect(b._id).toBe('mine');
      expect(await col.findOne({ _id: a._id })).toEqual({ _id: a._id, name: 'a' });
      expect(await col.findOne({ name: 'b' })).toEqual({ _id: 'mine', name: 'b' });
      expect(await col.findOne({ name: 'zzz' })).toBeNull();
    });

    it('insertMany inserts all and returns them with ids', async () => {
      const col = fresh();
      const docs = await col.insertMany([{ n: 1 }, { _id: 'x', n: 2 }, { n: 3 }]);
      expect(docs.map((d) => d.n)).toEqual([1, 2, 3]);
      expect(docs[1]._id).toBe('x');
      expect(docs[0]._id).toMatch(HEX_ID);
      expect(await col.countDocuments()).toBe(3);
      expect(await col.insertMany([])).toEqual([]);
    });

    it('inserting an existing _id is a DuplicateKeyError', async () => {
      const col = fresh();
      await col.insertOne({ _id: 'same', v: 1 });
      await expect(col.insertOne({ _id: 'same', v: 2 })).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await col.findOne({ _id: 'same' })).toEqual({ _id: 'same', v: 1 });
    });

    it('find supports sort, skip, limit and filters', async () => {
      const col = fresh();
      await col.insertMany([5, 3, 9, 1, 7].map((n) => ({ _id: `d${n}`, n, odd: n % 2 === 1, group: n > 4 ? 'big' : 'small' })));
      expect((await col.find({}, { sort: { n: 1 } })).map((d) => d.n)).toEqual([1, 3, 5, 7, 9]);
      expect((await col.find({}, { sort: { n: -1 }, skip: 1, limit: 2 })).map((d) => d.n)).toEqual([7, 5]);
      expect((await col.find({ group: 'big' }, { sort: { n: 1 } })).map((d) => d.n)).toEqual([5, 7, 9]);
      expect((await col.find({ n: { $gte: 3, $lt: 9 } }, { sort: { n: 1 } })).map((d) => d.n)).toEqual([3, 5, 7]);
      expect((await col.find({ n: { $in: [1, 9] } }, { sort: { n: 1 } })).map((d) => d.n)).toEqual([1, 9]);
      expect((await col.find({ $or: [{ n: 1 }, { n: 5 }] }, { sort: { n: 1 } })).map((d) => d.n)).toEqual([1, 5]);
      expect((await col.find({ group: 'small' }, { sort: { group: 1, n: -1 } })).map((d) => d.n)).toEqual([3, 1]);
      expect((await col.findOne({}, { sort: { n: -1 }, skip: 1 }))?.n).toBe(7);
    });

    it('pages in _id order after a cursor, over thousands of matches and past documents that do not match', async () => {
      // The embedded engine walks its ids in order for these (a campaign's fan-out), and gives way to
      // a sort when the matches are sparse: both must give MongoDB's answer.
      const col = fresh();
      await col.createIndex({ keys: { campaign: 1, state: 1 } });
      const id = (campaign: string, i: number) => `${campaign}.${String(i).padStart(5, '0')}`;
      const docs = ['a', 'b'].flatMap((campaign) => Array.from({ length: 4500 }, (_, i) => ({ _id: id(campaign, i), campaign, state: i % 3 === 0 ? 'sent' : 'queued', rare: i % 1000 === 7 })));
      await col.insertMany(docs);
      const page = async (filter: Filter, sort: 1 | -1, limit: number, skip = 0) => (await col.find(filter, { sort: { _id: sort }, limit, skip })).map((d) => d._id);
      const expected = (pred: (d: (typeof docs)[number]) => boolean, sort: 1 | -1, limit: number, skip = 0) =>
        docs.filter(pred).map((d) => d._id).sort((x, y) => (x < y ? -sort : x > y ? sort : 0)).slice(skip, skip + limit);
      expect(await page({ campaign: 'a', state: 'queued' }, 1, 500)).toEqual(expected((d) => d.campaign === 'a' && d.state === 'queued', 1, 500));
      expect(await page({ campaign: 'a', state: 'queued', _id: { $gt: id('a', 4200) } }, 1, 500)).toEqual(expected((d) => d.campaign === 'a' && d.state === 'queued' && d._id > id('a', 4200), 1, 500));
      expect(await page({ campaign: 'b', state: 'queued', _id: { $lt: id('b', 100) } }, -1, 50, 10)).toEqual(expected((d) => d.campaign === 'b' && d.state === 'queued' && d._id < id('b', 100), -1, 50, 10));
      expect(await page({ campaign: 'b', rare: true }, 1, 10)).toEqual(expected((d) => d.campaign === 'b' && d.rare, 1, 10));
      expect(await page({ campaign: 'b', state: 'queued', rare: true }, 1, 10)).toEqual(expected((d) => d.campaign === 'b' && d.state === 'queued' && d.rare, 1, 10));
      expect(await page({ state: 'queued' }, -1, 3)).toEqual(expected((d) => d.state === 'queued', -1, 3));
      expect(await page({ $and: [{ campaign: 'a' }, { _id: { $gt: id('a', 4400) } }] }, 1, 200)).toEqual(expected((d) => d.campaign === 'a' && d._id > id('a', 4400), 1, 200));
      await col.deleteMany({ campaign: 'a' });
      expect(await page({ state: 'queued' }, 1, 2)).toEqual(expected((d) => d.campaign === 'b' && d.state === 'queued', 1, 2));
    });

    it('find applies inclusion and exclusion projections', async () => {
      const col = fresh();
      await col.insertOne({ _id: 'p', a: 1, b: 2, nested: { x: 1, y: 2 } });
      expect(await col.findOne({ _id: 'p' }, { projection: { a: 1 } })).toEqual({ _id: 'p', a: 1 });
      expect(await col.findOne({ _id: 'p' }, { projection: { a: 1, _id: 0 } })).toEqual({ a: 1 });
      expect(await col.findOne({ _id: 'p' }, { projection: { b: 0, 'nested.y': 0 } })).toEqual({ _id: 'p', a: 1, nested: { x: 1 } });
      expect(await col.find({}, { projection: { 'nested.y': 1 } })).toEqual([{ _id: 'p', nested: { y: 2 } }]);
    });

    it('projects as MongoDB does: the document\'s order, paths through arrays and embedded documents, missing fields', async () => {
      const col = fresh();
      const at = new Date('2026-12-03T06:00:00Z');
      await col.insertOne({ _id: 'q', a: 1, list: [{ v: 1, w: 2 }, { w: 3 }], when: at, nested: { x: 1, deep: { y: 2, z: 3 } }, b: 'x' });
      const ordered = await col.findOne({ _id: 'q' }, { projection: { b: 1, a: 1, when: 1 } });
      expect(Object.keys(ordered!)).toEqual(['_id', 'a', 'when', 'b']);
      expect(ordered!.when).toEqual(at);
      expect(await col.findOne({ _id: 'q' }, { projection: { 'list.v': 1, _id: 0 } })).toEqual({ list: [{ v: 1 }, {}] });
      expect(await col.findOne({ _id: 'q' }, { projection: { 'nested.deep.z': 1, 'nested.missing': 1, 'a.b': 1 } })).toEqual({ _id: 'q', nested: { deep: { z: 3 } } });
      expect(await col.findOne({ _id: 'q' }, { projection: { 'nested.missing': 1 } })).toEqual({ _id: 'q', nested: {} });
      expect(await col.findOne({ _id: 'q' }, { projection: { 'list.w': 0, nested: 0, _id: 0, when: 0 } })).toEqual({ a: 1, list: [{ v: 1 }, {}], b: 'x' });
      expect(await col.findOne({ _id: 'q' }, { projection: { _id: 1 } })).toEqual({ _id: 'q' });
      // A projection returns a copy: changing it changes nothing stored.
      const copy = await col.findOne({ _id: 'q' }, { projection: { nested: 1 } });
      (copy!.nested as { x: number }).x = 99;
      expect((await col.findOne({ _id: 'q' }))!.nested).toEqual({ x: 1, deep: { y: 2, z: 3 } });
    });

    it('countDocuments counts all or matching documents', async () => {
      const col = fresh();
      expect(await col.countDocuments()).toBe(0);
      await col.insertMany([{ k: 'a' }, { k: 'a' }, { k: 'b' }]);
      expect(await col.countDocuments()).toBe(3);
      expect(await col.countDocuments({ k: 'a' })).toBe(2);
      expect(await col.countDocuments({ k: 'zzz' })).toBe(0);
    });

    it('updateOne reports matched and modified counts', async () => {
      const col = fresh();
      await col.insertMany([{ _id: '1', k: 'a', v: 0 }, { _id: '2', k: 'a', v: 0 }]);
      expect(await col.updateOne({ k: 'a' }, { $set: { v: 1 } })).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null });
      expect(await col.countDocuments({ v: 1 })).toBe(1);
      expect(await col.updateOne({ k: 'zzz' }, { $set: { v: 1 } })).toEqual({ matchedCount: 0, modifiedCount: 0, upsertedId: null });
      expect(await col.updateOne({ _id: '1' }, { $set: { v: 1 } })).toEqual({ matchedCount: 1, modifiedCount: 0, upsertedId: null });
    });

    it('updateMany updates every match', async () => {
      const col = fresh();
      await col.insertMany([{ k: 'a' }, { k: 'a' }, { k: 'b' }]);
      expect(await col.updateMany({ k: 'a' }, { $set: { done: true } })).toEqual({ matchedCount: 2, modifiedCount: 2, upsertedId: null });
      expect(await col.countDocuments({ done: true })).toBe(2);
    });

    it('rejects bad updates and filters with StoreError', async () => {
      const col = fresh();
      await col.insertOne({ _id: 'u', v: 1 });
      await expect(col.updateOne({ _id: 'u' }, { v: 2 })).rejects.toBeInstanceOf(StoreError);
      await expect(col.updateOne({ _id: 'u' }, {})).rejects.toBeInstanceOf(StoreError);
      await expect(col.updateOne({ _id: 'u' }, { $set: { _id: 'other' } })).rejects.toBeInstanceOf(StoreError);
      await expect(col.replaceOne({ _id: 'u' }, { _id: 'other', v: 3 })).rejects.toBeInstanceOf(StoreError);
      await expect(col.find({ v: { $bogus: 1 } })).rejects.toBeInstanceOf(StoreError);
      expect(await col.findOne({ _id: 'u' })).toEqual({ _id: 'u', v: 1 });
    });

    it('replaceOne replaces the whole document and keeps _id', async () => {
      const col = fresh();
      await col.insertOne({ _id: 'r', a: 1, b: 2 });
      expect(await col.replaceOne({ _id: 'r' }, { c: 3 })).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null });
      expect(await col.findOne({ _id: 'r' })).toEqual({ _id: 'r', c: 3 });
      expect(await col.replaceOne({ _id: 'nope' }, { c: 4 })).toEqual({ matchedCount: 0, modifiedCount: 0, upsertedId: null });
    });

    it('deleteOne, deleteMany and findOneAndDelete', async () => {
      const col = fresh();
      await col.insertMany([1, 2, 3, 4, 5].map((n) => ({ n, even: n % 2 === 0 })));
      expect(await col.deleteOne({ n: 1 })).toEqual({ deletedCount: 1 });
      expect(await col.deleteOne({ n: 1 })).toEqual({ deletedCount: 0 });
      const last = await col.findOneAndDelete({ even: false }, { sort: { n: -1 } });
      expect(last?.n).toBe(5);
      expect(await col.findOneAndDelete({ n: 99 })).toBeNull();
      expect(await col.deleteMany({ even: true })).toEqual({ deletedCount: 2 });
      expect((await col.find({})).map((d) => d.n)).toEqual([3]);
      expect(await col.deleteMany({})).toEqual({ deletedCount: 1 });
      expect(await col.countDocuments()).toBe(0);
    });
  });

  describe('update operators', () => {
    let col: Collection;
    beforeEach(async () => {
      col = fresh();
      await col.insertOne({ _id: 'o', a: 1, b: 'x', n: 10, list: [1, 2, 3, 2], tags: ['red'], low: 5, high: 5, nested: { c: 1 } });
    });
    const get = async (): Promise<Document | null> => col.findOne({ _id: 'o' });

    it('$set and $unset, including dotted paths', async () => {
      await col.updateOne({ _id: 'o' }, { $set: { a: 2, 'nested.d': 4, 'deep.er': true }, $unset: { b: '' } });
      expect(await get()).toMatchObject({ a: 2, nested: { c: 1, d: 4 }, deep: { er: true } });
      expect(await get()).not.toHaveProperty('b');
    });

    it('reports no modification when nothing changes', async () => {
      expect((await col.updateOne({ _id: 'o' }, { $set: { a: 1, 'nested.c': 1 } })).modifiedCount).toBe(0);
      expect((await col.updateOne({ _id: 'o' }, { $unset: { missing: '', 'nested.missing': '', 'no.such.path': '' } })).modifiedCount).toBe(0);
      expect((await col.updateOne({ _id: 'o' }, { $set: { nested: { c: 1 } } })).modifiedCount).toBe(0);
      expect((await col.updateOne({ _id: 'o' }, { $set: { nested: { c: 2 } } })).modifiedCount).toBe(1);
    });

    it('rejects $inc of a non-number and changes nothing', async () => {
      await expect(col.updateOne({ _id: 'o' }, { $inc: { b: 1 }, $set: { a: 5 } })).rejects.toBeInstanceOf(StoreError);
      await expect(col.updateOne({ _id: 'o' }, { $set: { a: 5, 'b.c': 1 } })).rejects.toBeInstanceOf(StoreError);
      expect(await get()).toMatchObject({ a: 1, b: 'x' });
    });

    it('$inc on existing and missing fields', async () => {
      await col.updateOne({ _id: 'o' }, { $inc: { n: 5, fresh: 2, 'nested.c': -1 } });
      expect(await get()).toMatchObject({ n: 15, fresh: 2, nested: { c: 0 } });
    });

    it('$push, with and without $each', async () => {
      await col.updateOne({ _id: 'o' }, { $push: { tags: 'blue' } });
      await col.updateOne({ _id: 'o' }, { $push: { tags: { $each: ['green', 'red'] }, newList: 'first' } });
      expect(await get()).toMatchObject({ tags: ['red', 'blue', 'green', 'red'], newList: ['first'] });
    });

    it('$pull by value', async () => {
      await col.updateOne({ _id: 'o' }, { $pull: { list: 2 } });
      expect((await get())?.list).toEqual([1, 3]);
    });

    itUnlessFerret('$pull by condition', async () => {
      await col.updateOne({ _id: 'o' }, { $pull: { list: { $gte: 2 } } });
      expect((await get())?.list).toEqual([1]);
    });

    it('$addToSet, with and without $each', async () => {
      await col.updateOne({ _id: 'o' }, { $addToSet: { tags: 'red' } });
      expect((await get())?.tags).toEqual(['red']);
      await col.updateOne({ _id: 'o' }, { $addToSet: { tags: { $each: ['blue', 'red', 'blue'] } } });
      expect((await get())?.tags).toEqual(['red', 'blue']);
    });

    it('$min and $max', async () => {
      await col.updateOne({ _id: 'o' }, { $min: { low: 3, high: 9 }, $max: { 'nested.c': 7 } });
      await col.updateOne({ _id: 'o' }, { $max: { high: 8 } });
      expect(await get()).toMatchObject({ low: 3, high: 8, nested: { c: 7 } });
      const unchanged = await col.updateOne({ _id: 'o' }, { $min: { low: 4 } });
      expect(unchanged.modifiedCount).toBe(0);
    });

    it('$currentDate sets a Date', async () => {
      const before = Date.now();
      await col.updateOne({ _id: 'o' }, { $currentDate: { touchedAt: true } });
      const doc = await get();
      expect(doc?.touchedAt).toBeInstanceOf(Date);
      expect((doc?.touchedAt as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
      expect((doc?.touchedAt as Date).getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it('$setOnInsert does nothing to an existing document', async () => {
      const res = await col.updateOne({ _id: 'o' }, { $set: { a: 3 }, $setOnInsert: { created: true } }, { upsert: true });
      expect(res).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null });
      expect(await get()).not.toHaveProperty('created');
    });
  });

  describe('upsert', () => {
    it('updateOne inserts from the filter equalities, $set and $setOnInsert', async () => {
      const col = fresh();
      const res = await col.updateOne(
        { waId: '919800000001', kind: { $eq: 'citizen' }, 'profile.lang': 'hi', age: { $gt: 3 } },
        { $set: { step: 'start' }, $setOnInsert: { createdBy: 'upsert' }, $inc: { visits: 1 } },
        { upsert: true },
      );
      expect(res.matchedCount).toBe(0);
      expect(res.modifiedCount).toBe(0);
      expect(res.upsertedId).toMatch(HEX_ID);
      const doc = await col.findOne({ _id: res.upsertedId });
      expect(doc).toEqual({
        _id: res.upsertedId,
        waId: '919800000001',
        kind: 'citizen',
        profile: { lang: 'hi' },
        step: 'start',
        createdBy: 'upsert',
        visits: 1,
      });

      const again = await col.updateOne(
        { waId: '919800000001' },
        { $set: { step: 'next' }, $setOnInsert: { createdBy: 'second' }, $inc: { visits: 1 } },
        { upsert: true },
      );
      expect(again).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null });
      expect(await col.findOne({ waId: '919800000001' })).toMatchObject({ step: 'next', createdBy: 'upsert', visits: 2 });
      expect(await col.countDocuments()).toBe(1);
    });

    it('takes the _id from the filter', async () => {
      const col = fresh();
      const res = await col.updateOne({ _id: 'given' }, { $set: { v: 1 } }, { upsert: true });
      expect(res.upsertedId).toBe('given');
      expect(await col.findOne({ _id: 'given' })).toEqual({ _id: 'given', v: 1 });
    });

    it('findOneAndUpdate upserts and returns the new document when asked', async () => {
      const col = fresh();
      const after = await col.findOneAndUpdate(
        { key: 'k1' },
        { $inc: { n: 1 }, $setOnInsert: { first: true } },
        { upsert: true, returnDocument: 'after' },
      );
      expect(after).toMatchObject({ key: 'k1', n: 1, first: true });
      expect(after?._id).toMatch(HEX_ID);
      const before = await col.findOneAndUpdate({ key: 'k2' }, { $inc: { n: 1 } }, { upsert: true });
      expect(before).toBeNull();
      expect(await col.findOne({ key: 'k2' })).toMatchObject({ key: 'k2', n: 1 });
    });

    it('replaceOne upserts the replacement with a string _id', async () => {
      const col = fresh();
      const res = await col.replaceOne({ key: 'r1' }, { key: 'r1', v: 1 }, { upsert: true });
      expect(res.upsertedId).toMatch(HEX_ID);
      expect(await col.findOne({ key: 'r1' })).toEqual({ _id: res.upsertedId, key: 'r1', v: 1 });
      const again = await col.replaceOne({ key: 'r1' }, { key: 'r1', v: 2 }, { upsert: true });
      expect(again).toEqual({ matchedCount: 1, modifiedCount: 1, upsertedId: null });
      expect(await col.findOne({ key: 'r1' })).toEqual({ _id: res.upsertedId, key: 'r1', v: 2 });
      const byId = await col.replaceOne({ _id: 'rid' }, { v: 3 }, { upsert: true });
      expect(byId.upsertedId).toBe('rid');
      expect(await col.findOne({ _id: 'rid' })).toEqual({ _id: 'rid', v: 3 });
    });

    it('concurrent upserts on a unique key create one document', async () => {
      const col = fresh();
      await col.createIndex({ keys: { key: 1 }, unique: true });
      await Promise.all(Array.from({ length: 50 }, () => col.updateOne({ key: 'same' }, { $inc: { n: 1 } }, { upsert: true })));
      expect(await col.find({ key: 'same' })).toEqual([expect.objectContaining({ key: 'same', n: 50 })]);
    });
  });

  describe('findOneAndUpdate', () => {
    it('returns the document before the update by default, after on request', async () => {
      const col = fresh();
      await col.insertOne({ _id: 'f', n: 1 });
      expect(await col.findOneAndUpdate({ _id: 'f' }, { $inc: { n: 1 } })).toEqual({ _id: 'f', n: 1 });
      expect(await col.findOneAndUpdate({ _id: 'f' }, { $inc: { n: 1 } }, { returnDocument: 'after' })).toEqual({ _id: 'f', n: 3 });
      expect(await col.findOneAndUpdate({ _id: 'missing' }, { $inc: { n: 1 } })).toBeNull();
    });

    it('picks by sort and applies a projection', async () => {
      const col = fresh();
      await col.insertMany([
        { _id: 'a', prio: 1, state: 'queued', payload: 'x' },
        { _id: 'b', prio: 3, state: 'queued', payload: 'y' },
        { _id: 'c', prio: 2, state: 'queued', payload: 'z' },
      ]);
      const claimed = await col.findOneAndUpdate(
        { state: 'queued' },
        { $set: { state: 'taken' } },
        { sort: { prio: -1 }, returnDocument: 'after', projection: { state: 1 } },
      );
      expect(claimed).toEqual({ _id: 'b', state: 'taken' });
      const next = await col.findOneAndUpdate({ state: 'queued' }, { $set: { state: 'taken' } }, { sort: { prio: -1 }, projection: { payload: 0 } });
      expect(next).toEqual({ _id: 'c', prio: 2, state: 'queued' });
    });

    it('200 concurrent $inc on one document are atomic', async () => {
      const col = fresh();
      await col.insertOne({ _id: 'counter', n: 0 });
      const results = await Promise.all(
        Array.from({ length: 200 }, () => col.findOneAndUpdate({ _id: 'counter' }, { $inc: { n: 1 } }, { returnDocument: 'after' })),
      );
      const seen = results.map((doc) => doc?.n as number).sort((x, y) => x - y);
      expect(seen).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
      expect(await col.findOne({ _id: 'counter' })).toEqual({ _id: 'counter', n: 200 });
    });
  });

  describe('unique indexes', () => {
    it('createIndex returns the name and is idempotent', async () => {
      const col = fresh();
      expect(await col.createIndex({ keys: { email: 1 }, unique: true })).toBe('email_1');
      expect(await col.createIndex({ keys: { email: 1 }, unique: true })).toBe('email_1');
      expect(await col.createIndex({ keys: { a: 1, b: -1 }, name: 'ab' })).toBe('ab');
    });

    it('insert of a duplicate key throws DuplicateKeyError and changes nothing', async () => {
      const col = fresh();
      await col.createIndex({ keys: { email: 1 }, unique: true });
      await col.insertOne({ _id: 'u1', email: 'a@example.in', name: 'A' });
      const err = await col.insertOne({ _id: 'u2', email: 'a@example.in', name: 'B' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DuplicateKeyError);
      expect(err).toBeInstanceOf(StoreError);
      expect(err).toMatchObject({ code: 11000, collection: col.name, index: 'email_1', keyValue: { email: 'a@example.in' } });
      expect(await col.find({})).toEqual([{ _id: 'u1', email: 'a@example.in', name: 'A' }]);
    });

    it('an update that would duplicate a key throws and leaves the document unchanged', async () => {
      const col = fresh();
      await col.createIndex({ keys: { email: 1 }, unique: true });
      await col.insertMany([
        { _id: 'u1', email: 'a@example.in' },
        { _id: 'u2', email: 'b@example.in' },
      ]);
      const err = await col.updateOne({ _id: 'u2' }, { $set: { email: 'a@example.in', other: 1 } }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DuplicateKeyError);
      expect(err).toMatchObject({ index: 'email_1', keyValue: { email: 'a@example.in' } });
      await expect(col.findOneAndUpdate({ _id: 'u2' }, { $set: { email: 'a@example.in' } })).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(col.replaceOne({ _id: 'u2' }, { email: 'a@example.in' })).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await col.findOne({ _id: 'u2' })).toEqual({ _id: 'u2', email: 'b@example.in' });
    });

    it('an upsert that would duplicate a key throws and inserts nothing', async () => {
      const col = fresh();
      await col.createIndex({ keys: { email: 1 }, unique: true });
      await col.insertOne({ _id: 'u1', email: 'a@example.in', v: 1 });
      const err = await col.updateOne({ _id: 'u9' }, { $set: { email: 'a@example.in' } }, { upsert: true }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DuplicateKeyError);
      expect(err).toMatchObject({ index: 'email_1', keyValue: { email: 'a@example.in' } });
      await expect(
        col.findOneAndUpdate({ tag: 'new' }, { $set: { email: 'a@example.in' } }, { upsert: true, returnDocument: 'after' }),
      ).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await col.find({})).toEqual([{ _id: 'u1', email: 'a@example.in', v: 1 }]);
    });

    it('a compound unique index only rejects the whole key repeated', async () => {
      const col = fresh();
      const name = await col.createIndex({ keys: { dept: 1, serial: 1 }, unique: true });
      await col.insertMany([
        { dept: 'rev', serial: 1 },
        { dept: 'rev', serial: 2 },
        { dept: 'tax', serial: 1 },
      ]);
      const err = await col.insertOne({ dept: 'rev', serial: 2 }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DuplicateKeyError);
      expect(err).toMatchObject({ index: name, keyValue: { dept: 'rev', serial: 2 } });
      expect(await col.countDocuments()).toBe(3);
    });

    itUnlessFerret('a missing unique field counts as null', async () => {
      const col = fresh();
      await col.createIndex({ keys: { code: 1 }, unique: true });
      await col.insertOne({ name: 'no code' });
      await expect(col.insertOne({ name: 'no code either' })).rejects.toBeInstanceOf(DuplicateKeyError);
      await expect(col.insertOne({ code: null })).rejects.toBeInstanceOf(DuplicateKeyError);
      expect(await col.countDocuments()).toBe(1);
    });

    it('queries on indexed fields find what a scan finds (arrays, nesting, types)', async () => {
      const plain = fresh();
      const indexed = fresh();
      await indexed.createIndex({ keys: { tags: 1 } });
      await indexed.createIndex({ keys: { 'who.dept': 1, serial: -1 } });
      await indexed.createIndex({ keys: { code: 1 }, unique: true });
      const when = new Date('2024-01-01T00:00:00Z');
      const docs = [
        { _id: '1', tags: ['a', 'b'], who: { dept: 'rev' }, serial: 1, code: 'x1', at: when },
        { _id: '2', tags: 'a', who: { dept: 'rev' }, serial: 2, code: 'x2' },
        { _id: '3', tags: [], who: [{ dept: 'tax' }, { dept: 'rev' }], serial: 1, code: 3 },
        { _id: '4', tags: ['b'], who: { dept: 'tax' }, serial: '1', code: true },
        { _id: '5', who: { dept: 'rev' }, serial: 1, code: when },
      ];
      await plain.insertMany(docs);
      await indexed.insertMany(docs);
      const filters = [
        { tags: 'a' },
        { tags: { $eq: 'b' } },
        { tags: ['a', 'b'] },
        { 'who.dept': 'rev', serial: 1 },
        { 'who.dept': 'tax', serial: '1' },
        { code: 'x1' },
        { code: 3 },
        { code: true },
        { code: when },
        { code: 'x1', tags: 'b' },
        { _id: { $in: ['2', '4', 'nope'] } },
      ];
      for (const filter of filters) {
        const ids = async (col: Collection): Promise<string[]> => (await col.find(filter, { sort: { _id: 1 } })).map((d) => d._id);
        expect({ filter, ids: await ids(indexed) }).toEqual({ filter, ids: await ids(plain) });
      }
    });

    it('creating a unique index over existing duplicates fails', async () => {
      const col = fresh();
      await col.insertMany([{ k: 1 }, { k: 1 }]);
      await expect(col.createIndex({ keys: { k: 1 }, unique: true })).rejects.toBeInstanceOf(StoreError);
      await col.insertOne({ k: 1 });
      expect(await col.countDocuments({ k: 1 })).toBe(3);
    });
  });

  describe('TTL', () => {
    it('sweepExpired removes expired documents and keeps the rest', async () => {
      const col = fresh();
      await col.createIndex({ keys: { purgeAt: 1 }, expireAfterSeconds: 0 });
      const now = Date.now();
      await col.insertMany([
        { _id: 'old', purgeAt: new Date(now - 60_000) },
        { _id: 'future', purgeAt: new Date(now + 3_600_000) },
        { _id: 'not-a-date', purgeAt: 'tomorrow' },
        { _id: 'no-field' },
      ]);
      const removed = await store.sweepExpired();
      // A real MongoDB's own TTL monitor may have got there first.
      if (engine.flavor !== 'mongodb') expect(removed).toBe(1);
      expect((await col.find({}, { sort: { _id: 1 } })).map((d) => d._id)).toEqual(['future', 'no-field', 'not-a-date']);
      expect(await store.sweepExpired()).toBe(0);
    });

    it('expireAfterSeconds counts from the stored date', async () => {
      const col = fresh();
      await col.createIndex({ keys: { seenAt: 1 }, expireAfterSeconds: 60 });
      const now = Date.now();
      await col.insertMany([
        { _id: 'stale', seenAt: new Date(now - 120_000) },
        { _id: 'recent', seenAt: new Date(now - 30_000) },
      ]);
      await store.sweepExpired();
      expect((await col.find({})).map((d) => d._id)).toEqual(['recent']);
    });
  });

  describe('values and copies', () => {
    it('dates round-trip as Date', async () => {
      const col = fresh();
      const when = new Date('2024-03-01T10:20:30.456Z');
      await col.insertOne({ _id: 'd', when, nested: { at: when }, list: [when] });
      const doc = await col.findOne({ _id: 'd' });
      expect(doc?.when).toBeInstanceOf(Date);
      expect(doc).toEqual({ _id: 'd', when, nested: { at: when }, list: [when] });
      expect(await col.countDocuments({ when: { $gte: new Date('2024-01-01'), $lt: new Date('2025-01-01') } })).toBe(1);
      expect(await col.countDocuments({ when })).toBe(1);
    });

    it('keeps numbers, booleans, nulls, text and arrays of documents', async () => {
      const col = fresh();
      const value = { _id: 'v', int: 42, float: 1.5, neg: -7, big: 2 ** 40, yes: true, no: false, nothing: null, arr: [{ a: 'b' }, 3], text: 'हिन्दी ✓' };
      await col.insertOne(value);
      expect(await col.findOne({ _id: 'v' })).toEqual(value);
    });

    itUnlessFerret('keeps nested arrays', async () => {
      const col = fresh();
      await col.insertOne({ _id: 'n', grid: [[1, 2], [3]] });
      expect(await col.findOne({ _id: 'n' })).toEqual({ _id: 'n', grid: [[1, 2], [3]] });
    });

    it('results are copies: mutating them does not change stored data', async () => {
      const col = fresh();
      const input = { _id: 'c', tags: ['a'], nested: { n: 1 } };
      const inserted = await col.insertOne(input);
      input.tags.push('from-input');
      (inserted.tags as string[]).push('from-insert-result');
      const found = await col.findOne({ _id: 'c' });
      (found?.nested as { n: number }).n = 99;
      const listed = await col.find({});
      (listed[0].tags as string[]).push('from-find');
      const updated = await col.findOneAndUpdate({ _id: 'c' }, { $set: { x: 1 } }, { returnDocument: 'after' });
      (updated?.tags as string[]).push('from-fou');
      const value = { deep: { v: 1 } };
      await col.updateOne({ _id: 'c' }, { $set: { value } });
      value.deep.v = 2;
      expect(await col.findOne({ _id: 'c' })).toEqual({ _id: 'c', tags: ['a'], nested: { n: 1 }, x: 1, value: { deep: { v: 1 } } });
    });
  });

  describe('lifecycle', () => {
    it('ping resolves on an open store', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('after close every operation rejects with StoreUnavailableError', async () => {
      const other = await engine.open();
      const col = other.collection('closed_check');
      await col.insertOne({ _id: 'x' });
      await other.close();
      await other.close();
      await expect(col.findOne({ _id: 'x' })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(col.insertOne({ _id: 'y' })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(col.updateOne({ _id: 'x' }, { $set: { a: 1 } })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(col.findOneAndUpdate({ _id: 'x' }, { $set: { a: 1 } })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(col.deleteMany({})).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(col.createIndex({ keys: { a: 1 } })).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(other.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(other.sweepExpired()).rejects.toBeInstanceOf(StoreUnavailableError);
    });
  });
});

describe('mongo engine specifics', () => {
  it('fails to open with StoreUnavailableError when no server answers', async () => {
    const err = await createStore({ engine: 'mongo', uri: 'mongodb://user:secret@127.0.0.1:1/', serverSelectionTimeoutMS: 300 }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toMatch(/cannot use MongoDB at mongodb:\/\/user:\*\*\*@127\.0\.0\.1:1\//);
    expect((err as Error).message).not.toContain('secret');
  });

  const itWithMongo = MONGO_URI ? it : it.skip;

  itWithMongo('a second host learns TTL indexes at open and sweeps them', async () => {
    const uri = MONGO_URI as string;
    const dbName = `jansetu_ttl_${process.pid}_${randomBytes(4).toString('hex')}`;
    const first = await createStore({ engine: 'mongo', uri, dbName, sweepIntervalMs: 0 });
    const second = { store: undefined as DocumentStore | undefined };
    try {
      const col = first.collection('sessions');
      await col.createIndex({ keys: { purgeAt: 1 }, expireAfterSeconds: 0 });
      await col.insertMany([
        { _id: 'old', purgeAt: new Date(Date.now() - 60_000) },
        { _id: 'new', purgeAt: new Date(Date.now() + 60_000) },
      ]);
      second.store = await createStore({ engine: 'mongo', uri, dbName, sweepIntervalMs: 0 });
      await second.store.sweepExpired();
      expect((await col.find({})).map((d) => d._id)).toEqual(['new']);
    } finally {
      await second.store?.close();
      const client = new MongoClient(uri);
      await client.db(dbName).dropDatabase();
      await client.close();
      await first.close();
    }
  });
});
