/**
 * Download URLs for media, like Meta's lookaside URLs: they name the media,
 * expire after 5 minutes and carry an HMAC so they cannot be forged or
 * extended. The download still needs the bearer token.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Clock } from './options';

export const MEDIA_URL_TTL_MS = 5 * 60 * 1000;
/** Path of the download route inside the Graph router (mirrors lookaside.fbsbx.com). */
export const MEDIA_DOWNLOAD_PATH = '/whatsapp_business/attachments/';

export type MediaUrlCheck = { ok: true; mediaId: string } | { ok: false; reason: 'invalid' | 'expired' };

export class MediaUrlSigner {
  private readonly key = randomBytes(32);

  constructor(private readonly clock: Clock) {}

  /** The query string of a fresh download URL for this media. */
  query(mediaId: string): string {
    const expires = String(this.clock().getTime() + MEDIA_URL_TTL_MS);
    return new URLSearchParams({ mid: mediaId, ext: expires, hash: this.hash(mediaId, expires) }).toString();
  }

  check(query: { mid?: unknown; ext?: unknown; hash?: unknown }): MediaUrlCheck {
    const { mid, ext, hash } = query;
    if (typeof mid !== 'string' || typeof ext !== 'string' || typeof hash !== 'string') return { ok: false, reason: 'invalid' };
    const expected = Buffer.from(this.hash(mid, ext));
    const given = Buffer.from(hash);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { ok: false, reason: 'invalid' };
    if (this.clock().getTime() > Number(ext)) return { ok: false, reason: 'expired' };
    return { ok: true, mediaId: mid };
  }

  private hash(mediaId: string, expires: string): string {
    return createHmac('sha256', this.key).update(`${mediaId}:${expires}`).digest('base64url');
  }
}
