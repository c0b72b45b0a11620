/**
 * The embedded engine's fast filter path must answer exactly as mingo (the
 * MongoDB query language the engine otherwise uses) wherever it answers at all.
 */
import { Query } from 'mingo';
import { compileSimpleFilter } from '../../platform/store/simple-filter';

const t0 = new Date('2026-01-01T00:00:00Z');
const t1 = new Date('2026-06-01T00:00:00Z');
const docs: Array<Record<string, unknown>> = [
  {},
  { a: null },
  { a: 1 },
  { a: 5 },
  { a: '5' },
  { a: 'x' },
  { a: true },
  { a: t0 },
  { a: t1 },
  { a: [] },
  { a: [1, 5] },
  { a: ['x', null] },
  { a: [{ b: 1 }] },
  { a: { b: 1 } },
  { a: { b: 'x', c: [1] } },
  { a: 'text', s: 'received', n: 3 },
  { s: 'done', n: 2, a: t0 },
];
const filters: Array<Record<string, unknown>> = [
  { a: 1 },
  { a: null },
  { a: 'x' },
  { a: t0 },
  { a: { $ne: 1 } },
  { a: { $ne: null } },
  { a: { $in: [1, 'x'] } },
  { a: { $in: [null] } },
  { a: { $nin: [5, 'x'] } },
  { a: { $lt: 5 } },
  { a: { $gte: 1, $lt: 6 } },
  { a: { $gt: 'w' } },
  { a: { $lt: t1 } },
  { a: { $exists: true } },
  { a: { $exists: false } },
  { 'a.b': 1 },
  { 'a.b': { $exists: true } },
  { 'a.c': 1 },
  { a: { $eq: 5 }, n: { $exists: false } },
  { $or: [{ s: 'received' }, { n: { $gt: 2 } }] },
  { $and: [{ s: { $in: ['received', 'done'] } }, { a: { $ne: 'text' } }] },
  { s: 'done', $or: [{ a: { $lt: t1 } }, { n: 9 }] },
];

describe('compileSimpleFilter', () => {
  it('agrees with mingo on every document it judges', () => {
    let judged = 0;
    for (const filter of filters) {
      const simple = compileSimpleFilter(filter);
      expect(simple).toBeDefined();
      const mingo = new Query(filter);
      for (const doc of docs) {
        const verdict = simple!(doc);
        if (verdict === undefined) continue;
        judged++;
        expect({ filter, doc, verdict }).toEqual({ filter, doc, verdict: mingo.test(doc) });
      }
    }
    expect(judged).toBeGreaterThan(filters.length * docs.length * 0.8);
  });

  it('leaves to mingo what it does not know', () => {
    for (const filter of [{ a: { $regex: 'x' } }, { a: { b: 1 } }, { a: { $elemMatch: { b: 1 } } }, { $where: 'true' }, { 'a.0': 1 }, { a: { $lt: null } }]) {
      expect(compileSimpleFilter(filter)).toBeUndefined();
    }
    // Arrays of documents are judged by mingo, document by document.
    expect(compileSimpleFilter({ 'a.b': 1 })!({ a: [{ b: 1 }] })).toBeUndefined();
  });
});
