/**
 * A payment gateway, simulated in Razorpay's shapes (reference/payments.md), so the platform's
 * gateway client talks to it and to Razorpay alike, by configuration only.
 *
 * API (HTTP Basic with the key id and secret), under /v1:
 * - POST /payment_links: amount in paise, currency INR, reference_id (unique: a second link
 *   with one is refused 400), description, customer, notes, expire_by, callback_url. 200 with
 *   the link (`plink_…`, short_url, status created).
 * - GET /payment_links/:id, GET /payment_links?reference_id=…, POST /payment_links/:id/cancel.
 * - GET /payments/:id, POST /payments/:id/refund {amount?, notes?}, GET /payments/:id/refunds.
 * Errors as Razorpay gives them: {error: {code, description, field?, source, step, reason}}.
 *
 * The hosted page (the link's short_url) lets a browser pay (UPI, by the intent link or a
 * button), fail, or leave. Paying captures a payment, marks the link paid, redirects to the
 * callback_url with Razorpay's signed query (razorpay_signature, keyed with the API secret),
 * and posts `payment_link.paid` and `payment.captured` to the webhook URL, signed with the
 * webhook secret in X-Razorpay-Signature (hex HMAC-SHA256 of the raw body), retried with
 * backoff while the platform does not answer 2xx. Links past expire_by expire
 * (`payment_link.expired`); refunds are processed after `refundAfterMs` (`refund.processed`).
 *
 * For tests, the webhook can be held back (`webhooks: 'hold'`), every event sent twice, or a
 * held batch released in reverse order: the platform must cope with late, repeated and
 * reordered callbacks, and settle missed ones with a status query.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { ExponentialBackoff, handleAll, retry } from 'cockatiel';
import type { Logger } from '../../log';
import { upiIntentLink } from '../../payments/upi';
import { gatewayPage, resultPage, type Page } from './page';

/** The gateway keeps this many links in memory, the oldest forgotten first. */
const MAX_LINKS = 50_000;
const MIN_AMOUNT_PAISE = 100;
const MAX_AMOUNT_PAISE = 50_000_000;
/** The VPA the simulated gateway collects on (UPI intent links on its page). */
const GATEWAY_VPA = 'jansetu.sandbox@razorpay';

export type LinkStatus = 'created' | 'paid' | 'cancelled' | 'expired';
export type WebhookMode = 'deliver' | 'twice' | 'hold';

export interface PaymentEntity {
  id: string;
  entity: 'payment';
  amount: number;
  currency: 'INR';
  status: 'captured' | 'failed' | 'refunded';
  method: 'upi';
  vpa: string;
  order_id: string;
  description: string;
  notes: Record<string, string>;
  amount_refunded: number;
  refund_status: null | 'partial' | 'full';
  error_code: string | null;
  error_description: string | null;
  created_at: number;
}

export interface RefundEntity {
  id: string;
  entity: 'refund';
  amount: number;
  currency: 'INR';
  payment_id: string;
  notes: Record<string, string>;
  status: 'pending' | 'processed';
  speed_processed: 'normal';
  created_at: number;
}

interface Link {
  id: string;
  amount: number;
  amount_paid: number;
  currency: 'INR';
  accept_partial: false;
  reference_id: string;
  description: string;
  customer: { name?: string; contact?: string; email?: string };
  notes: Record<string, string>;
  callback_url: string | null;
  callback_method: 'get';
  expire_by: number | null;
  status: LinkStatus;
  short_url: string;
  upi_link: boolean;
  created_at: number;
  updated_at: number;
  order_id: string;
  payments: PaymentEntity[];
}

export interface GatewayOptions {
  keyId: string;
  keySecret: string;
  webhookSecret: string;
  log: Logger;
  /** How long a refund stays pending before it is processed. */
  refundAfterMs?: number;
  /** How often links past expire_by are expired. */
  expiryCheckMs?: number;
  now?: () => Date;
}

