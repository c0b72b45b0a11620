/**
 * A real platform registry for node and service tests: the same modules the
 * host opens (store, queue, sessions, citizens, identity, officers, departments, texts,
 * conversation, whatsapp, applications, broadcast), on an
 * embedded store in a temporary directory (or a store the test gives), with
 * Redis when the suite has one and none otherwise. Nodes under
 * node-red-node-test-helper get it through `helper.settings({ jansetu })`.
 */
import { loadConfig, type PlatformConfig } from '../../platform/config';
import { createLogger, type Logger } from '../../platform/log';
import type { ModuleContext, OpenedModule } from '../../platform/module';
import { open as openCitizens } from '../../platform/citizens/module';
import { open as openIdentity } from '../../platform/identity/module';
import { open as openDepartments } from '../../platform/departments/module';
import { open as openTexts } from '../../platform/texts/module';
import { open as openOfficers } from '../../platform/officers/module';
import { UnavailableQueueService, RedisQueueService, type QueueService } from '../../platform/queue';
import type { PlatformServices } from '../../platform/registry';
import { open as openSessions } from '../../platform/sessions/module';
import { open as openConversation } from '../../platform/conversation/module';
import { createStore, type DocumentStore } from '../../platform/store';
import { open as openWhatsApp } from '../../platform/whatsapp/module';
import { open as openApplications } from '../../platform/departments/applications/module';
import { open as openBroadcast } from '../../platform/broadcast/module';
import { serviceUrl, tempDir } from './services';

export interface TestServices {
  services: PlatformServices;
  config: PlatformConfig;
  close(): Promise<void>;
}

export interface TestServicesOptions {
  /** Environment for loadConfig (DATA_DIR and LOG_LEVEL are filled in). */
  env?: Record<string, string>;
  /** A store the test opened itself (closed by the test). */
  store?: DocumentStore;
  /** Use the suite's Redis when there is one (default), or none. */
  redis?: boolean;
  log?: Logger;
}

export async function openTestServices(options: TestServicesOptions = {}): Promise<TestServices> {
  const dataDir = tempDir();
  const config = loadConfig({ LOG_LEVEL: 'silent', DATA_DIR: dataDir, SANDBOX_SIMULATORS: 'off', ...options.env });
  const log = options.log ?? createLogger('silent');
  const closers: Array<() => Promise<void>> = [];
  const store = options.store ?? (await createStore({ engine: 'embedded', dir: `${dataDir}/store` }));
  if (!options.store) closers.push(() => store.close());
  const redisUrl = options.redis === false ? null : serviceUrl('REDIS');
  let queue: QueueService;
  if (redisUrl) {
    // Its own queues in the suite's one Redis (test files run at once).
    const redisQueue = new RedisQueueService(redisUrl, `test-${Math.random().toString(36).slice(2, 10)}`);
    await redisQueue.connect();
    queue = redisQueue;
    closers.push(() => redisQueue.close());
  } else {
    queue = new UnavailableQueueService('no Redis in this test');
  }
  const services: Partial<PlatformServices> = { config, log, store, queue };
  const modules: Array<(ctx: ModuleContext) => Promise<OpenedModule>> = [openSessions, openCitizens, openIdentity, openOfficers, openDepartments, openTexts, openConversation, openWhatsApp, openApplications, openBroadcast];
  for (const open of modules) {
    const module = await open({ config, log, services });
    closers.push(() => module.close());
    Object.assign(services, module.services);
  }
  return {
    services: services as PlatformServices,
    config,
    close: async () => {
      for (const close of closers.reverse()) await close();
    },
  };
}
