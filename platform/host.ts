/**
 * The jansetu host: an Express server embedding the Node-RED runtime, with the
 * platform services (store, queue, sessions) opened before it and closed after.
 *
 * Node-RED is a process-wide singleton that cannot be restarted in the same
 * process, so one process runs one Host.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { ADMIN_ROOT, API_MAX_LENGTH, NODE_ROOT, nodeRedSettings, type NodeRedSettingsInput } from '../settings';
import { EditorUsers } from './admin/editor-users';
import type { PlatformConfig } from './config';
import { bodyErrorAnswer } from './http-errors';
import { createLogger, type Logger } from './log';
import { RedisQueueService, UnavailableQueueService, redactUrl, type QueueService } from './queue';
import { storeContextFactory, type PropertyUtil } from './red/context';
import { findFlowProblems, hasProblems, nodesOfAdminBody } from './red/flow-validation';
import { seedFlowsIfEmpty } from './red/seed';
import { createNodeRedStorage } from './red/storage';
import type { PlatformServices } from './registry';
import { ServiceCatalog } from './departments/catalog';
import { OfficerQueue } from './officers/officer-queue';
import { GRAPH_MOUNT, mountSandbox, type Sandbox } from './sandbox';
import { DEFAULT_PHONE_NUMBER } from './sandbox/whatsapp';
import { startRedisChild, type RedisChild } from './sandbox/redis-server';
import { sandboxSecrets } from './sandbox/secrets';
import { CitizenSessions } from './sessions/citizen-sessions';
import { createStore, type DocumentStore } from './store';
import { WhatsAppChannel } from './whatsapp/channel';
import { DefaultWhatsAppAccount } from './whatsapp/default-account';
import { WebhookHub } from './whatsapp/webhook-hub';

// Node-RED ships CommonJS without types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RED = require('node-red') as NodeRedApi;

interface NodeRedApi {
  init(server: http.Server, settings: Record<string, unknown>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: express.Express;
  httpNode: express.Express;
  nodes: { getType(type: string): unknown };
  auth: { needsPermission(permission: string): RequestHandler };
  util: PropertyUtil;
}

export interface RunningHost {
  url: string;
  port: number;
  services: PlatformServices;
  /** The generated sandbox admin, only on the start that created it. */
  generatedAdmin: { username: string; password: string } | null;
  stop(): Promise<void>;
}

export const AUDIT_COLLECTION = 'audit_log';

/** Generated once per sandbox data directory; configuration overrides each. */
const SANDBOX_SECRET_KEYS = ['credentialSecret', 'whatsappAccessToken', 'whatsappAppSecret', 'whatsappVerifyToken'] as const;
/** The shipped flows' whatsapp-in listens here; the sandbox simulator delivers to it. */
const SANDBOX_WEBHOOK_PATH = '/whatsapp/webhook';
const SANDBOX_NUMBER = { phoneNumberId: DEFAULT_PHONE_NUMBER.phoneNumberId, businessAccountId: DEFAULT_PHONE_NUMBER.businessAccountId, displayPhoneNumber: DEFAULT_PHONE_NUMBER.displayPhoneNumber };

