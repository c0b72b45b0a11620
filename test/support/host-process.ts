/**
 * Hosts as `npm start` runs them (dist/, their own process) for tests that
 * kill or restart them, and a WhatsApp simulator on the test's process that
 * outlives them (its conversations are what citizens received).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import express from 'express';
import { projectRoot } from '../../platform/paths';
import { createWhatsAppSimulator, type WhatsAppSimulator } from '../../platform/sandbox/whatsapp';
import { serviceUrl } from './services';

export const MAIN = path.join(projectRoot, 'dist', 'platform', 'main.js');
export const TOKEN = 'process-test-token';
export const APP_SECRET = 'process-test-app-secret';
export const NUMBER = { phoneNumberId: '100000000000077', displayPhoneNumber: '919000000077', businessAccountId: '200000000000077' };

export interface HostProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
}


export function listen(app: express.Express): Promise<{ server: http.Server; url: string }> {
  return new Promise((resolve) => {
    const server = http.createServer(app).listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}` }));
  });
}

/**
 * A simulator of its own, on this process: it keeps its conversations while hosts die. `onSend`
 * hears each message a host sends (not read receipts) when it arrives, and the simulator's answer.
 */
export async function simulator(options: { throughputPerSecond?: number; onSend?: (send: { to: string; type: string; at: number; accepted: boolean; status: number; error?: string }) => void } = {}): Promise<{ sim: WhatsAppSimulator; url: string; close(): Promise<void> }> {
  const sim = createWhatsAppSimulator({ accessToken: TOKEN, appSecret: APP_SECRET, phoneNumbers: [NUMBER], webhookRetry: { startingDelayMs: 200, maxDelayMs: 1000 }, ...(options.throughputPerSecond ? { throughputPerSecond: options.throughputPerSecond } : {}) });
  const app = express();
  const onSend = options.onSend;
  if (onSend) {
    app.use('/sandbox/graph', express.json({ limit: '1mb' }), (req, res, next) => {
      const body = req.body as { to?: string; type?: string; status?: string } | undefined;
      if (req.method === 'POST' && body?.to && body.status !== 'read') {
        const at = performance.now();
        // A refusal's Graph error, for the test to say which.
        let error: string | undefined;
        const json = res.json.bind(res);
        res.json = (answer: { error?: { code?: unknown; message?: unknown } }) => {
          if (answer?.error) error = `#${String(answer.error.code)} ${String(answer.error.message)}`;
          return json(answer);
        };
        res.on('finish', () => onSend({ to: body.to!, type: body.type ?? 'text', at, accepted: res.statusCode === 200, status: res.statusCode, error }));
      }
      next();
    });
  }
  app.use('/sandbox/graph', sim.graphRouter);
  app.use('/sandbox/api', sim.citizenRouter);
  const { server, url } = await listen(app);
  return {
    sim,
    url,
    close: async () => {
      await sim.close();
      server.closeAllConnections();
      server.close();
    },
  };
}

export function hostEnv(port: number, simUrl: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'info',
    PORT: String(port),
    HOST: '127.0.0.1',
    SANDBOX_SIMULATORS: 'off',
    ADMIN_USERNAME: 'ops',
    ADMIN_PASSWORD: 'correct-horse-battery',
    WHATSAPP_GRAPH_URL: `${simUrl}/sandbox/graph`,
    WHATSAPP_PHONE_NUMBER_ID: NUMBER.phoneNumberId,
    WHATSAPP_BUSINESS_ACCOUNT_ID: NUMBER.businessAccountId,
    WHATSAPP_DISPLAY_PHONE_NUMBER: NUMBER.displayPhoneNumber,
    WHATSAPP_ACCESS_TOKEN: TOKEN,
    WHATSAPP_APP_SECRET: APP_SECRET,
    WHATSAPP_VERIFY_TOKEN: 'process-verify',
    REDIS_URL: serviceUrl('REDIS') ?? '',
    ...extra,
  };
}

export function spawnHost(env: NodeJS.ProcessEnv): HostProcess & { up: Promise<void> } {
  const child = spawn(process.execPath, [MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  const up = (async () => {
    const deadline = Date.now() + 45_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`host exited with ${child.exitCode}:\n${output}`);
      if (output.includes('jansetu is up')) return;
      await sleep(50);
    }
    child.kill('SIGKILL');
    throw new Error(`host did not come up:\n${output}`);
  })();
  return { child, url: `http://127.0.0.1:${env.PORT}`, output: () => output, up };
}

export async function startHost(env: NodeJS.ProcessEnv): Promise<HostProcess> {
  const host = spawnHost(env);
  await host.up;
  return host;
}

export async function stopHost(host: HostProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (host.child.exitCode !== null || host.child.signalCode !== null) return;
  const exited = new Promise((resolve) => host.child.once('exit', resolve));
  host.child.kill(signal);
  await exited;
}

export async function citizenSays(simUrl: string, message: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${simUrl}/sandbox/api/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Citizen', ...message }) });
  expect(res.status).toBe(200);
}

export function replies(sim: WhatsAppSimulator, waId: string) {
  return (sim.conversation(waId)?.messages ?? []).filter((m) => m.direction === 'out');
}

export async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
