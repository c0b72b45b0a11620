/**
 * The shipped service catalog (flows/catalog/services.json) against its
 * schema, and the breadth the state needs: the seed's 13 departments and at
 * least 150 services, each named the ways citizens name it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ARCHETYPES, DEFAULT_CATALOG_FILE, ServiceCatalog } from '../../platform/departments/catalog';
import { withServicesList } from '../../platform/departments/services-list';
import { projectRoot } from '../../platform/paths';

const catalog = ServiceCatalog.load(DEFAULT_CATALOG_FILE);

describe('the shipped service catalog', () => {
  it('covers the 13 departments with at least 150 services', () => {
    expect(catalog.departments()).toHaveLength(13);
    expect(catalog.services().length).toBeGreaterThanOrEqual(150);
  });

  it('uses every archetype', () => {
    const used = new Set(catalog.services().map((s) => s.service.archetype));
    expect([...used].sort()).toEqual([...ARCHETYPES].sort());
  });

  it('gives no two services the same title in one language, so a citizen can tell them apart', () => {
    for (const lang of ['en', 'te'] as const) {
      const titles = catalog.services().map((s) => s.service.title[lang].toLowerCase());
      expect(titles.filter((t, i) => titles.indexOf(t) !== i)).toEqual([]);
    }
  });

  it('refuses a catalog with a bad field and names the field', () => {
    const json = structuredClone(catalog.data) as unknown as { departments: Array<{ services: Array<Record<string, unknown>> }> };
    json.departments[0]!.services[0]!.archetype = 'lottery';
    expect(() => ServiceCatalog.parse(json)).toThrow(/departments\.0\.services\.0\.archetype/);
    json.departments[0]!.services[0]!.archetype = 'information';
    (json.departments[0]!.services[0]!.keywords as { te: string[] }).te = ['birth certificate'];
    expect(() => ServiceCatalog.parse(json)).toThrow(/Telugu script/);
  });
});

describe('the README', () => {
  it('lists today\'s services per department (npm run docs:services writes it)', () => {
    const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    expect(withServicesList(readme, ServiceCatalog.load())).toBe(readme);
  });
});
