/**
 * Environment → validated platform configuration. A wrong value stops start-up
 * with the variable's name and what is wrong with it; `.env.example` documents
 * every variable read here.
 */
import path from 'node:path';
import { z } from 'zod';
import { isPhoneNumber, PHONE_RULE } from '../citizens/identity';
import { MAX_THROUGHPUT_PER_SECOND, META_THROUGHPUT_PER_SECOND } from '../whatsapp/rates';
import { defaultFlowsDir } from '../paths';

export const EDITOR_ROLES = ['admin', 'viewer'] as const;
export type EditorRole = (typeof EDITOR_ROLES)[number];

export interface EditorUserConfig {
  username: string;
  /** bcrypt hash ($2a/$2b/$2y). */
  passwordHash: string;
  role: EditorRole;
}

const BCRYPT_HASH = /^\$2[aby]\$\d{2}\$[./A-Za-z0-9]{53}$/;

const emptyAsUndefined = (value: unknown) => (value === '' ? undefined : value);
const optionalString = z.preprocess(emptyAsUndefined, z.string().optional());

/** A variable holding a JSON array (empty or unset: none); text that is not JSON is reported by the array's own check. */
function jsonArray<T extends z.ZodType>(item: T, error: string) {
  return z.preprocess(
    (value) => {
      if (value === undefined || value === '') return [];
      try {
        return JSON.parse(String(value));
      } catch {
        return value;
      }
    },
    z.array(item, { error }),
  );
}

const editorUsers = jsonArray(
  z.object({
    username: z.string().min(1),
    password: z.string().regex(BCRYPT_HASH, 'must be a bcrypt hash (npx node-red-admin hash-pw)'),
    role: z.enum(EDITOR_ROLES),
  }),
  'must be a JSON array of {"username","password","role"}',
);

const departmentStatusKeys = jsonArray(
  z.object({
    department: z.string().regex(/^[a-z0-9_]+$/, 'a department id of the service catalog'),
    keyId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, _ and -, up to 64'),
    secret: z.string().min(32, 'must be at least 32 characters'),
  }),
  'must be a JSON array of {"department","keyId","secret"}',
);

