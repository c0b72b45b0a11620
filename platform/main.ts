/**
 * `npm start`: validate the environment, start the host, stop it cleanly on
 * SIGTERM/SIGINT. Any start-up failure exits non-zero with the reason.
 */
import { assertNodeVersion } from './runtime-check';

async function main(): Promise<void> {
  assertNodeVersion();
  // Loaded after the version check so an old Node fails with our message, not a syntax error.
  const { loadConfig } = await import('./config');
  const { createLogger } = await import('./log');
  const { startHost } = await import('./host');

  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const host = await startHost(config, log);
  process.stdout.write(
    `\n  jansetu ${config.mode}: flows editor ${host.url}/admin` + (config.simulators ? `, citizen chat ${host.url}/sandbox/` : '') + '\n',
  );
  if (host.generatedAdmin) {
    // Printed once, on the start that created it; only its bcrypt hash is stored.
    process.stdout.write(
      `\n  Sandbox editor login (shown only now): ${host.url}/admin\n` +
        `    username: ${host.generatedAdmin.username}\n    password: ${host.generatedAdmin.password}\n` +
        `  Set ADMIN_USERNAME/ADMIN_PASSWORD to choose your own.\n\n`,
    );
  }

  let signalled = false;
  const shutdown = (signal: string) => {
    if (signalled) return;
    signalled = true;
    log.info({ signal }, 'shutting down');
    host.stop().then(
      () => process.exit(0),
      (err: Error) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: Error) => {
  process.stderr.write(`jansetu failed to start: ${err.message}\n`);
  process.exit(1);
});
