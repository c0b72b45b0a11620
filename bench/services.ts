/**
 * bench:services — citizens completing a certificate application at once,
 * through the whole platform: the WhatsApp simulator here delivers signed
 * webhooks to a jansetu host (its own process, sandbox mode, so the CDMA
 * backend runs in it), each citizen's replies are caught as the host's Graph
 * calls. Every citizen: "hi", English, "naaku janana dhruveekarana patram
 * kavali" (birth certificate), four answers, "Yes" to the read-back, and the
 * acknowledgement with the reference number: eight steps, each timed from
 * the citizen's message to the reply's Graph call.
 *
 * Prints completions per second (citizens done / time until the last is
 * done) and p50/p99 per step. Environment: BENCH_CITIZENS (1000).
 */
import { Pool } from 'undici';
import { assertNodeVersion } from '../platform/runtime-check';
import { startHostWithSimulator, withTimeout } from './support';

const CITIZENS = Number(process.env.BENCH_CITIZENS ?? 1000);
const STEP_TIMEOUT_MS = 120_000;

interface GraphBody {
  to?: string;
  status?: string;
  type?: string;
  text?: { body: string };
  interactive?: { body?: { text: string }; action?: { buttons?: Array<{ reply: { id: string; title: string } }> } };
}

type Step = { name: string; send: (reply: GraphBody | null) => Record<string, unknown>; expect: (reply: GraphBody) => boolean };

const text = (t: string) => ({ type: 'text', text: t });
const tap = (reply: GraphBody | null, title: string) => {
  const button = reply?.interactive?.action?.buttons?.find((b) => b.reply.title === title);
  if (!button) throw new Error(`no "${title}" button in ${JSON.stringify(reply)}`);
  return { type: 'interactive', reply: { kind: 'button_reply', id: button.reply.id, title } };
};
const says = (reply: GraphBody, words: string) => (reply.text?.body ?? reply.interactive?.body?.text ?? '').includes(words);

const STEPS: Step[] = [
  { name: 'hi', send: () => text('hi'), expect: (r) => Boolean(r.interactive?.action?.buttons) },
  { name: 'language', send: (r) => tap(r, 'English'), expect: () => true },
  { name: 'request', send: () => text('naaku janana dhruveekarana patram kavali'), expect: (r) => says(r, 'step 1 of 4') },
  { name: 'name', send: () => text('Sita Devi'), expect: (r) => says(r, 'step 2 of 4') },
  { name: 'date_of_birth', send: () => text('05-03-2024'), expect: (r) => says(r, 'step 3 of 4') },
  { name: 'place_of_birth', send: () => text('Government General Hospital, Guntur'), expect: (r) => says(r, 'step 4 of 4') },
  { name: 'mother_name', send: () => text('Padma'), expect: (r) => says(r, 'Submit it') },
  // Submitted to the department, not kept because it was busy (that is no completion).
  { name: 'confirm', send: (r) => tap(r, 'Yes'), expect: (r) => /AP-MAU-\d{4}-\d{6}/.test(r.text?.body ?? '') && says(r, 'submitted to the department') },
];

async function main(): Promise<void> {
  assertNodeVersion();
  // A citizen's next reply resolves their waiter when the host's Graph call for it is accepted.
  const waiting = new Map<string, (reply: { at: number; body: GraphBody }) => void>();
  // The sandbox's department backends run in the host; WhatsApp is this process's simulator.
  const platform = await startHostWithSimulator<GraphBody>({
    throughputPerSecond: 1000,
    simulatorLimit: false,
    departmentSandboxes: true,
    onSend: (to, at, body, accepted) => {
      if (accepted) waiting.get(to)?.({ at, body });
    },
  });
  const { simUrl } = platform;
  const citizenApi = new Pool(simUrl, { connections: 64 });

  const perStep = new Map<string, number[]>(STEPS.map((s) => [s.name, []]));
  const failures: string[] = [];
  const started = performance.now();
  let lastDone = started;
  let completed = 0;
  await Promise.all(
    Array.from({ length: CITIZENS }, async (_, i) => {
      const waId = `91${String(7_100_000_000 + i)}`;
      let reply: GraphBody | null = null;
      try {
        for (const step of STEPS) {
          const replied = new Promise<{ at: number; body: GraphBody }>((resolve) => waiting.set(waId, resolve));
          const start = performance.now();
          const res = await citizenApi.request({ path: '/sandbox/api/messages', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: waId, name: 'Bench', ...step.send(reply) }) });
          await res.body.dump();
          if (res.statusCode !== 200) throw new Error(`citizen API answered ${res.statusCode}`);
          const got = await withTimeout(replied, STEP_TIMEOUT_MS, `no reply to step ${step.name}`);
          if (!step.expect(got.body)) throw new Error(`step ${step.name}: unexpected reply ${JSON.stringify(got.body).slice(0, 200)}`);
          perStep.get(step.name)!.push(got.at - start);
          reply = got.body;
        }
        completed++;
        lastDone = performance.now();
      } catch (err) {
        failures.push(`${waId}: ${(err as Error).message}`);
      } finally {
        waiting.delete(waId);
      }
    }),
  );
  const seconds = (lastDone - started) / 1000;

  await citizenApi.close();
  await platform.stop();

  const q = (values: number[], p: number) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? NaN;
  };
  for (const [name, values] of perStep) console.log(`step ${name.padEnd(15)} p50 ${q(values, 0.5).toFixed(0).padStart(6)} ms   p99 ${q(values, 0.99).toFixed(0).padStart(6)} ms   (${values.length})`);
  if (failures.length > 0) console.log(`${failures.length} citizens did not complete, e.g. ${failures.slice(0, 3).join(' | ')}`);
  const all = [...perStep.values()].flat();
  const worstStep = [...perStep.entries()].reduce((a, b) => (q(b[1], 0.99) > q(a[1], 0.99) ? b : a));
  console.log(`${completed} of ${CITIZENS} citizens completed a birth certificate application (8 steps each) in ${seconds.toFixed(1)} s`);
  console.log(
    `RESULT services_citizens=${CITIZENS} services_completed=${completed} services_completions_per_s=${(completed / seconds).toFixed(1)} ` +
      `services_step_p50_ms=${q(all, 0.5).toFixed(0)} services_step_p99_ms=${q(all, 0.99).toFixed(0)} services_worst_step=${worstStep[0]} services_worst_step_p99_ms=${q(worstStep[1], 0.99).toFixed(0)} services_failed=${failures.length}`,
  );
  if (failures.length > 0) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: Error) => {
    console.error(`bench:services failed: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
