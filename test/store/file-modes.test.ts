/**
 * Citizens' data on disk is the owner's alone: the embedded store's directory
 * is 0700 and its files (journal, snapshot, lock) 0600, and so is the sandbox's
 * private Redis (directory and AOF), whatever the process umask allows.
 */
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startRedisChild } from '../../platform/sandbox/redis-server';
import { EmbeddedStore } from '../../platform/store/embedded';

let root: string;
let umask: number;

beforeAll(() => {
  // The usual umask: with a stricter one every file would be private anyway and these tests could not fail.
  umask = process.umask(0o022);
});
afterAll(() => {
  process.umask(umask);
});

beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'jansetu-file-modes-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function modeOf(file: string): Promise<number> {
  return (await stat(file)).mode & 0o777;
}

/** Every entry under `dir` (recursively) with its mode, for one readable assertion. */
async function modesUnder(dir: string): Promise<Record<string, string>> {
  const modes: Record<string, string> = {};
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const full = path.join(entry.parentPath, entry.name);
    try {
      modes[path.relative(dir, full)] = (await modeOf(full)).toString(8);
    } catch (err) {
      // A file gone between the listing and its stat (Redis's temp-rewriteaof-*.aof during a rewrite) is not kept.
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return modes;
}

function onlyOwner(modes: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(modes).filter(([, mode]) => !['600', '700'].includes(mode)));
}

describe('embedded store files', () => {
  it('creates the directory 0700 and the lock, journal and snapshot 0600', async () => {
    const dir = path.join(root, 'data', 'store');
    const store = await EmbeddedStore.open({ dir, sweepIntervalMs: 0, compactAfterBytes: 1 });
    const citizens = store.collection('citizens');
    await citizens.insertOne({ _id: 'c1', name: 'Lakshmi', aadhaarLast4: '1234' });
    await citizens.insertOne({ _id: 'c2', name: 'Ravi', aadhaarLast4: '5678' });
    // A write past the 1-byte threshold starts a compaction; close waits for it.
    await store.close();

    expect(await modeOf(dir)).toBe(0o700);
    // The parent created on the way holds the store too.
    expect(await modeOf(path.dirname(dir))).toBe(0o700);
    const modes = await modesUnder(dir);
    expect(Object.keys(modes)).toEqual(expect.arrayContaining(['snapshot.ejson', expect.stringMatching(/^journal-\d+\.log$/)]));
    expect(onlyOwner(modes)).toEqual({});

    const reopened = await EmbeddedStore.open({ dir, sweepIntervalMs: 0 });
    try {
      expect(await modeOf(path.join(dir, 'LOCK'))).toBe(0o600);
      expect(await reopened.collection('citizens').countDocuments({})).toBe(2);
    } finally {
      await reopened.close();
    }
  });

  it('tightens a directory and files left 0755/0644 by an older version', async () => {
    const dir = path.join(root, 'store');
    const first = await EmbeddedStore.open({ dir, sweepIntervalMs: 0, compactAfterBytes: 1 });
    await first.collection('grievances').insertOne({ _id: 'g1', text: 'no water since Monday' });
    await first.close();
    await chmod(dir, 0o755);
    for (const name of await readdir(dir)) await chmod(path.join(dir, name), 0o644);
    await writeFile(path.join(dir, 'journal-00000099.log.damaged-1'), 'torn', { mode: 0o644 });

    const second = await EmbeddedStore.open({ dir, sweepIntervalMs: 0 });
    try {
      expect(await modeOf(dir)).toBe(0o700);
      expect(onlyOwner(await modesUnder(dir))).toEqual({});
    } finally {
      await second.close();
    }
  });
});

const hasRedisServer = spawnSync('sh', ['-c', 'command -v redis-server || test -x /usr/bin/redis-server']).status === 0;
if (!hasRedisServer && process.env.JANSETU_REQUIRE_REDIS === '1') throw new Error('redis-server is required (JANSETU_REQUIRE_REDIS=1) but not installed');

describe('sandbox private Redis files', () => {
  (hasRedisServer ? it : it.skip)('keeps the Redis directory 0700 and its AOF 0600, also when they existed before', async () => {
    const dir = path.join(root, 'redis');
    // As an older version left it: world-readable directory and AOF directory.
    await mkdir(path.join(dir, 'appendonlydir'), { recursive: true, mode: 0o755 });
    await chmod(dir, 0o755);
    const child = await startRedisChild({ bin: 'redis-server', dir });
    try {
      // Redis writes its AOF files just after it accepts connections; on a busy machine, a moment later.
      let modes = await modesUnder(dir);
      for (let i = 0; i < 100 && !Object.keys(modes).some((name) => /^appendonlydir\/.*\.aof$/.test(name)); i++) {
        await new Promise((r) => setTimeout(r, 50));
        modes = await modesUnder(dir);
      }
      expect(modes).toMatchObject({ 'appendonlydir': '700' });
      expect(Object.keys(modes).some((name) => /^appendonlydir\/.*\.aof$/.test(name))).toBe(true);
      expect(await modeOf(dir)).toBe(0o700);
      expect(onlyOwner(modes)).toEqual({});
    } finally {
      await child.stop();
    }
    // The host's own umask was only narrowed around the spawn.
    expect(process.umask(0o022)).toBe(0o022);
  });
});
