/**
 * Build step: Node-RED loads a node's editor file (<name>.html) and locales
 * from beside its runtime .js, so they are copied next to the compiled nodes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../platform/paths';

const source = path.join(projectRoot, 'nodes');
const target = path.join(projectRoot, 'dist', 'nodes');

fs.cpSync(source, target, {
  recursive: true,
  filter: (file) => fs.statSync(file).isDirectory() || /\.(html|json|png|svg)$/.test(file),
});
