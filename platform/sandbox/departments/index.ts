/**
 * The departments' backends of the sandbox, under /sandbox/departments/<department>/v1,
 * each behind its own kind of auth with secrets the sandbox makes up once
 * (sandbox-secrets.json). A `department` config node left without a base URL
 * uses its department's sandbox backend, so shipped flows run in the sandbox
 * and, with the URL and credentials filled in, against the real department.
 */
import type { Express } from 'express';
import type { DepartmentConnectionInput } from '../../departments/api/connection';
import { sandboxSecrets } from '../secrets';
import { civilSuppliesRouter } from './civil-supplies';

export const DEPARTMENTS_MOUNT = '/sandbox/departments';
const SECRET_KEYS = ['civilSuppliesApiKey'] as const;

export interface DepartmentSandbox {
  /** The connection a department config node without a base URL uses, once the host's URL is known. */
  connections(hostUrl: string): Record<string, DepartmentConnectionInput>;
}

export function mountDepartments(app: Express, dataDir: string): DepartmentSandbox {
  const secrets = sandboxSecrets(dataDir, SECRET_KEYS);
  app.use(`${DEPARTMENTS_MOUNT}/civil-supplies/v1`, civilSuppliesRouter(secrets.civilSuppliesApiKey));
  return {
    connections: (hostUrl) => ({
      civil_supplies: { department: 'civil_supplies', baseUrl: `${hostUrl}${DEPARTMENTS_MOUNT}/civil-supplies/v1`, auth: { kind: 'api_key', header: 'X-API-Key', key: secrets.civilSuppliesApiKey } },
    }),
  };
}
