/**
 * AES-256-GCM sealing with the identity key (AADHAAR_VAULT_KEY): Aadhaar
 * numbers in the vault, citizens' DigiLocker tokens and the documents
 * fetched from DigiLocker (a certificate may carry the Aadhaar number). A sealed value is
 * bound to its context (GCM additional data: the record's id), so a sealed
 * value copied into another record does not open.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export class Sealer {
  /** Which key sealed a value (a hash of the key, never the key): a changed key is told apart from tampering. */
  readonly keyId: string;

  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('the identity sealing key must be 32 bytes (AES-256)');
    this.keyId = createHash('sha256').update(key).digest('base64url').slice(0, 12);
  }

  /** base64(iv ‖ tag ‖ ciphertext). */
  seal(plain: string, context: string): string {
    return this.sealBytes(Buffer.from(plain, 'utf8'), context).toString('base64');
  }

  /** Throws when the value was altered or sealed for another context. */
  open(sealed: string, context: string): string {
    return this.openBytes(Buffer.from(sealed, 'base64'), context).toString('utf8');
  }

  /** iv ‖ tag ‖ ciphertext. */
  sealBytes(plain: Buffer, context: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    cipher.setAAD(Buffer.from(context));
    const body = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }

  openBytes(raw: Buffer, context: string): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
    decipher.setAAD(Buffer.from(context));
    decipher.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
  }
}
