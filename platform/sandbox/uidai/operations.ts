/**
 * What the simulated UIDAI does with an OTP request, an Auth request and an
 * e-KYC request: the checks in the order a request meets them, each failing
 * with UIDAI's code, and the answer XML. Every processed request is answered
 * (HTTP 200 is index.ts's business); nothing here throws for a bad request.
 */
import type { KeyObject } from 'node:crypto';
import { maskAadhaar, verhoeffValid } from '../../identity/aadhaar/numbers';
import type { Logger } from '../../log';
import type { Resident } from '../residents';
import { Answers, maskedMobile, type Refusal } from './answers';
import type { OtpLedger } from './otp-ledger';
import { decryptPid } from './pid-decryption';
import { signedByAua } from './signatures';
import { attr, child, parseDocument, text, type XmlNode } from './xml';

export interface UrlParams {
  ac: string;
  u0: string;
  u1: string;
  asalk: string;
}

export interface OtpDelivery {
  /** With the country code, as the resident's wa_id. */
  mobile: string;
  otp: string;
  maskedUid: string;
  txn: string;
}

export interface OperationsContext {
  residents: readonly Resident[];
  licence: { ac: string; lk: string; asalk: string };
  encryptionKey: KeyObject;
  certificateExpiry: string;
  auaSigningCertificatePem?: string;
  now: () => Date;
  onOtp: (delivery: OtpDelivery) => void;
  log?: Logger;
}

const TXN = /^(?![Uu][^:]*:)[A-Za-z0-9.,\-\/():]{1,50}$/;
const TS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/;
const PAST_WINDOW_MS = 24 * 3_600_000;
const FUTURE_WINDOW_MS = 10 * 60_000;
const NOT_IN_CIDR: Refusal = { err: '998', actn: 'A201' };

type Authenticated = { resident: Resident; uidType: 'A' | 'V' };

export class UidaiOperations {
  constructor(
    private readonly ctx: OperationsContext,
    private readonly ledger: OtpLedger,
    private readonly answers: Answers,
  ) {}

  otp(body: string, params: UrlParams): string {
    const now = this.ctx.now();
    const doc = parseDocument(body);
    if (!doc || doc.name !== 'Otp') return this.answers.otpRes('', now, { err: '510' });
    const otp = doc.node;
    const txn = attr(otp, 'txn');
    const refused = this.otpRefusal(otp, body, params, now);
    if ('err' in refused) {
      this.ctx.log?.info({ event: 'uidai-otp-refused', err: refused.err }, 'UIDAI simulator refused an OTP request');
      return this.answers.otpRes(txn, now, refused);
    }
    const { resident, uid } = refused;
    const code = this.ledger.issue(resident.aadhaar, txn, now.getTime());
    const maskedUid = maskAadhaar(uid);
    this.ctx.onOtp({ mobile: resident.mobile!, otp: code, maskedUid, txn });
    this.ctx.log?.info({ event: 'uidai-otp-sent', maskedUid }, 'UIDAI simulator sent an OTP');
    return this.answers.otpRes(txn, now, { maskedMobile: maskedMobile(resident.mobile!) });
  }

  auth(body: string, params: UrlParams): string {
    const now = this.ctx.now();
    const doc = parseDocument(body);
    if (!doc || doc.name !== 'Auth') return this.answers.authRes('', now, { err: '510' });
    const outcome = this.authenticate(doc.node, body, params, now);
    return this.answers.authRes(attr(doc.node, 'txn'), now, 'err' in outcome ? outcome : { ...outcome, ac: params.ac });
  }

  kyc(body: string, params: UrlParams): string {
    const now = this.ctx.now();
    const doc = parseDocument(body);
    if (!doc || doc.name !== 'Kyc') return this.answers.kycResp('', now, { err: '510' });
    const kyc = doc.node;
    const authXml = Buffer.from(text(child(kyc, 'Rad')), 'base64').toString('utf8');
    const auth = parseDocument(authXml);
    const txn = auth?.name === 'Auth' ? attr(auth.node, 'txn') : '';
    const refuse = (refusal: Refusal): string => this.answers.kycResp(txn, now, refusal);
    if (attr(kyc, 'ver') !== '2.5') return refuse({ err: '540' });
    if (this.ctx.auaSigningCertificatePem && !signedByAua(body, this.ctx.auaSigningCertificatePem)) return refuse({ err: '569' });
    if (attr(kyc, 'rc') !== 'Y') return refuse({ err: '512' });
    // The simulator authenticates by OTP only (ra="O").
    if (attr(kyc, 'ra') !== 'O') return refuse({ err: '980' });
    if (!auth || auth.name !== 'Auth') return refuse({ err: '510' });
    const outcome = this.authenticate(auth.node, authXml, params, now);
    if ('err' in outcome) return refuse(outcome);
    return this.answers.kycResp(txn, now, { resident: outcome.resident, ac: params.ac });
  }

