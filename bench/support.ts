/** What the benchmarks share: a host or Node-RED in a child process, free ports, an admin token, timeouts. */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import type { WhatsAppSimulator } from '../platform/sandbox/whatsapp';

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

export async function startChild(script: string, args: string[], env: Record<string, string>, readyText: string, inheritEnv = false): Promise<ChildProcess> {
  // BENCH_NODE_ARGS (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof") go to the jansetu host, to profile it under this load.
  const nodeArgs = !inheritEnv && process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ').filter(Boolean) : [];
  const child = spawn(process.execPath, [...nodeArgs, script, ...args], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...(inheritEnv ? process.env : {}), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${path.basename(script)} did not start:\n${output}`)), 60_000);
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
    child.once('exit', (code) => reject(new Error(`${path.basename(script)} exited with ${code}:\n${output}`)));
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
export async function simulatorServer<B extends { to?: string; status?: string }>(simulator: WhatsAppSimulator, onSend: (to: string, at: number, body: B, accepted: boolean) => void): Promise<{ server: http.Server; url: string }> {
  const app = express();
  app.use('/sandbox/graph', express.json(), (req, res, next) => {
    const body = req.body as B | undefined;
    if (req.method === 'POST' && body?.to && body.status !== 'read') {
      const to = body.to;
      const at = performance.now();
      res.on('finish', () => onSend(to, at, body, res.statusCode === 200));
    }
    next();
  });
  app.use('/sandbox/graph', simulator.graphRouter);
  app.use('/sandbox/api', simulator.citizenRouter);
  const server = await listen(app);
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
