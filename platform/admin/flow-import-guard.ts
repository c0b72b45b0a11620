/**
 * Refuses flow imports and deploys that Node-RED would take but that cannot
 * work (unknown node types, wires to nowhere, nodes on missing tabs, missing
 * config nodes: see platform/red/flow-validation), with a 400 that lists them,
 * before Node-RED sees the body. Mounted in front of Node-RED's own
 * `POST /flows`, `POST /flow` and `PUT /flow/:id`.
 */
import express, { type RequestHandler } from 'express';
import { API_MAX_LENGTH } from '../../settings';
import type { Logger } from '../log';
import { describeProblems, findFlowProblems, hasProblems, nodesOfAdminBody } from '../red/flow-validation';

export interface FlowGuardRuntime {
  auth: { needsPermission(permission: string): RequestHandler };
  nodes: { getType(type: string): unknown; getNode?(id: string): unknown };
}

export function flowImportGuard(red: FlowGuardRuntime, log: Logger): RequestHandler[] {
  const liveNodeType = (id: string): string | null => {
    const node = red.nodes.getNode?.(id) as { type?: unknown } | null | undefined;
    return node && typeof node.type === 'string' ? node.type : null;
  };
  return [
    // Permission first: an anonymous caller learns nothing about the live flows from our answer.
    red.auth.needsPermission('flows.write'),
    express.json({ limit: API_MAX_LENGTH }),
    (req, res, next) => {
      // "Restart flows" posts no flows: nothing to check.
      if (req.get('Node-RED-Deployment-Type') === 'reload') return next();
      const { nodes, single } = nodesOfAdminBody(req.body);
      // One flow's subflow instances may use subflows already live in the global flow.
      const known = (type: string) => (single && type.startsWith('subflow:')) || Boolean(red.nodes.getType(type));
      const problems = findFlowProblems(nodes, known, { single, liveNodeType });
      if (!hasProblems(problems)) return next();
      log.warn({ problems }, 'refused a flow import');
      res.status(400).json({ error: 'invalid_flows', message: describeProblems(problems), ...problems });
    },
  ];
}
