/**
 * bench:broadcast — a campaign through the whole platform: a jansetu host in
 * its own process (as `npm start` runs it, with its private Redis) sends a
 * school alert from an uploaded CSV to BENCH_RECIPIENTS parents from
 * BENCH_SENDERS numbers through the WhatsApp simulator, which enforces each
 * number's throughput as Meta does (130429 when a second's budget is spent).
 * Meanwhile citizens keep writing to the first number, and the time to their
 * replies is measured.
 *
 * Measures: campaign messages per second (first to last accepted send) and
 * per hour, the most accepted in any one wall-clock second (all numbers, and
 * one number's most against its own limit), sends the simulator refused, that every parent got exactly
 * one alert, and reply latency (p50/p99) during the campaign.
 *
 * Also: the enqueue-to-send time (fan-out to Meta's acceptance, the host's
 * /admin/broadcast/stats), the host's peak RSS and the Redis's peak memory
 * (a Redis of the bench's own), to see what grows with the audience.
 *
 * Also the host's CPU milliseconds per alert (its own process.cpuUsage while the campaign ran).
 *
 * Environment: BENCH_RECIPIENTS (100000; more than 200,000 are uploaded in parts), BENCH_TPS (1000: each number's tier), BENCH_SENDERS (2 numbers), BENCH_REPLY_RATE (5 citizen messages a second),
 * BENCH_HOST_HEAP_MB (the host's heap limit; by default room for the sandbox's in-memory store, about 2 KB a recipient plus GC headroom, above Node's 4 GB past 500,000).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { assertNodeVersion } from '../platform/runtime-check';
import { startRedisChild } from '../platform/sandbox/redis-server';
import { adminToken, benchNumbers, hostCpuMicros, startHostWithSimulator, withTimeout } from './support';

const RECIPIENTS = Number(process.env.BENCH_RECIPIENTS ?? 100_000);
/** One upload's most rows (platform/broadcast/audience.ts): a larger audience goes in parts. */
const PART_ROWS = 200_000;
const TPS = Number(process.env.BENCH_TPS ?? 1000);
const REPLY_RATE = Number(process.env.BENCH_REPLY_RATE ?? 5);
const HOST_HEAP_MB = Number(process.env.BENCH_HOST_HEAP_MB ?? (RECIPIENTS > 500_000 ? Math.ceil((RECIPIENTS * 8) / 1024) + 1024 : 0));
/** Sender numbers (2): their throughput adds up, as a state's would; each is paced and limited at BENCH_TPS. */
const SENDER_COUNT = Number(process.env.BENCH_SENDERS ?? 2);
// A campaign takes 1 to 20 senders (platform/broadcast/module.ts): said now, not as a 400 after the host started.
if (!Number.isInteger(SENDER_COUNT) || SENDER_COUNT < 1 || SENDER_COUNT > 20) throw new Error(`BENCH_SENDERS must be a whole number from 1 to 20 (got ${process.env.BENCH_SENDERS})`);
const SENDERS = benchNumbers(SENDER_COUNT).map((n) => n.phoneNumberId);

interface Body {
  to?: string;
  type?: string;
}

