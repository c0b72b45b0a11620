/**
 * Payment orders in the store: what a citizen is asked to pay for (a booking, a bill, a fee),
 * its gateway link, the payment that settled it, and what happened after.
 *
 * The gateway's word arrives late, twice or out of order (webhooks, the browser's return, a
 * status query); every change here is a conditional write, so each arrives at one outcome:
 * - the first captured payment settles the order (`paid`), once (a settlement inserted under
 *   the order's id); the same payment again changes nothing; another payment for a settled
 *   order is refunded (`refunds`, one per payment);
 * - `paid` is final: an `expired` or `cancelled` that arrives after it changes nothing, and a
 *   payment for an order we closed is still recorded (and refunded when its purpose is gone);
 * - the purpose is fulfilled (a seat confirmed, a bill marked paid) by one host at a time:
 *   a claim with a time limit, taken again by the sweep if a host dies holding it.
 */
import type { ApplicantAddress } from '../departments/applications/applications';
import { DuplicateKeyError, type Collection, type DocumentStore } from '../store';
import { readableId } from '../store/ids';

export const ORDERS_COLLECTION = 'payment_orders';
export const REFUNDS_COLLECTION = 'payment_refunds';
export const SETTLEMENTS_COLLECTION = 'payment_settlements';
export const CLAIMS_COLLECTION = 'payment_claims';
export type OrderState = 'created' | 'paid' | 'expired' | 'cancelled';
/** How long one host may take to fulfil an order before another may. */
const FULFIL_CLAIM_MS = 2 * 60_000;
/** An open order is first asked about a minute after it was made. */
const FIRST_QUERY_MS = 60_000;
/** Waits between fulfilment tries: 30 s doubling to 30 minutes. */
const FULFIL_RETRY_MS = (attempt: number) => Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, attempt - 1));

export interface OrderPurpose {
  /** Who fulfils it: a handler registered under this kind (booking, bill). */
  kind: string;
  /** The thing paid for: a booking reference, a bill number. */
  id: string;
}

export interface PaymentRecord {
  id: string;
  amountPaise: number;
  method: string | null;
  at: Date;
}

export interface OrderDoc {
  [key: string]: unknown;
  _id: string;
  purpose: OrderPurpose;
  department: string;
  service: string;
  amountPaise: number;
  description: string;
  citizenKey: string;
  citizen: ApplicantAddress;
  language: string | null;
  /** One order per citizen's message: a double tap on "pay" finds this one. */
  requestKey: string;
  /** Where the department is told of the payment (POST, the order id as idempotency key); null: nowhere. */
  report: { path: string } | null;
  /** When the sweep asks the gateway about this open order (a webhook may have been missed); backs off. */
  nextQueryAt: Date;
  queries: number;
  state: OrderState;
  stateAt: Date;
  createdAt: Date;
  expireBy: Date;
  link: { id: string; url: string } | null;
  /** Why no link could be made yet. */
  linkProblem?: string;
  payment: PaymentRecord | null;
  /** Captured payments beyond the one that settled the order (each refunded). */
  extraPayments: PaymentRecord[];
  fulfilment: { state: 'waiting' | 'due' | 'done'; attempts: number; dueAt: Date | null; outcome?: string; lastProblem?: string; doneAt?: Date };
  /** Changes of state only (each a conditional write), so it stays a few entries long. */
  history: Array<{ event: string; at: Date; detail?: string }>;
}

export interface RefundDoc {
  [key: string]: unknown;
  /** The refund's key: one refund per key, whoever asks how often. */
  _id: string;
  orderId: string;
  paymentId: string;
  amountPaise: number;
  reason: string;
  state: 'due' | 'pending' | 'processed' | 'failed';
  gatewayRefundId: string | null;
  attempts: number;
  dueAt: Date;
  createdAt: Date;
  lastProblem?: string;
}

/** The payment that settled an order, under the order's id: inserted once, whoever reports it. */
export interface SettlementDoc {
  _id: string;
  [key: string]: unknown;
  paymentId: string;
  at: Date;
}

export type NewOrder = Pick<OrderDoc, 'purpose' | 'department' | 'service' | 'amountPaise' | 'description' | 'citizenKey' | 'citizen' | 'language' | 'requestKey' | 'expireBy'> & { report?: OrderDoc['report'] };

export type PaidOutcome = 'settled' | 'already' | 'extra' | 'unknown';

