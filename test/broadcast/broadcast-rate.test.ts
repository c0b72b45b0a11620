/**
 * The number's rate holds across two worker processes: two hosts as `npm
 * start` runs them, on one store (FerretDB) and one Redis, send one campaign
 * through a simulator that enforces the number's limit as Meta does. Measured
 * from the simulator's receive times: the campaign's rate is just under the
 * number's configured messages per second (never over), and no send is
 * refused with 130429. FerretDB (SQLite) is the store: it stalls under heavier writing,
 * so the rate tried is a number's low tier; bench:broadcast measures 1,000/s.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { pacedRate } from '../../platform/whatsapp/rates';
import { adminToken, broadcastApi } from '../support/admin-api';
import { MAIN, NUMBER, hostEnv, simulator, startHost, stopHost, until, type HostProcess } from '../support/host-process';
import { freePort } from '../support/ports';
import { describeWith, serviceUrl, tempDir } from '../support/services';

const PER_SECOND = 10;
const PARENTS = 300;

beforeAll(() => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the suite through \`npm test\`, which builds first`);
});

describeWith('MONGODB')('the number\'s rate across two worker processes', () => {
  it(`sends at ${PER_SECOND}/s, never over it, with no 130429`, async () => {
    const sends: Array<{ at: number; accepted: boolean; status: number; error?: string; to: string }> = [];
    const { sim, url: simUrl, close } = await simulator({ throughputPerSecond: PER_SECOND, onSend: (s) => s.type === 'template' && sends.push(s) });
    const shared = { MONGODB_URI: serviceUrl('MONGODB')!, MONGODB_DB: `jansetu_rate_${randomBytes(4).toString('hex')}`, QUEUE_PREFIX: `test-${randomBytes(6).toString('hex')}`, WHATSAPP_THROUGHPUT_PER_SECOND: String(PER_SECOND) };
    const hosts: HostProcess[] = [];
    try {
      for (let i = 0; i < 2; i++) {
        const port = await freePort();
        hosts.push(await startHost(hostEnv(port, simUrl, { ...shared, DATA_DIR: tempDir() })));
      }
      const [a] = hosts as [HostProcess, HostProcess];
      const token = await adminToken(a.url);
      const call = broadcastApi(() => a.url, () => token);
      const api = async (path: string, body?: unknown) => (await call(path, body)).json;
      const waIds = Array.from({ length: PARENTS }, (_, i) => `9198${String(80_000 + i).padStart(8, '0')}`);
      let created: Record<string, any> = {};
      await until(async () => {
        created = await api('/campaigns', { name: 'Results day', template: { name: 'school_alert', language: 'en_US', header: ['"BSEAP"'], body: ['citizen.student', '"results are out at 11:00."', '"23-04-2027"'] }, senders: [NUMBER.phoneNumberId], audience: { csv: ['phone,student', ...waIds.map((w, i) => `${w},Student ${i}`)].join('\n') } });
        return created.error !== 'unknown_sender';
      }, 20_000, 'the number to serve');
      expect(created).toMatchObject({ state: 'draft', total: PARENTS });
      await api(`/campaigns/${created.id}/schedule`, {});
      let campaign: Record<string, any> = {};
      await until(async () => (campaign = await api(`/campaigns/${created.id}`)).state === 'completed', 90_000, 'the campaign to complete');
      expect(campaign.funnel.sent).toBe(PARENTS);

      const refused = sends.filter((s) => !s.accepted);
      expect(refused.map((s) => `${s.status} ${s.error ?? ''} to ${s.to}`)).toEqual([]);
      const times = sends.filter((s) => s.accepted).map((s) => s.at).sort((x, y) => x - y);
      expect(times).toHaveLength(PARENTS);
      // The rate from the 20th send on: with FerretDB (SQLite) as the store the first sends of the two hosts
      // are followed by one stall of 3–5 s (not BullMQ's drain delay: measured with it at 1 ms), which the
      // sandbox store does not show; what the pacing does is the steady part.
      const steady = times.slice(19);
      const rate = (steady.length - 1) / ((steady.at(-1)! - steady[0]!) / 1000);
      const whole = (times.length - 1) / ((times.at(-1)! - times[0]!) / 1000);
      // Reported, not asserted: a second counted from any send (stricter than Meta's windows, which the simulator keeps) may hold one or two more after a host stalled.
      const busiest = Math.max(...times.map((t, i) => times.slice(i).findIndex((u) => u >= t + 1000) === -1 ? times.length - i : times.slice(i).findIndex((u) => u >= t + 1000)));
      process.stdout.write(`two hosts: ${rate.toFixed(1)} msg/s steady (${whole.toFixed(1)} first to last) for a limit of ${PER_SECOND}/s, busiest second ${busiest}, refused ${refused.length}\n`);
      // Within 5% of the rate the lane paces a 10/s number at (8.7/s: one message's room for 30 ms of jitter in
      // every second, rates.ts), never more than the limit.
      expect(rate).toBeGreaterThanOrEqual(pacedRate(PER_SECOND) * 0.95);
      expect(rate).toBeLessThanOrEqual(PER_SECOND);
      for (const waId of waIds) expect((sim.conversation(waId)?.messages ?? []).filter((m) => m.direction === 'out')).toHaveLength(1);
    } finally {
      for (const host of hosts) await stopHost(host);
      await close();
    }
  }, 180_000);
});
