/**
 * The jansetu host: an Express server embedding the Node-RED runtime. The
 * platform's modules (platform/<area>/module.ts) open in order before the
 * runtime, each seeing the services of those before it, and close in reverse
 * after it.
 *
 * Node-RED is a process-wide singleton that cannot be restarted in the same
 * process, so one process runs one Host.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { ADMIN_ROOT, API_MAX_LENGTH, NODE_ROOT, nodeRedSettings, type NodeRedSettingsInput } from '../settings';
import { openAdmin } from './admin';
import type { PlatformConfig } from './config';
import { open as openCitizens } from './citizens/module';
import { open as openIdentity } from './identity/module';
import { open as openDepartments } from './departments/module';
import { open as openTexts } from './texts/module';
import { bodyErrorAnswer } from './http-errors';
import { createLogger, type Logger } from './log';
import type { ModuleContext, OpenedModule, RedRuntime } from './module';
import { open as openOfficers } from './officers/module';
import { open as openQueue } from './queue/module';
import { storeContextFactory, type PropertyUtil } from './red/context';
import { seedFlowsIfEmpty } from './red/seed';
import { createNodeRedStorage } from './red/storage';
import type { PlatformServices } from './registry';
import { GRAPH_MOUNT, mountSandbox, type Sandbox } from './sandbox';
import { sandboxSecrets } from './sandbox/secrets';
import { mountDepartments, type DepartmentSandbox } from './sandbox/departments';
import { mountIdentitySandbox, type IdentitySandbox } from './sandbox/identity';
import { mountPaymentSandbox, PAYMENTS_MOUNT, type PaymentSandbox } from './sandbox/payments';
import { PAYMENT_WEBHOOK_PATH } from './payments/module';
import { statusWebhookPath } from './departments/applications/status-webhook';
import { open as openSessions } from './sessions/module';
import { open as openConversation } from './conversation/module';
import { open as openStore } from './store/module';
import type { DocumentStore } from './store';
import type { QueueService } from './queue';
import { open as openWhatsApp } from './whatsapp/module';
import { open as openApplications } from './departments/applications/module';
import { open as openBroadcast } from './broadcast/module';
import { open as openPayments } from './payments/module';
import { open as openDocuments } from './documents/module';
import { open as openBookings } from './departments/bookings/module';
import { open as openBills } from './departments/bills/module';
import { DEFAULT_WEBHOOK_PATH, type WebhookHub } from './whatsapp/webhook-hub';

// Node-RED ships CommonJS without types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const RED = require('node-red') as NodeRedApi;

interface NodeRedApi extends RedRuntime {
  init(server: http.Server, settings: Record<string, unknown>): void;
  start(): Promise<void>;
  stop(): Promise<void>;
  httpAdmin: express.Express;
  httpNode: express.Express;
  util: PropertyUtil;
}

export interface RunningHost {
  url: string;
  port: number;
  services: PlatformServices;
  /** The generated sandbox admin, only on the start that created it. */
  generatedAdmin: { username: string; password: string } | null;
  /** The in-process simulators, in the sandbox. */
  sandbox: Sandbox | null;
  /** The UIDAI and DigiLocker simulators, in the sandbox. */
  identitySandbox: IdentitySandbox | null;
  /** The departments' simulated backends, in the sandbox. */
  departmentSandbox: DepartmentSandbox | null;
  /** The payment gateway's simulator, in the sandbox without a configured gateway. */
  paymentSandbox: PaymentSandbox | null;
  stop(): Promise<void>;
}

export { AUDIT_COLLECTION } from './admin';

const FIRST_START_TIMEOUT_MS = 30_000;

/** The modules, in the order they open; each may use the services of those before it. */
const MODULES: ReadonlyArray<(ctx: ModuleContext) => Promise<OpenedModule>> = [openStore, openQueue, openSessions, openCitizens, openIdentity, openOfficers, openDepartments, openTexts, openConversation, openWhatsApp, openApplications, openPayments, openDocuments, openBookings, openBills, openBroadcast];