/** ORD-7K2M9QX4TB. */
export function newOrderId(): string {
  return readableId('ORD');
}

export class PaymentOrders {
  readonly orders: Collection<OrderDoc>;
  readonly refunds: Collection<RefundDoc>;
  readonly settlements: Collection<SettlementDoc>;
  /** Short-lived claims on refunds (one host per refund and attempt). */
  private readonly claims: Collection<{ _id: string; until: Date; expiresAt: Date; [key: string]: unknown }>;

  constructor(store: DocumentStore) {
    this.orders = store.collection<OrderDoc>(ORDERS_COLLECTION);
    this.refunds = store.collection<RefundDoc>(REFUNDS_COLLECTION);
    this.settlements = store.collection<SettlementDoc>(SETTLEMENTS_COLLECTION);
    this.claims = store.collection(CLAIMS_COLLECTION);
  }

  async init(): Promise<void> {
    await this.orders.createIndex({ keys: { requestKey: 1 }, unique: true, name: 'one_order_per_request' });
    await this.orders.createIndex({ keys: { 'purpose.kind': 1, 'purpose.id': 1 }, name: 'by_purpose' });
    await this.orders.createIndex({ keys: { 'fulfilment.state': 1, 'fulfilment.dueAt': 1 }, name: 'fulfilment_due' });
    await this.orders.createIndex({ keys: { state: 1, createdAt: 1 }, name: 'by_state' });
    await this.orders.createIndex({ keys: { citizenKey: 1, createdAt: -1 }, name: 'by_citizen' });
    await this.refunds.createIndex({ keys: { state: 1, dueAt: 1 }, name: 'refunds_due' });
    await this.refunds.createIndex({ keys: { orderId: 1 }, name: 'by_order' });
    await this.refunds.createIndex({ keys: { gatewayRefundId: 1 }, name: 'by_gateway_id' });
    await this.claims.createIndex({ keys: { expiresAt: 1 }, expireAfterSeconds: 0, name: 'lapsed_claims' });
    await this.orders.createIndex({ keys: { state: 1, nextQueryAt: 1 }, name: 'to_ask_the_gateway' });
  }

  /** The order for this request: made now, or the one a double tap or a re-run made before. */
  async create(order: NewOrder, now = new Date()): Promise<{ order: OrderDoc; created: boolean }> {
    const existing = await this.orders.findOne({ requestKey: order.requestKey });
    if (existing) return { order: existing, created: false };
    const doc: OrderDoc = {
      _id: newOrderId(),
      ...order,
      report: order.report ?? null,
      nextQueryAt: new Date(now.getTime() + FIRST_QUERY_MS),
      queries: 0,
      state: 'created',
      stateAt: now,
      createdAt: now,
      link: null,
      payment: null,
      extraPayments: [],
      fulfilment: { state: 'waiting', attempts: 0, dueAt: null },
      history: [{ event: 'created', at: now }],
    };
    try {
      return { order: await this.orders.insertOne(doc), created: true };
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      const made = await this.orders.findOne({ requestKey: order.requestKey });
      if (!made) throw err;
      return { order: made, created: false };
    }
  }

  get(orderId: string): Promise<OrderDoc | null> {
    return this.orders.findOne({ _id: orderId });
  }

  async attachLink(orderId: string, link: { id: string; url: string }): Promise<OrderDoc | null> {
    return this.orders.findOneAndUpdate({ _id: orderId }, { $set: { link }, $unset: { linkProblem: '' } }, { returnDocument: 'after' });
  }

  async linkFailed(orderId: string, problem: string): Promise<void> {
    await this.orders.updateOne({ _id: orderId }, { $set: { linkProblem: problem.slice(0, 300) } });
  }

