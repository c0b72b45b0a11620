/** What the benchmarks share: a host or Node-RED in a child process, free ports, an admin token, timeouts. */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { defaultFlowsDir, projectRoot } from '../platform/paths';
import { createWhatsAppSimulator, type WhatsAppSimulator } from '../platform/sandbox/whatsapp';

/** A bearer token for the host's admin API, as the editor gets one. */
export async function adminToken(hostUrl: string, username = 'bench', password = 'bench-password'): Promise<string> {
  const res = await fetch(`${hostUrl}/admin/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username, password }),
  });
  if (res.status !== 200) throw new Error(`admin login answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** CPU microseconds (user + system) the host has spent since it started, from its own process.cpuUsage(). */
export async function hostCpuMicros(hostUrl: string, token: string): Promise<number> {
  const res = await fetch(`${hostUrl}/admin/jansetu/process`, { headers: { Authorization: `Bearer ${token}` } });
  const { cpu } = (await res.json()) as { cpu: { user: number; system: number } };
  return cpu.user + cpu.system;
}

export async function startChild(script: string, args: string[], env: Record<string, string>, readyText: string, inheritEnv = false): Promise<ChildProcess> {
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the jansetu host, to profile it under this load.
  const nodeArgs = !inheritEnv && process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : [];
  // BENCH_HOST_LOG: all the host's output appended there (e.g. with --trace-gc); opened first, so a bad path fails before anything starts.
  const logFd = !inheritEnv && process.env.BENCH_HOST_LOG ? fs.openSync(process.env.BENCH_HOST_LOG, 'a') : null;
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...(inheritEnv ? process.env : {}), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  if (logFd !== null) {
    const keep = (b: Buffer) => fs.writeSync(logFd, b);
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    child.once('close', () => fs.closeSync(logFd));
  }
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${path.basename(script)} did not start:\n${output}`));
    }, 60_000);
    const onData = (b: Buffer) => {
      output = (output + b.toString()).slice(-5000);
      if (output.includes(readyText)) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        child.stderr!.off('data', onData);
        // Keep draining so a chatty child never blocks on a full pipe.
        child.stdout!.resume();
        child.stderr!.resume();
        resolve(child);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${path.basename(script)} exited with ${code}:\n${output}`));
    });
  });
}

export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}

export function listen(app: express.Express): Promise<http.Server> {
  return new Promise((resolve) => {
    const server = http.createServer(app);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

export async function freePort(): Promise<number> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const { port } = server.address() as AddressInfo;
  await new Promise((r) => server.close(r));
  return port;
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]).finally(() => clearTimeout(timer));
}


/**
 * The WhatsApp simulator served for a host to call, each message the host
 * sends (not a read receipt) reported when the simulator has answered it:
 * accepted (a reply) or refused (130429: the host tries again).
 */
