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
import { eventually } from '../support/citizens';
import { startTestHost } from '../support/host';

interface OutMessage {
  direction: 'in' | 'out';
  body: { text?: { body: string }; interactive?: { body: { text: string }; action: { buttons?: Array<{ reply: { id: string; title: string } }> } } };
}

let host: RunningHost;
beforeAll(async () => {
  host = await startTestHost();
}, 60_000);
afterAll(() => host?.stop());

async function say(waId: string, message: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${host.url}/sandbox/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from: waId, name: 'Ravi', ...message }) });
  expect(res.status).toBe(200);
}
const textOf = (m: OutMessage) => m.body.text?.body ?? m.body.interactive?.body.text ?? '';
async function reply(waId: string, n: number): Promise<OutMessage> {
  const all = async () => ((await (await fetch(`${host.url}/sandbox/api/conversations/${waId}`)).json()) as { messages: OutMessage[] }).messages.filter((m) => m.direction === 'out');
  const out = await eventually(all, (o) => o.length >= n, 10_000);
  if (out.length < n) throw new Error(`no reply #${n} to ${waId}: ${JSON.stringify(out.map(textOf))}`);
  return out[n - 1]!;
}
async function english(waId: string): Promise<void> {
  await say(waId, { type: 'text', text: 'hi' });
  const id = (await reply(waId, 1)).body.interactive!.action.buttons!.find((b) => b.reply.title === 'English')!.reply.id;
  await say(waId, { type: 'interactive', reply: { kind: 'button_reply', id, title: 'English' } });
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
  const id = (await reply(citizen, 1)).body.interactive!.action.buttons!.find((b) => b.reply.title === 'తెలుగు')!.reply.id;
  await say(citizen, { type: 'interactive', reply: { kind: 'button_reply', id, title: 'తెలుగు' } });
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
