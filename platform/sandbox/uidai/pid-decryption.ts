/**
 * The simulator's side of the PID block crypto (reference §2.3 "Crypto"),
 * written from the specification and not from the client's pid.ts, so each
 * checks the other: a layout mistake on either side fails the tests.
 *
 * Skey is RSA/ECB/PKCS1 of a 32-byte session key; Data is
 * ts (19 bytes) ‖ AES-256-GCM(Pid) ‖ 16-byte tag with IV = the last 12 bytes
 * of that ts and AAD = its last 16; Hmac is the same cipher over SHA-256(Pid).
 * Error codes as UIDAI gives them: 500 Skey, 501 ci, 502 Pid encryption,
 * 503 Hmac encryption, 564 HMAC mismatch.
 */
import { constants, createDecipheriv, createHash, privateDecrypt, timingSafeEqual, type KeyObject } from 'node:crypto';

export interface EncryptedPidBlock {
  skey: string;
  ci: string;
  hmac: string;
  data: string;
}

export type PidDecryption = { ok: true; pidXml: string; ts: string } | { ok: false; err: '500' | '501' | '502' | '503' | '564' };

const TS_BYTES = 19;
const TAG_BYTES = 16;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function decryptPid(block: EncryptedPidBlock, privateKey: KeyObject, certificateExpiry: string): PidDecryption {
  if (block.ci !== certificateExpiry) return { ok: false, err: '501' };
  if (!BASE64.test(block.skey)) return { ok: false, err: '500' };
  let sessionKey: Buffer;
  try {
    sessionKey = privateDecrypt({ key: privateKey, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(block.skey, 'base64'));
  } catch {
    return { ok: false, err: '500' };
  }
  // OpenSSL's implicit rejection turns a bad Skey into some other bytes instead of an error: the length tells.
  if (sessionKey.length !== 32) return { ok: false, err: '500' };

  if (!BASE64.test(block.data)) return { ok: false, err: '502' };
  const data = Buffer.from(block.data, 'base64');
  if (data.length <= TS_BYTES + TAG_BYTES) return { ok: false, err: '502' };
  const tsBytes = data.subarray(0, TS_BYTES);
  const ts = tsBytes.toString('latin1');
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(ts)) return { ok: false, err: '502' };
  const iv = tsBytes.subarray(TS_BYTES - 12);
  const aad = tsBytes.subarray(TS_BYTES - 16);
  const pid = openGcm(sessionKey, iv, aad, data.subarray(TS_BYTES));
  const hash = BASE64.test(block.hmac) ? openGcm(sessionKey, iv, aad, Buffer.from(block.hmac, 'base64')) : null;
  if (!pid) {
    // Implicit rejection can also give 32 bytes: a key that opens neither the Data nor the Hmac was not the session key.
    return { ok: false, err: hash ? '502' : '500' };
  }

  if (!BASE64.test(block.hmac)) return { ok: false, err: '503' };
  if (!hash || hash.length !== 32) return { ok: false, err: '503' };
  if (!timingSafeEqual(hash, createHash('sha256').update(pid).digest())) return { ok: false, err: '564' };
  return { ok: true, pidXml: pid.toString('utf8'), ts };
}

/** ciphertext ‖ tag → plaintext, or null when the tag does not verify. */
function openGcm(key: Buffer, iv: Buffer, aad: Buffer, sealed: Buffer): Buffer | null {
  if (sealed.length < TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
    return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - TAG_BYTES)), decipher.final()]);
  } catch {
    return null;
  }
}
