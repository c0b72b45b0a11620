/**
 * service-router under the real Node-RED runtime, on the shipped catalog: a
 * tapped row, free text in English, Telugu script and romanised Telugu, a
 * vague word that offers choices, and a photo that matches nothing.
 */
import helper from 'node-red-node-test-helper';
import serviceRouterNode from '../../nodes/service-router/service-router';
import { migrate } from '../../nodes/service-router/config';
import { usePlatformForNodes } from '../support/node-tests';

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;

describe('service-router node', () => {
  const platform = usePlatformForNodes();
  beforeEach(async () => {
    await new Promise<void>((r) =>
      helper.load(
        serviceRouterNode,
        [
          { id: 'r1', type: 'service-router', version: 1, messageProperty: 'message', wires: [['service'], ['choices'], ['none']] },
          { id: 'service', type: 'helper' },
          { id: 'choices', type: 'helper' },
          { id: 'none', type: 'helper' },
        ],
        () => r(),
      ),
    );
  });

  async function route(message: Record<string, unknown>): Promise<{ port: string; msg: Msg }> {
    const result = new Promise<{ port: string; msg: Msg }>((resolve) => {
      for (const port of ['service', 'choices', 'none']) helper.getNode(port).on('input', (msg: Msg) => resolve({ port, msg }));
    });
    helper.getNode('r1').receive({ message });
    return result;
  }

  it('sends a tapped service row to that service', async () => {
    const { port, msg } = await route({ type: 'interactive', reply: { id: 'svc_caste_certificate', title: 'Caste certificate' } });
    expect(port).toBe('service');
    expect(msg.service).toMatchObject({ id: 'caste_certificate', department: 'revenue', title: { en: expect.any(String), te: expect.any(String) } });
  });

  it.each([
    ['English', 'I need a birth certificate for my son', 'birth_certificate'],
    ['Telugu script', 'ఆదాయ ధృవీకరణ పత్రం కావాలి', 'income_certificate'],
    ['romanised Telugu', 'naaku janana dhruveekarana patram kavali', 'birth_certificate'],
    ['a misspelling', 'incme certficate', 'income_certificate'],
  ])('finds the service from %s', async (_how, text, expected) => {
    const { msg } = await route({ type: 'text', text });
    const ids = msg.service ? [msg.service.id] : (msg.route.choices ?? []).map((c: { id: string }) => c.id);
    expect(ids).toContain(expected);
  });

  it('offers choices, each a service of the catalog, when the words fit several', async () => {
    const { port, msg } = await route({ type: 'text', text: 'certificate' });
    expect(port).toBe('choices');
    expect(msg.route.choices.length).toBeGreaterThan(1);
    expect(msg.route.choices.length).toBeLessThanOrEqual(3);
    for (const choice of msg.route.choices) expect(platform().services.catalog.service(choice.id)).toBeDefined();
  });

  it('matches nothing for a photo, gibberish, or a row of a menu that no longer exists', async () => {
    expect((await route({ type: 'image', image: { id: 'm1' } })).port).toBe('none');
    expect((await route({ type: 'text', text: 'qwxz zzkq' })).port).toBe('none');
    expect((await route({ type: 'interactive', reply: { id: 'svc_no_such_service' } })).port).toBe('none');
  });

  it('imports a node exported before it had a version, with the defaults', () => {
    expect(migrate({ id: 'x', type: 'service-router' })).toEqual({ version: 1, messageProperty: 'message' });
    expect(migrate({ id: 'x', type: 'service-router', version: 1, messageProperty: 'payload.message' })).toEqual({ version: 1, messageProperty: 'payload.message' });
  });
});
