/**
 * Tells the citizen who paid what became of it: a message in their language (with the receipt
 * or ticket as a PDF document) while their 24-hour window is open; once it has closed, the
 * approved `payment_receipt` template (the PDF as its header) or `payment_refund`. Sent once per
 * order and outcome, whichever host or retry sends it (the reply key).
 */
import { addressOf } from '../citizens/identity';
import { languageOf, type Language } from '../citizens/language';
import type { Logger } from '../log';
import type { TextCatalog } from '../texts/catalog';
import type { WhatsAppChannel } from '../whatsapp/channel';
import { composeMessage } from '../whatsapp/compose';
import type { WhatsAppAccount } from '../whatsapp/types';
import type { ApplicantAddress } from '../departments/applications/applications';
import type { OrderDoc } from './orders';
import { rupees } from './upi';

const TEMPLATE_LANGUAGE: Record<Language, string> = { en: 'en_US', te: 'te' };
export const RECEIPT_TEMPLATE = 'payment_receipt';
export const REFUND_TEMPLATE = 'payment_refund';

export interface Notice {
  /** What became of it, e.g. "fulfilled", "refund": one message per order and outcome. */
  outcome: string;
  /** The message while the window is open. */
  text: string;
  /** The receipt, ticket or certificate. */
  document?: { pdf: Buffer; filename: string; title: string };
  /** refund: why, in the citizen's words (the template's last parameter). */
  refundReason?: string;
}

/** Who is told, on which business number. */
export interface Addressee {
  citizen: ApplicantAddress;
  citizenKey: string;
  language: string | null;
}

export class CitizenNotices {
  constructor(
    private readonly deps: {
      channel: Pick<WhatsAppChannel, 'send' | 'windowOpen' | 'client'>;
      accountFor: (phoneNumberId: string) => WhatsAppAccount | null;
      texts: TextCatalog;
      log: Logger;
    },
  ) {}

  /** About a paid order: the approved template (receipt with the PDF, or refund) when the window has closed. */
  async tellOrder(order: OrderDoc, notice: Notice): Promise<'message' | 'template'> {
    const language = languageOf(order.language);
    const name = order.citizen.profile_name?.trim().slice(0, 60) || this.deps.texts.format('applications.citizen', language);
    return this.tell(order, `payment:${order._id}:${notice.outcome}`, notice, (media) =>
      media && notice.document
        ? { name: RECEIPT_TEMPLATE, language: TEMPLATE_LANGUAGE[language], header: { document: { id: media.id, filename: notice.document.filename } }, body: [name, rupees(order.amountPaise), order.description.slice(0, 60), order._id, notice.document.title] }
        : { name: REFUND_TEMPLATE, language: TEMPLATE_LANGUAGE[language], body: [name, rupees(order.amountPaise), order.description.slice(0, 60), order._id, (notice.refundReason ?? notice.text).slice(0, 200)] },
    );
  }

  /**
   * The notice as a message (with its document) while the citizen's window is open; else the
   * template `fallback` makes, or an error when there is none (tried again later by the caller).
   * One send per reply key, whichever host or retry sends it.
   */
  async tell(to: Addressee, replyKey: string, notice: Notice, fallback: ((media: { id: string } | null) => Record<string, unknown>) | null): Promise<'message' | 'template'> {
    const account = this.deps.accountFor(to.citizen.phoneNumberId);
    if (!account) throw new Error('no whatsapp-in serves the number this citizen wrote to');
    const address = addressOf(to.citizen);
    const media = notice.document ? await this.deps.channel.client(account).uploadMedia(account.phoneNumberId, { data: notice.document.pdf, mimeType: 'application/pdf', filename: notice.document.filename }) : null;
    const open = await this.deps.channel.windowOpen(account.phoneNumberId, { citizenKey: to.citizenKey, ...address });
    if (open) {
      const message =
        media && notice.document
          ? composeMessage(address, 'document', { id: media.id, filename: notice.document.filename, caption: notice.text.slice(0, 1024) })
          : composeMessage(address, 'text', { text: notice.text });
      await this.deps.channel.send(account, message, { replyKey, citizenKey: to.citizenKey });
      return 'message';
    }
    if (!fallback) throw new Error("the citizen's 24-hour window has closed and this notice has no template");
    await this.deps.channel.send(account, composeMessage(address, 'template', fallback(media)), { replyKey, citizenKey: to.citizenKey });
    return 'template';
  }
}
