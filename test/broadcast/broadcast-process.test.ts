/**
 * A campaign survives kill -9 of the host sending it: hosts as `npm start`
 * runs them (own process), the WhatsApp simulator on this test's process
 * (what parents received outlives the hosts), one Redis. The host is killed
 * mid-campaign; a new host on the same store and queues finishes it. Every
 * parent is in a final state, nobody got the alert twice, and a parent whose
 * send was under way at the kill (perhaps sent, perhaps not) is recorded as
 * such (outcome_unknown) instead of being sent again.
 */
import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { adminToken, broadcastApi } from '../support/admin-api';
import { MAIN, NUMBER, hostEnv, simulator, startHost, stopHost, until } from '../support/host-process';
import { freePort } from '../support/ports';
import { describeWith, tempDir } from '../support/services';

const PARENTS = 1500;

beforeAll(() => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the suite through \`npm test\`, which builds first`);
});

describeWith('REDIS')('a campaign across kill -9', () => {
  it('is finished by the next host without sending anyone a second alert', async () => {
    const { sim, url: simUrl, close } = await simulator();
    const dataDir = tempDir();
    const env = (port: number) => hostEnv(port, simUrl, { DATA_DIR: dataDir, QUEUE_PREFIX: `test-${randomBytes(6).toString('hex')}` });
    const shared = env(0);
    const port = await freePort();
    let host = await startHost({ ...shared, PORT: String(port) });
    try {
      let token = await adminToken(host.url);
      const call = broadcastApi(() => host.url, () => token);
      const api = async (path: string, body?: unknown) => (await call(path, body)).json;
      const waIds = Array.from({ length: PARENTS }, (_, i) => `9198${String(70_000 + i).padStart(8, '0')}`);
      // The number serves once the main menu's whatsapp-in is up: retried until the sender check passes.
      let created: Record<string, any> = {};
      await until(async () => {
        created = await api('/campaigns', { name: 'Exam postponed', template: { name: 'school_alert', language: 'en_US', header: ['"BSEAP"'], body: ['citizen.student', '"the exam is postponed."', '"20-03-2027"'] }, senders: [NUMBER.phoneNumberId], audience: { csv: ['phone,student', ...waIds.map((w, i) => `${w},Student ${i}`)].join('\n') } });
        return created.error !== 'unknown_sender';
      }, 20_000, 'the number to serve');
      expect(created).toMatchObject({ state: 'draft', total: PARENTS });
      await api(`/campaigns/${created.id}/schedule`, {});
      const received = () => waIds.reduce((n, w) => n + ((sim.conversation(w)?.messages ?? []).some((m) => m.direction === 'out') ? 1 : 0), 0);
      await until(() => received() > 200, 20_000, 'the campaign under way');
      await stopHost(host, 'SIGKILL');
      const before = received();
      expect(before).toBeLessThan(PARENTS);

      host = await startHost({ ...shared, PORT: String(await freePort()) });
      token = await adminToken(host.url);
      // BullMQ takes the dead host's jobs back once their locks lapse (about 30 s).
      let campaign: Record<string, any> = {};
      await until(async () => (campaign = await api(`/campaigns/${created.id}`)).state === 'completed', 120_000, 'the campaign completed by the next host').catch((err: Error) => {
        throw new Error(`${err.message}: ${JSON.stringify(campaign)}\n${host.output().slice(-3000)}`);
      });
      const counts = campaign.counts as Record<string, number>;
      expect(counts.queued).toBe(0);
      expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(PARENTS);
      // Nobody twice; everyone recorded as sent got it; only a send under way at the kill may be unknown.
      for (const waId of waIds) {
        const got = (sim.conversation(waId)?.messages ?? []).filter((m) => m.direction === 'out').length;
        expect({ waId, got: Math.min(got, 2) }).toEqual({ waId, got: got === 0 ? 0 : 1 });
      }
      expect(campaign.funnel.sent).toBeLessThanOrEqual(received());
      expect(Object.keys(campaign.errors).filter((code) => code !== 'outcome_unknown')).toEqual([]);
      expect(received()).toBeGreaterThanOrEqual(PARENTS - (campaign.errors.outcome_unknown ?? 0));
    } finally {
      await stopHost(host);
      await close();
    }
  }, 180_000);
});
