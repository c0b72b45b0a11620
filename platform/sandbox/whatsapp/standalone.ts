/**
 * Only the WhatsApp simulator, in its own server, for a staging host to point
 * its Graph base URL and webhook at:
 *   Graph API    http://<host>:<SANDBOX_PORT>/sandbox/graph
 *   citizen API  http://<host>:<SANDBOX_PORT>/sandbox/api
 * Environment: see standalone-config.ts.
 */
import { assertNodeVersion } from '../../runtime-check';

const GRAPH_MOUNT = '/sandbox/graph';
const CITIZEN_MOUNT = '/sandbox/api';

async function main(): Promise<void> {
  assertNodeVersion();
  // Loaded after the version check so an old Node fails with our message, not a syntax error.
  const http = await import('node:http');
  const { default: express } = await import('express');
  const { createLogger } = await import('../../log');
  const { loadStandaloneConfig } = await import('./standalone-config');
  const { createWhatsAppSimulator } = await import('./index');

  const config = loadStandaloneConfig();
  const log = createLogger(config.logLevel);
  const simulator = createWhatsAppSimulator({ ...config.simulator, log });

  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok', webhooks: simulator.webhookStats() });
  });
  app.use(GRAPH_MOUNT, simulator.graphRouter);
  app.use(CITIZEN_MOUNT, simulator.citizenRouter);
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;
  const number = simulator.phoneNumbers[0];
  process.stdout.write(
    `\n  WhatsApp Cloud API simulator\n` +
      `    Graph base URL:   ${base}${GRAPH_MOUNT}   (any version, e.g. ${base}${GRAPH_MOUNT}/v23.0/${number.phoneNumberId}/messages)\n` +
      `    citizen API:      ${base}${CITIZEN_MOUNT}\n` +
      `    phone number id:  ${number.phoneNumberId}  (display ${number.displayPhoneNumber}, WABA ${number.businessAccountId})\n` +
      `    webhook URL:      ${config.simulator.webhookUrl ?? '(none: set SANDBOX_WEBHOOK_URL)'}\n` +
      (config.defaultedCredentials.length
        ? `    ${config.defaultedCredentials.join(' and ')} not set: using the sandbox defaults from standalone-config.ts\n`
        : '') +
      '\n',
  );

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'simulator shutting down');
    server.closeIdleConnections();
    // Event streams hold connections open until the simulator ends them.
    simulator.close().then(
      () => {
        server.close(() => process.exit(0));
        setTimeout(() => server.closeAllConnections(), 5000).unref();
      },
      (err: Error) => {
        log.error({ err }, 'simulator shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: Error) => {
  process.stderr.write(`WhatsApp simulator failed to start: ${err.message}\n`);
  process.exit(1);
});
