/**
 * The simulated Graph API. The host mounts it at any prefix (e.g.
 * /sandbox/graph) and points the client's graphBaseUrl there; any v<N>.0
 * version segment is accepted and ignored, like Graph versions a client may pin.
 */
import express, { type Request, type Router } from 'express';
import type { SimulatorContext } from './context';
import { asyncHandler, graphErrorHandler, requireBearer, sendUnknownObject, unknownGraphPath } from './graph-http';
import { handleMediaDelete, handleMediaDownload, handleMediaInfo, handleMediaUpload, noSniff, singleFileUpload } from './graph-media';
import { handleMessagesPost } from './graph-messages';
import { handleTemplateList } from './graph-templates';
import { MEDIA_DOWNLOAD_PATH } from './media-urls';
import type { SimulatedPhoneNumber } from './options';

const VERSION = '/:version(v\\d+\\.0)';
const SEND_BODY_LIMIT = '1mb';

export function createGraphRouter(ctx: SimulatorContext): Router {
  const router = express.Router();
  // Every answer is JSON or stored bytes: never let a browser sniff one into HTML.
  router.use((_req, res, next) => {
    noSniff(res);
    next();
  });
  router.use(requireBearer(ctx.options.accessToken));
  // Before any body is parsed: an unknown number is refused without reading an upload.
  router.param('phoneNumberId', (req, res, next, id: string) => {
    if (ctx.phoneNumbers.get(id)) return next();
    sendUnknownObject(res, req.method, id);
  });

  router.get(MEDIA_DOWNLOAD_PATH, (req, res) => handleMediaDownload(ctx, req, res));
  router.post(
    `${VERSION}/:phoneNumberId/messages`,
    express.json({ limit: SEND_BODY_LIMIT }),
    asyncHandler((req, res) => handleMessagesPost(ctx, phoneNumberOf(ctx, req), req, res)),
  );
  router.post(`${VERSION}/:phoneNumberId/media`, singleFileUpload(), (req, res) => handleMediaUpload(ctx, req, res));
  router.get(`${VERSION}/:businessAccountId/message_templates`, (req, res) => handleTemplateList(ctx, req, res));
  router.get(`${VERSION}/:mediaId`, (req, res) => handleMediaInfo(ctx, req, res));
  router.delete(`${VERSION}/:mediaId`, (req, res) => handleMediaDelete(ctx, req, res));

  router.use(unknownGraphPath);
  router.use(graphErrorHandler(ctx.options.log));
  return router;
}

/** The number of a route with :phoneNumberId, which the param check above has already found. */
function phoneNumberOf(ctx: SimulatorContext, req: Request): SimulatedPhoneNumber {
  const number = ctx.phoneNumbers.get(req.params.phoneNumberId);
  if (!number) throw new Error(`phone number ${req.params.phoneNumberId} vanished after its check`);
  return number;
}