export async function startHost(config: PlatformConfig, log: Logger = createLogger(config.logLevel)): Promise<RunningHost> {
  // Citizens' data lives here: readable by the service account only.
  fs.mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  fs.chmodSync(config.dataDir, 0o700);
  const closers: Array<() => Promise<void>> = [];
  const closeAll = async () => {
    for (const close of closers.reverse()) await close().catch((err: Error) => log.error({ err }, 'shutdown step failed'));
  };

  try {
    const opened: OpenedModule[] = [];
    const services: Partial<PlatformServices> = { config, log };
    for (const open of MODULES) {
      const module = await open({ config, log, services });
      closers.push(() => module.close());
      opened.push(module);
      Object.assign(services, module.services);
    }
    const registry = services as PlatformServices;
    const { store, queue } = registry;
    const { hub, defaultAccount } = registry.whatsapp;

    const admin = await openAdmin({ config, log, store, redis: queue.commands() ?? undefined });
    closers.push(() => admin.close());

    const credentialSecret = config.credentialSecret ?? sandboxSecrets(config.dataDir, ['credentialSecret'] as const).credentialSecret;
    const storage = createNodeRedStorage(store, (err) => log.warn({ err }, 'the flows were saved, but not their copy in the history of deploys'));
    await storage.init({});
    const seeded = await seedFlowsIfEmpty(storage, config.flowsDir);
    if (seeded > 0) log.info({ nodes: seeded, dir: config.flowsDir }, 'seeded the live flows from the flows directory');
    // Until their nodes start, the live flows' webhook paths answer 503 + Retry-After, not 404.
    hub.expect(webhookPathsOf(await storage.getFlows()));

    const settings = nodeRedSettings({
      services: registry,
      storage,
      contextStore: storeContextFactory(store, RED.util),
      adminAuth: admin.adminAuth,
      credentialSecret,
      httpNodeMiddleware: strictJsonBodies() as NodeRedSettingsInput['httpNodeMiddleware'],
      onAudit: (event) => admin.recordAudit(event),
    });

    prepareNodeRedUserDir(String(settings.userDir));
    const app = express();
    app.disable('x-powered-by');
    // No ETag (a SHA-1 of every body) on the host's own answers: webhooks and APIs are never cached,
    // and Meta's status webhooks come three per message sent. Node-RED's apps and static pages keep theirs.
    app.set('etag', false);
    // Meta's webhook POSTs go straight to the hub (webhook-hub.ts handleRequest); everything else to Express.
    const server = http.createServer((req, res) => {
      if (!hub.handleRequest(req, res, NODE_ROOT)) app(req, res);
    });
    RED.init(server, settings);
    const flows = watchFlows(RED, (config) => hub.expect(webhookPathsOf(config), { replace: true }));
    closers.push(async () => flows.stop());

    app.get('/healthz', (_req, res) => {
      res.json({ status: 'ok' });
    });
    app.get('/readyz', async (_req, res) => {
      const checks = await readiness(store, queue, flows, hub);
      res.status(checks.ready ? 200 : 503).json(checks);
    });
    admin.routes(app, RED, ADMIN_ROOT);
    // What the process has spent, for benchmarks and operators (CPU microseconds since start).
    app.get(`${ADMIN_ROOT}/jansetu/process`, RED.auth.needsPermission('flows.read'), (_req, res) => {
      res.json({ pid: process.pid, uptimeS: process.uptime(), cpu: process.cpuUsage(), memory: process.memoryUsage() });
    });
    for (const module of opened) module.routes?.(app, RED);
    app.use(ADMIN_ROOT, RED.httpAdmin);
    app.use(NODE_ROOT, RED.httpNode);
    let sandbox: Sandbox | null = null;
    let departmentSandbox: DepartmentSandbox | null = null;
    let identitySandbox: IdentitySandbox | null = null;
    let paymentSandbox: PaymentSandbox | null = null;
    if (config.simulators && config.mode === 'sandbox') {
      sandbox = mountSandbox(app, defaultAccount, log, { throughputPerSecond: config.sending.throughputPerSecond, pairLimit: config.sending.pairLimit });
      departmentSandbox = mountDepartments(app, config.dataDir, log);
      for (const key of departmentSandbox.statusKeys) registry.applications.keys.trust(key.department, key.keyId, key.secret);
      closers.push(() => sandbox!.close(), async () => departmentSandbox!.close());
      identitySandbox = mountIdentitySandbox(app, config.dataDir, log, sandbox.whatsapp);
      closers.push(async () => identitySandbox!.close());
      // The sandbox's gateway only where no real one is configured.
      if (!config.payments) {
        paymentSandbox = mountPaymentSandbox(app, config.dataDir, log);
        closers.push(async () => paymentSandbox!.gateway.close());
      }
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
      sandbox.connect(url, `${NODE_ROOT}${DEFAULT_WEBHOOK_PATH}`);
    }
    if (identitySandbox) identitySandbox.connect(url, registry.identity, config);
    if (departmentSandbox) {
      registry.departmentApis.useDefaults(departmentSandbox.connections(url));
      departmentSandbox.connect(url, statusWebhookPath);
    }
    if (paymentSandbox) {
      const base = `${config.publicUrl ?? url}${PAYMENTS_MOUNT}`;
      paymentSandbox.gateway.connect(base, `${url}${PAYMENT_WEBHOOK_PATH}`);
      registry.payments.useGateway(paymentSandbox.account(`${url}${PAYMENTS_MOUNT}`));
    }
    for (const module of opened) module.listening?.(config.publicUrl ?? url);

    await RED.start();
    // Flows with a missing node type never start: the host still comes up, /readyz says why.
    const started = await Promise.race([flows.firstStart.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), FIRST_START_TIMEOUT_MS).unref())]);
    if (!started) log.error({ ms: FIRST_START_TIMEOUT_MS }, 'the flows did not start (a missing node type?); /readyz answers 503 until a deploy starts them');
    for (const module of opened) module.started?.();
    // Shutdown runs closers in reverse: stop accepting first, then the flows, then the modules.
    closers.splice(closers.indexOf(stopServer), 1);
    closers.push(async () => {
      await RED.stop();
    }, stopServer);
    log.info({ url, admin: `${url}${ADMIN_ROOT}`, ...(sandbox ? { chat: `${url}/sandbox/` } : {}), store: store.engine, mode: config.mode }, 'jansetu is up');

    let stopping: Promise<void> | null = null;
    return {
      url,
      port,
      services: registry,
      generatedAdmin: admin.generatedAdmin,
      sandbox,
      identitySandbox,
      departmentSandbox,
      paymentSandbox,
      stop: () => (stopping ??= closeAll()),
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}

