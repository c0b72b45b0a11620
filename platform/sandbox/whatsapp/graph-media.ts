/**
 * The media endpoints: upload (multipart), retrieve the info with a 5-minute
 * download URL, download with the bearer token, delete.
 */
import type { Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import type { MediaInfo } from '../../whatsapp/types';
import type { SimulatorContext } from './context';
import { sendGraphError, sendUnknownObject } from './graph-http';
import type { StoredMedia } from './media-store';
import { baseMimeType, MAX_MEDIA_BYTES, mediaProblem } from './media-types';
import { MEDIA_DOWNLOAD_PATH } from './media-urls';

/** Parses one multipart `file` into memory; the largest type's limit is the hard cap (then 131053). */
export function singleFileUpload(): RequestHandler {
  return multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_MEDIA_BYTES, files: 1 } }).single('file');
}

export function handleMediaUpload(ctx: SimulatorContext, req: Request, res: Response): void {
  const fields = (req.body ?? {}) as Record<string, unknown>;
  if (fields.messaging_product !== 'whatsapp') return sendGraphError(res, 100, 'The parameter messaging_product is required and must be "whatsapp".');
  if (!req.file) return sendGraphError(res, 100, 'The parameter file is required.');
  if (typeof fields.type !== 'string' || !fields.type) return sendGraphError(res, 100, 'The parameter type is required.');
  const mimeType = baseMimeType(fields.type);
  const problem = mediaProblem(mimeType, req.file.size);
  if (problem) return sendGraphError(res, 131053, problem);
  const stored = ctx.media.put({ bytes: req.file.buffer, mimeType, filename: req.file.originalname || undefined });
  res.json({ id: stored.id });
}

export function handleMediaInfo(ctx: SimulatorContext, req: Request, res: Response): void {
  const media = ctx.media.get(req.params.mediaId);
  if (!media) return sendUnknownObject(res, req.method, req.params.mediaId);
  const info: MediaInfo = {
    messaging_product: 'whatsapp',
    url: `${req.protocol}://${req.get('host')}${req.baseUrl}${MEDIA_DOWNLOAD_PATH}?${ctx.mediaUrls.query(media.id)}`,
    mime_type: media.mimeType,
    sha256: media.sha256,
    file_size: String(media.bytes.length),
    id: media.id,
  };
  res.json(info);
}

export function handleMediaDelete(ctx: SimulatorContext, req: Request, res: Response): void {
  if (!ctx.media.delete(req.params.mediaId)) return sendUnknownObject(res, req.method, req.params.mediaId);
  res.json({ success: true });
}

/** GET of a URL from handleMediaInfo (the bearer check runs before, as on Meta's lookaside host). */
export function handleMediaDownload(ctx: SimulatorContext, req: Request, res: Response): void {
  const check = ctx.mediaUrls.check(req.query);
  if (!check.ok) {
    const why = check.reason === 'expired' ? 'URL signature expired: retrieve the media again for a fresh URL' : 'URL signature mismatch';
    return sendGraphError(res, 100, why, 404);
  }
  const media = ctx.media.get(check.mediaId);
  if (!media) return sendGraphError(res, 100, 'The media was deleted', 404);
  sendMediaBytes(res, media, 'attachment');
}

/**
 * Graph downloads come as attachments, as Meta's do; the citizen's phone
 * (the chat page) opens them inline, so a certificate PDF shows in a tab.
 */
export function sendMediaBytes(res: Response, media: StoredMedia, disposition: 'attachment' | 'inline'): void {
  if (media.filename) res.setHeader('Content-Disposition', contentDisposition(disposition, media.filename));
  res.setHeader('Content-Type', media.mimeType);
  res.send(media.bytes);
}

function contentDisposition(kind: 'attachment' | 'inline', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}
