/** consent's configuration and its migrations: a flow exported with any version imports. */
import { messagePropertyOf } from '../config-fields';
import type { NodeDef } from '../red';

export const CONSENT_VERSION = 1;

export interface ConsentConfig {
  version: number;
  /** The msg property holding the normalized WhatsApp message (whatsapp-in puts it at msg.message). */
  messageProperty: string;
}

export function migrate(def: NodeDef): ConsentConfig {
  return { version: CONSENT_VERSION, messageProperty: messagePropertyOf(def) };
}
