import fs from 'node:fs';
import path from 'node:path';

/**
 * The package root (where package.json lives), found by walking up from this
 * file, so paths are right both from the TypeScript sources (tests) and from
 * the compiled copy under dist/.
 */
function findProjectRoot(from: string): string {
  let dir = from;
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export const projectRoot = findProjectRoot(__dirname);
export const defaultFlowsDir = path.join(projectRoot, 'flows');
