/**
 * bench:search — the service router's free-text search on the shipped
 * catalog: milliseconds per citizen request over the phrasings in
 * test/departments/phrasings.json (after a warm-up pass), and the share routed
 * to the right service.
 *
 * Environment: BENCH_ROUNDS (20).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_CATALOG_FILE, ServiceCatalog } from '../platform/departments/catalog';
import { ServiceSearch } from '../platform/departments/search';
import { projectRoot } from '../platform/paths';
import { assertNodeVersion } from '../platform/runtime-check';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 20);

function main(): void {
  assertNodeVersion();
  const built = performance.now();
  const search = new ServiceSearch(ServiceCatalog.load(DEFAULT_CATALOG_FILE));
  const indexMs = performance.now() - built;
  const phrasings = JSON.parse(fs.readFileSync(path.join(projectRoot, 'test', 'departments', 'phrasings.json'), 'utf8')) as Array<{ text: string; service: string }>;
  let direct = 0;
  let reached = 0;
  for (const p of phrasings) {
    const route = search.route(p.text);
    const hit = route.kind === 'service' && route.match.serviceId === p.service;
    if (hit) direct++;
    if (hit || (route.kind === 'choices' && route.matches.some((m) => m.serviceId === p.service))) reached++;
  }
  const perRound: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    for (const p of phrasings) search.route(p.text);
    perRound.push((performance.now() - start) / phrasings.length);
  }
  perRound.sort((a, b) => a - b);
  const median = perRound[Math.floor(perRound.length / 2)]!;
  console.log(`service search: ${median.toFixed(3)} ms per request (median of ${ROUNDS} rounds over ${phrasings.length} phrasings), index built in ${indexMs.toFixed(0)} ms`);
  console.log(`RESULT search_ms_per_request=${median.toFixed(3)} index_build_ms=${indexMs.toFixed(0)} routed_direct_pct=${((direct / phrasings.length) * 100).toFixed(0)} routed_reached_pct=${((reached / phrasings.length) * 100).toFixed(0)} phrasings=${phrasings.length}`);
}

main();
