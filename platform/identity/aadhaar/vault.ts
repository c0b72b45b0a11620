/**
 * The Aadhaar vault (UIDAI's Aadhaar Data Vault, circular of 25.07.2017):
 * the one collection where an Aadhaar number or VID is kept, sealed with
 * AES-256-GCM under a key from configuration. Everything else (sessions,
 * applications, logs, flows) knows a citizen's number only by its reference
 * key, an HMAC of the number with a secret from configuration, and by its
 * masked form. The same number always gives the same reference, so a citizen
 * is recognised again without the number being readable anywhere else.
 *
 * The sealed record is bound to its reference (GCM additional data), so a
 * sealed number copied under another reference does not open.
 *
 * A number is kept only while it serves (DPDP Act 2023 s.8(7)): 180 days
 * after the citizen last gave it, it is gone, and a citizen who comes back
 * later types it again.
 */
import { createHmac } from 'node:crypto';
import { Sealer } from '../sealer';
import type { Collection, DocumentStore } from '../../store';
import { maskAadhaar, type AadhaarKind } from './numbers';

export const VAULT_COLLECTION = 'identity_aadhaar_vault';
/** How long a number is kept after the citizen last gave it. */
export const VAULT_RETENTION_S = 180 * 24 * 3600;

interface VaultDoc {
  _id: string;
  kind: AadhaarKind;
  /** Which key sealed it (a hash of the key, never the key): a changed AADHAAR_VAULT_KEY is told apart from tampering. */
  keyId: string;
  /** base64(iv ‖ tag ‖ ciphertext). */
  sealed: string;
  createdAt: Date;
  usedAt: Date;
  [key: string]: unknown;
}

export interface VaultEntry {
  /** The reference key: what the platform stores instead of the number. */
  ref: string;
  masked: string;
  kind: AadhaarKind;
}

export class AadhaarVault {
  private readonly docs: Collection<VaultDoc>;
  private readonly sealer: Sealer;

  constructor(
    store: DocumentStore,
    key: Buffer | Sealer,
    private readonly refSecret: string,
  ) {
    if (refSecret.length < 32) throw new Error('the Aadhaar reference secret must be at least 32 characters');
    this.sealer = key instanceof Sealer ? key : new Sealer(key);
    this.docs = store.collection<VaultDoc>(VAULT_COLLECTION);
  }

  async init(): Promise<void> {
    await this.docs.createIndex({ keys: { usedAt: 1 }, expireAfterSeconds: VAULT_RETENTION_S });
  }

  /** The reference key of a number (12 or 16 digits), without keeping it. */
  refOf(digits: string): string {
    return createHmac('sha256', this.refSecret).update(`aadhaar\u0000${digits}`).digest('base64url');
  }

  /** Keeps the number sealed under its reference (once; again only refreshes when it was used). */
  async keep(digits: string, kind: AadhaarKind, now = new Date()): Promise<VaultEntry> {
    const ref = this.refOf(digits);
    await this.docs.updateOne(
      { _id: ref },
      { $set: { usedAt: now, kind, keyId: this.sealer.keyId, sealed: this.sealer.seal(digits, ref) }, $setOnInsert: { createdAt: now } },
      { upsert: true },
    );
    return { ref, masked: maskAadhaar(digits), kind };
  }

  /** The number behind a reference, for the call to UIDAI only; null when the vault has none (forgotten). */
  async reveal(ref: string): Promise<{ digits: string; kind: AadhaarKind } | null> {
    const doc = await this.docs.findOne({ _id: ref });
    if (!doc) return null;
    if (doc.keyId !== this.sealer.keyId) throw new Error('the Aadhaar vault record was sealed with another key (AADHAAR_VAULT_KEY changed?)');
    return { digits: this.sealer.open(doc.sealed, ref), kind: doc.kind };
  }
}