export async function startHost(config: PlatformConfig, log: Logger = createLogger(config.logLevel)): Promise<RunningHost> {
  // Citizens' data lives here: readable by the service account only.
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(config.dataDir, 0o700);
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((err: Error) => log.error({ err }, 'shutdown step failed'));
  };

  try {
    const store = await openStore(config, log);
    closers.push(() => store.close());

    const queue = await openQueue(config, log, closers);

    const sessions = new CitizenSessions(store);
    await sessions.init();
    const officers = new OfficerQueue(store);
    await officers.init();
    const catalog = ServiceCatalog.load(path.join(config.flowsDir, 'catalog', 'services.json'));
    const channel = new WhatsAppChannel(store, log);
    await channel.init();
    closers.push(() => channel.close());

    const secrets = config.mode === 'sandbox' ? sandboxSecrets(config.dataDir, SANDBOX_SECRET_KEYS) : null;
    const defaultAccount = new DefaultWhatsAppAccount(
      config.whatsapp,
      secrets && config.simulators
        ? { ...SANDBOX_NUMBER, accessToken: secrets.whatsappAccessToken, appSecret: secrets.whatsappAppSecret, verifyToken: secrets.whatsappVerifyToken }
        : undefined,
    );
    const hub = new WebhookHub(channel, log);
    const services: PlatformServices = { config, log, store, queue, sessions, catalog, officers, whatsapp: { channel, hub, defaultAccount } };

    const { users, generated } = await EditorUsers.open({
      store,
      configured: config.editorUsers,
      bootstrapAdmin: config.bootstrapAdmin,
      generateSandboxAdmin: config.mode === 'sandbox',
    });

    const storage = createNodeRedStorage(store);
    await storage.init({});
    const seeded = await seedFlowsIfEmpty(storage, config.flowsDir);
    if (seeded > 0) log.info({ nodes: seeded, dir: config.flowsDir }, 'seeded the live flows from the flows directory');

    const audit = store.collection(AUDIT_COLLECTION);
    const settings = nodeRedSettings({
      services,
      storage,
      contextStore: storeContextFactory(store, RED.util),
      adminAuth: users.adminAuth(),
      credentialSecret: config.credentialSecret ?? secrets!.credentialSecret,
      httpNodeMiddleware: strictJsonBodies() as NodeRedSettingsInput['httpNodeMiddleware'],
      onAudit: (event) => {
        const { level: _level, ...rest } = event;
        audit.insertOne({ ...rest, source: 'node-red', at: new Date() }).catch((err: Error) => log.error({ err }, 'could not record an audit event'));
      },
    });

    prepareNodeRedUserDir(String(settings.userDir));
    const app = express();
    app.disable('x-powered-by');
    const server = http.createServer(app);
    RED.init(server, settings);

    app.get('/healthz', (_req, res) => {
      res.json({ status: 'ok' });
    });
    app.get('/readyz', async (_req, res) => {
      const checks = await readiness(store, queue);
      res.status(checks.ready ? 200 : 503).json(checks);
    });
    const guard = flowImportGuard();
    app.post(`${ADMIN_ROOT}/flows`, guard);
    app.post(`${ADMIN_ROOT}/flow`, guard);
    app.put(`${ADMIN_ROOT}/flow/:id`, guard);
    app.use(ADMIN_ROOT, RED.httpAdmin);
    app.use(NODE_ROOT, hub.router);
    app.use(NODE_ROOT, RED.httpNode);
    let sandbox: Sandbox | null = null;
    if (config.simulators && secrets) {
      sandbox = mountSandbox(app, defaultAccount, log);
      closers.push(() => sandbox!.close());
    }
    app.use(notFound);
    app.use(errorHandler(log));

    // Listening (and so knowing the URL) before the flows start: whatsapp-in and -out need the
    // sandbox simulator's address from their first moment.
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const stopServer = () => closeServer(server);
    closers.push(stopServer);
    const port = (server.address() as AddressInfo).port;
    const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
    if (sandbox) {
      defaultAccount.useGraphBaseUrl(`${url}${GRAPH_MOUNT}`);
      sandbox.connect(url, `${NODE_ROOT}${SANDBOX_WEBHOOK_PATH}`);
    }

    await RED.start();
    // Shutdown runs closers in reverse: stop accepting first, then the flows, then the services.
    closers.splice(closers.indexOf(stopServer), 1);
    closers.push(async () => {
      await RED.stop();
    }, stopServer);
    log.info({ url, admin: `${url}${ADMIN_ROOT}`, ...(sandbox ? { chat: `${url}/sandbox/` } : {}), store: store.engine, mode: config.mode }, 'jansetu is up');

    let stopping: Promise<void> | null = null;
    return {
      url,
      port,
      services,
      generatedAdmin: generated,
      stop: () => (stopping ??= closeAll()),
    };
  } catch (err) {
    await closeAll();
    throw err;
  }

  /** Refuses imports and deploys with unknown node types or wires to nowhere, before Node-RED sees them. */
  function flowImportGuard(): RequestHandler[] {
    return [
      RED.auth.needsPermission('flows.write'),
      express.json({ limit: API_MAX_LENGTH }),
      (req, res, next) => {
        // "Restart flows" posts no flows: nothing to check.
        if (req.get('Node-RED-Deployment-Type') === 'reload') return next();
        const { nodes, single } = nodesOfAdminBody(req.body);
        // One flow's subflow instances may use subflows already live in the global flow.
        const known = (type: string) => (single && type.startsWith('subflow:')) || Boolean(RED.nodes.getType(type));
        const problems = findFlowProblems(nodes, known);
        if (!hasProblems(problems)) return next();
        log.warn({ problems }, 'refused a flow import');
        res.status(400).json({ error: 'invalid_flows', message: describeProblems(problems), ...problems });
      },
    ];
  }
}

