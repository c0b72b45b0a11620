/**
 * The options of the catalog's choice inputs (flows/catalog/choices.json):
 * named lists (districts, a certificate's purposes, a department's complaint
 * types) and, per service and input, the list it offers. Checked on load
 * against the catalog: every choice input has its list, titles fit a
 * WhatsApp list row, ids fit a reply id.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { LANGUAGES } from '../citizens/language';
import type { ChoiceOption } from '../conversation/answers';
import type { ServiceCatalog } from './catalog';

const ROW_TITLE_MAX = 24;
const ROW_DESCRIPTION_MAX = 72;
/** The ask machinery pages through at most this many options. */
const MAX_OPTIONS = 100;
const chars = (s: string) => [...s].length;

const localized = (max: number) =>
  z.object({ en: z.string().min(1), te: z.string().min(1) }).superRefine((t, ctx) => {
    for (const lang of LANGUAGES) if (chars(t[lang]) > max) ctx.addIssue({ code: 'custom', path: [lang], message: `"${t[lang]}" is over ${max} characters` });
  });

const optionSchema = z.object({ id: z.string().regex(/^[a-z0-9_]{1,40}$/), title: localized(ROW_TITLE_MAX), description: localized(ROW_DESCRIPTION_MAX).optional() });

const choicesSchema = z.object({
  version: z.literal(1),
  lists: z.record(
    z.string().regex(/^[a-z0-9_]+$/),
    z
      .array(optionSchema)
      .min(2)
      .max(MAX_OPTIONS)
      .superRefine((options, ctx) => {
        const seen = new Set<string>();
        for (const [i, o] of options.entries()) {
          if (seen.has(o.id)) ctx.addIssue({ code: 'custom', path: [i, 'id'], message: `option ${o.id} appears twice` });
          seen.add(o.id);
        }
      }),
  ),
  inputs: z.record(z.string(), z.record(z.string(), z.string())),
});

export type ChoicesData = z.infer<typeof choicesSchema>;

export class ServiceChoices {
  private constructor(private readonly data: ChoicesData) {}

  static load(file: string, catalog: ServiceCatalog): ServiceChoices {
    return ServiceChoices.parse(JSON.parse(fs.readFileSync(file, 'utf8')), catalog, file);
  }

  /** Checks the lists and that they cover exactly the catalog's choice inputs; the error names every problem. */
  static parse(json: unknown, catalog: ServiceCatalog, source = 'the choices file'): ServiceChoices {
    const parsed = choicesSchema.safeParse(json);
    if (!parsed.success) throw new Error(`${source} is invalid: ${parsed.error.issues.slice(0, 20).map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    const data = parsed.data;
    const problems: string[] = [];
    const used = new Set<string>();
    for (const { service } of catalog.services()) {
      for (const input of service.inputs) {
        const list = data.inputs[service.id]?.[input.name];
        if (input.kind === 'choice') {
          if (!list) problems.push(`${service.id}.${input.name} (a choice) has no list`);
          else if (!data.lists[list]) problems.push(`${service.id}.${input.name} names the list ${list}, which does not exist`);
          else used.add(list);
        } else if (list) problems.push(`${service.id}.${input.name} is a ${input.kind}, not a choice, but names a list`);
      }
    }
    for (const [serviceId, inputs] of Object.entries(data.inputs)) {
      const found = catalog.service(serviceId);
      if (!found) problems.push(`${serviceId} is not a catalog service`);
      else for (const name of Object.keys(inputs)) if (!found.service.inputs.some((i) => i.name === name)) problems.push(`${serviceId} has no input ${name}`);
    }
    for (const list of Object.keys(data.lists)) if (!used.has(list)) problems.push(`the list ${list} is used by no input`);
    if (problems.length > 0) throw new Error(`${source} does not match the catalog: ${problems.slice(0, 20).join('; ')}`);
    return new ServiceChoices(data);
  }

  static fileIn(flowsDir: string): string {
    return path.join(flowsDir, 'catalog', 'choices.json');
  }

  /** A named list's options (the alert topics, the districts), titles in every language; null when there is none. */
  list(name: string): ChoiceOption[] | null {
    const options = this.data.lists[name];
    return options ? options.map((o) => ({ id: o.id, title: o.title, ...(o.description ? { description: o.description } : {}) })) : null;
  }

  /** The options a service offers for one of its choice inputs, titles in every language; null when it is not a choice. */
  optionsFor(serviceId: string, input: string): ChoiceOption[] | null {
    const list = this.data.inputs[serviceId]?.[input];
    const options = list ? this.data.lists[list] : undefined;
    return options ? options.map((o) => ({ id: o.id, title: o.title, ...(o.description ? { description: o.description } : {}) })) : null;
  }
}
