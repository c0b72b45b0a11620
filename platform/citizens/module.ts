/** Citizens' records beyond the conversation: consent to unsolicited messages (STOP/START). */
import type { ModuleContext, OpenedModule } from '../module';
import { requireService } from '../module';
import { ConsentRegistry } from './consent';

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ consent: ConsentRegistry }>> {
  const consent = new ConsentRegistry(requireService(ctx, 'store', 'citizens'));
  await consent.init();
  return { name: 'citizens', services: { consent }, close: async () => {} };
}
