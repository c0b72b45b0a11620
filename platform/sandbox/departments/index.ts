/**
 * The departments' backends of the sandbox, under /sandbox/departments/<slug>/v1:
 * one per department of the catalog, each served from its spec (specs/, with
 * desk/ doing what every department does alike) plus hand-written routes where
 * a department needs its own (bills and payments, certificates with their
 * registers), each behind its own kind of auth with secrets the sandbox makes
 * up once (sandbox-secrets.json). A `department` config node left without a
 * base URL uses its department's sandbox backend, so shipped flows run in the
 * sandbox and, with the URL and credentials filled in, against the real
 * department. The backends sign their status events with keys the platform
 * is told to trust here, as a real department's key is configured
 * (DEPARTMENT_STATUS_KEYS).
 */
import type { Express, Router } from 'express';
import type { DepartmentConnectionInput } from '../../departments/api/connection';
import type { Logger } from '../../log';
import { sandboxSecrets } from '../secrets';
import { civilSuppliesRouter } from './civil-supplies';
import { departmentBackend, type DepartmentBackend } from './desk/backend';
import type { FilingDesk } from './desk/filing-desk';
import type { DeskSpec } from './desk/spec';
import { energyRouter } from './energy';
import { municipalRoutes } from './municipal';
import { spec as civilSupplies } from './specs/civil-supplies';
import { spec as endowments } from './specs/endowments';
import { spec as energy } from './specs/energy';
import { spec as higherEducation } from './specs/higher-education';
import { spec as industries } from './specs/industries';
import { spec as itec } from './specs/itec';
import { spec as municipal } from './specs/municipal';
import { spec as registration } from './specs/registration';
import { spec as revenue } from './specs/revenue';
import { spec as schoolEducation } from './specs/school-education';
import { spec as secretariats } from './specs/secretariats';
import { spec as skills } from './specs/skills';
import { spec as transport } from './specs/transport';
import { transportDuesRouter } from './transport-dues';

export const DEPARTMENTS_MOUNT = '/sandbox/departments';

/** Every department's spec, and the hand-written routes some serve beside it. */
export const DEPARTMENTS: Array<{ spec: DeskSpec; extra?: (filing: FilingDesk, now: () => Date) => Router }> = [
  { spec: revenue },
  { spec: civilSupplies, extra: (_filing, now) => civilSuppliesRouter(now) },
  { spec: municipal, extra: municipalRoutes },
  { spec: registration },
  { spec: energy, extra: () => energyRouter() },
  { spec: industries },
  { spec: transport, extra: () => transportDuesRouter() },
  { spec: schoolEducation },
  { spec: higherEducation },
  { spec: skills },
  { spec: itec },
  { spec: secretariats },
  { spec: endowments },
];

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
  const secrets = sandboxSecrets(
    dataDir,
    DEPARTMENTS.flatMap(({ spec }) => [`${spec.department}Secret`, `${spec.department}StatusSecret`]),
  );
  const backends: DepartmentBackend[] = DEPARTMENTS.map(({ spec, extra }) => {
    const backend = departmentBackend(spec, {
      name: spec.title,
      secret: secrets[`${spec.department}Secret`]!,
      statusKey: { keyId: `${spec.slug}-sandbox`, secret: secrets[`${spec.department}StatusSecret`]! },
      log: log.child({ src: `${spec.slug}-sandbox` }),
      extra,
    });
    app.use(`${DEPARTMENTS_MOUNT}/${spec.slug}/v1`, backend.router);
    return backend;
  });
  return {
    connections: (hostUrl) => Object.fromEntries(backends.map((b) => [b.spec.department, b.connection(`${hostUrl}${DEPARTMENTS_MOUNT}/${b.spec.slug}/v1`)])),
    statusKeys: backends.map((b) => ({ department: b.spec.department, ...b.statusKey })),
    connect(hostUrl, statusPath) {
      for (const b of backends) b.connect(`${hostUrl}${statusPath(b.spec.department)}`);
    },
    settle: async () => {
      await Promise.all(backends.map((b) => b.settle()));
    },
    close: () => {
      for (const b of backends) b.close();
    },
  };
}
