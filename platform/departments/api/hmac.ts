/**
 * The HMAC scheme for departments that sign requests instead of issuing
 * tokens. The string signed is
 *
 *   METHOD \n path-with-query \n unix-seconds \n hex(sha256(body))
 *
 * and the header is `X-Jansetu-Signature: keyId=<id>,ts=<seconds>,sig=<base64 HMAC-SHA256>`.
 * Both sides use this module: the client to sign, a department (or its
 * sandbox) to verify, within a 5-minute clock window.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-jansetu-signature';
const WINDOW_SECONDS = 300;

function canonical(method: string, pathWithQuery: string, seconds: number, body: string): string {
  return [method.toUpperCase(), pathWithQuery, String(seconds), createHash('sha256').update(body).digest('hex')].join('\n');
}

export function signRequest(keyId: string, secret: string, method: string, pathWithQuery: string, body: string, now = Date.now()): string {
  const seconds = Math.floor(now / 1000);
  const sig = createHmac('sha256', secret).update(canonical(method, pathWithQuery, seconds, body)).digest('base64');
  return `keyId=${keyId},ts=${seconds},sig=${sig}`;
}

/** True when the header signs this request with the secret of its key id, within the clock window. */
export function verifyRequest(header: string | undefined, secretOf: (keyId: string) => string | undefined, method: string, pathWithQuery: string, body: string, now = Date.now()): boolean {
  if (typeof header !== 'string') return false;
  // Values may hold '=' (base64 padding): each part splits at its first '='.
  const parts: Record<string, string> = Object.fromEntries(
    header.split(',').flatMap((part) => {
      const at = part.indexOf('=');
      return at > 0 ? [[part.slice(0, at).trim(), part.slice(at + 1).trim()]] : [];
    }),
  );
  const seconds = Number(parts.ts);
  const secret = parts.keyId ? secretOf(parts.keyId) : undefined;
  if (!secret || !parts.sig || !Number.isInteger(seconds) || Math.abs(now / 1000 - seconds) > WINDOW_SECONDS) return false;
  const expected = createHmac('sha256', secret).update(canonical(method, pathWithQuery, seconds, body)).digest();
  const given = Buffer.from(parts.sig, 'base64');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
