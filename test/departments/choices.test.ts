/**
 * The options of the catalog's choice inputs (flows/catalog/choices.json):
 * the shipped file matches the catalog, and a file that does not is refused
 * with the service and input named.
 */
import fs from 'node:fs';
import { DEFAULT_CATALOG_FILE, ServiceCatalog } from '../../platform/departments/catalog';
import { ServiceChoices } from '../../platform/departments/choices';
import { defaultFlowsDir } from '../../platform/paths';

const catalog = ServiceCatalog.load(DEFAULT_CATALOG_FILE);
const file = ServiceChoices.fileIn(defaultFlowsDir);
const shipped = () => JSON.parse(fs.readFileSync(file, 'utf8')) as { lists: Record<string, Array<{ id: string; title: { en: string; te: string } }>>; inputs: Record<string, Record<string, string>> };

it('gives every choice input of the catalog its options, in English and Telugu', () => {
  const choices = ServiceChoices.load(file, catalog);
  let inputs = 0;
  for (const { service } of catalog.services()) {
    for (const input of service.inputs.filter((i) => i.kind === 'choice')) {
      const options = choices.optionsFor(service.id, input.name);
      expect(options?.length).toBeGreaterThanOrEqual(2);
      inputs++;
    }
  }
  expect(inputs).toBeGreaterThan(100);
  expect(choices.optionsFor('land_records', 'district')!.map((o) => o.id)).toContain('ntr');
  expect(choices.optionsFor('birth_certificate', 'registered_name')).toBeNull();
});

it('refuses a file that leaves a choice without options, names a missing list, or breaks a limit', () => {
  const missing = shipped();
  delete missing.inputs.death_certificate;
  expect(() => ServiceChoices.parse(missing, catalog)).toThrow(/death_certificate\.relationship \(a choice\) has no list/);
  const wrongList = shipped();
  wrongList.inputs.death_certificate = { relationship: 'no_such_list' };
  expect(() => ServiceChoices.parse(wrongList, catalog)).toThrow(/no_such_list, which does not exist/);
  const long = shipped();
  const first = Object.keys(long.lists)[0]!;
  long.lists[first]![0]!.title.te = 'అ'.repeat(25);
  expect(() => ServiceChoices.parse(long, catalog)).toThrow(/over 24 characters/);
  const notChoice = shipped();
  notChoice.inputs.birth_certificate = { registered_name: first };
  expect(() => ServiceChoices.parse(notChoice, catalog)).toThrow(/registered_name is a text, not a choice/);
});