const envSchema = z
  .object({
    JANSETU_MODE: z.preprocess(emptyAsUndefined, z.enum(['sandbox', 'production']).default('sandbox')),
    PORT: z.preprocess(emptyAsUndefined, z.coerce.number().int().min(0).max(65535).default(1880)),
    HOST: z.preprocess(emptyAsUndefined, z.string().optional()),
    DATA_DIR: z.preprocess(emptyAsUndefined, z.string().default('./data')),
    MONGODB_URI: z.preprocess(
      emptyAsUndefined,
      z
        .string()
        .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
        .optional(),
    ),
    MONGODB_DB: z.preprocess(emptyAsUndefined, z.string().regex(/^[^/\\. "$]+$/, 'not a valid database name').default('jansetu')),
    REDIS_URL: z.preprocess(emptyAsUndefined, z.string().regex(/^rediss?:\/\//, 'must start with redis:// or rediss://').optional()),
    QUEUE_PREFIX: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, _ and - (no colon)').default('jansetu')),
    REDIS_SERVER_BIN: z.preprocess(emptyAsUndefined, z.string().default('redis-server')),
    ADMIN_USERNAME: optionalString,
    ADMIN_PASSWORD: z.preprocess(emptyAsUndefined, z.string().min(8, 'must be at least 8 characters').optional()),
    EDITOR_USERS: editorUsers,
    CREDENTIAL_SECRET: z.preprocess(emptyAsUndefined, z.string().min(16, 'must be at least 16 characters').optional()),
    LOG_LEVEL: z.preprocess(
      emptyAsUndefined,
      z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ),
    FLOWS_DIR: z.preprocess(emptyAsUndefined, z.string().default(defaultFlowsDir)),
    SANDBOX_SIMULATORS: z.preprocess(emptyAsUndefined, z.enum(['on', 'off']).optional()),
    WHATSAPP_PHONE_NUMBER_ID: z.preprocess(emptyAsUndefined, z.string().regex(/^\d+$/, 'must be the numeric phone number id').optional()),
    WHATSAPP_BUSINESS_ACCOUNT_ID: z.preprocess(emptyAsUndefined, z.string().regex(/^\d+$/, 'must be the numeric WhatsApp Business Account id').optional()),
    WHATSAPP_DISPLAY_PHONE_NUMBER: z.preprocess(emptyAsUndefined, z.string().refine(isPhoneNumber, `must be ${PHONE_RULE}`).optional()),
    WHATSAPP_GRAPH_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
    WHATSAPP_GRAPH_VERSION: z.preprocess(emptyAsUndefined, z.string().regex(/^v\d+\.0$/, 'must look like v23.0').default('v23.0')),
    WHATSAPP_ACCESS_TOKEN: optionalString,
    WHATSAPP_APP_SECRET: optionalString,
    WHATSAPP_VERIFY_TOKEN: optionalString,
    WHATSAPP_THROUGHPUT_PER_SECOND: z.preprocess(
      emptyAsUndefined,
      z.coerce.number().int('must be a whole number').min(1, 'must be at least 1').max(MAX_THROUGHPUT_PER_SECOND, `Meta grants at most ${MAX_THROUGHPUT_PER_SECOND}`).default(META_THROUGHPUT_PER_SECOND),
    ),
    WHATSAPP_PAIR_LIMIT: z.preprocess(emptyAsUndefined, z.enum(['on', 'off']).default('on')),
    DEPARTMENT_STATUS_KEYS: departmentStatusKeys,
    PUBLIC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
    AADHAAR_VAULT_KEY: z.preprocess(emptyAsUndefined, z.string().refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes in base64 (openssl rand -base64 32)').optional()),
    AADHAAR_REF_SECRET: z.preprocess(emptyAsUndefined, z.string().min(32, 'must be at least 32 characters').optional()),
    UIDAI_OTP_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
    UIDAI_KYC_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
    UIDAI_AUA_CODE: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z0-9]{1,10}$/, 'up to 10 letters and digits').optional()),
    UIDAI_SUB_AUA_CODE: z.preprocess(emptyAsUndefined, z.string().regex(/^[A-Za-z0-9]{1,10}$/, 'up to 10 letters and digits').optional()),
    UIDAI_AUA_LICENCE_KEY: z.preprocess(emptyAsUndefined, z.string().max(64, 'at most 64 characters').optional()),
    UIDAI_ASA_LICENCE_KEY: z.preprocess(emptyAsUndefined, z.string().max(64, 'at most 64 characters').optional()),
    UIDAI_ENCRYPTION_CERT: optionalString,
    UIDAI_CERT_EXPIRY: z.preprocess(emptyAsUndefined, z.string().regex(/^\d{8}$/, 'must be the certificate expiry as YYYYMMDD').optional()),
    UIDAI_SIGNING_KEY: optionalString,
    UIDAI_SIGNING_CERT: optionalString,
    UIDAI_SIGNATURE_CERT: optionalString,
    DIGILOCKER_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
    DIGILOCKER_CLIENT_ID: optionalString,
    DIGILOCKER_CLIENT_SECRET: optionalString,
    PAYMENT_GATEWAY_URL: z.preprocess(emptyAsUndefined, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional()),
    PAYMENT_KEY_ID: optionalString,
    PAYMENT_KEY_SECRET: optionalString,
    /** Comma-separated: the current secret first; older ones still verify retries signed before a rotation. */
    PAYMENT_WEBHOOK_SECRETS: optionalString,
    /** Ed25519 private key (PKCS#8 PEM file) documents' QR codes are signed with. */
    DOCUMENT_SIGNING_KEY: optionalString,
  })
  .superRefine((env, ctx) => {
    if (Boolean(env.ADMIN_USERNAME) !== Boolean(env.ADMIN_PASSWORD)) {
      ctx.addIssue({
        code: 'custom',
        path: [env.ADMIN_USERNAME ? 'ADMIN_PASSWORD' : 'ADMIN_USERNAME'],
        message: 'ADMIN_USERNAME and ADMIN_PASSWORD must be set together',
      });
    }
    // A partner account is all of its settings or none: half of one fails at the first citizen, not at start.
    const groups = {
      UIDAI: ['UIDAI_OTP_URL', 'UIDAI_KYC_URL', 'UIDAI_AUA_CODE', 'UIDAI_SUB_AUA_CODE', 'UIDAI_AUA_LICENCE_KEY', 'UIDAI_ASA_LICENCE_KEY', 'UIDAI_ENCRYPTION_CERT', 'UIDAI_CERT_EXPIRY', 'UIDAI_SIGNING_KEY', 'UIDAI_SIGNING_CERT', 'UIDAI_SIGNATURE_CERT'],
      DIGILOCKER: ['DIGILOCKER_URL', 'DIGILOCKER_CLIENT_ID', 'DIGILOCKER_CLIENT_SECRET'],
      PAYMENT: ['PAYMENT_GATEWAY_URL', 'PAYMENT_KEY_ID', 'PAYMENT_KEY_SECRET', 'PAYMENT_WEBHOOK_SECRETS'],
    } as const;
    for (const [group, names] of Object.entries(groups)) {
      const set = names.filter((n) => env[n] !== undefined);
      if (set.length > 0 && set.length < names.length) {
        for (const name of names.filter((n) => env[n] === undefined)) ctx.addIssue({ code: 'custom', path: [name], message: `is needed with the other ${group}_ settings` });
      }
    }
    if (env.JANSETU_MODE !== 'production') return;
    for (const name of ['MONGODB_URI', 'REDIS_URL', 'CREDENTIAL_SECRET', 'AADHAAR_VAULT_KEY', 'AADHAAR_REF_SECRET', 'DOCUMENT_SIGNING_KEY'] as const) {
      if (!env[name]) ctx.addIssue({ code: 'custom', path: [name], message: 'is required in production mode' });
    }
    // DigiLocker sends the citizen's browser back to us: production must say where that is.
    if (env.PAYMENT_GATEWAY_URL && !env.PUBLIC_URL) ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'is needed with PAYMENT_GATEWAY_URL (the page the gateway sends the citizen back to, and /verify links on documents)' });
    if (env.DIGILOCKER_URL && !env.PUBLIC_URL) ctx.addIssue({ code: 'custom', path: ['PUBLIC_URL'], message: 'is needed with DIGILOCKER_URL (the callback DigiLocker redirects to)' });
    if (!env.ADMIN_USERNAME && env.EDITOR_USERS.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['ADMIN_USERNAME'],
        message: 'production mode needs an editor admin: set ADMIN_USERNAME/ADMIN_PASSWORD or EDITOR_USERS',
      });
    }
  });

