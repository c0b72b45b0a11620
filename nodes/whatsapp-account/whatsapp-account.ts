/**
 * whatsapp-account (config node): one WhatsApp Business phone number. Empty
 * fields fall back to the platform's WHATSAPP_* configuration (in the sandbox:
 * the built-in simulator), so one shipped flow runs everywhere.
 */
import { servicesFromSettings } from '../../platform/registry';
import type { NodeAPI, NodeDef } from '../red';
import type { WhatsAppAccountNode } from './account-node';

interface AccountDef extends NodeDef {
  phoneNumberId?: string;
  businessAccountId?: string;
  graphBaseUrl?: string;
  graphVersion?: string;
}

interface AccountCredentials {
  accessToken?: string;
  appSecret?: string;
  verifyToken?: string;
}

function register(RED: NodeAPI): void {
  function WhatsAppAccountConfig(this: WhatsAppAccountNode & { credentials?: AccountCredentials }, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const def = nodeDef as AccountDef;
    const credentials = this.credentials ?? {};
    this.account = () =>
      servicesFromSettings(RED.settings).whatsapp.defaultAccount.complete({
        phoneNumberId: def.phoneNumberId?.trim(),
        businessAccountId: def.businessAccountId?.trim(),
        graphBaseUrl: def.graphBaseUrl?.trim(),
        graphVersion: def.graphVersion?.trim(),
        accessToken: credentials.accessToken,
        appSecret: credentials.appSecret,
        verifyToken: credentials.verifyToken,
      });
  }

  RED.nodes.registerType('whatsapp-account', WhatsAppAccountConfig, {
    credentials: {
      accessToken: { type: 'password' },
      appSecret: { type: 'password' },
      verifyToken: { type: 'password' },
    },
  });
}

export = register;
