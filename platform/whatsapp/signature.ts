/**
 * Webhook authenticity (reference §1.2, §1.3): the GET verification
 * handshake and the `X-Hub-Signature-256` HMAC of POST bodies.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { isRecord } from './json';

const SIGNATURE_PREFIX = 'sha256=';
const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** `X-Hub-Signature-256` value for a body: HMAC-SHA256 keyed with the App Secret. */
export function signBody(appSecret: string, rawBody: Buffer | string): string {
  return SIGNATURE_PREFIX + createHmac('sha256', appSecret).update(rawBody).digest('hex');
}

/**
 * Whether `header` is the signature of `rawBody`. The body must be the bytes
 * exactly as received: Meta signs its \uXXXX-escaped JSON, so re-serialized
 * JSON never verifies.
 */
export function verifySignature(appSecret: string, rawBody: Buffer, header: string | undefined): boolean {
  if (typeof header !== 'string' || !header.startsWith(SIGNATURE_PREFIX)) return false;
  const hex = header.slice(SIGNATURE_PREFIX.length);
  if (!SHA256_HEX.test(hex)) return false;
  const received = Buffer.from(hex, 'hex');
  const expected = createHmac('sha256', appSecret).update(rawBody).digest();
  return received.length === expected.length && timingSafeEqual(received, expected);
}

export type HandshakeResult = { ok: true; challenge: string } | { ok: false; status: 403; reason: string };

/**
 * Answer to Meta's GET `hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`:
 * on `ok` respond 200 with the raw challenge as text/plain. Accepts Express's
 * flat keys (`hub.mode`) and parsers that nest dotted keys (`hub: { mode }`).
 */
export function verifyHandshake(query: Record<string, unknown>, verifyToken: string): HandshakeResult {
  const mode = hubParam(query, 'mode');
  const token = hubParam(query, 'verify_token');
  const challenge = hubParam(query, 'challenge');
  if (mode !== 'subscribe') return refuse('hub.mode must be "subscribe"');
  // An unconfigured (empty) token must not match a request that sends an empty one.
  if (!verifyToken || token === undefined || !sameSecret(token, verifyToken)) {
    return refuse('hub.verify_token does not match the configured verify token');
  }
  if (!challenge) return refuse('hub.challenge is missing');
  return { ok: true, challenge };
}

/**
 * JSON as Meta serializes webhook bodies: every non-ASCII UTF-16 unit escaped
 * as lowercase \uXXXX (astral characters become surrogate pairs). The
 * simulator signs this text so that verifying against re-encoded JSON fails
 * in the sandbox exactly as it does in production.
 */
export function encodeWebhookBody(payload: unknown): string {
  const json = JSON.stringify(payload);
  if (json === undefined) throw new TypeError('encodeWebhookBody: payload is not JSON-serializable');
  return json.replace(/[\u0080-\uffff]/g, (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function hubParam(query: Record<string, unknown>, name: string): string | undefined {
  const nested = query.hub;
  const value = query[`hub.${name}`] ?? (isRecord(nested) ? nested[name] : undefined);
  return typeof value === 'string' ? value : undefined;
}

/** Constant-time equality that also hides the secret's length (compares digests). */
function sameSecret(received: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(received), digest(expected));
}

function refuse(reason: string): HandshakeResult {
  return { ok: false, status: 403, reason };
}
