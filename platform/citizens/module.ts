/** Citizens' records beyond the conversation: consent to unsolicited messages (STOP/START), and the directory of alert subscriptions. */
import type { ModuleContext, OpenedModule } from '../module';
import { requireService } from '../module';
import { ConsentRegistry } from './consent';
import { CitizenDirectory } from './directory';

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ consent: ConsentRegistry; directory: CitizenDirectory }>> {
  const store = requireService(ctx, 'store', 'citizens');
  const consent = new ConsentRegistry(store);
  await consent.init();
  const directory = new CitizenDirectory(store, consent);
  await directory.init();
  return { name: 'citizens', services: { consent, directory }, close: async () => {} };
}