  /**
   * A captured payment, as the gateway reported it (once or many times, in any order). The first
   * settles the order (a settlement inserted under the order's id: one per order on any engine,
   * whose conditional updates may not be atomic) and makes its fulfilment due; another payment
   * id is recorded as extra and a refund for it is made due (once: the refund's key is unique).
   */
  async paid(orderId: string, payment: PaymentRecord, now = new Date()): Promise<{ outcome: PaidOutcome; order: OrderDoc | null }> {
    const order = await this.get(orderId);
    if (!order) return { outcome: 'unknown', order: null };
    let settlement: SettlementDoc;
    let won = true;
    try {
      settlement = await this.settlements.insertOne({ _id: orderId, paymentId: payment.id, at: now });
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      settlement = (await this.settlements.findOne({ _id: orderId }))!;
      won = false;
    }
    if (settlement.paymentId === payment.id) {
      // Settled by this payment: recorded on the order now, or already (a crash in between is finished here).
      if (!order.payment) {
        await this.orders.updateOne(
          { _id: orderId, payment: null },
          { $set: { state: 'paid', stateAt: settlement.at, payment, fulfilment: { state: 'due', attempts: 0, dueAt: now } }, $push: { history: { event: 'paid', at: now, detail: payment.id } } },
        );
        // Not won: another report of this payment is recording it, or a crash left it unrecorded (the sweep fulfils it).
        return { outcome: won ? 'settled' : 'already', order: await this.get(orderId) };
      }
      return { outcome: 'already', order };
    }
    if (!order.extraPayments.some((p) => p.id === payment.id)) {
      await this.orders.updateOne({ _id: orderId, 'extraPayments.id': { $ne: payment.id } }, { $push: { extraPayments: payment, history: { event: 'paid_again', at: now, detail: payment.id } } });
    }
    await this.refundDue({ key: `extra:${payment.id}`, orderId, paymentId: payment.id, amountPaise: payment.amountPaise, reason: 'paid_twice' }, now);
    return { outcome: 'extra', order: await this.get(orderId) };
  }

  /** Whether (and by which payment) the order is settled. */
  settlement(orderId: string): Promise<SettlementDoc | null> {
    return this.settlements.findOne({ _id: orderId });
  }

  /** The link expired or was cancelled: an order not paid is closed; a paid one stays paid. */
  async closed(orderId: string, state: 'expired' | 'cancelled', now = new Date()): Promise<boolean> {
    if (await this.settlement(orderId)) return false;
    const result = await this.orders.updateOne({ _id: orderId, state: 'created' }, { $set: { state, stateAt: now }, $push: { history: { event: state, at: now } } });
    // A payment settled in between (a store without atomic conditional updates may let both write): paid it stays.
    if (result.modifiedCount === 1 && (await this.settlement(orderId))) await this.orders.updateOne({ _id: orderId }, { $set: { state: 'paid' } });
    return result.modifiedCount === 1;
  }

  async note(orderId: string, event: string, detail?: string, now = new Date()): Promise<void> {
    await this.orders.updateOne({ _id: orderId }, { $push: { history: { event, at: now, ...(detail ? { detail: detail.slice(0, 200) } : {}) } } });
  }

  /** Takes the order's fulfilment for this host for a while; null when it is not due or another host has it. */
  async claimFulfilment(orderId: string | null, now = new Date()): Promise<OrderDoc | null> {
    return this.orders.findOneAndUpdate(
      { ...(orderId ? { _id: orderId } : {}), 'fulfilment.state': 'due', 'fulfilment.dueAt': { $lte: now } },
      { $set: { 'fulfilment.dueAt': new Date(now.getTime() + FULFIL_CLAIM_MS) }, $inc: { 'fulfilment.attempts': 1 } },
      { returnDocument: 'after', sort: { 'fulfilment.dueAt': 1 } },
    );
  }

  async fulfilled(orderId: string, outcome: string, now = new Date()): Promise<void> {
    await this.orders.updateOne(
      { _id: orderId },
      { $set: { 'fulfilment.state': 'done', 'fulfilment.outcome': outcome, 'fulfilment.doneAt': now, 'fulfilment.dueAt': null }, $push: { history: { event: `fulfilled:${outcome}`, at: now } } },
    );
  }

  async fulfilLater(order: OrderDoc, problem: string, now = new Date()): Promise<void> {
    await this.orders.updateOne({ _id: order._id }, { $set: { 'fulfilment.dueAt': new Date(now.getTime() + FULFIL_RETRY_MS(order.fulfilment.attempts)), 'fulfilment.lastProblem': problem.slice(0, 300) } });
  }

  /**
   * Open orders due to be asked about (a webhook may have been missed), the longest waiting first;
   * each is put back by 1, 2, 4 … up to 60 minutes, so the quiet ones do not crowd out the new.
   */
  async dueForQuery(now = new Date(), limit = 50): Promise<OrderDoc[]> {
    const due = await this.orders.find({ state: 'created', link: { $ne: null }, nextQueryAt: { $lte: now } }, { sort: { nextQueryAt: 1 }, limit });
    for (const order of due) await this.orders.updateOne({ _id: order._id }, { $set: { nextQueryAt: new Date(now.getTime() + Math.min(60 * 60_000, FIRST_QUERY_MS * 2 ** (order.queries ?? 0))) }, $inc: { queries: 1 } });
    return due;
  }

