/**
 * The host as `npm start` runs it (the compiled dist/ in its own process):
 * sandbox first start, restart survival, signals, the flows CLI, node-red-admin
 * and start-up failures. `npm test` builds dist/ first.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../platform/paths';
import { tempDir } from './support/services';
import { freePort } from './support/ports';

const MAIN = path.join(projectRoot, 'dist', 'platform', 'main.js');
const FLOWS_CLI = path.join(projectRoot, 'dist', 'scripts', 'flows.js');
const NODE_RED_ADMIN = path.join(projectRoot, 'node_modules', 'node-red-admin', 'node-red-admin.js');

beforeAll(() => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run the suite through \`npm test\`, which builds first`);
});

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}


function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // Only what a fresh shell has, so the host's defaults are what is tested.
  return { PATH: process.env.PATH, HOME: process.env.HOME, LOG_LEVEL: 'info', ...extra };
}

async function startProcess(env: Record<string, string>): Promise<Started> {
  const port = await freePort();
  const child = spawn(process.execPath, [MAIN], { env: baseEnv({ PORT: String(port), HOST: '127.0.0.1', ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 45_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`host exited with ${child.exitCode}:\n${output}`);
    if (output.includes('jansetu is up')) return { child, url, output: () => output };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`host did not come up:\n${output}`);
}

async function stopProcess(p: Started, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  if (p.child.exitCode !== null) return p.child.exitCode;
  const exited = new Promise<number | null>((resolve) => p.child.once('exit', (code) => resolve(code)));
  p.child.kill(signal);
  return exited;
}

function runNode(args: string[], options: { env?: Record<string, string>; input?: string } = {}) {
  const r = spawnSync(process.execPath, args, { env: baseEnv(options.env ?? {}), input: options.input, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** Runs a command that prompts, typing each answer when its prompt appears (as a person would). */
