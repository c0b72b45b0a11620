/**
 * The flows shipped in flows/: wiring, not code. No function node anywhere;
 * every citizen text a say, ask or menu node names is in the text catalog;
 * every catalog service that names a flow is reached by the main menu's link
 * to the service flows and taken by that flow's switch; the whole set passes
 * the checks a deploy makes, including one answer name per question on a flow.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultFlowsDir } from '../../platform/paths';
import { findFlowProblems, hasProblems } from '../../platform/red/flow-validation';
import { readSeedFlows } from '../../platform/red/seed';
import { ServiceCatalog } from '../../platform/departments/catalog';

type FlowNode = { id: string; type: string; z?: string; [key: string]: any };

describe('shipped flows', () => {
  let nodes: FlowNode[];
  const pkg = JSON.parse(fs.readFileSync(path.join(defaultFlowsDir, '..', 'package.json'), 'utf8')) as { 'node-red': { nodes: Record<string, string> } };
  const ours = new Set(Object.keys(pkg['node-red'].nodes));
  const core = new Set(['tab', 'inject', 'debug', 'catch', 'switch', 'change', 'link in', 'link out', 'link call', 'comment', 'status', 'complete', 'junction', 'group']);

  beforeAll(async () => {
    nodes = (await readSeedFlows(defaultFlowsDir)) as FlowNode[];
  });

  it('contain no function node: a service is wired from our nodes and core nodes', () => {
    expect(nodes.length).toBeGreaterThan(40);
    expect(nodes.filter((n) => n.type === 'function').map((n) => n.id)).toEqual([]);
    // Archetype subflows are shipped with the flows: their definitions and instances are ours too.
    const subflows = new Set(nodes.filter((n) => n.type === 'subflow').map((n) => `subflow:${n.id}`));
    expect(subflows.size).toBeGreaterThan(0);
    expect(nodes.filter((n) => n.type !== 'subflow' && !subflows.has(n.type) && !ours.has(n.type) && !core.has(n.type)).map((n) => `${n.id} ${n.type}`)).toEqual([]);
  });

  it('leave no citizen without an answer: a step that fails on a service flow is caught, and what a Catch starts is not caught again', () => {
    const wiring = new Set(['tab', 'subflow', 'catch', 'comment', 'link in', 'link out', 'junction', 'group', 'status', 'complete', 'debug']);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    // Downstream of a Catch: its own failure must not start it again.
    const afterCatch = new Set<string>();
    const walk = (id: string) => {
      if (afterCatch.has(id)) return;
      afterCatch.add(id);
      for (const out of (byId.get(id)?.wires ?? []) as string[][]) for (const next of out) walk(next);
    };
    for (const c of nodes.filter((n) => n.type === 'catch')) for (const out of (c.wires ?? []) as string[][]) for (const next of out) walk(next);
    const uncovered: string[] = [];
    const caughtTwice: string[] = [];
    for (const n of nodes) {
      // Config nodes (no wires) run no messages; subflow instances are covered by their definition's Catch; a switch on a msg property cannot fail.
      if (!n.z || wiring.has(n.type) || !Array.isArray(n.wires) || n.type.startsWith('subflow:') || (n.type === 'switch' && n.propertyType === 'msg')) continue;
      const catches = nodes.filter((c) => c.type === 'catch' && c.z === n.z && (!Array.isArray(c.scope) || c.scope.includes(n.id)));
      if (afterCatch.has(n.id)) {
        if (catches.some((c) => Array.isArray(c.scope))) caughtTwice.push(`${n.id} ${n.type} ${n.name ?? ''}`);
      } else if (catches.length === 0) uncovered.push(`${n.id} ${n.type} ${n.name ?? ''}`);
    }
    expect({ uncovered, caughtTwice }).toEqual({ uncovered: [], caughtTwice: [] });
  });

  it('pass the checks a deploy makes', () => {
    const problems = findFlowProblems(nodes, (t) => ours.has(t) || core.has(t));
    expect(hasProblems(problems) ? problems : null).toBeNull();
  });

  it('name only texts the catalog has', () => {
    const en = JSON.parse(fs.readFileSync(path.join(defaultFlowsDir, 'texts', 'en.json'), 'utf8'));
    const has = (key: string) => key.split('.').reduce<any>((o, k) => (o && typeof o === 'object' ? o[k] : undefined), en) !== undefined;
    const keys = nodes.flatMap((n) => {
      if (n.type === 'say') return [n.text, ...(n.buttons ?? []).map((b: { text: string }) => b.text)];
      if (n.type === 'ask') return [n.question, ...(n.options ?? []).map((o: { text: string }) => o.text), ...(n.hint ? [n.hint] : [])];
      if (n.type === 'department-api') return (n.refusals ?? []).map((r: { text: string }) => r.text);
      if (n.type === 'menu') return [n.welcome, n.question];
      // An archetype subflow's instance names its texts in its properties (TEXT).
      if (String(n.type).startsWith('subflow:')) return (n.env ?? []).filter((e: { name: string }) => e.name === 'TEXT').map((e: { value: string }) => e.value);
      return [];
    });
    // Inside a subflow a text may be the instance's property (${TEXT}): checked on the instances above.
    expect(keys.filter((k) => !/^\$\{[A-Z_]+\}$/.test(k) && !has(k))).toEqual([]);
    expect(keys.filter((k) => /^\$\{[A-Z_]+\}$/.test(k))).toEqual(['${TEXT}']);
  });

  it('reach every service flow the catalog names, and each flow takes only its own service', () => {
    const catalog = ServiceCatalog.load(path.join(defaultFlowsDir, 'catalog', 'services.json'));
    const flows = catalog.departments().flatMap((d) => d.services).flatMap((s) => (s.flow ? [s.flow] : []));
    expect(flows.length).toBeGreaterThan(0);
    const toServices = nodes.find((n) => n.type === 'link out' && n.name === 'to the service flows')!;
    for (const flow of flows) {
      const entry = nodes.find((n) => n.type === 'link in' && n.name === flow);
      expect(entry).toBeDefined();
      expect(toServices.links).toContain(entry!.id);
      const gate = nodes.find((n) => n.id === entry!.wires[0][0])!;
      expect(gate).toMatchObject({ type: 'switch', property: 'service.flow', rules: [{ t: 'eq', v: flow, vt: 'str' }] });
    }
  });

  it('refuse at deploy two questions of one flow that keep their answers under one name', () => {
    const flow = [
      { id: 't1', type: 'tab' },
      { id: 'a1', type: 'ask', z: 't1', answer: 'pin_code', wires: [] },
      { id: 'a2', type: 'ask', z: 't1', answer: 'pin_code', wires: [] },
      { id: 't2', type: 'tab' },
      { id: 'a3', type: 'ask', z: 't2', answer: 'pin_code', wires: [] },
      { id: 'a4', type: 'ask', z: 't2', answer: 'answers.$where', wires: [] },
    ];
    const problems = findFlowProblems(flow, (t) => t === 'ask');
    expect(problems.invalid).toEqual([expect.stringMatching(/ask node a2 keeps its answer as "pin_code", which a1 on the same flow already uses/), expect.stringMatching(/ask node a4 keeps its answer as "answers.\$where": an answer name is/)]);
  });
});