export interface PaymentGatewaySimulator {
  router: Router;
  /** Where the hosted pages live (short_url) and where webhooks go, once the host's URL is known. */
  connect(publicBase: string, webhookUrl: string): void;
  /** 'hold' keeps events back until `release`; 'twice' sends each one two times. */
  webhooks: WebhookMode;
  /** Sends the held events (in reverse order when asked) and waits until each is delivered. */
  release(options?: { reverse?: boolean }): Promise<void>;
  /** What the browser's buttons do, for tests. */
  pay(linkId: string, vpa?: string): Promise<PaymentEntity>;
  fail(linkId: string): Promise<PaymentEntity>;
  link(linkId: string): Link | null;
  linkByReference(referenceId: string): Link | null;
  /** The events sent to the webhook, for tests: their names and link references. */
  readonly delivered: ReadonlyArray<{ event: string; reference: string | null; at: Date }>;
  /** Expires links past their time and processes pending refunds now (a timer does it too). */
  tick(): Promise<void>;
  /** Waits for every delivery under way. */
  settle(): Promise<void>;
  close(): void;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: 'BAD_REQUEST_ERROR' | 'GATEWAY_ERROR' | 'SERVER_ERROR',
    description: string,
    readonly field?: string,
  ) {
    super(description);
  }
}

const id = (prefix: string) => `${prefix}_${randomBytes(7).toString('base64url').replace(/[-_]/g, 'x')}`;

