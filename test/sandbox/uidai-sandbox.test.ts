/**
 * The sandbox's UIDAI simulator at the protocol level, with requests written
 * by hand: HTTP 200 with the verdict in the XML, its licence and number
 * checks, the ts window, the PID block's crypto failures (500/501/502/503/
 * 564), signed requests and answers, the UID token, and the transport faults
 * tests ask for. The UidaiClient's own test covers the OTP flows end to end.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { constants, createCipheriv, createHash, generateKeyPairSync, publicEncrypt, randomBytes } from 'node:crypto';
import express from 'express';
import { request } from 'undici';
import { SignedXml } from 'xml-crypto';
import { verhoeffDigit } from '../../platform/identity/aadhaar/numbers';
import { RESIDENTS } from '../../platform/sandbox/residents';
import { createUidaiSimulator, type KeyPairPem, type OtpDelivery, type UidaiSimulator, type UidaiSimulatorOptions } from '../../platform/sandbox/uidai';

const LICENCE = { ac: 'public', lk: 'aua-licence-key', asalk: 'asa-licence-key' };
const LAKSHMI = '999922220013';
const LAKSHMI_VID = '9999410123456780';
const RAVI = '999922220021';
const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;

function rsaPair(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}
const encryptionKeyPair = rsaPair();
const signingKeyPair = rsaPair();
const auaKeyPair = rsaPair();

interface Harness {
  sim: UidaiSimulator;
  base: string;
  sms: OtpDelivery[];
}
const running: Array<{ sim: UidaiSimulator; server: Server }> = [];

async function harness(options: Partial<UidaiSimulatorOptions> = {}): Promise<Harness> {
  const sms: OtpDelivery[] = [];
  const sim = createUidaiSimulator({ residents: RESIDENTS, licence: LICENCE, encryptionKeyPair, signingKeyPair, certificateExpiry: '20301231', onOtp: (d) => sms.push(d), ...options });
  const app = express();
  app.use('/sandbox/uidai', sim.router);
  const server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  running.push({ sim, server });
  return { sim, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/uidai`, sms };
}

afterAll(async () => {
  for (const { sim, server } of running) {
    sim.close();
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
});

async function post(url: string, body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await request(url, { method: 'POST', headers: { 'content-type': 'application/xml', ...headers }, body });
  return { status: res.statusCode, text: await res.body.text() };
}

/** The attributes of the answer's root element. */
function rootAttributes(xml: string): Record<string, string> {
  const open = /<([A-Za-z]+)((?:\s+[A-Za-z]+="[^"]*")*)\s*\/?>/.exec(xml);
  if (!open) throw new Error(`no root element in ${xml}`);
  return Object.fromEntries([...open[2]!.matchAll(/([A-Za-z]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!]));
}

const ist = (at: Date) => new Date(at.getTime() + IST_OFFSET_MS).toISOString().slice(0, 19);
let txnSeq = 0;
const newTxn = () => `sandbox:test-${++txnSeq}`;
const urlPart = (uid: string) => (uid.length === 16 ? '0/0' : `${uid[0]}/${uid[1]}`);

function otpXml(uid: string, txn: string, over: Record<string, string> = {}): string {
  const a = { uid, ac: LICENCE.ac, sa: 'public', ver: '2.5', txn, ts: ist(new Date()), lk: LICENCE.lk, type: uid.length === 16 ? 'V' : 'A', ...over };
  return `<Otp ${Object.entries(a).map(([k, v]) => `${k}="${v}"`).join(' ')}><Opts ch="01"/></Otp>`;
}

/**
 * The PID block encrypted here with node:crypto directly (not pid.ts), with knobs to break each part.
 */
function pidBlock(otp: string, options: { ts?: string; ci?: string; tamperData?: boolean; tamperHmac?: boolean; hashOf?: string; skey?: string } = {}) {
  const ts = options.ts ?? ist(new Date());
  const pid = Buffer.from(`<Pid ts="${ts}" ver="2.0" wadh=""><Pv otp="${otp}"/></Pid>`);
  const key = randomBytes(32);
  const seal = (plain: Buffer) => {
    const cipher = createCipheriv('aes-256-gcm', key, Buffer.from(ts.slice(-12)));
    cipher.setAAD(Buffer.from(ts.slice(-16)));
    return Buffer.concat([cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
  };
  const data = Buffer.concat([Buffer.from(ts), seal(pid)]);
  if (options.tamperData) data[25] ^= 0x01;
  const hmac = seal(createHash('sha256').update(options.hashOf ?? pid).digest());
  if (options.tamperHmac) hmac[3] ^= 0x01;
  return {
    skey: options.skey ?? publicEncrypt({ key: encryptionKeyPair.publicKeyPem, padding: constants.RSA_PKCS1_PADDING }, key).toString('base64'),
    ci: options.ci ?? '20301231',
    hmac: hmac.toString('base64'),
    data: data.toString('base64'),
  };
}

function authXml(uid: string, txn: string, block: ReturnType<typeof pidBlock>): string {
  return (
    `<Auth uid="${uid}" rc="Y" tid="" ac="${LICENCE.ac}" sa="public" ver="2.5" txn="${txn}" lk="${LICENCE.lk}">` +
    `<Uses pi="n" pa="n" pfa="n" bio="n" bt="" pin="n" otp="y"/><Device rdsId="" rdsVer="" dpId="" dc="" mi="" mc=""/>` +
    `<Skey ci="${block.ci}">${block.skey}</Skey><Hmac>${block.hmac}</Hmac><Data type="X">${block.data}</Data></Auth>`
  );
}

function sign(xml: string, privateKeyPem: string): string {
  const signer = new SignedXml({ privateKey: privateKeyPem, signatureAlgorithm: 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256', canonicalizationAlgorithm: 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315' });
  signer.addReference({ xpath: '/*', transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature'], digestAlgorithm: 'http://www.w3.org/2001/04/xmlenc#sha256', uri: '', isEmptyUri: true });
  signer.computeSignature(xml, { location: { reference: '/*', action: 'append' } });
  return signer.getSignedXml();
}

/** An OTP asked for by hand: its txn and the OTP from the "SMS". */
async function otpFor(h: Harness, uid: string): Promise<{ txn: string; otp: string }> {
  const txn = newTxn();
  const res = await post(`${h.base}/otp/2.5/public/${urlPart(uid)}/${LICENCE.asalk}`, otpXml(uid, txn));
  expect(rootAttributes(res.text)).toMatchObject({ ret: 'y', txn });
  return { txn, otp: h.sim.lastOtp(uid)! };
}

describe('UIDAI simulator', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });

  it('answers a body that is no XML, a DTD or the wrong root with HTTP 200 and err 510', async () => {
    for (const api of ['otp', 'auth', 'kyc']) {
      const url = `${h.base}/${api}/2.5/public/9/9/${LICENCE.asalk}`;
      for (const body of ['not xml at all', '<Otp', '<!DOCTYPE x [<!ENTITY a "b">]><Otp uid="&a;"/>', '<Other/>']) {
        const res = await post(url, body);
        expect(res.status).toBe(200);
        expect(rootAttributes(res.text)).toMatchObject({ err: '510' });
      }
      const plain = await post(url, otpXml(LAKSHMI, newTxn()), { 'content-type': 'text/plain' });
      expect(rootAttributes(plain.text)).toMatchObject({ err: '510' });
    }
    const kyc = rootAttributes((await post(`${h.base}/kyc/2.5/public/9/9/${LICENCE.asalk}`, 'nope')).text);
    expect(kyc).toMatchObject({ status: '-1', ret: 'N', err: '510' });
  });

  it('refuses a body over 64 KB at the HTTP level', async () => {
    const res = await post(`${h.base}/otp/2.5/public/9/9/${LICENCE.asalk}`, `<Otp>${'x'.repeat(70 * 1024)}</Otp>`);
    expect(res.status).toBe(413);
  });

  it('checks the AUA code, sub-AUA, licence keys, version and the URL’s uid digits', async () => {
    const otp = (over: Record<string, string>, ac = 'public', asalk = LICENCE.asalk, u = '9/9') => post(`${h.base}/otp/2.5/${ac}/${u}/${encodeURIComponent(asalk)}`, otpXml(LAKSHMI, 'sandbox:licence', over)).then((r) => rootAttributes(r.text));
    expect(await otp({}, 'other')).toMatchObject({ ret: 'n', err: '530', txn: 'sandbox:licence' });
    expect(await otp({ ac: 'other' })).toMatchObject({ err: '530' });
    expect(await otp({ sa: '' })).toMatchObject({ err: '543' });
    expect(await otp({ lk: 'wrong' })).toMatchObject({ err: '565' });
    expect(await otp({}, 'public', 'wrong')).toMatchObject({ err: '566' });
    expect(await otp({ ver: '1.6' })).toMatchObject({ err: '540' });
    expect(await otp({}, 'public', LICENCE.asalk, '1/2')).toMatchObject({ err: '510' });
    expect(await otp({ txn: 'UKC:taken' })).toMatchObject({ err: '510' });
    expect(await otp({ type: 'V' })).toMatchObject({ err: '510' });
    expect(h.sms).toHaveLength(0);
  });

  it('answers 998/A201 for a Verhoeff-invalid or unknown number, 515 for an unknown VID', async () => {
    const bad = '999922220014';
    expect(rootAttributes((await post(`${h.base}/otp/2.5/public/9/9/${LICENCE.asalk}`, otpXml(bad, newTxn()))).text)).toMatchObject({ err: '998', actn: 'A201' });
    const unknown = `23456789012${verhoeffDigit('23456789012')}`;
    expect(rootAttributes((await post(`${h.base}/otp/2.5/public/2/3/${LICENCE.asalk}`, otpXml(unknown, newTxn()))).text)).toMatchObject({ err: '998', actn: 'A201' });
    const vid = `999941012345678${verhoeffDigit('999941012345678') === '1' ? '2' : '1'}`;
    expect(rootAttributes((await post(`${h.base}/otp/2.5/public/0/0/${LICENCE.asalk}`, otpXml(vid, newTxn()))).text)).toMatchObject({ err: '515' });
  });

  it('refuses a request ts older than 24 hours (561) or more than 10 minutes ahead (562)', async () => {
    const old = ist(new Date(Date.now() - 25 * 3_600_000));
    const ahead = ist(new Date(Date.now() + 20 * 60_000));
    const url = `${h.base}/otp/2.5/public/9/9/${LICENCE.asalk}`;
    expect(rootAttributes((await post(url, otpXml(LAKSHMI, newTxn(), { ts: old }))).text)).toMatchObject({ err: '561' });
    expect(rootAttributes((await post(url, otpXml(LAKSHMI, newTxn(), { ts: ahead }))).text)).toMatchObject({ err: '562' });

    const { txn, otp } = await otpFor(h, RAVI);
    const authUrl = `${h.base}/auth/2.5/public/9/9/${LICENCE.asalk}`;
    expect(rootAttributes((await post(authUrl, authXml(RAVI, txn, pidBlock(otp, { ts: old })))).text)).toMatchObject({ err: '561' });
    expect(rootAttributes((await post(authUrl, authXml(RAVI, txn, pidBlock(otp, { ts: ahead })))).text)).toMatchObject({ err: '562' });
  });

  it('decrypts a PID block made with node:crypto directly and authenticates, the same txn twice being 563', async () => {
    const { txn, otp } = await otpFor(h, LAKSHMI);
    expect(h.sms.at(-1)).toMatchObject({ mobile: '919000000101', otp, maskedUid: 'XXXX XXXX 0013', txn });
    const url = `${h.base}/auth/2.5/public/9/9/${LICENCE.asalk}`;
    const ok = rootAttributes((await post(url, authXml(LAKSHMI, txn, pidBlock(otp)))).text);
    expect(ok).toMatchObject({ ret: 'y', txn, info: expect.stringMatching(/^04\{[0-9a-f]{72},A\}$/) });
    expect(rootAttributes((await post(url, authXml(LAKSHMI, txn, pidBlock(otp)))).text)).toMatchObject({ ret: 'n', err: '563' });
  });

  it('answers each broken part of the PID block with UIDAI’s code, and the OTP survives them', async () => {
    const { txn, otp } = await otpFor(h, RAVI);
    const url = `${h.base}/auth/2.5/public/9/9/${LICENCE.asalk}`;
    const verdict = async (block: ReturnType<typeof pidBlock>) => rootAttributes((await post(url, authXml(RAVI, txn, block))).text).err;
    expect(await verdict(pidBlock(otp, { ci: '20251231' }))).toBe('501');
    // OpenSSL's implicit rejection turns a wrong Skey into other bytes, now and then 32 of them: still 500, every time.
    for (let i = 0; i < 40; i++) expect(await verdict(pidBlock(otp, { skey: randomBytes(256).toString('base64') }))).toBe('500');
    expect(await verdict(pidBlock(otp, { skey: 'not base64!' }))).toBe('500');
    expect(await verdict(pidBlock(otp, { tamperData: true }))).toBe('502');
    expect(await verdict(pidBlock(otp, { tamperHmac: true }))).toBe('503');
    expect(await verdict(pidBlock(otp, { hashOf: '<Pid other="yes"/>' }))).toBe('564');
    expect(rootAttributes((await post(url, authXml(RAVI, txn, pidBlock(otp)))).text)).toMatchObject({ ret: 'y' });
  });

  it('wraps Auth in e-KYC: Resp with a base64 KycRes of the resident, Telugu data and a masked uid', async () => {
    const { txn, otp } = await otpFor(h, LAKSHMI_VID);
    const rad = Buffer.from(authXml(LAKSHMI_VID, txn, pidBlock(otp))).toString('base64');
    const res = await post(`${h.base}/kyc/2.5/public/0/0/${LICENCE.asalk}`, `<Kyc ver="2.5" ra="O" rc="Y" lr="Y" de="N" pfr="N"><Rad>${rad}</Rad></Kyc>`);
    expect(rootAttributes(res.text)).toMatchObject({ status: '0', ko: 'KUA', ret: 'Y', txn });
    const kycRes = Buffer.from(/<kycRes>([^<]+)<\/kycRes>/.exec(res.text)![1]!, 'base64').toString('utf8');
    expect(rootAttributes(kycRes)).toMatchObject({ ret: 'Y', txn });
    expect(kycRes).toMatch(/<UidData tkn="[0-9a-f]{72}" uid="xxxxxxxx0013">/);
    expect(kycRes).toContain('<Poi name="Lakshmi Devi Kommineni" dob="12-03-1984" gender="F"/>');
    expect(kycRes).toContain('dist="Guntur" state="Andhra Pradesh" country="India" pc="522201"');
    expect(kycRes).toContain('<LData lang="te" name="కొమ్మినేని లక్ష్మీ దేవి"/>');
  });

  it('refuses e-KYC wrappers it does not support', async () => {
    const url = `${h.base}/kyc/2.5/public/9/9/${LICENCE.asalk}`;
    const rad = Buffer.from(authXml(LAKSHMI, 'sandbox:kyc', pidBlock('123456'))).toString('base64');
    expect(rootAttributes((await post(url, `<Kyc ver="2.1" ra="O" rc="Y"><Rad>${rad}</Rad></Kyc>`)).text)).toMatchObject({ err: '540', txn: 'sandbox:kyc' });
    expect(rootAttributes((await post(url, `<Kyc ver="2.5" ra="O" rc="N"><Rad>${rad}</Rad></Kyc>`)).text)).toMatchObject({ err: '512' });
    expect(rootAttributes((await post(url, `<Kyc ver="2.5" ra="F" rc="Y"><Rad>${rad}</Rad></Kyc>`)).text)).toMatchObject({ err: '980' });
    expect(rootAttributes((await post(url, `<Kyc ver="2.5" ra="O" rc="Y"><Rad>bm90IHhtbA==</Rad></Kyc>`)).text)).toMatchObject({ err: '510' });
  });

  it('signs its answers with the key it publishes', async () => {
    const res = await post(`${h.base}/otp/2.5/public/9/9/${LICENCE.asalk}`, otpXml(LAKSHMI, newTxn()));
    const verifier = new SignedXml({ publicCert: h.sim.signingPublicKeyPem });
    verifier.loadSignature(/<Signature[\s\S]*<\/Signature>/.exec(res.text)![0]);
    expect(verifier.checkSignature(res.text)).toBe(true);
    const forged = res.text.replace('ret="y"', 'ret="n"');
    const again = new SignedXml({ publicCert: h.sim.signingPublicKeyPem });
    again.loadSignature(/<Signature[\s\S]*<\/Signature>/.exec(forged)![0]);
    expect(again.checkSignature(forged)).toBe(false);
  });

  it('knows no OTP for an unknown uid', () => {
    expect(h.sim.lastOtp('123412341234')).toBeNull();
  });
});

describe('UIDAI simulator with AUA signatures', () => {
  it('accepts requests signed by the AUA’s key and refuses unsigned or tampered ones with 569', async () => {
    const h = await harness({ auaSigningCertificatePem: auaKeyPair.publicKeyPem });
    const url = `${h.base}/otp/2.5/public/9/9/${LICENCE.asalk}`;
    expect(rootAttributes((await post(url, sign(otpXml(LAKSHMI, newTxn()), auaKeyPair.privateKeyPem))).text)).toMatchObject({ ret: 'y' });
    expect(rootAttributes((await post(url, otpXml(LAKSHMI, newTxn()))).text)).toMatchObject({ ret: 'n', err: '569' });
    const signed = sign(otpXml(LAKSHMI, 'sandbox:tampered'), auaKeyPair.privateKeyPem);
    expect(rootAttributes((await post(url, signed.replace('ch="01"', 'ch="00"'))).text)).toMatchObject({ err: '569' });
    expect(rootAttributes((await post(url, sign(otpXml(LAKSHMI, newTxn()), rsaPair().privateKeyPem))).text)).toMatchObject({ err: '569' });
    expect(h.sms).toHaveLength(1);
  });

  it('checks the signature of both the Kyc wrapper and the Auth inside it', async () => {
    const h = await harness({ auaSigningCertificatePem: auaKeyPair.publicKeyPem });
    const otpUrl = `${h.base}/otp/2.5/public/9/9/${LICENCE.asalk}`;
    const txn = newTxn();
    await post(otpUrl, sign(otpXml(LAKSHMI, txn), auaKeyPair.privateKeyPem));
    const otp = h.sim.lastOtp(LAKSHMI)!;
    const kyc = (auth: string) => sign(`<Kyc ver="2.5" ra="O" rc="Y" lr="Y" de="N" pfr="N"><Rad>${Buffer.from(auth).toString('base64')}</Rad></Kyc>`, auaKeyPair.privateKeyPem);
    const url = `${h.base}/kyc/2.5/public/9/9/${LICENCE.asalk}`;
    expect(rootAttributes((await post(url, kyc(authXml(LAKSHMI, txn, pidBlock(otp))))).text)).toMatchObject({ err: '569' });
    expect(rootAttributes((await post(url, kyc(sign(authXml(LAKSHMI, txn, pidBlock(otp)), auaKeyPair.privateKeyPem)))).text)).toMatchObject({ ret: 'Y' });
  });
});

describe('UID token', () => {
  it('is stable for a resident and AUA under the same secret, whichever of number or VID', async () => {
    const tokenOf = async (h: Harness, uid: string) => {
      const { txn, otp } = await otpFor(h, uid);
      const info = rootAttributes((await post(`${h.base}/auth/2.5/public/${urlPart(uid)}/${LICENCE.asalk}`, authXml(uid, txn, pidBlock(otp)))).text).info!;
      return /^04\{([0-9a-f]{72}),/.exec(info)![1];
    };
    const a = await harness({ uidTokenSecret: 'same-secret' });
    const b = await harness({ uidTokenSecret: 'same-secret' });
    const c = await harness({ uidTokenSecret: 'other-secret' });
    const token = await tokenOf(a, LAKSHMI);
    expect(await tokenOf(b, LAKSHMI)).toBe(token);
    expect(await tokenOf(a, LAKSHMI_VID)).toBe(token);
    expect(await tokenOf(c, LAKSHMI)).not.toBe(token);
    expect(await tokenOf(a, RAVI)).not.toBe(token);
  });
});

describe('transport faults', () => {
  it('answers 503, drops the connection or holds the request, by header or queued, without touching OTPs', async () => {
    const h = await harness({ slowResponseMs: 150 });
    const url = `${h.base}/otp/2.5/public/9/9/${LICENCE.asalk}`;
    expect((await post(url, otpXml(LAKSHMI, newTxn()), { 'x-sandbox-fault': '503' })).status).toBe(503);
    await expect(post(url, otpXml(LAKSHMI, newTxn()), { 'x-sandbox-fault': 'reset' })).rejects.toThrow();
    const started = Date.now();
    expect((await post(url, otpXml(LAKSHMI, newTxn()), { 'x-sandbox-fault': 'timeout' })).status).toBe(504);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    h.sim.failNext('503', 2);
    expect((await post(url, otpXml(LAKSHMI, newTxn()))).status).toBe(503);
    expect((await post(url, otpXml(LAKSHMI, newTxn()))).status).toBe(503);
    expect(h.sms).toHaveLength(0);
    expect(rootAttributes((await post(url, otpXml(LAKSHMI, newTxn()))).text)).toMatchObject({ ret: 'y' });
  });
});
