/**
 * The queue module: Redis from REDIS_URL, or in the sandbox a private
 * redis-server under the data directory. Without either the host still runs
 * (queues off, sending paced per host) and /readyz says why.
 */
import path from 'node:path';
import type { ModuleContext, OpenedModule } from '../module';
import { startRedisChild, type RedisChild } from '../sandbox/redis-server';
import { RedisQueueService, UnavailableQueueService, type QueueService } from './index';

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ queue: QueueService }>> {
  const { config, log } = ctx;
  let url = config.redisUrl;
  let child: RedisChild | null = null;
  if (!url) {
    try {
      child = await startRedisChild({ bin: config.redisServerBin, dir: path.join(config.dataDir, 'redis') });
    } catch (err) {
      const reason = `no queue: REDIS_URL is not set and a private Redis could not be started (${(err as Error).message})`;
      log.warn(reason);
      return { name: 'queue', services: { queue: new UnavailableQueueService(reason) }, close: async () => {} };
    }
    url = child.url;
    log.info({ url }, 'queue: started a private redis-server under the data directory');
  }
  const queue = new RedisQueueService(url, config.queuePrefix);
  const close = async () => {
    await queue.close();
    await child?.stop();
  };
  try {
    await queue.connect();
  } catch (err) {
    if (config.mode === 'production') {
      await close();
      throw err;
    }
    log.warn({ err }, 'queue: Redis is not reachable yet; /readyz reports it until it is');
  }
  return { name: 'queue', services: { queue }, close };
}
