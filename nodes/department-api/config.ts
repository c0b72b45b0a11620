/** department-api's configuration and its migrations: a flow exported with any version imports. */
import { readRefusals, type RefusalText } from '../../platform/departments/api/refusals';
import type { NodeDef } from '../red';

export const DEPARTMENT_API_VERSION = 2;
export const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
export type Method = (typeof METHODS)[number];

export type { RefusalText } from '../../platform/departments/api/refusals';

export interface DepartmentApiConfig {
  version: number;
  /** The department config node; empty with a service: the one deployed for the service's department. */
  department: string;
  /** Version 2: a catalog service whose endpoint this calls (path and method from the catalog when the path is empty); `${SERVICE}` in a subflow. */
  service: string;
  method: Method;
  /** Path under the department's base URL; `{msg property}` parts are filled from the message, e.g. `/cards/{session.answers.card}`. Empty with a service: the catalog's endpoint. */
  path: string;
  /** JSONata over msg: the JSON body of a write, or the query of a GET. Empty: none. */
  request: string;
  /** JSONata over msg, with the answer in msg.department.body: what goes on in msg.payload. Empty: the answer's body. */
  response: string;
  refusals: RefusalText[];
}

export function migrate(def: NodeDef): DepartmentApiConfig {
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback);
  const method = (METHODS as readonly string[]).includes(def.method as string) ? (def.method as Method) : 'GET';
  const refusals = readRefusals(def.refusals);
  // Version 1 had no service: its path was always its own ("/" when left empty).
  const service = str(def.service, '');
  return { version: DEPARTMENT_API_VERSION, department: str(def.department, ''), service, method, path: str(def.path, service ? '' : '/'), request: str(def.request, ''), response: str(def.response, ''), refusals };
}
