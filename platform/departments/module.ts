/**
 * The departments and their services (flows/catalog/services.json) with the
 * options of their choice inputs (choices.json), the search citizens' words
 * go through, and the departments' APIs.
 */
import path from 'node:path';
import type { ModuleContext, OpenedModule } from '../module';
import { ServiceCatalog } from './catalog';
import { ServiceChoices } from './choices';
import { ServiceSearch } from './search';
import { DepartmentApis } from './api/pool';

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ catalog: ServiceCatalog; choices: ServiceChoices; serviceSearch: ServiceSearch; departmentApis: DepartmentApis }>> {
  const catalog = ServiceCatalog.load(path.join(ctx.config.flowsDir, 'catalog', 'services.json'));
  const choices = ServiceChoices.load(ServiceChoices.fileIn(ctx.config.flowsDir), catalog);
  return { name: 'departments', services: { catalog, choices, serviceSearch: new ServiceSearch(catalog), departmentApis: new DepartmentApis() }, close: async () => {} };
}
