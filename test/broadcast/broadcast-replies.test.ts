/**
 * Citizens are answered fast while a campaign fills their number: a sandbox
 * host whose number allows 40 messages a second sends a campaign of 800
 * (twenty seconds of the number's whole budget) while citizens write to the
 * same number; each reply comes in under 2 s (the lane gives replies the
 * next slot before any bulk message), and the campaign still completes.
 */
import type { RunningHost } from '../../platform/host';
import { eventually } from '../support/citizens';
import { adminToken, broadcastApi } from '../support/admin-api';
import { startTestHost } from '../support/host';
import { sandboxChat } from '../support/sandbox-chat';
import { describeWith } from '../support/services';

describeWith('REDIS')('replies during a campaign', () => {
  let host: RunningHost;
  let token: string;
  beforeAll(async () => {
    host = await startTestHost({ WHATSAPP_THROUGHPUT_PER_SECOND: '40' });
    token = await adminToken(host.url);
  }, 60_000);
  afterAll(() => host?.stop());
  const { say, replies } = sandboxChat(() => host, 'Ravi');
  const call = broadcastApi(() => host.url, () => token);
  const api = async (path: string, body?: unknown) => (await call(path, body)).json;

  it('answers every citizen within 2 s while the campaign takes the rest of the number', async () => {
    const sender = host.services.whatsapp.defaultAccount.current.phoneNumberId!;
    const parents = Array.from({ length: 800 }, (_, i) => `9196${String(10_000 + i).padStart(8, '0')},Student ${i}`);
    const created = await api('/campaigns', {
      name: 'Fee reminder',
      template: { name: 'school_alert', language: 'en_US', header: ['"ZPHS Tenali"'], body: ['citizen.student', '"fees are due"', '"10-01-2027"'] },
      senders: [sender],
      audience: { csv: ['phone,student', ...parents].join('\n') },
    });
    await api(`/campaigns/${created.id}/schedule`, {});
    await eventually(() => api(`/campaigns/${created.id}`), (c) => c.funnel.sent >= 100, 20_000);

    const latencies: number[] = [];
    for (let i = 0; i < 20; i++) {
      const citizen = `9195${String(20_000 + i).padStart(8, '0')}`;
      const sent = Date.now();
      await say(citizen, { type: 'text', text: 'hi' });
      await eventually(() => replies(citizen), (out) => out.length > 0, 10_000);
      latencies.push(Date.now() - sent);
      await new Promise((r) => setTimeout(r, 250));
    }
    // The campaign was still sending the whole time: the number was full.
    const during = await api(`/campaigns/${created.id}`);
    expect(during.counts.queued).toBeGreaterThan(0);
    expect(Math.max(...latencies)).toBeLessThan(2000);

    const done = await eventually(() => api(`/campaigns/${created.id}`), (c) => c.state === 'completed', 60_000);
    expect(done.funnel.sent).toBe(800);
  }, 120_000);
});
