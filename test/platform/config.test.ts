import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../../platform/config';
import { projectRoot } from '../../platform/paths';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('gives a complete sandbox with nothing set', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ mode: 'sandbox', port: 1880, host: '127.0.0.1', mongodb: null, redisUrl: null, logLevel: 'info', editorUsers: [], bootstrapAdmin: null });
    expect(c.dataDir).toMatch(/data$/);
    expect(c.flowsDir).toMatch(/flows$/);
  });

  it('names the variable and the problem for a bad value', () => {
    expect(problems({ PORT: 'eighty' })).toEqual([expect.stringMatching(/^PORT: .*number.*\(got "eighty"\)/)]);
    expect(problems({ PORT: '70000' })[0]).toMatch(/^PORT: /);
    expect(problems({ MONGODB_URI: 'localhost:27017' })[0]).toMatch(/^MONGODB_URI: must start with mongodb:\/\//);
    expect(problems({ LOG_LEVEL: 'loud' })[0]).toMatch(/^LOG_LEVEL: /);
    expect(problems({ CREDENTIAL_SECRET: 'short' })[0]).toMatch(/^CREDENTIAL_SECRET: must be at least 16 characters$/);
  });

  it('never echoes secrets in the message', () => {
    expect(problems({ ADMIN_USERNAME: 'a', ADMIN_PASSWORD: 'tiny' })[0]).not.toContain('tiny');
    expect(problems({ MONGODB_URI: 'http://app:s3cret@db.internal/' })[0]).not.toContain('s3cret');
    expect(problems({ REDIS_URL: 'tcp://:s3cret@cache' })[0]).not.toContain('s3cret');
  });

  it('needs ADMIN_USERNAME and ADMIN_PASSWORD together', () => {
    expect(problems({ ADMIN_USERNAME: 'ops' })).toEqual(['ADMIN_PASSWORD: ADMIN_USERNAME and ADMIN_PASSWORD must be set together']);
  });

  it('checks DEPARTMENT_STATUS_KEYS, never echoing a secret', () => {
    expect(problems({ DEPARTMENT_STATUS_KEYS: 'not json' })[0]).toMatch(/^DEPARTMENT_STATUS_KEYS: must be a JSON array/);
    const short = problems({ DEPARTMENT_STATUS_KEYS: JSON.stringify([{ department: 'revenue', keyId: 'rev-1', secret: 'too-short-secret' }]) });
    expect(short[0]).toMatch(/^DEPARTMENT_STATUS_KEYS: must be at least 32 characters$/);
    expect(short.join(' ')).not.toContain('too-short-secret');
    const keys = [{ department: 'revenue', keyId: 'rev-1', secret: 's'.repeat(32) }];
    expect(loadConfig({ DEPARTMENT_STATUS_KEYS: JSON.stringify(keys) }).departmentStatusKeys).toEqual(keys);
  });

  it('checks EDITOR_USERS entries', () => {
    expect(problems({ EDITOR_USERS: 'not json' })[0]).toMatch(/^EDITOR_USERS: must be a JSON array/);
    expect(problems({ EDITOR_USERS: JSON.stringify([{ username: 'v', password: 'plain', role: 'viewer' }]) })[0]).toMatch(/^EDITOR_USERS: must be a bcrypt hash/);
    expect(problems({ EDITOR_USERS: JSON.stringify([{ username: 'v', password: '$2b$10$' + 'a'.repeat(53), role: 'owner' }]) })[0]).toMatch(/^EDITOR_USERS: /);
    const ok = loadConfig({ EDITOR_USERS: JSON.stringify([{ username: 'v', password: '$2b$10$' + 'a'.repeat(53), role: 'viewer' }]) });
    expect(ok.editorUsers).toEqual([{ username: 'v', passwordHash: '$2b$10$' + 'a'.repeat(53), role: 'viewer' }]);
  });

  it('requires the production essentials in production mode', () => {
    const p = problems({ JANSETU_MODE: 'production' });
    expect(p).toEqual(
      expect.arrayContaining([
        'MONGODB_URI: is required in production mode',
        'REDIS_URL: is required in production mode',
        'CREDENTIAL_SECRET: is required in production mode',
        'AADHAAR_VAULT_KEY: is required in production mode',
        'AADHAAR_REF_SECRET: is required in production mode',
        'DOCUMENT_SIGNING_KEY: is required in production mode',
        expect.stringMatching(/^ADMIN_USERNAME: production mode needs an editor admin/),
      ]),
    );
  });

  it('takes a UIDAI or DigiLocker account whole or not at all, and a vault key of 32 bytes', () => {
    expect(problems({ UIDAI_OTP_URL: 'https://asa.example/otp/2.5', UIDAI_AUA_CODE: 'public' })).toEqual(
      expect.arrayContaining(['UIDAI_KYC_URL: is needed with the other UIDAI_ settings', 'UIDAI_SIGNING_CERT: is needed with the other UIDAI_ settings', 'UIDAI_SIGNATURE_CERT: is needed with the other UIDAI_ settings']),
    );
    expect(problems({ DIGILOCKER_URL: 'https://digilocker.example/public' })).toEqual(expect.arrayContaining(['DIGILOCKER_CLIENT_ID: is needed with the other DIGILOCKER_ settings']));
    expect(problems({ AADHAAR_VAULT_KEY: Buffer.alloc(16).toString('base64') })).toEqual(['AADHAAR_VAULT_KEY: must be 32 bytes in base64 (openssl rand -base64 32)']);
    const ok = loadConfig({ AADHAAR_VAULT_KEY: Buffer.alloc(32, 1).toString('base64'), AADHAAR_REF_SECRET: 's'.repeat(32) });
    expect(ok.identity).toMatchObject({ vaultKey: Buffer.alloc(32, 1), refSecret: 's'.repeat(32), uidai: null, digilocker: null });
  });
});

describe('documentation of the configuration', () => {
  it('.env.example and the README list every variable the platform reads', () => {
    const example = fs.readFileSync(path.join(projectRoot, '.env.example'), 'utf8');
    const readme = fs.readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    const listed = new Set([...example.matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]));
    expect(CONFIG_VARIABLES.filter((v) => !listed.has(v))).toEqual([]);
    expect(CONFIG_VARIABLES.filter((v) => !readme.includes(`\`${v}\``))).toEqual([]);
  });
});
