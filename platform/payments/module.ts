/**
 * Payments (platform/payments): orders and their gateway links, the gateway's signed webhook at
 * /api/payments/webhook, the citizen's browser return at /api/payments/return, and the sweep
 * that fulfils paid orders, makes due refunds and asks the gateway about orders whose webhook
 * never came. What an order pays for is fulfilled by the handler of its purpose's kind (the
 * bookings module registers `booking`, bills `bill`); the citizen is told on WhatsApp.
 */
import express, { type Request, type Response } from 'express';
import { escapeHtml } from '../html';
import { requireService, type ModuleContext, type OpenedModule } from '../module';
import { NODE_ROOT } from '../../settings';
import { GatewayError, PaymentGatewayClient, paymentLinkSchema, paymentSchema, refundSchema, type GatewayAccount, type PaymentLink } from './gateway-client';
import { CitizenNotices, type Notice } from './notice';
import { PaymentOrders, type NewOrder, type OrderDoc, type PaymentRecord } from './orders';

export const PAYMENTS_ROOT = '/payments';
export const PAYMENT_WEBHOOK_PATH = `${NODE_ROOT}${PAYMENTS_ROOT}/webhook`;
export const PAYMENT_RETURN_PATH = `${NODE_ROOT}${PAYMENTS_ROOT}/return`;
const SWEEP_MS = 10_000;
const MAX_WEBHOOK_BODY = '64kb';

/** What a paid order came to, and what the citizen is told (null: nothing more to say). */
export type Fulfilment = { outcome: 'fulfilled'; notice: Notice | null } | { outcome: 'refund'; reason: string; notice: Notice };

/** Fulfils what orders of one purpose kind pay for. Called once or more per paid order: must be idempotent. */
export interface PurposeHandler {
  /** An order was made for the purpose (its link too): e.g. a booking learns which order pays for it. */
  ordered?(order: OrderDoc): Promise<void>;
  fulfil(order: OrderDoc): Promise<Fulfilment>;
}

export class PaymentsUnavailableError extends Error {
  constructor(reason: string) {
    super(`payments are not available: ${reason}`);
    this.name = 'PaymentsUnavailableError';
  }
}

