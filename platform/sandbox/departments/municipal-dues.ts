/**
 * What a citizen owes their municipality, in the CDMA sandbox (behind its OAuth 2.0 tokens):
 * property tax and vacant land tax by assessment number, water charges by connection number,
 * each this half-year's (or month's) demand, made up from the number; and the payment of one,
 * recorded once.
 *
 * - GET /property-tax/:assessment, /vacant-land-tax/:assessment: 10 digits; numbers ending in 000
 *   are no property (404 NO_SUCH_ASSESSMENT).
 * - GET /water/:connection: 8 to 12 digits; ending in 000, no connection (404 NO_SUCH_CONNECTION).
 * - POST /dues/:billId/payments: the payment recorded (payment-records.ts), with the municipality's receipt.
 */
import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { paymentRecords } from './payment-records';

const ULBS = ['Guntur', 'Vijayawada', 'Visakhapatnam', 'Tirupati', 'Nellore', 'Kakinada', 'Kurnool', 'Rajamahendravaram'];
const OWNERS = ['K. Lakshmi', 'V. Ramana', 'P. Padma', 'S. Srinivasa Rao', 'A. Sita', 'N. Nagarjuna'];
type Kind = 'property-tax' | 'vacant-land-tax' | 'water';
const CODES: Record<Kind, string> = { 'property-tax': 'PT', 'vacant-land-tax': 'VLT', water: 'WTR' };

export interface MunicipalDue {
  billId: string;
  kind: Kind;
  number: string;
  ulb: string;
  consumer: string;
  billMonth: string;
  amountPaise: number;
  dueDate: string;
}

/** The demand due now for a number (null when there is no such property or connection). */
export function municipalDue(kind: Kind, number: string, now = new Date()): MunicipalDue | null {
  const valid = kind === 'water' ? /^\d{8,12}$/.test(number) : /^\d{10}$/.test(number);
  if (!valid || number.endsWith('000')) return null;
  const h = createHash('sha256').update(`${kind}:${number}`).digest();
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() + 1;
  // Property taxes are demanded by half-year (April and October); water by month.
  const period = kind === 'water' ? `${year}-${String(month).padStart(2, '0')}` : month >= 4 && month <= 9 ? `${year}-${String(year + 1).slice(2)} first half` : `${month >= 10 ? year : year - 1}-${String((month >= 10 ? year : year - 1) + 1).slice(2)} second half`;
  const amountPaise = kind === 'water' ? (150 + (h.readUInt16BE(0) % 450)) * 100 : kind === 'property-tax' ? (1200 + (h.readUInt16BE(0) % 8800)) * 100 : (600 + (h.readUInt16BE(0) % 3000)) * 100;
  const due = kind === 'water' ? `${year}-${String(month).padStart(2, '0')}-20` : month >= 4 && month <= 9 ? `${year}-06-30` : `${month >= 10 ? year + 1 : year}-03-31`;
  return { billId: `${CODES[kind]}-${number}-${period.replace(/[^0-9]/g, '').slice(0, 8)}`, kind, number, ulb: ULBS[h[2]! % ULBS.length]!, consumer: OWNERS[h[3]! % OWNERS.length]!, billMonth: period, amountPaise, dueDate: due };
}

export function municipalDuesRouter(now: () => Date = () => new Date()): Router {
  const router = express.Router();
  // The demand an id names, made up again from its number.
  const records = paymentRecords(
    (billId) => {
      const [code, number] = billId.split('-');
      const kind = (Object.keys(CODES) as Kind[]).find((k) => CODES[k] === code);
      const found = kind && number ? municipalDue(kind, number, now()) : null;
      return found?.billId === billId ? found : null;
    },
    (due) => `CDMA/${CODES[due.kind]}/RCPT/`,
  );

  for (const kind of Object.keys(CODES) as Kind[]) {
    router.get(`/${kind}/:number`, (req: Request, res: Response) => {
      const due = municipalDue(kind, String(req.params.number), now());
      if (!due) return void res.status(404).json({ code: kind === 'water' ? 'NO_SUCH_CONNECTION' : 'NO_SUCH_ASSESSMENT', message: `no ${kind === 'water' ? 'water connection' : 'assessment'} ${String(req.params.number).slice(0, 20)}` });
      const receiptNo = records.receiptOf(due.billId);
      res.json({ ...due, status: receiptNo ? 'paid' : 'unpaid', receiptNo });
    });
  }

  router.post('/dues/:billId/payments', express.json({ limit: '4kb' }), (req, res) => records.record(req, res));
  return router;
}
