/**
 * The citizen side of the sandbox (mounted by the host at /sandbox/api): what
 * the chat page, tests and benchmarks use to play a citizen. JSON in and out;
 * bad input is a 400 with the reason.
 */
import type { SmsMessage } from './events';
import express, { type ErrorRequestHandler, type Router } from 'express';
import { MulterError } from 'multer';
import type { Logger } from '../../log';
import { citizenMessageSchema, WA_ID, type CitizenMessages } from './citizen-messages';
import type { SimulatorContext } from './context';
import type { EventStreams } from './event-streams';
import { asyncHandler } from './graph-http';
import { noSniff, sendMediaBytes, singleFileUpload, uploadProblem } from './graph-media';
import { baseMimeType } from './media-types';

/** Large enough for a base64 photo; bigger files go through POST /media. */
const JSON_BODY_LIMIT = '8mb';

export function createCitizenRouter(ctx: SimulatorContext, citizens: CitizenMessages, streams: EventStreams, smsFor: (waId: string) => readonly SmsMessage[]): Router {
  const router = express.Router();
  // Every answer is JSON or stored bytes: never let a browser sniff one into HTML.
  router.use((_req, res, next) => {
    noSniff(res);
    next();
  });
  router.use(express.json({ limit: JSON_BODY_LIMIT }));

  router.post(
    '/messages',
    asyncHandler(async (req, res) => {
      const parsed = citizenMessageSchema.safeParse(req.body);
      if (!parsed.success) return badRequest(res, parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
      const sent = await citizens.send(parsed.data);
      if (!sent.ok) return badRequest(res, sent.reason);
      res.json({ id: sent.id });
    }),
  );

  // A file the citizen attaches, to send next as media.id.
  router.post('/media', singleFileUpload(), (req, res) => {
    if (!req.file) return badRequest(res, 'a multipart "file" field is required');
    const mimeType = baseMimeType(req.file.mimetype);
    const problem = uploadProblem(req.file, mimeType);
    if (problem) return badRequest(res, problem);
    const stored = ctx.media.put({ bytes: req.file.buffer, mimeType, filename: req.file.originalname || undefined });
    res.json({ id: stored.id, mime_type: stored.mimeType, sha256: stored.sha256, file_size: stored.bytes.length });
  });

  router.param('waId', (req, res, next, waId: string) => {
    const check = WA_ID.safeParse(waId);
    if (check.success) return next();
    badRequest(res, `waId ${check.error.issues[0].message}`);
  });
  // SMS to the phone (OTPs), newest last: the chat page shows them on opening, then live.
  router.get('/conversations/:waId/sms', (req, res) => {
    res.json({ sms: smsFor(req.params.waId) });
  });
  router.get('/conversations/:waId', (req, res) => {
    const { waId } = req.params;
    res.json(ctx.conversations.get(waId)?.view() ?? { waId, name: null, messages: [] });
  });
  router.get('/conversations/:waId/events', (req, res) => streams.stream(req.params.waId, req, res));
  router.post('/conversations/:waId/read', (req, res) => {
    res.json({ read: ctx.statuses.readByCitizen(req.params.waId) });
  });

  router.get('/media/:id', (req, res) => {
    const media = ctx.media.get(req.params.id);
    if (!media) {
      res.status(404).json({ error: 'not_found', message: `no media ${req.params.id}` });
      return;
    }
    sendMediaBytes(res, media, 'inline');
  });

  router.get('/templates', (_req, res) => {
    res.json({ data: ctx.templates.all() });
  });

  router.use(citizenErrorHandler(ctx.options.log));
  return router;
}

function badRequest(res: express.Response, message: string): void {
  res.status(400).json({ error: 'invalid_request', message });
}

function citizenErrorHandler(log: Logger | null): ErrorRequestHandler {
  return (err: Error & { type?: string }, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err.type === 'entity.parse.failed') return badRequest(res, `request body is not valid JSON: ${err.message}`);
    if (err.type === 'entity.too.large') return badRequest(res, `request body is larger than ${JSON_BODY_LIMIT}; upload files with POST /media`);
    if (err instanceof MulterError) return badRequest(res, `invalid upload: ${err.message}`);
    log?.error({ err, method: req.method, path: req.path }, 'sandbox WhatsApp: citizen API request failed');
    res.status(500).json({ error: 'internal_error', message: 'internal error; see the log' });
  };
}
