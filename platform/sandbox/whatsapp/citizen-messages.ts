/**
 * A citizen writing to a business number: the inbound message object exactly
 * as Meta's webhook carries it (reference §1.4), stored in the conversation,
 * shown live on the chat page, and delivered to the webhook with the
 * citizen's profile name. Each message opens or refreshes the 24 h window.
 */
import { z } from 'zod';
import { isPhoneNumber, PHONE_RULE } from '../../citizens/identity';
import { graphErrorDetail } from '../../whatsapp/errors';
import type { WebhookMessage } from '../../whatsapp/types';
import type { SimulatorContext } from './context';
import type { StoredMessage } from './conversations';
import { bsuidFor, newWamid } from './ids';
import { baseMimeType, mediaProblem } from './media-types';
import type { SimulatedPhoneNumber } from './options';
import { messageNotification, unixSeconds } from './webhook-payloads';

export const WA_ID = z.string().refine(isPhoneNumber, `must be ${PHONE_RULE}`);

const mediaInput = z
  .object({
    /** An upload from POST /media of the citizen API. */
    id: z.string().min(1).optional(),
    /** Or the file itself, base64. */
    data: z.base64().optional(),
    mime_type: z.string().min(1).optional(),
    filename: z.string().min(1).max(240).optional(),
    caption: z.string().max(1024).optional(),
  })
  .refine((m) => (m.id === undefined) !== (m.data === undefined), 'give either media.id (from POST /media) or media.data (base64)')
  .refine((m) => m.data === undefined || m.mime_type !== undefined, 'media.mime_type is required with media.data');

const common = {
  from: WA_ID,
  name: z.string().min(1).max(256).optional(),
  /**
   * The citizen adopted a WhatsApp username: from now on webhooks carry only
   * their BSUID, not their number (reference §1.10). An empty string drops it.
   */
  username: z.string().max(35).optional(),
  phoneNumberId: z.string().min(1).optional(),
  /** The business message this one quotes or answers. */
  context_id: z.string().min(1).optional(),
};

export const citizenMessageSchema = z.discriminatedUnion('type', [
  z.object({ ...common, type: z.literal('text'), text: z.string().min(1).max(4096) }),
  z.object({
    ...common,
    type: z.literal('interactive'),
    reply: z.object({
      kind: z.enum(['button_reply', 'list_reply']),
      id: z.string().min(1),
      title: z.string().min(1),
      description: z.string().optional(),
    }),
  }),
  z.object({ ...common, type: z.literal('button'), button: z.object({ payload: z.string(), text: z.string().min(1) }) }),
  z.object({
    ...common,
    type: z.literal('location'),
    location: z.object({
      latitude: z.number().min(-90).max(90),
      longitude: z.number().min(-180).max(180),
      name: z.string().optional(),
      address: z.string().optional(),
      url: z.string().optional(),
    }),
  }),
  z.object({ ...common, type: z.literal('image'), media: mediaInput }),
  z.object({ ...common, type: z.literal('document'), media: mediaInput }),
  /** An empty emoji removes the citizen's reaction; message_id defaults to context_id, then the latest business message. */
  z.object({ ...common, type: z.literal('reaction'), reaction: z.object({ emoji: z.string(), message_id: z.string().min(1).optional() }) }),
  z.object({ ...common, type: z.literal('unsupported') }),
]);

export type CitizenMessageInput = z.infer<typeof citizenMessageSchema>;

export type CitizenSendResult = { ok: true; id: string } | { ok: false; reason: string };

type Content = { ok: true; fields: Record<string, unknown> } | { ok: false; reason: string };

export class CitizenMessages {
  constructor(private readonly ctx: SimulatorContext) {}

