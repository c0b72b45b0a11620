import { ANSWER_NAME } from '../conversation/answers';

/**
 * Checks a flow configuration before Node-RED sees it. Node-RED itself accepts
 * unknown node types (the flows then wait, stopped, for the type to appear),
 * silently drops wires to missing nodes, deploys nodes on tabs that do not
 * exist (they never run and the editor cannot show them) and nodes whose
 * config-node property points at nothing (they start and fail at the first
 * message); for an import into a live government service all are mistakes to
 * refuse with a list.
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
  /** Nodes whose `z` names no tab or subflow of the import. */
  missingTabs: Array<{ id: string; type: string; z: string }>;
  /** Config-node properties that are empty though required, point at no node, or at a node of another type. */
  missingConfigNodes: Array<{ id: string; type: string; property: string; ref: string; expected: string }>;
  invalid: string[];
}

export interface ConfigNodeProperty {
  /** The config node type the property must point at. */
  configType: string;
  /** Whether the editor requires a value (`required: true` in the node's defaults). */
  required: boolean;
  /** Required unless this other property of the node is set (department-api with a catalog service). */
  unlessSet?: string;
}

/**
 * Which properties of which node types hold a config node's id. Node-RED knows
 * this only in the editor (`defaults.<prop>.type` in each type's HTML); the
 * runtime registry keeps node constructors and the HTML as text, not the
 * defaults, so the runtime cannot tell a config reference from any other
 * string. The list is therefore declared here, in one place: a type that is
 * not listed has its config references unchecked. Keep it in step with the
 * `defaults` of nodes/<name>/<name>.html.
 */
export const CONFIG_NODE_PROPERTIES: Readonly<Record<string, Readonly<Record<string, ConfigNodeProperty>>>> = {
  'whatsapp-in': { account: { configType: 'whatsapp-account', required: true } },
  'whatsapp-out': { account: { configType: 'whatsapp-account', required: true } },
  // With a catalog service they may leave it out: the department node deployed for its department is used.
  'department-api': { department: { configType: 'department', required: true, unlessSet: 'service' } },
  application: { department: { configType: 'department', required: false } },
  // Node-RED core nodes whose editor definitions declare config references.
  'mqtt in': { broker: { configType: 'mqtt-broker', required: true } },
  'mqtt out': { broker: { configType: 'mqtt-broker', required: true } },
  'http request': { tls: { configType: 'tls-config', required: false } },
};

export interface FlowCheckOptions {
  /**
   * One flow (`POST /flow`, `PUT /flow/:id`): Node-RED sets every node's `z` to
   * that flow itself, so tabs are not checked, and config nodes may be live
   * elsewhere (see `liveNodeType`). Default: a full deploy, which replaces
   * every flow, so everything referenced must be in the import.
   */
  single?: boolean;
  /** The type of a live node with this id, or null; consulted for config references of a single flow. */
  liveNodeType?: (id: string) => string | null;
  /** Defaults to CONFIG_NODE_PROPERTIES. */
  configProperties?: Readonly<Record<string, Readonly<Record<string, ConfigNodeProperty>>>>;
}

/** Nodes that keep a citizen's answer in the session under their `answer` name. */
const ANSWERING_TYPES = new Set(['ask', 'menu']);

/** Types the runtime knows without a node module. */
const STRUCTURAL_TYPES = new Set(['tab', 'subflow', 'group', 'junction', 'global-config']);

