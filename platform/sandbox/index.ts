/**
 * The sandbox's outside world, in the host's process: the WhatsApp Cloud API
 * simulator (Graph API at /sandbox/graph, citizen API at /sandbox/api) and the
 * citizen chat page at /sandbox/. Everything the page does goes through the
 * simulator and the real signed-webhook path.
 */
import path from 'node:path';
import express, { type Express } from 'express';
import type { PlatformConfig } from '../config';
import type { Logger } from '../log';
import { projectRoot } from '../paths';
import { DEFAULT_PHONE_NUMBER, createWhatsAppSimulator, type WhatsAppSimulator } from './whatsapp';

export const SANDBOX_ROOT = '/sandbox';
export const GRAPH_MOUNT = `${SANDBOX_ROOT}/graph`;
const CHAT_PAGE_DIR = path.join(projectRoot, 'platform', 'sandbox', 'chat-page');

export interface SandboxSecrets {
  whatsappAccessToken: string;
  whatsappAppSecret: string;
  whatsappVerifyToken: string;
}

export interface Sandbox {
  whatsapp: WhatsAppSimulator;
  /** Called once the host listens: webhooks go to its whatsapp-in path. */
  connect(hostUrl: string, webhookPath: string): void;
  close(): Promise<void>;
}

export function mountSandbox(app: Express, config: PlatformConfig, secrets: SandboxSecrets, log: Logger): Sandbox {
  const w = config.whatsapp;
  const whatsapp = createWhatsAppSimulator({
    accessToken: w.accessToken ?? secrets.whatsappAccessToken,
    appSecret: w.appSecret ?? secrets.whatsappAppSecret,
    phoneNumbers: [
      {
        phoneNumberId: w.phoneNumberId ?? DEFAULT_PHONE_NUMBER.phoneNumberId,
        displayPhoneNumber: w.displayPhoneNumber ?? DEFAULT_PHONE_NUMBER.displayPhoneNumber,
        businessAccountId: w.businessAccountId ?? DEFAULT_PHONE_NUMBER.businessAccountId,
      },
    ],
    log: log.child({ src: 'whatsapp-simulator' }),
  });
  app.use(GRAPH_MOUNT, whatsapp.graphRouter);
  app.use(`${SANDBOX_ROOT}/api`, whatsapp.citizenRouter);
  app.use(SANDBOX_ROOT, express.static(CHAT_PAGE_DIR, { index: 'index.html', fallthrough: true }));
  return {
    whatsapp,
    connect: (hostUrl, webhookPath) => whatsapp.setWebhookUrl(`${hostUrl}${webhookPath}`),
    close: () => whatsapp.close(),
  };
}
