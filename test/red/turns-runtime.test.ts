/**
 * The turn tracker on the real Node-RED runtime's hooks, through the core switch node: the switch
 * takes no done callback and, while it routes one message, queues the next and sends it a tick
 * later. A turn must not end there: before this was handled, turns of concurrent citizens ended
 * before their replies, and a deploy in that moment lost the reply (test/whatsapp/channel-production).
 */
import helper from 'node-red-node-test-helper';
import { OLD_STYLE_GRACE_MS, TurnTracker, type RedHooks } from '../../platform/red/turns';

helper.init(require.resolve('node-red'));
// The runtime's own hooks (the helper's RED API does not carry them): the module Node-RED routes through.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const runtimeHooks = (require('@node-red/util') as { hooks: RedHooks }).hooks;
// eslint-disable-next-line @typescript-eslint/no-require-imports
const switchNode = require('@node-red/nodes/core/function/10-switch.js') as (RED: unknown) => void;

type Msg = Record<string, any>;
const finished = new Map<string, number>();

/** A step that takes a while, as a send to Meta does. */
function slowStep(RED: any): void {
  function SlowStep(this: any, def: any) {
    RED.nodes.createNode(this, def);
    this.on('input', (msg: Msg, _send: unknown, done: () => void) => {
      setTimeout(() => {
        finished.set(msg._msgid, Date.now());
        done();
      }, 20);
    });
  }
  RED.nodes.registerType('slow-step', SlowStep);
}

beforeEach(async () => {
  await helper.startServer();
});
afterEach(async () => {
  await helper.unload();
  await helper.stopServer();
});

async function load(rules: unknown[]): Promise<void> {
  await new Promise<void>((resolve) =>
    helper.load(
      [switchNode, slowStep],
      [
        { id: 'route', type: 'switch', property: 'payload', propertyType: 'msg', rules, checkall: 'false', outputs: rules.length, wires: rules.map(() => ['slow']) },
        { id: 'slow', type: 'slow-step' },
      ],
      () => resolve(),
    ),
  );
}

it('a turn through a switch routing many citizens at once ends only after the step after it', async () => {
  await load([{ t: 'eq', v: 'help', vt: 'str' }, { t: 'else' }]);
  const tracker = new TurnTracker();
  tracker.attach(runtimeHooks);
  try {
    const ended = new Map<string, number>();
    const turns = Array.from({ length: 20 }, (_, i) => {
      const id = `turn-${i}`;
      const turn = tracker.track(id);
      helper.getNode('route').receive({ _msgid: id, payload: i % 2 ? 'help' : 'hi' });
      // A message of no turn (an inject, say) through the same switch releases no turn's message.
      helper.getNode('route').receive({ _msgid: `stray-${i}`, payload: 'hi' });
      turn.sent();
      return turn.ended.then((end) => {
        ended.set(id, Date.now());
        return end;
      });
    });
    expect(await Promise.all(turns)).toEqual(turns.map(() => 'done'));
    for (const [id, at] of ended) {
      expect(finished.get(id)).toBeDefined();
      expect(at).toBeGreaterThanOrEqual(finished.get(id)!);
    }
  } finally {
    tracker.detach();
  }
});

it('a switch that matches no rule ends the turn at once; one that fails to route, after the grace', async () => {
  await load([{ t: 'eq', v: 'help', vt: 'str' }]);
  const tracker = new TurnTracker();
  tracker.attach(runtimeHooks);
  try {
    let started = Date.now();
    let turn = tracker.track('nowhere');
    helper.getNode('route').receive({ _msgid: 'nowhere', payload: 'something else' });
    turn.sent();
    expect(await turn.ended).toBe('done');
    expect(Date.now() - started).toBeLessThan(OLD_STYLE_GRACE_MS / 2);
    expect(finished.has('nowhere')).toBe(false);

    // A property whose expression fails: the switch reports it and sends nothing, not even [null].
    await helper.unload();
    await new Promise<void>((resolve) =>
      helper.load([switchNode, slowStep], [{ id: 'route', type: 'switch', property: '$error("no")', propertyType: 'jsonata', rules: [{ t: 'else' }], checkall: 'false', outputs: 1, wires: [['slow']] }, { id: 'slow', type: 'slow-step' }], () => resolve()),
    );
    started = Date.now();
    turn = tracker.track('failing');
    helper.getNode('route').receive({ _msgid: 'failing', payload: 'x' });
    turn.sent();
    expect(await turn.ended).toBe('done');
    expect(Date.now() - started).toBeGreaterThanOrEqual(OLD_STYLE_GRACE_MS - 50);
  } finally {
    tracker.detach();
  }
});
