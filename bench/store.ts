/**
 * Document-store benchmark: operations per second for insertOne, findOne by a
 * unique indexed field, and findOneAndUpdate ($inc by that field), with many
 * operations in flight, on each engine. Each figure is the median of several
 * runs, each on a fresh collection.
 *
 *   npm run bench:store
 *   MONGODB_URI=mongodb://127.0.0.1:27017/ npm run bench:store
 *
 * Each phase stops after its operation count or BENCH_STORE_SECONDS (default 3 s), whichever
 * comes first, so a slow server (FerretDB scans for anything but _id) cannot stall the run.
 * BENCH_STORE_OPS / BENCH_STORE_RUNS / BENCH_STORE_CONCURRENCY / BENCH_STORE_SECONDS override the sizes.
 * The last line is machine-readable: `RESULT embedded_insert_ops_per_s=... mongo_...=...`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { MongoClient } from 'mongodb';
import { createStore, type Collection, type DocumentStore } from '../platform/store';

const CONCURRENCY = envInt('BENCH_STORE_CONCURRENCY', 64);
const RUNS = envInt('BENCH_STORE_RUNS', 5);
const PHASE_SECONDS = envInt('BENCH_STORE_SECONDS', 3);
const MONGO_URI = process.env.MONGODB_URI ?? process.env.JANSETU_TEST_MONGODB_URI;

type Op = 'insert' | 'find' | 'fou';
const OPS: Op[] = ['insert', 'find', 'fou'];
type Rates = Record<Op, number>;

interface BenchDoc {
  _id?: string;
  [key: string]: unknown;
  key: string;
  n: number;
  waId: string;
  step: string;
  createdAt: Date;
}

function envInt(name: string, fallback: number): number {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
}

interface Measured {
  done: number;
  opsPerSecond: number;
}

/** Runs op(0), op(1), ... with `concurrency` in flight, up to `count` ops or the phase time limit. */
async function measure(count: number, op: (i: number) => Promise<unknown>): Promise<Measured> {
  let next = 0;
  let done = 0;
  const start = performance.now();
  const deadline = start + PHASE_SECONDS * 1000;
  const worker = async (): Promise<void> => {
    while (next < count && performance.now() < deadline) {
      await op(next++);
      done++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, count) }, worker));
  return { done, opsPerSecond: done / ((performance.now() - start) / 1000) };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A cheap deterministic walk over 0..count-1 (a prime stride), so reads and updates do not follow insert order. */
function scrambled(count: number): (i: number) => number {
  const stride = 7919;
  return (i) => (i * stride) % count;
}

async function oneRun(store: DocumentStore, run: number, count: number): Promise<Rates> {
  const col: Collection<BenchDoc> = store.collection<BenchDoc>(`bench_${run}_${randomBytes(3).toString('hex')}`);
  await col.createIndex({ keys: { key: 1 }, unique: true });
  const key = (i: number): string => `key-${run}-${i}`;

  const insert = await measure(count, (i) =>
    col.insertOne({ key: key(i), n: 0, waId: `9198${String(i).padStart(8, '0')}`, step: 'start', createdAt: new Date() }),
  );
  // Reads and updates pick among the documents the insert phase managed to write.
  const pick = scrambled(insert.done);
  const find = await measure(count, async (i) => {
    const doc = await col.findOne({ key: key(pick(i)) });
    if (!doc) throw new Error(`missing ${key(pick(i))}`);
  });
  const fou = await measure(count, async (i) => {
    const doc = await col.findOneAndUpdate({ key: key(pick(i)) }, { $inc: { n: 1 } }, { returnDocument: 'after' });
    if (!doc) throw new Error(`missing ${key(pick(i))}`);
  });
  return { insert: insert.opsPerSecond, find: find.opsPerSecond, fou: fou.opsPerSecond };
}

async function benchEngine(name: string, store: DocumentStore, count: number): Promise<Rates> {
  // A short warm-up so JIT and connection pools are ready before timing.
  await oneRun(store, 0, Math.min(500, count));
  const runs: Rates[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const rates = await oneRun(store, run, count);
    runs.push(rates);
    console.log(`${name} run ${run}: ${OPS.map((op) => `${op} ${Math.round(rates[op])}/s`).join(', ')}`);
  }
  const result = { insert: median(runs.map((r) => r.insert)), find: median(runs.map((r) => r.find)), fou: median(runs.map((r) => r.fou)) };
  console.log(`${name} median (${RUNS} runs, up to ${count} ops or ${PHASE_SECONDS} s per phase, ${CONCURRENCY} in flight): ${OPS.map((op) => `${op} ${Math.round(result[op])}/s`).join(', ')}`);
  return result;
}

async function benchEmbedded(): Promise<Rates> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jansetu-bench-store-'));
  const store = await createStore({ engine: 'embedded', dir, sweepIntervalMs: 0 });
  try {
    return await benchEngine('embedded', store, envInt('BENCH_STORE_OPS', 10_000));
  } finally {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  }
}

async function benchMongo(uri: string): Promise<Rates> {
  const dbName = `jansetu_bench_${process.pid}_${randomBytes(3).toString('hex')}`;
  const store = await createStore({ engine: 'mongo', uri, dbName, sweepIntervalMs: 0 });
  try {
    return await benchEngine('mongo', store, envInt('BENCH_STORE_OPS', 5_000));
  } finally {
    await store.close();
    const client = new MongoClient(uri);
    await client.db(dbName).dropDatabase().catch(() => {});
    await client.close();
  }
}

function fields(engine: string, rates: Rates | null): string[] {
  return OPS.map((op) => `${engine}_${op}_ops_per_s=${rates ? Math.round(rates[op]) : 'skipped'}`);
}

async function main(): Promise<void> {
  const embedded = await benchEmbedded();
  let mongo: Rates | null = null;
  if (MONGO_URI) mongo = await benchMongo(MONGO_URI);
  else console.log('mongo: skipped (set MONGODB_URI or JANSETU_TEST_MONGODB_URI to benchmark it)');
  console.log(`RESULT ${[...fields('embedded', embedded), ...fields('mongo', mongo)].join(' ')}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
