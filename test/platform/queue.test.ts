import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { RedisQueueService, UnavailableQueueService, assertQueueName } from '../../platform/queue';
import { RedisUnavailableError, startRedisChild } from '../../platform/sandbox/redis-server';
import { describeWith, serviceUrl, tempDir } from '../support/services';

describeWith('REDIS')('RedisQueueService on a real Redis', () => {
  let queue: RedisQueueService;
  beforeAll(async () => {
    queue = new RedisQueueService(serviceUrl('REDIS')!);
    await queue.connect();
  });
  afterAll(() => queue.close());

  it('is healthy and runs a BullMQ job through a worker', async () => {
    expect(await queue.health()).toEqual({ ok: true });
    const name = `test-${Date.now()}`;
    const q = queue.createQueue(name);
    const done = new Promise<unknown>((resolve) => {
      const worker = queue.createWorker(name, async (job) => ({ doubled: (job.data as { n: number }).n * 2 }));
      worker.on('completed', (_job, result) => resolve(result));
    });
    await q.add('double', { n: 21 }, { jobId: 'job-21' });
    await expect(done).resolves.toEqual({ doubled: 42 });
  });
});

describe('queue without Redis', () => {
  it('reports why in health and refuses to make queues', async () => {
    const q = new UnavailableQueueService('REDIS_URL is not set');
    expect(await q.health()).toEqual({ ok: false, reason: 'REDIS_URL is not set' });
    expect(() => q.createQueue()).toThrow(/queues are unavailable: REDIS_URL is not set/);
  });

  it('reports an unreachable Redis', async () => {
    const q = new RedisQueueService('redis://127.0.0.1:1');
    await expect(q.connect(500)).rejects.toThrow();
    expect((await q.health()).ok).toBe(false);
    await q.close();
  });

  it('refuses queue names BullMQ cannot key', () => {
    expect(() => assertQueueName('broadcast:1')).toThrow(/may only use/);
    expect(() => assertQueueName('broadcast-1')).not.toThrow();
  });
});

const hasRedisServer = spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;

describe('sandbox redis-server child', () => {
  it('says how to fix a missing binary', async () => {
    await expect(startRedisChild({ bin: '/nonexistent/redis-server', dir: tempDir() })).rejects.toThrow(RedisUnavailableError);
    await expect(startRedisChild({ bin: 'no-such-redis-server', dir: tempDir() })).rejects.toThrow(/apt-get install redis-server/);
  });

  (hasRedisServer ? it : it.skip)('starts a private Redis under the data directory and stops it', async () => {
    const dir = tempDir();
    const child = await startRedisChild({ bin: 'redis-server', dir });
    const q = new RedisQueueService(child.url);
    await q.connect();
    expect(await q.health()).toEqual({ ok: true });
    await q.close();
    const pid = Number(fs.readFileSync(path.join(dir, 'redis.pid'), 'utf8'));
    await child.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});