/** Whether the flows are running: false from a deploy's stop until its start. */
interface FlowsWatch {
  readonly running: boolean;
  readonly firstStart: Promise<void>;
  stop(): void;
}

/**
 * RED.start() resolves before the flows have started (they start after the
 * runtime loads them); readiness and the first inbox sweep wait for the event.
 */
function watchFlows(red: RedRuntime, onStart: (flows: unknown[]) => void): FlowsWatch {
  let running = false;
  let markStarted!: () => void;
  const firstStart = new Promise<void>((resolve) => {
    markStarted = resolve;
  });
  const onStarted = (event: unknown) => {
    const flows = (event as { config?: { flows?: unknown } } | undefined)?.config?.flows;
    if (Array.isArray(flows)) onStart(flows);
    running = true;
    markStarted();
  };
  const onStopping = () => {
    running = false;
  };
  red.events.on('flows:started', onStarted);
  red.events.on('flows:stopping', onStopping);
  return {
    get running() {
      return running;
    },
    firstStart,
    stop: () => {
      red.events.removeListener('flows:started', onStarted);
      red.events.removeListener('flows:stopping', onStopping);
    },
  };
}

/** The paths of the enabled whatsapp-in nodes of a flow configuration. */
function webhookPathsOf(flows: unknown[]): string[] {
  const disabledTabs = new Set(flows.filter((n) => isNode(n) && n.type === 'tab' && n.disabled === true).map((n) => (n as { id: string }).id));
  return flows
    .filter((n): n is { type: string; path?: unknown; d?: unknown; z?: unknown } => isNode(n) && n.type === 'whatsapp-in' && n.d !== true && !disabledTabs.has(String(n.z)))
    .map((n) => (typeof n.path === 'string' && n.path !== '' ? n.path : DEFAULT_WEBHOOK_PATH));
}

function isNode(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * Node-RED's registry reads <userDir>/package.json to tell user-installed
 * modules apart; its file storage creates it, our store-backed storage does not.
 */
function prepareNodeRedUserDir(userDir: string): void {
  fs.mkdirSync(userDir, { recursive: true });
  const pkg = `${userDir}/package.json`;
  if (!fs.existsSync(pkg)) fs.writeFileSync(pkg, `${JSON.stringify({ name: 'jansetu-node-red', private: true, dependencies: {} }, null, 2)}\n`);
}

/** Ready: the store and Redis answer, the flows run, and every webhook path of the live flows is served. */
async function readiness(store: DocumentStore, queue: QueueService, flows: FlowsWatch, hub: WebhookHub) {
  const [storeCheck, queueCheck] = await Promise.all([
    store.ping().then(
      () => ({ ok: true as const }),
      (err: Error) => ({ ok: false as const, reason: err.message }),
    ),
    queue.health(),
  ]);
  const flowsCheck = !flows.running
    ? { ok: false as const, reason: 'the flows are not running (starting, or a deploy is under way)' }
    : !hub.allExpectedListening
      ? { ok: false as const, reason: 'a webhook path of the live flows has no whatsapp-in listening' }
      : { ok: true as const };
  return { ready: storeCheck.ok && queueCheck.ok && flowsCheck.ok, store: storeCheck, queue: queueCheck, flows: flowsCheck };
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
