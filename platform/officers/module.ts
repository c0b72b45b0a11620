/** The human officers' queue (officer-handoff node). */
import type { ModuleContext, OpenedModule } from '../module';
import { requireService } from '../module';
import { OfficerQueue } from './officer-queue';

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ officers: OfficerQueue }>> {
  const officers = new OfficerQueue(requireService(ctx, 'store', 'officers'));
  await officers.init();
  return { name: 'officers', services: { officers }, close: async () => {} };
}
