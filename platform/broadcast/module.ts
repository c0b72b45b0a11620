/**
 * Broadcasts (platform/broadcast): campaigns in the store, sent on BullMQ,
 * and the admin REST API behind the editor login:
 *
 *   POST /admin/broadcast/campaigns            create a draft (JSON: name, template, senders, data, audience.csv)
 *   GET  /admin/broadcast/campaigns            the newest campaigns
 *   GET  /admin/broadcast/campaigns/:id        one, with its counters (exact, no scan)
 *   POST /admin/broadcast/campaigns/:id/schedule|pause|resume|cancel
 *   POST /admin/broadcast/campaigns/:id/audience   more of a draft's audience (CSV or rows), in parts
 *   GET  /admin/broadcast/stats                this host's jobs waiting and enqueue-to-send time
 *   GET  /admin/broadcast/                     the admin page (platform/broadcast/page)
 *
 * Without Redis the API still answers, and refuses to start a campaign (503),
 * saying why.
 */
import path from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { projectRoot } from '../paths';
import jsonata from 'jsonata';
import { z } from 'zod';
import { bodyErrorAnswer } from '../http-errors';
import { requireService, type ModuleContext, type OpenedModule } from '../module';
import { ADMIN_ROOT } from '../../settings';
import { LANGUAGES } from '../citizens/language';
import { TOPIC_RULE, type AudienceFilter, type CitizenDirectory } from '../citizens/directory';
import { maskCitizenId } from '../citizens/identity';
import { AudienceError, audienceFromRows, parseAudienceCsv, type AudienceProblem, type AudienceRow } from './audience';
import { Broadcaster, TAG_CAMPAIGN } from './broadcaster';
import { Campaigns, CampaignTransitionError, EmptyAudienceError, templateProblem, type CampaignDoc } from './campaigns';

export const BROADCAST_ROOT = `${ADMIN_ROOT}/broadcast`;
const PAGE_DIR = path.join(projectRoot, 'platform', 'broadcast', 'page');
/** A CSV of two lakh rows with a few fields stays under this. */
const BODY_LIMIT = '40mb';

export interface BroadcastService {
  campaigns: Campaigns;
  /** Null when there is no Redis to send on. */
  broadcaster: Broadcaster | null;
  /** Why there is no broadcaster, when there is none. */
  unavailable: string | null;
  /** A draft from what an admin (REST) or a flow (bulk-broadcast) asks for, checked; throws BroadcastRequestError saying why not. */
  create(input: unknown, origin?: { node: string }): Promise<CampaignDoc>;
  /** A campaign as the API and nodes show it. */
  view(campaign: CampaignDoc): CampaignView;
}

/** What cannot be made into a campaign, and the HTTP answer that says so. */
export class BroadcastRequestError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly rejected?: unknown[],
  ) {
    super(message);
    this.name = 'BroadcastRequestError';
  }
}

const topicList = z.array(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, TOPIC_RULE)).min(1).max(20);
/** Citizens of the campaign's numbers in the directory: at least one of topics, a place, tags or a language. */
const AudienceFilterSchema = z
  .object({
    topics: topicList.optional(),
    district: z.string().trim().min(1).max(60).optional(),
    mandal: z.string().trim().min(1).max(60).optional(),
    pin: z.string().regex(/^[1-9]\d{5}$/, 'a PIN code: six digits').optional(),
    tags: topicList.optional(),
    language: z.enum(LANGUAGES).optional(),
    optedInOnly: z.boolean().default(true),
  })
  .strict()
  .refine((f) => f.topics || f.district || f.mandal || f.pin || f.tags || f.language, 'a filter names at least one of topics, district, mandal, pin, tags or language');

const AudiencePart = z.union([z.object({ csv: z.string().min(1) }), z.object({ rows: z.array(z.unknown()).min(1) })]);

