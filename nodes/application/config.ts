/** application's configuration and its migrations: a flow exported with any version imports. */
import { readRefusals, type RefusalText } from '../../platform/departments/api/refusals';
import type { NodeDef } from '../red';

export const APPLICATION_VERSION = 1;
export const ACTIONS = ['file', 'status', 'rate'] as const;
export type ApplicationAction = (typeof ACTIONS)[number];
export const FILE_METHODS = ['POST', 'PUT'] as const;

/**
 * What the department gets when the flow says nothing else: the citizen's answers, our reference, and UIDAI's token
 * of a citizen who proved their Aadhaar (so the department can show the case to them alone).
 */
export const DEFAULT_REQUEST = '$merge([application.answers, {"reference": application.reference, "service": application.service}, application.uidToken ? {"uid_token": application.uidToken} : {}])';

export interface ApplicationConfig {
  version: number;
  /** file: record the application and send it to the department; status: find one by reference, or the citizen's own; rate: a resolved grievance's stars. */
  action: ApplicationAction;
  /** The department config node (file); empty: the one deployed for the service's department. */
  department: string;
  /** Catalog id of the service filed; empty: the service the citizen chose (msg.service.id). */
  service: string;
  method: (typeof FILE_METHODS)[number];
  /** Path under the department's base URL; `{msg property}` parts are filled in. Empty: the catalog's endpoint for the service. */
  path: string;
  /** JSONata over msg (msg.application.reference is known): the body sent to the department. */
  request: string;
  refusals: RefusalText[];
  /** status: the msg property holding the reference the citizen typed; empty or unset there lists their own. */
  reference: string;
}

export function migrate(def: NodeDef): ApplicationConfig {
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : fallback);
  const action = (ACTIONS as readonly string[]).includes(def.action as string) ? (def.action as ApplicationAction) : 'file';
  const method = (FILE_METHODS as readonly string[]).includes(def.method as string) ? (def.method as ApplicationConfig['method']) : 'POST';
  return {
    version: APPLICATION_VERSION,
    action,
    department: str(def.department, ''),
    service: str(def.service, ''),
    method,
    path: str(def.path, ''),
    request: str(def.request, DEFAULT_REQUEST),
    refusals: readRefusals(def.refusals),
    reference: str(def.reference, 'answer'),
  };
}
