/**
 * The service catalog: the state's departments and the services each offers
 * on WhatsApp, with titles in every language the platform speaks. Kept in
 * flows/catalog/services.json next to the department flows; checked on load
 * so a title WhatsApp would refuse (list rows: 24 characters) fails early.
 */
import fs from 'node:fs';
import path from 'node:path';
import isSafePattern from 'safe-regex2';
import { z } from 'zod';
import { defaultFlowsDir } from '../paths';

import { LANGUAGES } from '../citizens/language';
import { DOCUMENT_KIND_NAMES } from '../identity/digilocker/documents';

const ROW_TITLE_MAX = 24;
const ROW_DESCRIPTION_MAX = 72;
/** WhatsApp counts characters, and Telugu combining signs are characters of their own. */
const chars = (s: string) => [...s].length;

const localized = (max: number) =>
  z.object({ en: z.string().min(1), te: z.string().min(1) }).superRefine((t, ctx) => {
    for (const lang of LANGUAGES) if (chars(t[lang]) > max) ctx.addIssue({ code: 'custom', path: [lang], message: `"${t[lang]}" is over ${max} characters` });
  });

/** What kind of conversation a service is; later issues build one subflow per archetype. */
export const ARCHETYPES = ['information', 'status', 'application', 'booking', 'payment', 'grievance'] as const;
/** The answers a service may ask for (the ask node's kinds). */
/**
 * `identifier`: a department's number for something (a ration card, an electricity service, a hall ticket),
 * letters and digits as printed, optionally of a set form (`pattern`); `reference`: an application number
 * this platform gave (AP-REV-2026-000123).
 */
export const INPUT_KINDS = ['text', 'number', 'date', 'yes_no', 'choice', 'phone', 'pin_code', 'location', 'photo', 'document', 'aadhaar', 'reference', 'identifier'] as const;
/** Document types a service may fetch from DigiLocker. */

const id = z.string().regex(/^[a-z0-9_]+$/);
const words = z.array(z.string().trim().min(2).max(60)).max(30);

const serviceSchema = z.object({
  id,
  title: localized(ROW_TITLE_MAX),
  description: localized(ROW_DESCRIPTION_MAX),
  archetype: z.enum(ARCHETYPES),
  /** How citizens name it: English, Telugu script, and Telugu in Latin letters ("janana dhruvikarana patram"). */
  keywords: z.object({
    en: words.min(1),
    te: words.min(1).refine((ws) => ws.every((w) => /[\u0C00-\u0C7F]/.test(w)), 'Telugu keywords are in Telugu script'),
    romanised: words.min(1).refine((ws) => ws.every((w) => /^[a-z0-9 '-]+$/.test(w)), 'romanised keywords are in lower-case Latin letters'),
  }),
  /** What the service asks the citizen, in order. */
  inputs: z
    .array(
      z.object({
        name: id,
        kind: z.enum(INPUT_KINDS),
        label: localized(ROW_DESCRIPTION_MAX),
        /** The citizen may leave it out ("skip"): kept as null. */
        optional: z.boolean().optional(),
        /** Dates: only up to today (a birth) or from today on (a visit); any by default. */
        when: z.enum(['any', 'past', 'future']).optional(),
        /** Identifiers: the form the number has once spaces and dashes are taken out (^28\\d{8}$ for a ration card). */
        pattern: z
          .string()
          .max(100)
          .refine((p) => {
            try {
              return isSafePattern(new RegExp(p));
            } catch {
              return false;
            }
          }, 'a valid regular expression without catastrophic backtracking')
          .optional(),
      }),
    )
    .max(12)
    .superRefine((inputs, ctx) => {
      const seen = new Set<string>();
      for (const [i, input] of inputs.entries()) {
        if (seen.has(input.name)) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `input ${input.name} appears twice` });
        seen.add(input.name);
      }
    }),
  needs: z.object({ aadhaar: z.boolean(), digilocker: z.array(z.enum(DOCUMENT_KIND_NAMES)).max(5) }),
  /** Grievances: hours the department has to resolve it before it is escalated (72 when not given). */
  slaHours: z.number().int().min(1).max(720).optional(),
  /** Government fee in rupees; 0 when free. */
  feeInr: z.number().int().min(0).max(1_000_000),
  /** The department backend call that serves it, its path under the department's API base URL ({input} parts from the answers); null for information services. */
  endpoint: z.object({ method: z.enum(['GET', 'POST']), path: z.string().regex(/^\/[A-Za-z0-9_\-/{}.]*$/).refine((p) => !p.split('/').some((seg) => seg === '..' || seg === '.'), 'no . or .. segments') }).nullable(),
  /** Id of the tab that implements it; null while the service is not built yet. */
  flow: z.string().nullable(),
});

const catalogSchema = z.object({
  version: z.literal(2),
  departments: z
    .array(
      z.object({
        id,
        /** Three letters in its applications' reference numbers (AP-REV-2026-000123). */
        code: z.string().regex(/^[A-Z]{3}$/, 'three capital letters'),
        title: localized(ROW_TITLE_MAX),
        description: localized(ROW_DESCRIPTION_MAX),
        services: z.array(serviceSchema).min(1),
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
    if (this.byDepartment.size !== data.departments.length) throw new Error('a department id appears twice in the catalog');
    if (new Set(data.departments.map((d) => d.code)).size !== data.departments.length) throw new Error('a department code appears twice in the catalog');
    for (const department of data.departments) {
      for (const service of department.services) {
        if (this.byService.has(service.id)) throw new Error(`service id ${service.id} appears twice in the catalog`);
        this.byService.set(service.id, { department, service });
      }
    }
  }

  static load(file = DEFAULT_CATALOG_FILE): ServiceCatalog {
    return ServiceCatalog.parse(JSON.parse(fs.readFileSync(file, 'utf8')), file);
  }

  /** Checks a catalog's JSON against the schema; the error names every wrong field. */
  static parse(json: unknown, source = 'the service catalog'): ServiceCatalog {
    const parsed = catalogSchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(`${source} is invalid: ${parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    return new ServiceCatalog(parsed.data);
  }

  /** Every service, with its department, in catalog order. */
  services(): Array<{ department: Department; service: Service }> {
    return [...this.byService.values()];
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

  /** What a flow needs of a service the citizen chose (msg.service): its names, archetype and flow. */
  describe(serviceId: string): ChosenService | undefined {
    const found = this.byService.get(serviceId);
    if (!found) return undefined;
    const { service, department } = found;
    return { id: service.id, department: department.id, title: service.title, description: service.description, archetype: service.archetype, flow: service.flow, needs: service.needs };
  }
}

export interface ChosenService {
  id: string;
  department: string;
  title: Service['title'];
  description: Service['description'];
  archetype: Service['archetype'];
  flow: string | null;
  /** What the citizen must bring: a verified Aadhaar (the application subflow asks for the OTP first), DigiLocker documents. */
  needs: Service['needs'];
}
