/** The store module: MongoDB when MONGODB_URI is set, else the embedded engine under the data directory. */
import path from 'node:path';
import type { ModuleContext, OpenedModule } from '../module';
import { redactUrl } from '../queue';
import { createStore, type DocumentStore } from './index';

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ store: DocumentStore }>> {
  const { config, log } = ctx;
  let store: DocumentStore;
  if (config.mongodb) {
    store = await createStore({ engine: 'mongo', uri: config.mongodb.uri, dbName: config.mongodb.dbName, log });
    log.info({ uri: redactUrl(config.mongodb.uri), db: config.mongodb.dbName }, 'store: MongoDB');
  } else {
    const dir = path.join(config.dataDir, 'store');
    store = await createStore({ engine: 'embedded', dir, log });
    log.info({ dir }, 'store: embedded');
  }
  return { name: 'store', services: { store }, close: () => store.close() };
}
