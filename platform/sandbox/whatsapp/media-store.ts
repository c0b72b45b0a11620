/**
 * Uploaded media (by the business through the Graph API, or by a citizen
 * through the chat page), kept in memory up to a byte budget; oldest first out.
 * Meta keeps uploads for 30 days, so older ones read as gone.
 */
import { createHash } from 'node:crypto';
import type { Clock } from './options';
import { newMediaId } from './ids';

export interface StoredMedia {
  id: string;
  mimeType: string;
  bytes: Buffer;
  /** Hex SHA-256 of the bytes, as Meta reports it for integrity checks. */
  sha256: string;
  filename?: string;
  createdAt: Date;
}

const RETENTION_MS = 30 * 24 * 60 * 60 * 1000;

export class MediaStore {
  private readonly media = new Map<string, StoredMedia>();
  private totalBytes = 0;

  constructor(
    private readonly maxBytes: number,
    private readonly clock: Clock,
  ) {}

  put(upload: { bytes: Buffer; mimeType: string; filename?: string }): StoredMedia {
    const stored: StoredMedia = {
      id: newMediaId(),
      mimeType: upload.mimeType,
      bytes: upload.bytes,
      sha256: createHash('sha256').update(upload.bytes).digest('hex'),
      filename: upload.filename,
      createdAt: this.clock(),
    };
    this.media.set(stored.id, stored);
    this.totalBytes += stored.bytes.length;
    for (const oldest of this.media.values()) {
      if (this.totalBytes <= this.maxBytes || oldest === stored) break;
      this.delete(oldest.id);
    }
    return stored;
  }

  get(id: string): StoredMedia | undefined {
    const stored = this.media.get(id);
    if (stored && this.clock().getTime() - stored.createdAt.getTime() > RETENTION_MS) {
      this.delete(id);
      return undefined;
    }
    return stored;
  }

  delete(id: string): boolean {
    const stored = this.media.get(id);
    if (!stored) return false;
    this.media.delete(id);
    this.totalBytes -= stored.bytes.length;
    return true;
  }

  clear(): void {
    this.media.clear();
    this.totalBytes = 0;
  }
}