async function main(): Promise<void> {
  assertNodeVersion();
  const alerts = new Map<string, number>();
  /** Accepted sends per wall-clock second of each business number (against its own limit), and of all. */
  const perNumberSecond = new Map<string, Map<number, number>>();
  const perSecond = new Map<number, number>();
  const count = (seconds: Map<number, number>, second: number) => seconds.set(second, (seconds.get(second) ?? 0) + 1);
  let refused = 0;
  let first = 0;
  let last = 0;
  const replyWaiting = new Map<string, (at: number) => void>();
  const redisDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jansetu-bench-redis-'));
  const redisChild = await startRedisChild({ bin: 'redis-server', dir: redisDir });
  const redis = new Redis(redisChild.url);
  const platform = await startHostWithSimulator<Body>({
    redisUrl: redisChild.url,
    throughputPerSecond: TPS,
    simulatorLimit: TPS,
    departmentSandboxes: false,
    numbers: SENDERS.length,
    env: HOST_HEAP_MB > 0 ? { NODE_OPTIONS: `--max-old-space-size=${HOST_HEAP_MB}` } : {},
    onSend: (to, at, body, accepted, from) => {
      if (!accepted) return void refused++;
      const second = Math.floor(at / 1000);
      count(perSecond, second);
      if (!perNumberSecond.has(from)) perNumberSecond.set(from, new Map());
      count(perNumberSecond.get(from)!, second);
      if (body.type === 'template') {
        alerts.set(to, (alerts.get(to) ?? 0) + 1);
        first ||= at;
        last = at;
      } else replyWaiting.get(to)?.(at);
    },
  }).catch(async (err: unknown) => {
    // The bench's own Redis is not left running when the host could not start.
    redis.disconnect();
    await redisChild.stop();
    fs.rmSync(redisDir, { recursive: true, force: true });
    throw err;
  });
  try {
    const token = await adminToken(platform.hostUrl);
    const api = async (path: string, body: unknown) => {
      const res = await fetch(`${platform.hostUrl}/admin/broadcast${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      const json = (await res.json()) as Record<string, unknown>;
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(json)}`);
      return json;
    };
    // Each number is served once the flows have started (the main menu's whatsapp-in, the bench's for the others).
    for (const sender of SENDERS) await withTimeout(waitForSender(platform.hostUrl, token, sender), 30_000, `number ${sender} never became a sender`);
    const part = (from: number) => ['phone,student', ...Array.from({ length: Math.min(PART_ROWS, RECIPIENTS - from) }, (_, i) => `9197${String(from + i).padStart(8, '0')},Student ${from + i}`)].join('\n');
    const createdAt = performance.now();
    const created = await api('/campaigns', {
      name: 'bench',
      template: { name: 'school_alert', language: 'en_US', header: ['campaign.school'], body: ['citizen.student', 'campaign.notice', 'campaign.date'] },
      senders: SENDERS,
      data: { school: 'ZPHS Tenali', notice: 'the school is closed tomorrow.', date: '14-01-2027' },
      audience: { csv: part(0) },
    });
    // More than one upload takes: the rest in parts, as an admin would send a list of 70 lakh parents.
    for (let from = PART_ROWS; from < RECIPIENTS; from += PART_ROWS) await api(`/campaigns/${String(created.id)}/audience`, { csv: part(from) });
    const createSeconds = (performance.now() - createdAt) / 1000;
    const id = String(created.id);
    const cpuAtStart = await hostCpuMicros(platform.hostUrl, token);
    await api(`/campaigns/${id}/schedule`, {});

    // Citizens writing during the campaign: the time from their message to the reply's Graph call.
    const latencies: number[] = [];
    let writing = true;
    const writers = (async () => {
      let n = 0;
      while (writing) {
        const waId = `9196${String(n++).padStart(8, '0')}`;
        const sent = performance.now();
        const replied = new Promise<number>((resolve) => replyWaiting.set(waId, resolve));
        await fetch(`${platform.simUrl}/sandbox/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from: waId, name: 'Citizen', type: 'text', text: 'hi' }) });
        void withTimeout(replied, 30_000, 'no reply').then((at) => latencies.push(at - sent), () => latencies.push(30_000));
        await new Promise((resolve) => setTimeout(resolve, 1000 / REPLY_RATE));
      }
    })();

    const done = await withTimeout(waitForCompletion(platform.hostUrl, token, id), 90 * 60_000, 'the campaign did not complete');
    // All the host spent while the campaign ran (its sends, their status webhooks, the citizens writing meanwhile), per alert.
    const cpuMsPerAlert = ((await hostCpuMicros(platform.hostUrl, token)) - cpuAtStart) / 1000 / RECIPIENTS;
    const stats = (await (await fetch(`${platform.hostUrl}/admin/broadcast/stats`, { headers: { authorization: `Bearer ${token}` } })).json()) as { enqueueToSend: { p50Ms: number; p99Ms: number } };
    const peakRssMb = Number(/VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${platform.pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
    const redisPeakMb = Number(/used_memory_peak:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0) / 1024 / 1024;
    writing = false;
    await writers;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const seconds = (last - first) / 1000;
    const rate = RECIPIENTS / Math.max(seconds, 0.001);
    // The seconds wholly inside the campaign (its first and last are partial).
    const fullSeconds = (seconds: Map<number, number>) => [...seconds].filter(([s]) => s > Math.floor(first / 1000) && s < Math.floor(last / 1000)).map(([, c]) => c);
    const maxSecond = Math.max(...fullSeconds(perSecond), 0);
    const busiestOfNumber = Math.max(...[...perNumberSecond.values()].flatMap(fullSeconds), 0);
    const twice = [...alerts.values()].filter((c) => c > 1).length;
    const missing = RECIPIENTS - alerts.size;
    latencies.sort((a, b) => a - b);
    const q = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
    console.log(`campaign of ${RECIPIENTS}: ${rate.toFixed(0)} msg/s (${(rate * 3600).toFixed(0)} an hour), busiest second ${maxSecond} (one number's ${busiestOfNumber} of ${TPS} allowed, ${SENDERS.length} numbers), ${refused} sends refused (130429), ${missing} parents missed, ${twice} got two; counters ${JSON.stringify(done.counts)}`);
    console.log(`replies during the campaign: ${latencies.length}, p50 ${q(0.5)} ms, p99 ${q(0.99)} ms`);
    console.log(`enqueue to send (last 10,000): p50 ${stats.enqueueToSend.p50Ms} ms, p99 ${stats.enqueueToSend.p99Ms} ms; host peak RSS ${peakRssMb.toFixed(0)} MB; Redis peak ${redisPeakMb.toFixed(1)} MB; host CPU ${cpuMsPerAlert.toFixed(2)} ms per alert`);
    console.log(
      `RESULT broadcast_msgs_per_s=${rate.toFixed(0)} broadcast_msgs_per_hour=${(rate * 3600).toFixed(0)} busiest_second_msgs=${maxSecond} senders=${SENDERS.length} number_busiest_second_msgs=${busiestOfNumber} number_limit_per_s=${TPS} refused_sends=${refused} ` +
        `recipients=${RECIPIENTS} missed=${missing} duplicated=${twice} replies_during=${latencies.length} reply_p50_ms=${q(0.5)} reply_p99_ms=${q(0.99)} ` +
        `create_s=${createSeconds.toFixed(1)} enqueue_to_send_p50_ms=${stats.enqueueToSend.p50Ms} enqueue_to_send_p99_ms=${stats.enqueueToSend.p99Ms} host_peak_rss_mb=${peakRssMb.toFixed(0)} redis_peak_mb=${redisPeakMb.toFixed(1)} host_cpu_ms_per_msg=${cpuMsPerAlert.toFixed(2)}`,
    );
  } finally {
    await platform.stop();
    redis.disconnect();
    await redisChild.stop();
    fs.rmSync(redisDir, { recursive: true, force: true });
  }
}

async function waitForSender(hostUrl: string, token: string, sender: string): Promise<void> {
  for (;;) {
    const res = await fetch(`${hostUrl}/admin/broadcast/campaigns`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'probe', template: { name: 'school_alert', language: 'en_US', header: ['"x"'], body: ['"a"', '"b"', '"c"'] }, senders: [sender], audience: { csv: 'phone' } }) });
    const json = (await res.json()) as { error?: string };
    // Past the sender check: the number serves (the empty audience is refused after it).
    if (json.error === 'bad_audience') return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function waitForCompletion(hostUrl: string, token: string, id: string): Promise<{ counts: Record<string, number> }> {
  for (;;) {
    const campaign = (await (await fetch(`${hostUrl}/admin/broadcast/campaigns/${id}`, { headers: { authorization: `Bearer ${token}` } })).json()) as { state: string; counts: Record<string, number> };
    if (campaign.state === 'completed') return campaign;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
