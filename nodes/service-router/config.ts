/** service-router's configuration and its migrations: a flow exported with any version imports. */
import { messagePropertyOf } from '../config-fields';
import type { NodeDef } from '../red';

/** Version 1 is the first; a later version adds its step to `migrate`. */
export const SERVICE_ROUTER_VERSION = 1;

export interface ServiceRouterConfig {
  version: number;
  /** The msg property holding the normalized WhatsApp message (whatsapp-in puts it at msg.message). */
  messageProperty: string;
}

export function migrate(def: NodeDef): ServiceRouterConfig {
  return {
    version: SERVICE_ROUTER_VERSION,
    messageProperty: messagePropertyOf(def),
  };
}
