/**
 * Bills (platform/departments/bills): paid orders whose purpose is a department's bill
 * (electricity, property tax, water), a fee or a donation are fulfilled here. The department is told of the payment
 * at the path the order names (POST, the order id as idempotency key, so a retry records it
 * once), and the citizen gets a receipt: a PDF with the department's receipt number and a QR
 * code /verify checks. A bill the department says was paid already is refunded; a department
 * that is down is asked again later (the payment is kept, the citizen told once it is recorded).
 */
import { languageOf, textIn } from '../../citizens/language';
import { maskCitizen } from '../../citizens/identity';
import { ist } from '../../documents/documents';
import { requireService, type ModuleContext, type OpenedModule } from '../../module';
import type { Fulfilment } from '../../payments/module';
import type { OrderDoc } from '../../payments/orders';
import { rupees } from '../../payments/upi';

/** Department codes that mean "this bill was settled another way": the payment goes back. */
const SETTLED_CODES = new Set(['ALREADY_PAID', 'BILL_SETTLED']);
/** A refusal the department will repeat however often it is asked (the bill is gone or is another): refunded. */
const DEFINITIVE = new Set([400, 404, 409, 410, 422]);

export async function open(ctx: ModuleContext): Promise<OpenedModule> {
  const by = 'bills';
  const payments = requireService(ctx, 'payments', by);
  const documents = requireService(ctx, 'documents', by);
  const departmentApis = requireService(ctx, 'departmentApis', by);
  const catalog = requireService(ctx, 'catalog', by);
  const texts = requireService(ctx, 'texts', by);

  async function fulfil(order: OrderDoc): Promise<Fulfilment> {
    const language = languageOf(order.language);
    const payment = order.payment!;
    let receiptNo: string | null = null;
    if (order.report) {
      const client = departmentApis.forDepartment(order.department);
      if (!client) throw new Error(`no deployed flow connects to the ${order.department} department to record the payment`);
      const result = await client.call({ method: 'POST', path: order.report.path, body: { orderId: order._id, paymentId: payment.id, amountPaise: payment.amountPaise }, idempotencyKey: order._id });
      if (result.outcome === 'unavailable') throw new Error(`the ${order.department} department did not record the payment yet (${result.reason})`);
      if (result.outcome === 'refused') {
        if (result.code && SETTLED_CODES.has(result.code)) {
          const reason = texts.format('payments.refund_reason.bill_settled', language);
          return { outcome: 'refund', reason: 'bill_settled', notice: { outcome: 'refund', text: texts.format('bills.settled_refund', language, { amount: rupees(order.amountPaise), bill: order.purpose.id }), refundReason: reason } };
        }
        // The bill cannot take this payment (gone with the month, another amount): the money goes back and the citizen is told.
        if (DEFINITIVE.has(result.status)) {
          ctx.log.warn({ order: order._id, department: order.department, status: result.status, code: result.code }, 'bills: the department refused a paid bill; refunding');
          return { outcome: 'refund', reason: 'bill_refused', notice: { outcome: 'refund', text: texts.format('bills.refused_refund', language, { amount: rupees(order.amountPaise), bill: order.purpose.id, reason: result.reason }), refundReason: texts.format('payments.refund_reason.bill_refused', language) } };
        }
        // Anything else (401, 403: our credentials) is the platform's to fix: kept, tried again, in the logs.
        throw new Error(`the ${order.department} department refused the payment record: ${result.status} ${result.code ?? ''} ${result.reason}`);
      }
      const body = result.body as { receiptNo?: unknown } | null;
      receiptNo = typeof body?.receiptNo === 'string' ? body.receiptNo.slice(0, 60) : null;
    }
    const found = catalog.service(order.service);
    const { pdf } = await documents.issue(`receipt:${order._id}`, order.citizenKey, {
      kind: 'receipt',
      title: 'Payment receipt',
      issuer: found ? `${textIn(found.department.title, 'en')} Department` : 'Government of Andhra Pradesh',
      fields: [
        { label: 'For', value: order.description },
        ...(found ? [{ label: 'Service', value: textIn(found.service.title, 'en') }] : []),
        ...(order.purpose.kind === 'bill' ? [{ label: 'Bill', value: order.purpose.id }] : []),
        { label: 'Amount paid', value: rupees(payment.amountPaise) },
        { label: 'Paid at', value: `${ist(payment.at)} IST` },
        { label: 'Payment', value: `${payment.id}${payment.method ? ` (${payment.method.toUpperCase()})` : ''}` },
        { label: 'Order', value: order._id },
        ...(receiptNo ? [{ label: 'Department receipt', value: receiptNo }] : []),
        { label: 'Paid by', value: `WhatsApp ${maskCitizen(order.citizen)}` },
      ],
    });
    return {
      outcome: 'fulfilled',
      notice: {
        outcome: 'receipt',
        text: texts.format('payments.bill_receipt_caption', language, { description: order.description, amount: rupees(order.amountPaise), order: order._id }),
        document: { pdf, filename: `receipt-${order._id}.pdf`, title: texts.format('payments.receipt_title', language) },
      },
    };
  }

  payments.handle('bill', { fulfil });
  // Fees and donations: a receipt, nothing to record with a department.
  payments.handle('fee', { fulfil });
  return { name: by, services: {}, close: async () => {} };
}
