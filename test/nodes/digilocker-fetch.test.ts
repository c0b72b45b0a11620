/**
 * digilocker-fetch under the real Node-RED runtime, behind a citizen-session
 * load node as in a shipped flow, with DigiLocker faked at the platform's
 * seam (the service and its store are real): a citizen without a linked
 * locker gets the consent link and the step waits; DigiLocker's callback,
 * arriving as an event in the citizen's inbox, resumes it and the PDF comes
 * out; a linked locker is read at once, as XML when the node says so; a
 * locker signed in to by someone else (a forwarded link), another state's
 * certificate, and a callback event run again after a deploy each end as
 * they should.
 */
import helper from 'node-red-node-test-helper';
import digilockerFetchNode from '../../nodes/digilocker-fetch/digilocker-fetch';
import sessionNode from '../../nodes/citizen-session/citizen-session';
import type { IssuedDocument, TokenSet } from '../../platform/identity/digilocker/client';
import { DOCUMENTS_COLLECTION, type DigiLockerApi } from '../../platform/identity/digilocker/service';
import { portRecorder } from '../support/node-ports';
import { usePlatformForNodes } from '../support/node-tests';

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;
const PORTS = ['say', 'done', 'failed', 'passed', 'caught'] as const;
const KYC = { name: 'Lakshmi Devi Kommineni', gender: 'F', yearOfBirth: 1984, district: 'Guntur' };
const PDF = Buffer.from('%PDF-1.7 a caste certificate');

function item(uri: string, doctype: string, issuerId: string, date: string): IssuedDocument {
  return { uri, name: 'Caste Certificate', type: 'file', doctype, description: 'Caste Certificate', issuer: issuerId, issuerId, date, mime: ['application/pdf', 'application/xml'] } as IssuedDocument;
}

