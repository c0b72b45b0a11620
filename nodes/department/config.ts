/** department's configuration and its migrations, read into a platform connection (departments/api/connection.ts). */
import type { DepartmentConnectionInput } from '../../platform/departments/api/connection';
import type { DepartmentClient } from '../../platform/departments/api/client';
import type { Node, NodeDef } from '../red';

export interface DepartmentConfigNode extends Node {
  /** The client of this department (shared across deploys for the same settings); throws the setting's mistake. */
  client(): DepartmentClient;
}

export const DEPARTMENT_VERSION = 1;
export const AUTH_KINDS = ['none', 'api_key', 'bearer', 'oauth2', 'hmac'] as const;

export interface DepartmentCredentials {
  apiKey?: string;
  bearerToken?: string;
  clientSecret?: string;
  hmacSecret?: string;
}

/** The node's fields (secrets in its encrypted credentials) as the connection the platform checks. */
export function connectionInput(def: NodeDef, credentials: DepartmentCredentials): DepartmentConnectionInput {
  const str = (v: unknown) => (typeof v === 'string' ? v.trim() : '');
  const num = (v: unknown, fallback: number) => (v === '' || v === undefined || v === null || !Number.isFinite(Number(v)) ? fallback : Number(v));
  const kind = (AUTH_KINDS as readonly string[]).includes(def.authKind as string) ? (def.authKind as (typeof AUTH_KINDS)[number]) : 'none';
  const auth =
    kind === 'api_key'
      ? { kind, header: str(def.apiKeyHeader) || 'X-API-Key', key: credentials.apiKey ?? '' }
      : kind === 'bearer'
        ? { kind, token: credentials.bearerToken ?? '' }
        : kind === 'oauth2'
          ? { kind, tokenUrl: str(def.tokenUrl), clientId: str(def.clientId), clientSecret: credentials.clientSecret ?? '', ...(str(def.scope) ? { scope: str(def.scope) } : {}) }
          : kind === 'hmac'
            ? { kind, keyId: str(def.hmacKeyId), secret: credentials.hmacSecret ?? '' }
            : { kind: 'none' as const };
  return {
    department: str(def.department),
    baseUrl: str(def.baseUrl),
    auth,
    timeoutMs: num(def.timeoutMs, 5000),
    retry: { maxAttempts: num(def.maxAttempts, 3) },
    breaker: { consecutiveFailures: num(def.consecutiveFailures, 5), halfOpenAfterMs: num(def.halfOpenAfterSeconds, 30) * 1000 },
  };
}
