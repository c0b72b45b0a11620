/** The webhook envelopes Meta POSTs (reference §1.4, §1.5). */
import type { WebhookMessage, WebhookMessagesValue, WebhookNotification, WebhookStatus } from '../../whatsapp/types';
import type { SimulatedPhoneNumber } from './options';

/** A citizen's message: the phone is left out for a citizen who hides it behind a username, the BSUID never. */
export function messageNotification(
  number: SimulatedPhoneNumber,
  contact: { waId: string; userId: string; name: string; username: string | null },
  message: WebhookMessage,
): WebhookNotification {
  const hidden = contact.username !== null;
  const profile = { name: contact.name, ...(contact.username ? { username: contact.username } : {}) };
  return envelope(number, {
    contacts: [{ profile, ...(hidden ? {} : { wa_id: contact.waId }), user_id: contact.userId }],
    messages: [{ ...(hidden ? {} : { from: contact.waId }), from_user_id: contact.userId, ...message }],
  });
}

export function statusNotification(number: SimulatedPhoneNumber, status: WebhookStatus): WebhookNotification {
  return envelope(number, { statuses: [status] });
}

function envelope(number: SimulatedPhoneNumber, content: Pick<WebhookMessagesValue, 'contacts' | 'messages' | 'statuses'>): WebhookNotification {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: number.businessAccountId,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: number.displayPhoneNumber, phone_number_id: number.phoneNumberId },
              ...content,
            },
          },
        ],
      },
    ],
  };
}

/** Unix seconds as a string, the form of every webhook timestamp. */
export function unixSeconds(at: Date): string {
  return String(Math.floor(at.getTime() / 1000));
}
