/**
 * The UIDAI client against the sandbox's UIDAI simulator on a real HTTP
 * server: OTP and e-KYC for the test residents, UIDAI's refusals as outcomes
 * (wrong, expired and replayed OTPs, txn mismatch, flooding, unknown numbers,
 * no mobile, A202, bad signatures), transport failures retried once, and the
 * PID block's byte layout pinned by decrypting it by hand.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants, createDecipheriv, createHash, generateKeyPairSync, privateDecrypt } from 'node:crypto';
import express from 'express';
import { verhoeffDigit } from '../../platform/identity/aadhaar/numbers';
import { encryptOtpPid, encryptPid, istTimestamp, otpPidXml } from '../../platform/identity/aadhaar/pid';
import { UidaiClient, UidaiUnavailableError, type UidaiClientOptions } from '../../platform/identity/aadhaar/uidai-client';
import { reasonForUidai } from '../../platform/identity/aadhaar/otp-service';
import { RESIDENTS } from '../../platform/sandbox/residents';
import { createUidaiSimulator, type KeyPairPem, type OtpDelivery, type UidaiSimulator, type UidaiSimulatorOptions } from '../../platform/sandbox/uidai';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'uidai');
const AUA_KEY = fs.readFileSync(path.join(FIXTURES, 'aua-signing-key.pem'), 'utf8');
const AUA_CERTIFICATE = fs.readFileSync(path.join(FIXTURES, 'aua-signing-certificate.pem'), 'utf8');
const LICENCE = { ac: 'public', lk: 'aua-licence-key-0123456789', asalk: 'asa/licence+key=' };
const LAKSHMI = '999922220013';
const LAKSHMI_VID = '9999410123456780';
const RAVI = '999922220021';
const SEETHAMMA = '999922220032';
const VENKATA = '999922220045';
const FATHIMA = '999922220050';
const SURESH_A202 = '999922220066';
const NARAYANA_NO_MOBILE = '999922220078';

function rsaPair(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}
// Generated once: RSA key generation is the slow part of every simulator.
const encryptionKeyPair = rsaPair();
const signingKeyPair = rsaPair();

interface Harness {
  sim: UidaiSimulator;
  client: UidaiClient;
  base: string;
  /** Requests that reached the simulator's mount point. */
  calls: () => number;
  sms: OtpDelivery[];
  clock: { at: Date };
  /** What the client sent: URL and body. */
  sent: Array<{ url: string; body: string }>;
}
const harnesses: Array<{ sim: UidaiSimulator; server: Server; client: UidaiClient }> = [];