/** Every environment variable the platform reads (the README and .env.example list them all). */
export const CONFIG_VARIABLES = Object.keys(envSchema.shape);

export interface PlatformConfig {
  mode: 'sandbox' | 'production';
  port: number;
  host: string;
  dataDir: string;
  mongodb: { uri: string; dbName: string } | null;
  redisUrl: string | null;
  /** The Redis key prefix of the platform's queues: deployments that share one Redis need different ones. */
  queuePrefix: string;
  redisServerBin: string;
  /** The first admin from ADMIN_USERNAME/ADMIN_PASSWORD (plain password, hashed at start-up). */
  bootstrapAdmin: { username: string; password: string } | null;
  editorUsers: EditorUserConfig[];
  credentialSecret: string | null;
  logLevel: string;
  flowsDir: string;
  /** Local simulators of WhatsApp and the other outside services, mounted under /sandbox. */
  simulators: boolean;
  /**
   * The default WhatsApp account: used by whatsapp-account nodes left empty. In the sandbox the
   * unset parts are filled by the host (generated secrets, its own simulator's Graph URL).
   */
  whatsapp: {
    phoneNumberId: string | null;
    businessAccountId: string | null;
    displayPhoneNumber: string | null;
    graphBaseUrl: string | null;
    graphVersion: string;
    accessToken: string | null;
    appSecret: string | null;
    verifyToken: string | null;
  };
  /** How the paced sender spends each number's budget (platform/whatsapp/sender.ts). */
  sending: {
    throughputPerSecond: number;
    /** Pace messages to one citizen as Meta's pair rate demands (off only for benchmarks). */
    pairLimit: boolean;
  };
  /** Keys departments sign their application status webhooks with (HMAC, platform/departments/api/hmac.ts). */
  departmentStatusKeys: Array<{ department: string; keyId: string; secret: string }>;
  /** The host's address as citizens' browsers reach it (DigiLocker consent links, its callback); null: the URL it listens on. */
  publicUrl: string | null;
  /** Aadhaar and DigiLocker (platform/identity). Null parts: the sandbox fills them, production refuses the nodes. */
  identity: {
    /** AES-256-GCM key of the Aadhaar vault (32 bytes). */
    vaultKey: Buffer | null;
    /** HMAC key of the reference keys citizens are known by instead of their number. */
    refSecret: string | null;
    uidai: UidaiConfig | null;
    digilocker: { baseUrl: string; clientId: string; clientSecret: string } | null;
  };
  /** The payment gateway (Razorpay's API; platform/payments). Null: the sandbox's gateway, or no payments in production. */
  payments: { baseUrl: string; keyId: string; keySecret: string; webhookSecrets: string[] } | null;
  /** PEM file of the Ed25519 key documents are signed with; null: one the data directory keeps (sandbox), none in production. */
  documentSigningKeyPath: string | null;
}

