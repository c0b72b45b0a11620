/**
 * UIDAI's OTP API 2.5 and e-KYC API 2.5 (with Auth 2.5 inside) as an AUA calls them
 * (reference: shared/reference/uidai-aadhaar.md §2.1–2.3).
 *
 *   - Every request is signed (enveloped XML-DSig, RSA-SHA256, SHA-256
 *     digest) with the AUA's key; KeyInfo carries the AUA's certificate, or
 *     its RSA public key (KeyValue) where none is configured (the sandbox,
 *     which cannot make certificates).
 *   - The PID block is encrypted per transaction (pid.ts).
 *   - UIDAI answers every processed request with HTTP 200 and its verdict
 *     (`ret`, `err`, `actn`) in the XML. A refusal is an outcome, not an
 *     exception. Only transport problems (timeout, no connection, 5xx) are
 *     tried again, once after a short pause, and then surface as
 *     UidaiUnavailableError, as does an answer that cannot be read.
 *   - When UIDAI's signing certificate is configured, answers whose signature
 *     does not verify are not believed (UidaiUnavailableError, bad_answer).
 *
 * The Aadhaar number, the OTP, the Pid and the session key are never logged
 * or kept; the raw answers are dropped once read.
 */
import { createPublicKey } from 'node:crypto';
import { DOMParser } from '@xmldom/xmldom';
import { ConstantBackoff, handleWhen, retry } from 'cockatiel';
import { XMLBuilder, XMLParser, XMLValidator } from 'fast-xml-parser';
import { Agent, request } from 'undici';
import { readBounded, TooLargeError } from '../../http-body';
import { SignedXml } from 'xml-crypto';
import type { AadhaarKind } from './numbers';
import { encryptOtpPid, istTimestamp } from './pid';

export interface UidaiClientOptions {
  /** Base of the OTP API, e.g. https://developer.uidai.gov.in/uidotp/2.5 */
  otpUrl: string;
  /** Base of the e-KYC API. */
  kycUrl: string;
  /** AUA code. */
  ac: string;
  /** Sub-AUA code (never empty: UIDAI answers 543/940). */
  sa: string;
  /** AUA licence key. */
  lk: string;
  /** ASA licence key (goes into the URL). */
  asalk: string;
  /** UIDAI's encryption certificate (or its public key), PEM. */
  encryptionCertificatePem: string;
  /** That certificate's expiry, YYYYMMDD: Skey's `ci`. */
  certificateExpiry: string;
  /** The AUA's signing key, PEM. */
  signingKeyPem: string;
  /** The AUA's certificate, PEM, put in KeyInfo; without it KeyInfo carries the key's RSA public key. */
  signingCertificatePem?: string;
  /** UIDAI's signing certificate (or public key), PEM: when given, answers must carry a valid signature. */
  uidaiSignatureCertificatePem?: string;
  /** Per attempt. Default 10 000. */
  timeoutMs?: number;
  /** Pause before the one retry. Default 500. */
  retryDelayMs?: number;
  /** The clock of the Otp and Pid ts (tests). */
  now?: () => Date;
}

export type OtpOutcome =
  | { ok: true; txn: string; code: string; maskedMobile?: string }
  | { ok: false; err: string; actn?: string; code?: string };

export interface KycFields {
  name: string;
  nameLocal?: string;
  gender: string;
  yearOfBirth: number;
  district: string;
}

export type KycOutcome =
  | { ok: true; txn: string; uidToken: string; kyc: KycFields }
  /** retried: the answer is to a second attempt (the first may have been processed). */
  | { ok: false; err: string; actn?: string; retried?: boolean };

/** UIDAI could not be asked or its answer could not be used: the citizen should try later. */
export class UidaiUnavailableError extends Error {
  constructor(
    readonly reason: 'timeout' | 'unreachable' | 'server_error' | 'bad_answer',
    readonly status: number | null,
    readonly attempts: number,
  ) {
    super(`UIDAI unavailable: ${reason}${status ? ` (HTTP ${status})` : ''} after ${attempts} attempt${attempts === 1 ? '' : 's'}`);
    this.name = 'UidaiUnavailableError';
  }
}

const XMLDSIG_NS = 'http://www.w3.org/2000/09/xmldsig#';
const RSA_SHA256 = 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256';
const SHA256 = 'http://www.w3.org/2001/04/xmlenc#sha256';
const ENVELOPED = 'http://www.w3.org/2000/09/xmldsig#enveloped-signature';
const C14N = 'http://www.w3.org/TR/2001/REC-xml-c14n-20010315';
/** UIDAI's answers are a few kilobytes (an e-KYC with a photo some tens): more is not an answer. */
const MAX_ANSWER_BYTES = 512 * 1024;
/** §2.3: txn ≤ 50 characters of this set, and not in UIDAI's own namespaces (U…:). */
const TXN = /^(?![Uu][^:]*:)[A-Za-z0-9.,\-\/():]{1,50}$/;