describe('digilocker-fetch node', () => {
  const platform = usePlatformForNodes();
  const calls: string[] = [];
  let profile: Partial<TokenSet> = {};
  let items: IssuedDocument[] = [];
  const fake: DigiLockerApi = {
    authorizeUrl: (state, challenge) => `https://digilocker.example/authorize?state=${state}&code_challenge=${challenge}`,
    async exchangeCode(code) {
      calls.push(`exchange ${code}`);
      return { accessToken: 'at', refreshToken: 'rt', expiresAt: new Date(Date.now() + 3_600_000), digilockerId: 'dl-1', ...profile } as TokenSet;
    },
    async refresh() {
      throw new Error('not expected');
    },
    async revoke(token) {
      calls.push(`revoke ${token}`);
    },
    async issuedFiles() {
      calls.push('issued');
      return items;
    },
    async file(_token, uri) {
      calls.push(`file ${uri}`);
      return { bytes: PDF, mime: 'application/pdf' };
    },
    async xml(_token, uri) {
      calls.push(`xml ${uri}`);
      return '<Certificate name="Caste Certificate"/>';
    },
  };
  let n = 0;
  let citizen: { key: string; wa_id: string };
  let seq = 0;
  const { arrived, listen, next } = portRecorder(PORTS);

  async function load(config: Record<string, unknown> = {}): Promise<void> {
    platform().services.identity.digilocker.use(fake, 'https://jansetu.example');
    calls.length = 0;
    profile = { name: 'LAKSHMI DEVI K', dob: '1984-03-12', gender: 'F' };
    items = [item('in.gov.ap.revenue-CTCER-1', 'CTCER', 'in.gov.ap.revenue', '2024-01-10')];
    n++;
    citizen = { key: `100/91980000040${n}`, wa_id: `91980000040${n}` };
    await new Promise<void>((r) =>
      helper.load(
        [sessionNode, digilockerFetchNode],
        [
          { id: 'session', type: 'citizen-session', action: 'load', idleTimeout: 30, keyProperty: 'citizen.key', version: 3, wires: [['passed']] },
          { id: 'dl', type: 'digilocker-fetch', version: 2, mode: 'fetch', document: 'caste', format: 'pdf', timeout: 15, ...config, wires: [['say'], ['done'], ['failed']] },
          ...PORTS.filter((p) => p !== 'caught').map((id) => ({ id, type: 'helper' })),
          { id: 'k1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
          { id: 'caught', type: 'helper' },
        ],
        () => r(),
      ),
    );
    listen();
  }
  function start(answers: Record<string, unknown> = { aadhaar: { ref: 'r', masked: 'XXXX XXXX 0013', kyc: KYC } }, service?: Record<string, unknown>): void {
    helper.getNode('dl').receive({ citizen, whatsapp: { phoneNumberId: '100' }, session: { key: citizen.key, language: 'en', answers }, ...(service ? { service } : {}), message: { id: `wamid.s${++seq}`, type: 'text', text: 'caste certificate' } });
  }
  /** The event DigiLocker's callback puts in the citizen's inbox, through the session node as whatsapp-in hands it on. */
  function event(name: string, awaits: string | undefined, id = `jansetu.digilocker.${++seq}`): string {
    helper.getNode('session').receive({ citizen, whatsapp: { phoneNumberId: '100' }, message: { id, type: 'event', event: { name, data: { awaits } } } });
    return id;
  }
  /** The consent link followed and allowed (or denied): what the callback route does with DigiLocker's answer. */
  async function allow(link: string, decision: 'allow' | 'deny' = 'allow') {
    const state = /\/digilocker\/link\/(\S+)/.exec(link)![1]!;
    expect(await platform().services.identity.digilocker.authorizeUrlFor(state)).toContain(`state=${state}`);
    return platform().services.identity.digilocker.callback(decision === 'allow' ? { code: 'the-code', state } : { error: 'access_denied', state });
  }
  const texts = () => platform().services.texts;

  it('sends the consent link, waits for the callback, and puts out the certificate as a WhatsApp document', async () => {
    await load();
    start();
    const say = await next();
    expect(say.port).toBe('say');
    expect(say.msg.payload).toContain('https://jansetu.example/digilocker/link/');
    const outcome = await allow(say.msg.payload);
    expect(outcome).toMatchObject({ ok: true, linked: true });
    event('digilocker.linked', outcome.awaits);
    const done = await next();
    expect(done.port).toBe('done');
    expect(done.msg.document).toMatchObject({ doctype: 'CTCER', mime: 'application/pdf', filename: 'Caste-Certificate.pdf', size: PDF.length });
    expect(done.msg.payload).toEqual({ type: 'document', document: { link: done.msg.document.link, filename: 'Caste-Certificate.pdf', caption: 'Caste Certificate' } });
    // The content is in the store, sealed, not on msg; its signed link gives the bytes back.
    expect(JSON.stringify(done.msg)).not.toContain(PDF.toString('base64'));
    const stored = JSON.stringify(await platform().services.store.collection(DOCUMENTS_COLLECTION).find({}));
    expect(stored).toContain(done.msg.document.id);
    expect(stored).not.toContain(PDF.toString('base64'));
    const link = new URL(done.msg.document.link);
    const bytes = await platform().services.identity.digilocker.download(done.msg.document.id, link.searchParams.get('expires')!, link.searchParams.get('signature')!);
    expect(bytes?.bytes.equals(PDF)).toBe(true);
    expect(calls).toEqual(['exchange the-code', 'issued', 'file in.gov.ap.revenue-CTCER-1']);
  });

  it('reads a linked locker at once, as certificate XML when the node says so', async () => {
    await load({ format: 'xml' });
    start();
    event('digilocker.linked', (await allow((await next()).msg.payload)).awaits);
    const done = await next();
    expect(done.msg.document).toMatchObject({ mime: 'application/xml', filename: 'Caste-Certificate.xml' });
    expect(done.msg.payload).toBeNull();
    calls.length = 0;
    start();
    expect((await next()).port).toBe('done');
    expect(calls).toEqual(['issued', 'xml in.gov.ap.revenue-CTCER-1']);
  });

  it('refuses a locker signed in to by someone other than the verified citizen', async () => {
    await load();
    start();
    const link = (await next()).msg.payload as string;
    profile = { name: 'Ravi Kumar Gollapalli', dob: '1979-11-02', gender: 'M' };
    const outcome = await allow(link);
    expect(outcome).toMatchObject({ ok: false, reason: 'not_holder' });
    expect(calls).toEqual(['exchange the-code', 'revoke rt', 'revoke at']);
    event('digilocker.not_holder', outcome.awaits);
    const failed = await next();
    expect(failed).toMatchObject({ port: 'failed', msg: { digilocker: { reason: 'not_holder' }, payload: texts().format('identity.digilocker.reason.not_holder', 'en') } });
    expect(await platform().services.identity.digilocker.linked(citizen.key)).toBe(false);
  });

  it('takes only this state\'s certificate: another state\'s CTCER is not found', async () => {
    await load();
    items = [item('in.gov.kerala.edistrict-CTCER-9', 'CTCER', 'in.gov.kerala.edistrict', '2025-06-01')];
    start();
    event('digilocker.linked', (await allow((await next()).msg.payload)).awaits);
    expect(await next()).toMatchObject({ port: 'failed', msg: { digilocker: { reason: 'not_found' } } });
  });

  it('gives the same outcome when the callback event runs again after a deploy, without a second link', async () => {
    await load();
    start();
    const { awaits } = await allow((await next()).msg.payload, 'deny');
    const id = event('digilocker.denied', awaits);
    expect(await next()).toMatchObject({ port: 'failed', msg: { digilocker: { reason: 'denied' } } });
    event('digilocker.denied', awaits, id);
    expect(await next()).toMatchObject({ port: 'failed', msg: { digilocker: { reason: 'denied' } } });
    expect(arrived).toEqual([]);
  });

  it('takes an event only for the link the step waits for: an older link\'s callback, or no link at all, changes nothing', async () => {
    await load();
    start();
    const first = (await next()).msg.payload as string;
    // The citizen writes while the link is open: the link again (a new message, the same link).
    helper.getNode('session').receive({ citizen, whatsapp: { phoneNumberId: '100' }, message: { id: `wamid.r${++seq}`, type: 'text', text: 'I clicked it, now what' } });
    const again = await next();
    expect([again.port, again.msg.payload]).toEqual(['say', expect.stringContaining(/\/digilocker\/link\/\S+/.exec(first)![0])]);
    event('digilocker.failed', 'the hash of some older link');
    event('digilocker.linked', undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(arrived).toEqual([]);
    event('digilocker.linked', (await allow(first)).awaits);
    expect((await next()).port).toBe('done');
  });

  it('fetches the documents the service needs (catalog), naming those the locker has not; none needed, nothing asked', async () => {
    await load({ document: 'service', version: 3 });
    // OBC certificate: caste and income certificates (needs.digilocker); the locker has the caste one.
    start(undefined, { id: 'obc_certificate' });
    const say = await next();
    expect(say.msg.payload).toContain('caste certificate, income certificate');
    event('digilocker.linked', (await allow(say.msg.payload)).awaits);
    const done = await next();
    expect(done.port).toBe('done');
    expect(done.msg.documents.map((d: { doctype: string }) => d.doctype)).toEqual(['CTCER']);
    expect(done.msg.missingDocuments).toEqual(['income_certificate']);
    expect(done.msg.payload).toBeNull();
    calls.length = 0;
    start(undefined, { id: 'birth_certificate' });
    expect(await next()).toMatchObject({ port: 'done', msg: { documents: [], missingDocuments: [], payload: null } });
    expect(calls).toEqual([]);
  });

  it('takes the service from its setting (${SERVICE} in a subflow) when the message carries none', async () => {
    await load({ document: 'service', service: 'obc_certificate', version: 3 });
    start();
    expect((await next()).msg.payload).toContain('caste certificate, income certificate');
  });


  it('serves a locker linked earlier only to its holder once the citizen has proved their Aadhaar', async () => {
    await load();
    // Linked before any Aadhaar was proved, with Ravi's locker.
    profile = { name: 'Ravi Kumar Gollapalli', dob: '1979-11-02', gender: 'M' };
    start({});
    event('digilocker.linked', (await allow((await next()).msg.payload)).awaits);
    expect((await next()).port).toBe('done');
    // Lakshmi, verified, is not given Ravi's certificate.
    start();
    expect(await next()).toMatchObject({ port: 'failed', msg: { digilocker: { reason: 'not_holder' } } });
  });
});
