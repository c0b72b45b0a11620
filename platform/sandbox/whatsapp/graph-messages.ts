/**
 * POST /{version}/{phone_number_id}/messages: sends and mark-as-read.
 *
 * A send is checked synchronously the way Meta checks it (body limits, media
 * ids, template, throughput, pair rate); once accepted, its fate (failed with
 * 131026/131047, or sent → delivered → read) arrives later by status webhook.
 */
import type { Request, Response } from 'express';
import { isRecord } from '../../whatsapp/json';
import { checkOutboundMessage } from '../../whatsapp/limits';
import type { MarkReadBody, OutboundMessageBody, SendResult } from '../../whatsapp/types';
import { isWindowOpen, needsOpenWindow } from '../../whatsapp/window';
import type { SimulatorContext } from './context';
import type { StoredMessage } from './conversations';
import { sendGraphError } from './graph-http';
import { bsuidFor, newWamid } from './ids';
import type { SimulatedPhoneNumber } from './options';
import type { DeliveryFailure } from './outbound-statuses';
import { pricingFor } from './pricing';
import type { TemplateCategory, TemplateSend } from './templates';

const MEDIA_KEYS = new Set(['image', 'document', 'audio', 'video', 'sticker']);

export async function handleMessagesPost(ctx: SimulatorContext, number: SimulatedPhoneNumber, req: Request, res: Response): Promise<void> {
  const violation = checkOutboundMessage(req.body);
  if (violation) return sendGraphError(res, violation.code, violation.details);
  const body = req.body as OutboundMessageBody | MarkReadBody;
  if (isMarkRead(body)) return markRead(ctx, number, body, res);
  return send(ctx, number, body, res);
}

async function send(ctx: SimulatorContext, number: SimulatedPhoneNumber, body: OutboundMessageBody, res: Response): Promise<void> {
  // The phone wins when both are given (reference §1.10).
  const waId = body.to !== undefined ? body.to.replace(/\D/g, '') : ctx.conversations.waIdOfBsuid(body.recipient ?? '');
  if (waId === undefined) return sendGraphError(res, 100, `Invalid parameter: recipient ${body.recipient} is not a user id of this business`);
  const byBsuid = body.to === undefined;
  const missingMedia = referencedMediaIds(body).find((id) => !ctx.media.get(id));
  if (missingMedia) return sendGraphError(res, 131009, `Media id ${missingMedia} was not found: upload it first (POST /{phone_number_id}/media)`);

  let templateCategory: TemplateCategory | null = null;
  if (body.type === 'template') {
    const check = ctx.templates.checkSend(readTemplateSend(body.template));
    if (!check.ok) return sendGraphError(res, check.code, check.details);
    templateCategory = check.template.category;
  }

  const admission = await ctx.limits.admitOutbound(number.phoneNumberId, waId);
  if (!admission.ok) return sendGraphError(res, admission.code, admission.details);

  const now = ctx.options.clock();
  const windowOpen = isWindowOpen(ctx.conversations.lastInboundAt(waId, number.phoneNumberId), now);
  const id = newWamid(waId);
  const message: StoredMessage = {
    view: { id, direction: 'out', phoneNumberId: number.phoneNumberId, type: body.type, body, status: null, timestamp: now.toISOString() },
    outbound: {
      recipientId: waId,
      recipientUserId: bsuidFor(number.businessAccountId, waId),
      phoneWithheld: byBsuid && ctx.conversations.get(waId)?.username != null,
      pricing: pricingFor(templateCategory, windowOpen),
      bizOpaqueCallbackData: body.biz_opaque_callback_data,
      pricedDeliveryOrRead: false,
    },
  };
  ctx.conversations.add(waId, message);
  ctx.events.publish(waId, { event: 'message', data: message.view });

  const result: SendResult = {
    messaging_product: 'whatsapp',
    contacts: [byBsuid ? { input: body.recipient!, user_id: body.recipient! } : { input: body.to!, wa_id: waId }],
    messages: [templateCategory === null ? { id } : { id, message_status: 'accepted' }],
  };
  res.json(result);
  ctx.statuses.accepted(number, message, deliveryFailure(ctx, waId, body, windowOpen));
}

/** Meta accepts these sends and reports their failure later, as a `failed` status. */
function deliveryFailure(ctx: SimulatorContext, waId: string, body: OutboundMessageBody, windowOpen: boolean): DeliveryFailure | null {
  if (ctx.options.isNotOnWhatsApp(waId)) {
    return { code: 131026, details: 'Message Undeliverable: the recipient is not a WhatsApp user or cannot receive this message' };
  }
  if (needsOpenWindow(body) && !windowOpen) {
    return {
      code: 131047,
      details: 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
    };
  }
  return null;
}

function markRead(ctx: SimulatorContext, number: SimulatedPhoneNumber, body: MarkReadBody, res: Response): void {
  const found = ctx.conversations.findMessage(body.message_id);
  if (!found || found.message.view.direction !== 'in' || found.message.view.phoneNumberId !== number.phoneNumberId) {
    return sendGraphError(res, 100, `Invalid parameter: message_id ${body.message_id} is not a message this number received`);
  }
  const { conversation } = found;
  const lastInboundAt = conversation.lastInboundAt.get(number.phoneNumberId) ?? null;
  if (!isWindowOpen(lastInboundAt, ctx.options.clock())) {
    return sendGraphError(res, 131047, 'Message cannot be marked as read: more than 24 hours have passed since the customer last wrote.');
  }
  const at = ctx.options.clock().toISOString();
  for (const read of conversation.markInboundRead(number.phoneNumberId, body.message_id)) {
    ctx.events.publish(conversation.waId, { event: 'status', data: { id: read.id, status: 'read', timestamp: at } });
  }
  if (body.typing_indicator) ctx.events.publish(conversation.waId, { event: 'typing', data: { id: body.message_id } });
  res.json({ success: true });
}

/** Mark-read bodies share the endpoint; limits.ts has already refused any other `status`. */
function isMarkRead(body: OutboundMessageBody | MarkReadBody): body is MarkReadBody {
  return body.status === 'read';
}

/** The parts of a (limits-checked) `template` object that the template checks need. */
function readTemplateSend(template: unknown): TemplateSend {
  const t = isRecord(template) ? template : {};
  const language = isRecord(t.language) ? t.language : {};
  const components = Array.isArray(t.components) ? t.components.filter(isRecord) : [];
  return {
    name: String(t.name),
    language: String(language.code),
    components: components.map((c) => ({
      type: String(c.type).toLowerCase(),
      index: c.index === undefined ? undefined : Number(c.index),
      parameterTypes: (Array.isArray(c.parameters) ? c.parameters.filter(isRecord) : []).map((p) => String(p.type)),
    })),
  };
}

/** Uploaded media a send refers to by id, wherever it sits (message, interactive header, template parameter). */
function referencedMediaIds(value: unknown, key = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => referencedMediaIds(item));
  if (!isRecord(value)) return [];
  const own = MEDIA_KEYS.has(key) && typeof value.id === 'string' ? [value.id] : [];
  return own.concat(Object.entries(value).flatMap(([k, v]) => referencedMediaIds(v, k)));
}