const CreateCampaign = z.object({
  name: z.string().trim().min(1).max(200),
  template: z.object({
    name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'a template name: lower-case letters, digits and _'),
    language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'a language code such as te or en_US'),
    header: z.array(z.string().min(1).max(2000)).max(1).default([]),
    body: z.array(z.string().min(1).max(2000)).max(20).default([]),
  }),
  senders: z.array(z.string().regex(/^\d{1,32}$/, 'a phone number id')).min(1).max(20),
  data: z.record(z.string(), z.unknown()).default({}),
  audience: z.union([z.object({ csv: z.string().min(1) }), z.object({ rows: z.array(z.unknown()).min(1) }), z.object({ filter: AudienceFilterSchema })]),
  quietHours: z
    .object({ from: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, India time'), to: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, India time') })
    .nullable()
    .default(null),
});

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ broadcast: BroadcastService }>> {
  const by = 'broadcast';
  const store = requireService(ctx, 'store', by);
  const queue = requireService(ctx, 'queue', by);
  const whatsapp = requireService(ctx, 'whatsapp', by);
  const consent = requireService(ctx, 'consent', by);
  const directory = requireService(ctx, 'directory', by);
  const log = ctx.log.child({ src: 'broadcast' });
  const campaigns = new Campaigns(store);
  await campaigns.init();

  let broadcaster: Broadcaster | null = null;
  let unavailable: string | null = null;
  if (queue.commands() === null) unavailable = 'broadcasts need Redis, and this host has none (see /readyz)';
  else {
    broadcaster = new Broadcaster({ campaigns, queue, channel: whatsapp.channel, accountFor: (id) => whatsapp.hub.accountFor(id), consent, log });
    broadcaster.start();
  }
  // A citizen answering a campaign's message (a quick-reply tap, a quoted reply): the flow is told which campaign.
  whatsapp.channel.useScreen(async (message) => {
    const quoted = message.context?.id;
    if (!quoted) return message;
    const campaignId = (await whatsapp.channel.messageTag(quoted))?.[TAG_CAMPAIGN] ?? (await campaigns.legacyMessage(quoted))?.campaignId;
    if (!campaignId) return message;
    const campaign = await campaigns.get(campaignId);
    return { ...message, broadcast: { campaignId, name: campaign?.name ?? '' } };
  });
  const unsubscribe = whatsapp.hub.subscribeStatuses((status) => {
    broadcaster?.onStatus(status).catch((err: unknown) => log.warn({ err }, 'broadcast: a status could not be counted'));
  });

  async function create(input: unknown, origin?: { node: string }): Promise<CampaignDoc> {
    const parsed = CreateCampaign.safeParse(input);
    if (!parsed.success) throw new BroadcastRequestError(400, 'bad_request', parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '));
    const spec = parsed.data;
    for (const [where, expressions] of [['header', spec.template.header], ['body', spec.template.body]] as const) {
      for (const [i, e] of expressions.entries()) {
        try {
          jsonata(e);
        } catch (err) {
          throw new BroadcastRequestError(400, 'bad_parameter', `template.${where}[${i}] is not JSONata: ${(err as Error).message}`);
        }
      }
    }
    // The template must be approved on every sender, with the parameters the campaign gives.
    for (const sender of spec.senders) {
      const account = whatsapp.hub.accountFor(sender);
      if (!account) throw new BroadcastRequestError(400, 'unknown_sender', `no whatsapp-in serves number ${sender}: deploy a flow with its account first`);
      const problem = templateProblem(spec.template, await whatsapp.channel.client(account).listTemplates(account.businessAccountId));
      if (problem) throw new BroadcastRequestError(400, 'bad_template', `${sender}: ${problem}`);
    }
    const base = { name: spec.name, template: spec.template, senders: spec.senders, data: spec.data, origin: origin ?? null, quietHours: spec.quietHours };
    try {
      if ('filter' in spec.audience) {
        const filter = spec.audience.filter;
        const rejected = { kept: [] as AudienceProblem[], count: 0 };
        const rows = directoryRows(directory, spec.senders, filter, rejected);
        // The getter: create reads the count once the pages are read.
        return await campaigns.create({ ...base, rows, rejected: rejected.kept, get rejectedCount() { return rejected.count; }, duplicates: 0, audience: { kind: 'filter', filter } });
      }
      const audience = 'csv' in spec.audience ? parseAudienceCsv(spec.audience.csv) : audienceFromRows(spec.audience.rows);
      if (audience.rows.length === 0) throw new BroadcastRequestError(400, 'bad_audience', 'no row of the audience has a phone number to send to', audience.problems.slice(0, 100));
      return await campaigns.create({ ...base, rows: audience.rows, rejected: audience.problems, duplicates: audience.duplicates, audience: { kind: 'csv' in spec.audience ? 'csv' : 'rows' } });
    } catch (err) {
      if (err instanceof AudienceError) throw new BroadcastRequestError(400, 'bad_audience', err.message);
      if (err instanceof EmptyAudienceError) throw new BroadcastRequestError(400, 'bad_audience', 'no citizen the filter picks can be sent to (subscribed or opted in, with a phone number, on these numbers)');
      throw err;
    }
  }

  return {
    name: by,
    services: { broadcast: { campaigns, broadcaster, unavailable, create, view } },
    routes(app, red) {
      const router = express.Router();
      // The admin page: static files (no data in them); it signs in for an editor token and reads the API below.
      router.get('/', (req, res, next) => (req.originalUrl.endsWith('/') ? next() : res.redirect(301, `${BROADCAST_ROOT}/`)));
      router.use(express.static(PAGE_DIR, { index: 'index.html', fallthrough: true }));
      // Bodies are read only after the permission check: nobody unsigned makes the host parse megabytes.
      const campaignBody = express.json({ limit: BODY_LIMIT });
      const actionBody = express.json({ limit: '1kb' });
      const read = red.auth.needsPermission('flows.read');
      const write = red.auth.needsPermission('flows.write');
      const handle = (fn: (req: Request, res: Response) => Promise<void>) => (req: Request, res: Response, next: NextFunction) => fn(req, res).catch(next);

      router.post('/campaigns', write, campaignBody, handle(async (req, res) => {
        try {
          res.status(201).json(view(await create(req.body)));
        } catch (err) {
          if (!(err instanceof BroadcastRequestError)) throw err;
          res.status(err.status).json({ error: err.code, message: err.message, ...(err.rejected ? { rejected: err.rejected } : {}) });
        }
      }));

      router.get('/campaigns', read, handle(async (_req, res) => {
        res.json({ campaigns: (await campaigns.list()).map(view) });
      }));

      // This host's sending: jobs waiting in Redis, and the recent sends' enqueue-to-send time.
      router.get('/stats', read, handle(async (_req, res) => {
        if (!broadcaster) return void res.status(503).json({ error: 'unavailable', message: unavailable });
        res.json({ pending: broadcaster.unavailable ? null : await broadcaster.pending(), enqueueToSend: broadcaster.sendLatency(), unavailable: broadcaster.unavailable });
      }));

      router.get('/campaigns/:id', read, handle(async (req, res) => {
        const campaign = await campaigns.get(String(req.params.id));
        if (!campaign) return void res.status(404).json({ error: 'not_found', message: `no campaign ${req.params.id}` });
        res.json({ ...view(campaign), rejected: campaign.rejected.slice(0, 100) });
      }));

      // More of a draft's audience: a CSV or rows, as at creation (a list too big for one upload, in parts).
      router.post('/campaigns/:id/audience', write, campaignBody, handle(async (req, res) => {
        const parsed = AudiencePart.safeParse(req.body);
        if (!parsed.success) return void res.status(400).json({ error: 'bad_request', message: parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ') });
        let audience;
        try {
          audience = 'csv' in parsed.data ? parseAudienceCsv(parsed.data.csv) : audienceFromRows(parsed.data.rows);
        } catch (err) {
          if (!(err instanceof AudienceError)) throw err;
          return void res.status(400).json({ error: 'bad_audience', message: err.message });
        }
        try {
          res.json(view(await campaigns.appendAudience(String(req.params.id), audience.rows, audience.problems, audience.duplicates)));
        } catch (err) {
          if (!(err instanceof CampaignTransitionError)) throw err;
          res.status(err.actual === null ? 404 : 409).json({ error: err.actual === null ? 'not_found' : 'conflict', message: err.message });
        }
      }));

      router.post('/campaigns/:id/:action(schedule|pause|resume|cancel)', write, actionBody, handle(async (req, res) => {
        if (!broadcaster) return void res.status(503).json({ error: 'unavailable', message: unavailable });
        const id = String(req.params.id);
        const action = String(req.params.action);
        // Starting needs Redis now; pause and cancel are the store's alone and work without it.
        if ((action === 'schedule' || action === 'resume') && broadcaster.unavailable) return void res.status(503).json({ error: 'unavailable', message: broadcaster.unavailable });
        let at: Date | null = null;
        if (action === 'schedule' && req.body?.at !== undefined) {
          at = new Date(String(req.body.at));
          if (Number.isNaN(at.getTime())) return void res.status(400).json({ error: 'bad_request', message: 'at: an ISO date and time, e.g. 2026-12-03T18:00:00+05:30' });
        }
        try {
          const campaign = action === 'schedule' ? await broadcaster.schedule(id, at) : action === 'pause' ? await broadcaster.pause(id) : action === 'resume' ? await broadcaster.resume(id) : await broadcaster.cancel(id);
          res.json(view(campaign));
        } catch (err) {
          if (!(err instanceof CampaignTransitionError)) throw err;
          res.status(err.actual === null ? 404 : 409).json({ error: err.actual === null ? 'not_found' : 'conflict', message: err.message });
        }
      }));

      router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
        const answer = bodyErrorAnswer(err);
        if (answer) return void res.status(answer.status).json(answer.body);
        next(err);
      });
      app.use(BROADCAST_ROOT, router);
    },
    close: async () => {
      unsubscribe();
      await broadcaster?.close();
    },
  };
}

export type CampaignView = ReturnType<typeof view>;

/** A campaign as the API shows it: the counters and a funnel of them. */
function view(c: CampaignDoc) {
  const { counts } = c;
  return {
    id: c._id,
    name: c.name,
    state: c.state,
    template: c.template,
    senders: c.senders,
    total: c.total,
    counts,
    funnel: { sent: counts.sent + counts.delivered + counts.read, delivered: counts.delivered + counts.read, read: counts.read },
    errors: c.errors,
    rejectedCount: c.rejectedCount,
    duplicates: c.duplicates,
    scheduledAt: c.scheduledAt,
    quietHours: c.quietHours ?? null,
    hold: c.hold ?? null,
    audience: c.audience ?? { kind: 'rows' },
    createdAt: c.createdAt,
    startedAt: c.startedAt,
    completedAt: c.completedAt,
  };
}

/**
 * A filter's citizens as audience rows, page by page: each sent from the number they subscribed on,
 * their place as fields the template may use. A citizen known only by BSUID cannot be sent a
 * template by phone number yet: reported, not sent.
 */
async function* directoryRows(directory: CitizenDirectory, senders: string[], filter: AudienceFilter, rejected: { kept: AudienceProblem[]; count: number }): AsyncGenerator<AudienceRow[]> {
  for await (const page of directory.matching(senders, filter)) {
    const rows: AudienceRow[] = [];
    for (const profile of page) {
      if (!profile.waId) {
        if (rejected.kept.length < 1000) rejected.kept.push({ line: 0, reason: `citizen ${maskCitizenId(profile.userId ?? profile._id)} has no phone number on record (BSUID only)` });
        rejected.count++;
        continue;
      }
      const fields: Record<string, string> = {};
      for (const key of ['district', 'mandal', 'pin'] as const) if (profile[key]) fields[key] = profile[key];
      rows.push({ waId: profile.waId, sender: profile.phoneNumberId, fields });
    }
    if (rows.length > 0) yield rows;
  }
}
