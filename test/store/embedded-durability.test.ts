/**
 * The embedded engine's durability: what was acknowledged survives a close, a
 * process that never closed, a SIGKILL mid-write and a torn journal tail.
 */
import { spawn, spawnSync } from 'node:child_process';
import { appendFile, mkdir, mkdtemp, open, readdir, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { EmbeddedStore, type EmbeddedStoreOptions } from '../../platform/store/embedded';
import { DuplicateKeyError, StoreUnavailableError, type Document, type StoreLogger } from '../../platform/store';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'jansetu-store-durability-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const openStore = (options: Partial<EmbeddedStoreOptions> = {}): Promise<EmbeddedStore> =>
  EmbeddedStore.open({ dir, sweepIntervalMs: 0, ...options });

/** A logger that remembers messages. */
function recordingLog(): StoreLogger & { messages: string[] } {
  const messages: string[] = [];
  const record = (_obj: Record<string, unknown>, msg?: string): void => {
    messages.push(msg ?? '');
  };
  return { messages, info: record, warn: record, error: record };
}

async function journalFiles(): Promise<string[]> {
  return (await readdir(dir)).filter((name) => /^journal-\d+\.log$/.test(name)).sort();
}

it('close and reopen keeps documents, dates and indexes', async () => {
  const when = new Date('2024-05-06T07:08:09.010Z');
  const first = await openStore();
  const users = first.collection('users');
  await users.createIndex({ keys: { email: 1 }, unique: true });
  await users.createIndex({ keys: { purgeAt: 1 }, expireAfterSeconds: 0 });
  await users.insertMany([
    { _id: 'u1', email: 'a@example.in', when, purgeAt: new Date(Date.now() - 1000) },
    { _id: 'u2', email: 'b@example.in', when, purgeAt: new Date(Date.now() + 3_600_000) },
  ]);
  await users.updateOne({ _id: 'u2' }, { $inc: { logins: 2 }, $push: { seen: when } });
  await users.deleteOne({ _id: 'nobody' });
  await first.close();

  const second = await openStore();
  const again = second.collection('users');
  const u2 = await again.findOne({ _id: 'u2' });
  expect(u2).toEqual({ _id: 'u2', email: 'b@example.in', when, purgeAt: expect.any(Date), logins: 2, seen: [when] });
  expect(u2?.when).toBeInstanceOf(Date);
  await expect(again.insertOne({ email: 'a@example.in' })).rejects.toBeInstanceOf(DuplicateKeyError);
  expect(await again.createIndex({ keys: { email: 1 }, unique: true })).toBe('email_1');
  // The TTL index came back too.
  expect(await second.sweepExpired()).toBe(1);
  expect((await again.find({})).map((d) => d._id)).toEqual(['u2']);
  await second.close();

  const third = await openStore();
  expect((await third.collection('users').find({})).map((d) => d._id)).toEqual(['u2']);
  await third.close();
});

it('a store never closed (the process died) loses nothing acknowledged', async () => {
  const crashed = await openStore();
  const col = crashed.collection('events');
  await col.createIndex({ keys: { seq: 1 }, unique: true });
  await Promise.all(Array.from({ length: 100 }, (_, seq) => col.insertOne({ _id: `e${seq}`, seq })));
  await col.findOneAndUpdate({ _id: 'counter' }, { $inc: { n: 5 } }, { upsert: true });
  await col.deleteOne({ _id: 'e0' });
  // No close(): reopen the directory as a restarted process would.
  const restarted = await openStore();
  const again = restarted.collection('events');
  expect(await again.countDocuments({ seq: { $exists: true } })).toBe(99);
  expect(await again.findOne({ _id: 'e0' })).toBeNull();
  expect(await again.findOne({ _id: 'counter' })).toEqual({ _id: 'counter', n: 5 });
  await expect(again.insertOne({ seq: 7 })).rejects.toBeInstanceOf(DuplicateKeyError);
  await restarted.close();
  await crashed.close();
});

it('a torn last journal line is ignored and everything before it loads', async () => {
  const store = await openStore();
  const col = store.collection('docs');
  for (let i = 0; i < 10; i++) await col.insertOne({ _id: `d${i}`, i });
  await store.close();

  const [journal] = await journalFiles();
  // Half a record, as a crash in the middle of an append leaves it.
  await appendFile(path.join(dir, journal), '1c2d3e4f {"c":"docs","put":[{"_id":"half","i":{"$numberInt":"1');

  const log = recordingLog();
  const reopened = await openStore({ log });
  expect(log.messages).toContain('store: ignoring damaged journal tail (an interrupted write)');
  const again = reopened.collection('docs');
  expect(await again.countDocuments()).toBe(10);
  expect(await again.findOne({ _id: 'half' })).toBeNull();
  expect((await readdir(dir)).some((name) => name.includes('.damaged-'))).toBe(true);
  // The store goes on normally, and the damaged tail does not come back.
  await again.insertOne({ _id: 'after', i: 11 });
  await reopened.close();

  const third = await openStore();
  expect(await third.collection('docs').countDocuments()).toBe(11);
  await third.close();
});

it('a complete-looking line with a bad checksum, and garbage after it, are ignored', async () => {
  const store = await openStore();
  await store.collection('docs').insertOne({ _id: 'kept' });
  await store.close();
  const [journal] = await journalFiles();
  await appendFile(path.join(dir, journal), '00000000 {"c":"docs","put":[{"_id":"forged"}]}\n\u0000\u0000\u0000garbage\n');
  const reopened = await openStore();
  expect((await reopened.collection('docs').find({})).map((d) => d._id)).toEqual(['kept']);
  await reopened.close();
});

it('group commit: many concurrent writes share few fsyncs', async () => {
  const probe = await open(path.join(dir, 'probe'), 'w');
  const fileHandleProto = Object.getPrototypeOf(probe) as { datasync(): Promise<void> };
  await probe.close();
  const store = await openStore();
  const col = store.collection('burst');
  const datasync = jest.spyOn(fileHandleProto, 'datasync');
  try {
    await Promise.all(Array.from({ length: 500 }, (_, i) => col.insertOne({ i })));
    expect(datasync.mock.calls.length).toBeGreaterThan(0);
    expect(datasync.mock.calls.length).toBeLessThan(50);
  } finally {
    datasync.mockRestore();
  }
  expect(await col.countDocuments()).toBe(500);
  await store.close();
});

it('a journal is replayed line by line: records across read chunks, Telugu split between them, and a damaged line in the middle keeping what follows aside', async () => {
  const store = await openStore();
  const col = store.collection('long');
  // ~30 KB records: lines straddle the 64 KiB chunks the journal is read in, multi-byte characters too.
  const text = (i: number) => `${'తెలుగు '.repeat(1500)}${i}`;
  for (let i = 0; i < 20; i++) await col.insertOne({ _id: `l${i}`, text: text(i) });
  await store.close();
  const [journal] = await journalFiles();
  const file = path.join(dir, journal);
  const before = await readFile(file);

  const log = recordingLog();
  const reopened = await openStore({ log });
  expect(log.messages).not.toContain('store: ignoring damaged journal tail (an interrupted write)');
  const loaded = await reopened.collection('long').find({});
  expect(new Map(loaded.map((d) => [d._id, d.text]))).toEqual(new Map([...Array(20).keys()].map((i) => [`l${i}`, text(i)])));
  await reopened.collection('long').deleteMany({});
  await reopened.close();

  // The same journal again with its 11th line damaged: ten records load, the rest is kept aside whole.
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const lines = before.toString('utf8').split('\n');
  lines[10] = lines[10]!.replace('తెలుగు', 'తెలుగూ');
  await writeFile(path.join(dir, journal), lines.join('\n'));
  const damagedLog = recordingLog();
  const third = await openStore({ log: damagedLog });
  expect(damagedLog.messages).toContain('store: ignoring damaged journal tail (an interrupted write)');
  expect(await third.collection('long').countDocuments()).toBe(10);
  await third.close();
  const kept = (await readdir(dir)).find((name) => name.includes('.damaged-'))!;
  expect((await readFile(path.join(dir, kept), 'utf8')).split('\n').slice(0, -1)).toEqual(lines.slice(10, -1));
});

it('compaction while writing keeps every write, and old journals go away', async () => {
  const log = recordingLog();
  const store = await openStore({ compactAfterBytes: 4096, log });
  const col = store.collection('busy');
  await col.createIndex({ keys: { k: 1 }, unique: true });
  const expected = new Map<string, Document>();
  for (let round = 0; round < 20; round++) {
    await Promise.all(
      Array.from({ length: 20 }, async (_, j) => {
        const k = round * 20 + j;
        const doc = await col.insertOne({ _id: `k${k}`, k, payload: 'x'.repeat(50), n: 0 });
        expected.set(doc._id, doc);
      }),
    );
    const bumped = await col.findOneAndUpdate({ k: round }, { $inc: { n: 1 } }, { returnDocument: 'after' });
    if (bumped) expected.set(bumped._id, bumped);
    await col.deleteOne({ k: round * 20 + 19 });
    expected.delete(`k${round * 20 + 19}`);
  }
  await store.close();
  expect(log.messages.filter((m) => m.includes('compacted')).length).toBeGreaterThan(3);
  expect((await readdir(dir)).includes('snapshot.ejson')).toBe(true);
  expect((await journalFiles()).length).toBe(1);

  const reopened = await openStore();
  const docs = await reopened.collection('busy').find({}, { sort: { k: 1 } });
  expect(docs).toEqual([...expected.values()].sort((a, b) => (a.k as number) - (b.k as number)));
  await expect(reopened.collection('busy').insertOne({ k: 1 })).rejects.toBeInstanceOf(DuplicateKeyError);
  await reopened.close();
});

it('compacts again only once the journal has grown as large as the last snapshot, so a large store is not rewritten at every step', async () => {
  const log = recordingLog();
  const store = await openStore({ compactAfterBytes: 1024, log });
  const col = store.collection('growing');
  // 400 writes of ~250 bytes: a fixed 1 KiB step would compact ~100 times; doubling, about log2(100 KiB / 1 KiB).
  for (let i = 0; i < 400; i++) await col.insertOne({ _id: `d${i}`, payload: 'y'.repeat(200) });
  await store.close();
  const compactions = log.messages.filter((m) => m.includes('compacted')).length;
  expect(compactions).toBeGreaterThanOrEqual(4);
  expect(compactions).toBeLessThanOrEqual(12);
  const reopened = await openStore();
  expect(await reopened.collection('growing').countDocuments()).toBe(400);
  await reopened.close();
});

it('refuses to open over a damaged snapshot', async () => {
  const store = await openStore();
  await store.collection('docs').insertMany(Array.from({ length: 50 }, (_, i) => ({ i })));
  await store.close();
  // Opening compacts the journal into the snapshot.
  await (await openStore()).close();
  const snapshot = path.join(dir, 'snapshot.ejson');
  const size = (await readFile(snapshot)).length;
  await truncate(snapshot, Math.floor(size / 2));
  await expect(openStore()).rejects.toBeInstanceOf(StoreUnavailableError);
});

it('ping rejects when the directory is gone', async () => {
  const store = await openStore();
  await expect(store.ping()).resolves.toBeUndefined();
  await rm(dir, { recursive: true, force: true });
  await expect(store.ping()).rejects.toBeInstanceOf(StoreUnavailableError);
  await store.close();
  await mkdir(dir, { recursive: true });
});

it('refuses a directory another live process has open, and takes over a dead one\'s', async () => {
  await writeFile(path.join(dir, 'LOCK'), String(process.ppid));
  await expect(openStore()).rejects.toThrow(/in use by process/);
  const dead = spawnSync(process.execPath, ['-e', '']).pid;
  await writeFile(path.join(dir, 'LOCK'), String(dead));
  const store = await openStore();
  expect(await readFile(path.join(dir, 'LOCK'), 'utf8')).toBe(String(process.pid));
  await store.close();
  expect((await readdir(dir)).includes('LOCK')).toBe(false);
});

/**
 * A real crash: a child process writes as fast as it can, printing each write
 * once it is acknowledged, and is SIGKILLed mid-stream. Every printed write
 * must be there after reopening. The child runs the store's TypeScript
 * transpiled on the fly (ts-jest only exists in this process).
 */
it('SIGKILL mid-write loses nothing that was acknowledged', async () => {
  const build = path.join(dir, 'build');
  await transpileStore(path.join(build, 'store'));
  const child = path.join(build, 'child.js');
  await writeFile(
    child,
    `
    const { EmbeddedStore } = require('./store/embedded.js');
    (async () => {
      const store = await EmbeddedStore.open({ dir: process.argv[2], sweepIntervalMs: 0, compactAfterBytes: 16384 });
      const col = store.collection('crash');
      await col.createIndex({ keys: { seq: 1 }, unique: true });
      let next = 0;
      const writer = async () => {
        for (;;) {
          const seq = next++;
          await col.insertOne({ _id: 'd' + seq, seq, at: new Date() });
          const after = await col.findOneAndUpdate({ _id: 'counter' }, { $inc: { n: 1 } }, { upsert: true, returnDocument: 'after' });
          process.stdout.write('ack ' + seq + ' ' + after.n + '\\n');
        }
      };
      for (let i = 0; i < 16; i++) writer();
    })();
    `,
  );
  const data = path.join(dir, 'data');
  const acked: number[] = [];
  let maxCounter = 0;
  await new Promise<void>((resolve, reject) => {
    const proc = spawn(process.execPath, [child, data], {
      env: { ...process.env, NODE_PATH: path.join(__dirname, '..', '..', 'node_modules') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let buffered = '';
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    proc.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        const [, seq, counter] = line.split(' ');
        acked.push(Number(seq));
        maxCounter = Math.max(maxCounter, Number(counter));
      }
      if (acked.length >= 400) proc.kill('SIGKILL');
    });
    proc.on('exit', (code, signal) => (signal === 'SIGKILL' ? resolve() : reject(new Error(`child exited ${code}: ${stderr}`))));
    setTimeout(() => proc.kill('SIGKILL'), 10_000).unref();
  });
  expect(acked.length).toBeGreaterThanOrEqual(400);

  const store = await EmbeddedStore.open({ dir: data, sweepIntervalMs: 0 });
  const col = store.collection('crash');
  const present = new Set((await col.find({ seq: { $exists: true } }, { projection: { _id: 1 } })).map((d) => d._id));
  expect(acked.filter((seq) => !present.has(`d${seq}`))).toEqual([]);
  expect(((await col.findOne({ _id: 'counter' }))?.n as number) >= maxCounter).toBe(true);
  await expect(col.insertOne({ seq: acked[0] })).rejects.toBeInstanceOf(DuplicateKeyError);
  await store.close();
}, 30_000);

async function transpileStore(outDir: string): Promise<void> {
  const srcDir = path.join(__dirname, '..', '..', 'platform', 'store');
  await mkdir(outDir, { recursive: true });
  for (const name of await readdir(srcDir)) {
    if (!name.endsWith('.ts')) continue;
    const source = await readFile(path.join(srcDir, name), 'utf8');
    const { outputText } = ts.transpileModule(source, {
      compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    });
    await writeFile(path.join(outDir, name.replace(/\.ts$/, '.js')), outputText);
  }
}