export function createPaymentGatewaySimulator(options: GatewayOptions): PaymentGatewaySimulator {
  const now = options.now ?? (() => new Date());
  const seconds = () => Math.floor(now().getTime() / 1000);
  const refundAfterMs = options.refundAfterMs ?? 2_000;
  const links = new Map<string, Link>();
  const byReference = new Map<string, string>();
  const payments = new Map<string, { payment: PaymentEntity; linkId: string; refunds: RefundEntity[] }>();
  const pendingRefunds: Array<{ refund: RefundEntity; due: number }> = [];
  const delivered: Array<{ event: string; reference: string | null; at: Date }> = [];
  const held: string[] = [];
  const deliveries = new Set<Promise<void>>();
  const abort = new AbortController();
  let publicBase = '';
  let webhookUrl: string | null = null;
  let closed = false;
  let webhookMode: WebhookMode = 'deliver';
  const deliver = retry(handleAll, { maxAttempts: 8, backoff: new ExponentialBackoff({ initialDelay: 300, maxDelay: 30_000 }) });

  const api = express.Router();
  api.use(express.json({ limit: '32kb' }));
  api.use(basicAuth);

  api.post('/payment_links', (req, res) => answer(res, () => createLink(req.body)));
  api.get('/payment_links', (req, res) =>
    answer(res, () => {
      const reference = typeof req.query.reference_id === 'string' ? req.query.reference_id : null;
      const found = reference ? [byReference.get(reference)].filter((x): x is string => Boolean(x)).map((x) => links.get(x)!) : [...links.values()].slice(-100);
      return { payment_links: found.map(linkView) };
    }),
  );
  api.get('/payment_links/:id', (req, res) => answer(res, () => linkView(linkOr404(String(req.params.id)))));
  api.post('/payment_links/:id/cancel', (req, res) =>
    answer(res, () => {
      const link = linkOr404(String(req.params.id));
      if (link.status !== 'created') throw new ApiError(400, 'BAD_REQUEST_ERROR', `Payment Link cannot be cancelled as it is in ${link.status} state`);
      link.status = 'cancelled';
      link.updated_at = seconds();
      emit('payment_link.cancelled', { payment_link: { entity: linkView(link) } }, link.reference_id);
      return linkView(link);
    }),
  );
  api.get('/payments/:id', (req, res) => answer(res, () => paymentOr404(String(req.params.id)).payment));
  api.get('/payments/:id/refunds', (req, res) =>
    answer(res, () => {
      const { refunds } = paymentOr404(String(req.params.id));
      return { entity: 'collection', count: refunds.length, items: refunds };
    }),
  );
  api.post('/payments/:id/refund', (req, res) => answer(res, () => refund(String(req.params.id), req.body)));

  const pages = express.Router();
  pages.use(express.urlencoded({ extended: false, limit: '4kb' }));
  pages.get('/l/:id', (req, res) => {
    const link = links.get(String(req.params.id));
    if (!link) return sendPage(res.status(404), resultPage('This payment link does not exist', 'Check the link you were sent, or ask for a new one.', null));
    expireIfDue(link);
    if (link.status !== 'created') return sendPage(res, resultPage(link.status === 'paid' ? 'This link has been paid' : `This link has ${link.status === 'expired' ? 'expired' : 'been cancelled'}`, 'Nothing more to pay here. Go back to WhatsApp.', null));
    sendPage(res, gatewayPage({ link, upi: upiIntentLink({ payeeVpa: GATEWAY_VPA, payeeName: 'jansetu sandbox', amountPaise: link.amount, transactionRef: link.id, note: link.description }) }));
  });
  pages.post('/l/:id', (req, res, next) => {
    const link = links.get(String(req.params.id));
    const outcome = String((req.body as Record<string, unknown>)?.outcome ?? '');
    if (!link) return sendPage(res.status(404), resultPage('This payment link does not exist', 'Check the link you were sent, or ask for a new one.', null));
    if (outcome === 'leave') return sendPage(res, resultPage('Payment not made', 'You left without paying. The link works until it expires.', link.callback_url ? redirectOf(link, null) : null));
    (outcome === 'pay' ? pay(link.id) : outcome === 'fail' ? fail(link.id) : Promise.reject(new ApiError(400, 'BAD_REQUEST_ERROR', 'outcome must be pay, fail or leave')))
      .then((payment) => {
        if (payment.status === 'captured' && link.callback_url) return res.redirect(303, redirectOf(link, payment));
        sendPage(res, payment.status === 'captured' ? resultPage('Payment successful', 'Go back to WhatsApp: your receipt comes there.', null) : resultPage('Payment failed', 'Your bank declined the payment. Nothing was taken. You can try again.', `l/${link.id}`));
      })
      .catch((err: unknown) => (err instanceof ApiError ? sendPage(res.status(err.status), resultPage('This payment cannot be made', err.message, null)) : next(err)));
  });

  const router = express.Router();
  router.use('/v1', api);
  router.use('/', pages);

  const timer = setInterval(() => void tick(), options.expiryCheckMs ?? 1_000);
  timer.unref();

  function basicAuth(req: Request, res: Response, next: NextFunction) {
    const header = req.headers.authorization ?? '';
    const [scheme, encoded] = header.split(' ');
    const [user, ...rest] = scheme === 'Basic' && encoded ? Buffer.from(encoded, 'base64').toString('utf8').split(':') : [];
    if (!user || !safeEqual(user, options.keyId) || !safeEqual(rest.join(':'), options.keySecret)) {
      res.status(401).json({ error: { code: 'BAD_REQUEST_ERROR', description: 'The api key provided is invalid', source: 'NA', step: 'NA', reason: 'NA' } });
      return;
    }
    next();
  }

  function answer(res: Response, work: () => unknown) {
    try {
      res.json(work());
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      res.status(err.status).json({ error: { code: err.code, description: err.message, ...(err.field ? { field: err.field } : {}), source: 'business', step: 'payment_initiation', reason: 'input_validation_failed' } });
    }
  }

  function createLink(body: unknown): ReturnType<typeof linkView> {
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const amount = b.amount;
    if (typeof amount !== 'number' || !Number.isInteger(amount)) throw new ApiError(400, 'BAD_REQUEST_ERROR', 'The amount must be an integer.', 'amount');
    if (amount < MIN_AMOUNT_PAISE) throw new ApiError(400, 'BAD_REQUEST_ERROR', 'The amount must be atleast INR 1.00', 'amount');
    if (amount > MAX_AMOUNT_PAISE) throw new ApiError(400, 'BAD_REQUEST_ERROR', 'The amount may not be greater than 500000.', 'amount');
    if (b.currency !== undefined && b.currency !== 'INR') throw new ApiError(400, 'BAD_REQUEST_ERROR', 'The currency provided is not supported', 'currency');
    const reference = b.reference_id;
    if (reference !== undefined && (typeof reference !== 'string' || reference.length === 0 || reference.length > 40)) throw new ApiError(400, 'BAD_REQUEST_ERROR', 'The reference id may not be greater than 40 characters.', 'reference_id');
    if (typeof reference === 'string' && byReference.has(reference)) throw new ApiError(400, 'BAD_REQUEST_ERROR', `Payment Link with reference id ${reference} already exists`, 'reference_id');
    const expireBy = b.expire_by;
    if (expireBy !== undefined && (typeof expireBy !== 'number' || !Number.isInteger(expireBy) || expireBy < seconds() + 15 * 60)) throw new ApiError(400, 'BAD_REQUEST_ERROR', 'expire_by should be at least 15 minutes after current time', 'expire_by');
    const description = typeof b.description === 'string' ? b.description.slice(0, 2048) : '';
    const callback = typeof b.callback_url === 'string' ? b.callback_url : null;
    if (callback !== null && !/^https?:\/\//.test(callback)) throw new ApiError(400, 'BAD_REQUEST_ERROR', 'The callback url format is invalid.', 'callback_url');
    const notes = stringsOf(b.notes, 'notes');
    const customer = (typeof b.customer === 'object' && b.customer !== null ? b.customer : {}) as Link['customer'];
    const link: Link = {
      id: id('plink'),
      amount,
      amount_paid: 0,
      currency: 'INR',
      accept_partial: false,
      reference_id: typeof reference === 'string' ? reference : '',
      description,
      customer: { ...(typeof customer.name === 'string' ? { name: customer.name } : {}), ...(typeof customer.contact === 'string' ? { contact: customer.contact } : {}) },
      notes,
      callback_url: callback,
      callback_method: 'get',
      expire_by: typeof expireBy === 'number' ? expireBy : null,
      status: 'created',
      short_url: '',
      upi_link: b.upi_link === true,
      created_at: seconds(),
      updated_at: seconds(),
      order_id: id('order'),
      payments: [],
    };
    link.short_url = `${publicBase}/l/${link.id}`;
    links.set(link.id, link);
    if (link.reference_id) byReference.set(link.reference_id, link.id);
    forgetOldest();
    return linkView(link);
  }

  function stringsOf(value: unknown, field: string): Record<string, string> {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) throw new ApiError(400, 'BAD_REQUEST_ERROR', `${field} should be an object`, field);
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length > 15) throw new ApiError(400, 'BAD_REQUEST_ERROR', 'Number of fields in notes should be less than or equal to 15', field);
    return Object.fromEntries(entries.map(([k, v]) => [k.slice(0, 256), String(v).slice(0, 256)]));
  }

  function linkView(link: Link) {
    const { payments: made, ...rest } = link;
    return { ...rest, payments: made.length > 0 ? made.map((p) => ({ payment_id: p.id, amount: p.amount, status: p.status, method: p.method, created_at: p.created_at })) : null };
  }

  function linkOr404(linkId: string): Link {
    const link = links.get(linkId);
    if (!link) throw new ApiError(400, 'BAD_REQUEST_ERROR', 'The id provided does not exist', 'id');
    expireIfDue(link);
    return link;
  }

  function paymentOr404(paymentId: string) {
    const found = payments.get(paymentId);
    if (!found) throw new ApiError(400, 'BAD_REQUEST_ERROR', 'The id provided does not exist', 'id');
    return found;
  }

  function expireIfDue(link: Link): void {
    if (link.status === 'created' && link.expire_by !== null && link.expire_by <= seconds()) {
      link.status = 'expired';
      link.updated_at = seconds();
      emit('payment_link.expired', { payment_link: { entity: linkView(link) } }, link.reference_id);
    }
  }

  function newPayment(link: Link, status: 'captured' | 'failed', vpa: string): PaymentEntity {
    const payment: PaymentEntity = {
      id: id('pay'),
      entity: 'payment',
      amount: link.amount,
      currency: 'INR',
      status,
      method: 'upi',
      vpa,
      order_id: link.order_id,
      description: link.description,
      notes: link.notes,
      amount_refunded: 0,
      refund_status: null,
      error_code: status === 'failed' ? 'BAD_REQUEST_ERROR' : null,
      error_description: status === 'failed' ? 'Payment was declined by the bank.' : null,
      created_at: seconds(),
    };
    payments.set(payment.id, { payment, linkId: link.id, refunds: [] });
    link.payments.push(payment);
    return payment;
  }

  /** A link can be paid while it is open; paying a paid, expired or cancelled one is refused. */
  async function pay(linkId: string, vpa = 'citizen@okaxis'): Promise<PaymentEntity> {
    const link = linkOr404(linkId);
    if (link.status !== 'created') throw new ApiError(400, 'BAD_REQUEST_ERROR', `This payment link is ${link.status}`);
    const payment = newPayment(link, 'captured', vpa);
    link.status = 'paid';
    link.amount_paid = link.amount;
    link.updated_at = seconds();
    const order = { id: link.order_id, entity: 'order', amount: link.amount, amount_paid: link.amount, status: 'paid', receipt: link.reference_id };
    emit('payment.captured', { payment: { entity: payment } }, link.reference_id);
    emit('payment_link.paid', { payment_link: { entity: linkView(link) }, order: { entity: order }, payment: { entity: payment } }, link.reference_id);
    return payment;
  }

  async function fail(linkId: string): Promise<PaymentEntity> {
    const link = linkOr404(linkId);
    if (link.status !== 'created') throw new ApiError(400, 'BAD_REQUEST_ERROR', `This payment link is ${link.status}`);
    const payment = newPayment(link, 'failed', 'citizen@okaxis');
    emit('payment.failed', { payment: { entity: payment } }, link.reference_id);
    return payment;
  }

  function refund(paymentId: string, body: unknown): RefundEntity {
    const found = paymentOr404(paymentId);
    const { payment } = found;
    if (payment.status === 'failed') throw new ApiError(400, 'BAD_REQUEST_ERROR', 'The payment has not been captured');
    const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
    const left = payment.amount - payment.amount_refunded;
    const amount = b.amount === undefined ? left : b.amount;
    if (typeof amount !== 'number' || !Number.isInteger(amount) || amount < 100) throw new ApiError(400, 'BAD_REQUEST_ERROR', 'The amount must be atleast INR 1.00', 'amount');
    if (amount > left) throw new ApiError(400, 'BAD_REQUEST_ERROR', 'The refund amount provided is greater than amount captured', 'amount');
    const made: RefundEntity = { id: id('rfnd'), entity: 'refund', amount, currency: 'INR', payment_id: payment.id, notes: stringsOf(b.notes, 'notes'), status: 'pending', speed_processed: 'normal', created_at: seconds() };
    payment.amount_refunded += amount;
    payment.refund_status = payment.amount_refunded === payment.amount ? 'full' : 'partial';
    if (payment.refund_status === 'full') payment.status = 'refunded';
    found.refunds.push(made);
    pendingRefunds.push({ refund: made, due: now().getTime() + refundAfterMs });
    emit('refund.created', { refund: { entity: made }, payment: { entity: payment } }, links.get(found.linkId)?.reference_id ?? null);
    return made;
  }

  async function tick(): Promise<void> {
    for (const link of links.values()) expireIfDue(link);
    const t = now().getTime();
    for (let i = pendingRefunds.length - 1; i >= 0; i--) {
      const { refund: r, due } = pendingRefunds[i];
      if (due > t) continue;
      pendingRefunds.splice(i, 1);
      r.status = 'processed';
      const found = payments.get(r.payment_id);
      emit('refund.processed', { refund: { entity: r }, ...(found ? { payment: { entity: found.payment } } : {}) }, found ? (links.get(found.linkId)?.reference_id ?? null) : null);
    }
  }

  /** The browser's way back: Razorpay's query, signed with the API secret over link|reference|status|payment. */
  function redirectOf(link: Link, payment: PaymentEntity | null): string {
    const url = new URL(link.callback_url!);
    const status = payment ? 'paid' : link.status;
    url.searchParams.set('razorpay_payment_link_id', link.id);
    url.searchParams.set('razorpay_payment_link_reference_id', link.reference_id);
    url.searchParams.set('razorpay_payment_link_status', status);
    if (payment) {
      url.searchParams.set('razorpay_payment_id', payment.id);
      url.searchParams.set('razorpay_signature', createHmac('sha256', options.keySecret).update(`${link.id}|${link.reference_id}|${status}|${payment.id}`).digest('hex'));
    }
    return url.toString();
  }

  function emit(event: string, payload: Record<string, unknown>, reference: string | null): void {
    const body = JSON.stringify({ entity: 'event', account_id: 'acc_jansetuSandbox', event, contains: Object.keys(payload), payload, created_at: seconds() });
    const eventId = id('evt');
    const send = () => {
      delivered.push({ event, reference, at: now() });
      if (delivered.length > MAX_LINKS) delivered.splice(0, delivered.length - MAX_LINKS);
      post(body, eventId);
    };
    if (webhookMode === 'hold') held.push(JSON.stringify({ body, eventId, event, reference }));
    else {
      send();
      if (webhookMode === 'twice') post(body, eventId);
    }
  }

  function post(body: string, eventId: string): void {
    if (!webhookUrl || closed) return;
    const url = webhookUrl;
    const signature = createHmac('sha256', options.webhookSecret).update(body).digest('hex');
    const delivery = deliver
      .execute(async ({ signal }) => {
        const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Razorpay-Signature': signature, 'X-Razorpay-Event-Id': eventId }, body, signal: AbortSignal.any([signal, abort.signal, AbortSignal.timeout(10_000)]) });
        await res.arrayBuffer();
        if (res.status < 200 || res.status >= 300) throw new Error(`the webhook answered ${res.status}`);
      }, abort.signal)
      .catch((err: Error) => {
        if (!closed) options.log.warn({ err }, 'payment gateway sandbox: a webhook was not delivered');
      })
      .finally(() => deliveries.delete(delivery));
    deliveries.add(delivery);
  }

  function forgetOldest(): void {
    while (links.size > MAX_LINKS) {
      const [oldest] = links.keys();
      const link = links.get(oldest)!;
      links.delete(oldest);
      byReference.delete(link.reference_id);
      for (const p of link.payments) payments.delete(p.id);
    }
  }

  const simulator: PaymentGatewaySimulator = {
    router,
    connect(base, hook) {
      publicBase = base;
      webhookUrl = hook;
    },
    get webhooks() {
      return webhookMode;
    },
    set webhooks(mode: WebhookMode) {
      webhookMode = mode;
    },
    async release({ reverse = false } = {}) {
      const batch = held.splice(0, held.length).map((x) => JSON.parse(x) as { body: string; eventId: string; event: string; reference: string | null });
      if (reverse) batch.reverse();
      for (const { body, eventId, event, reference } of batch) {
        delivered.push({ event, reference, at: now() });
        post(body, eventId);
        // One at a time, so "reverse" is the order the platform sees.
        await Promise.all([...deliveries]);
      }
    },
    pay: (linkId, vpa) => pay(linkId, vpa),
    fail: (linkId) => fail(linkId),
    link: (linkId) => links.get(linkId) ?? null,
    linkByReference: (reference) => links.get(byReference.get(reference) ?? '') ?? null,
    get delivered() {
      return delivered;
    },
    tick,
    async settle() {
      while (deliveries.size > 0) await Promise.all([...deliveries]);
    },
    close() {
      closed = true;
      clearInterval(timer);
      abort.abort();
    },
  };
  return simulator;

  function sendPage(res: Response, page: Page) {
    res.set('Content-Security-Policy', page.csp).type('html').send(page.html);
  }
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
