/**
 * Checks a flow configuration before Node-RED sees it. Node-RED itself accepts
 * unknown node types (the flows then wait, stopped, for the type to appear)
 * and silently drops wires to missing nodes; for an import into a live
 * government service both are mistakes to refuse with a list.
 */

export interface FlowNode {
  id: string;
  type: string;
  z?: string;
  wires?: unknown;
  [key: string]: unknown;
}

export interface FlowProblems {
  unknownTypes: Array<{ id: string; type: string }>;
  danglingWires: Array<{ from: string; output: number; to: string }>;
  invalid: string[];
}

/** Types the runtime knows without a node module. */
const STRUCTURAL_TYPES = new Set(['tab', 'subflow', 'group', 'junction', 'global-config']);

export function findFlowProblems(nodes: unknown, isKnownType: (type: string) => boolean): FlowProblems {
  const problems: FlowProblems = { unknownTypes: [], danglingWires: [], invalid: [] };
  if (!Array.isArray(nodes)) {
    problems.invalid.push('flows must be an array of nodes');
    return problems;
  }
  const ids = new Set<string>();
  const subflows = new Set<string>();
  nodes.forEach((n, i) => {
    if (!n || typeof n !== 'object' || typeof (n as FlowNode).id !== 'string' || typeof (n as FlowNode).type !== 'string') {
      problems.invalid.push(`item ${i} is not a node with string "id" and "type"`);
      return;
    }
    const node = n as FlowNode;
    if (ids.has(node.id)) problems.invalid.push(`node id ${node.id} is used twice`);
    ids.add(node.id);
    if (node.type === 'subflow') subflows.add(node.id);
  });
  for (const n of nodes as FlowNode[]) {
    if (!n || typeof n.type !== 'string') continue;
    const known = STRUCTURAL_TYPES.has(n.type) || (n.type.startsWith('subflow:') ? subflows.has(n.type.slice(8)) : isKnownType(n.type));
    if (!known) problems.unknownTypes.push({ id: n.id, type: n.type });
    if (!Array.isArray(n.wires)) continue;
    n.wires.forEach((targets: unknown, output: number) => {
      if (!Array.isArray(targets)) return;
      for (const to of targets) {
        if (typeof to !== 'string' || !ids.has(to)) problems.danglingWires.push({ from: n.id, output, to: String(to) });
      }
    });
  }
  return problems;
}

export function hasProblems(p: FlowProblems): boolean {
  return p.unknownTypes.length + p.danglingWires.length + p.invalid.length > 0;
}

/**
 * The nodes in any body the admin API takes: v1 array, v2 {flows}, or one flow
 * ({nodes, configs, subflows}; the global flow has only configs and subflows).
 * `single` says it is one flow, whose subflow instances may use live subflows.
 */
export function nodesOfAdminBody(body: unknown): { nodes: unknown; single: boolean } {
  if (Array.isArray(body)) return { nodes: body, single: false };
  if (body && typeof body === 'object') {
    const b = body as { flows?: unknown; nodes?: unknown; configs?: unknown; subflows?: unknown };
    if ('flows' in b) return { nodes: b.flows, single: false };
    if ('nodes' in b || 'configs' in b || 'subflows' in b) {
      const list = (v: unknown) => (Array.isArray(v) ? v : []);
      // A subflow definition carries its inner nodes in `nodes` and its `configs`.
      const subflows = list(b.subflows).flatMap((sf: unknown) => {
        const def = sf as { nodes?: unknown; configs?: unknown };
        const { nodes: _n, configs: _c, ...head } = def as Record<string, unknown>;
        return [head, ...list(def.nodes), ...list(def.configs)];
      });
      return { nodes: [...list(b.nodes), ...list(b.configs), ...subflows], single: true };
    }
  }
  return { nodes: body, single: false };
}
