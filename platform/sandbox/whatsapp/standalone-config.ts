/** Environment of the standalone simulator (standalone.ts); a wrong value stops it with the variable's name. */
import { z } from 'zod';
import { DEFAULT_PHONE_NUMBER, type WhatsAppSimulatorOptions } from './options';

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyAsUndefined, schema.optional());
const digits = z.string().regex(/^\d+$/, 'must be digits');

const envSchema = z.object({
  SANDBOX_PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(1881)),
  SANDBOX_HOST: z.preprocess(emptyAsUndefined, z.string().default('0.0.0.0')),
  SANDBOX_WEBHOOK_URL: optional(z.url({ protocol: /^https?$/ })),
  WHATSAPP_ACCESS_TOKEN: optional(z.string().min(8, 'must be at least 8 characters')),
  WHATSAPP_APP_SECRET: optional(z.string().min(8, 'must be at least 8 characters')),
  WHATSAPP_PHONE_NUMBER_ID: optional(digits),
  WHATSAPP_DISPLAY_PHONE_NUMBER: optional(digits),
  WHATSAPP_BUSINESS_ACCOUNT_ID: optional(digits),
  /** Messages per second per number, or "off". */
  SANDBOX_THROUGHPUT: optional(z.union([z.literal('off'), z.coerce.number().int().positive()])),
  /** "off" disables the per-citizen pair limit (benchmarks). */
  SANDBOX_PAIR_LIMIT: optional(z.enum(['on', 'off'])),
  SANDBOX_DELIVERY_DELAY_MS: optional(z.coerce.number().int().min(0)),
  LOG_LEVEL: z.preprocess(emptyAsUndefined, z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info')),
});

/** Credentials a client needs to call the standalone simulator when none were configured. */
export const STANDALONE_DEFAULT_CREDENTIALS = { accessToken: 'sandbox-access-token', appSecret: 'sandbox-app-secret' };

export interface StandaloneConfig {
  port: number;
  host: string;
  logLevel: string;
  /** Which credentials fell back to STANDALONE_DEFAULT_CREDENTIALS. */
  defaultedCredentials: string[];
  simulator: Omit<WhatsAppSimulatorOptions, 'log'>;
}

export function loadStandaloneConfig(env: NodeJS.ProcessEnv = process.env): StandaloneConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `  - ${String(issue.path[0] ?? 'environment')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  const defaultedCredentials = [
    ...(e.WHATSAPP_ACCESS_TOKEN ? [] : ['WHATSAPP_ACCESS_TOKEN']),
    ...(e.WHATSAPP_APP_SECRET ? [] : ['WHATSAPP_APP_SECRET']),
  ];
  return {
    port: e.SANDBOX_PORT,
    host: e.SANDBOX_HOST,
    logLevel: e.LOG_LEVEL,
    defaultedCredentials,
    simulator: {
      accessToken: e.WHATSAPP_ACCESS_TOKEN ?? STANDALONE_DEFAULT_CREDENTIALS.accessToken,
      appSecret: e.WHATSAPP_APP_SECRET ?? STANDALONE_DEFAULT_CREDENTIALS.appSecret,
      webhookUrl: e.SANDBOX_WEBHOOK_URL ?? null,
      phoneNumbers: [
        {
          phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID ?? DEFAULT_PHONE_NUMBER.phoneNumberId,
          displayPhoneNumber: e.WHATSAPP_DISPLAY_PHONE_NUMBER ?? DEFAULT_PHONE_NUMBER.displayPhoneNumber,
          businessAccountId: e.WHATSAPP_BUSINESS_ACCOUNT_ID ?? DEFAULT_PHONE_NUMBER.businessAccountId,
        },
      ],
      throughputPerSecond: e.SANDBOX_THROUGHPUT === 'off' ? false : e.SANDBOX_THROUGHPUT,
      pairLimit: e.SANDBOX_PAIR_LIMIT === 'off' ? false : undefined,
      deliveryDelayMs: e.SANDBOX_DELIVERY_DELAY_MS,
    },
  };
}
