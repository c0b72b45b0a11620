/** Citizens' conversation state (citizen-session node). */
import type { ModuleContext, OpenedModule } from '../module';
import { requireService } from '../module';
import { CitizenSessions } from './citizen-sessions';

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ sessions: CitizenSessions }>> {
  const sessions = new CitizenSessions(requireService(ctx, 'store', 'sessions'));
  await sessions.init();
  return { name: 'sessions', services: { sessions }, close: async () => {} };
}
