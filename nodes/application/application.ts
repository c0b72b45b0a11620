/**
 * application: a citizen's application to a department, as a flow step
 * (platform/departments/applications).
 *
 * - file: records the application under a reference number (once per
 *   confirming message: a double tap or a re-run files one), sends it to the
 *   department (the reference is the idempotency key), and says so. Outputs:
 *   submitted; refused by the department (its reason, mapped to a citizen
 *   text where the flow maps its code); pending: the department is busy or
 *   down, the application is kept and submitted when it is back, and the
 *   citizen is told then.
 * - status: finds the application whose reference the citizen typed, or
 *   lists their own. Outputs: found; not found.
 * - rate: the stars the citizen tapped for a resolved grievance (the list
 *   the status push offers). Outputs: kept; refused (not theirs, not resolved).
 *
 * A grievance (the service's archetype) is filed the same way, with the
 * service-level time after which the platform escalates it.
 *
 * msg.payload is the citizen's text on every output; msg.application (file,
 * status by reference) or msg.applications (their own) the records.
 */
import type { ApplicationDoc } from '../../platform/departments/applications/applications';
import { readRatingReply } from '../../platform/departments/applications/rating';
import { readReference } from '../../platform/departments/applications/references';
import { uidTokenFor } from '../../platform/identity/aadhaar/verified';
import { answersTemplate, expandPath, isSafePathTemplate, PathValueError } from '../../platform/departments/api/path-template';
import { refusalTextKey } from '../../platform/departments/api/refusals';
import { languageOf, textIn } from '../../platform/citizens/language';
import { servicesFromSettings } from '../../platform/registry';
import type { DepartmentConfigNode } from '../department/config';
import { citizenKeyOf, languageOfMsg, messageIdOf } from '../conversation-step';
import { evaluateToJson, readMessageProperty } from '../msg-property';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';
import { migrate } from './config';

/** A citizen's own applications listed in one message. */
const LISTED = 5;

