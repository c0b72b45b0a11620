/** The departments and their services (flows/catalog/services.json). */
import path from 'node:path';
import type { ModuleContext, OpenedModule } from '../module';
import { ServiceCatalog } from './catalog';

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ catalog: ServiceCatalog }>> {
  const catalog = ServiceCatalog.load(path.join(ctx.config.flowsDir, 'catalog', 'services.json'));
  return { name: 'departments', services: { catalog }, close: async () => {} };
}
