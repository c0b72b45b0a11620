/** Writes the catalog's services per department into README.md (between its markers). */
import fs from 'node:fs';
import path from 'node:path';
import { ServiceCatalog } from '../platform/departments/catalog';
import { withServicesList } from '../platform/departments/services-list';
import { projectRoot } from '../platform/paths';

const file = path.join(projectRoot, 'README.md');
fs.writeFileSync(file, withServicesList(fs.readFileSync(file, 'utf8'), ServiceCatalog.load()));
process.stdout.write(`services list written to ${file}\n`);
