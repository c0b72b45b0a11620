/**
 * Secrets the sandbox makes up once and keeps in the data directory (mode
 * 0600), so webhooks signed before a restart still verify after it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export const SANDBOX_SECRETS_FILE = 'sandbox-secrets.json';

export function sandboxSecrets<K extends string>(dataDir: string, keys: readonly K[]): Record<K, string> {
  const target = path.join(dataDir, SANDBOX_SECRETS_FILE);
  let stored: Partial<Record<K, string>> = {};
  if (fs.existsSync(target)) stored = JSON.parse(fs.readFileSync(target, 'utf8')) as Partial<Record<K, string>>;
  let changed = false;
  for (const key of keys) {
    if (!stored[key]) {
      stored[key] = randomBytes(24).toString('base64url');
      changed = true;
    }
  }
  if (changed) {
    // Written whole and renamed, so a crash never leaves a half file that stops the next start.
    const temp = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temp, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 });
    fs.renameSync(temp, target);
  }
  return stored as Record<K, string>;
}
