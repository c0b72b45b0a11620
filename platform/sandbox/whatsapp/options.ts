/**
 * Options of the WhatsApp Cloud API simulator and their defaults. Defaults
 * follow Meta's published behaviour (../../../shared/reference/whatsapp-cloud-api.md
 * §1.3, §1.9) so the sandbox fails the way production does.
 */
import type { Logger } from '../../log';
import { META_PAIR_LIMIT, META_THROUGHPUT_PER_SECOND, type PairLimit } from '../../whatsapp/rates';
import { DEFAULT_TEMPLATES } from './default-templates';
import type { TemplateDefinition } from './templates';

/** One registered business phone number the simulator answers for. */
export interface SimulatedPhoneNumber {
  phoneNumberId: string;
  /** Digits, as Meta puts it in webhook metadata (e.g. "919000000001"). */
  displayPhoneNumber: string;
  businessAccountId: string;
}

/** Per (business number, citizen) pair: a burst, then one message per interval. */
export type PairLimitOptions = PairLimit;

/** Back-off of webhook redelivery (exponential-backoff semantics). */
export interface WebhookRetryOptions {
  /** Total attempts including the first. */
  attempts: number;
  startingDelayMs: number;
  timeMultiple: number;
  maxDelayMs: number;
  /** Give up on one attempt after this long without response headers. */
  attemptTimeoutMs: number;
  /** Notifications waiting for delivery beyond this are dropped (counted as failed). */
  maxPending: number;
}

/** Source of "now" for timestamps, the 24 h window and media URL expiry (tests move it forward). */
export type Clock = () => Date;

export interface WhatsAppSimulatorOptions {
  accessToken: string;
  appSecret: string;
  /**
   * Where inbound and status webhooks are POSTed; may be set later with setWebhookUrl. While there
   * is none, notifications are dropped (counted as failed).
   */
  webhookUrl?: string | null;
  phoneNumbers?: SimulatedPhoneNumber[];
  /** Messages per second per business number (Meta: 80 by default); false disables the limit. */
  throughputPerSecond?: number | false;
  /** false disables the pair limit (benchmarks). */
  pairLimit?: Partial<PairLimitOptions> | false;
  templates?: TemplateDefinition[];
  /** wa_ids (or a predicate) that are not on WhatsApp: sends to them fail with 131026. */
  notOnWhatsApp?: readonly string[] | ((waId: string) => boolean);
  webhookRetry?: Partial<WebhookRetryOptions>;
  /** Delay between the `sent` and `delivered` statuses. */
  deliveryDelayMs?: number;
  clock?: Clock;
  /** Caps that keep the in-memory state bounded; the oldest entries go first. */
  maxConversations?: number;
  maxMessagesPerConversation?: number;
  maxMediaBytes?: number;
  log?: Logger;
}

export interface ResolvedSimulatorOptions {
  accessToken: string;
  appSecret: string;
  webhookUrl: string | null;
  phoneNumbers: SimulatedPhoneNumber[];
  throughputPerSecond: number | null;
  pairLimit: PairLimitOptions | null;
  templates: TemplateDefinition[];
  isNotOnWhatsApp: (waId: string) => boolean;
  webhookRetry: WebhookRetryOptions;
  deliveryDelayMs: number;
  clock: Clock;
  maxConversations: number;
  maxMessagesPerConversation: number;
  maxMediaBytes: number;
  log: Logger | null;
}

export const DEFAULT_PHONE_NUMBER: SimulatedPhoneNumber = {
  phoneNumberId: '100000000000001',
  displayPhoneNumber: '919000000001',
  businessAccountId: '200000000000001',
};

export const DEFAULT_THROUGHPUT_PER_SECOND = META_THROUGHPUT_PER_SECOND;
export const DEFAULT_PAIR_LIMIT: PairLimitOptions = META_PAIR_LIMIT;

/**
 * Meta retries for about 7 days with decreasing frequency: doubling from 1 s,
 * capped at an hour, gives ~1 h of quick retries then ~170 hourly ones.
 */
export const DEFAULT_WEBHOOK_RETRY: WebhookRetryOptions = {
  attempts: 180,
  startingDelayMs: 1000,
  timeMultiple: 2,
  maxDelayMs: 60 * 60 * 1000,
  attemptTimeoutMs: 20_000,
  maxPending: 10_000,
};

export function resolveOptions(options: WhatsAppSimulatorOptions): ResolvedSimulatorOptions {
  if (!options.accessToken) throw new Error('WhatsApp simulator: accessToken is required');
  if (!options.appSecret) throw new Error('WhatsApp simulator: appSecret is required');
  const phoneNumbers = options.phoneNumbers?.length ? options.phoneNumbers : [DEFAULT_PHONE_NUMBER];
  const throughput = options.throughputPerSecond ?? DEFAULT_THROUGHPUT_PER_SECOND;
  return {
    accessToken: options.accessToken,
    appSecret: options.appSecret,
    webhookUrl: options.webhookUrl ?? null,
    phoneNumbers,
    throughputPerSecond: throughput === false ? null : positive('throughputPerSecond', throughput),
    pairLimit: options.pairLimit === false ? null : resolvePairLimit(options.pairLimit ?? {}),
    templates: options.templates ?? DEFAULT_TEMPLATES,
    isNotOnWhatsApp: notOnWhatsAppPredicate(options.notOnWhatsApp),
    webhookRetry: { ...DEFAULT_WEBHOOK_RETRY, ...options.webhookRetry },
    deliveryDelayMs: options.deliveryDelayMs ?? 500,
    clock: options.clock ?? (() => new Date()),
    maxConversations: options.maxConversations ?? 10_000,
    maxMessagesPerConversation: options.maxMessagesPerConversation ?? 500,
    maxMediaBytes: options.maxMediaBytes ?? 512 * 1024 * 1024,
    log: options.log ?? null,
  };
}

function resolvePairLimit(partial: Partial<PairLimitOptions>): PairLimitOptions {
  const limit = { ...DEFAULT_PAIR_LIMIT, ...partial };
  positive('pairLimit.burst', limit.burst);
  positive('pairLimit.intervalMs', limit.intervalMs);
  return limit;
}

function notOnWhatsAppPredicate(option: WhatsAppSimulatorOptions['notOnWhatsApp']): (waId: string) => boolean {
  if (typeof option === 'function') return option;
  const set = new Set(option ?? []);
  return (waId) => set.has(waId);
}

function positive(name: string, value: number): number {
  if (!(value > 0)) throw new Error(`WhatsApp simulator: ${name} must be a positive number (got ${value})`);
  return value;
}
