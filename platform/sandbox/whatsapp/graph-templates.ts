/** GET /{version}/{waba_id}/message_templates, with Graph cursor paging (limit, after). */
import type { Request, Response } from 'express';
import type { SimulatorContext } from './context';
import { sendGraphError, sendUnknownObject } from './graph-http';

export function handleTemplateList(ctx: SimulatorContext, req: Request, res: Response): void {
  const { businessAccountId } = req.params;
  if (!ctx.phoneNumbers.hasBusinessAccount(businessAccountId)) return sendUnknownObject(res, req.method, businessAccountId);
  const limit = typeof req.query.limit === 'string' ? Number(req.query.limit) : undefined;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) return sendGraphError(res, 100, 'limit must be a positive integer');
  const after = typeof req.query.after === 'string' ? req.query.after : undefined;
  const page = ctx.templates.page(limit, after);
  if (!page) return sendGraphError(res, 100, 'Invalid after cursor');

  const paging: { cursors: typeof page.paging.cursors; next?: string } = { ...page.paging };
  if (page.hasMore) {
    const next = new URLSearchParams({ limit: String(page.data.length), after: page.paging.cursors.after });
    paging.next = `${req.protocol}://${req.get('host')}${req.baseUrl}${req.path}?${next.toString()}`;
  }
  res.json({ data: page.data, paging });
}
