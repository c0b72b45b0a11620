import type { WhatsAppAccount } from '../../platform/whatsapp/types';
import type { Node } from '../red';

/** What whatsapp-in and whatsapp-out get from RED.nodes.getNode(accountId). */
export interface WhatsAppAccountNode extends Node {
  /** The complete account; throws naming what is missing. */
  account(): WhatsAppAccount;
}
