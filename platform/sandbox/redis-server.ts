/**
 * Sandbox only: a private redis-server child under the data directory, so
 * `npm start` has queues with nothing configured. Stopped with the host.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface RedisChild {
  url: string;
  stop(): Promise<void>;
}

export class RedisUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUnavailableError';
  }
}

const INSTALL_HINT = 'install it (Debian: apt-get install redis-server) or set REDIS_URL to a running Redis';

export async function startRedisChild(options: { bin: string; dir: string; startTimeoutMs?: number }): Promise<RedisChild> {
  const bin = findExecutable(options.bin);
  if (!bin) throw new RedisUnavailableError(`${options.bin} was not found on PATH; ${INSTALL_HINT}`);
  makePrivate(options.dir);
  const pidFile = path.join(options.dir, 'redis.pid');
  await killStale(pidFile);

  const port = await freePort();
  const child = withPrivateUmask(() =>
    spawn(
      bin,
      ['--port', String(port), '--bind', '127.0.0.1', '--dir', options.dir, '--pidfile', pidFile, '--appendonly', 'yes', '--save', '', '--daemonize', 'no', '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    ),
  );
  let output = '';
  // A spawn that fails (EACCES, ...) is reported by waitForPort via exitCode; without a listener it would crash the host.
  child.on('error', (err) => (output += `spawn failed: ${err.message}\n`));
  child.stdout?.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-2000)));
  child.stderr?.on('data', (b: Buffer) => (output = (output + b.toString()).slice(-2000)));

  try {
    await waitForPort(port, child, options.startTimeoutMs ?? 10_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new RedisUnavailableError(`${bin} did not start: ${(err as Error).message}; output: ${output.trim() || '(none)'}`);
  }
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

/**
 * The AOF is the queues' jobs, citizens' data among them: the directory is
 * 0700 (which alone keeps other users out) and what is already in it, from
 * an older version that left it 0755/0644, is tightened too.
 */
function makePrivate(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir);
}

function tighten(dir: string): void {
  fs.chmodSync(dir, 0o700);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const entryPath = path.join(dir, entry.name);
    if (entry.isDirectory()) tighten(entryPath);
    else if (entry.isFile()) fs.chmodSync(entryPath, 0o600);
  }
}

/**
 * redis-server creates its files (appendonlydir 0755, AOF and pid file 0644)
 * under the umask it inherits, and has no option for their mode. The umask is
 * per process, so it is narrowed only around the synchronous spawn, where no
 * other code of the host can run. Worker threads cannot set it: there the
 * 0700 directory is the protection.
 */
function withPrivateUmask<T>(start: () => T): T {
  let previous: number | undefined;
  try {
    previous = process.umask(0o077);
  } catch {
    previous = undefined;
  }
  try {
    return start();
  } finally {
    if (previous !== undefined) process.umask(previous);
  }
}

function findExecutable(name: string): string | null {
  if (name.includes('/')) return isExecutable(name) ? name : null;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (isExecutable(candidate)) return candidate;
  }
  // Debian installs redis-server in /usr/bin, but sbin-less PATHs exist in minimal shells.
  for (const dir of ['/usr/bin', '/usr/local/bin', '/usr/sbin']) {
    if (isExecutable(path.join(dir, name))) return path.join(dir, name);
  }
  return null;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * A previous host that crashed leaves its redis running on the same files; stop it first, and
 * wait, so two servers never append to one file. After a reboot the pid may be someone else's:
 * only a redis-server is stopped.
 */
async function killStale(pidFile: string): Promise<void> {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    if (!(pid > 0) || !fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('redis-server')) return;
    process.kill(pid, 'SIGTERM');
  } catch {
    return; // no pid file, no such process, or not ours to stop
  }
  for (let i = 0; i < 100; i++) {
    try {
      process.kill(pid, 0);
    } catch {
      return;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.pid === undefined) throw new Error("could not be started");
    if (child.exitCode !== null) throw new Error(`exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.once('connect', () => socket.end(() => resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`port ${port} not open after ${timeoutMs} ms`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
