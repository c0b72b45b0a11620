/**
 * The service search on the shipped catalog: spelling folds, the route it
 * takes (one service, choices, none), and the share of 100+ real citizen
 * phrasings (test/departments/phrasings.json, written apart from the catalog's
 * keywords) that reach the right service.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_CATALOG_FILE, ServiceCatalog } from '../../platform/departments/catalog';
import { foldTerm, ServiceSearch } from '../../platform/departments/search';

const catalog = ServiceCatalog.load(DEFAULT_CATALOG_FILE);
const search = new ServiceSearch(catalog);

interface Phrasing {
  text: string;
  service: string;
  /** en, te (Telugu script), romanised, or mixed. */
  how: string;
}
const phrasings = JSON.parse(fs.readFileSync(path.join(__dirname, 'phrasings.json'), 'utf8')) as Phrasing[];

describe('folding what citizens type', () => {
  it('makes phone spellings of romanised Telugu meet', () => {
    expect(foldTerm('Dhruveekarana')).toBe(foldTerm('druvikarana'));
    expect(foldTerm('aadaayam')).toBe(foldTerm('adayam'));
    expect(foldTerm('patram')).toBe(foldTerm('pathram'));
  });

  it('takes a Telugu case ending off the word, so "to the bus" meets "bus"', () => {
    expect(foldTerm('బస్సుకి')).toBe(foldTerm('బస్సు'));
    expect(foldTerm('పొలంలో')).toBe('పొలం');
    // Too short to lose an ending.
    expect(foldTerm('పని')).toBe('పని');
  });

  it('drops the zero-width joiners Telugu keyboards insert, and leaves Telugu letters alone', () => {
    expect(foldTerm('వాట్సాప్\u200cలో')).toBe(foldTerm('వాట్సాప్లో'));
    expect(foldTerm('పత్రం')).toBe('పత్రం');
  });
});

describe('routing free text', () => {
  it('takes a clear request straight to its service', () => {
    const route = search.route('income certificate');
    expect(route).toMatchObject({ kind: 'service', match: { serviceId: 'income_certificate', departmentId: 'revenue' } });
  });

  it('never decides on one word several services share, and ignores chit-chat', () => {
    for (const word of ['certificate', 'bill', 'complaint']) expect(search.route(word).kind).not.toBe('service');
    for (const words of ['ok thank you', 'yes', 'thanks']) expect(search.route(words)).toEqual({ kind: 'none' });
  });

  it('keeps the words catalog keywords need: "no power", "కరెంటు లేదు"', () => {
    for (const text of ['no power', 'కరెంటు లేదు']) {
      const route = search.route(text);
      const ids = route.kind === 'service' ? [route.match.serviceId] : route.kind === 'choices' ? route.matches.map((m) => m.serviceId) : [];
      expect(ids).toContain('power_complaint');
    }
  });

  it('folds a Telugu word once: "పార్కులో" keeps its stem', () => {
    expect(foldTerm('పార్కులో')).toBe('పార్కు');
  });

  it('counts a repeated word once', () => {
    expect(search.route('cert '.repeat(60)).kind).not.toBe('service');
  });

  it('offers up to three choices for a vague word, and nothing for words unrelated to any service', () => {
    const vague = search.route('certificate');
    expect(vague.kind).toBe('choices');
    if (vague.kind === 'choices') expect(vague.matches.length).toBeLessThanOrEqual(3);
    expect(search.route('qwxz zzkq')).toEqual({ kind: 'none' });
    expect(search.route('please')).toEqual({ kind: 'none' });
  });

  it('survives hostile input: a huge message, only symbols, only emoji', () => {
    expect(search.route('ఆ'.repeat(100_000)).kind).toBeDefined();
    expect(search.route('!!!???...')).toEqual({ kind: 'none' });
    expect(search.route('🙏🙏🙏')).toEqual({ kind: 'none' });
  });
});

describe('citizen phrasings', () => {
  it('are at least 100, each naming a service of the catalog, and none a catalog keyword verbatim', () => {
    expect(phrasings.length).toBeGreaterThanOrEqual(100);
    const keywords = new Set(catalog.services().flatMap(({ service }) => [...service.keywords.en, ...service.keywords.te, ...service.keywords.romanised].map((k) => k.toLowerCase().trim())));
    for (const p of phrasings) {
      expect(catalog.service(p.service)).toBeDefined();
      expect(keywords.has(p.text.toLowerCase().trim())).toBe(false);
    }
  });

  it('reach the right service: directly for most, among the three choices for nearly all', () => {
    let direct = 0;
    let offered = 0;
    const misses: string[] = [];
    const byHow = new Map<string, { total: number; reached: number }>();
    for (const p of phrasings) {
      const route = search.route(p.text);
      const hit = route.kind === 'service' && route.match.serviceId === p.service;
      const inChoices = route.kind === 'choices' && route.matches.some((m) => m.serviceId === p.service);
      if (hit) direct++;
      if (hit || inChoices) offered++;
      else misses.push(`${p.text} → ${route.kind === 'service' ? route.match.serviceId : route.kind === 'choices' ? route.matches.map((m) => m.serviceId).join('/') : 'none'} (want ${p.service})`);
      const h = byHow.get(p.how) ?? { total: 0, reached: 0 };
      h.total++;
      if (hit || inChoices) h.reached++;
      byHow.set(p.how, h);
    }
    const pct = (n: number) => Math.round((n / phrasings.length) * 100);
    // The figure quoted in the issue note; printed so a catalog change shows its effect.
    console.log(
      `service search on ${phrasings.length} citizen phrasings: ${pct(direct)}% straight to the right service, ${pct(offered)}% right service reached (direct or among 3 choices); ` +
        [...byHow].map(([how, h]) => `${how} ${h.reached}/${h.total}`).join(', ') +
        `\nmisses:\n${misses.join('\n')}`,
    );
    // Measured when written: 98/130 direct, 122/130 reached. A change that loses ground fails here.
    expect(offered / phrasings.length).toBeGreaterThanOrEqual(0.9);
    expect(direct / phrasings.length).toBeGreaterThanOrEqual(0.7);
  });
});