export function findFlowProblems(nodes: unknown, isKnownType: (type: string) => boolean, options: FlowCheckOptions = {}): FlowProblems {
  const problems: FlowProblems = { unknownTypes: [], danglingWires: [], missingTabs: [], missingConfigNodes: [], invalid: [] };
  if (!Array.isArray(nodes)) {
    problems.invalid.push('flows must be an array of nodes');
    return problems;
  }
  const ids = new Set<string>();
  const subflows = new Set<string>();
  const containers = new Set<string>();
  const typeOf = new Map<string, string>();
  nodes.forEach((n, i) => {
    if (!n || typeof n !== 'object' || typeof (n as FlowNode).id !== 'string' || typeof (n as FlowNode).type !== 'string') {
      problems.invalid.push(`item ${i} is not a node with string "id" and "type"`);
      return;
    }
    const node = n as FlowNode;
    if (ids.has(node.id)) problems.invalid.push(`node id ${node.id} is used twice`);
    ids.add(node.id);
    typeOf.set(node.id, node.type);
    if (node.type === 'subflow') subflows.add(node.id);
    if (node.type === 'tab' || node.type === 'subflow') containers.add(node.id);
  });
  const configProperties = options.configProperties ?? CONFIG_NODE_PROPERTIES;
  const answerNames = new Map<string, string>();
  for (const n of nodes as FlowNode[]) {
    if (!n || typeof n.type !== 'string') continue;
    // Two questions of one flow keeping their answers under one name would overwrite each other's.
    if (ANSWERING_TYPES.has(n.type) && typeof n.answer === 'string' && n.answer !== '' && !ANSWER_NAME.test(n.answer)) {
      problems.invalid.push(`${n.type} node ${n.id} keeps its answer as "${n.answer}": an answer name is letters, digits and _ (not starting with a digit), up to 64`);
    } else if (ANSWERING_TYPES.has(n.type) && typeof n.answer === 'string' && n.answer !== '') {
      const where = `${typeof n.z === 'string' ? n.z : ''}/${n.answer}`;
      const first = answerNames.get(where);
      if (first === undefined) answerNames.set(where, n.id);
      else problems.invalid.push(`${n.type} node ${n.id} keeps its answer as "${n.answer}", which ${first} on the same flow already uses; give each question its own answer name`);
    }
    if (!n || typeof n.type !== 'string') continue;
    const known = STRUCTURAL_TYPES.has(n.type) || (n.type.startsWith('subflow:') ? subflows.has(n.type.slice(8)) : isKnownType(n.type));
    if (!known) problems.unknownTypes.push({ id: n.id, type: n.type });
    // Config nodes without `z` are global; an empty `z` is how some exports write the same.
    if (!options.single && typeof n.z === 'string' && n.z !== '' && !containers.has(n.z)) problems.missingTabs.push({ id: n.id, type: n.type, z: n.z });
    for (const [property, spec] of Object.entries(configProperties[n.type] ?? {})) {
      const ref = n[property];
      const empty = ref === undefined || ref === null || ref === '';
      if (empty) {
        const excused = spec.unlessSet !== undefined && typeof n[spec.unlessSet] === 'string' && n[spec.unlessSet] !== '';
        if (spec.required && !excused) problems.missingConfigNodes.push({ id: n.id, type: n.type, property, ref: '', expected: spec.configType });
        continue;
      }
      const target = typeof ref === 'string' ? (typeOf.get(ref) ?? (options.single ? (options.liveNodeType?.(ref) ?? null) : null)) : null;
      if (target !== spec.configType) problems.missingConfigNodes.push({ id: n.id, type: n.type, property, ref: String(ref), expected: spec.configType });
    }
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
  return p.unknownTypes.length + p.danglingWires.length + p.missingTabs.length + p.missingConfigNodes.length + p.invalid.length > 0;
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

/** One sentence listing every problem, for the 400 answer and the log. */
export function describeProblems(p: FlowProblems): string {
  const parts: string[] = [];
  if (p.invalid.length) parts.push(p.invalid.join('; '));
  if (p.unknownTypes.length) parts.push(`unknown node types: ${[...new Set(p.unknownTypes.map((u) => u.type))].join(', ')}`);
  if (p.danglingWires.length) parts.push(`wires to missing nodes: ${p.danglingWires.map((w) => `${w.from}[${w.output}] → ${w.to}`).join(', ')}`);
  if (p.missingTabs.length) parts.push(`nodes on missing tabs: ${p.missingTabs.map((m) => `${m.id} (${m.type}) on ${m.z}`).join(', ')}`);
  if (p.missingConfigNodes.length) {
    const refs = p.missingConfigNodes.map((m) => (m.ref === '' ? `${m.id}.${m.property} is empty (needs a ${m.expected})` : `${m.id}.${m.property} → ${m.ref} (no ${m.expected} with that id)`));
    parts.push(`missing config nodes: ${refs.join(', ')}`);
  }
  return `flows not deployed, live flows unchanged: ${parts.join('; ')}`;
}
