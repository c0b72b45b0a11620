/** Media types and size limits of the Cloud API (reference §1.6, §1.7). */

export type MediaKind = 'image' | 'document' | 'audio' | 'video';

const MB = 1024 * 1024;

export const MEDIA_LIMITS: Readonly<Record<MediaKind, { maxBytes: number; mimeTypes: readonly string[] }>> = {
  image: { maxBytes: 5 * MB, mimeTypes: ['image/jpeg', 'image/png'] },
  document: {
    maxBytes: 100 * MB,
    mimeTypes: [
      'application/pdf',
      'text/plain',
      'application/msword',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.ms-excel',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
  },
  audio: { maxBytes: 16 * MB, mimeTypes: ['audio/aac', 'audio/amr', 'audio/mpeg', 'audio/mp4', 'audio/ogg'] },
  video: { maxBytes: 16 * MB, mimeTypes: ['video/mp4', 'video/3gpp'] },
};

/** The largest upload any type allows: the multipart parser's hard cap. */
export const MAX_MEDIA_BYTES = Math.max(...Object.values(MEDIA_LIMITS).map((l) => l.maxBytes));

/** Parameters after ';' (e.g. "audio/ogg; codecs=opus") do not change the type. */
export function baseMimeType(mimeType: string): string {
  return mimeType.split(';')[0].trim().toLowerCase();
}

export function mediaKindOf(mimeType: string): MediaKind | null {
  const base = baseMimeType(mimeType);
  const entry = Object.entries(MEDIA_LIMITS).find(([, limit]) => limit.mimeTypes.includes(base));
  return entry ? (entry[0] as MediaKind) : null;
}

/** Why media of this type and size cannot be used (Graph error 131053), or null. */
export function mediaProblem(mimeType: string, size: number, expectedKind?: MediaKind): string | null {
  const kind = mediaKindOf(mimeType);
  if (!kind) return `Unsupported file type: ${mimeType}`;
  if (expectedKind && kind !== expectedKind) return `${mimeType} is not a supported ${expectedKind} type (${MEDIA_LIMITS[expectedKind].mimeTypes.join(', ')})`;
  const max = MEDIA_LIMITS[kind].maxBytes;
  if (size > max) return `${kind} too large: ${size} bytes, the limit is ${max / MB} MB`;
  return null;
}
