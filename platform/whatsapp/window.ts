/**
 * The 24-hour customer-service window (reference §1.6, §1.9): each inbound
 * citizen message opens or refreshes it; while it is open the business may
 * send free-form messages, outside it only templates (else async 131047).
 */
import type { OutboundMessageBody } from './types';

export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Whether free-form messages may be sent, given the citizen's last inbound message time. */
export function isWindowOpen(lastInboundAt: Date | null, now: Date = new Date()): boolean {
  if (!lastInboundAt) return false;
  // A lastInboundAt slightly in the future (clock skew between hosts) still counts as open.
  return now.getTime() - lastInboundAt.getTime() < CUSTOMER_SERVICE_WINDOW_MS;
}

/** Everything but a template is free-form, reactions included. */
export function needsOpenWindow(body: OutboundMessageBody): boolean {
  return body.type !== 'template';
}