  /** The OTP request's checks; the resident and the number it was asked for when all pass. */
  private otpRefusal(otp: XmlNode, body: string, params: UrlParams, now: Date): Refusal | { resident: Resident; uid: string } {
    if (attr(otp, 'ver') !== '2.5') return { err: '540' };
    const common = this.commonRefusal(otp, body, params);
    if (common) return common;
    const ts = attr(otp, 'ts');
    if (!TS.test(ts)) return { err: '510' };
    const late = tsRefusal(ts, now);
    if (late) return late;
    const uid = attr(otp, 'uid');
    const type = attr(otp, 'type');
    if (!((type === 'A' && uid.length === 12) || (type === 'V' && uid.length === 16))) return { err: '510' };
    const found = this.residentFor(uid, params);
    if ('err' in found) return found;
    const { resident } = found;
    if (resident.fault === 'uidai-unavailable') return { err: '998', actn: 'A202' };
    if (resident.fault === 'no-mobile' || resident.mobile === null) return { err: '111' };
    if (this.ledger.flooding(resident.aadhaar, now.getTime())) return { err: '952' };
    return { resident, uid };
  }

  /** Auth's checks up to the OTP itself: who authenticated, or why not. */
  private authenticate(auth: XmlNode, xml: string, params: UrlParams, now: Date): Authenticated | Refusal {
    if (attr(auth, 'ver') !== '2.5') return { err: '540' };
    const common = this.commonRefusal(auth, xml, params);
    if (common) return common;
    if (attr(auth, 'rc') !== 'Y') return { err: '512' };
    const uses = child(auth, 'Uses');
    if (!uses) return { err: '510' };
    // The simulator knows OTPs only: other factors are an option it does not support.
    if (['pi', 'pa', 'pfa', 'bio', 'pin'].some((factor) => attr(uses, factor) === 'y')) return { err: '980' };
    if (attr(uses, 'otp') !== 'y') return { err: '901' };
    const uid = attr(auth, 'uid');
    const found = this.residentFor(uid, params);
    if ('err' in found) return found;
    const { resident } = found;
    if (resident.fault === 'uidai-unavailable') return { err: '998', actn: 'A202' };

    const skey = child(auth, 'Skey');
    const hmac = child(auth, 'Hmac');
    const data = child(auth, 'Data');
    if (!skey || !hmac || !data) return { err: '510' };
    if (!['', 'X'].includes(attr(data, 'type'))) return { err: '980' };
    const decrypted = decryptPid({ skey: text(skey), ci: attr(skey, 'ci'), hmac: text(hmac), data: text(data) }, this.ctx.encryptionKey, this.ctx.certificateExpiry);
    if (!decrypted.ok) return { err: decrypted.err };
    const pid = parseDocument(decrypted.pidXml);
    if (!pid || pid.name !== 'Pid' || attr(pid.node, 'ts') !== decrypted.ts) return { err: '511' };
    if (attr(pid.node, 'ver') !== '2.0') return { err: '541' };
    const late = tsRefusal(decrypted.ts, now);
    if (late) return late;
    const otp = attr(child(pid.node, 'Pv') ?? {}, 'otp');
    if (!otp) return { err: '740' };

    const check = this.ledger.verify(params.ac, resident.aadhaar, attr(auth, 'txn'), otp, now.getTime());
    this.ctx.log?.info({ event: 'uidai-auth', maskedUid: maskAadhaar(uid), result: check }, 'UIDAI simulator checked an OTP');
    if (check !== 'ok') return { err: check };
    return { resident, uidType: uid.length === 16 ? 'V' : 'A' };
  }

  /** Signature, licences and txn: the same for every API. */
  private commonRefusal(node: XmlNode, xml: string, params: UrlParams): Refusal | null {
    const { licence, auaSigningCertificatePem } = this.ctx;
    if (auaSigningCertificatePem && !signedByAua(xml, auaSigningCertificatePem)) return { err: '569' };
    if (params.ac !== licence.ac || attr(node, 'ac') !== licence.ac) return { err: '530' };
    if (attr(node, 'sa') === '') return { err: '543' };
    if (attr(node, 'lk') !== licence.lk) return { err: '565' };
    if (params.asalk !== licence.asalk) return { err: '566' };
    if (!TXN.test(attr(node, 'txn'))) return { err: '510' };
    return null;
  }

  /**
   * The resident a number or VID belongs to. The URL's uid[0]/uid[1] must be the number's first two
   * digits (0 and 0 for a VID): a mismatch is a malformed request (510).
   */
  private residentFor(uid: string, params: UrlParams): { resident: Resident } | Refusal {
    if (/^\d{16}$/.test(uid)) {
      if (params.u0 !== '0' || params.u1 !== '0') return { err: '510' };
      const resident = this.ctx.residents.find((r) => r.vid === uid);
      return resident ? { resident } : { err: '515' };
    }
    if (!/^\d{12}$/.test(uid)) return NOT_IN_CIDR;
    if (params.u0 !== uid[0] || params.u1 !== uid[1]) return { err: '510' };
    if (/^[01]/.test(uid) || !verhoeffValid(uid)) return NOT_IN_CIDR;
    const resident = this.ctx.residents.find((r) => r.aadhaar === uid);
    return resident ? { resident } : NOT_IN_CIDR;
  }
}

/** §2.3: older than 24 hours → 561, more than 10 minutes ahead → 562 (ts is IST without a zone). */
function tsRefusal(ts: string, now: Date): Refusal | null {
  const at = Date.parse(`${ts}+05:30`);
  if (!Number.isFinite(at)) return { err: '510' };
  if (now.getTime() - at > PAST_WINDOW_MS) return { err: '561' };
  if (at - now.getTime() > FUTURE_WINDOW_MS) return { err: '562' };
  return null;
}
