/** Questions that wait for citizens' answers (ask and menu nodes), and their reminders and timeouts. */
import type { ModuleContext, OpenedModule } from '../module';
import { requireService } from '../module';
import { Conversations } from './conversations';

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ conversations: Conversations }>> {
  const conversations = new Conversations(requireService(ctx, 'sessions', 'conversation'), ctx.log);
  return {
    name: 'conversation',
    services: { conversations },
    started: () => conversations.start(),
    close: () => conversations.stop(),
  };
}
