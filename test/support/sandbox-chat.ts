/**
 * A citizen at the sandbox's WhatsApp simulator, for host tests: send a
 * message (text, a tap), read what the platform sent back, wait for the n-th
 * reply, and tap a button or row of a reply by its title.
 */
import type { RunningHost } from '../../platform/host';
import { eventually } from './citizens';

export interface OutMessage {
  direction: 'in' | 'out';
  type?: string;
  body: {
    text?: { body: string };
    template?: { name: string; language: { code: string }; components?: Array<{ type: string; parameters: Array<{ text?: string }> }> };
    interactive?: { type: string; body: { text: string }; action: { buttons?: Array<{ reply: { id: string; title: string } }>; sections?: Array<{ rows: Array<{ id: string; title: string }> }> } };
  };
}

export const textOf = (m: OutMessage): string => m.body.text?.body ?? m.body.interactive?.body.text ?? '';

export function sandboxChat(host: () => RunningHost, name = 'Citizen') {
  async function say(waId: string, message: Record<string, unknown>): Promise<void> {
    const res = await fetch(`${host().url}/sandbox/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from: waId, name, ...message }) });
    if (res.status !== 200) throw new Error(`the simulator's citizen API answered ${res.status}`);
  }
  async function replies(waId: string): Promise<OutMessage[]> {
    return ((await (await fetch(`${host().url}/sandbox/api/conversations/${waId}`)).json()) as { messages: OutMessage[] }).messages.filter((m) => m.direction === 'out');
  }
  /** Waits for the platform's n-th message to the citizen. */
  async function reply(waId: string, n: number): Promise<OutMessage> {
    const out = await eventually(() => replies(waId), (o) => o.length >= n, 10_000);
    if (out.length < n) throw new Error(`no reply #${n} to ${waId}: ${JSON.stringify(out.map(textOf))}`);
    return out[n - 1]!;
  }
  /** Taps the button titled `title` in the n-th reply, as the citizen's phone would send it. */
  async function tap(waId: string, n: number, title: string): Promise<void> {
    const shown = await reply(waId, n);
    const button = shown.body.interactive?.action.buttons?.find((b) => b.reply.title === title);
    if (!button) throw new Error(`reply #${n} has no "${title}" button`);
    await say(waId, { type: 'interactive', reply: { kind: 'button_reply', id: button.reply.id, title } });
  }
  return { say, replies, reply, tap };
}
