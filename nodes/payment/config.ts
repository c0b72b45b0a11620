/** payment's configuration and its migrations: a flow exported with any version imports. */
import type { NodeDef } from '../red';

export const PAYMENT_VERSION = 1;

export interface PaymentConfig {
  version: number;
  /**
   * JSONata over msg: the order, { purpose: {kind, id}, amountPaise, description, department, service,
   * expireBy?, requestKey? }. A booking node's held output sets msg.payment so; a bill flow maps its
   * department's answer to it.
   */
  order: string;
  /** How long the link stays open when the order gives no expireBy (minutes, at least the gateway's 15). */
  linkMinutes: number;
}

export function migrate(def: NodeDef): PaymentConfig {
  const minutes = Number(def.linkMinutes);
  return {
    version: PAYMENT_VERSION,
    order: typeof def.order === 'string' && def.order.trim() !== '' ? def.order.trim() : 'payment',
    linkMinutes: Number.isInteger(minutes) && minutes >= 16 && minutes <= 7 * 24 * 60 ? minutes : 24 * 60,
  };
}
