/** Config fields several nodes share, read the same way by every node's migrate(). */
import type { NodeDef } from './red';

/** Where the normalized WhatsApp message is (whatsapp-in puts it at msg.message). */
export function messagePropertyOf(def: NodeDef): string {
  return typeof def.messageProperty === 'string' && def.messageProperty !== '' ? def.messageProperty : 'message';
}