  /** A refund made due once per key (the sweep asks the gateway for it). */
  async refundDue(refund: { key: string; orderId: string; paymentId: string; amountPaise: number; reason: string }, now = new Date()): Promise<RefundDoc> {
    const doc: RefundDoc = { _id: refund.key, orderId: refund.orderId, paymentId: refund.paymentId, amountPaise: refund.amountPaise, reason: refund.reason, state: 'due', gatewayRefundId: null, attempts: 0, dueAt: now, createdAt: now };
    try {
      const made = await this.refunds.insertOne(doc);
      await this.note(refund.orderId, 'refund_due', `${refund.reason} ${refund.amountPaise}`, now);
      return made;
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      return (await this.refunds.findOne({ _id: refund.key }))!;
    }
  }

  /**
   * A due refund for this host to make, or null. The claim is a unique insert per refund and
   * attempt number (not a conditional update, which a store like FerretDB does not make atomic
   * across connections): two hosts that read the same attempt collide, and one asks the gateway.
   * A claim whose host died lapses after two minutes and the next attempt number is claimed.
   */
  async claimRefund(now = new Date()): Promise<RefundDoc | null> {
    for (const refund of await this.refunds.find({ state: 'due', dueAt: { $lte: now } }, { sort: { dueAt: 1 }, limit: 20 })) {
      const claim = `${refund._id}#${refund.attempts}`;
      try {
        await this.claims.insertOne({ _id: claim, until: new Date(now.getTime() + FULFIL_CLAIM_MS), expiresAt: new Date(now.getTime() + 86_400_000) });
      } catch (err) {
        if (!(err instanceof DuplicateKeyError)) throw err;
        const held = await this.claims.findOne({ _id: claim });
        // Lapsed (its host died before moving the attempt on): the next attempt is free to claim.
        if (held && (held.until as Date).getTime() <= now.getTime()) await this.refunds.updateOne({ _id: refund._id, attempts: refund.attempts }, { $inc: { attempts: 1 } });
        continue;
      }
      await this.refunds.updateOne({ _id: refund._id }, { $set: { dueAt: new Date(now.getTime() + FULFIL_CLAIM_MS) }, $inc: { attempts: 1 } });
      return { ...refund, attempts: refund.attempts + 1 };
    }
    return null;
  }

  async refundRequested(key: string, gatewayRefundId: string, state: 'pending' | 'processed'): Promise<void> {
    await this.refunds.updateOne({ _id: key, state: { $in: ['due', 'pending'] } }, { $set: { state, gatewayRefundId } });
  }

  /** The gateway says the refund failed: due again (a new refund is asked for after the backoff). */
  async refundFailed(gatewayRefundId: string, now = new Date()): Promise<RefundDoc | null> {
    const refund = await this.refunds.findOne({ gatewayRefundId });
    if (!refund || refund.state === 'processed') return null;
    await this.refunds.updateOne({ _id: refund._id }, { $set: { state: 'due', dueAt: new Date(now.getTime() + FULFIL_RETRY_MS(refund.attempts)), lastProblem: `the gateway failed refund ${gatewayRefundId}` }, $unset: { gatewayRefundId: '' } });
    return refund;
  }

  async refundLater(refund: RefundDoc, problem: string, now = new Date()): Promise<void> {
    await this.refunds.updateOne({ _id: refund._id, state: 'due' }, { $set: { dueAt: new Date(now.getTime() + FULFIL_RETRY_MS(refund.attempts)), lastProblem: problem.slice(0, 300) } });
  }

  /** refund.processed from the gateway: the refund with that gateway id is done. */
  async refundProcessed(gatewayRefundId: string): Promise<RefundDoc | null> {
    return this.refunds.findOneAndUpdate({ gatewayRefundId, state: { $ne: 'processed' } }, { $set: { state: 'processed' } }, { returnDocument: 'after' });
  }

  refundsOf(orderId: string): Promise<RefundDoc[]> {
    return this.refunds.find({ orderId }, { sort: { createdAt: 1 } });
  }
}
