/**
 * STOP/START: which whole messages are commands (and which sentences are
 * not), and the consent record on the embedded store and on a MongoDB-wire one.
 */
import { randomBytes } from 'node:crypto';
import { ConsentRegistry, consentCommandOf } from '../../platform/citizens/consent';
import { createStore, type DocumentStore } from '../../platform/store';
import { describeWith, serviceUrl, tempDir } from '../support/services';

describe('consentCommandOf', () => {
  it.each(['STOP', 'stop.', ' Stop ', 'Unsubscribe', 'ఆపండి', 'ఆపు!', 'aapandi', 'Stop promotions'])('%s is STOP', (text) => {
    expect(consentCommandOf({ text })).toBe('stop');
  });
  it.each(['START', 'start', 'ప్రారంభించండి', 'prarambhinchandi', 'subscribe'])('%s is START', (text) => {
    expect(consentCommandOf({ text })).toBe('start');
  });
  it('reads a quick reply, and leaves sentences that merely contain the word alone', () => {
    expect(consentCommandOf({ reply: { id: 'STOP' } })).toBe('stop');
    expect(consentCommandOf({ text: 'bus stop near secretariat' })).toBeNull();
    expect(consentCommandOf({ text: 'how do i start a business' })).toBeNull();
    expect(consentCommandOf({ text: 'stop'.repeat(100) })).toBeNull();
    expect(consentCommandOf({})).toBeNull();
  });
});

function registryContract(name: string, open: () => Promise<DocumentStore>) {
  describe(`ConsentRegistry on ${name}`, () => {
    let store: DocumentStore;
    let consent: ConsentRegistry;
    beforeAll(async () => {
      store = await open();
      consent = new ConsentRegistry(store);
      await consent.init();
    });
    afterAll(() => store.close());

    it('is opted in until STOP, says when a STOP changes nothing, and keeps every change', async () => {
      const key = `100/91900000${randomBytes(2).toString('hex')}`;
      expect(await consent.state(key)).toBe('opted_in');
      expect(await consent.record({ citizenKey: key, phoneNumberId: '100', state: 'opted_out', source: 'whatsapp:text', messageId: 'wamid.1' })).toEqual({ changed: true, previous: 'opted_in' });
      expect(await consent.record({ citizenKey: key, phoneNumberId: '100', state: 'opted_out', source: 'whatsapp:text', messageId: 'wamid.2' })).toEqual({ changed: false, previous: 'opted_out' });
      expect(await consent.state(key)).toBe('opted_out');
      await consent.record({ citizenKey: key, phoneNumberId: '100', state: 'opted_in', source: 'whatsapp:button', messageId: 'wamid.3', at: new Date(Date.now() + 1000) });
      expect(await consent.state(key)).toBe('opted_in');
      expect((await consent.history(key)).map((e) => e.messageId)).toEqual(['wamid.3', expect.any(String), expect.any(String)]);
    });
  });
}

registryContract('the embedded store', () => createStore({ engine: 'embedded', dir: tempDir(), sweepIntervalMs: 0 }));
describeWith('MONGODB')('on MongoDB', () => {
  registryContract('FerretDB', () => createStore({ engine: 'mongo', uri: serviceUrl('MONGODB')!, dbName: `jansetu_consent_${randomBytes(4).toString('hex')}`, sweepIntervalMs: 0 }));
});
