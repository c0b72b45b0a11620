/**
 * consent under the real Node-RED runtime: STOP and START recorded for the
 * citizen and sent to their outputs, any other message passed on untouched.
 */
import helper from 'node-red-node-test-helper';
import consentNode from '../../nodes/consent/consent';
import { migrate } from '../../nodes/consent/config';
import { usePlatformForNodes } from '../support/node-tests';

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;

describe('consent node', () => {
  const platform = usePlatformForNodes();
  beforeEach(async () => {
    await new Promise<void>((r) =>
      helper.load(
        consentNode,
        [
          { id: 'c1', type: 'consent', version: 1, wires: [['stopped'], ['started'], ['other']] },
          { id: 'stopped', type: 'helper' },
          { id: 'started', type: 'helper' },
          { id: 'other', type: 'helper' },
          { id: 'k1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
          { id: 'caught', type: 'helper' },
        ],
        () => r(),
      ),
    );
  });

  async function send(msg: Msg): Promise<{ port: string; msg: Msg }> {
    const result = new Promise<{ port: string; msg: Msg }>((resolve) => {
      for (const port of ['stopped', 'started', 'other', 'caught']) helper.getNode(port).on('input', (m: Msg) => resolve({ port, msg: m }));
    });
    helper.getNode('c1').receive(msg);
    return result;
  }

  const citizen = { key: '100/919800000101' };
  const whatsapp = { phoneNumberId: '100' };

  it('records STOP and START and sends each to its output', async () => {
    const stop = await send({ citizen, whatsapp, message: { id: 'wamid.s1', type: 'text', text: 'ఆపండి' } });
    expect(stop).toMatchObject({ port: 'stopped', msg: { consent: { state: 'opted_out', changed: true } } });
    expect(await platform().services.consent.state(citizen.key)).toBe('opted_out');
    // A template's quick-reply button; a button of our own flows with the id "start" would be no command.
    const start = await send({ citizen, whatsapp, message: { id: 'wamid.s2', type: 'button', reply: { kind: 'quick_reply', id: 'START', title: 'Start' } } });
    expect(start).toMatchObject({ port: 'started', msg: { consent: { state: 'opted_in', changed: true } } });
    expect((await platform().services.consent.history(citizen.key))[0]).toMatchObject({ source: 'whatsapp:button', messageId: 'wamid.s2' });
  });

  it('passes any other message on untouched, and a button of our own flows whose id is "start"', async () => {
    const button = await send({ citizen, whatsapp, message: { id: 'wamid.s4', type: 'interactive', reply: { kind: 'button_reply', id: 'start', title: 'Start application' } } });
    expect(button.port).toBe('other');
    const other = await send({ citizen, whatsapp, message: { id: 'wamid.s3', type: 'text', text: 'please stop the water supply cut' } });
    expect(other.port).toBe('other');
    expect(other.msg.consent).toBeUndefined();
  });

  it('refuses a STOP without a citizen, to a catch node', async () => {
    const r = await send({ message: { type: 'text', text: 'stop' } });
    expect(r.port).toBe('caught');
    expect(r.msg.error.message).toBe('Error: consent.errors.no-citizen');
  });

  it('imports a node exported before it had a version', () => {
    expect(migrate({ id: 'x', type: 'consent' })).toEqual({ version: 1, messageProperty: 'message' });
  });
});
