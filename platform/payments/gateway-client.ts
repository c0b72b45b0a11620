/**
 * The payment gateway's API as the platform uses it, in Razorpay's shapes (reference/payments.md):
 * payment links, their status, and refunds. The sandbox's gateway answers the same calls.
 *
 * Reads and link creation are retried on network errors, 5xx and 429 (with backoff): creating a
 * link twice is safe because its reference_id is unique at the gateway (the second is refused,
 * and the first is looked up). A refund is not idempotent at the gateway, so it is never retried
 * blind: it carries our refund key in its notes and a retry first looks for it (refundOnce).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { ExponentialBackoff, handleWhen, retry } from 'cockatiel';
import { z } from 'zod';

const TIMEOUT_MS = 10_000;
const MAX_ANSWER_BYTES = 256 * 1024;

export interface GatewayAccount {
  baseUrl: string;
  keyId: string;
  keySecret: string;
  /** The current webhook secret first; older ones verify retries signed before a rotation. */
  webhookSecrets: string[];
}

export class GatewayError extends Error {
  constructor(
    message: string,
    /** HTTP status, 0 for no answer. */
    readonly status: number,
    readonly code: string | null = null,
    readonly field: string | null = null,
  ) {
    super(message);
    this.name = 'GatewayError';
  }
  /** The gateway could not be reached or failed on its side: worth another try later. */
  get transient(): boolean {
    return this.status === 0 || this.status === 429 || this.status >= 500;
  }
}

const linkPayment = z.object({ payment_id: z.string(), amount: z.number(), status: z.string(), method: z.string().optional() });
export const paymentLinkSchema = z.object({
  id: z.string(),
  amount: z.number().int(),
  amount_paid: z.number().int().optional().default(0),
  reference_id: z.string().optional().default(''),
  status: z.enum(['created', 'partially_paid', 'paid', 'cancelled', 'expired']),
  short_url: z.string(),
  expire_by: z.number().nullable().optional(),
  notes: z.union([z.record(z.string(), z.string()), z.array(z.unknown())]).optional(),
  payments: z.array(linkPayment).nullable().optional(),
});
export type PaymentLink = z.infer<typeof paymentLinkSchema>;

export const paymentSchema = z.object({
  id: z.string(),
  amount: z.number().int(),
  status: z.enum(['created', 'authorized', 'captured', 'refunded', 'failed']),
  method: z.string().optional(),
  order_id: z.string().nullable().optional(),
  amount_refunded: z.number().int().optional().default(0),
  error_description: z.string().nullable().optional(),
  notes: z.union([z.record(z.string(), z.string()), z.array(z.unknown())]).optional(),
  created_at: z.number().optional(),
});
export type GatewayPayment = z.infer<typeof paymentSchema>;

export const refundSchema = z.object({
  id: z.string(),
  amount: z.number().int(),
  payment_id: z.string(),
  status: z.enum(['pending', 'processed', 'failed']),
  notes: z.union([z.record(z.string(), z.string()), z.array(z.unknown())]).optional(),
});
export type GatewayRefund = z.infer<typeof refundSchema>;

export interface NewPaymentLink {
  amountPaise: number;
  /** Our order id: unique at the gateway, what reconciliation goes by. */
  referenceId: string;
  description: string;
  customer: { name?: string; contact?: string };
  notes: Record<string, string>;
  expireBy: Date;
  callbackUrl: string;
}

export class PaymentGatewayClient {
  private readonly retrying = retry(
    handleWhen((err) => err instanceof GatewayError && err.transient),
    { maxAttempts: 3, backoff: new ExponentialBackoff({ initialDelay: 300, maxDelay: 3_000 }) },
  );

  constructor(readonly account: GatewayAccount) {}

  /** A link for the order, or the one already made for it (a retry after a crash or a timeout). */
  async createLink(link: NewPaymentLink): Promise<PaymentLink> {
    const body = {
      amount: link.amountPaise,
      currency: 'INR',
      accept_partial: false,
      reference_id: link.referenceId,
      description: link.description.slice(0, 2048),
      customer: link.customer,
      notify: { sms: false, email: false },
      reminder_enable: false,
      notes: link.notes,
      callback_url: link.callbackUrl,
      callback_method: 'get',
      expire_by: Math.floor(link.expireBy.getTime() / 1000),
      upi_link: false,
    };
    try {
      return paymentLinkSchema.parse(await this.call('POST', '/v1/payment_links', body));
    } catch (err) {
      // "…reference id … already exists": made by an earlier try whose answer was lost.
      if (err instanceof GatewayError && err.status === 400 && err.field === 'reference_id' && /exist/i.test(err.message)) {
        const made = await this.linkByReference(link.referenceId);
        if (made) return made;
      }
      throw err;
    }
  }

