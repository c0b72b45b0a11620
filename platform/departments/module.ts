/** The departments and their services (flows/catalog/services.json), and the search citizens' words go through. */
import path from 'node:path';
import type { ModuleContext, OpenedModule } from '../module';
import { ServiceCatalog } from './catalog';
import { ServiceSearch } from './search';

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ catalog: ServiceCatalog; serviceSearch: ServiceSearch }>> {
  const catalog = ServiceCatalog.load(path.join(ctx.config.flowsDir, 'catalog', 'services.json'));
  return { name: 'departments', services: { catalog, serviceSearch: new ServiceSearch(catalog) }, close: async () => {} };
}
