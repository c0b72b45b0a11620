/**
 * The departments' backends of the sandbox, under /sandbox/departments/<department>/v1,
 * each behind its own kind of auth with secrets the sandbox makes up once
 * (sandbox-secrets.json). A `department` config node left without a base URL
 * uses its department's sandbox backend, so shipped flows run in the sandbox
 * and, with the URL and credentials filled in, against the real department.
 * Backends that report application status sign their events with keys the
 * platform is told to trust here, as a real department's key is configured
 * (DEPARTMENT_STATUS_KEYS).
 */
import type { Express } from 'express';
import type { DepartmentConnectionInput } from '../../departments/api/connection';
import type { Logger } from '../../log';
import { sandboxSecrets } from '../secrets';
import { civilSuppliesRouter } from './civil-supplies';
import { energyRouter } from './energy';
import { transportDuesRouter } from './transport-dues';
import { municipalBackend } from './municipal';

export const DEPARTMENTS_MOUNT = '/sandbox/departments';
const SECRET_KEYS = ['civilSuppliesApiKey', 'municipalClientSecret', 'municipalStatusSecret', 'energyHmacSecret', 'transportToken'] as const;
const ENERGY_KEY_ID = 'jansetu-sandbox';
const MUNICIPAL_CLIENT_ID = 'jansetu-sandbox';

export interface DepartmentSandbox {
  /** The connection a department config node without a base URL uses, once the host's URL is known. */
  connections(hostUrl: string): Record<string, DepartmentConnectionInput>;
  /** The keys the backends sign status events with. */
  statusKeys: Array<{ department: string; keyId: string; secret: string }>;
  /** Status events go to the host's webhook from now on. */
  connect(hostUrl: string, statusPath: (department: string) => string): void;
  /** Sends every status event still to come now (tests, demos). */
  settle(): Promise<void>;
  close(): void;
}

export function mountDepartments(app: Express, dataDir: string, log: Logger): DepartmentSandbox {
  const secrets = sandboxSecrets(dataDir, SECRET_KEYS);
  const municipalKey = { keyId: 'cdma-sandbox', secret: secrets.municipalStatusSecret };
  const municipal = municipalBackend({ clientId: MUNICIPAL_CLIENT_ID, clientSecret: secrets.municipalClientSecret, statusKey: municipalKey, log: log.child({ src: 'municipal-sandbox' }) });
  app.use(`${DEPARTMENTS_MOUNT}/civil-supplies/v1`, civilSuppliesRouter(secrets.civilSuppliesApiKey));
  app.use(`${DEPARTMENTS_MOUNT}/municipal/v1`, municipal.router);
  app.use(`${DEPARTMENTS_MOUNT}/energy/v1`, energyRouter({ keyId: ENERGY_KEY_ID, secret: secrets.energyHmacSecret }));
  app.use(`${DEPARTMENTS_MOUNT}/transport/v1`, transportDuesRouter(secrets.transportToken));
  return {
    connections: (hostUrl) => ({
      transport: { department: 'transport', baseUrl: `${hostUrl}${DEPARTMENTS_MOUNT}/transport/v1`, auth: { kind: 'bearer', token: secrets.transportToken } },
      energy: { department: 'energy', baseUrl: `${hostUrl}${DEPARTMENTS_MOUNT}/energy/v1`, auth: { kind: 'hmac', keyId: ENERGY_KEY_ID, secret: secrets.energyHmacSecret } },
      civil_supplies: { department: 'civil_supplies', baseUrl: `${hostUrl}${DEPARTMENTS_MOUNT}/civil-supplies/v1`, auth: { kind: 'api_key', header: 'X-API-Key', key: secrets.civilSuppliesApiKey } },
      municipal: {
        department: 'municipal',
        baseUrl: `${hostUrl}${DEPARTMENTS_MOUNT}/municipal/v1`,
        auth: { kind: 'oauth2', tokenUrl: `${hostUrl}${DEPARTMENTS_MOUNT}/municipal/v1/oauth/token`, clientId: MUNICIPAL_CLIENT_ID, clientSecret: secrets.municipalClientSecret },
      },
    }),
    statusKeys: [{ department: 'municipal', ...municipalKey }],
    connect(hostUrl, statusPath) {
      municipal.connect(`${hostUrl}${statusPath('municipal')}`);
    },
    settle: () => municipal.settle(),
    close: () => municipal.close(),
  };
}
