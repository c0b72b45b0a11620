/**
 * A whole host in the test's process, as `npm start` builds it: a fresh data
 * directory, an ephemeral port on loopback, the suite's Redis (or none, said
 * plainly in /readyz), and what the test adds or overrides.
 */
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../platform/config';
import { startHost, type RunningHost } from '../../platform/host';
import { createLogger, type Logger } from '../../platform/log';
import { serviceUrl, tempDir } from './services';

export const TEST_ADMIN = { username: 'ops', password: 'correct-horse-battery' };

export function startTestHost(env: Record<string, string> = {}, log: Logger = createLogger('silent')): Promise<RunningHost> {
  const redis = serviceUrl('REDIS');
  return startHost(
    loadConfig({
      DATA_DIR: tempDir(),
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'silent',
      ADMIN_USERNAME: TEST_ADMIN.username,
      ADMIN_PASSWORD: TEST_ADMIN.password,
      // Each host its own queues in the suite's one Redis: test files run at once and must not take each other's jobs.
      ...(redis ? { REDIS_URL: redis, QUEUE_PREFIX: `test-${randomBytes(6).toString('hex')}` } : { REDIS_SERVER_BIN: '/nonexistent/redis-server' }),
      ...env,
    }),
    log,
  );
}
