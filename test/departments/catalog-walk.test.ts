/**
 * Every catalog service, chosen from the main menu as a citizen taps it,
 * starts its conversation: never "coming soon", never "sorry". A service
 * without a flow would say "coming soon" and nothing else, and fail here.
 */
import type { RunningHost } from '../../platform/host';
import { startTestHost } from '../support/host';
import { sandboxChat, textOf, type OutMessage } from '../support/sandbox-chat';

let host: RunningHost;
beforeAll(async () => {
  host = await startTestHost();
}, 60_000);
afterAll(() => host?.stop());
const { say, reply } = sandboxChat(() => host, 'Walker');

const tokenOf = (m: OutMessage) => (m.body.interactive!.action.sections ?? [{ rows: m.body.interactive!.action.buttons!.map((b) => b.reply) }])[0]!.rows[0]!.id.split('.')[0];

it('starts every service that has a flow from the menu, and says "coming soon" for the others', async () => {
  const services = host.services.catalog.services();
  const soonText = (title: string) => host.services.texts.format('menu.coming_soon', 'en', { service: title });
  let live = 0;
  let soon = 0;
  let n = 0;
  for (const { department, service } of services) {
    // One citizen per service, in English: the department and the service tapped from the lists.
    const citizen = `91920000${String(++n).padStart(4, '0')}`;
    await say(citizen, { type: 'text', text: 'hi' });
    const language = await reply(citizen, 1);
    const english = language.body.interactive!.action.buttons!.find((b) => b.reply.title === 'English')!.reply;
    await say(citizen, { type: 'interactive', reply: { kind: 'button_reply', id: english.id, title: 'English' } });
    const departments = await reply(citizen, 2);
    await say(citizen, { type: 'interactive', reply: { kind: 'list_reply', id: `${tokenOf(departments)}.dept_${department.id}`, title: department.title.en } });
    const list = await reply(citizen, 3);
    await say(citizen, { type: 'interactive', reply: { kind: 'list_reply', id: `${tokenOf(list)}.svc_${service.id}`, title: service.title.en } });
    const first = textOf(await reply(citizen, 4));
    if (service.flow) {
      live++;
      expect({ service: service.id, first }).not.toMatchObject({ first: expect.stringContaining('coming soon') });
      // A flow that fails at its first step says sorry: that is no start either.
      expect({ service: service.id, first }).not.toMatchObject({ first: host.services.texts.format('common.error', 'en') });
      expect(first.length).toBeGreaterThan(0);
    } else {
      soon++;
      expect({ service: service.id, first }).toEqual({ service: service.id, first: expect.stringContaining(soonText(service.title.en)) });
    }
  }
  expect(live + soon).toBe(services.length);
  // Every service the state offers runs: none answers "coming soon" (a catalog entry lands with its flow).
  expect(soon).toBe(0);
  console.log(`catalog walk: ${live} services start their conversation, ${soon} say "coming soon"`);
}, 300_000);
