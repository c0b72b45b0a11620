/** The departments and their services (flows/catalog/services.json), the search citizens' words go through, and the departments' APIs. */
import path from 'node:path';
import type { ModuleContext, OpenedModule } from '../module';
import { ServiceCatalog } from './catalog';
import { ServiceSearch } from './search';
import { DepartmentApis } from './api/pool';

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ catalog: ServiceCatalog; serviceSearch: ServiceSearch; departmentApis: DepartmentApis }>> {
  const catalog = ServiceCatalog.load(path.join(ctx.config.flowsDir, 'catalog', 'services.json'));
  return { name: 'departments', services: { catalog, serviceSearch: new ServiceSearch(catalog), departmentApis: new DepartmentApis() }, close: async () => {} };
}
