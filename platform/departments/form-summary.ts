/**
 * A service's answers as the citizen reads them back before confirming, in
 * every language: "Label: value" per input, choices by their titles, dates
 * as 15-08-1990, attachments as "attached"; and the same answers as a
 * department's lookup takes them in its query string.
 */
import { LANGUAGES, textIn, type Language } from '../citizens/language';
import type { TextCatalog } from '../texts/catalog';
import type { ServiceCatalog } from './catalog';
import type { ServiceChoices } from './choices';

/** A value longer than this is cut in the summary (an address, a description). */
const VALUE_MAX = 120;

export function summarizeAnswers(deps: { texts: TextCatalog; catalog: ServiceCatalog; choices: ServiceChoices }, serviceId: string, answers: Record<string, unknown>): Record<Language, string> {
  const service = deps.catalog.service(serviceId)?.service;
  const lines = (lang: Language) =>
    (service?.inputs ?? [])
      .filter((input) => input.kind !== 'aadhaar' && answers[input.name] !== undefined && answers[input.name] !== null)
      .map((input) => deps.texts.format('form.summary_line', lang, { label: textIn(input.label, lang), value: shown(input.kind, input.name, answers[input.name], lang) }))
      .join('\n');
  const shown = (kind: string, name: string, value: unknown, lang: Language): string => {
    if (kind === 'choice') {
      const option = deps.choices.optionsFor(serviceId, name)?.find((o) => o.id === value);
      return option ? textIn(option.title, lang) : String(value);
    }
    if (kind === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value.split('-').reverse().join('-');
    if (kind === 'yes_no') return deps.texts.format(value === true ? 'common.yes' : 'common.no', lang);
    if (kind === 'photo' || kind === 'document') return deps.texts.format('form.attached', lang);
    if (kind === 'location' && typeof value === 'object' && value !== null) {
      const place = value as { name?: unknown; address?: unknown; latitude?: unknown; longitude?: unknown };
      return String(place.name ?? place.address ?? `${String(place.latitude)}, ${String(place.longitude)}`);
    }
    const text = String(value);
    return [...text].length > VALUE_MAX ? `${[...text].slice(0, VALUE_MAX - 1).join('')}…` : text;
  };
  return Object.fromEntries(LANGUAGES.map((lang) => [lang, lines(lang)])) as Record<Language, string>;
}

/**
 * A service's answers as query parameters of a department lookup, by input name: choices by id,
 * numbers and dates (YYYY-MM-DD) as written, yes/no as "yes"/"no", a location as "lat,lon".
 * Attachments and Aadhaar never go in a URL; nor do answers to other services.
 */
export function queryOf(catalog: ServiceCatalog, serviceId: string, answers: Record<string, unknown>): Record<string, string> {
  const query: Record<string, string> = {};
  for (const input of catalog.service(serviceId)?.service.inputs ?? []) {
    const value = answers[input.name];
    if (value === undefined || value === null || input.kind === 'aadhaar' || input.kind === 'photo' || input.kind === 'document') continue;
    if (input.kind === 'yes_no') query[input.name] = value === true ? 'yes' : 'no';
    else if (input.kind === 'location' && typeof value === 'object') {
      const place = value as { latitude?: unknown; longitude?: unknown };
      if (Number.isFinite(Number(place.latitude)) && Number.isFinite(Number(place.longitude))) query[input.name] = `${Number(place.latitude)},${Number(place.longitude)}`;
    } else if (typeof value !== 'object') query[input.name] = String(value);
  }
  return query;
}