async function harness(simOptions: Partial<UidaiSimulatorOptions> = {}, clientOptions: Partial<UidaiClientOptions> = {}): Promise<Harness> {
  const sms: OtpDelivery[] = [];
  const clock = { at: new Date() };
  const sim = createUidaiSimulator({
    residents: RESIDENTS,
    licence: LICENCE,
    encryptionKeyPair,
    signingKeyPair,
    auaSigningCertificatePem: AUA_CERTIFICATE,
    onOtp: (d) => sms.push(d),
    now: () => clock.at,
    ...simOptions,
  });
  let calls = 0;
  const sent: Array<{ url: string; body: string }> = [];
  const app = express();
  // Read here, the body is left for the simulator as it is (body-parser parses a request once).
  const capture = express.text({ type: 'application/xml' });
  app.use('/sandbox/uidai', (_req, _res, next) => (calls++, next()), capture, (req, _res, next) => (sent.push({ url: req.originalUrl, body: req.body as string }), next()), sim.router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/uidai`;
  const client = new UidaiClient({
    otpUrl: `${base}/otp/2.5`,
    kycUrl: `${base}/kyc/2.5`,
    ...LICENCE,
    sa: 'public',
    encryptionCertificatePem: sim.encryptionPublicKeyPem,
    certificateExpiry: sim.certificateExpiry,
    signingKeyPem: AUA_KEY,
    signingCertificatePem: AUA_CERTIFICATE,
    uidaiSignatureCertificatePem: sim.signingPublicKeyPem,
    timeoutMs: 2000,
    retryDelayMs: 10,
    ...clientOptions,
  });
  harnesses.push({ sim, server, client });
  return { sim, client, base, calls: () => calls, sms, clock, sent };
}

afterAll(async () => {
  for (const h of harnesses) {
    h.sim.close();
    await h.client.close();
    h.server.closeAllConnections();
    await new Promise((r) => h.server.close(r));
  }
});

let txnSeq = 0;
const newTxn = () => `jansetu:test-${Date.now()}-${++txnSeq}`;

/** An OTP asked for and read off the simulator's "SMS". */
async function otpFor(h: Harness, uid: string, kind: 'A' | 'V' = 'A'): Promise<{ txn: string; otp: string }> {
  const txn = newTxn();
  expect(await h.client.requestOtp(uid, kind, txn)).toMatchObject({ ok: true, txn });
  const otp = h.sim.lastOtp(uid);
  expect(otp).toMatch(/^\d{6}$/);
  return { txn, otp: otp! };
}

const wrong = (otp: string) => String((Number(otp) + 1) % 1_000_000).padStart(6, '0');

describe('pid.ts', () => {
  it('writes the OTP Pid with an IST ts without a zone', () => {
    const ts = istTimestamp(new Date('2026-11-28T04:45:00.500Z'));
    expect(ts).toBe('2026-11-28T10:15:00');
    expect(otpPidXml('123456', ts)).toBe('<Pid ts="2026-11-28T10:15:00" ver="2.0" wadh=""><Pv otp="123456"/></Pid>');
    expect(() => otpPidXml('12345', ts)).toThrow();
  });

  it('encrypts as ts ‖ AES-256-GCM(Pid) ‖ tag, IV and AAD from the ts, Hmac over SHA-256, Skey RSA PKCS#1', () => {
    const ts = '2026-11-28T10:15:00';
    const pid = otpPidXml('654321', ts);
    const block = encryptPid(pid, ts, encryptionKeyPair.publicKeyPem, '20301231');
    expect(block.ci).toBe('20301231');

    const sessionKey = privateDecrypt({ key: encryptionKeyPair.privateKeyPem, padding: constants.RSA_PKCS1_PADDING }, Buffer.from(block.skey, 'base64'));
    expect(sessionKey).toHaveLength(32);
    const data = Buffer.from(block.data, 'base64');
    expect(data.subarray(0, 19).toString('utf8')).toBe(ts);
    const iv = Buffer.from(ts.slice(-12), 'utf8');
    const aad = Buffer.from(ts.slice(-16), 'utf8');
    const open = (sealed: Buffer) => {
      const decipher = createDecipheriv('aes-256-gcm', sessionKey, iv);
      decipher.setAAD(aad);
      decipher.setAuthTag(sealed.subarray(sealed.length - 16));
      return Buffer.concat([decipher.update(sealed.subarray(0, sealed.length - 16)), decipher.final()]);
    };
    expect(data.length).toBe(19 + Buffer.byteLength(pid) + 16);
    expect(open(data.subarray(19)).toString('utf8')).toBe(pid);
    const hmac = Buffer.from(block.hmac, 'base64');
    expect(hmac.length).toBe(32 + 16);
    expect(open(hmac)).toEqual(createHash('sha256').update(pid).digest());
  });

  it('uses a fresh session key each time, and takes a certificate PEM as the key', () => {
    const at = new Date();
    const a = encryptOtpPid('111111', at, encryptionKeyPair.publicKeyPem, '20301231');
    const b = encryptOtpPid('111111', at, encryptionKeyPair.publicKeyPem, '20301231');
    expect(a.skey).not.toBe(b.skey);
    expect(a.data).not.toBe(b.data);
    expect(() => encryptOtpPid('111111', at, AUA_CERTIFICATE, '20301231')).not.toThrow();
  });
});

describe('UidaiClient against the simulator', () => {
  it('sends an OTP and returns the e-KYC data of the resident, Telugu name included', async () => {
    const h = await harness();
    const txn = newTxn();
    const sent = await h.client.requestOtp(LAKSHMI, 'A', txn);
    expect(sent).toEqual({ ok: true, txn, code: expect.any(String), maskedMobile: 'xxxxxx0101' });
    expect(h.sms).toEqual([{ mobile: '919000000101', otp: expect.stringMatching(/^\d{6}$/), maskedUid: 'XXXX XXXX 0013', txn }]);

    const kyc = await h.client.authenticateWithKyc(LAKSHMI, 'A', txn, h.sms[0]!.otp);
    expect(kyc).toEqual({
      ok: true,
      txn,
      uidToken: expect.stringMatching(/^[0-9a-f]{72}$/),
      kyc: { name: 'Lakshmi Devi Kommineni', nameLocal: 'కొమ్మినేని లక్ష్మీ దేవి', gender: 'F', yearOfBirth: 1984, district: 'Guntur' },
    });
    expect(h.sim.lastOtp(LAKSHMI)).toBeNull();
  });

  it('sends the spec’s XML, signed with the AUA’s certificate in KeyInfo, to the spec’s URLs', async () => {
    const h = await harness();
    const { txn, otp } = await otpFor(h, LAKSHMI);
    await h.client.authenticateWithKyc(LAKSHMI, 'A', txn, otp);
    const [otpRequest, kycRequest] = h.sent;
    expect(otpRequest!.url).toBe('/sandbox/uidai/otp/2.5/public/9/9/asa%2Flicence%2Bkey%3D');
    expect(otpRequest!.body).toMatch(new RegExp(`^<Otp uid="${LAKSHMI}" ac="public" sa="public" ver="2.5" txn="${txn}" ts="\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d" lk="${LICENCE.lk}" type="A"><Opts ch="01"/><Signature xmlns="http://www.w3.org/2000/09/xmldsig#">`));
    expect(otpRequest!.body).toContain('<SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>');
    expect(otpRequest!.body).toContain('<Reference URI=""><Transforms><Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>');
    expect(otpRequest!.body).toContain('<DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>');
    const certificateBody = AUA_CERTIFICATE.replace(/-----[A-Z ]+-----|\s/g, '');
    expect(otpRequest!.body).toContain(`<KeyInfo><X509Data><X509Certificate>${certificateBody}</X509Certificate></X509Data></KeyInfo>`);

    expect(kycRequest!.url).toBe('/sandbox/uidai/kyc/2.5/public/9/9/asa%2Flicence%2Bkey%3D');
    expect(kycRequest!.body).toMatch(/^<Kyc ver="2.5" ra="O" rc="Y" lr="Y" de="N" pfr="N"><Rad>[A-Za-z0-9+/=]+<\/Rad><Signature /);
    const auth = Buffer.from(/<Rad>([^<]+)<\/Rad>/.exec(kycRequest!.body)![1]!, 'base64').toString('utf8');
    expect(auth).toMatch(
      new RegExp(
        `^<Auth uid="${LAKSHMI}" rc="Y" tid="" ac="public" sa="public" ver="2.5" txn="${txn}" lk="${LICENCE.lk}">` +
          '<Uses pi="n" pa="n" pfa="n" bio="n" bt="" pin="n" otp="y"/><Device rdsId="" rdsVer="" dpId="" dc="" mi="" mc=""/>' +
          `<Skey ci="${h.sim.certificateExpiry}">[A-Za-z0-9+/=]{344}</Skey><Hmac>[A-Za-z0-9+/=]{64}</Hmac><Data type="X">[A-Za-z0-9+/=]+</Data><Signature `,
      ),
    );
    expect(auth).not.toContain(otp);
  });

  it('works with a VID (URL 0/0) and gives the same UID token as the number', async () => {
    const h = await harness();
    const byNumber = await otpFor(h, LAKSHMI);
    const a = await h.client.authenticateWithKyc(LAKSHMI, 'A', byNumber.txn, byNumber.otp);
    const byVid = await otpFor(h, LAKSHMI_VID, 'V');
    expect(h.sms[1]!.maskedUid).toBe('XXXX XXXX XXXX 6780');
    const v = await h.client.authenticateWithKyc(LAKSHMI_VID, 'V', byVid.txn, byVid.otp);
    expect(v).toMatchObject({ ok: true, kyc: { name: 'Lakshmi Devi Kommineni', district: 'Guntur' } });
    expect(a.ok && v.ok && a.uidToken === v.uidToken).toBe(true);
  });

  it('answers 400 to a wrong OTP, and 403 once the tries are used up, even to the right OTP', async () => {
    const h = await harness();
    const { txn, otp } = await otpFor(h, SEETHAMMA);
    for (let i = 0; i < 3; i++) expect(await h.client.authenticateWithKyc(SEETHAMMA, 'A', txn, wrong(otp))).toEqual({ ok: false, err: '400' });
    const dead = await h.client.authenticateWithKyc(SEETHAMMA, 'A', txn, otp);
    expect(dead).toEqual({ ok: false, err: '403' });
    expect(reasonForUidai('400')).toBe('otp_wrong');
    expect(reasonForUidai('403')).toBe('otp_attempts');
  });

  it('answers 561 to an OTP past its lifetime', async () => {
    const h = await harness();
    const { txn, otp } = await otpFor(h, VENKATA);
    h.clock.at = new Date(h.clock.at.getTime() + 10 * 60_000 + 1000);
    const late = await h.client.authenticateWithKyc(VENKATA, 'A', txn, otp);
    expect(late).toEqual({ ok: false, err: '561' });
    expect(reasonForUidai('561')).toBe('otp_expired');
  });

  it('answers 402 when the txn is not the OTP request’s, and 563 to a replayed successful request', async () => {
    const h = await harness();
    const { txn, otp } = await otpFor(h, FATHIMA);
    expect(await h.client.authenticateWithKyc(FATHIMA, 'A', newTxn(), otp)).toEqual({ ok: false, err: '402' });
    expect(reasonForUidai('402')).toBe('otp_expired');
    expect(await h.client.authenticateWithKyc(FATHIMA, 'A', txn, otp)).toMatchObject({ ok: true });
    expect(await h.client.authenticateWithKyc(FATHIMA, 'A', txn, otp)).toEqual({ ok: false, err: '563' });
  });

  it('refuses the sixth OTP request in an hour as flooding (952), and sends again an hour later', async () => {
    const h = await harness();
    for (let i = 0; i < 5; i++) expect(await h.client.requestOtp(RAVI, 'A', newTxn())).toMatchObject({ ok: true });
    const sixth = await h.client.requestOtp(RAVI, 'A', newTxn());
    expect(sixth).toEqual({ ok: false, err: '952', code: expect.any(String) });
    expect(reasonForUidai('952')).toBe('flooding');
    expect(h.sms).toHaveLength(5);
    h.clock.at = new Date(h.clock.at.getTime() + 3_600_000 + 1000);
    expect(await h.client.requestOtp(RAVI, 'A', newTxn())).toMatchObject({ ok: true });
  });

  it('answers 998/A201 for a valid number UIDAI does not hold, 111 without a mobile, 998/A202 when UIDAI is down for the resident', async () => {
    const h = await harness();
    const unknown = `99992222009${verhoeffDigit('99992222009')}`;
    const notFound = await h.client.requestOtp(unknown, 'A', newTxn());
    expect(notFound).toMatchObject({ ok: false, err: '998', actn: 'A201' });
    expect(reasonForUidai('998', 'A201')).toBe('not_found');

    const noMobile = await h.client.requestOtp(NARAYANA_NO_MOBILE, 'A', newTxn());
    expect(noMobile).toMatchObject({ ok: false, err: '111' });
    expect(reasonForUidai('111')).toBe('no_mobile');

    const down = await h.client.requestOtp(SURESH_A202, 'A', newTxn());
    expect(down).toMatchObject({ ok: false, err: '998', actn: 'A202' });
    expect(await h.client.authenticateWithKyc(SURESH_A202, 'A', newTxn(), '123456')).toEqual({ ok: false, err: '998', actn: 'A202' });
    expect(reasonForUidai('998', 'A202')).toBe('unavailable');
    expect(h.sms).toHaveLength(0);
  });

  it('is refused with 569 when it signs with a key the simulator does not know as the AUA’s', async () => {
    const stranger = rsaPair();
    const h = await harness({}, { signingKeyPem: stranger.privateKeyPem, signingCertificatePem: undefined });
    expect(await h.client.requestOtp(LAKSHMI, 'A', newTxn())).toMatchObject({ ok: false, err: '569' });
    expect(await h.client.authenticateWithKyc(LAKSHMI, 'A', newTxn(), '123456')).toEqual({ ok: false, err: '569' });
  });

  it('signs with KeyInfo holding the RSA public key when it has no certificate', async () => {
    const own = rsaPair();
    const h = await harness({ auaSigningCertificatePem: own.publicKeyPem }, { signingKeyPem: own.privateKeyPem, signingCertificatePem: undefined });
    const { txn, otp } = await otpFor(h, RAVI);
    expect(await h.client.authenticateWithKyc(RAVI, 'A', txn, otp)).toMatchObject({ ok: true, kyc: { name: 'Ravi Kumar Gollapalli', gender: 'M', yearOfBirth: 1979, district: 'Visakhapatnam' } });
  });

  it('does not believe an answer whose signature is not UIDAI’s', async () => {
    const h = await harness({}, { uidaiSignatureCertificatePem: rsaPair().publicKeyPem });
    await expect(h.client.requestOtp(LAKSHMI, 'A', newTxn())).rejects.toMatchObject({ name: 'UidaiUnavailableError', reason: 'bad_answer' });
  });

  it('tries a 503 once more and succeeds; two 503s are UidaiUnavailableError after two calls', async () => {
    const h = await harness();
    h.sim.failNext('503');
    expect(await h.client.requestOtp(LAKSHMI, 'A', newTxn())).toMatchObject({ ok: true });
    expect(h.calls()).toBe(2);

    h.sim.failNext('503', 2);
    const failed = h.client.requestOtp(LAKSHMI, 'A', newTxn());
    await expect(failed).rejects.toBeInstanceOf(UidaiUnavailableError);
    await expect(failed).rejects.toMatchObject({ reason: 'server_error', status: 503, attempts: 2 });
    expect(h.calls()).toBe(4);
  });

  it('times out, tries once more, then is UidaiUnavailableError; a refused connection likewise', async () => {
    const h = await harness({ slowResponseMs: 5000 }, { timeoutMs: 200 });
    h.sim.failNext('timeout', 2);
    const started = Date.now();
    await expect(h.client.authenticateWithKyc(LAKSHMI, 'A', newTxn(), '123456')).rejects.toMatchObject({ name: 'UidaiUnavailableError', reason: 'timeout', attempts: 2 });
    expect(h.calls()).toBe(2);
    expect(Date.now() - started).toBeLessThan(3000);

    h.sim.failNext('reset');
    expect(await h.client.requestOtp(LAKSHMI, 'A', newTxn())).toMatchObject({ ok: true });
    expect(h.calls()).toBe(4);

    const closed = express().listen(0, '127.0.0.1');
    await new Promise((r) => closed.once('listening', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const nowhere = await harness({}, { otpUrl: `http://127.0.0.1:${port}/otp/2.5` });
    await expect(nowhere.client.requestOtp(LAKSHMI, 'A', newTxn())).rejects.toMatchObject({ reason: 'unreachable', attempts: 2 });
  });

  it('says when a refusal answers its retry: UIDAI used the OTP on the attempt whose answer came too late', async () => {
    const h = await harness({ slowResponseMs: 1000 }, { timeoutMs: 200 });
    const { txn, otp } = await otpFor(h, RAVI);
    h.sim.failNext('late');
    expect(await h.client.authenticateWithKyc(RAVI, 'A', txn, otp)).toEqual({ ok: false, err: '563', retried: true });
    expect(reasonForUidai('563')).toBe('otp_replayed');
  });

  it('escapes attribute values (a licence key with XML’s special characters)', async () => {
    const lk = `k&y<"'>`;
    const h = await harness({ licence: { ...LICENCE, lk } }, { lk });
    const { txn, otp } = await otpFor(h, RAVI);
    expect(await h.client.authenticateWithKyc(RAVI, 'A', txn, otp)).toMatchObject({ ok: true });
  });

  it('refuses to send what UIDAI would refuse to read', async () => {
    const h = await harness();
    await expect(h.client.requestOtp('99992222001', 'A', newTxn())).rejects.toThrow('12 digits');
    await expect(h.client.requestOtp(LAKSHMI, 'V', newTxn())).rejects.toThrow('16 digits');
    await expect(h.client.requestOtp(LAKSHMI, 'A', 'UKC:abc')).rejects.toThrow('txn');
    await expect(h.client.requestOtp(LAKSHMI, 'A', 'has space')).rejects.toThrow('txn');
    expect(h.calls()).toBe(0);
  });
});

describe('reasonForUidai', () => {
  it.each([
    ['400', undefined, 'otp_wrong'],
    ['403', undefined, 'otp_attempts'],
    ['402', undefined, 'otp_expired'],
    ['561', undefined, 'otp_expired'],
    ['998', 'A201', 'not_found'],
    ['998', 'A202', 'unavailable'],
    ['515', undefined, 'not_found'],
    ['517', undefined, 'not_found'],
    ['110', undefined, 'no_mobile'],
    ['115', undefined, 'no_mobile'],
    ['330', undefined, 'locked'],
    ['332', undefined, 'locked'],
    ['952', undefined, 'flooding'],
    ['953', undefined, 'flooding'],
    ['950', undefined, 'unavailable'],
    ['K-100', undefined, 'otp_wrong'],
    ['502', undefined, 'rejected'],
    ['564', undefined, 'rejected'],
    ['569', undefined, 'rejected'],
    ['999', undefined, 'rejected'],
  ] as const)('%s %s → %s', (err, actn, reason) => {
    expect(reasonForUidai(err, actn)).toBe(reason);
  });
});