/** An attempt that may succeed if made again. */
class TransientFailure extends Error {
  constructor(
    readonly reason: 'timeout' | 'unreachable' | 'server_error',
    readonly status: number | null,
  ) {
    super(`UIDAI call failed: ${reason}`);
  }
}

class BadAnswer extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

type XmlNode = Record<string, unknown>;

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: true });
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', parseTagValue: false, parseAttributeValue: false, removeNSPrefix: true });

export class UidaiClient {
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly policy;
  private readonly now: () => Date;
  /** KeyInfo without a certificate: the signing key's RSA public key (XML-DSig KeyValue). */
  private readonly keyValue: string;

  constructor(private readonly options: UidaiClientOptions) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.now = options.now ?? (() => new Date());
    this.agent = new Agent({ connect: { timeout: this.timeoutMs }, headersTimeout: this.timeoutMs, bodyTimeout: this.timeoutMs });
    this.policy = retry(handleWhen((err) => err instanceof TransientFailure), { maxAttempts: 1, backoff: new ConstantBackoff(options.retryDelayMs ?? 500) });
    const jwk = createPublicKey(options.signingKeyPem).export({ format: 'jwk' });
    if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) throw new Error('the AUA signing key must be an RSA key');
    this.keyValue = `<KeyValue><RSAKeyValue><Modulus>${Buffer.from(jwk.n, 'base64url').toString('base64')}</Modulus><Exponent>${Buffer.from(jwk.e, 'base64url').toString('base64')}</Exponent></RSAKeyValue></KeyValue>`;
  }

  /** Asks UIDAI to send an OTP to the resident's registered mobile (SMS only). */
  async requestOtp(uid: string, kind: AadhaarKind, txn: string): Promise<OtpOutcome> {
    checkUid(uid, kind);
    checkTxn(txn);
    const o = this.options;
    const otp = build({
      Otp: {
        '@_uid': uid,
        '@_ac': o.ac,
        '@_sa': o.sa,
        '@_ver': '2.5',
        '@_txn': txn,
        '@_ts': istTimestamp(this.now()),
        '@_lk': o.lk,
        '@_type': kind,
        Opts: { '@_ch': '01' },
      },
    });
    const { node: answer } = await this.post(this.urlOf(o.otpUrl, uid, kind), this.sign(otp), 'OtpRes', txn);
    const code = attr(answer, 'code');
    if (isYes(attr(answer, 'ret'))) {
      const maskedMobile = maskedMobileIn(attr(answer, 'info'));
      return { ok: true, txn, code: code ?? '', ...(maskedMobile ? { maskedMobile } : {}) };
    }
    return refusal(answer, code);
  }

  /** OTP authentication with the resident's e-KYC data (e-KYC API 2.5 around Auth 2.5), Telugu data included. */
  async authenticateWithKyc(uid: string, kind: AadhaarKind, txn: string, otp: string): Promise<KycOutcome> {
    checkUid(uid, kind);
    checkTxn(txn);
    const kyc = build({
      Kyc: {
        '@_ver': '2.5',
        '@_ra': 'O',
        '@_rc': 'Y',
        '@_lr': 'Y',
        '@_de': 'N',
        '@_pfr': 'N',
        Rad: Buffer.from(this.signedAuth(uid, txn, otp), 'utf8').toString('base64'),
      },
    });
    const { node: answer, attempts } = await this.post(this.urlOf(this.options.kycUrl, uid, kind), this.sign(kyc), 'Resp', txn);
    if (attr(answer, 'status') !== '0' || !isYes(attr(answer, 'ret'))) {
      const err = attr(answer, 'err');
      if (!err) throw new UidaiUnavailableError('bad_answer', 200, 1);
      const actn = attr(answer, 'actn');
      // 563 to a second attempt: the first was processed (its answer was lost), not replayed by anyone.
      return { ok: false, err, ...(actn ? { actn } : {}), ...(attempts > 1 ? { retried: true } : {}) };
    }
    const encoded = typeof answer.kycRes === 'string' ? answer.kycRes : null;
    if (!encoded) throw new UidaiUnavailableError('bad_answer', 200, 1);
    return readKycRes(Buffer.from(encoded, 'base64').toString('utf8'), txn);
  }

  /** Closes the connection pool (the client is no longer used). */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private signedAuth(uid: string, txn: string, otp: string): string {
    const o = this.options;
    const pid = encryptOtpPid(otp, this.now(), o.encryptionCertificatePem, o.certificateExpiry);
    return this.sign(
      build({
        Auth: {
          '@_uid': uid,
          '@_rc': 'Y',
          '@_tid': '',
          '@_ac': o.ac,
          '@_sa': o.sa,
          '@_ver': '2.5',
          '@_txn': txn,
          '@_lk': o.lk,
          Uses: { '@_pi': 'n', '@_pa': 'n', '@_pfa': 'n', '@_bio': 'n', '@_bt': '', '@_pin': 'n', '@_otp': 'y' },
          Device: { '@_rdsId': '', '@_rdsVer': '', '@_dpId': '', '@_dc': '', '@_mi': '', '@_mc': '' },
          Skey: { '@_ci': pid.ci, '#text': pid.skey },
          Hmac: pid.hmac,
          Data: { '@_type': 'X', '#text': pid.data },
        },
      }),
    );
  }

  /** §2.1: uid[0] and uid[1] are the number's first two digits, 0 and 0 for a VID. */
  private urlOf(base: string, uid: string, kind: AadhaarKind): string {
    const [u0, u1] = kind === 'A' ? [uid[0], uid[1]] : ['0', '0'];
    return `${base.replace(/\/+$/, '')}/${encodeURIComponent(this.options.ac)}/${u0}/${u1}/${encodeURIComponent(this.options.asalk)}`;
  }

  /** The AUA's enveloped signature over the whole request. */
  private sign(xml: string): string {
    const o = this.options;
    const signer = new SignedXml({
      privateKey: o.signingKeyPem,
      ...(o.signingCertificatePem ? { publicCert: o.signingCertificatePem } : { getKeyInfoContent: () => this.keyValue }),
      signatureAlgorithm: RSA_SHA256,
      canonicalizationAlgorithm: C14N,
    });
    signer.addReference({ xpath: '/*', transforms: [ENVELOPED, C14N], digestAlgorithm: SHA256, uri: '', isEmptyUri: true });
    signer.computeSignature(xml, { location: { reference: '/*', action: 'append' } });
    return signer.getSignedXml();
  }

  /** POSTs, retrying a transport failure once, and returns the answer's root element when it is the one expected. */
  private async post(url: string, body: string, root: string, txn: string): Promise<{ node: XmlNode; attempts: number }> {
    let attempts = 0;
    let text: string;
    try {
      text = await this.policy.execute(async () => {
        attempts++;
        return this.attempt(url, body);
      });
    } catch (err) {
      if (err instanceof TransientFailure) throw new UidaiUnavailableError(err.reason, err.status, attempts);
      if (err instanceof BadAnswer) throw new UidaiUnavailableError('bad_answer', err.status, attempts);
      throw err;
    }
    try {
      const { uidaiSignatureCertificatePem } = this.options;
      if (uidaiSignatureCertificatePem && !signatureValid(text, uidaiSignatureCertificatePem)) throw new BadAnswer('signature');
      const node = parseRoot(text, root);
      // An answer about another transaction is not an answer to this one.
      if (attr(node, 'txn') !== undefined && attr(node, 'txn') !== txn) throw new BadAnswer('txn');
      return { node, attempts };
    } catch (err) {
      if (err instanceof BadAnswer) throw new UidaiUnavailableError('bad_answer', 200, attempts);
      throw err;
    }
  }

  private async attempt(url: string, body: string): Promise<string> {
    let res;
    try {
      res = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/xml; charset=utf-8', accept: 'application/xml' },
        body,
        dispatcher: this.agent,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (err) {
      throw transportFailure(err);
    }
    let text: string;
    try {
      text = (await readBounded(res.body, MAX_ANSWER_BYTES, res.headers['content-length'])).toString('utf8');
    } catch (err) {
      if (err instanceof TooLargeError) throw new BadAnswer('too large', res.statusCode);
      throw transportFailure(err);
    }
    if (res.statusCode >= 500) throw new TransientFailure('server_error', res.statusCode);
    // §2.1: every processed request is answered 200; anything else came from something in between.
    if (res.statusCode !== 200) throw new BadAnswer('status', res.statusCode);
    return text;
  }
}

