/**
 * One department's sandbox backend, whole: its intake desk, its spec's
 * routes and any hand-written ones, behind its auth; what the host needs to
 * reach it (connection), trust its status events (statusKey), and stop it.
 */
import type { Router } from 'express';
import type { DepartmentConnectionInput } from '../../../departments/api/connection';
import type { Logger } from '../../../log';
import { departmentDesk } from './desk';
import { FilingDesk } from './filing-desk';
import type { DeskSpec } from './spec';

export interface DepartmentBackendOptions {
  /** Its name in errors ("The CDMA service is under maintenance"). */
  name: string;
  /** The API key, bearer token, OAuth client secret or HMAC secret, by the spec's kind of auth. */
  secret: string;
  clientId?: string;
  statusKey: { keyId: string; secret: string };
  log: Logger;
  /** Hand-written routes for what a spec cannot say (payments, certificates with their own rules). */
  extra?: (filing: FilingDesk, now: () => Date) => Router;
  reviewAfterMs?: number;
  finalAfterMs?: number;
  slowMs?: number;
  now?: () => Date;
}

export interface DepartmentBackend {
  spec: DeskSpec;
  router: Router;
  connection(baseUrl: string): DepartmentConnectionInput;
  statusKey: { keyId: string; secret: string };
  /** Where status events go, once the platform's URL is known. */
  connect(statusUrl: string): void;
  /** Sends every status event still to come now, and waits until each is delivered (for tests and demos). */
  settle(): Promise<void>;
  close(): void;
}

export function departmentBackend(spec: DeskSpec, options: DepartmentBackendOptions): DepartmentBackend {
  const now = options.now ?? (() => new Date());
  const filing = new FilingDesk({ name: options.name, statusKey: options.statusKey, log: options.log, reviewAfterMs: options.reviewAfterMs, finalAfterMs: options.finalAfterMs, slowMs: options.slowMs, now });
  const desk = departmentDesk(spec, { secret: options.secret, clientId: options.clientId, filing, now, extra: options.extra?.(filing, now) });
  return {
    spec,
    router: desk.router,
    connection: desk.connection,
    statusKey: options.statusKey,
    connect: (url) => filing.connect(url),
    settle: () => filing.settle(),
    close: () => filing.close(),
  };
}
