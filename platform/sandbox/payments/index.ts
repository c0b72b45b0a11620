/**
 * The sandbox's payment gateway at /sandbox/payments (API under /v1, hosted pages under /l),
 * with a key and webhook secret it makes up once and keeps in the data directory, so links
 * and webhooks survive a restart of the host.
 */
import type { Express } from 'express';
import type { Logger } from '../../log';
import type { GatewayAccount } from '../../payments/gateway-client';
import { sandboxSecrets } from '../secrets';
import { createPaymentGatewaySimulator, type PaymentGatewaySimulator } from './gateway';

export const PAYMENTS_MOUNT = '/sandbox/payments';
const SECRET_KEYS = ['paymentKeySecret', 'paymentWebhookSecret'] as const;
const KEY_ID = 'rzp_test_jansetuSandbox';

export interface PaymentSandbox {
  gateway: PaymentGatewaySimulator;
  /** The account the platform's gateway client uses, at the URL the host reaches the simulator by. */
  account(baseUrl: string): GatewayAccount;
}

export function mountPaymentSandbox(app: Express, dataDir: string, log: Logger): PaymentSandbox {
  const secrets = sandboxSecrets(dataDir, SECRET_KEYS);
  const gateway = createPaymentGatewaySimulator({ keyId: KEY_ID, keySecret: secrets.paymentKeySecret, webhookSecret: secrets.paymentWebhookSecret, log: log.child({ src: 'payment-gateway-sandbox' }) });
  app.use(PAYMENTS_MOUNT, gateway.router);
  return {
    gateway,
    account: (baseUrl) => ({ baseUrl, keyId: KEY_ID, keySecret: secrets.paymentKeySecret, webhookSecrets: [secrets.paymentWebhookSecret] }),
  };
}
