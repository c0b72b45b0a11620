/**
 * The one object through which nodes reach platform services. The host puts
 * it in Node-RED's settings under `jansetu`; node tests hand in their own.
 */
import type { ConsentRegistry } from './citizens/consent';
import type { CitizenDirectory } from './citizens/directory';
import type { IdentityService } from './identity/module';
import type { Conversations } from './conversation/conversations';
import type { PlatformConfig } from './config';
import type { ServiceCatalog } from './departments/catalog';
import type { ServiceChoices } from './departments/choices';
import type { ServiceSearch } from './departments/search';
import type { DepartmentApis } from './departments/api/pool';
import type { ApplicationsService } from './departments/applications/module';
import type { OfficerQueue } from './officers/officer-queue';
import type { TurnTracker } from './red/turns';
import type { WhatsAppChannel } from './whatsapp/channel';
import type { DefaultWhatsAppAccount } from './whatsapp/default-account';
import type { Inbox } from './whatsapp/inbox';
import type { PacedSender } from './whatsapp/sender';
import type { WebhookHub } from './whatsapp/webhook-hub';
import type { Logger } from './log';
import type { QueueService } from './queue';
import type { CitizenSessions } from './sessions/citizen-sessions';
import type { DocumentStore } from './store';
import type { TextCatalog } from './texts/catalog';
import type { BroadcastService } from './broadcast/module';
import type { PaymentsService } from './payments/module';
import type { IssuedDocuments } from './documents/documents';
import type { BookingsService } from './departments/bookings/module';

export interface PlatformServices {
  config: PlatformConfig;
  log: Logger;
  store: DocumentStore;
  queue: QueueService;
  sessions: CitizenSessions;
  /** STOP/START: who may get broadcasts. */
  consent: ConsentRegistry;
  /** Citizens' alert subscriptions and places (campaign audiences by filter). */
  directory: CitizenDirectory;
  catalog: ServiceCatalog;
  /** The options of the catalog's choice inputs. */
  choices: ServiceChoices;
  /** Free text to the service a citizen means. */
  serviceSearch: ServiceSearch;
  /** One client per department connection (retries, breaker): department-api nodes call through it. */
  departmentApis: DepartmentApis;
  officers: OfficerQueue;
  /** Citizens' applications: filed, submitted, and their status pushed to the citizen. */
  applications: ApplicationsService;
  /** Orders, gateway links, refunds, and what a payment fulfils. */
  payments: PaymentsService;
  /** Receipts, tickets and certificates as PDF with a QR code /verify checks. */
  documents: IssuedDocuments;
  /** Slot calendars with capacity, holds while the citizen pays, tickets. */
  bookings: BookingsService;
  /** Campaigns of template messages, sent on BullMQ through the numbers' bulk lanes. */
  broadcast: BroadcastService;
  /** Every sentence said to citizens, per language (flows/texts). */
  texts: TextCatalog;
  /** The Aadhaar vault, OTP authentication, the inbound screen; DigiLocker. */
  identity: IdentityService;
  /** Questions waiting for citizens' answers (ask and menu nodes). */
  conversations: Conversations;
  whatsapp: {
    channel: WhatsAppChannel;
    hub: WebhookHub;
    defaultAccount: DefaultWhatsAppAccount;
    inbox: Inbox;
    sender: PacedSender;
    /** Tells whatsapp-in when a flow is done with a message (the citizen's turn). */
    turns: TurnTracker;
  };
}

export const SETTINGS_KEY = 'jansetu';

/** Reads the registry from Node-RED's settings, failing with a message an integrator can act on. */
export function servicesFromSettings(settings: Record<string, unknown> | undefined): PlatformServices {
  const services = settings?.[SETTINGS_KEY] as PlatformServices | undefined;
  if (!services || typeof services !== 'object' || !services.store) {
    throw new Error(`jansetu nodes need the platform services in Node-RED settings.${SETTINGS_KEY}; run them inside the jansetu host`);
  }
  return services;
}
