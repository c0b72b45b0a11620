/**
 * The shape every area of platform/ opens in: the host opens the modules in
 * order (each sees the services of those before it) and closes them in
 * reverse. A module's services go into the registry nodes reach through
 * Node-RED's settings; its routes are mounted on the host's app before
 * Node-RED's own.
 */
import type { Express, RequestHandler } from 'express';
import type { PlatformConfig } from './config';
import type { Logger } from './log';
import type { RedHooks } from './red/turns';
import type { PlatformServices } from './registry';

/** The parts of the embedded Node-RED runtime modules use. */
export interface RedRuntime {
  auth: { needsPermission(permission: string): RequestHandler };
  nodes: { getType(type: string): unknown; getNode?(id: string): unknown };
  hooks: RedHooks;
  events: { on(event: string, handler: (...args: unknown[]) => void): void; removeListener(event: string, handler: (...args: unknown[]) => void): void };
}

export interface ModuleContext {
  config: PlatformConfig;
  log: Logger;
  /** Services of the modules opened before this one. */
  services: Partial<PlatformServices>;
}

export interface OpenedModule<S extends Partial<PlatformServices> = Partial<PlatformServices>> {
  readonly name: string;
  readonly services: S;
  /** Mounted once Node-RED is initialised, before its admin and node routes. */
  routes?(app: Express, red: RedRuntime): void;
  /** Once the host listens, with the URL it listens on (PUBLIC_URL, when set, is what citizens' browsers use). */
  listening?(url: string): void;
  /** After the flows have started for the first time. */
  started?(): void;
  close(): Promise<void>;
}

/** Takes a service an earlier module must have opened, with a clear error if the order is wrong. */
export function requireService<K extends keyof PlatformServices>(ctx: ModuleContext, key: K, by: string): PlatformServices[K] {
  const service = ctx.services[key];
  if (service === undefined) throw new Error(`platform module ${by} needs "${String(key)}", opened by an earlier module`);
  return service as PlatformServices[K];
}
