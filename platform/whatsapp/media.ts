/** Integrity of downloaded media: the bytes must hash to the sha256 Graph announced. */
import { createHash } from 'node:crypto';

export class MediaIntegrityError extends Error {
  readonly mediaId: string;
  readonly expectedSha256: string;
  readonly actualSha256: string;

  constructor(mediaId: string, expectedSha256: string, actualSha256: string) {
    super(`media ${mediaId}: downloaded bytes have sha256 ${actualSha256}, Graph announced ${expectedSha256}`);
    this.name = 'MediaIntegrityError';
    this.mediaId = mediaId;
    this.expectedSha256 = expectedSha256;
    this.actualSha256 = actualSha256;
  }
}

/**
 * The media endpoint gives sha256 as hex, while webhooks have been seen
 * carrying it in base64; either form is accepted.
 */
export function assertMediaIntegrity(mediaId: string, data: Buffer, expectedSha256: string): void {
  const digest = createHash('sha256').update(data).digest();
  const isHex = /^[0-9a-f]{64}$/i.test(expectedSha256);
  const actual = isHex ? digest.toString('hex') : digest.toString('base64');
  const expected = isHex ? expectedSha256.toLowerCase() : expectedSha256;
  if (actual !== expected) throw new MediaIntegrityError(mediaId, expectedSha256, actual);
}
