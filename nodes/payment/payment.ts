/**
 * payment: asks the citizen to pay for an order (a held booking, a bill, a fee) with a link to the
 * gateway's page, where any UPI app pays (platform/payments). One order per request: a double tap
 * or a re-run sends the same link. When the gateway confirms the payment, the platform fulfils the
 * order (confirms the booking, records the bill paid) and sends the citizen the receipt or ticket
 * as a PDF, without the flow.
 *
 * Outputs: the link (msg.payload the message with it, msg.order); unavailable (the gateway is
 * down or not configured), with msg.payload saying to try again later.
 */
import { z } from 'zod';
import { PaymentsUnavailableError } from '../../platform/payments/module';
import { rupees } from '../../platform/payments/upi';
import { servicesFromSettings } from '../../platform/registry';
import { citizenKeyOf, languageOfMsg, messageIdOf } from '../conversation-step';
import { evaluateToJson } from '../msg-property';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';
import { migrate } from './config';

const orderSchema = z.object({
  purpose: z.object({ kind: z.string().regex(/^[a-z_]{1,30}$/), id: z.string().min(1).max(100) }),
  /** Empty: the service's fee in the catalog (feeInr). */
  amountPaise: z.number().int().min(100, 'at least ₹1 (100 paise)').max(50_000_000, 'at most ₹5,00,000').optional(),
  /** Empty: the service's title and the purpose's id. */
  description: z.string().min(1).max(200).optional(),
  /** Empty: the service's department in the catalog. */
  department: z.string().min(1).optional(),
  service: z.string().min(1),
  expireBy: z.iso.datetime({ offset: true }).nullable().optional(),
  requestKey: z.string().min(1).max(200).optional(),
  /** Where the department is told of the payment (a path under its base URL), for a bill. */
  report: z.object({ path: z.string().regex(/^\/[A-Za-z0-9._~%/-]{0,300}$/, 'a path under the department\'s base URL').refine((p) => !p.split('/').includes('..'), 'no .. in the path') }).optional(),
});

function register(RED: NodeAPI): void {
  function PaymentNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const config = migrate(nodeDef);
    const { payments, texts, catalog } = servicesFromSettings(RED.settings);
    let orderExpr: unknown = null;
    try {
      orderExpr = RED.util.prepareJSONataExpression(config.order, node);
    } catch (err) {
      node.error(RED._('payment.errors.bad-jsonata', { error: (err as Error).message }));
    }

    node.on('input', (msg, send, done) => {
      request(msg).then((outputs) => {
        send(outputs);
        done();
      }, done);
    });

    async function request(msg: NodeMessage): Promise<Array<NodeMessage | null>> {
      if (!orderExpr) throw new Error(RED._('payment.errors.bad-jsonata', { error: config.order }));
      const key = citizenKeyOf(msg);
      if (!key) throw new Error(RED._('payment.errors.no-citizen'));
      const messageId = messageIdOf(msg);
      const parsed = orderSchema.safeParse(await evaluateToJson(RED, orderExpr, msg));
      if (!parsed.success) throw new Error(RED._('payment.errors.bad-order', { problems: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }));
      const order = parsed.data;
      const found = catalog.service(order.service);
      if (!found) throw new Error(RED._('payment.errors.bad-order', { problems: `service: ${order.service} is not a service of the catalog` }));
      const amountPaise = order.amountPaise ?? (found.service.feeInr ?? 0) * 100;
      if (amountPaise < 100) throw new Error(RED._('payment.errors.bad-order', { problems: `amountPaise: none given, and ${order.service} has no fee in the catalog` }));
      if (!order.requestKey && !messageId) throw new Error(RED._('payment.errors.no-message'));
      const language = languageOfMsg(msg);
      const citizen = (msg.citizen ?? {}) as Record<string, unknown>;
      const nullable = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
      const expireBy = order.expireBy ? new Date(order.expireBy) : new Date(Date.now() + config.linkMinutes * 60_000);
      try {
        const made = await payments.request({
          purpose: order.purpose,
          department: order.department ?? found.department.id,
          service: order.service,
          amountPaise,
          description: order.description ?? (order.purpose.kind === 'bill' ? `${found.service.title.en} ${order.purpose.id}` : found.service.title.en),
          citizenKey: key,
          citizen: { phoneNumberId: String((msg.whatsapp as { phoneNumberId?: unknown } | undefined)?.phoneNumberId ?? ''), wa_id: nullable(citizen.wa_id), user_id: nullable(citizen.user_id), profile_name: nullable(citizen.profile_name) },
          language,
          requestKey: order.requestKey ?? `${order.purpose.kind}:${order.purpose.id}:${messageId}`,
          expireBy,
          ...(order.report ? { report: order.report } : {}),
        });
        msg.order = { id: made.order._id, state: made.order.state, amountPaise: made.order.amountPaise, link: made.link.url, expireBy: made.order.expireBy.toISOString() };
        msg.payload = texts.format('payments.link', language, { amount: rupees(made.order.amountPaise), description: made.order.description, url: made.link.url, until: made.order.expireBy });
        node.status({ fill: 'blue', shape: 'dot', text: made.order._id });
        return [msg, null];
      } catch (err) {
        if (!(err instanceof PaymentsUnavailableError)) throw err;
        msg.payload = texts.format('payments.unavailable', language);
        node.status({ fill: 'red', shape: 'ring', text: RED._('payment.status.unavailable') });
        return [null, msg];
      }
    }
  }

  RED.nodes.registerType('payment', PaymentNode);
}

export = register;
