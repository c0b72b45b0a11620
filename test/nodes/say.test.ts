/**
 * say under the real Node-RED runtime, on the shipped texts: a text with a
 * value from JSONata in Telugu and English, buttons, a list of catalog rows,
 * a key missing from the catalog shown at deploy, values that are not an object.
 */
import helper from 'node-red-node-test-helper';
import sayNode from '../../nodes/say/say';
import { migrate } from '../../nodes/say/config';
import { composeMessage } from '../../platform/whatsapp/compose';
import { usePlatformForNodes } from '../support/node-tests';

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;

describe('say node', () => {
  const platform = usePlatformForNodes();

  async function say(config: Record<string, unknown>, msg: Msg): Promise<{ output?: Msg; error?: Msg }> {
    await new Promise<void>((r) =>
      helper.load(
        sayNode,
        [
          { id: 's1', type: 'say', version: 1, ...config, wires: [['out']] },
          { id: 'out', type: 'helper' },
          { id: 'c1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
          { id: 'caught', type: 'helper' },
        ],
        () => r(),
      ),
    );
    const result = new Promise<{ output?: Msg; error?: Msg }>((resolve) => {
      helper.getNode('out').on('input', (m: Msg) => resolve({ output: m }));
      helper.getNode('caught').on('input', (m: Msg) => resolve({ error: m }));
    });
    helper.getNode('s1').receive(msg);
    return result;
  }

  it('says a text with a value in the citizen\'s language', async () => {
    const config = { kind: 'text', text: 'officer.queued', values: '{ "position": handoff.position }' };
    expect((await say(config, { session: { language: 'te' }, handoff: { position: 4 } })).output!.payload).toBe(platform().services.texts.format('officer.queued', 'te', { position: 4 }));
    await helper.unload();
    expect((await say(config, { session: { language: 'en' }, handoff: { position: 4 } })).output!.payload).toMatch(/4$/);
  });

  it('adds reply buttons and list rows, titled in the citizen\'s language', async () => {
    const buttons = (await say({ kind: 'buttons', text: 'common.help', buttons: [{ id: 'menu', text: 'common.menu' }, { id: 'officer', text: 'common.officer' }] }, { session: { language: 'te' } })).output!.payload;
    expect(buttons).toEqual({ body: 'సహాయం', buttons: [{ id: 'menu', title: 'ప్రధాన మెను' }, { id: 'officer', title: 'అధికారితో మాట్లాడండి' }] });
    await helper.unload();
    const catalogRows = platform().services.catalog.departments()[0]!.services.slice(0, 2).map((s) => ({ id: `svc_${s.id}`, title: s.title, description: s.description }));
    const list = (await say({ kind: 'list', text: 'common.choose', rowsProperty: 'rows' }, { session: { language: 'te' }, rows: catalogRows })).output!.payload;
    expect(list.rows).toEqual(catalogRows.map((r) => ({ id: r.id, title: r.title.te, description: r.description.te })));
  });

  it('sends an image or a document with the text as its caption, and a catalog title in the citizen\'s language', async () => {
    const image = (await say({ kind: 'image', text: 'officer.queued', values: '{ "position": 2 }' }, { session: { language: 'te' }, media: 'https://example.gov.in/receipt.png' })).output!.payload;
    expect(image).toEqual({ type: 'image', image: { link: 'https://example.gov.in/receipt.png', caption: platform().services.texts.format('officer.queued', 'te', { position: 2 }) } });
    await helper.unload();
    const document = (await say({ kind: 'document', text: 'common.help', mediaProperty: 'receipt' }, { session: { language: 'en' }, receipt: { id: 'media-42', filename: 'receipt.pdf' } })).output!.payload;
    expect(document).toEqual({ type: 'document', document: { id: 'media-42', caption: 'Help', filename: 'receipt.pdf' } });
    // What whatsapp-out (type auto) makes of it: the same document, to the citizen.
    expect(composeMessage({ to: '919000000001' }, 'auto', document)).toMatchObject({ to: '919000000001', type: 'document', document: { id: 'media-42', filename: 'receipt.pdf' } });
    await helper.unload();
    const missing = await say({ kind: 'document', text: 'common.help' }, { session: { language: 'en' } });
    expect(missing.error!.error.message).toMatch(/needs media/);
    await helper.unload();
    const soon = (await say({ kind: 'text', text: 'menu.coming_soon', values: '{ "service": service.title }' }, { session: { language: 'te' }, service: { title: { en: 'Income certificate', te: 'ఆదాయ ధృవీకరణ పత్రం' } } })).output!.payload;
    expect(soon).toContain('"ఆదాయ ధృవీకరణ పత్రం"');
  });

  it('fails the message, to a catch node, when the values are not an object', async () => {
    const { error } = await say({ kind: 'text', text: 'officer.queued', values: 'handoff.position' }, { handoff: { position: 1 } });
    // The test helper does not load node catalogs: the message is its key (locales/en-US/say.json has the text).
    expect(error!.error.message).toBe('Error: say.errors.values-not-object');
  });

  it('imports a node exported before it had a version, with the defaults', () => {
    expect(migrate({ id: 'x', type: 'say', text: 'officer.queued' })).toEqual({
      version: 2, kind: 'text', text: 'officer.queued', values: '', buttons: [], rowsProperty: 'rows', listButton: 'common.choose', languageProperty: 'session.language', mediaProperty: 'media',
    });
  });
});
