/**
 * Nodes on tabs that are not in a full import, and config-node properties
 * (whatsapp account, ...) that point at nothing, are refused with the list.
 */
import { CONFIG_NODE_PROPERTIES, describeProblems, findFlowProblems, hasProblems } from '../../platform/red/flow-validation';

const known = (t: string) => ['inject', 'debug', 'whatsapp-in', 'whatsapp-out', 'whatsapp-account'].includes(t);

describe('nodes on missing tabs', () => {
  it('lists nodes whose z names no tab or subflow of a full import', () => {
    const p = findFlowProblems(
      [
        { id: 't', type: 'tab' },
        { id: 'sf', type: 'subflow' },
        { id: 'a', type: 'inject', z: 't', wires: [] },
        { id: 'in-sf', type: 'debug', z: 'sf', wires: [] },
        { id: 'lost', type: 'debug', z: 'no-such-tab', wires: [] },
        { id: 'global-config', type: 'whatsapp-account' },
        { id: 'blank-z', type: 'whatsapp-account', z: '' },
      ],
      known,
    );
    expect(p.missingTabs).toEqual([{ id: 'lost', type: 'debug', z: 'no-such-tab' }]);
    expect(hasProblems(p)).toBe(true);
    expect(describeProblems(p)).toContain('nodes on missing tabs: lost (debug) on no-such-tab');
  });

  it('leaves z alone for one flow: Node-RED puts every node on that flow', () => {
    const p = findFlowProblems([{ id: 'a', type: 'inject', z: 'whatever', wires: [] }], known, { single: true });
    expect(p.missingTabs).toEqual([]);
  });
});

describe('config-node references', () => {
  const flow = (account: unknown, extra: object[] = []) => [
    { id: 't', type: 'tab' },
    { id: 'acc', type: 'whatsapp-account' },
    { id: 'dbg', type: 'debug', z: 't', wires: [] },
    { id: 'out', type: 'whatsapp-out', z: 't', account, wires: [] },
    ...extra,
  ];

  it('accepts an account that is in the import', () => {
    expect(hasProblems(findFlowProblems(flow('acc'), known))).toBe(false);
  });

  it('refuses a whatsapp-out whose account is missing, empty, or not an account', () => {
    expect(findFlowProblems(flow('gone'), known).missingConfigNodes).toEqual([{ id: 'out', type: 'whatsapp-out', property: 'account', ref: 'gone', expected: 'whatsapp-account' }]);
    expect(findFlowProblems(flow(''), known).missingConfigNodes).toEqual([{ id: 'out', type: 'whatsapp-out', property: 'account', ref: '', expected: 'whatsapp-account' }]);
    expect(findFlowProblems(flow('dbg'), known).missingConfigNodes).toEqual([{ id: 'out', type: 'whatsapp-out', property: 'account', ref: 'dbg', expected: 'whatsapp-account' }]);
    const p = findFlowProblems(flow('gone', [{ id: 'in', type: 'whatsapp-in', z: 't', account: 'gone2', wires: [[]] }]), known);
    expect(p.missingConfigNodes.map((m) => m.id)).toEqual(['out', 'in']);
    expect(describeProblems(p)).toContain('missing config nodes: out.account → gone (no whatsapp-account with that id), in.account → gone2');
  });

  it('lets a department-api leave its department node out only when it names a catalog service', () => {
    const api = (extra: Record<string, unknown>) => [{ id: 't', type: 'tab' }, { id: 'api', type: 'department-api', z: 't', department: '', wires: [[], [], []], ...extra }];
    const all = (type: string) => type === 'department-api' || type === 'department';
    expect(findFlowProblems(api({}), all).missingConfigNodes).toEqual([{ id: 'api', type: 'department-api', property: 'department', ref: '', expected: 'department' }]);
    expect(hasProblems(findFlowProblems(api({ service: 'ration_distribution' }), all))).toBe(false);
    expect(findFlowProblems(api({ service: 'ration_distribution', department: 'gone' }), all).missingConfigNodes).toHaveLength(1);
  });

  it('in a full deploy a live config node does not count: the deploy replaces it', () => {
    const p = findFlowProblems(flow('live-acc'), known, { liveNodeType: () => 'whatsapp-account' });
    expect(p.missingConfigNodes).toHaveLength(1);
  });

  it('one flow may use a config node that is live in the global flow', () => {
    const nodes = [{ id: 'out', type: 'whatsapp-out', z: 'f', account: 'live-acc', wires: [] }];
    const live = (id: string) => (id === 'live-acc' ? 'whatsapp-account' : null);
    expect(hasProblems(findFlowProblems(nodes, known, { single: true, liveNodeType: live }))).toBe(false);
    expect(findFlowProblems([{ ...nodes[0], account: 'nope' }], known, { single: true, liveNodeType: live }).missingConfigNodes).toHaveLength(1);
  });

  it('declares the jansetu nodes in one place', () => {
    expect(CONFIG_NODE_PROPERTIES['whatsapp-in']).toEqual({ account: { configType: 'whatsapp-account', required: true } });
    expect(CONFIG_NODE_PROPERTIES['whatsapp-out']).toEqual({ account: { configType: 'whatsapp-account', required: true } });
  });
});

describe('the shipped flows', () => {
  it('pass the tab and config-node checks (they are seeded and imported as a full deploy)', async () => {
    const fs = await import('node:fs');
    const path = await import('node:path');
    const dir = path.join(__dirname, '../../flows');
    const nodes = fs
      .readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .flatMap((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as unknown[]);
    expect(nodes.length).toBeGreaterThan(0);
    const p = findFlowProblems(nodes, () => true);
    expect({ missingTabs: p.missingTabs, missingConfigNodes: p.missingConfigNodes }).toEqual({ missingTabs: [], missingConfigNodes: [] });
  });
});
