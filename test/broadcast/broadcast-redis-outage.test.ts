/**
 * Redis goes away in the middle of a campaign (its own redis-server, killed
 * with SIGKILL, and started again empty: the worst case, every job lost).
 * The campaign is held with the reason shown, an admin's resume is refused
 * saying why, and when Redis answers again the campaign goes on by itself:
 * every parent gets exactly one alert and the counters add up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { RunningHost } from '../../platform/host';
import { eventually } from '../support/citizens';
import { adminToken, broadcastApi } from '../support/admin-api';
import { startTestHost } from '../support/host';
import { freePort } from '../support/ports';
import { describeWith, tempDir } from '../support/services';

async function redisServer(port: number): Promise<ChildProcess> {
  // A fresh directory each time: Redis comes back with nothing of what it held.
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', tempDir('jansetu-redis-'), '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await eventually(
    () => new Promise<boolean>((resolve) => net.connect(port, '127.0.0.1').once('connect', function (this: net.Socket) { this.destroy(); resolve(true); }).once('error', () => resolve(false))),
    (up) => up,
    10_000,
  );
  return child;
}

describeWith('REDIS')('a campaign when Redis goes away', () => {
  let host: RunningHost;
  let redis: ChildProcess;
  let port: number;
  let token: string;
  beforeAll(async () => {
    port = await freePort();
    redis = await redisServer(port);
    // 20 messages a second: the campaign of 300 takes long enough to lose Redis in its middle.
    host = await startTestHost({ REDIS_URL: `redis://127.0.0.1:${port}`, WHATSAPP_THROUGHPUT_PER_SECOND: '20' });
    token = await adminToken(host.url);
  }, 60_000);
  afterAll(async () => {
    // A host stops cleanly only with its Redis there (a failed test may have left it away).
    if (redis?.exitCode !== null || redis.signalCode !== null) redis = await redisServer(port);
    await host?.stop();
    redis?.kill('SIGKILL');
  }, 60_000);

  const api = broadcastApi(() => host.url, () => token);

  it('holds the campaign with the reason while Redis is away, and finishes it once Redis is back, nobody twice', async () => {
    const sender = host.services.whatsapp.defaultAccount.current.phoneNumberId!;
    const waIds = Array.from({ length: 300 }, (_, i) => `9197${String(50_000 + i).padStart(8, '0')}`);
    const created = await api('/campaigns', {
      name: 'Exam results',
      template: { name: 'school_alert', language: 'en_US', header: ['"ZPHS Tenali"'], body: ['citizen.student', '"results are out"', '"20-03-2027"'] },
      senders: [sender],
      audience: { csv: ['phone,student', ...waIds.map((w, i) => `${w},Student ${i}`)].join('\n') },
    });
    expect(created.status).toBe(201);
    const id = created.json.id as string;
    expect((await api(`/campaigns/${id}/schedule`, {})).status).toBe(200);
    await eventually(() => api(`/campaigns/${id}`).then((r) => r.json), (c) => c.funnel.sent >= 40, 30_000);

    redis.kill('SIGKILL');
    const held = await eventually(() => api(`/campaigns/${id}`).then((r) => r.json), (c) => c.hold !== null, 15_000);
    expect(held.state).toBe('running');
    expect(held.hold.reason).toMatch(/Redis does not answer.*goes on by itself/);
    // Starting anything needs Redis: refused, saying why; the store's own actions still work.
    const resume = await api(`/campaigns/${id}/resume`, {});
    expect(resume).toMatchObject({ status: 503, json: { error: 'unavailable' } });
    expect(resume.json.message).toMatch(/Redis/);
    // Sends waiting in the lane are held too (without Redis, hosts cannot share the number's pace): nothing moves.
    await new Promise((r) => setTimeout(r, 1000));
    const before = (await api(`/campaigns/${id}`)).json.funnel.sent as number;
    await new Promise((r) => setTimeout(r, 2000));
    expect((await api(`/campaigns/${id}`)).json.funnel.sent).toBe(before);
    expect(before).toBeLessThan(300);

    redis = await redisServer(port);
    const done = await eventually(() => api(`/campaigns/${id}`).then((r) => r.json), (c) => c.state === 'completed', 60_000);
    expect(done.hold).toBeNull();
    expect(done.counts.queued).toBe(0);
    expect(Object.values(done.counts as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(300);
    for (const waId of waIds) {
      const alerts = host.sandbox!.whatsapp.conversation(waId)?.messages.filter((m) => m.direction === 'out') ?? [];
      expect({ waId, alerts: alerts.length }).toEqual({ waId, alerts: 1 });
    }
  }, 150_000);
});
