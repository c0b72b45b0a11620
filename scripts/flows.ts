/**
 * `npm run flows -- export <file>` / `npm run flows -- import <file>`: moves the
 * live flows out of and into a running host through its admin API, the same
 * API the editor's Import/Export and node-red-admin use.
 *
 * Options: --url (JANSETU_URL, default http://127.0.0.1:$PORT or 1880),
 * --user/--password (ADMIN_USERNAME/ADMIN_PASSWORD) or --token (JANSETU_ADMIN_TOKEN).
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { assertNodeVersion } from '../platform/runtime-check';

const USAGE = `usage: npm run flows -- <export|import> <file|-> [--url URL] [--user NAME --password PW | --token T]`;

class CliError extends Error {}

async function main(argv: string[]): Promise<void> {
  assertNodeVersion();
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      url: { type: 'string', default: process.env.JANSETU_URL ?? `http://127.0.0.1:${process.env.PORT || 1880}` },
      user: { type: 'string', default: process.env.ADMIN_USERNAME },
      password: { type: 'string', default: process.env.ADMIN_PASSWORD },
      token: { type: 'string', default: process.env.JANSETU_ADMIN_TOKEN },
    },
  });
  const [command, file] = positionals;
  if ((command !== 'export' && command !== 'import') || !file) throw new CliError(USAGE);
  const admin = `${values.url.replace(/\/+$/, '')}/admin`;
  const token = values.token ?? (await login(admin, values.user, values.password));
  const headers: Record<string, string> = { 'Node-RED-API-Version': 'v2', ...(token ? { Authorization: `Bearer ${token}` } : {}) };

  if (command === 'export') {
    const res = await fetch(`${admin}/flows`, { headers });
    const body = (await readJson(res, 'export')) as { flows: unknown[]; rev: string };
    const text = `${JSON.stringify(body.flows, null, 2)}\n`;
    if (file === '-') process.stdout.write(text);
    else fs.writeFileSync(file, text);
    process.stderr.write(`exported ${body.flows.length} nodes (rev ${body.rev})${file === '-' ? '' : ` to ${file}`}\n`);
    return;
  }

  const raw = file === '-' ? fs.readFileSync(0, 'utf8') : fs.readFileSync(file, 'utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    throw new CliError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  const flows = Array.isArray(parsed) ? parsed : (parsed as { flows?: unknown }).flows;
  if (!Array.isArray(flows)) throw new CliError(`${file} must hold a flow export: an array of nodes, or {"flows": [...]}`);
  const res = await fetch(`${admin}/flows`, {
    method: 'POST',
    headers: { ...headers, 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
    body: JSON.stringify({ flows }),
  });
  const body = (await readJson(res, 'import')) as { rev: string };
  process.stderr.write(`imported ${flows.length} nodes; live flows are now rev ${body.rev}\n`);
}

/** Password grant, as node-red-admin does; null when the host has no editor login. */
async function login(admin: string, username?: string, password?: string): Promise<string | null> {
  const scheme = (await readJson(await fetch(`${admin}/auth/login`), 'login')) as { type?: string };
  if (!scheme.type) return null;
  if (!username || !password) throw new CliError('the host needs a login: pass --user and --password (or set ADMIN_USERNAME/ADMIN_PASSWORD), or --token');
  const res = await fetch(`${admin}/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username, password }),
  });
  if (res.status === 401 || res.status === 403) throw new CliError(`login as ${username} refused: wrong username or password`);
  return ((await readJson(res, 'login')) as { access_token: string }).access_token;
}

async function readJson(res: Response, what: string): Promise<unknown> {
  const text = await res.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    body = { message: text.slice(0, 300) };
  }
  if (!res.ok) {
    const message = (body as { message?: string }).message ?? res.statusText;
    throw new CliError(`${what} failed: HTTP ${res.status}: ${message}`);
  }
  return body;
}

main(process.argv.slice(2)).catch((err: Error) => {
  const reason = err instanceof CliError ? err.message : err.cause ? `${err.message} (${(err.cause as Error).message})` : err.message;
  process.stderr.write(`flows: ${reason}\n`);
  process.exit(1);
});
