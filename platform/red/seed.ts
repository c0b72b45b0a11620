/**
 * First start: the department flows shipped in flows/ become the live flows.
 * After that the store holds the live flows and admins change them by deploy
 * or import; the files are never read again.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import type { NodeRedStorageModule } from './storage';

/** Reads every flows/<department>.json (each an array of nodes with its own tab) into one flow configuration. */
export async function readSeedFlows(dir: string): Promise<unknown[]> {
  const files = (await fs.readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const all: unknown[] = [];
  for (const file of files) {
    const text = await fs.readFile(path.join(dir, file), 'utf8');
    let nodes: unknown;
    try {
      nodes = JSON.parse(text);
    } catch (err) {
      throw new Error(`flows/${file} is not valid JSON: ${(err as Error).message}`);
    }
    if (!Array.isArray(nodes)) throw new Error(`flows/${file} must be an array of nodes (a Node-RED flow export)`);
    all.push(...nodes);
  }
  return all;
}

/** Seeds a store that never had flows; returns how many nodes were seeded (0 when flows were saved before). */
export async function seedFlowsIfEmpty(storage: NodeRedStorageModule, dir: string): Promise<number> {
  if (await storage.hasSavedFlows()) return 0;
  const flows = await readSeedFlows(dir);
  if (flows.length > 0) await storage.saveFlows(flows, { username: 'seed' });
  return flows.length;
}
