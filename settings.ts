/**
 * Node-RED's settings for the embedded runtime, built from the validated
 * platform configuration (platform/config reads and checks the environment).
 */
import path from 'node:path';
import type { Logger } from './platform/log';
import { projectRoot } from './platform/paths';
import type { PlatformServices } from './platform/registry';
import { SETTINGS_KEY } from './platform/registry';
import type { NodeRedStorageModule } from './platform/red/storage';
import type { StoreContext } from './platform/red/context';

export { loadConfig, ConfigError, type PlatformConfig } from './platform/config';

export const ADMIN_ROOT = '/admin';
export const NODE_ROOT = '/api';
/** Largest request body the admin API and http-in nodes accept. */
export const API_MAX_LENGTH = '5mb';

/** Node-RED numeric log levels → pino methods (98 is audit, 99 metrics). */
const LEVELS: Record<number, 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace'> = { 10: 'fatal', 20: 'error', 30: 'warn', 40: 'info', 50: 'debug', 60: 'trace' };

export interface NodeRedSettingsInput {
  services: PlatformServices;
  storage: NodeRedStorageModule;
  contextStore: (config: unknown) => StoreContext;
  adminAuth: Record<string, unknown>;
  credentialSecret: string;
  /** Runs in front of every http-in route. */
  httpNodeMiddleware: (req: unknown, res: unknown, next: (err?: unknown) => void) => void;
  /** Receives Node-RED's audit events (deploys, logins, ...). */
  onAudit: (event: Record<string, unknown>) => void;
}

export function nodeRedSettings(input: NodeRedSettingsInput): Record<string, unknown> {
  const { config, log } = input.services;
  return {
    httpAdminRoot: ADMIN_ROOT,
    httpNodeRoot: NODE_ROOT,
    userDir: path.join(config.dataDir, 'node-red'),
    // The project root is itself a Node-RED node module (package.json "node-red"), loaded like any installed one.
    nodesDir: [projectRoot],
    storageModule: input.storage,
    credentialSecret: input.credentialSecret,
    adminAuth: input.adminAuth,
    contextStorage: {
      default: 'store',
      store: { module: input.contextStore },
      memory: { module: 'memory' },
    },
    apiMaxLength: API_MAX_LENGTH,
    // Runs before http-in's own body parsers, which answer malformed JSON with a bare 500.
    httpNodeMiddleware: input.httpNodeMiddleware,
    // Palette installs would change production code outside review; nodes ship with the platform.
    externalModules: { palette: { allowInstall: false, allowUpload: false }, modules: { allowInstall: false } },
    functionExternalModules: false,
    diagnostics: { enabled: false },
    runtimeState: { enabled: false },
    telemetry: { enabled: false },
    editorTheme: {
      page: { title: 'jansetu' },
      header: { title: 'jansetu · flows' },
      projects: { enabled: false },
      tours: false,
      palette: { catalogues: [] },
    },
    logging: {
      jansetu: {
        level: config.logLevel === 'silent' ? 'off' : config.logLevel,
        metrics: false,
        audit: true,
        handler: () => (entry: { level: number; msg: unknown; type?: string; id?: string; name?: string } & Record<string, unknown>) => {
          if (entry.level === 98) {
            input.onAudit(entry);
            return;
          }
          const method = LEVELS[entry.level];
          if (!method) return;
          const text = entry.msg instanceof Error ? entry.msg.stack ?? entry.msg.message : String(entry.msg);
          nodeRedLog(log, method, text, entry);
        },
      },
    },
    [SETTINGS_KEY]: input.services,
  };
}

function nodeRedLog(log: Logger, method: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', text: string, entry: { type?: string; id?: string; name?: string }): void {
  const context = entry.type ? { node: { type: entry.type, id: entry.id, name: entry.name } } : {};
  log[method]({ src: 'node-red', ...context }, text);
}
