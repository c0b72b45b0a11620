/**
 * The platform's default WhatsApp account, from WHATSAPP_* configuration. A
 * whatsapp-account node whose fields are left empty uses it, so the shipped
 * flows run unchanged in the sandbox and, with the variables set, on a real
 * WhatsApp Business number.
 */
import type { PlatformConfig } from '../config';
import type { WhatsAppAccount } from './types';

export const META_GRAPH_URL = 'https://graph.facebook.com';

export class DefaultWhatsAppAccount {
  private readonly values: PlatformConfig['whatsapp'];

  constructor(configured: PlatformConfig['whatsapp'], sandbox?: Partial<PlatformConfig['whatsapp']>) {
    // Configuration wins over what the sandbox generates.
    const pick = <K extends keyof PlatformConfig['whatsapp']>(key: K) => configured[key] ?? sandbox?.[key] ?? null;
    this.values = {
      phoneNumberId: pick('phoneNumberId'),
      businessAccountId: pick('businessAccountId'),
      displayPhoneNumber: pick('displayPhoneNumber'),
      graphBaseUrl: configured.graphBaseUrl ?? sandbox?.graphBaseUrl ?? (sandbox ? null : META_GRAPH_URL),
      graphVersion: configured.graphVersion,
      accessToken: pick('accessToken'),
      appSecret: pick('appSecret'),
      verifyToken: pick('verifyToken'),
    };
  }

  /** The merged values, for the sandbox simulator to play the same number with the same secrets. */
  get current(): Readonly<PlatformConfig['whatsapp']> {
    return { ...this.values };
  }

  /** The sandbox learns its own simulator's URL only once the host listens. */
  useGraphBaseUrl(url: string): void {
    this.values.graphBaseUrl ??= url;
  }

  /** Fills the empty fields of a node's account from the defaults; names what is still missing. */
  complete(partial: Partial<WhatsAppAccount>): WhatsAppAccount {
    const v = this.values;
    const account = {
      phoneNumberId: partial.phoneNumberId || v.phoneNumberId,
      businessAccountId: partial.businessAccountId || v.businessAccountId,
      graphBaseUrl: partial.graphBaseUrl || v.graphBaseUrl,
      graphVersion: partial.graphVersion || v.graphVersion,
      accessToken: partial.accessToken || v.accessToken,
      appSecret: partial.appSecret || v.appSecret,
      verifyToken: partial.verifyToken || v.verifyToken,
    };
    const missing = Object.entries(account)
      .filter(([key, value]) => !value && key !== 'businessAccountId')
      .map(([key]) => ENV_OF[key as keyof WhatsAppAccount]);
    if (missing.length > 0) throw new Error(`WhatsApp account incomplete: set it in the whatsapp-account node or in ${missing.join(', ')}`);
    return { ...(account as WhatsAppAccount), businessAccountId: account.businessAccountId ?? '' };
  }
}

const ENV_OF: Record<keyof WhatsAppAccount, string> = {
  phoneNumberId: 'WHATSAPP_PHONE_NUMBER_ID',
  businessAccountId: 'WHATSAPP_BUSINESS_ACCOUNT_ID',
  graphBaseUrl: 'WHATSAPP_GRAPH_URL',
  graphVersion: 'WHATSAPP_GRAPH_VERSION',
  accessToken: 'WHATSAPP_ACCESS_TOKEN',
  appSecret: 'WHATSAPP_APP_SECRET',
  verifyToken: 'WHATSAPP_VERIFY_TOKEN',
};
