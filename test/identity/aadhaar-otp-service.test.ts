/**
 * The vault and the OTP rules over a store (embedded, and FerretDB under npm test) with a UIDAI
 * fake that answers as UIDAI does: 10-minute OTPs, 3 wrong OTPs lock the number for 30 minutes,
 * 5 requests per number per hour, a verified OTP cannot be used again, and the vault keeps the
 * number only sealed.
 */
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { AadhaarOtpService, AUTH_LOG_COLLECTION, OTP_TRANSACTIONS_COLLECTION, type UidaiApi } from '../../platform/identity/aadhaar/otp-service';
import { aadhaarScreen } from '../../platform/identity/aadhaar/inbound-screen';
import { AadhaarVault, VAULT_COLLECTION } from '../../platform/identity/aadhaar/vault';
import { Sealer } from '../../platform/identity/sealer';
import { createLogger } from '../../platform/log';
import { createStore, type DocumentStore } from '../../platform/store';
import type { InboundMessage } from '../../platform/whatsapp/types';
import { serviceUrl, tempDir } from '../support/services';

const NUMBER = '999922220013';
const KYC = { name: 'Lakshmi Devi Kommineni', gender: 'F', yearOfBirth: 1984, district: 'Guntur' };

/** UIDAI as the service sees it: the OTP is 123456; calls are counted. */
function fakeUidai(): UidaiApi & { calls: string[]; down: boolean; authDelayMs: number; authDown: boolean; lostAnswer: boolean } {
  const sent = new Map<string, string>();
  const fake = {
    calls: [] as string[],
    down: false,
    authDelayMs: 0,
    authDown: false,
    /** The OTP was used on an attempt whose answer was lost: the client's retry gets 563. */
    lostAnswer: false,
    async requestOtp(uid: string, _kind: 'A' | 'V', txn: string) {
      fake.calls.push(`otp ${uid}`);
      if (fake.down) throw Object.assign(new Error('down'), { unavailable: true });
      sent.set(txn, uid);
      return { ok: true as const, txn };
    },
    async authenticateWithKyc(uid: string, _kind: 'A' | 'V', txn: string, otp: string) {
      fake.calls.push(`auth ${uid} ${otp}`);
      await new Promise((resolve) => setTimeout(resolve, fake.authDelayMs));
      if (fake.authDown) throw Object.assign(new Error('down'), { unavailable: true });
      if (fake.lostAnswer) return { ok: false as const, err: '563', retried: true };
      if (sent.get(txn) !== uid) return { ok: false as const, err: '402' };
      if (otp !== '123456') return { ok: false as const, err: '400' };
      return { ok: true as const, txn, uidToken: 'T'.repeat(72), kyc: KYC };
    },
  };
  return fake;
}

const engines: Array<[string, () => Promise<DocumentStore>]> = [['the embedded store', () => createStore({ engine: 'embedded', dir: tempDir(), sweepIntervalMs: 0 })]];
if (serviceUrl('MONGODB')) engines.push(['FerretDB', () => createStore({ engine: 'mongo', uri: serviceUrl('MONGODB')!, dbName: `jansetu_aadhaar_${randomBytes(4).toString('hex')}`, sweepIntervalMs: 0 })]);