function answerPrompts(args: string[], env: Record<string, string>, answers: Array<[string, string]>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { env: baseEnv(env), stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let next = 0;
    const onData = (b: Buffer) => {
      out += b.toString();
      while (next < answers.length && out.includes(answers[next]![0])) {
        child.stdin!.write(`${answers[next++]![1]}\n`);
        if (next === answers.length) child.stdin!.end();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('sandbox host process', () => {
  const dataDir = tempDir();
  let password = '';
  let host: Started;
  const credentialSecret = () => (JSON.parse(fs.readFileSync(path.join(dataDir, 'sandbox-secrets.json'), 'utf8')) as { credentialSecret: string }).credentialSecret;

  afterAll(async () => {
    if (host) await stopProcess(host, 'SIGKILL');
  });

  it('starts with nothing configured, prints a generated admin login once and seeds the flows', async () => {
    host = await startProcess({ DATA_DIR: dataDir });
    const match = /username: (\S+)\s+password: (\S+)/.exec(host.output());
    expect(match?.[1]).toBe('admin');
    password = match![2];
    expect(credentialSecret()).toMatch(/^[\w-]{32}$/);
    // The generated password is stored only as a bcrypt hash.
    const storeDir = path.join(dataDir, 'store');
    const stored = fs.readdirSync(storeDir, { recursive: true, encoding: 'utf8' }).filter((f) => fs.statSync(path.join(storeDir, f)).isFile());
    expect(stored.length).toBeGreaterThan(0);
    for (const f of stored) expect(fs.readFileSync(path.join(storeDir, f), 'utf8')).not.toContain(password);

    const editor = await fetch(`${host.url}/admin/`);
    expect(editor.status).toBe(200);
    expect(await editor.text()).toContain('<title>jansetu</title>');
  });

  it('reports the private Redis in /readyz when redis-server is installed', async () => {
    const ready = await fetch(`${host.url}/readyz`);
    const body = (await ready.json()) as { queue: { ok: boolean; reason?: string } };
    const hasRedis = spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;
    expect(body.queue.ok).toBe(hasRedis);
    if (!hasRedis) expect(body.queue.reason).toMatch(/apt-get install redis-server/);
  });

  it('exports and imports flows with the flows CLI, refusing unknown types', () => {
    const file = path.join(tempDir(), 'live.json');
    const creds = ['--url', host.url, '--user', 'admin', '--password', password];
    const exported = runNode([FLOWS_CLI, 'export', file, ...creds]);
    expect(exported.code).toBe(0);
    const flows = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
    expect(flows.some((n) => n.label === 'Main menu')).toBe(true);

    flows.push({ id: 'restart0tab00001', type: 'tab', label: 'Added by import' }, { id: 'restart0cmt00001', type: 'comment', z: 'restart0tab00001', name: 'survives restarts', wires: [] });
    fs.writeFileSync(file, JSON.stringify(flows));
    const imported = runNode([FLOWS_CLI, 'import', file, ...creds]);
    expect(imported.out).toMatch(/imported \d+ nodes/);
    expect(imported.code).toBe(0);

    const bad = path.join(tempDir(), 'bad.json');
    fs.writeFileSync(bad, JSON.stringify([...flows, { id: 'x1', type: 'no-such-node', z: 'restart0tab00001', wires: [] }]));
    const refused = runNode([FLOWS_CLI, 'import', bad, ...creds]);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/HTTP 400: .*unknown node types: no-such-node/);

    expect(runNode([FLOWS_CLI, 'export', file, '--url', host.url, '--user', 'admin', '--password', 'wrong']).out).toMatch(/login as admin refused/);
  });

  it('works with node-red-admin (login, list)', async () => {
    const home = tempDir();
    const env = { HOME: home };
    expect(runNode([NODE_RED_ADMIN, 'target', `${host.url}/admin`], { env }).code).toBe(0);
    const login = await answerPrompts([NODE_RED_ADMIN, 'login'], env, [
      ['Username:', 'admin'],
      ['Password:', password],
    ]);
    expect(login.out).toContain('Logged in');
    const list = runNode([NODE_RED_ADMIN, 'list'], { env });
    expect(list.code).toBe(0);
    expect(list.out).toContain('citizen-session');
  });

  it('stops cleanly on SIGTERM, taking its private Redis with it', async () => {
    const pidFile = path.join(dataDir, 'redis', 'redis.pid');
    const redisPid = fs.existsSync(pidFile) ? Number(fs.readFileSync(pidFile, 'utf8')) : 0;
    expect(await stopProcess(host)).toBe(0);
    if (redisPid) {
      await new Promise((r) => setTimeout(r, 200));
      expect(processAlive(redisPid)).toBe(false);
    }
  });

  it('keeps the deploy, the login and the secret across a restart, without printing the password again', async () => {
    const secret = credentialSecret();
    host = await startProcess({ DATA_DIR: dataDir });
    expect(host.output()).not.toContain('password:');
    expect(credentialSecret()).toBe(secret);
    const file = path.join(tempDir(), 'after.json');
    expect(runNode([FLOWS_CLI, 'export', file, '--url', host.url, '--user', 'admin', '--password', password]).code).toBe(0);
    const flows = JSON.parse(fs.readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
    expect(flows.find((n) => n.id === 'restart0cmt00001')).toMatchObject({ name: 'survives restarts' });
    expect(await stopProcess(host, 'SIGINT')).toBe(0);
  });
});

describe('start-up failures', () => {
  it('stops on a bad variable, naming it', () => {
    const r = runNode([MAIN], { env: { PORT: 'eighty', DATA_DIR: tempDir() } });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/PORT: .*\(got "eighty"\)/);
  });

  it('exits non-zero with the reason when the production store is unreachable', () => {
    const r = runNode([MAIN], {
      env: {
        JANSETU_MODE: 'production',
        DATA_DIR: tempDir(),
        PORT: '0',
        MONGODB_URI: 'mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=1000',
        REDIS_URL: 'redis://127.0.0.1:1',
        CREDENTIAL_SECRET: 'a-long-enough-secret-value',
        AADHAAR_VAULT_KEY: Buffer.alloc(32, 7).toString('base64'),
        AADHAAR_REF_SECRET: 'r'.repeat(32),
        // Read when the documents module opens, after the store: never reached here.
        DOCUMENT_SIGNING_KEY: '/nonexistent/document-key.pem',
        ADMIN_USERNAME: 'ops',
        ADMIN_PASSWORD: 'correct-horse-battery',
      },
    });
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/jansetu failed to start: .*(MongoDB|store)/i);
  });
});
