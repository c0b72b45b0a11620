/**
 * Status services on the "status lookup" subflow, end to end on a sandbox
 * host: the citizen names the service, its input is asked (a card number
 * of the wrong form asked again), the catalog's endpoint is called on the
 * Civil Supplies sandbox through the department node deployed for it, and
 * the answer is said in the citizen's language; an unknown card is the
 * department's refusal.
 */
import type { RunningHost } from '../../platform/host';
import { household } from '../../platform/sandbox/departments/civil-supplies';
import { startTestHost } from '../support/host';
import { sandboxChat, textOf } from '../support/sandbox-chat';

let host: RunningHost;
beforeAll(async () => {
  host = await startTestHost();
}, 60_000);
afterAll(() => host?.stop());
const { say, reply, tap } = sandboxChat(() => host, 'Ravi');

async function english(waId: string): Promise<void> {
  await say(waId, { type: 'text', text: 'hi' });
  await tap(waId, 1, 'English');
  await reply(waId, 2);
}

it('tells a household whether this month\'s ration was collected, asking the card number again when it is not one', async () => {
  const citizen = '919000000701';
  await english(citizen);
  await say(citizen, { type: 'text', text: 'ration distribution' });
  expect(textOf(await reply(citizen, 3))).toContain('Ration distribution, step 1 of 1');
  await say(citizen, { type: 'text', text: '12345' });
  expect(textOf(await reply(citizen, 4))).toContain(host.services.texts.format('ask.hint.identifier', 'en'));
  await say(citizen, { type: 'text', text: '28 1234 5678' });
  const answer = textOf(await reply(citizen, 5));
  expect(answer).toMatch(/^Ration card 2812345678, \d{4}-\d{2}: (collected on \d{4}-\d{2}-\d{2}|not collected yet) at FPS \d+\.$/);
  expect(answer).toContain(household('2812345678').shop);
  // A collection is never dated after today.
  const on = /collected on (\d{4}-\d{2}-\d{2})/.exec(answer)?.[1];
  if (on) expect(on <= new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Kolkata' }).format(new Date())).toBe(true);
});

it('says a household\'s e-KYC in Telugu, and the department\'s refusal for a card it does not know', async () => {
  const citizen = '919000000702';
  await say(citizen, { type: 'text', text: 'hi' });
  await tap(citizen, 1, 'తెలుగు');
  await reply(citizen, 2);
  await say(citizen, { type: 'text', text: 'ration ekyc status' });
  await reply(citizen, 3);
  await say(citizen, { type: 'text', text: '౨౮౧౨౩౪౫౬౭౮' });
  const answer = textOf(await reply(citizen, 4));
  expect(answer).toContain('రేషన్ కార్డు 2812345678');
  expect(answer).toContain('ఈ-కేవైసీ');
  await say(citizen, { type: 'text', text: 'ration ekyc status' });
  await reply(citizen, 5);
  await say(citizen, { type: 'text', text: '2812340000' });
  expect(textOf(await reply(citizen, 6))).toBe(host.services.texts.format('department.refused', 'te', { reason: 'No ration card 2812340000' }));
});
