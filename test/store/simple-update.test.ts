/**
 * The embedded engine's copy-on-write updates: a simple update copies only the objects along the
 * paths it changes and shares the rest with the stored version, which it must never change (a
 * frozen document throws on any write here), and it must give what mingo gives on a full copy.
 */
import { update as mingoUpdate } from 'mingo';
import { copyDocument } from '../../platform/store/clone';
import { simpleUpdated } from '../../platform/store/simple-update';

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

const at = new Date('2026-12-04T00:00:00Z');
const base = () => ({ _id: 'r1', state: 'queued', n: 1, fields: { name: 'Ravi', school: { id: 'z1', district: 'Guntur' } }, counts: { queued: 3, sent: 0 }, statuses: ['accepted'], tag: { campaignId: 'c1' }, updatedAt: at });

const updates: Array<Record<string, unknown>> = [
  { $set: { state: 'sent', updatedAt: new Date('2026-12-05T00:00:00Z') } },
  { $set: { 'fields.school.district': 'Krishna' } },
  { $set: { 'fields.school.mandal': 'Tenali', 'other.deep.x': 1 } },
  { $inc: { 'counts.queued': -1, 'counts.sent': 1, 'errors.opted_out': 1 } },
  { $unset: { 'fields.school.id': '' } },
  { $addToSet: { statuses: 'sent' }, $set: { updatedAt: at } },
  { $addToSet: { statuses: 'accepted' } },
  { $set: { state: 'queued' } },
  { $set: { fields: { replaced: true } }, $inc: { n: 2 } },
];

test.each(updates.map((u) => [JSON.stringify(u), u]))('%s: as mingo gives it, the stored version untouched', (_name, update) => {
  const stored = deepFreeze(base());
  const after = simpleUpdated(stored, copyDocument(update));
  const expected = copyDocument(base()) as Record<string, unknown>;
  const changed = mingoUpdate(expected, update as never, undefined, undefined, { cloneMode: 'deep' }).length > 0;
  expect(stored).toEqual(base());
  if (!changed) return expect(after).toBeNull();
  expect(after).toEqual(expected);
  // What the update did not touch is shared, not copied.
  if (!('fields' in ((update.$set ?? {}) as object)) && !JSON.stringify(update).includes('fields.')) expect(after!.fields).toBe(stored.fields);
  expect(after!.tag).toBe(stored.tag);
});

test('declines what it does not make (array paths, operators mingo must apply)', () => {
  const stored = deepFreeze(base());
  expect(simpleUpdated(stored, { $set: { 'statuses.0': 'x' } })).toBeUndefined();
  expect(simpleUpdated(stored, { $push: { statuses: 'x' } })).toBeUndefined();
  // A numeric part may be an array index: mingo's.
  expect(simpleUpdated(stored, { $inc: { 'errors.131026': 1 } })).toBeUndefined();
  expect(stored).toEqual(base());
});
