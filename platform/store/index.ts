/**
 * The platform's document store: one port (see ./port), two engines.
 * `embedded` keeps data in a local directory (single host, no server to run);
 * `mongo` talks to MongoDB or any MongoDB-wire server such as FerretDB.
 */
import { EmbeddedStore, type EmbeddedStoreOptions } from './embedded';
import { MongoStore, type MongoStoreOptions } from './mongo';
import { StoreError, type DocumentStore } from './port';

export * from './port';
export type { StoreLogger } from './logger';
export type { EmbeddedStoreOptions } from './embedded';
export type { MongoStoreOptions } from './mongo';

export type StoreOptions = ({ engine: 'embedded' } & EmbeddedStoreOptions) | ({ engine: 'mongo' } & MongoStoreOptions);

/** Opens a store; it is ready when the promise resolves (StoreUnavailableError otherwise). */
export async function createStore(options: StoreOptions): Promise<DocumentStore> {
  switch (options.engine) {
    case 'embedded':
      return EmbeddedStore.open(options);
    case 'mongo':
      return MongoStore.open(options);
    default:
      throw new StoreError(`unknown store engine: ${String((options as { engine: unknown }).engine)}`);
  }
}
