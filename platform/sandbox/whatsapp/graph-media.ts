/**
 * The media endpoints: upload (multipart), retrieve the info with a 5-minute
 * download URL, download with the bearer token, delete.
 */
import path from 'node:path';
import type { Request, RequestHandler, Response } from 'express';
import multer, { MulterError } from 'multer';
import type { MediaInfo } from '../../whatsapp/types';
import type { SimulatorContext } from './context';
import { sendGraphError, sendUnknownObject } from './graph-http';
import { contentMismatch, sniffMediaType, type FileTypeResult } from './media-sniff';
import type { StoredMedia } from './media-store';
import { baseMimeType, MAX_MEDIA_BYTES, mediaProblem } from './media-types';
import { MEDIA_DOWNLOAD_PATH } from './media-urls';

/**
 * Every media response says so: without it a browser may sniff stored bytes
 * (or an error body) into HTML and run it on the simulator's origin.
 */
export function noSniff(res: Response): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
}

/**
 * busboy's own failures (a body that ends mid-part, a missing boundary, a
 * broken part header) reach Express as plain Errors, which the routers'
 * error handlers answer as server faults (500). They are the client's
 * mistake: as a MulterError they get the 400 with the reason that the other
 * multipart mistakes get, in each router's own error shape.
 */
export class MalformedUploadError extends MulterError {
  constructor(cause: unknown) {
    // multer's typings list only multer's codes; the handlers branch on the class and on LIMIT_FILE_SIZE.
    super('MALFORMED_MULTIPART' as string as MulterError['code']);
    const reason = cause instanceof Error ? cause.message : String(cause);
    this.message = `the multipart body is incomplete or malformed (${reason})`;
    this.cause = cause;
  }
}

/** What the bytes of each parsed upload were sniffed as, for the handler after the parser. */
const sniffed = new WeakMap<Express.Multer.File, FileTypeResult | undefined>();

/**
 * Parses one multipart `file` into memory (the largest type's limit is the
 * hard cap, then 131053) and sniffs its bytes here, where an async step can
 * still hand a failure to `next`.
 */
export function singleFileUpload(): RequestHandler {
  const parse = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_MEDIA_BYTES, files: 1 } }).single('file');
  return (req, res, next) => {
    noSniff(res);
    parse(req, res, (err?: unknown) => {
      if (err) return next(err instanceof MulterError ? err : new MalformedUploadError(err));
      const file = req.file;
      if (!file) return next();
      sniffMediaType(file.buffer).then((detected) => {
        sniffed.set(file, detected);
        next();
      }, next);
    });
  };
}

/** Why a file parsed by singleFileUpload cannot be kept as `mimeType` (131053), or null. */
export function uploadProblem(file: Express.Multer.File, mimeType: string): string | null {
  if (!sniffed.has(file)) throw new Error('uploadProblem needs a file parsed by singleFileUpload');
  return mediaProblem(mimeType, file.size) ?? contentMismatch(mimeType, file.buffer, sniffed.get(file));
}

export function handleMediaUpload(ctx: SimulatorContext, req: Request, res: Response): void {
  const fields = (req.body ?? {}) as Record<string, unknown>;
  if (fields.messaging_product !== 'whatsapp') return sendGraphError(res, 100, 'The parameter messaging_product is required and must be "whatsapp".');
  if (!req.file) return sendGraphError(res, 100, 'The parameter file is required.');
  if (typeof fields.type !== 'string' || !fields.type) return sendGraphError(res, 100, 'The parameter type is required.');
  const mimeType = baseMimeType(fields.type);
  const problem = uploadProblem(req.file, mimeType);
  if (problem) return sendGraphError(res, 131053, problem);
  const stored = ctx.media.put({ bytes: req.file.buffer, mimeType, filename: req.file.originalname || undefined });
  res.json({ id: stored.id });
}

export function handleMediaInfo(ctx: SimulatorContext, req: Request, res: Response): void {
  noSniff(res);
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
  noSniff(res);
  if (!ctx.media.delete(req.params.mediaId)) return sendUnknownObject(res, req.method, req.params.mediaId);
  res.json({ success: true });
}

/** GET of a URL from handleMediaInfo (the bearer check runs before, as on Meta's lookaside host). */
export function handleMediaDownload(ctx: SimulatorContext, req: Request, res: Response): void {
  noSniff(res);
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
 * The disposition is sent with or without a filename: a download without one
 * must not fall back to rendering in the browser.
 */
export function sendMediaBytes(res: Response, media: StoredMedia, disposition: 'attachment' | 'inline'): void {
  noSniff(res);
  res.setHeader('Content-Disposition', contentDisposition(disposition, media.filename));
  res.setHeader('Content-Type', media.mimeType);
  res.send(media.bytes);
}

/**
 * The uploader chose the filename: keep only its last path segment, and
 * never let a quote, backslash, control character or `'` of RFC 5987 break
 * out of the header's parameters.
 */
export function contentDisposition(kind: 'attachment' | 'inline', filename: string | undefined): string {
  const base = filename === undefined ? '' : path.posix.basename(filename.replace(/\\/g, '/')).replace(/[\x00-\x1f\x7f]/g, '');
  if (!base) return kind;
  const ascii = base.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(base).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
