/**
 * The Energy department's billing backend (the three distribution companies behind one
 * gateway), simulated; its HMAC-signed requests (api/hmac.ts) are checked by its desk (desk/auth.ts).
 *
 * - GET /bills/:serviceNumber: this month's bill of an electricity service connection. A service
 *   number is 13 digits; its first two are the circle, which names the company (APEPDCL 11–15,
 *   APCPDCL 21–24, APSPDCL 31–38). /apepdcl/bills/:n and the others answer only for their own
 *   circles (404 OTHER_DISCOM otherwise, naming the right one). Numbers ending in 000 belong to no
 *   connection (404 NO_SUCH_SERVICE); others are made up from the number (consumer, category,
 *   units, amount).
 * - POST /bills/:billId/payments {orderId, paymentId, amountPaise}, with an Idempotency-Key: the
 *   payment recorded against the bill, 201 with the company's receipt number; the same key again
 *   answers the same; a bill paid by another order is 409 ALREADY_PAID; a wrong amount 422.
 *
 * Test connections: 3199999999503 always answers 503 (for the breaker and pending payments).
 */
import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { paymentRecords } from './payment-records';

const SERVICE_NUMBER = /^\d{13}$/;
const DISCOMS = {
  apepdcl: { name: 'APEPDCL', circles: [11, 12, 13, 14, 15] },
  apcpdcl: { name: 'APCPDCL', circles: [21, 22, 23, 24] },
  apspdcl: { name: 'APSPDCL', circles: [31, 32, 33, 34, 35, 36, 37, 38] },
} as const;
type Discom = keyof typeof DISCOMS;
const CATEGORIES = ['LT-I Domestic', 'LT-I Domestic', 'LT-I Domestic', 'LT-II Non-domestic', 'LT-V Agriculture'] as const;
const NAMES = ['K. Lakshmi', 'V. Ramana', 'P. Padma', 'S. Srinivasa Rao', 'A. Sita', 'N. Nagarjuna', 'K. Kavitha', 'M. Suresh'];
const DOWN = '3199999999503';

export interface ElectricityBill {
  billId: string;
  serviceNumber: string;
  discom: string;
  consumer: string;
  category: string;
  billMonth: string;
  units: number;
  amountPaise: number;
  dueDate: string;
  status: 'unpaid' | 'paid';
  receiptNo: string | null;
}

function discomOf(serviceNumber: string): Discom | null {
  const circle = Number(serviceNumber.slice(0, 2));
  for (const [id, d] of Object.entries(DISCOMS) as Array<[Discom, (typeof DISCOMS)[Discom]]>) if ((d.circles as readonly number[]).includes(circle)) return id;
  return null;
}

/** This month's bill of a connection, made up from its number (null for no connection). */
export function electricityBill(serviceNumber: string, now = new Date()): Omit<ElectricityBill, 'status' | 'receiptNo'> | null {
  const discom = discomOf(serviceNumber);
  if (!SERVICE_NUMBER.test(serviceNumber) || !discom || serviceNumber.endsWith('000')) return null;
  const h = createHash('sha256').update(serviceNumber).digest();
  const month = now.toISOString().slice(0, 7);
  const category = CATEGORIES[h[0]! % CATEGORIES.length]!;
  const units = 60 + (h.readUInt16BE(1) % 340);
  // A slab tariff, roughly: ₹1.90 to ₹9.75 a unit, plus fixed charges.
  const perUnit = units <= 100 ? 190 : units <= 200 ? 460 : 975;
  const amountPaise = Math.round((units * perUnit + 5000) / 100) * 100;
  return { billId: `${DISCOMS[discom].name}-${serviceNumber}-${month.replace('-', '')}`, serviceNumber, discom: DISCOMS[discom].name, consumer: NAMES[h[3]! % NAMES.length]!, category, billMonth: month, units, amountPaise, dueDate: `${month}-${String(15 + (h[4]! % 10)).padStart(2, '0')}` };
}

export function energyRouter(): Router {
  const router = express.Router();


  const records = paymentRecords(
    (billId) => {
      const match = /^(AP[A-Z]PDCL)-(\d{13})-(\d{6})$/.exec(billId);
      const bill = match ? electricityBill(match[2]!) : null;
      return bill?.billId === billId ? bill : null;
    },
    (bill) => `${bill.discom}/RCPT/`,
    8,
  );
  const lookup = (only: Discom | null) => (req: Request, res: Response) => {
    const number = String(req.params.serviceNumber ?? '');
    if (number === DOWN) return void res.status(503).json({ code: 'UNAVAILABLE', message: 'billing is down for maintenance' });
    if (!SERVICE_NUMBER.test(number)) return void res.status(400).json({ code: 'BAD_SERVICE_NUMBER', message: 'a service number is 13 digits' });
    const bill = electricityBill(number);
    if (!bill) return void res.status(404).json({ code: 'NO_SUCH_SERVICE', message: `no service connection ${number}` });
    if (only && bill.discom !== DISCOMS[only].name) return void res.status(404).json({ code: 'OTHER_DISCOM', message: `service ${number} is served by ${bill.discom}` });
    const receiptNo = records.receiptOf(bill.billId);
    res.json({ ...bill, status: receiptNo ? 'paid' : 'unpaid', receiptNo });
  };
  router.get('/bills/:serviceNumber', lookup(null));
  for (const discom of Object.keys(DISCOMS) as Discom[]) router.get(`/${discom}/bills/:serviceNumber`, lookup(discom));

  router.post('/bills/:billId/payments', (req, res) => {
    if (String(req.params.billId).includes(`-${DOWN}-`)) return void res.status(503).json({ code: 'UNAVAILABLE', message: 'billing is down for maintenance' });
    records.record(req, res);
  });
  return router;
}
