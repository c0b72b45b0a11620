/**
 * The PID block of an OTP authentication (UIDAI Auth API 2.5 §2.3), built and
 * encrypted as UIDAI's reference encryptor (AESCipher) does:
 *
 *   - a fresh 256-bit AES session key per transaction, kept only in this
 *     function's memory;
 *   - Skey = RSA/ECB/PKCS1 of the session key under UIDAI's public key;
 *   - AES-256-GCM with IV = the last 12 bytes of the Pid's ts, AAD = its last
 *     16 bytes, a 128-bit tag;
 *   - Data = ts ‖ ciphertext ‖ tag (ts prepended so UIDAI can derive IV and AAD);
 *   - Hmac = the same cipher over SHA-256 of the Pid bytes (no ts prefix).
 *
 * Nothing here logs: the Pid holds the citizen's OTP.
 */
import { constants, createCipheriv, createHash, createPublicKey, publicEncrypt, randomBytes } from 'node:crypto';

export interface EncryptedPid {
  /** base64 RSA-encrypted session key. */
  skey: string;
  /** The UIDAI encryption certificate's expiry, YYYYMMDD: Skey's `ci`. */
  ci: string;
  /** base64 of the encrypted SHA-256 of the Pid. */
  hmac: string;
  /** base64 of ts ‖ encrypted Pid ‖ tag. */
  data: string;
}

/** IST is UTC+05:30 all year; UIDAI's ts carries no zone and means IST. */
const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
const TS_LENGTH = 19;

/** `YYYY-MM-DDThh:mm:ss` in IST without a zone, as UIDAI's `ts` attributes are written. */
export function istTimestamp(at: Date): string {
  return new Date(at.getTime() + IST_OFFSET_MS).toISOString().slice(0, TS_LENGTH);
}

/** The Pid of an OTP-only authentication. `wadh` stays empty: no e-KYC or update wrapper hash is asked for. */
export function otpPidXml(otp: string, ts: string): string {
  if (!/^\d{6}$/.test(otp)) throw new Error('an Aadhaar OTP is 6 digits');
  checkTs(ts);
  return `<Pid ts="${ts}" ver="2.0" wadh=""><Pv otp="${otp}"/></Pid>`;
}

/**
 * Encrypts a Pid under UIDAI's public key (a certificate PEM or a public key PEM).
 * `ts` must be the Pid's own ts: UIDAI derives IV and AAD from the copy prefixed to Data.
 */
export function encryptPid(pidXml: string, ts: string, uidaiPublicKeyPem: string, certificateExpiry: string): EncryptedPid {
  checkTs(ts);
  if (!/^\d{8}$/.test(certificateExpiry)) throw new Error('the certificate expiry (Skey ci) is YYYYMMDD');
  const sessionKey = randomBytes(32);
  try {
    const tsBytes = Buffer.from(ts, 'utf8');
    const iv = tsBytes.subarray(TS_LENGTH - 12);
    const aad = tsBytes.subarray(TS_LENGTH - 16);
    const pid = Buffer.from(pidXml, 'utf8');
    const skey = publicEncrypt({ key: createPublicKey(uidaiPublicKeyPem), padding: constants.RSA_PKCS1_PADDING }, sessionKey);
    const data = Buffer.concat([tsBytes, gcmEncrypt(sessionKey, iv, aad, pid)]);
    const hmac = gcmEncrypt(sessionKey, iv, aad, createHash('sha256').update(pid).digest());
    return { skey: skey.toString('base64'), ci: certificateExpiry, hmac: hmac.toString('base64'), data: data.toString('base64') };
  } finally {
    // The key is not needed once Skey carries it; nothing should find it in a heap dump later.
    sessionKey.fill(0);
  }
}

/** The Pid of an OTP authentication at `at`, encrypted: what goes into Auth's Skey, Hmac and Data. */
export function encryptOtpPid(otp: string, at: Date, uidaiPublicKeyPem: string, certificateExpiry: string): EncryptedPid {
  const ts = istTimestamp(at);
  return encryptPid(otpPidXml(otp, ts), ts, uidaiPublicKeyPem, certificateExpiry);
}

/** ciphertext ‖ 16-byte tag, as Java's AES/GCM/NoPadding returns it. */
function gcmEncrypt(key: Buffer, iv: Buffer, aad: Buffer, plain: Buffer): Buffer {
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 });
  cipher.setAAD(aad);
  return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
}

function checkTs(ts: string): void {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(ts)) throw new Error('a Pid ts is YYYY-MM-DDThh:mm:ss');
}
