/**
 * The admin module: who may use the editor and admin API (EditorUsers), the
 * audit log, and what guards `/admin` in front of Node-RED's admin app (login
 * throttle, security headers, flow import checks). The host opens it before
 * Node-RED, hands `adminAuth` and `recordAudit` to Node-RED's settings, and
 * calls `routes` after RED.init.
 */
import type express from 'express';
import type Redis from 'ioredis';
import type { PlatformConfig } from '../config';
import type { Logger } from '../log';
import type { DocumentStore } from '../store';
import { AuditLog } from './audit-log';
import { EditorUsers } from './editor-users';
import { flowImportGuard, type FlowGuardRuntime } from './flow-import-guard';
import { createLoginThrottle } from './login-throttle';
import type { LimitSpec } from '../queue/rate-limits';
import { adminSecurityHeaders } from './security-headers';

export { AUDIT_COLLECTION, AUDIT_RETENTION_DAYS } from './audit-log';
export { EditorUsers } from './editor-users';

export interface AdminContext {
  config: PlatformConfig;
  log: Logger;
  store: DocumentStore;
  /** Shares login throttling between hosts; without it each host counts alone. */
  redis?: Redis;
  /** Tests tighten the login limits. */
  loginLimits?: { perAddress?: LimitSpec; perUserAddress?: LimitSpec };
}

export interface AdminModule {
  users: EditorUsers;
  generatedAdmin: { username: string; password: string } | null;
  /** Goes into Node-RED's settings.adminAuth. */
  adminAuth: Record<string, unknown>;
  /** Node-RED's audit log handler calls this. */
  recordAudit(event: Record<string, unknown>): void;
  /**
   * Mounts the security headers, the login throttle and the flow import guard
   * on the host app. Call after RED.init (the guard uses RED.auth) and before
   * `app.use(adminRoot, RED.httpAdmin)`, so they run first.
   */
  routes(app: express.Express, red: FlowGuardRuntime, adminRoot: string): void;
  close(): Promise<void>;
}

export async function openAdmin(ctx: AdminContext): Promise<AdminModule> {
  const { config, log, store } = ctx;
  const { users, generated } = await EditorUsers.open({
    store,
    configured: config.editorUsers,
    bootstrapAdmin: config.bootstrapAdmin,
    generateSandboxAdmin: config.mode === 'sandbox',
  });
  const audit = await AuditLog.open(store, log);
  const recordAudit = (event: Record<string, unknown>) => audit.record(event);

  return {
    users,
    generatedAdmin: generated,
    adminAuth: users.adminAuth(),
    recordAudit,
    routes(app, red, adminRoot) {
      app.use(adminRoot, adminSecurityHeaders());
      const throttle = createLoginThrottle({
        authenticate: (username, password) => users.authenticate(username, password),
        audit: (event) => audit.record(event, 'jansetu'),
        limits: ctx.loginLimits,
        redis: ctx.redis,
      });
      app.post(`${adminRoot}/auth/token`, ...throttle.handlers);
      const guard = flowImportGuard(red, log);
      app.post(`${adminRoot}/flows`, ...guard);
      app.post(`${adminRoot}/flow`, ...guard);
      app.put(`${adminRoot}/flow/:id`, ...guard);
    },
    close: () => audit.close(),
  };
}
