/**
 * The README's list of services per department, made from the catalog so it
 * cannot drift: `npm run docs:services` writes it between the markers, and a
 * test checks the README has today's list.
 */
import type { ServiceCatalog } from './catalog';

export const LIST_START = '<!-- services:start (npm run docs:services) -->';
export const LIST_END = '<!-- services:end -->';

export function servicesList(catalog: ServiceCatalog): string {
  const lines: string[] = [];
  const all = catalog.services();
  const live = all.filter(({ service }) => service.flow !== null).length;
  lines.push(`${all.length} services in ${catalog.departments().length} departments; ${live} run end to end in the sandbox (a flow), the rest answer "coming soon".`, '');
  for (const department of catalog.departments()) {
    lines.push(`**${department.title.en}** (${department.title.te}) · \`${department.id}\`, references \`AP-${department.code}-…\``, '');
    lines.push('| Service | Archetype | Flow |', '| --- | --- | --- |');
    for (const service of department.services) lines.push(`| ${service.title.en} (\`${service.id}\`) | ${service.archetype} | ${service.flow ?? '—'} |`);
    lines.push('');
  }
  return lines.join('\n').trimEnd();
}

/** The README with its list replaced; throws when the markers are missing. */
export function withServicesList(readme: string, catalog: ServiceCatalog): string {
  const start = readme.indexOf(LIST_START);
  const end = readme.indexOf(LIST_END);
  if (start < 0 || end < start) throw new Error(`README.md needs the markers ${LIST_START} and ${LIST_END}`);
  return `${readme.slice(0, start + LIST_START.length)}\n${servicesList(catalog)}\n${readme.slice(end)}`;
}
