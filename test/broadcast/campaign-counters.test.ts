/**
 * Campaign counters under many recipient changes at once: additions made while a counter write is
 * under way are summed into the next write (campaigns.ts addCounts), and none may be lost or
 * counted twice; the change that leaves nothing queued completes the campaign.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Campaigns } from '../../platform/broadcast/campaigns';
import { createStore, type DocumentStore } from '../../platform/store';

let store: DocumentStore;
let campaigns: Campaigns;
let dir: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jansetu-counters-'));
  store = await createStore({ engine: 'embedded', dir, sweepIntervalMs: 0 });
  campaigns = new Campaigns(store);
  await campaigns.init();
});

afterEach(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function running(size: number) {
  const rows = Array.from({ length: size }, (_, i) => ({ waId: `91970000${String(i).padStart(4, '0')}`, fields: {} }));
  const campaign = await campaigns.create({ name: 'counters', template: { name: 't', language: 'en', header: [], body: [] }, senders: ['100'], data: {}, rows, rejected: [], duplicates: 0 });
  await campaigns.campaigns.updateOne({ _id: campaign._id }, { $set: { state: 'running', fanout: { cursor: null, done: true } } });
  return { campaign, recipients: await campaigns.recipients.find({ campaignId: campaign._id }) };
}

test('hundreds of concurrent changes leave exact counters, written in far fewer campaign writes', async () => {
  const { campaign, recipients } = await running(300);
  let writes = 0;
  const findOneAndUpdate = campaigns.campaigns.findOneAndUpdate.bind(campaigns.campaigns);
  campaigns.campaigns.findOneAndUpdate = ((...args: Parameters<typeof findOneAndUpdate>) => (writes++, findOneAndUpdate(...args))) as typeof findOneAndUpdate;

  // Every recipient sent, then a third delivered and a third failed (code 131026), all at once.
  const moved = await Promise.all(recipients.map((r) => campaigns.moveRecipient(r, ['queued'], 'sent')));
  expect(moved.every(Boolean)).toBe(true);
  const later = await Promise.all(
    recipients.map((r, i) => (i % 3 === 0 ? campaigns.moveRecipient(r, ['sent'], 'delivered') : i % 3 === 1 ? campaigns.moveRecipient(r, ['sent'], 'failed', { error: '131026' }, '131026') : Promise.resolve(false))),
  );
  // A change that did not happen (already delivered) moves nothing.
  expect(await campaigns.moveRecipient(recipients[0]!, ['queued', 'sent'], 'delivered')).toBe(false);

  const after = await campaigns.get(campaign._id);
  expect(after?.counts).toEqual({ queued: 0, sent: 100, delivered: 100, read: 0, failed: 100, skipped: 0 });
  expect(after?.errors).toEqual({ '131026': 100 });
  expect(later.filter(Boolean)).toHaveLength(200);
  // The last queued recipient's change completed it.
  expect(after?.state).toBe('completed');
  expect(writes).toBeLessThan(500 / 4);
  // What a recount from the recipients says agrees.
  await campaigns.recount(campaign._id);
  expect((await campaigns.get(campaign._id))?.counts).toEqual(after?.counts);
});

test('a failing counter write rejects every change waiting on it, and the next write goes on', async () => {
  const { campaign, recipients } = await running(4);
  const findOneAndUpdate = campaigns.campaigns.findOneAndUpdate.bind(campaigns.campaigns);
  let fail = true;
  campaigns.campaigns.findOneAndUpdate = ((...args: Parameters<typeof findOneAndUpdate>) => {
    if (fail) {
      fail = false;
      return Promise.reject(new Error('store down'));
    }
    return findOneAndUpdate(...args);
  }) as typeof findOneAndUpdate;
  await expect(campaigns.moveRecipient(recipients[0]!, ['queued'], 'sent')).rejects.toThrow('store down');
  expect(await campaigns.moveRecipient(recipients[1]!, ['queued'], 'sent')).toBe(true);
  // The lost addition is what a recount (the sweep's) makes good.
  expect((await campaigns.get(campaign._id))?.counts).toMatchObject({ queued: 3, sent: 1 });
  await campaigns.recount(campaign._id);
  expect((await campaigns.get(campaign._id))?.counts).toMatchObject({ queued: 2, sent: 2 });
});
