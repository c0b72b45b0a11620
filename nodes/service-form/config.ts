/** service-form's configuration and its migrations: a flow exported with any version imports. */
import { MAX_TIMEOUT_MINUTES } from '../ask/config';
import type { NodeDef } from '../red';

export const SERVICE_FORM_VERSION = 1;

export interface ServiceFormConfig {
  version: number;
  /** Catalog id of the service whose inputs are asked; in an archetype subflow `${SERVICE}`. Empty: msg.service.id. */
  service: string;
  /** Answers that may fail, per question, before the citizen is offered help. */
  tries: number;
  /** Minutes each question waits for its answer. */
  timeout: number;
  /** Minutes after which a question is said again once; 0 for no reminder. */
  reminder: number;
}

export function migrate(def: NodeDef): ServiceFormConfig {
  const num = (v: unknown): number | null => (v === '' || v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v));
  const tries = num(def.tries);
  const timeout = num(def.timeout);
  const reminder = num(def.reminder);
  return {
    version: SERVICE_FORM_VERSION,
    service: typeof def.service === 'string' ? def.service.trim() : '',
    tries: tries !== null && tries >= 1 ? Math.min(Math.floor(tries), 10) : 3,
    timeout: timeout !== null && timeout > 0 ? Math.min(timeout, MAX_TIMEOUT_MINUTES) : 60,
    reminder: reminder !== null && reminder > 0 ? reminder : 0,
  };
}