function transportFailure(err: unknown): TransientFailure {
  const code = (err as { code?: string }).code ?? '';
  const name = (err as Error).name;
  return new TransientFailure(/TIMEOUT/i.test(code) || name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'unreachable', null);
}

function build(tree: XmlNode): string {
  return builder.build(tree) as string;
}

/** The answer's root element, refused when the text is no XML, declares a DTD (entities) or has another root. */
function parseRoot(text: string, root: string): XmlNode {
  if (/<!DOCTYPE/i.test(text) || XMLValidator.validate(text) !== true) throw new BadAnswer('not XML');
  const parsed = parser.parse(text) as XmlNode;
  const node = parsed[root];
  if (typeof node !== 'object' || node === null || Array.isArray(node)) throw new BadAnswer(`no ${root}`);
  return node as XmlNode;
}

function attr(node: XmlNode, name: string): string | undefined {
  const value = node[`@_${name}`];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function child(node: XmlNode, name: string): XmlNode {
  const value = node[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as XmlNode) : {};
}

function isYes(ret: string | undefined): boolean {
  return ret === 'y' || ret === 'Y';
}

function refusal(answer: XmlNode, code: string | undefined): { ok: false; err: string; actn?: string; code?: string } {
  const err = attr(answer, 'err');
  if (!err) throw new UidaiUnavailableError('bad_answer', 200, 1);
  const actn = attr(answer, 'actn');
  return { ok: false, err, ...(actn ? { actn } : {}), ...(code ? { code } : {}) };
}

/** OtpRes `info` carries masked contact hints (e.g. `01{xxxxxx0101,NA}`): the first masked number in it. */
function maskedMobileIn(info: string | undefined): string | undefined {
  return info?.match(/[xX*]{4,}\d{2,4}/)?.[0];
}

/** The resident's data from KycRes; a KycRes that says no is the refusal it carries. */
function readKycRes(xml: string, txn: string): KycOutcome {
  let res: XmlNode;
  try {
    res = parseRoot(xml, 'KycRes');
  } catch {
    throw new UidaiUnavailableError('bad_answer', 200, 1);
  }
  if (!isYes(attr(res, 'ret'))) {
    const err = attr(res, 'err');
    if (!err) throw new UidaiUnavailableError('bad_answer', 200, 1);
    // e-KYC's own K-xxx codes pass as they are (K-100: the authentication inside failed; otp-service reads it).
    const actn = attr(res, 'actn');
    return { ok: false, err, ...(actn ? { actn } : {}) };
  }
  const data = child(res, 'UidData');
  const poi = child(data, 'Poi');
  const poa = child(data, 'Poa');
  const local = child(data, 'LData');
  const uidToken = attr(data, 'tkn');
  const name = attr(poi, 'name');
  const gender = attr(poi, 'gender');
  // dob is DD-MM-YYYY, or only YYYY where UIDAI holds only the year.
  const year = attr(poi, 'dob')?.match(/(\d{4})$/)?.[1];
  const district = attr(poa, 'dist');
  if (!uidToken || !name || !gender || !year || !district) throw new UidaiUnavailableError('bad_answer', 200, 1);
  const nameLocal = attr(local, 'name');
  return { ok: true, txn, uidToken, kyc: { name, ...(nameLocal ? { nameLocal } : {}), gender, yearOfBirth: Number(year), district } };
}

/** UIDAI's enveloped signature over its whole answer, checked with its certificate (or public key). */
function signatureValid(xml: string, certificatePem: string): boolean {
  let failed = false;
  const doc = new DOMParser({ errorHandler: { warning: () => undefined, error: () => (failed = true), fatalError: () => (failed = true) } }).parseFromString(xml, 'text/xml');
  const root = doc.documentElement;
  if (failed || !root) return false;
  const signatures = Array.from(root.childNodes as unknown as ArrayLike<Element>).filter((n) => n.nodeType === 1 && n.localName === 'Signature' && n.namespaceURI === XMLDSIG_NS);
  if (signatures.length !== 1) return false;
  const verifier = new SignedXml({ publicCert: certificatePem });
  try {
    verifier.loadSignature(signatures[0]!);
    const valid = verifier.checkSignature(xml);
    // Only a signature over the whole document (URI="") vouches for the attributes read from it.
    const references = verifier.getReferences();
    return valid && references.length === 1 && references[0]!.uri === '';
  } catch {
    return false;
  }
}

function checkUid(uid: string, kind: AadhaarKind): void {
  if (!(kind === 'A' ? /^\d{12}$/ : /^\d{16}$/).test(uid)) throw new Error(kind === 'A' ? 'an Aadhaar number is 12 digits' : 'a VID is 16 digits');
}

function checkTxn(txn: string): void {
  if (!TXN.test(txn)) throw new Error('a UIDAI txn is 1–50 of A-Z a-z 0-9 . , - / ( ) : and not in a U…: namespace');
}