  async link(linkId: string): Promise<PaymentLink> {
    return paymentLinkSchema.parse(await this.call('GET', `/v1/payment_links/${encodeURIComponent(linkId)}`));
  }

  async linkByReference(referenceId: string): Promise<PaymentLink | null> {
    const answer = z.object({ payment_links: z.array(paymentLinkSchema) }).parse(await this.call('GET', `/v1/payment_links?reference_id=${encodeURIComponent(referenceId)}`));
    return answer.payment_links.find((l) => l.reference_id === referenceId) ?? null;
  }

  /** Cancelling a link that was paid, expired or cancelled meanwhile is refused by the gateway: null then. */
  async cancelLink(linkId: string): Promise<PaymentLink | null> {
    try {
      return paymentLinkSchema.parse(await this.call('POST', `/v1/payment_links/${encodeURIComponent(linkId)}/cancel`, {}));
    } catch (err) {
      if (err instanceof GatewayError && err.status === 400) return null;
      throw err;
    }
  }

  async payment(paymentId: string): Promise<GatewayPayment> {
    return paymentSchema.parse(await this.call('GET', `/v1/payments/${encodeURIComponent(paymentId)}`));
  }

  async refunds(paymentId: string): Promise<GatewayRefund[]> {
    const answer = z.object({ items: z.array(refundSchema) }).parse(await this.call('GET', `/v1/payments/${encodeURIComponent(paymentId)}/refunds`));
    return answer.items;
  }

  /** One refund per key: the key goes in its notes, and one already made with it is returned instead. */
  async refundOnce(paymentId: string, amountPaise: number, key: string, notes: Record<string, string> = {}): Promise<GatewayRefund> {
    // A failed one is not the refund: another is asked for.
    const made = (await this.refunds(paymentId)).find((r) => !Array.isArray(r.notes) && r.notes?.refund_key === key && r.status !== 'failed');
    if (made) return made;
    return refundSchema.parse(await this.call('POST', `/v1/payments/${encodeURIComponent(paymentId)}/refund`, { amount: amountPaise, notes: { ...notes, refund_key: key } }, false));
  }

  /** X-Razorpay-Signature: hex HMAC-SHA256 of the raw body with a webhook secret (any of the configured ones). */
  verifyWebhook(rawBody: Buffer, signature: string | undefined): boolean {
    if (!signature || !/^[0-9a-f]{64}$/i.test(signature)) return false;
    const given = Buffer.from(signature, 'hex');
    return this.account.webhookSecrets.some((secret) => timingSafeEqual(createHmac('sha256', secret).update(rawBody).digest(), given));
  }

  /** The browser's return from the hosted page: link|reference|status|payment signed with the API secret. */
  verifyReturn(q: { linkId: string; referenceId: string; status: string; paymentId: string; signature: string }): boolean {
    if (!/^[0-9a-f]{64}$/i.test(q.signature)) return false;
    const expected = createHmac('sha256', this.account.keySecret).update(`${q.linkId}|${q.referenceId}|${q.status}|${q.paymentId}`).digest();
    return timingSafeEqual(expected, Buffer.from(q.signature, 'hex'));
  }

  private async call(method: 'GET' | 'POST', path: string, body?: unknown, retried = true): Promise<unknown> {
    const once = () => this.once(method, path, body);
    return retried ? this.retrying.execute(once) : once();
  }

  private async once(method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    const auth = Buffer.from(`${this.account.keyId}:${this.account.keySecret}`).toString('base64');
    let res: Response;
    try {
      res = await fetch(`${this.account.baseUrl}${path}`, {
        method,
        headers: { Authorization: `Basic ${auth}`, Accept: 'application/json', ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (err) {
      throw new GatewayError(`the payment gateway did not answer: ${(err as Error).message}`, 0);
    }
    const text = await res.text();
    if (text.length > MAX_ANSWER_BYTES) throw new GatewayError(`the payment gateway answered over ${MAX_ANSWER_BYTES} bytes`, 502);
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      throw new GatewayError(`the payment gateway answered ${res.status} with something that is not JSON`, res.status >= 400 ? res.status : 502);
    }
    if (!res.ok) {
      const error = (json as { error?: { code?: unknown; description?: unknown; field?: unknown } } | null)?.error;
      throw new GatewayError(
        `the payment gateway refused ${method} ${path.split('?')[0]} (${res.status}): ${typeof error?.description === 'string' ? error.description : 'no reason given'}`,
        res.status,
        typeof error?.code === 'string' ? error.code : null,
        typeof error?.field === 'string' ? error.field : null,
      );
    }
    return json;
  }
}
