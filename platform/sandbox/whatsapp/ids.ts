/** Identifiers shaped like Meta's, so clients that store or log them see realistic values. */
import { createHash, randomBytes, randomInt } from 'node:crypto';

/**
 * A wamid: "wamid." + base64 of a small binary record holding the citizen's
 * number and a random message key, which is how Meta's ids decode
 * ("HBgM<number>FQIAERgS<key>AA==").
 */
export function newWamid(waId: string): string {
  const number = Buffer.from(waId, 'ascii');
  const key = Buffer.from(randomBytes(9).toString('hex').toUpperCase(), 'ascii');
  const record = Buffer.concat([
    Buffer.from([0x1c, 0x18, number.length]),
    number,
    Buffer.from([0x15, 0x02, 0x00, 0x11, 0x18, key.length]),
    key,
    Buffer.from([0x00]),
  ]);
  return `wamid.${record.toString('base64')}`;
}

/**
 * The citizen's business-scoped user id (BSUID, reference §1.10): stable for
 * one number within one business portfolio, as Meta's is, and unguessable
 * from the number without the portfolio.
 */
export function bsuidFor(businessAccountId: string, waId: string): string {
  const digest = createHash('sha256').update(`${businessAccountId}:${waId}`).digest();
  return `IN.${digest.readBigUInt64BE(0).toString().padStart(20, '0').slice(0, 16)}`;
}

/** Media ids are 15–16 digit numbers. */
export function newMediaId(): string {
  return `${randomInt(1, 10)}${String(randomInt(0, 2 ** 47)).padStart(15, '0')}`;
}
