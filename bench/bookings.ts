/**
 * bench:bookings — citizens competing for darshan seats, through the whole platform: a jansetu
 * host in its own process (sandbox mode: its payment gateway simulator runs in it; WhatsApp is
 * the simulator here), a darshan slot of BENCH_SEATS seats, and BENCH_CITIZENS counter bookings
 * for it over the admin REST, BENCH_CONCURRENCY at a time. Every held booking is then paid on
 * the gateway's page as a browser would post it; the gateway's signed webhook confirms it, and
 * the host sends the ticket (a PDF with a signed QR code) as a WhatsApp template.
 *
 * Prints bookings decided per second (held or full), the hold request's p50/p99, how many were
 * confirmed (exactly the seats, or the bench fails), and pay-to-ticket p50/p99.
 * Environment: BENCH_CITIZENS (5000), BENCH_SEATS (1000), BENCH_CONCURRENCY (100).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { defaultFlowsDir } from '../platform/paths';
import { assertNodeVersion } from '../platform/runtime-check';
import { adminToken, startHostWithSimulator } from './support';

const CITIZENS = Number(process.env.BENCH_CITIZENS ?? 5000);
const SEATS = Number(process.env.BENCH_SEATS ?? 1000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 100);
const TICKETS_TIMEOUT_MS = 300_000;

interface GraphBody {
  to?: string;
  status?: string;
  type?: string;
  template?: { name: string };
}

/** The shipped flows with the darshan slot sized to the bench. */
function flowsWithSeats(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jansetu-bench-flows-'));
  fs.cpSync(defaultFlowsDir, dir, { recursive: true });
  const file = path.join(dir, 'catalog', 'calendars.json');
  const calendars = JSON.parse(fs.readFileSync(file, 'utf8')) as { calendars: Record<string, { capacity: number; maxUnits: number }> };
  calendars.calendars.darshan_slot!.capacity = SEATS;
  fs.writeFileSync(file, JSON.stringify(calendars));
  return dir;
}

async function pool<T>(items: T[], width: number, work: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  }));
}

const q = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
};

async function main(): Promise<void> {
  assertNodeVersion();
  const flows = flowsWithSeats();
  const ticketAt = new Map<string, number>();
  const platform = await startHostWithSimulator<GraphBody>({
    throughputPerSecond: 1000,
    simulatorLimit: false,
    departmentSandboxes: true,
    env: { FLOWS_DIR: flows },
    onSend: (to, at, body, accepted) => {
      if (accepted && body.type === 'template' && body.template?.name === 'payment_receipt' && !ticketAt.has(to)) ticketAt.set(to, at);
    },
  });
  const token = await adminToken(platform.hostUrl);
  const http = new Pool(platform.hostUrl, { connections: CONCURRENCY });
  const call = async (method: 'GET' | 'POST', route: string, body?: unknown, type = 'application/json') => {
    const res = await http.request({ path: route, method, headers: { authorization: `Bearer ${token}`, 'content-type': type }, body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body) });
    const text = await res.body.text();
    return { status: res.statusCode, json: text.startsWith('{') ? (JSON.parse(text) as Record<string, any>) : {}, headers: res.headers };
  };
  const date = new Date(Date.now() + 330 * 60_000 + 7 * 86_400_000).toISOString().slice(0, 10);
  const answers = { temple: 'srisailam', visit_date: date, darshan_type: 'special_entry', persons: 1 };
  const citizens = Array.from({ length: CITIZENS }, (_, i) => `91${String(7_200_000_000 + i)}`);

  const holdMs: number[] = [];
  const held: Array<{ waId: string; reference: string; link: string }> = [];
  let full = 0;
  const failures: string[] = [];
  const started = performance.now();
  await pool(citizens, CONCURRENCY, async (waId, i) => {
    const t = performance.now();
    const res = await call('POST', '/admin/bookings', { service: 'darshan_slot', answers, timeId: 't0800', citizen: { wa_id: waId }, requestKey: `bench-${i}` });
    holdMs.push(performance.now() - t);
    if (res.status === 201 && res.json.payment?.link) held.push({ waId, reference: res.json.booking.reference, link: res.json.payment.link });
    else if (res.status === 409 && res.json.error === 'full') full++;
    else failures.push(`${waId}: ${res.status} ${JSON.stringify(res.json).slice(0, 200)}`);
  });
  const decidedSeconds = (performance.now() - started) / 1000;
  console.log(`${CITIZENS} citizens for ${SEATS} seats: ${held.length} held, ${full} full, ${failures.length} failed in ${decidedSeconds.toFixed(1)} s`);

  // Each held booking paid on the gateway's page, as the citizen's browser posts it.
  const paidAt = new Map<string, number>();
  await pool(held, Math.min(CONCURRENCY, 50), async ({ waId, link }) => {
    const url = new URL(link);
    paidAt.set(waId, performance.now());
    const res = await call('POST', url.pathname, 'outcome=pay', 'application/x-www-form-urlencoded');
    if (res.status !== 303) failures.push(`pay ${waId}: ${res.status}`);
  });
  const deadline = Date.now() + TICKETS_TIMEOUT_MS;
  while (ticketAt.size < held.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  let confirmed = 0;
  await pool(held, 20, async ({ reference }) => {
    if ((await call('GET', `/admin/bookings/${reference}`)).json.booking?.state === 'confirmed') confirmed++;
  });
  const process_ = (await call('GET', '/admin/jansetu/process')).json as { memory?: { rss: number } };
  await http.close();
  await platform.stop();
  fs.rmSync(flows, { recursive: true, force: true });

  const payToTicket = held.filter((h) => ticketAt.has(h.waId)).map((h) => ticketAt.get(h.waId)! - paidAt.get(h.waId)!);
  if (failures.length > 0) console.log(`${failures.length} failures, e.g. ${failures.slice(0, 3).join(' | ')}`);
  console.log(`${confirmed} confirmed, ${ticketAt.size} tickets sent`);
  console.log(
    `RESULT bookings_citizens=${CITIZENS} bookings_seats=${SEATS} bookings_per_s=${(CITIZENS / decidedSeconds).toFixed(0)} bookings_hold_p50_ms=${q(holdMs, 0.5).toFixed(0)} bookings_hold_p99_ms=${q(holdMs, 0.99).toFixed(0)} ` +
      `bookings_held=${held.length} bookings_full=${full} bookings_confirmed=${confirmed} bookings_tickets=${ticketAt.size} bookings_pay_to_ticket_p50_ms=${q(payToTicket, 0.5).toFixed(0)} bookings_pay_to_ticket_p99_ms=${q(payToTicket, 0.99).toFixed(0)} ` +
      `bookings_failed=${failures.length} host_rss_mb=${process_.memory ? (process_.memory.rss / 1_048_576).toFixed(0) : 'NaN'}`,
  );
  if (failures.length > 0 || confirmed !== SEATS || held.length !== SEATS) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: Error) => {
    console.error(err);
    process.exit(1);
  },
);
