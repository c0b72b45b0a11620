import { findFlowProblems, hasProblems, nodesOfAdminBody } from '../../platform/red/flow-validation';

const known = (t: string) => ['inject', 'debug', 'function'].includes(t);

describe('findFlowProblems', () => {
  it('accepts a well-formed flow with tabs, groups and subflow instances', () => {
    const p = findFlowProblems(
      [
        { id: 't', type: 'tab' },
        { id: 'sf', type: 'subflow', wires: [] },
        { id: 'g', type: 'group', z: 't' },
        { id: 'a', type: 'inject', z: 't', wires: [['b'], []] },
        { id: 'b', type: 'subflow:sf', z: 't', wires: [['c']] },
        { id: 'c', type: 'debug', z: 't', wires: [] },
      ],
      known,
    );
    expect(hasProblems(p)).toBe(false);
  });

  it('lists unknown types, subflow instances without their subflow, and dangling wires', () => {
    const p = findFlowProblems(
      [
        { id: 'a', type: 'inject', wires: [['b', 'zz'], ['yy']] },
        { id: 'b', type: 'mystery' },
        { id: 'c', type: 'subflow:missing' },
      ],
      known,
    );
    expect(p.unknownTypes).toEqual([
      { id: 'b', type: 'mystery' },
      { id: 'c', type: 'subflow:missing' },
    ]);
    expect(p.danglingWires).toEqual([
      { from: 'a', output: 0, to: 'zz' },
      { from: 'a', output: 1, to: 'yy' },
    ]);
  });

  it('reports bodies that are not node arrays and duplicate ids', () => {
    expect(findFlowProblems({ not: 'an array' }, known).invalid).toEqual(['flows must be an array of nodes']);
    const p = findFlowProblems([{ id: 'a', type: 'inject' }, { id: 'a', type: 'debug' }, 7], known);
    expect(p.invalid).toEqual(['node id a is used twice', 'item 2 is not a node with string "id" and "type"']);
  });
});

describe('nodesOfAdminBody', () => {
  it('reads v1, v2, single-flow and global-flow bodies', () => {
    expect(nodesOfAdminBody([{ id: 'a' }])).toEqual({ nodes: [{ id: 'a' }], single: false });
    expect(nodesOfAdminBody({ flows: [{ id: 'a' }], rev: 'x' })).toEqual({ nodes: [{ id: 'a' }], single: false });
    expect(nodesOfAdminBody({ id: 'f', nodes: [{ id: 'a' }], configs: [{ id: 'c' }] })).toEqual({ nodes: [{ id: 'a' }, { id: 'c' }], single: true });
    expect(nodesOfAdminBody({ id: 'global', configs: [{ id: 'c' }], subflows: [{ id: 's', type: 'subflow', nodes: [{ id: 'i' }], configs: [] }] })).toEqual({
      nodes: [{ id: 'c' }, { id: 's', type: 'subflow' }, { id: 'i' }],
      single: true,
    });
  });
});