async function openStore(config: PlatformConfig, log: Logger): Promise<DocumentStore> {
  if (config.mongodb) {
    const store = await createStore({ engine: 'mongo', uri: config.mongodb.uri, dbName: config.mongodb.dbName, log });
    log.info({ uri: redactUrl(config.mongodb.uri), db: config.mongodb.dbName }, 'store: MongoDB');
    return store;
  }
  const dir = path.join(config.dataDir, 'store');
  const store = await createStore({ engine: 'embedded', dir, log });
  log.info({ dir }, 'store: embedded');
  return store;
}

async function openQueue(config: PlatformConfig, log: Logger, closers: Array<() => Promise<void>>): Promise<QueueService> {
  let url = config.redisUrl;
  if (!url) {
    let child: RedisChild;
    try {
      child = await startRedisChild({ bin: config.redisServerBin, dir: path.join(config.dataDir, 'redis') });
    } catch (err) {
      const reason = `no queue: REDIS_URL is not set and a private Redis could not be started (${(err as Error).message})`;
      log.warn(reason);
      return new UnavailableQueueService(reason);
    }
    closers.push(() => child.stop());
    url = child.url;
    log.info({ url }, 'queue: started a private redis-server under the data directory');
  }
  const queue = new RedisQueueService(url);
  // Closed on a failed start too, or ioredis would keep reconnecting.
  closers.push(() => queue.close());
  try {
    await queue.connect();
  } catch (err) {
    if (config.mode === 'production') throw err;
    log.warn({ err }, 'queue: Redis is not reachable yet; /readyz reports it until it is');
  }
  return queue;
}

/**
 * Node-RED's registry reads <userDir>/package.json to tell user-installed
 * modules apart; its file storage creates it, our store-backed storage does not.
 */
function prepareNodeRedUserDir(userDir: string): void {
  fs.mkdirSync(userDir, { recursive: true });
  const pkg = path.join(userDir, 'package.json');
  if (!fs.existsSync(pkg)) fs.writeFileSync(pkg, `${JSON.stringify({ name: 'jansetu-node-red', private: true, dependencies: {} }, null, 2)}\n`);
}

async function readiness(store: DocumentStore, queue: QueueService) {
  const [storeCheck, queueCheck] = await Promise.all([
    store.ping().then(
      () => ({ ok: true as const }),
      (err: Error) => ({ ok: false as const, reason: err.message }),
    ),
    queue.health(),
  ]);
  return { ready: storeCheck.ok && queueCheck.ok, store: storeCheck, queue: queueCheck };
}

function describeProblems(p: ReturnType<typeof findFlowProblems>): string {
  const parts: string[] = [];
  if (p.invalid.length) parts.push(p.invalid.join('; '));
  if (p.unknownTypes.length) parts.push(`unknown node types: ${[...new Set(p.unknownTypes.map((u) => u.type))].join(', ')}`);
  if (p.danglingWires.length) parts.push(`wires to missing nodes: ${p.danglingWires.map((w) => `${w.from}[${w.output}] → ${w.to}`).join(', ')}`);
  return `flows not deployed, live flows unchanged: ${parts.join('; ')}`;
}

/** Parses JSON bodies for http-in routes and answers malformed ones with 400 and the reason. */
function strictJsonBodies(): RequestHandler {
  const parse = express.json({ limit: API_MAX_LENGTH });
  return (req, res, next) => {
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const answer = bodyErrorAnswer(err);
      if (answer) res.status(answer.status).json(answer.body);
      else next(err);
    });
  };
}

const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: 'not_found', message: `no route for ${req.method} ${req.path}` });
};

function errorHandler(log: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const answer = bodyErrorAnswer(err);
    if (answer) {
      res.status(answer.status).json(answer.body);
      return;
    }
    log.error({ err, method: req.method, path: req.path }, 'request failed');
    res.status(500).json({ error: 'internal_error', message: 'internal error; see the host log' });
  };
}

function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    // Keep-alive connections would hold close() open until they time out.
    server.closeIdleConnections();
    setTimeout(() => server.closeAllConnections(), 5000).unref();
  });
}