describe.each(engines)('Aadhaar OTP over %s', (_name, makeStore) => {
  let store: DocumentStore;
  let redis: Redis | null = null;
  let vault: AadhaarVault;
  let uidai: ReturnType<typeof fakeUidai>;
  let service: AadhaarOtpService;
  const key = () => randomBytes(32);
  // Citizens new in each test: their request limits live in the suite's one Redis.
  let c1: string;
  let c2: string;

  beforeEach(async () => {
    store = await makeStore();
    [c1, c2] = [`c1-${randomBytes(4).toString('hex')}`, `c2-${randomBytes(4).toString('hex')}`];
    const url = serviceUrl('REDIS');
    redis = url ? new Redis(url, { lazyConnect: false, maxRetriesPerRequest: 1 }) : null;
    vault = new AadhaarVault(store, key(), randomBytes(24).toString('base64url'));
    await vault.init();
    uidai = fakeUidai();
    service = new AadhaarOtpService(store, vault, uidai, createLogger('silent'), redis, {}, (err) => (err as { unavailable?: boolean }).unavailable === true);
    await service.init();
  });
  afterEach(async () => {
    await store.close();
    redis?.disconnect();
  });

  async function storedText(): Promise<string> {
    const parts: string[] = [];
    for (const name of [VAULT_COLLECTION, OTP_TRANSACTIONS_COLLECTION, AUTH_LOG_COLLECTION]) parts.push(JSON.stringify(await store.collection(name).find({})));
    return parts.join('\n');
  }

  it('keeps the number only sealed, under a reference that is the same each time', async () => {
    const a = await vault.keep(NUMBER, 'A');
    const b = await vault.keep(NUMBER, 'A');
    expect(a.ref).toBe(b.ref);
    expect(a.masked).toBe('XXXX XXXX 0013');
    expect(await vault.reveal(a.ref)).toEqual({ digits: NUMBER, kind: 'A' });
    expect(await storedText()).not.toContain(NUMBER);
  });

  it('forgets a number 180 days after the citizen last gave it', async () => {
    const old = await vault.keep(NUMBER, 'A', new Date(Date.now() - 181 * 24 * 3600_000));
    const recent = await vault.keep('999922220021', 'A', new Date(Date.now() - 179 * 24 * 3600_000));
    await store.sweepExpired();
    expect(await vault.reveal(old.ref)).toBeNull();
    expect(await vault.reveal(recent.ref)).not.toBeNull();
    // Given again: kept again, from now.
    await vault.keep(NUMBER, 'A');
    expect(await vault.reveal(old.ref)).toEqual({ digits: NUMBER, kind: 'A' });
  });

  it('does not open a sealed number moved under another reference', async () => {
    const a = await vault.keep(NUMBER, 'A');
    const other = await vault.keep('999922220021', 'A');
    const docs = store.collection<{ _id: string; sealed: string }>(VAULT_COLLECTION);
    const sealed = (await docs.findOne({ _id: a.ref }))!.sealed;
    await docs.updateOne({ _id: other.ref }, { $set: { sealed } });
    await expect(vault.reveal(other.ref)).rejects.toThrow();
  });

  it('sends an OTP and verifies it once, with the e-KYC fields', async () => {
    const { ref } = await vault.keep(NUMBER, 'A');
    const sent = await service.request(ref, c1, 'wamid.1');
    expect(sent).toMatchObject({ ok: true, masked: 'XXXX XXXX 0013' });
    if (!sent.ok) return;
    const verified = await service.verify(sent.txn, c1, '123456', 'wamid.2');
    expect(verified).toEqual({ ok: true, ref, masked: 'XXXX XXXX 0013', uidToken: 'T'.repeat(72), kyc: KYC });
    // The same message run again (a crash after UIDAI answered) succeeds again; another is a replay.
    expect((await service.verify(sent.txn, c1, '123456', 'wamid.2')).ok).toBe(true);
    expect(await service.verify(sent.txn, c1, '123456', 'wamid.3')).toMatchObject({ ok: false, reason: 'otp_replayed' });
    // Another citizen cannot use the transaction.
    expect(await service.verify(sent.txn, c2, '123456', 'wamid.4')).toMatchObject({ ok: false, reason: 'otp_expired' });
    expect(uidai.calls.filter((c) => c.startsWith('auth'))).toHaveLength(1);
    expect(await storedText()).not.toContain(NUMBER);
  });

  it('sends one OTP for one message, also when the message runs again', async () => {
    const { ref } = await vault.keep(NUMBER, 'A');
    const first = await service.request(ref, c1, 'wamid.1');
    const again = await service.request(ref, c1, 'wamid.1');
    expect(first.ok && again.ok && first.txn === again.txn).toBe(true);
    expect(uidai.calls).toHaveLength(1);
  });

  it('refuses an OTP past its 10 minutes without calling UIDAI', async () => {
    const { ref } = await vault.keep(NUMBER, 'A');
    const t0 = new Date();
    const sent = await service.request(ref, c1, null, t0);
    if (!sent.ok) throw new Error('not sent');
    const late = new Date(t0.getTime() + 10 * 60_000 + 1);
    expect(await service.verify(sent.txn, c1, '123456', null, late)).toMatchObject({ ok: false, reason: 'otp_expired' });
    expect(uidai.calls.filter((c) => c.startsWith('auth'))).toHaveLength(0);
    expect(await service.verify(sent.txn, c1, '123456', null, late)).toMatchObject({ ok: false, reason: 'otp_attempts' });
  });

  it('locks the number for 30 minutes after 3 wrong OTPs, across transactions', async () => {
    const { ref } = await vault.keep(NUMBER, 'A');
    const sent = await service.request(ref, c1);
    if (!sent.ok) throw new Error('not sent');
    expect(await service.verify(sent.txn, c1, '000001')).toMatchObject({ ok: false, reason: 'otp_wrong', attemptsLeft: 2 });
    expect(await service.verify(sent.txn, c1, '000002')).toMatchObject({ ok: false, reason: 'otp_wrong', attemptsLeft: 1 });
    const third = await service.verify(sent.txn, c1, '000003');
    expect(third).toMatchObject({ ok: false, reason: 'locked' });
    expect((third as { retryAfterS?: number }).retryAfterS).toBeGreaterThan(29 * 60);
    // Even the right OTP, and a new request, wait for the lock to end.
    expect(await service.verify(sent.txn, c1, '123456')).toMatchObject({ ok: false });
    const newRequest = await service.request(ref, c1);
    expect(newRequest).toMatchObject({ ok: false, reason: 'locked' });
    expect(uidai.calls.filter((c) => c.startsWith('otp'))).toHaveLength(1);
  });

  it('allows 5 OTP requests per number per hour', async () => {
    const { ref } = await vault.keep(NUMBER, 'A');
    for (let i = 0; i < 5; i++) expect((await service.request(ref, c1)).ok).toBe(true);
    const sixth = await service.request(ref, c1);
    expect(sixth).toMatchObject({ ok: false, reason: 'flooding' });
    expect((sixth as { retryAfterS: number }).retryAfterS).toBeGreaterThan(3000);
    expect(uidai.calls).toHaveLength(5);
  });

  it('allows one citizen 10 OTP requests an hour, whatever the numbers', async () => {
    const refs = await Promise.all(['999922220013', '999922220021', '999922220032'].map(async (n) => (await vault.keep(n, 'A')).ref));
    for (let i = 0; i < 5; i++) for (const ref of refs.slice(0, 2)) expect((await service.request(ref, c1)).ok).toBe(true);
    expect(await service.request(refs[2]!, c1)).toMatchObject({ ok: false, reason: 'flooding' });
    // The third number is not spent by it: its own holder may still ask.
    expect((await service.request(refs[2]!, c2)).ok).toBe(true);
    expect(uidai.calls).toHaveLength(11);
  });

  it('asks UIDAI once when one OTP is checked twice at the same time', async () => {
    const { ref } = await vault.keep(NUMBER, 'A');
    const sent = await service.request(ref, c1);
    if (!sent.ok) throw new Error('not sent');
    uidai.authDelayMs = 100;
    const both = await Promise.all([service.verify(sent.txn, c1, '123456', 'wamid.a'), service.verify(sent.txn, c1, '123456', 'wamid.b')]);
    expect(both.map((o) => (o.ok ? 'ok' : o.reason)).sort()).toEqual(['ok', 'otp_replayed']);
    expect(uidai.calls.filter((c) => c.startsWith('auth'))).toHaveLength(1);
  });

  it('gives a message run again while its first check is with UIDAI that check\'s outcome, without asking again', async () => {
    const { ref } = await vault.keep(NUMBER, 'A');
    const sent = await service.request(ref, c1);
    if (!sent.ok) throw new Error('not sent');
    uidai.authDelayMs = 300;
    const both = await Promise.all([service.verify(sent.txn, c1, '123456', 'wamid.same'), service.verify(sent.txn, c1, '123456', 'wamid.same')]);
    expect(both.map((o) => o.ok)).toEqual([true, true]);
    expect(uidai.calls.filter((c) => c.startsWith('auth'))).toHaveLength(1);
  });

  it('lets the transaction be checked again when the store fails midway, with the try given back', async () => {
    const { ref } = await vault.keep(NUMBER, 'A');
    const sent = await service.request(ref, c1);
    if (!sent.ok) throw new Error('not sent');
    const original = uidai.authenticateWithKyc;
    uidai.authenticateWithKyc = async () => {
      throw new Error('the client broke');
    };
    await expect(service.verify(sent.txn, c1, '123456')).rejects.toThrow('the client broke');
    uidai.authenticateWithKyc = original;
    expect(await service.verify(sent.txn, c1, '000001')).toMatchObject({ ok: false, reason: 'otp_wrong', attemptsLeft: 2 });
    expect((await service.verify(sent.txn, c1, '123456')).ok).toBe(true);
  });

  it('never allows a fourth wrong OTP, even when wrong OTPs for one number are checked at the same time', async () => {
    const { ref } = await vault.keep(NUMBER, 'A');
    const txns: string[] = [];
    for (let i = 0; i < 5; i++) {
      const sent = await service.request(ref, i % 2 ? c1 : c2);
      if (!sent.ok) throw new Error('not sent');
      txns.push(sent.txn);
    }
    uidai.authDelayMs = 50;
    const outcomes = await Promise.all(txns.map((txn, i) => service.verify(txn, i % 2 ? c1 : c2, `00000${i}`)));
    expect(uidai.calls.filter((c) => c.startsWith('auth'))).toHaveLength(3);
    expect(outcomes.filter((o) => !o.ok && o.reason === 'locked')).toHaveLength(3);
    expect(await service.request(ref, c1)).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('gives the try back when UIDAI cannot be reached during a check', async () => {
    const { ref } = await vault.keep(NUMBER, 'A');
    const sent = await service.request(ref, c1);
    if (!sent.ok) throw new Error('not sent');
    uidai.authDown = true;
    for (let i = 0; i < 4; i++) expect(await service.verify(sent.txn, c1, '123456')).toMatchObject({ ok: false, reason: 'unavailable' });
    uidai.authDown = false;
    expect(await service.verify(sent.txn, c1, '000001')).toMatchObject({ ok: false, reason: 'otp_wrong', attemptsLeft: 2 });
    expect((await service.verify(sent.txn, c1, '123456')).ok).toBe(true);
  });

  it('asks for a new OTP, not "already used", when UIDAI used it on an attempt whose answer was lost', async () => {
    const { ref } = await vault.keep(NUMBER, 'A');
    const sent = await service.request(ref, c1);
    if (!sent.ok) throw new Error('not sent');
    uidai.lostAnswer = true;
    expect(await service.verify(sent.txn, c1, '123456')).toMatchObject({ ok: false, reason: 'otp_expired', code: '563' });
    // The try is given back: it was not the citizen's mistake.
    uidai.lostAnswer = false;
    const again = await service.request(ref, c1);
    if (!again.ok) throw new Error('not sent');
    expect(await service.verify(again.txn, c1, '000001')).toMatchObject({ reason: 'otp_wrong', attemptsLeft: 2 });
  });

  it('says "unavailable" when UIDAI cannot be reached, and logs every attempt masked', async () => {
    const { ref } = await vault.keep(NUMBER, 'A');
    uidai.down = true;
    expect(await service.request(ref, c1)).toEqual({ ok: false, reason: 'unavailable' });
    const log = await service.history({ citizenKey: c1 });
    expect(log).toEqual([expect.objectContaining({ action: 'otp_request', outcome: 'unavailable', masked: 'XXXX XXXX 0013', ref })]);
    expect(JSON.stringify(log)).not.toContain(NUMBER);
  });

  it('screens messages: a number in free text is masked; the answer to an Aadhaar question goes to the vault', async () => {
    let waiting: { state: Record<string, unknown> } | null = null;
    const screen = aadhaarScreen(vault, new Sealer(randomBytes(32)), { get: async () => ({ waiting }) as never });
    const at = new Date();
    const message = (text: string): InboundMessage => ({ kind: 'message', id: 'w', phoneNumberId: '1', displayPhoneNumber: '1', businessAccountId: '1', citizen: { wa_id: '919000000101' } as never, citizenKey: '1/919000000101', timestamp: at, type: 'text', text });
    expect((await screen(message('my aadhaar is 9999 2222 0013 please'))).text).toBe('my aadhaar is XXXX XXXX 0013 please');
    expect(await storedText()).not.toContain('"sealed"');
    waiting = { state: { expects: 'aadhaar' } };
    const answered = await screen(message('9999 2222 0013'));
    expect(answered.text).toBe('XXXX XXXX 0013');
    expect(answered.aadhaar).toEqual({ ref: vault.refOf(NUMBER), masked: 'XXXX XXXX 0013', kind: 'A' });
    const typo = await screen(message('9999 2222 0014'));
    expect(typo.text).toBe('XXXX XXXX 0014');
    expect(typo.aadhaar).toEqual({ problem: 'checksum' });
    // Typed on a Telugu keyboard: masked with its own last four digits.
    expect((await screen(message('౯౯౯౯ ౨౨౨౨ ౦౦౧౪'))).text).toBe('XXXX XXXX 0014');
    expect(await screen(message('hello'))).toEqual(message('hello'));
    // A digit short, or one too many: still most of a number, masked.
    expect(await screen(message('9999 2222 001'))).toMatchObject({ text: 'XXXX XXXX 2001', aadhaar: { problem: 'length' } });
    expect(await screen(message('99992222001355'))).toMatchObject({ text: 'XXXX XXXX 1355', aadhaar: { problem: 'length' } });
    // An OTP typed before the OTP question came is not kept either.
    expect(await screen(message('123 456'))).toMatchObject({ text: 'XXXXXX', aadhaar: { problem: 'length' } });
    // Spaced wide: still a number.
    expect(await screen(message('9999 -- 2222 -- 0013'))).toMatchObject({ text: 'XXXX XXXX 0013', aadhaar: { kind: 'A' } });
    // Two numbers are not an answer.
    expect(await screen(message('9999 2222 0013 or 9999 2222 0021'))).toMatchObject({ text: 'XXXX XXXX 0013 or XXXX XXXX 0021', aadhaar: { problem: 'several' } });
    // The OTP question: the OTP sealed on the message, the text shows none of it.
    waiting = { state: { expects: 'otp' } };
    const otp = await screen(message('౧౨౩ 456'));
    expect(otp.text).toBe('XXXXXX');
    expect(JSON.stringify(otp)).not.toContain('123456');
    expect(screen.otpOf(otp)).toBe('123456');
    expect(screen.otpOf({ ...otp, id: 'another message' } as InboundMessage)).toBeNull();
    // Every text a message carries is screened, whatever the question.
    waiting = null;
    expect((await screen(message('aadhaar 9999    2222    0013'))).text).toBe('aadhaar XXXX XXXX 0013');
    const media = await screen({ ...message(''), type: 'document', text: undefined, media: { id: 'm', mime_type: 'application/pdf', caption: 'aadhaar 9999 2222 0013', filename: '999922220013.pdf' } });
    expect(media.media).toMatchObject({ caption: 'aadhaar XXXX XXXX 0013', filename: 'XXXX XXXX 0013.pdf' });
    const place = await screen({ ...message(''), type: 'location', text: undefined, location: { latitude: 16.3, longitude: 80.4, name: 'House of 9999-2222-0013', address: 'Guntur' } });
    expect(place.location).toMatchObject({ name: 'House of XXXX XXXX 0013', address: 'Guntur' });
  });
});