export interface PaymentsService {
  orders: PaymentOrders;
  /** Tells citizens what became of what they paid for, booked or were issued. */
  notices: CitizenNotices;
  /** The gateway in use; null until one is configured (or the sandbox's connected). */
  gateway(): PaymentGatewayClient | null;
  useGateway(account: GatewayAccount): void;
  handle(kind: string, handler: PurposeHandler): void;
  /** An order with a payment link for this request (the same one for a double tap). */
  request(order: NewOrder): Promise<{ order: OrderDoc; link: { id: string; url: string } }>;
  /** Asks the gateway where the order's link stands and records it (missed webhooks). */
  query(orderId: string): Promise<OrderDoc | null>;
  /** Closes the order's link at the gateway (its purpose lapsed); a payment racing it is refunded by its handler. */
  cancel(orderId: string): Promise<void>;
  /** Refunds part or all of a paid order (a cancelled booking), once per key. */
  refund(orderId: string, amountPaise: number, key: string, reason: string): Promise<void>;
  /** Fulfils due orders, makes due refunds, asks about quiet ones (the sweep calls it; tests too). */
  sweep(): Promise<void>;
}

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ payments: PaymentsService }>> {
  const by = 'payments';
  const store = requireService(ctx, 'store', by);
  const whatsapp = requireService(ctx, 'whatsapp', by);
  const texts = requireService(ctx, 'texts', by);
  const log = ctx.log.child({ src: 'payments' });
  const orders = new PaymentOrders(store);
  await orders.init();
  const notices = new CitizenNotices({ channel: whatsapp.channel, accountFor: (id) => whatsapp.hub.accountFor(id), texts, log });
  const handlers = new Map<string, PurposeHandler>();
  let gateway: PaymentGatewayClient | null = ctx.config.payments ? new PaymentGatewayClient(ctx.config.payments) : null;
  let publicUrl = ctx.config.publicUrl;

  async function request(input: NewOrder): Promise<{ order: OrderDoc; link: { id: string; url: string } }> {
    if (!gateway) throw new PaymentsUnavailableError('no payment gateway is configured (PAYMENT_GATEWAY_URL)');
    if (!publicUrl) throw new PaymentsUnavailableError('the host does not know its public URL yet');
    const { order } = await orders.create(input);
    if (order.link) return { order, link: order.link };
    if (order.state !== 'created') throw new PaymentsUnavailableError(`the order is ${order.state}`);
    try {
      const made = await gateway.createLink({
        amountPaise: order.amountPaise,
        referenceId: order._id,
        description: order.description,
        customer: { ...(order.citizen.profile_name ? { name: order.citizen.profile_name.slice(0, 60) } : {}), ...(order.citizen.wa_id ? { contact: `+${order.citizen.wa_id}` } : {}) },
        notes: { order: order._id, purpose: `${order.purpose.kind}:${order.purpose.id}`.slice(0, 256), department: order.department, service: order.service },
        expireBy: order.expireBy,
        callbackUrl: `${publicUrl}${PAYMENT_RETURN_PATH}`,
      });
      const link = { id: made.id, url: made.short_url };
      const linked = (await orders.attachLink(order._id, link)) ?? order;
      await handlers.get(order.purpose.kind)?.ordered?.(linked);
      return { order: linked, link };
    } catch (err) {
      // No link yet: the order stays open without one, and the same request (the citizen trying again) makes it.
      const problem = (err as Error).message;
      await orders.linkFailed(order._id, problem);
      log.warn({ err, order: order._id }, 'payments: the gateway made no link for the order');
      throw new PaymentsUnavailableError(err instanceof GatewayError && err.transient ? 'the payment gateway is not answering' : problem);
    }
  }

  /** A captured payment for an order, from any source: recorded once, then fulfilled (or refunded). */
  async function captured(orderId: string, payment: PaymentRecord): Promise<void> {
    const order = await orders.get(orderId);
    if (!order) {
      log.warn({ order: orderId, payment: payment.id }, 'payments: a payment for an order this platform does not know');
      return;
    }
    if (payment.amountPaise !== order.amountPaise) {
      // accept_partial is off, so this is not a payment of this order as we made it: refunded whole.
      await orders.note(orderId, 'amount_mismatch', `${payment.id} ${payment.amountPaise}`);
      await orders.refundDue({ key: `mismatch:${payment.id}`, orderId, paymentId: payment.id, amountPaise: payment.amountPaise, reason: 'amount_mismatch' });
      await refundDue();
      return;
    }
    const { outcome } = await orders.paid(orderId, payment);
    if (outcome === 'settled') await fulfil(orderId);
    if (outcome === 'extra') await refundDue();
  }

  /** The order's fulfilment, by this host if no other has it now. */
  async function fulfil(orderId: string | null): Promise<boolean> {
    const order = await orders.claimFulfilment(orderId);
    if (!order) return false;
    const handler = handlers.get(order.purpose.kind);
    try {
      if (!handler) throw new Error(`nothing fulfils orders for "${order.purpose.kind}" on this host`);
      const done = await handler.fulfil(order);
      if (done.outcome === 'refund') {
        await orders.refundDue({ key: `unfulfilled:${order._id}`, orderId: order._id, paymentId: order.payment!.id, amountPaise: order.payment!.amountPaise, reason: done.reason });
      }
      if (done.notice) await notices.tellOrder(order, done.notice);
      await orders.fulfilled(order._id, done.outcome === 'refund' ? `refund:${done.reason}` : 'fulfilled');
      if (done.outcome === 'refund') await refundDue();
    } catch (err) {
      log.warn({ err, order: order._id }, 'payments: a paid order could not be fulfilled yet; trying again later');
      await orders.fulfilLater(order, (err as Error).message);
    }
    return true;
  }

  /** Refunds that are due, asked of the gateway once each (refundOnce looks for one already made). */
  async function refundDue(): Promise<void> {
    if (!gateway) return;
    for (let refund = await orders.claimRefund(); refund; refund = await orders.claimRefund()) {
      try {
        const made = await gateway.refundOnce(refund.paymentId, refund.amountPaise, refund._id, { order: refund.orderId, reason: refund.reason });
        if (made.status === 'failed') throw new Error(`the gateway failed refund ${made.id}`);
        await orders.refundRequested(refund._id, made.id, made.status === 'processed' ? 'processed' : 'pending');
        await orders.note(refund.orderId, 'refund_requested', made.id);
      } catch (err) {
        log.warn({ err, refund: refund._id }, 'payments: a refund could not be made yet; trying again later');
        await orders.refundLater(refund, (err as Error).message);
      }
    }
  }

  /** The gateway's view of one order's link, recorded as if its webhooks had come. */
  async function query(orderId: string): Promise<OrderDoc | null> {
    const order = await orders.get(orderId);
    if (!order?.link || !gateway) return order;
    const link = await gateway.link(order.link.id);
    await fromLink(link);
    return orders.get(orderId);
  }

  async function fromLink(link: PaymentLink): Promise<void> {
    const orderId = link.reference_id;
    if (!orderId) return;
    for (const p of link.payments ?? []) {
      if (p.status === 'captured' || p.status === 'refunded') await captured(orderId, { id: p.payment_id, amountPaise: p.amount, method: p.method ?? null, at: new Date() });
    }
    if (link.status === 'expired' || link.status === 'cancelled') await orders.closed(orderId, link.status);
  }

  async function cancel(orderId: string): Promise<void> {
    const order = await orders.get(orderId);
    if (!order || order.state !== 'created') return;
    if (order.link && gateway) {
      const cancelled = await gateway.cancelLink(order.link.id);
      // Refused: paid or expired meanwhile. What the gateway says now is recorded.
      if (!cancelled) return void (await query(orderId));
    }
    await orders.closed(orderId, 'cancelled');
  }

  let sweeping: Promise<void> | null = null;
  async function sweep(): Promise<void> {
    if (sweeping) return sweeping;
    sweeping = (async () => {
      while (await fulfil(null));
      await refundDue();
      for (const order of await orders.dueForQuery()) {
        await query(order._id).catch((err: Error) => log.warn({ err, order: order._id }, 'payments: could not ask the gateway about an order'));
      }
    })().finally(() => (sweeping = null));
    return sweeping;
  }

  /** The gateway's webhook: signed over the raw body; a bad signature 401, nothing changed. */
  async function webhook(req: Request, res: Response): Promise<void> {
    const raw = req.body as Buffer;
    if (!gateway) {
      res.status(503).json({ error: 'no payment gateway is configured' });
      return;
    }
    if (!Buffer.isBuffer(raw) || !gateway.verifyWebhook(raw, req.get('X-Razorpay-Signature'))) {
      res.status(401).json({ error: 'the signature does not match the body' });
      return;
    }
    let event: { event?: unknown; payload?: Record<string, { entity?: unknown }> };
    try {
      event = JSON.parse(raw.toString('utf8')) as typeof event;
    } catch {
      res.status(400).json({ error: 'the body is not JSON' });
      return;
    }
    const name = typeof event.event === 'string' ? event.event : '';
    const entity = (key: string) => event.payload?.[key]?.entity;
    try {
      if (name === 'payment_link.paid' || name === 'payment_link.expired' || name === 'payment_link.cancelled') {
        const link = paymentLinkSchema.parse(entity('payment_link'));
        const payment = name === 'payment_link.paid' ? paymentSchema.parse(entity('payment')) : null;
        if (payment && link.reference_id) await captured(link.reference_id, { id: payment.id, amountPaise: payment.amount, method: payment.method ?? null, at: payment.created_at ? new Date(payment.created_at * 1000) : new Date() });
        else if (!payment) await fromLink(link);
      } else if (name === 'payment.captured' || name === 'payment.failed') {
        const payment = paymentSchema.parse(entity('payment'));
        const orderId = !Array.isArray(payment.notes) ? payment.notes?.order : undefined;
        if (orderId && name === 'payment.captured') await captured(orderId, { id: payment.id, amountPaise: payment.amount, method: payment.method ?? null, at: payment.created_at ? new Date(payment.created_at * 1000) : new Date() });
        else if (orderId) await orders.note(orderId, 'payment_failed', payment.error_description ?? payment.id);
      } else if (name === 'refund.processed') {
        await orders.refundProcessed(refundSchema.parse(entity('refund')).id);
      } else if (name === 'refund.failed') {
        await orders.refundFailed(refundSchema.parse(entity('refund')).id);
      }
      // Other events (refund.created, order.paid, …) need nothing: acknowledged.
      res.json({ status: 'ok' });
    } catch (err) {
      if ((err as Error).name === 'ZodError') {
        res.status(400).json({ error: `the ${name} event is not shaped as the gateway sends it` });
        return;
      }
      // Recorded in part or not at all: the gateway retries, and every step is idempotent.
      log.warn({ err, event: name }, 'payments: a webhook could not be handled; the gateway will retry');
      res.status(503).json({ error: 'try again later' });
    }
  }

  /** The browser back from the gateway's page: a hint, confirmed with the gateway before the page says paid. */
  async function browserReturn(req: Request, res: Response): Promise<void> {
    const q = (name: string) => (typeof req.query[name] === 'string' ? (req.query[name] as string) : '');
    const linkId = q('razorpay_payment_link_id');
    const referenceId = q('razorpay_payment_link_reference_id');
    const status = q('razorpay_payment_link_status');
    const paymentId = q('razorpay_payment_id');
    const signature = q('razorpay_signature');
    res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
    if (!gateway || !linkId || !paymentId || !signature || !gateway.verifyReturn({ linkId, referenceId, status, paymentId, signature })) {
      res.status(400).type('html').send(returnPage('We could not confirm this payment', 'This page was opened without a valid payment confirmation. If you paid, your receipt comes on WhatsApp.'));
      return;
    }
    const order = await query(referenceId).catch(() => null);
    const paid = order?.state === 'paid';
    res.type('html').send(returnPage(paid ? 'Payment received' : 'Payment being confirmed', paid ? 'Thank you. Go back to WhatsApp: your receipt or ticket comes there in a moment.' : 'The gateway has not confirmed it yet. Go back to WhatsApp: you will be told there.'));
  }

  let timer: NodeJS.Timeout | null = null;
  async function refund(orderId: string, amountPaise: number, key: string, reason: string): Promise<void> {
    const order = await orders.get(orderId);
    if (!order?.payment) throw new Error(`order ${orderId} has no payment to refund`);
    // Gateways refund ₹1 at the least: less is not refunded (a cancellation's rounding, never a whole payment).
    if (amountPaise < 100) return;
    await orders.refundDue({ key, orderId, paymentId: order.payment.id, amountPaise: Math.min(amountPaise, order.payment.amountPaise), reason });
    await refundDue();
  }

  const service: PaymentsService = {
    orders,
    notices,
    refund,
    gateway: () => gateway,
    useGateway(account) {
      gateway = new PaymentGatewayClient(account);
    },
    handle(kind, handler) {
      handlers.set(kind, handler);
    },
    request,
    query,
    cancel,
    sweep,
  };
  return {
    name: by,
    services: { payments: service },
    routes(app) {
      app.post(PAYMENT_WEBHOOK_PATH, express.raw({ type: () => true, limit: MAX_WEBHOOK_BODY }), (req, res, next) => void webhook(req, res).catch(next));
      app.get(PAYMENT_RETURN_PATH, (req, res, next) => void browserReturn(req, res).catch(next));
    },
    started() {
      timer = setInterval(() => void sweep().catch((err: Error) => log.warn({ err }, 'payments: the sweep failed')), SWEEP_MS);
      timer.unref();
    },
    listening(url: string) {
      publicUrl ??= url;
    },
    async close() {
      if (timer) clearInterval(timer);
      await sweeping;
    },
  };
}

function returnPage(title: string, text: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;background:#f2f4f8;margin:0}main{max-width:440px;margin:40px auto;background:#fff;border-radius:10px;padding:24px;box-shadow:0 2px 10px rgba(0,0,0,.08)}h1{font-size:20px}</style></head>
<body><main data-testid="payment-return"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main></body></html>`;
}
