/**
 * A deploy saves the flows before Node-RED stops them: the storage announces
 * the save on the runtime's events, and its failure, so the channel can set
 * aside the turns in flight from that moment (platform/whatsapp/module.ts).
 */
import { EventEmitter } from 'node:events';
import { createNodeRedStorage, FLOWS_SAVE_FAILED, FLOWS_SAVING } from '../../platform/red/storage';
import { createStore, type DocumentStore } from '../../platform/store';
import { tempDir } from '../support/services';

describe('flows saved by a deploy', () => {
  let store: DocumentStore;
  beforeEach(async () => {
    store = await createStore({ engine: 'embedded', dir: tempDir(), sweepIntervalMs: 0 });
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
  });

  function watched(events: EventEmitter): string[] {
    const seen: string[] = [];
    events.on(FLOWS_SAVING, () => seen.push('saving'));
    events.on(FLOWS_SAVE_FAILED, () => seen.push('failed'));
    return seen;
  }

  it('announces the save once the runtime is there', async () => {
    const storage = createNodeRedStorage(store);
    const events = new EventEmitter();
    const seen = watched(events);
    await storage.init({});
    // Seeding and the CLI save before Node-RED runs: nobody to tell.
    await storage.saveFlows([{ id: 't1', type: 'tab' }]);
    expect(seen).toEqual([]);
    await storage.init({}, { events });
    await storage.saveFlows([{ id: 't2', type: 'tab' }]);
    expect(seen).toEqual(['saving']);
    expect(await storage.getFlows()).toEqual([{ id: 't2', type: 'tab' }]);
  });

  it('says when the store refused the save, so the running flows go on', async () => {
    const storage = createNodeRedStorage(store);
    const events = new EventEmitter();
    const seen = watched(events);
    await storage.init({}, { events });
    await store.close();
    await expect(storage.saveFlows([{ id: 't3', type: 'tab' }])).rejects.toThrow();
    expect(seen).toEqual(['saving', 'failed']);
  });
});
