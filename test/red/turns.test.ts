/**
 * The turn tracker on Node-RED's messaging hooks, driven directly: a turn
 * ends when every copy delivered has completed; a node giving up with an
 * error marked retryable (a reply that could not be sent for now) ends it as
 * `retry`, any other error as `done`.
 */
import { markRetryable, TurnTracker, type RedHooks } from '../../platform/red/turns';

function fakeHooks() {
  const handlers = new Map<string, (event: any) => void>();
  const hooks: RedHooks = { add: (name, handler) => void handlers.set(name.split('.')[0]!, handler), remove: (name) => void handlers.delete(name.split('.')[0]!) };
  const fire = (name: string, event: unknown) => handlers.get(name)?.(event);
  return { hooks, fire };
}

describe('turn tracker', () => {
  it('ends a turn as retry when a node gave up with a retryable error, as done otherwise', async () => {
    const { hooks, fire } = fakeHooks();
    const tracker = new TurnTracker();
    tracker.attach(hooks);
    const run = (id: string, error?: Error) => {
      const turn = tracker.track(id);
      fire('preDeliver', { msg: { _msgid: id }, destination: { id: 'out' } });
      turn.sent();
      fire('onReceive', { msg: { _msgid: id }, destination: { id: 'out' } });
      fire('onComplete', { msg: { _msgid: id }, node: { id: 'out' }, ...(error ? { error } : {}) });
      return turn.ended;
    };
    await expect(run('m1')).resolves.toBe('done');
    await expect(run('m2', new Error('a bug'))).resolves.toBe('done');
    await expect(run('m3', markRetryable(new Error('130429 throttled')))).resolves.toBe('retry');
    tracker.detach();
  });
});
