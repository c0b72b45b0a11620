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
  it('reads a template quick reply by payload or label, never a button or row of our own flows', () => {
    expect(consentCommandOf({ reply: { kind: 'quick_reply', id: 'STOP' } })).toBe('stop');
    expect(consentCommandOf({ reply: { kind: 'quick_reply', id: 'Stop updates', title: 'Stop updates' } })).toBe('stop');
    expect(consentCommandOf({ reply: { kind: 'quick_reply', id: 'STOP_UPDATES_2026', title: 'Stop' } })).toBe('stop');
    expect(consentCommandOf({ reply: { kind: 'button_reply', id: 'start', title: 'Start application' } })).toBeNull();
    expect(consentCommandOf({ reply: { kind: 'list_reply', id: 'stop' } })).toBeNull();
  });

  it('leaves sentences that merely contain the word alone', () => {
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

    it('knows nothing until STOP or START, says when a STOP changes nothing, and keeps every change', async () => {
      const suffix = randomBytes(3).toString('hex');
      const key = `100/9190000${parseInt(suffix, 16) % 100000}`;
      expect(await consent.state(key)).toBe('unknown');
      expect(await consent.record({ citizenKey: key, phoneNumberId: '100', citizen: { wa_id: key.slice(4), user_id: null }, state: 'opted_out', source: 'whatsapp:text', messageId: `wamid.1${suffix}` })).toEqual({ changed: true, previous: 'unknown' });
      expect(await consent.stateOf('100', { wa_id: key.slice(4) })).toBe('opted_out');
      // The same message run again (a deploy, a crash) gets the first run's outcome, and no second event.
      expect(await consent.record({ citizenKey: key, phoneNumberId: '100', state: 'opted_out', source: 'whatsapp:text', messageId: `wamid.1${suffix}` })).toEqual({ changed: true, previous: 'unknown' });
      expect(await consent.record({ citizenKey: key, phoneNumberId: '100', state: 'opted_out', source: 'whatsapp:text', messageId: `wamid.2${suffix}` })).toEqual({ changed: false, previous: 'opted_out' });
      expect(await consent.state(key)).toBe('opted_out');
      await consent.record({ citizenKey: key, phoneNumberId: '100', state: 'opted_in', source: 'whatsapp:button', messageId: `wamid.3${suffix}`, at: new Date(Date.now() + 1000) });
      expect(await consent.state(key)).toBe('opted_in');
      // A STOP said earlier but processed later does not undo the newer START.
      await consent.record({ citizenKey: key, phoneNumberId: '100', state: 'opted_out', source: 'whatsapp:text', messageId: `wamid.4${suffix}`, at: new Date(0) });
      expect(await consent.state(key)).toBe('opted_in');
      expect((await consent.history(key)).map((e) => e.messageId)).toEqual([`wamid.3${suffix}`, `wamid.2${suffix}`, `wamid.1${suffix}`, `wamid.4${suffix}`]);
      await expect(consent.record({ citizenKey: '', phoneNumberId: '100', state: 'opted_out', source: 'x' })).rejects.toThrow();
    });
  });
}

registryContract('the embedded store', () => createStore({ engine: 'embedded', dir: tempDir(), sweepIntervalMs: 0 }));
describeWith('MONGODB')('on MongoDB', () => {
  registryContract('FerretDB', () => createStore({ engine: 'mongo', uri: serviceUrl('MONGODB')!, dbName: `jansetu_consent_${randomBytes(4).toString('hex')}`, sweepIntervalMs: 0 }));
});
