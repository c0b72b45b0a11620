/**
 * The queue service: one Redis connection configuration shared by every BullMQ
 * queue and worker of the platform, and the health check /readyz uses.
 */
import { Queue, Worker, type ConnectionOptions, type Processor, type QueueOptions, type WorkerOptions } from 'bullmq';
import Redis from 'ioredis';

export type QueueHealth = { ok: true } | { ok: false; reason: string };

export interface QueueService {
  health(): Promise<QueueHealth>;
  createQueue(name: string, options?: Omit<QueueOptions, 'connection'>): Queue;
  createWorker(name: string, processor: Processor, options?: Omit<WorkerOptions, 'connection'>): Worker;
  /**
   * A plain Redis connection for short commands shared across hosts (the paced
   * sender's budgets); fails fast rather than queueing while Redis is away.
   * Null when there is no Redis.
   */
  commands(): Redis | null;
  close(): Promise<void>;
}

/** BullMQ uses ':' as its key separator, so queue names and custom job ids must not contain it. */
export function assertQueueName(name: string): void {
  if (!/^[A-Za-z0-9_-]+$/.test(name)) throw new Error(`queue name "${name}" may only use letters, digits, '_' and '-'`);
}

const HEALTH_TIMEOUT_MS = 1000;

export class RedisQueueService implements QueueService {
  private readonly connection: Redis;
  private readonly owned: Array<Queue | Worker> = [];
  private commandConnection: Redis | null = null;

  constructor(
    private readonly url: string,
    /** BullMQ's key prefix (its default is "bull"): one per deployment sharing a Redis. */
    private readonly prefix = 'jansetu',
  ) {
    // BullMQ workers block on Redis; they require maxRetriesPerRequest null.
    this.connection = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: true, enableOfflineQueue: true });
    this.connection.on('error', () => {
      // Reported through health(); ioredis keeps reconnecting on its own.
    });
  }

  /** Connects, and rejects with the reason when Redis cannot be reached in time. */
  async connect(timeoutMs = 5000): Promise<void> {
    await withTimeout(this.connection.connect(), timeoutMs, `Redis at ${redactUrl(this.url)} did not answer within ${timeoutMs} ms`);
    // The command connection too, so the first sends are paced with the other hosts, not alone.
    const commands = this.commands();
    if (commands.status !== 'ready') await withTimeout(new Promise((resolve) => commands.once('ready', resolve)), timeoutMs, `Redis at ${redactUrl(this.url)} did not answer within ${timeoutMs} ms`).catch(() => undefined);
  }

  async health(): Promise<QueueHealth> {
    if (this.connection.status !== 'ready') return { ok: false, reason: `Redis at ${redactUrl(this.url)} is ${this.connection.status}` };
    try {
      await withTimeout(this.connection.ping(), HEALTH_TIMEOUT_MS, 'Redis PING timed out');
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: (err as Error).message };
    }
  }

  createQueue(name: string, options: Omit<QueueOptions, 'connection'> = {}): Queue {
    assertQueueName(name);
    const queue = new Queue(name, { prefix: this.prefix, ...options, connection: this.connectionOptions() });
    // A lost connection is health()'s to report (and the broadcaster's to act on); without a listener BullMQ prints each retry.
    queue.on('error', () => undefined);
    this.owned.push(queue);
    return queue;
  }

  createWorker(name: string, processor: Processor, options: Omit<WorkerOptions, 'connection'> = {}): Worker {
    assertQueueName(name);
    const worker = new Worker(name, processor, { prefix: this.prefix, ...options, connection: this.connectionOptions() });
    this.owned.push(worker);
    return worker;
  }

  commands(): Redis {
    if (!this.commandConnection) {
      this.commandConnection = new Redis(this.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 2000, commandTimeout: 1000 });
      this.commandConnection.on('error', () => {
        // Callers fall back (the sender paces in memory); health() reports Redis.
      });
    }
    return this.commandConnection;
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.owned.map((q) => q.close()));
    this.commandConnection?.disconnect();
    this.connection.disconnect();
  }

  private connectionOptions(): ConnectionOptions {
    // Each queue and worker opens its own connections (workers block); BullMQ requires maxRetriesPerRequest null.
    return { url: this.url, maxRetriesPerRequest: null };
  }
}

/** Stands in when no Redis can be had, so the host still runs and says why bulk work is off. */
export class UnavailableQueueService implements QueueService {
  constructor(readonly reason: string) {}
  async health(): Promise<QueueHealth> {
    return { ok: false, reason: this.reason };
  }
  createQueue(): Queue {
    throw new Error(`queues are unavailable: ${this.reason}`);
  }
  createWorker(): Worker {
    throw new Error(`queues are unavailable: ${this.reason}`);
  }
  commands(): null {
    return null;
  }
  async close(): Promise<void> {}
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '(unparseable URL)';
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}
