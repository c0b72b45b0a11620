/** How the simulated Graph API authenticates and answers errors: Meta's error bodies, by code. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from 'express';
import { MulterError } from 'multer';
import type { Logger } from '../../log';
import { graphErrorBody } from '../../whatsapp/errors';

export function sendGraphError(res: Response, code: number, details?: string, httpStatus?: number): void {
  const { status, body } = graphErrorBody(code, details);
  res.status(httpStatus ?? status).json(body);
}

/** Every Graph call, the media download included, needs `Authorization: Bearer <token>` (else 190). */
export function requireBearer(accessToken: string): RequestHandler {
  const expected = digest(accessToken);
  return (req, res, next) => {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
    // Digests compare in constant time whatever the token lengths.
    if (match && timingSafeEqual(digest(match[1]), expected)) return next();
    sendGraphError(res, 190, match ? 'Error validating access token: the token is invalid or has expired' : 'An access token is required to request this resource.');
  };
}

/** Express 4 does not catch rejected promises of async handlers. */
export function asyncHandler(handler: (req: Request, res: Response) => Promise<void>): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    handler(req, res).catch(next);
  };
}

export const unknownGraphPath: RequestHandler = (req, res) => {
  sendGraphError(res, 100, `Unsupported ${req.method.toLowerCase()} request: unknown path ${req.path}`);
};

export function graphErrorHandler(log: Logger | null): ErrorRequestHandler {
  return (err: Error & { type?: string }, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err.type === 'entity.parse.failed') return sendGraphError(res, 100, `Request body is not valid JSON: ${err.message}`);
    if (err.type === 'entity.too.large') return sendGraphError(res, 100, 'Request body is too large');
    if (err instanceof MulterError) {
      if (err.code === 'LIMIT_FILE_SIZE') return sendGraphError(res, 131053, 'File too large for any media type');
      return sendGraphError(res, 100, `Invalid multipart upload: ${err.message}`);
    }
    log?.error({ err, method: req.method, path: req.path }, 'sandbox WhatsApp: Graph request failed');
    sendGraphError(res, 131000);
  };
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Meta's answer for an id that is not one of ours (code 100, "Object with ID ... does not exist"). */
export function sendUnknownObject(res: Response, method: string, id: string): void {
  sendGraphError(
    res,
    100,
    `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
  );
}
