/**
 * Tells a citizen on WhatsApp that their application moved on: a message in
 * their language while the 24-hour window is open, the approved
 * `application_status` template once it has closed (reference §1.6). Sent
 * once per status event, whichever host or retry sends it.
 */
import { addressOf } from '../../citizens/identity';
import { languageOf, textIn, type Language } from '../../citizens/language';
import type { Logger } from '../../log';
import type { TextCatalog } from '../../texts/catalog';
import type { WhatsAppChannel } from '../../whatsapp/channel';
import { composeMessage } from '../../whatsapp/compose';
import type { WhatsAppAccount } from '../../whatsapp/types';
import type { ServiceCatalog } from '../catalog';
import type { ApplicationDoc, HistoryEntry } from './applications';
import { ratingReplyId } from './rating';

/** The template's name, and its language codes as approved on the number. */
export const STATUS_TEMPLATE = 'application_status';
const TEMPLATE_LANGUAGE: Record<Language, string> = { en: 'en_US', te: 'te' };

export type PushOutcome = 'message' | 'template' | 'no_account';

export class StatusPush {
  constructor(
    private readonly deps: {
      channel: Pick<WhatsAppChannel, 'send' | 'windowOpen'>;
      accountFor: (phoneNumberId: string) => WhatsAppAccount | null;
      texts: TextCatalog;
      catalog: ServiceCatalog;
      log: Logger;
    },
  ) {}

  /** Says the entry (the application's latest step) to the citizen who filed it. */
  async push(application: ApplicationDoc, entry: HistoryEntry): Promise<PushOutcome> {
    const { channel, texts, log } = this.deps;
    const account = this.deps.accountFor(application.citizen.phoneNumberId);
    if (!account) {
      log.warn({ application: application._id }, 'applications: no whatsapp-in serves the number this application came from; the status change is kept but not pushed');
      return 'no_account';
    }
    const language = languageOf(application.language);
    const service = this.deps.catalog.service(application.service)?.service;
    const values = {
      reference: application._id,
      service: service ? textIn(service.title, language) : application.service,
      status: texts.format(`applications.status.${entry.status}`, language),
      note: entry.note ? textIn(entry.note, language) : '',
    };
    const to = addressOf(application.citizen);
    // One send per event: a retried webhook or a second host finds the reply already made.
    const replyKey = `application-status:${application._id}:${entry.eventId ?? `${entry.status}@${entry.at.toISOString()}`}`;
    const open = await channel.windowOpen(account.phoneNumberId, { citizenKey: application.citizenKey });
    if (open) {
      const body =
        entry.status === 'escalated'
          ? texts.format('applications.escalated', language, { ...values, level: application.escalation?.level ?? 1 })
          : texts.format(values.note ? 'applications.status_update_note' : 'applications.status_update', language, values);
      // A resolved grievance: how did we do? Five stars to tap, each naming the grievance.
      const message =
        entry.status === 'resolved' && application.archetype === 'grievance' && !application.rating
          ? composeMessage(to, 'list', {
              body: `${body}\n\n${texts.format('applications.rate', language)}`,
              button: texts.format('applications.rate_button', language),
              rows: [5, 4, 3, 2, 1].map((stars) => ({ id: ratingReplyId(application._id, stars), title: texts.format('applications.stars', language, { stars }) })),
            })
          : composeMessage(to, 'text', { text: body });
      await channel.send(account, message, { replyKey, citizenKey: application.citizenKey });
      return 'message';
    }
    const name = application.citizen.profile_name?.trim() || texts.format('applications.citizen', language);
    const template = composeMessage(to, 'template', { name: STATUS_TEMPLATE, language: TEMPLATE_LANGUAGE[language], body: [name.slice(0, 60), values.reference, values.service, values.status] });
    await channel.send(account, template, { replyKey, citizenKey: application.citizenKey });
    return 'template';
  }
}
