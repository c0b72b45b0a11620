/**
 * The Transport department's dues, simulated behind a bearer token: a vehicle's pending traffic
 * challans (paid together) and its quarterly road tax, made up from the registration number; and
 * the payment of one, recorded once.
 *
 * - GET /challans/:vehicle, /vehicle-tax/:vehicle: an Andhra Pradesh registration (AP 39 AB 1234,
 *   spaces and case as typed); 400 BAD_VEHICLE_NUMBER otherwise; numbers ending in 0000 are no
 *   vehicle (404 NO_SUCH_VEHICLE); a vehicle with nothing due answers status "paid".
 * - POST /dues/:billId/payments {orderId, paymentId, amountPaise} with an Idempotency-Key: 201 with
 *   the department's receipt; paid by another order 409 ALREADY_PAID; a wrong amount 422.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Router } from 'express';

const VEHICLE = /^AP\d{2}[A-Z]{1,2}\d{4}$/;
const OWNERS = ['K. Lakshmi', 'V. Ramana', 'P. Padma', 'S. Srinivasa Rao', 'A. Sita', 'N. Nagarjuna'];
const OFFENCES = ['Signal jumping', 'No helmet', 'Over speeding', 'Wrong parking', 'No seat belt'];
const MAX_KEPT = 50_000;
type Kind = 'challans' | 'vehicle-tax';

export function vehicleNumber(typed: string): string | null {
  const number = typed.replace(/[\s-]/g, '').toUpperCase();
  return VEHICLE.test(number) ? number : null;
}

/** What a vehicle owes now (null for no such vehicle). */
export function transportDue(kind: Kind, vehicle: string, now = new Date()) {
  if (vehicle.endsWith('0000')) return null;
  const h = createHash('sha256').update(`${kind}:${vehicle}`).digest();
  const quarter = `${now.getUTCFullYear()}-Q${Math.floor(now.getUTCMonth() / 3) + 1}`;
  if (kind === 'challans') {
    const count = h[0]! % 3;
    const amountPaise = Array.from({ length: count }, (_, i) => (h[1 + i]! % 2 === 0 ? 100_000 : 50_000)).reduce((a, b) => a + b, 0);
    return { billId: `CH-${vehicle}-${count}`, kind, vehicle, consumer: OWNERS[h[4]! % OWNERS.length]!, billMonth: count === 0 ? 'no pending challans' : Array.from({ length: count }, (_, i) => OFFENCES[h[5 + i]! % OFFENCES.length]).join(', '), amountPaise, dueDate: 'on payment', nothingDue: count === 0 };
  }
  return { billId: `VT-${vehicle}-${quarter.replace('-', '')}`, kind, vehicle, consumer: OWNERS[h[4]! % OWNERS.length]!, billMonth: `road tax ${quarter}`, amountPaise: (600 + (h.readUInt16BE(0) % 2400)) * 100, dueDate: `${now.getUTCFullYear()}-${String(Math.floor(now.getUTCMonth() / 3) * 3 + 1).padStart(2, '0')}-30`, nothingDue: false };
}

export function transportDuesRouter(token: string): Router {
  const router = express.Router();
  const paid = new Map<string, { orderId: string; receiptNo: string }>();
  const byKey = new Map<string, { bodyHash: string; status: number; body: unknown }>();
  let receipts = 0;

  router.use((req, res, next) => {
    const given = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''))?.[1] ?? '';
    const ok = given.length === token.length && timingSafeEqual(Buffer.from(given), Buffer.from(token));
    if (!ok) return void res.status(401).set('WWW-Authenticate', 'Bearer').json({ code: 'UNAUTHORIZED', message: 'a valid bearer token is required' });
    next();
  });

  for (const kind of ['challans', 'vehicle-tax'] as const) {
    router.get(`/${kind}/:vehicle`, (req, res) => {
      const vehicle = vehicleNumber(String(req.params.vehicle));
      if (!vehicle) return void res.status(400).json({ code: 'BAD_VEHICLE_NUMBER', message: 'a registration number like AP 39 AB 1234' });
      const due = transportDue(kind, vehicle);
      if (!due) return void res.status(404).json({ code: 'NO_SUCH_VEHICLE', message: `no vehicle ${vehicle} is registered` });
      const payment = paid.get(due.billId);
      res.json({ ...due, status: payment || due.nothingDue ? 'paid' : 'unpaid', receiptNo: payment?.receiptNo ?? (due.nothingDue ? 'none due' : null) });
    });
  }

  router.post('/dues/:billId/payments', express.json({ limit: '4kb' }), (req, res) => {
    const key = req.get('Idempotency-Key');
    if (!key || key.length > 200) return void res.status(400).json({ code: 'IDEMPOTENCY_KEY_REQUIRED', message: 'Send an Idempotency-Key header with every payment' });
    const bodyHash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
    const earlier = byKey.get(key);
    if (earlier) {
      if (earlier.bodyHash !== bodyHash) return void res.status(422).json({ code: 'IDEMPOTENCY_KEY_REUSED', message: 'This key was used for another payment' });
      return void res.status(earlier.status).json(earlier.body);
    }
    const answer = (status: number, body: unknown) => {
      byKey.set(key, { bodyHash, status, body });
      if (byKey.size > MAX_KEPT) byKey.delete(byKey.keys().next().value!);
      res.status(status).json(body);
    };
    const [code, vehicle] = String(req.params.billId).split('-');
    const kind = code === 'CH' ? 'challans' : code === 'VT' ? 'vehicle-tax' : null;
    const due = kind && vehicle && vehicleNumber(vehicle) ? transportDue(kind, vehicle) : null;
    if (!due || due.billId !== req.params.billId || due.nothingDue) return answer(404, { code: 'NO_SUCH_BILL', message: `nothing due under ${String(req.params.billId).slice(0, 40)}` });
    const { orderId, paymentId, amountPaise } = (req.body ?? {}) as { orderId?: unknown; paymentId?: unknown; amountPaise?: unknown };
    if (typeof orderId !== 'string' || typeof paymentId !== 'string' || typeof amountPaise !== 'number') return answer(400, { code: 'BAD_PAYMENT', message: 'orderId, paymentId and amountPaise are required' });
    if (amountPaise !== due.amountPaise) return answer(422, { code: 'WRONG_AMOUNT', message: `the due is ${due.amountPaise} paise` });
    const already = paid.get(due.billId);
    if (already && already.orderId !== orderId) return answer(409, { code: 'ALREADY_PAID', message: `${due.billId} was paid with receipt ${already.receiptNo}` });
    const receiptNo = already?.receiptNo ?? `APTD/${code}/RCPT/${String(++receipts).padStart(7, '0')}`;
    paid.set(due.billId, { orderId, receiptNo });
    if (paid.size > MAX_KEPT) paid.delete(paid.keys().next().value!);
    answer(201, { billId: due.billId, receiptNo, paidAt: new Date().toISOString() });
  });
  return router;
}
