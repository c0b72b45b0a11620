/** The citizen texts (flows/texts/<language>.json); a text missing in Telugu is reported here, at start-up. */
import path from 'node:path';
import type { ModuleContext, OpenedModule } from '../module';
import { TextCatalog } from './catalog';

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ texts: TextCatalog }>> {
  const texts = TextCatalog.load(path.join(ctx.config.flowsDir, 'texts'));
  const missing = texts.missing('te');
  if (missing.length > 0) ctx.log.warn({ language: 'te', missing }, `citizen texts: ${missing.length} text(s) have no Telugu yet and are sent in English`);
  return { name: 'texts', services: { texts }, close: async () => {} };
}