/** An AUA's account with its ASA (README: Aadhaar and DigiLocker accounts). Files are PEM paths. */
export interface UidaiConfig {
  otpUrl: string;
  kycUrl: string;
  auaCode: string;
  subAuaCode: string;
  auaLicenceKey: string;
  asaLicenceKey: string;
  encryptionCertificatePath: string;
  certificateExpiry: string;
  signingKeyPath: string;
  signingCertificatePath: string;
  /** UIDAI's signing certificate: answers whose signature does not verify against it are not believed. */
  signatureCertificatePath: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlatformConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => {
        const name = String(issue.path[0] ?? 'environment');
        const raw = env[name];
        // URLs and tokens may carry credentials; secrets are never echoed.
        const secret = /PASSWORD|SECRET|TOKEN|_URI$|_URL$|EDITOR_USERS|_KEYS?$/.test(name);
        const shown = secret || raw === undefined ? '' : ` (got "${raw}")`;
        return `${name}: ${issue.message}${shown}`;
      }),
    );
  }
  const e = parsed.data;
  return {
    mode: e.JANSETU_MODE,
    port: e.PORT,
    // The sandbox's citizen API and simulator need no login: loopback unless asked otherwise.
    host: e.HOST ?? (e.JANSETU_MODE === 'sandbox' ? '127.0.0.1' : '0.0.0.0'),
    dataDir: path.resolve(e.DATA_DIR),
    mongodb: e.MONGODB_URI ? { uri: e.MONGODB_URI, dbName: e.MONGODB_DB } : null,
    redisUrl: e.REDIS_URL ?? null,
    queuePrefix: e.QUEUE_PREFIX,
    redisServerBin: e.REDIS_SERVER_BIN,
    bootstrapAdmin: e.ADMIN_USERNAME && e.ADMIN_PASSWORD ? { username: e.ADMIN_USERNAME, password: e.ADMIN_PASSWORD } : null,
    editorUsers: e.EDITOR_USERS.map((u) => ({ username: u.username, passwordHash: u.password, role: u.role })),
    credentialSecret: e.CREDENTIAL_SECRET ?? null,
    logLevel: e.LOG_LEVEL,
    flowsDir: path.resolve(e.FLOWS_DIR),
    simulators: (e.SANDBOX_SIMULATORS ?? (e.JANSETU_MODE === 'sandbox' ? 'on' : 'off')) === 'on',
    whatsapp: {
      phoneNumberId: e.WHATSAPP_PHONE_NUMBER_ID ?? null,
      businessAccountId: e.WHATSAPP_BUSINESS_ACCOUNT_ID ?? null,
      displayPhoneNumber: e.WHATSAPP_DISPLAY_PHONE_NUMBER ?? null,
      graphBaseUrl: e.WHATSAPP_GRAPH_URL ?? null,
      graphVersion: e.WHATSAPP_GRAPH_VERSION,
      accessToken: e.WHATSAPP_ACCESS_TOKEN ?? null,
      appSecret: e.WHATSAPP_APP_SECRET ?? null,
      verifyToken: e.WHATSAPP_VERIFY_TOKEN ?? null,
    },
    sending: { throughputPerSecond: e.WHATSAPP_THROUGHPUT_PER_SECOND, pairLimit: e.WHATSAPP_PAIR_LIMIT === 'on' },
    departmentStatusKeys: e.DEPARTMENT_STATUS_KEYS,
    publicUrl: e.PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    identity: {
      vaultKey: e.AADHAAR_VAULT_KEY ? Buffer.from(e.AADHAAR_VAULT_KEY, 'base64') : null,
      refSecret: e.AADHAAR_REF_SECRET ?? null,
      uidai:
        e.UIDAI_OTP_URL && e.UIDAI_KYC_URL && e.UIDAI_AUA_CODE && e.UIDAI_SUB_AUA_CODE && e.UIDAI_AUA_LICENCE_KEY && e.UIDAI_ASA_LICENCE_KEY && e.UIDAI_ENCRYPTION_CERT && e.UIDAI_CERT_EXPIRY && e.UIDAI_SIGNING_KEY && e.UIDAI_SIGNING_CERT && e.UIDAI_SIGNATURE_CERT
          ? {
              otpUrl: e.UIDAI_OTP_URL,
              kycUrl: e.UIDAI_KYC_URL,
              auaCode: e.UIDAI_AUA_CODE,
              subAuaCode: e.UIDAI_SUB_AUA_CODE,
              auaLicenceKey: e.UIDAI_AUA_LICENCE_KEY,
              asaLicenceKey: e.UIDAI_ASA_LICENCE_KEY,
              encryptionCertificatePath: path.resolve(e.UIDAI_ENCRYPTION_CERT),
              certificateExpiry: e.UIDAI_CERT_EXPIRY,
              signingKeyPath: path.resolve(e.UIDAI_SIGNING_KEY),
              signingCertificatePath: path.resolve(e.UIDAI_SIGNING_CERT),
              signatureCertificatePath: path.resolve(e.UIDAI_SIGNATURE_CERT),
            }
          : null,
      digilocker: e.DIGILOCKER_URL && e.DIGILOCKER_CLIENT_ID && e.DIGILOCKER_CLIENT_SECRET ? { baseUrl: e.DIGILOCKER_URL.replace(/\/+$/, ''), clientId: e.DIGILOCKER_CLIENT_ID, clientSecret: e.DIGILOCKER_CLIENT_SECRET } : null,
    },
    payments:
      e.PAYMENT_GATEWAY_URL && e.PAYMENT_KEY_ID && e.PAYMENT_KEY_SECRET && e.PAYMENT_WEBHOOK_SECRETS
        ? { baseUrl: e.PAYMENT_GATEWAY_URL.replace(/\/+$/, ''), keyId: e.PAYMENT_KEY_ID, keySecret: e.PAYMENT_KEY_SECRET, webhookSecrets: e.PAYMENT_WEBHOOK_SECRETS.split(',').map((x) => x.trim()).filter(Boolean) }
        : null,
    documentSigningKeyPath: e.DOCUMENT_SIGNING_KEY ? path.resolve(e.DOCUMENT_SIGNING_KEY) : null,
  };
}
