/**
 * Applications (platform/departments/applications): the store of filed
 * applications, the departments' signed status webhook under
 * /api/departments, the push of each status change to the citizen, and the
 * sweep that submits applications a department was down for and escalates
 * grievances past their service-level time.
 */
import { ADMIN_ROOT, NODE_ROOT } from '../../../settings';
import { requireService, type ModuleContext, type OpenedModule } from '../../module';
import { Applications, type ApplicationDoc } from './applications';
import { StatusPush, type PushOutcome } from './status-push';
import { STATUS_WEBHOOK_ROOT, StatusKeys, statusWebhookRouter } from './status-webhook';

/** How often this host looks for applications waiting for their department. */
const SWEEP_MS = 15_000;

export interface ApplicationsService {
  store: Applications;
  push: StatusPush;
  /** Keys departments sign status webhooks with (configuration, and the sandbox's own). */
  keys: StatusKeys;
  /** Submits what is due now (the sweep calls it; tests too). */
  submitDue(): Promise<number>;
  /** Escalates grievances past their service-level time (the sweep calls it; tests too). */
  escalateDue(): Promise<number>;
  /** Tells citizens the steps a failed push left untold (the sweep calls it; tests too). */
  retellDue(): Promise<number>;
}

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ applications: ApplicationsService }>> {
  const by = 'applications';
  const store = requireService(ctx, 'store', by);
  const whatsapp = requireService(ctx, 'whatsapp', by);
  const departmentApis = requireService(ctx, 'departmentApis', by);
  const officers = requireService(ctx, 'officers', by);
  const log = ctx.log.child({ src: 'applications' });
  const applications = new Applications(store, log);
  await applications.init();
  const push = new StatusPush({
    channel: whatsapp.channel,
    accountFor: (phoneNumberId) => whatsapp.hub.accountFor(phoneNumberId),
    texts: requireService(ctx, 'texts', by),
    catalog: requireService(ctx, 'catalog', by),
    log,
  });
  const keys = new StatusKeys();
  for (const key of ctx.config.departmentStatusKeys) keys.trust(key.department, key.keyId, key.secret);

  /**
   * Tells the citizen of history[at] (the latest step by default), unless the department has moved
   * it on since (that is said instead): null then. Kept as untold until the push succeeds, so the
   * sweep tries again after a failure ('failed'). The webhook, the sweeps and escalations all tell here.
   */
  async function tell(application: ApplicationDoc, at = application.history.length - 1): Promise<PushOutcome | 'failed' | null> {
    const entry = application.history[at];
    const latest = at === application.history.length - 1;
    if (!entry || !latest || (entry.status !== 'escalated' && entry.status !== application.status)) {
      await applications.told(application._id, at);
      return null;
    }
    await applications.remember(application._id, at);
    try {
      const pushed = await push.push(application, entry);
      if (pushed === 'no_account') throw new Error('no whatsapp-in serves the number the application came from');
      await applications.told(application._id, at);
      return pushed;
    } catch (err) {
      log.warn({ err, application: application._id }, 'applications: could not tell the citizen yet; trying again later');
      await applications.tellLater(application._id, at);
      return 'failed';
    }
  }

  /** Steps the citizen could not be told of yet, told now. */
  async function retellDue(): Promise<number> {
    const due = await applications.untoldDue();
    for (const application of due) await tell(application, application.untold!.at);
    return due.length;
  }

  async function submitDue(): Promise<number> {
    let submitted = 0;
    // Only departments a deployed flow connects to: the others' applications wait without holding the queue.
    for (const application of await applications.due(departmentApis.departments())) {
      // Through the connection the flow chose, else the one deployed for the department.
      // (Only while that node still connects to the application's department: a repointed node is not.)
      const chosen = application.submission.via ? departmentApis.held(application.submission.via) : null;
      const client = (chosen?.connection.department === application.department ? chosen : null) ?? departmentApis.forDepartment(application.department);
      if (!client) continue;
      const result = await applications.submit(application._id, client);
      if (result.outcome === 'submitted' || result.outcome === 'refused') {
        submitted++;
        await tell(result.application);
      }
    }
    return submitted;
  }

  /** Grievances past their service-level time: one level up, the citizen told, the officers' queue given the case. */
  async function escalateDue(): Promise<number> {
    const escalated = await applications.escalateDue();
    for (const grievance of escalated) {
      await tell(grievance);
      const level = grievance.escalation?.level ?? 1;
      await officers
        .request({
          citizenKey: grievance.citizenKey,
          citizen: grievance.citizen,
          phoneNumberId: grievance.citizen.phoneNumberId,
          department: grievance.department,
          language: grievance.language,
          note: `Grievance ${grievance._id} (${grievance.service}) not resolved in time: escalated to level ${level}`,
          // Once per grievance and level, whichever host or sweep gets there.
          messageId: `escalation:${grievance._id}:${level}`,
        })
        .catch((err: Error) => log.warn({ err, grievance: grievance._id }, 'applications: could not queue an escalated grievance for the officers'));
    }
    return escalated.length;
  }

  let timer: NodeJS.Timeout | null = null;
  let sweeping: Promise<unknown> | null = null;
  return {
    name: by,
    services: { applications: { store: applications, push, keys, submitDue, escalateDue, retellDue } },
    routes(app, red) {
      app.use(`${NODE_ROOT}${STATUS_WEBHOOK_ROOT}`, statusWebhookRouter({ applications, tell, keys }));
      // Admins see what waits for a department: attempts, the last problem, since when.
      app.get(`${ADMIN_ROOT}/applications/pending`, red.auth.needsPermission('flows.read'), (_req, res, next) => {
        applications
          .pending()
          .then((pending) =>
            res.json({
              pending: pending.map((a) => ({ reference: a._id, department: a.department, service: a.service, since: a.createdAt, dueAt: a.submission.dueAt, attempts: a.submission.attempts, lastProblem: a.submission.lastProblem ?? null })),
            }),
          )
          .catch(next);
      });
    },
    started() {
      timer = setInterval(() => {
        if (sweeping) return;
        sweeping = Promise.all([submitDue(), escalateDue(), retellDue()])
          .catch((err: Error) => log.warn({ err }, 'applications: the submission sweep failed'))
          .finally(() => (sweeping = null));
      }, SWEEP_MS);
      timer.unref();
    },
    async close() {
      if (timer) clearInterval(timer);
      await sweeping;
    },
  };
}
