/**
 * The service catalog: the state's departments and the services each offers
 * on WhatsApp, with titles in every language the platform speaks. Kept in
 * flows/catalog/services.json next to the department flows; checked on load
 * so a title WhatsApp would refuse (list rows: 24 characters) fails early.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defaultFlowsDir } from '../paths';

export const LANGUAGES = ['en', 'te'] as const;
export type Language = (typeof LANGUAGES)[number];

const ROW_TITLE_MAX = 24;
const ROW_DESCRIPTION_MAX = 72;
/** WhatsApp counts characters, and Telugu combining signs are characters of their own. */
const chars = (s: string) => [...s].length;

const localized = (max: number) =>
  z.object({ en: z.string().min(1), te: z.string().min(1) }).superRefine((t, ctx) => {
    for (const lang of LANGUAGES) if (chars(t[lang]) > max) ctx.addIssue({ code: 'custom', path: [lang], message: `"${t[lang]}" is over ${max} characters` });
  });

const catalogSchema = z.object({
  version: z.literal(1),
  departments: z
    .array(
      z.object({
        id: z.string().regex(/^[a-z0-9_]+$/),
        title: localized(ROW_TITLE_MAX),
        description: localized(ROW_DESCRIPTION_MAX),
        services: z
          .array(
            z.object({
              id: z.string().regex(/^[a-z0-9_]+$/),
              title: localized(ROW_TITLE_MAX),
              /** Id of the tab that implements it; null while the service is not built yet. */
              flow: z.string().nullable(),
            }),
          )
          .min(1),
      }),
    )
    .min(1),
});

export type ServiceCatalogData = z.infer<typeof catalogSchema>;
export type Department = ServiceCatalogData['departments'][number];
export type Service = Department['services'][number];

export const DEFAULT_CATALOG_FILE = path.join(defaultFlowsDir, 'catalog', 'services.json');

export class ServiceCatalog {
  private readonly byDepartment: Map<string, Department>;
  private readonly byService = new Map<string, { department: Department; service: Service }>();

  constructor(readonly data: ServiceCatalogData) {
    this.byDepartment = new Map(data.departments.map((d) => [d.id, d]));
    for (const department of data.departments) {
      for (const service of department.services) {
        if (this.byService.has(service.id)) throw new Error(`service id ${service.id} appears twice in the catalog`);
        this.byService.set(service.id, { department, service });
      }
    }
  }

  static load(file = DEFAULT_CATALOG_FILE): ServiceCatalog {
    const parsed = catalogSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!parsed.success) {
      throw new Error(`service catalog ${file} is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    return new ServiceCatalog(parsed.data);
  }

  departments(): Department[] {
    return this.data.departments;
  }

  department(id: string): Department | undefined {
    return this.byDepartment.get(id);
  }

  service(id: string): { department: Department; service: Service } | undefined {
    return this.byService.get(id);
  }
}
