/**
 * How the sandbox's departments record a payment against one of their bills, as a department's
 * API would: POST {orderId, paymentId, amountPaise} with an Idempotency-Key (the same key and body
 * answer the same; the same key with another body 422 IDEMPOTENCY_KEY_REUSED); 201 with the
 * department's receipt number; 404 NO_SUCH_BILL; 422 WRONG_AMOUNT; 409 ALREADY_PAID when another
 * order paid it. Bills are made up again from their id, so a payment recorded after a restart finds
 * its bill; what was paid is kept in memory (the newest MAX_KEPT).
 */
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

const MAX_KEPT = 50_000;

export interface PayableBill {
  billId: string;
  amountPaise: number;
}

export interface PaymentRecords {
  /** The handler for POST …/:billId/payments (its body already parsed as JSON). */
  record(req: Request, res: Response): void;
  /** The receipt of a bill paid here, or null. */
  receiptOf(billId: string): string | null;
}

/** `billOf` finds the bill an id names (null: none, or nothing due); `receiptPrefix` starts its receipt numbers. */
export function paymentRecords<B extends PayableBill>(billOf: (billId: string) => B | null, receiptPrefix: (bill: B) => string, digits: number | ((bill: B) => number) = 7): PaymentRecords {
  const paid = new Map<string, { orderId: string; receiptNo: string }>();
  const byKey = new Map<string, { bodyHash: string; status: number; body: unknown }>();
  let receipts = 0;
  const keep = <K, V>(map: Map<K, V>, key: K, value: V) => {
    map.set(key, value);
    if (map.size > MAX_KEPT) map.delete(map.keys().next().value!);
  };

  return {
    receiptOf: (billId) => paid.get(billId)?.receiptNo ?? null,
    record(req, res) {
      const key = req.get('Idempotency-Key');
      if (!key || key.length > 200) return void res.status(400).json({ code: 'IDEMPOTENCY_KEY_REQUIRED', message: 'Send an Idempotency-Key header (up to 200 characters) with every payment' });
      // The same key for another bill is another payment: refused, never answered with the first bill's receipt.
      const bodyHash = createHash('sha256').update(`${req.method} ${req.originalUrl}\n${JSON.stringify(req.body ?? null)}`).digest('hex');
      const earlier = byKey.get(key);
      if (earlier) {
        if (earlier.bodyHash !== bodyHash) return void res.status(422).json({ code: 'IDEMPOTENCY_KEY_REUSED', message: 'This key was used for another payment' });
        return void res.status(earlier.status).json(earlier.body);
      }
      const answer = (status: number, body: unknown) => {
        keep(byKey, key, { bodyHash, status, body });
        res.status(status).json(body);
      };
      const billId = String(req.params.billId);
      const bill = billOf(billId);
      if (!bill) return answer(404, { code: 'NO_SUCH_BILL', message: `nothing due under ${billId.slice(0, 40)}` });
      const { orderId, paymentId, amountPaise } = (req.body ?? {}) as { orderId?: unknown; paymentId?: unknown; amountPaise?: unknown };
      if (typeof orderId !== 'string' || typeof paymentId !== 'string' || typeof amountPaise !== 'number') return answer(400, { code: 'BAD_PAYMENT', message: 'orderId, paymentId and amountPaise are required' });
      if (amountPaise !== bill.amountPaise) return answer(422, { code: 'WRONG_AMOUNT', message: `the bill is for ${bill.amountPaise} paise` });
      const already = paid.get(bill.billId);
      if (already && already.orderId !== orderId) return answer(409, { code: 'ALREADY_PAID', message: `${bill.billId} was paid with receipt ${already.receiptNo}` });
      const receiptNo = already?.receiptNo ?? `${receiptPrefix(bill)}${String(++receipts).padStart(typeof digits === 'number' ? digits : digits(bill), '0')}`;
      keep(paid, bill.billId, { orderId, receiptNo });
      answer(201, { billId: bill.billId, receiptNo, paidAt: new Date().toISOString() });
    },
  };
}