export async function simulatorServer<B extends { to?: string; status?: string }>(simulator: WhatsAppSimulator, onSend: (to: string, at: number, body: B, accepted: boolean, from: string) => void): Promise<{ server: http.Server; url: string }> {
  const app = express();
  app.use('/sandbox/graph', express.json(), (req, res, next) => {
    const body = req.body as B | undefined;
    if (req.method === 'POST' && body?.to && body.status !== 'read') {
      const to = body.to;
      const at = performance.now();
      // /v<version>/<phone number id>/messages: the business number that sends.
      const from = req.path.split('/')[2] ?? '';
      res.on('finish', () => onSend(to, at, body, res.statusCode === 200, from));
    }
    next();
  });
  app.use('/sandbox/graph', simulator.graphRouter);
  app.use('/sandbox/api', simulator.citizenRouter);
  const server = await listen(app);
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const TOKEN = 'bench-access-token';
const APP_SECRET = 'bench-app-secret';
const NUMBER = { phoneNumberId: '100000000000001', displayPhoneNumber: '919000000001', businessAccountId: '200000000000001' };

/** The business numbers a bench host sends from: the platform's default first, then more of the same account. */
export function benchNumbers(count: number): Array<typeof NUMBER> {
  return Array.from({ length: count }, (_, i) => ({ ...NUMBER, phoneNumberId: String(Number(NUMBER.phoneNumberId) + i), displayPhoneNumber: String(Number(NUMBER.displayPhoneNumber) + i) }));
}

/**
 * The shipped flows plus one whatsapp-account and whatsapp-in per number past
 * the first, so the host serves (and can broadcast from) each of them. Those
 * whatsapp-in nodes lead nowhere: the benches' citizens write to the first.
 */
function flowsServing(numbers: Array<typeof NUMBER>, base: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jansetu-bench-flows-'));
  fs.cpSync(base, dir, { recursive: true });
  const nodes: Array<Record<string, unknown>> = [{ id: 'benchnumbers0tab', type: 'tab', label: 'Bench: more numbers' }];
  numbers.slice(1).forEach((n, i) => {
    nodes.push(
      { id: `benchaccount${i}`, type: 'whatsapp-account', name: `number ${n.displayPhoneNumber}`, phoneNumberId: n.phoneNumberId, version: 1 },
      { id: `benchin${i}`, type: 'whatsapp-in', z: 'benchnumbers0tab', account: `benchaccount${i}`, path: '/whatsapp/webhook', version: 1, wires: [[], []] },
    );
  });
  fs.writeFileSync(path.join(dir, 'bench-numbers.json'), JSON.stringify(nodes));
  return dir;
}

/**
 * A jansetu host in its own process (as `npm start` runs it, on a fresh data
 * directory) talking to a WhatsApp simulator served here: each message the
 * host sends goes to `onSend`. `departmentSandboxes` mounts the host's own
 * department backends (its WhatsApp stays this simulator). stop() ends both.
 */
export async function startHostWithSimulator<B extends { to?: string; status?: string }>(options: {
  /** What the host paces each number at. */
  throughputPerSecond: number;
  /** What the simulator enforces (Meta's limit), or false for nothing. */
  simulatorLimit: number | false;
  departmentSandboxes: boolean;
  onSend: (to: string, at: number, body: B, accepted: boolean, from: string) => void;
  /** A Redis the bench started (to read its memory); else the host starts its own. */
  redisUrl?: string;
  /** More of the host's environment (FLOWS_DIR, say). */
  env?: Record<string, string>;
  /** Business numbers the simulator plays and the host serves (1): each has the limits above. */
  numbers?: number;
}): Promise<{ hostUrl: string; simUrl: string; pid: number; stop(): Promise<void> }> {
  const numbers = benchNumbers(options.numbers ?? 1);
  const simulator = createWhatsAppSimulator({ accessToken: TOKEN, appSecret: APP_SECRET, phoneNumbers: numbers, throughputPerSecond: options.simulatorLimit, pairLimit: false });
  const { server, url: simUrl } = await simulatorServer<B>(simulator, options.onSend);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'jansetu-bench-'));
  const flowsDir = numbers.length > 1 ? flowsServing(numbers, options.env?.FLOWS_DIR ?? defaultFlowsDir) : null;
  const cleanUp = async () => {
    await simulator.close();
    server.closeAllConnections();
    server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    if (flowsDir) fs.rmSync(flowsDir, { recursive: true, force: true });
  };
  const port = await freePort();
  const host = await startChild(path.join(projectRoot, 'dist', 'platform', 'main.js'), [], {
    DATA_DIR: dataDir,
    PORT: String(port),
    HOST: '127.0.0.1',
    // info: the readiness line is what startChild waits for; nothing is logged per message.
    LOG_LEVEL: 'info',
    SANDBOX_SIMULATORS: options.departmentSandboxes ? 'on' : 'off',
    ADMIN_USERNAME: 'bench',
    ADMIN_PASSWORD: 'bench-password',
    WHATSAPP_GRAPH_URL: `${simUrl}/sandbox/graph`,
    WHATSAPP_PHONE_NUMBER_ID: NUMBER.phoneNumberId,
    WHATSAPP_BUSINESS_ACCOUNT_ID: NUMBER.businessAccountId,
    WHATSAPP_ACCESS_TOKEN: TOKEN,
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: 'bench-verify',
    WHATSAPP_THROUGHPUT_PER_SECOND: String(options.throughputPerSecond),
    WHATSAPP_PAIR_LIMIT: 'off',
    ...(options.redisUrl ? { REDIS_URL: options.redisUrl } : {}),
    ...options.env,
    ...(flowsDir ? { FLOWS_DIR: flowsDir } : {}),
  }, 'jansetu is up').catch(async (err: unknown) => {
    await cleanUp();
    throw err;
  });
  simulator.setWebhookUrl(`http://127.0.0.1:${port}/api/whatsapp/webhook`);
  return {
    hostUrl: `http://127.0.0.1:${port}`,
    simUrl,
    pid: host.pid!,
    async stop() {
      await stopChild(host);
      await cleanUp();
    },
  };
}
