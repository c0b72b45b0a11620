/**
 * The Transport department's dues, simulated behind a bearer token: a vehicle's pending traffic
 * challans (paid together) and its quarterly road tax, made up from the registration number; and
 * the payment of one, recorded once.
 *
 * - GET /challans/:vehicle, /vehicle-tax/:vehicle: an Andhra Pradesh registration (AP 39 AB 1234,
 *   spaces and case as typed); 400 BAD_VEHICLE_NUMBER otherwise; numbers ending in 0000 are no
 *   vehicle (404 NO_SUCH_VEHICLE); a vehicle with nothing due answers status "paid".
 * - POST /dues/:billId/payments: the payment recorded (payment-records.ts), with the department's receipt.
 */
import { createHash } from 'node:crypto';
import express, { type Router } from 'express';
import { paymentRecords } from './payment-records';

const VEHICLE = /^AP\d{2}[A-Z]{1,2}\d{4}$/;
const OWNERS = ['K. Lakshmi', 'V. Ramana', 'P. Padma', 'S. Srinivasa Rao', 'A. Sita', 'N. Nagarjuna'];
const OFFENCES = ['Signal jumping', 'No helmet', 'Over speeding', 'Wrong parking', 'No seat belt'];
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

export function transportDuesRouter(): Router {
  const router = express.Router();
  // The due an id names, made up again from the vehicle (nothing due: no bill to pay).
  const records = paymentRecords(
    (billId) => {
      const [code, vehicle] = billId.split('-');
      const kind = code === 'CH' ? 'challans' : code === 'VT' ? 'vehicle-tax' : null;
      const due = kind && vehicle && vehicleNumber(vehicle) ? transportDue(kind, vehicle) : null;
      return due && due.billId === billId && !due.nothingDue ? due : null;
    },
    (due) => `APTD/${due.kind === 'challans' ? 'CH' : 'VT'}/RCPT/`,
  );


  for (const kind of ['challans', 'vehicle-tax'] as const) {
    router.get(`/${kind}/:vehicle`, (req, res) => {
      const vehicle = vehicleNumber(String(req.params.vehicle));
      if (!vehicle) return void res.status(400).json({ code: 'BAD_VEHICLE_NUMBER', message: 'a registration number like AP 39 AB 1234' });
      const due = transportDue(kind, vehicle);
      if (!due) return void res.status(404).json({ code: 'NO_SUCH_VEHICLE', message: `no vehicle ${vehicle} is registered` });
      const receiptNo = records.receiptOf(due.billId);
      res.json({ ...due, status: receiptNo || due.nothingDue ? 'paid' : 'unpaid', receiptNo: receiptNo ?? (due.nothingDue ? 'none due' : null) });
    });
  }

  router.post('/dues/:billId/payments', express.json({ limit: '4kb' }), (req, res) => records.record(req, res));
  return router;
}
