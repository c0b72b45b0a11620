/**
 * The sandbox's outside world, in the host's process: the WhatsApp Cloud API
 * simulator (Graph API at /sandbox/graph, citizen API at /sandbox/api) and the
 * citizen chat page at /sandbox/. Everything the page does goes through the
 * simulator and the real signed-webhook path.
 */
import path from 'node:path';
import express, { type Express } from 'express';
import type { Logger } from '../log';
import { projectRoot } from '../paths';
import type { DefaultWhatsAppAccount } from '../whatsapp/default-account';
import { DEFAULT_PHONE_NUMBER, createWhatsAppSimulator, type WhatsAppSimulator } from './whatsapp';

export const SANDBOX_ROOT = '/sandbox';
export const GRAPH_MOUNT = `${SANDBOX_ROOT}/graph`;
const CHAT_PAGE_DIR = path.join(projectRoot, 'platform', 'sandbox', 'chat-page');
/** Noto Sans Telugu, bundled (npm @fontsource/noto-sans-telugu) so Telugu renders on a machine without Telugu fonts. */
const TELUGU_FONT_DIR = path.join(projectRoot, 'node_modules', '@fontsource', 'noto-sans-telugu', 'files');

export interface Sandbox {
  whatsapp: WhatsAppSimulator;
  /** Called once the host listens: webhooks go to its whatsapp-in path. */
  connect(hostUrl: string, webhookPath: string): void;
  close(): Promise<void>;
}

/** The simulator plays the platform's default WhatsApp account: its number, token and app secret. */
export function mountSandbox(app: Express, account: DefaultWhatsAppAccount, log: Logger, limits: { throughputPerSecond: number; pairLimit: boolean }): Sandbox {
  const a = account.current;
  const whatsapp = createWhatsAppSimulator({
    accessToken: required(a.accessToken, 'WHATSAPP_ACCESS_TOKEN'),
    appSecret: required(a.appSecret, 'WHATSAPP_APP_SECRET'),
    phoneNumbers: [
      {
        phoneNumberId: required(a.phoneNumberId, 'WHATSAPP_PHONE_NUMBER_ID'),
        displayPhoneNumber: a.displayPhoneNumber ?? DEFAULT_PHONE_NUMBER.displayPhoneNumber,
        businessAccountId: a.businessAccountId ?? DEFAULT_PHONE_NUMBER.businessAccountId,
      },
    ],
    log: log.child({ src: 'whatsapp-simulator' }),
    // The simulated number is granted what the platform is configured to send.
    throughputPerSecond: limits.throughputPerSecond,
    pairLimit: limits.pairLimit ? undefined : false,
  });
  app.use(GRAPH_MOUNT, whatsapp.graphRouter);
  app.use(`${SANDBOX_ROOT}/api`, whatsapp.citizenRouter);
  app.use(`${SANDBOX_ROOT}/fonts/noto-sans-telugu`, express.static(TELUGU_FONT_DIR, { immutable: true, maxAge: '30d', fallthrough: false }));
  app.use(SANDBOX_ROOT, express.static(CHAT_PAGE_DIR, { index: 'index.html', fallthrough: true }));
  return {
    whatsapp,
    connect: (hostUrl, webhookPath) => whatsapp.setWebhookUrl(`${hostUrl}${webhookPath}`),
    close: () => whatsapp.close(),
  };
}

function required(value: string | null, variable: string): string {
  if (!value) throw new Error(`the sandbox WhatsApp simulator needs ${variable}`);
  return value;
}
