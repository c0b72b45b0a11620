/**
 * department-api: one call to a department's API (platform/departments/api),
 * as a flow step. The request is mapped from the message with JSONata, the
 * answer mapped back the same way. Three outputs, so a flow says the right
 * thing without code: the answer (msg.payload); the department's refusal
 * (msg.refusal, and msg.payload the citizen's text for it); unavailable after
 * retries or while the department's circuit is open (msg.unavailable, and
 * msg.payload the "busy" text). A write carries an idempotency key from the
 * citizen's message, so a message run again files nothing twice.
 */
import { createHash } from 'node:crypto';
import { refusalTextKey } from '../../platform/departments/api/refusals';
import { answersTemplate, expandPath, isSafePathTemplate, PathValueError } from '../../platform/departments/api/path-template';
import { servicesFromSettings } from '../../platform/registry';
import type { DepartmentConfigNode } from '../department/config';
import { languageOfMsg, messageIdOf } from '../conversation-step';
import { evaluateToJson } from '../msg-property';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';
import { migrate } from './config';

function register(RED: NodeAPI): void {
  function DepartmentApiNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const config = migrate(nodeDef);
    const { texts, catalog, departmentApis } = servicesFromSettings(RED.settings);
    const department = config.department ? (RED.nodes.getNode(config.department) as DepartmentConfigNode | null) : null;
    const service = config.service ? catalog.service(config.service) : undefined;
    const problems: string[] = [];
    if (config.service && !service) problems.push(RED._('department-api.errors.unknown-service', { service: config.service }));
    if (!department && !config.service) problems.push(RED._('department-api.errors.no-department'));
    // The node's own path, else the catalog's endpoint for the service (its method too).
    const endpoint = service?.service.endpoint ?? null;
    const template = config.path || (endpoint ? answersTemplate(endpoint.path) : '');
    const method = config.path ? config.method : (endpoint?.method ?? config.method);
    if (service && !template) problems.push(RED._('department-api.errors.no-endpoint', { service: config.service }));
    // The path is under the department's base URL: never another host, scheme or a way out of it.
    if (!isSafePathTemplate(template)) problems.push(RED._('department-api.errors.bad-path', { path: template }));
    const unknown = config.refusals.map((r) => r.text).filter((k) => !texts.has(k));
    if (unknown.length > 0) problems.push(RED._('department-api.errors.unknown-text', { keys: unknown.join(', ') }));
    const prepare = (expr: string, what: string) => {
      if (!expr) return null;
      try {
        return RED.util.prepareJSONataExpression(expr, node);
      } catch (err) {
        problems.push(RED._('department-api.errors.bad-jsonata', { what, error: (err as Error).message }));
        return null;
      }
    };
    const requestExpr = prepare(config.request, 'request');
    const responseExpr = prepare(config.response, 'response');
    if (problems.length > 0) {
      node.status({ fill: 'red', shape: 'ring', text: RED._('department-api.status.misconfigured') });
      node.error(problems.join('; '));
    }

    node.on('input', (msg, send, done) => {
      if (problems.length > 0) return done(new Error(problems.join('; ')));
      run(msg)
        .then((outputs) => {
          send(outputs);
          done();
        })
        .catch((err: Error) => done(err));
    });

    async function run(msg: NodeMessage): Promise<Array<NodeMessage | null>> {
      let client;
      try {
        client = department ? department.client() : departmentApis.forDepartment(service!.department.id);
        if (!client) throw new Error(RED._('department-api.errors.no-connection', { department: service!.department.id }));
      } catch (err) {
        // A department not set up here (no base URL outside the sandbox, say): for the citizen the
        // service is unavailable, not silent; for the integrator, the reason is in the log and status.
        node.error(err as Error);
        node.status({ fill: 'red', shape: 'ring', text: RED._('department-api.status.not-configured') });
        msg.unavailable = { reason: 'not_configured', status: null, attempts: 0, circuit: null };
        msg.payload = texts.format('department.unavailable', languageOfMsg(msg));
        return [null, null, msg];
      }
      // A department node of its own must be the service's department: never another department's API.
      if (service && client.connection.department !== service.department.id) throw new Error(RED._('department-api.errors.other-department', { service: config.service, department: client.connection.department }));
      let path: string;
      try {
        path = expandPath(template, (property) => RED.util.getMessageProperty(msg, property));
      } catch (err) {
        if (!(err instanceof PathValueError)) throw err;
        throw new Error(RED._(err.problem === 'missing' ? 'department-api.errors.no-path-value' : 'department-api.errors.bad-path-value', { property: err.property }));
      }
      const mapped = requestExpr ? await evaluateToJson(RED, requestExpr, msg) : undefined;
      const isRead = method === 'GET';
      if (isRead && mapped !== undefined && (typeof mapped !== 'object' || mapped === null || Array.isArray(mapped))) throw new Error(RED._('department-api.errors.query-not-object'));
      const messageId = messageIdOf(msg);
      const result = await client.call({
        method,
        path,
        ...(isRead ? { query: mapped as Record<string, string> | undefined } : { body: mapped }),
        // One key per citizen message, step and request: the message run again after an interrupted
        // turn files once, and two different filings from one message (a loop) are two.
        ...(messageId && !isRead ? { idempotencyKey: `${messageId}/${node.id}/${createHash('sha256').update(`${method} ${path} ${JSON.stringify(mapped) ?? ''}`).digest('base64url').slice(0, 16)}` } : {}),
      });
      const language = languageOfMsg(msg);
      node.status({ fill: result.outcome === 'ok' ? 'green' : result.outcome === 'refused' ? 'yellow' : 'red', shape: client.circuit === 'closed' ? 'dot' : 'ring', text: RED._(`department-api.status.${result.outcome}`, { circuit: client.circuit }) });
      if (result.outcome === 'ok') {
        msg.department = { status: result.status, body: result.body, attempts: result.attempts };
        msg.payload = (responseExpr ? await evaluateToJson(RED, responseExpr, msg) : result.body) ?? null;
        return [msg, null, null];
      }
      if (result.outcome === 'refused') {
        msg.refusal = { status: result.status, reason: result.reason, code: result.code, body: result.body };
        msg.payload = texts.format(refusalTextKey(config.refusals, result), language, { reason: result.reason });
        return [null, msg, null];
      }
      msg.unavailable = { reason: result.reason, status: result.status, attempts: result.attempts, circuit: client.circuit };
      msg.payload = texts.format('department.unavailable', language);
      return [null, null, msg];
    }
  }

  RED.nodes.registerType('department-api', DepartmentApiNode);
}

export = register;
