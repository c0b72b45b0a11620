/**
 * A service's answers as the citizen reads them back before confirming, in
 * every language: "Label: value" per input, choices by their titles, dates
 * as 15-08-1990, attachments as "attached".
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
