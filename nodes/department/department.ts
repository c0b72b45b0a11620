/**
 * department (config node): one department's API, shared by its
 * department-api nodes: base URL, auth (secrets in the node's encrypted
 * credentials), timeouts, retries and circuit breaker. A setting with a
 * mistake is reported at deploy and every call through the node fails with it.
 */
import { parseConnection } from '../../platform/departments/api/connection';
import type { DepartmentClient } from '../../platform/departments/api/client';
import { servicesFromSettings } from '../../platform/registry';
import type { NodeAPI, NodeDef } from '../red';
import { connectionInput, type DepartmentConfigNode, type DepartmentCredentials } from './config';

function register(RED: NodeAPI): void {
  function DepartmentConfig(this: DepartmentConfigNode & { credentials?: DepartmentCredentials }, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    let client: DepartmentClient | null = null;
    let problem: Error | null = null;
    try {
      const { catalog, departmentApis } = servicesFromSettings(RED.settings);
      const input = connectionInput(nodeDef, this.credentials ?? {});
      // No base URL: the platform's connection for the department (in the sandbox, its simulated backend).
      const fallback = input.baseUrl === '' ? departmentApis.defaultFor(input.department) : undefined;
      if (fallback && input.auth.kind !== 'none') node.warn(RED._('department.errors.sandbox-auth', { department: input.department }));
      if (input.baseUrl === '' && !fallback) throw new Error(RED._('department.errors.no-base-url', { department: input.department }));
      const connection = parseConnection(fallback ? { ...input, baseUrl: fallback.baseUrl, auth: fallback.auth } : input);
      if (!catalog.department(connection.department)) throw new Error(RED._('department.errors.unknown-department', { department: connection.department }));
      client = departmentApis.client(node.id, connection);
    } catch (err) {
      problem = err as Error;
      node.error(RED._('department.errors.invalid', { error: problem.message }));
    }
    node.on('close', (removed: boolean, done: () => void) => {
      // Kept across a deploy that leaves the node (its breaker with it); gone with the node.
      if (removed) servicesFromSettings(RED.settings).departmentApis.release(node.id);
      done();
    });
    node.client = () => {
      if (!client) throw problem ?? new Error(RED._('department.errors.invalid', { error: '?' }));
      return client;
    };
  }

  RED.nodes.registerType('department', DepartmentConfig, {
    credentials: {
      apiKey: { type: 'password' },
      bearerToken: { type: 'password' },
      clientSecret: { type: 'password' },
      hmacSecret: { type: 'password' },
    },
  });
}

export = register;