  async send(input: CitizenMessageInput): Promise<CitizenSendResult> {
    const number = input.phoneNumberId ? this.ctx.phoneNumbers.get(input.phoneNumberId) : this.ctx.phoneNumbers.default();
    if (!number) return { ok: false, reason: `phoneNumberId ${input.phoneNumberId} is not a number of this sandbox` };
    const content = this.content(input, number);
    if (!content.ok) return content;
    await this.ctx.limits.countInbound(number.phoneNumberId);

    // From here on synchronous: concurrent messages of one citizen are stored and delivered in the same order.
    const now = this.ctx.options.clock();
    const id = newWamid(input.from);
    const message: WebhookMessage = { id, timestamp: unixSeconds(now), type: input.type, ...content.fields };
    const stored: StoredMessage = {
      view: { id, direction: 'in', phoneNumberId: number.phoneNumberId, type: input.type, body: message, status: null, timestamp: now.toISOString() },
    };
    const conversation = this.ctx.conversations.add(input.from, stored);
    if (input.name) conversation.name = input.name;
    if (input.username !== undefined) conversation.username = input.username === '' ? null : input.username;
    conversation.lastInboundAt.set(number.phoneNumberId, now);
    const userId = bsuidFor(number.businessAccountId, input.from);
    this.ctx.conversations.registerBsuid(userId, input.from);

    this.ctx.events.publish(input.from, { event: 'message', data: stored.view });
    const profileName = conversation.name ?? `Citizen ${input.from.slice(-4)}`;
    this.ctx.webhooks.send(input.from, messageNotification(number, { waId: input.from, userId, name: profileName, username: conversation.username }, message));
    return { ok: true, id };
  }

  /** The type's object (and `context`) of the inbound message. */
  private content(input: CitizenMessageInput, number: SimulatedPhoneNumber): Content {
    const lastBusinessMessageId = this.ctx.conversations.lastOutbound(input.from, number.phoneNumberId)?.view.id;
    const quoted = input.context_id ? { context: { from: number.displayPhoneNumber, id: input.context_id } } : {};
    // Taps always answer a business message: Meta sets context even when the page did not say which.
    const answered = input.context_id ?? lastBusinessMessageId;
    const tapContext = answered ? { context: { from: number.displayPhoneNumber, id: answered } } : {};

    switch (input.type) {
      case 'text':
        return fields({ ...quoted, text: { body: input.text } });
      case 'interactive': {
        const { kind, id, title, description } = input.reply;
        const reply = kind === 'list_reply' ? { id, title, ...(description === undefined ? {} : { description }) } : { id, title };
        return fields({ ...tapContext, interactive: { type: kind, [kind]: reply } });
      }
      case 'button':
        return fields({ ...tapContext, button: { payload: input.button.payload, text: input.button.text } });
      case 'location':
        return fields({ ...quoted, location: input.location });
      case 'image':
      case 'document':
        return this.mediaContent(input.type, input.media, quoted);
      case 'reaction': {
        const messageId = input.reaction.message_id ?? answered;
        if (!messageId) return { ok: false, reason: 'reaction.message_id is required: there is no business message to react to' };
        // Removing a reaction: Meta leaves `emoji` out.
        const emoji = input.reaction.emoji === '' ? {} : { emoji: input.reaction.emoji };
        return fields({ reaction: { message_id: messageId, ...emoji } });
      }
      case 'unsupported':
        return fields({ errors: [graphErrorDetail(131051, 'Message type is currently not supported.')] });
    }
  }

  private mediaContent(kind: 'image' | 'document', media: z.infer<typeof mediaInput>, quoted: Record<string, unknown>): Content {
    let stored = media.id ? this.ctx.media.get(media.id) : undefined;
    if (media.id && !stored) return { ok: false, reason: `media.id ${media.id} is not an uploaded media` };
    if (!stored) {
      const bytes = Buffer.from(media.data ?? '', 'base64');
      const mimeType = baseMimeType(media.mime_type ?? '');
      const problem = mediaProblem(mimeType, bytes.length, kind);
      if (problem) return { ok: false, reason: problem };
      stored = this.ctx.media.put({ bytes, mimeType, filename: media.filename });
    } else {
      const problem = mediaProblem(stored.mimeType, stored.bytes.length, kind);
      if (problem) return { ok: false, reason: problem };
    }
    const caption = media.caption === undefined ? {} : { caption: media.caption };
    const filename = kind === 'document' ? { filename: media.filename ?? stored.filename ?? 'document' } : {};
    return fields({ ...quoted, [kind]: { ...caption, ...filename, mime_type: stored.mimeType, sha256: stored.sha256, id: stored.id } });
  }
}

function fields(value: Record<string, unknown>): Content {
  return { ok: true, fields: value };
}
