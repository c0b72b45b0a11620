/**
 * How the platform reaches one department's API: where it is, how it
 * authenticates, and how patient it is (timeouts, retries, circuit breaker).
 * Checked with zod, so a department config node with a mistake is refused at
 * deploy with the field named, not at a citizen's first request.
 */
import { z } from 'zod';

const httpUrl = z.url({ protocol: /^https?$/ });

export const departmentAuthSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  /** A static key in a header (X-API-Key by default). */
  z.object({ kind: z.literal('api_key'), header: z.string().regex(/^[A-Za-z0-9-]{1,64}$/).default('X-API-Key'), key: z.string().min(1) }),
  /** A long-lived bearer token. */
  z.object({ kind: z.literal('bearer'), token: z.string().min(1) }),
  /** OAuth 2.0 client credentials (RFC 6749 §4.4): the token is cached until shortly before it expires. */
  z.object({ kind: z.literal('oauth2'), tokenUrl: httpUrl, clientId: z.string().min(1), clientSecret: z.string().min(1), scope: z.string().optional() }),
  /**
   * HMAC-SHA256 over the request (hmac.ts: method, path with query, timestamp, body hash),
   * sent as `X-Jansetu-Signature: keyId=…,ts=…,sig=…`; the department checks the clock within 5 minutes.
   */
  z.object({ kind: z.literal('hmac'), keyId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'letters, digits, dot, _ and -, up to 64'), secret: z.string().min(16) }),
]);
export type DepartmentAuth = z.infer<typeof departmentAuthSchema>;

export const departmentConnectionSchema = z.object({
  /** The department's id in the service catalog (revenue, civil_supplies, …). */
  department: z.string().regex(/^[a-z0-9_]+$/),
  baseUrl: httpUrl,
  auth: departmentAuthSchema,
  /** Per attempt: connecting, headers and each pause in the body. */
  timeoutMs: z.number().int().min(100).max(60_000).default(5_000),
  retry: z
    .object({
      /** Attempts in all, the first included. */
      maxAttempts: z.number().int().min(1).max(10).default(3),
      initialDelayMs: z.number().int().min(1).max(10_000).default(200),
      maxDelayMs: z.number().int().min(1).max(60_000).default(5_000),
      /** A Retry-After longer than this is not waited for: the call is unavailable now. */
      maxRetryAfterMs: z.number().int().min(0).max(300_000).default(10_000),
    })
    .prefault({}),
  breaker: z
    .object({
      /** Failed attempts in a row (timeouts, 5xx, 429, no connection) that open the circuit. */
      consecutiveFailures: z.number().int().min(1).max(1000).default(5),
      /** How long it stays open before one trial call (half-open). */
      halfOpenAfterMs: z.number().int().min(100).max(3_600_000).default(30_000),
    })
    .prefault({}),
});
export type DepartmentConnection = z.infer<typeof departmentConnectionSchema>;
export type DepartmentConnectionInput = z.input<typeof departmentConnectionSchema>;

export function parseConnection(input: unknown): DepartmentConnection {
  const parsed = departmentConnectionSchema.safeParse(input);
  if (!parsed.success) throw new Error(`department connection: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