function register(RED: NodeAPI): void {
  function ApplicationNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const config = migrate(nodeDef);
    const { texts, catalog, applications, departmentApis } = servicesFromSettings(RED.settings);
    const problems: string[] = [];
    let requestExpr: unknown = null;
    // No department node chosen: the connection deployed for the service's department (its tab's department node).
    const department = config.action === 'file' && config.department ? (RED.nodes.getNode(config.department) as DepartmentConfigNode | null) : null;
    if (config.action === 'file') {
      if (config.department && !department) problems.push(RED._('application.errors.no-department'));
      if (config.path && !isSafePathTemplate(config.path)) problems.push(RED._('application.errors.bad-path', { path: config.path }));
      if (config.service && !catalog.service(config.service)) problems.push(RED._('application.errors.unknown-service', { service: config.service }));
      const unknown = config.refusals.map((r) => r.text).filter((k) => !texts.has(k));
      if (unknown.length > 0) problems.push(RED._('application.errors.unknown-text', { keys: unknown.join(', ') }));
      try {
        requestExpr = RED.util.prepareJSONataExpression(config.request, node);
      } catch (err) {
        problems.push(RED._('application.errors.bad-jsonata', { error: (err as Error).message }));
      }
    }
    if (problems.length > 0) {
      node.status({ fill: 'red', shape: 'ring', text: RED._('application.status.misconfigured') });
      node.error(problems.join('; '));
    }

    node.on('input', (msg, send, done) => {
      if (problems.length > 0) return done(new Error(problems.join('; ')));
      (config.action === 'file' ? file(msg) : config.action === 'rate' ? rate(msg) : status(msg)).then((outputs) => {
        send(outputs);
        done();
      }, done);
    });

    const serviceTitle = (serviceId: string, language: string | null) => {
      const found = catalog.service(serviceId);
      return found ? textIn(found.service.title, languageOf(language)) : serviceId;
    };
    const described = (a: ApplicationDoc) => ({ reference: a._id, service: a.service, department: a.department, status: a.status, statusAt: a.statusAt.toISOString(), createdAt: a.createdAt.toISOString() });

    async function file(msg: NodeMessage): Promise<Array<NodeMessage | null>> {
      const key = citizenKeyOf(msg);
      if (!key) throw new Error(RED._('application.errors.no-citizen'));
      const messageId = messageIdOf(msg);
      if (!messageId) throw new Error(RED._('application.errors.no-message'));
      const serviceId = config.service || String((msg.service as { id?: unknown } | undefined)?.id ?? '');
      const found = catalog.service(serviceId);
      if (!found) throw new Error(RED._('application.errors.no-service', { service: serviceId || '""' }));
      const client = department ? department.client() : departmentApis.forDepartment(found.department.id);
      // None deployed (a tab removed, a deploy under way): the application is kept and goes once one is.
      if (!client) node.warn(RED._('application.errors.no-connection', { department: found.department.id }));
      // The path the flow gives, else the catalog's endpoint for the service, its {input} parts from the answers.
      const template = config.path || (found.service.endpoint ? answersTemplate(found.service.endpoint.path) : '');
      if (!template || !isSafePathTemplate(template)) throw new Error(RED._('application.errors.no-path', { service: serviceId }));
      if (client && found.department.id !== client.connection.department) throw new Error(RED._('application.errors.other-department', { service: serviceId, department: client.connection.department }));
      const citizen = (msg.citizen ?? {}) as Record<string, unknown>;
      const nullable = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
      const language = languageOfMsg(msg);
      // The service's own inputs only: a session also keeps the menu's choices and other services' answers.
      const sessionAnswers = ((msg.session as { answers?: unknown } | undefined)?.answers ?? {}) as Record<string, unknown>;
      const answers = Object.fromEntries(found.service.inputs.filter((i) => i.kind !== 'aadhaar' && sessionAnswers[i.name] !== undefined).map((i) => [i.name, sessionAnswers[i.name]]));
      const { application, created, claim } = await applications.store.file({
        department: { id: found.department.id, code: found.department.code },
        service: serviceId,
        archetype: found.service.archetype === 'grievance' ? 'grievance' : 'application',
        ...(found.service.slaHours ? { slaHours: found.service.slaHours } : {}),
        citizenKey: key,
        citizen: { phoneNumberId: String((msg.whatsapp as { phoneNumberId?: unknown } | undefined)?.phoneNumberId ?? ''), wa_id: nullable(citizen.wa_id), user_id: nullable(citizen.user_id), profile_name: nullable(citizen.profile_name) },
        language,
        messageId,
        answers,
        via: config.department || null,
        request: async (reference) => {
          msg.application = { reference, service: serviceId, department: found.department.id, answers, uidToken: uidTokenFor(found.service, sessionAnswers) };
          let path: string;
          try {
            path = expandPath(template, (property) => RED.util.getMessageProperty(msg, property));
          } catch (err) {
            if (!(err instanceof PathValueError)) throw err;
            throw new Error(RED._(err.problem === 'missing' ? 'application.errors.no-path-value' : 'application.errors.bad-path-value', { property: err.property }));
          }
          return { method: config.method, path, body: (await evaluateToJson(RED, requestExpr, msg)) ?? null };
        },
      });
      // Filed now: this run holds it for its first submission. Filed before (the same message run
      // again): if another run is still submitting it, its outcome; if it waits, on to the department.
      if (created && !client && claim) await applications.store.release(application._id, claim);
      const dueAt = application.submission.dueAt;
      const now =
        created && client
          ? (await applications.store.submit(application._id, client, claim)).application
          : !created && dueAt
            ? application.submission.claimedUntil && application.submission.claimedUntil.getTime() > Date.now()
              ? await applications.store.settled(application._id)
              : client && dueAt.getTime() <= Date.now()
                ? (await applications.store.submit(application._id, client)).application
                : application
            : application;
      msg.application = described(now);
      const values = { reference: now._id, service: serviceTitle(serviceId, language) };
      if (now.status === 'rejected' && now.submission.refusal) {
        const refusal = now.submission.refusal;
        msg.refusal = refusal;
        msg.payload = texts.format(refusalTextKey(config.refusals, refusal), language, { reason: refusal.reason });
        node.status({ fill: 'yellow', shape: 'dot', text: RED._('application.status.refused', { reference: now._id }) });
        return [null, msg, null];
      }
      if (now.submission.dueAt) {
        msg.payload = texts.format(now.archetype === 'grievance' ? 'applications.grievance_pending_ack' : 'applications.pending_ack', language, values);
        node.status({ fill: 'yellow', shape: 'ring', text: RED._('application.status.pending', { reference: now._id, circuit: client?.circuit ?? '-' }) });
        return [null, null, msg];
      }
      msg.payload = texts.format(now.archetype === 'grievance' ? 'applications.grievance_submitted_ack' : 'applications.submitted_ack', language, values);
      node.status({ fill: 'green', shape: 'dot', text: RED._('application.status.submitted', { reference: now._id }) });
      return [msg, null, null];
    }

    /** The stars a citizen tapped for a resolved grievance (the row's id names it): kept once, thanked. */
    async function rate(msg: NodeMessage): Promise<Array<NodeMessage | null>> {
      const key = citizenKeyOf(msg);
      if (!key) throw new Error(RED._('application.errors.no-citizen'));
      const language = languageOfMsg(msg);
      const tapped = readRatingReply((msg.message as { reply?: { id?: unknown } } | undefined)?.reply?.id);
      if (!tapped) {
        msg.payload = texts.format('applications.rate_not_yours', language);
        return [null, msg];
      }
      const outcome = await applications.store.rate(tapped.reference, key, tapped.stars);
      msg.rating = { reference: tapped.reference, stars: tapped.stars, outcome };
      msg.payload = texts.format(outcome === 'rated' ? 'applications.rated' : outcome === 'already' ? 'applications.rated_already' : outcome === 'not_resolved' ? 'applications.rate_not_resolved' : 'applications.rate_not_yours', language);
      return outcome === 'rated' || outcome === 'already' ? [msg, null] : [null, msg];
    }

    async function status(msg: NodeMessage): Promise<Array<NodeMessage | null>> {
      const language = languageOfMsg(msg);
      const typed = readMessageProperty(RED, msg, config.reference);
      // A reference where the node reads: that application; anything else (the word "status"): the citizen's own.
      const reference = readReference(typeof typed === 'number' ? String(typed) : typed);
      const line = (a: ApplicationDoc) => texts.format('applications.line', language, { reference: a._id, service: serviceTitle(a.service, language), status: texts.format(`applications.status.${a.status}`, language), since: a.statusAt });
      if (reference === null) {
        const key = citizenKeyOf(msg);
        if (!key) throw new Error(RED._('application.errors.no-citizen'));
        const own = await applications.store.ofCitizen(key, LISTED);
        msg.applications = own.map(described);
        if (own.length === 0) {
          msg.payload = texts.format('applications.none', language);
          return [null, msg];
        }
        msg.payload = [texts.format('applications.yours', language), ...own.map(line)].join('\n');
        return [msg, null];
      }
      const key = citizenKeyOf(msg);
      if (!key) throw new Error(RED._('application.errors.no-citizen'));
      // Only the citizen's own: references are numbered in order, and another's is nobody else's business.
      const found = await applications.store.ofCitizenByReference(key, reference);
      if (!found) {
        msg.payload = texts.format('applications.not_found', language, { reference });
        return [null, msg];
      }
      msg.application = described(found);
      msg.payload = line(found);
      return [msg, null];
    }
  }

  RED.nodes.registerType('application', ApplicationNode);
}

export = register;
