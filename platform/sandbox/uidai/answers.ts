/**
 * The simulator's answers: OtpRes, AuthRes, and the e-KYC Resp around a
 * base64 KycRes (de="N": not encrypted for the KUA), each signed with the
 * simulator's key as UIDAI signs its answers, and the resident's UID token.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { Resident } from '../residents';
import { signAnswer } from './signatures';
import { buildXml } from './xml';

export interface Refusal {
  err: string;
  actn?: string;
}

/** IST, the zone UIDAI answers in. */
const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
const KYC_TTL_MS = 24 * 3_600_000;

export class Answers {
  constructor(
    private readonly signingKeyPem: string,
    private readonly tokenSecret: string,
  ) {}

  otpRes(txn: string, now: Date, outcome: { maskedMobile: string | null } | Refusal): string {
    const common = { '@_code': responseCode(), '@_txn': txn, '@_ts': xsdDateTime(now) };
    if ('err' in outcome) return this.signed({ OtpRes: { '@_ret': 'n', ...common, '@_err': outcome.err, ...actnOf(outcome) } });
    return this.signed({ OtpRes: { '@_ret': 'y', ...common, ...(outcome.maskedMobile ? { '@_info': `01{${outcome.maskedMobile},NA}` } : {}) } });
  }

  authRes(txn: string, now: Date, outcome: { resident: Resident; ac: string; uidType: 'A' | 'V' } | Refusal): string {
    const common = { '@_code': responseCode(), '@_txn': txn, '@_ts': xsdDateTime(now) };
    if ('err' in outcome) return this.signed({ AuthRes: { '@_ret': 'n', ...common, '@_err': outcome.err, ...actnOf(outcome) } });
    // info, shortened to what clients read: 04{UID token, UID type, …}.
    return this.signed({ AuthRes: { '@_ret': 'y', ...common, '@_info': `04{${this.uidToken(outcome.resident.aadhaar, outcome.ac)},${outcome.uidType}}` } });
  }

  kycResp(txn: string, now: Date, outcome: { resident: Resident; ac: string } | Refusal): string {
    const common = { '@_code': responseCode(), '@_txn': txn, '@_ts': xsdDateTime(now) };
    if ('err' in outcome) return this.signed({ Resp: { '@_status': '-1', '@_ko': 'KUA', '@_ret': 'N', ...common, '@_err': outcome.err, ...actnOf(outcome) } });
    const kycRes = this.kycRes(outcome.resident, outcome.ac, txn, now, common['@_code']);
    return this.signed({ Resp: { '@_status': '0', '@_ko': 'KUA', '@_ret': 'Y', ...common, kycRes: Buffer.from(kycRes, 'utf8').toString('base64') } });
  }

  /** 72 hex characters, the same for a resident and an AUA whichever of number or VID was used (reference §2.3). */
  uidToken(aadhaar: string, ac: string): string {
    return createHmac('sha512', this.tokenSecret).update(`${aadhaar}|${ac}`).digest('hex').slice(0, 72);
  }

  private kycRes(r: Resident, ac: string, txn: string, now: Date, code: string): string {
    const [year, month, day] = r.dob.split('-');
    return this.signed({
      KycRes: {
        '@_ret': 'Y',
        '@_code': code,
        '@_txn': txn,
        '@_ts': xsdDateTime(now),
        '@_ttl': xsdDateTime(new Date(now.getTime() + KYC_TTL_MS)),
        UidData: {
          '@_tkn': this.uidToken(r.aadhaar, ac),
          '@_uid': `xxxxxxxx${r.aadhaar.slice(-4)}`,
          Poi: { '@_name': r.name.en, '@_dob': `${day}-${month}-${year}`, '@_gender': r.gender },
          Poa: {
            '@_co': r.careOf,
            '@_house': r.address.house,
            '@_street': r.address.street,
            '@_vtc': r.address.vtc,
            '@_subdist': r.address.subdist,
            '@_dist': r.address.district,
            '@_state': 'Andhra Pradesh',
            '@_country': 'India',
            '@_pc': r.address.pincode,
          },
          LData: { '@_lang': 'te', '@_name': r.name.te },
        },
      },
    });
  }

  private signed(tree: Record<string, unknown>): string {
    return signAnswer(buildXml(tree), this.signingKeyPem);
  }
}

/** The masked mobile UIDAI hints at: x's and the last four digits of the ten-digit number. */
export function maskedMobile(mobile: string): string {
  return `xxxxxx${mobile.slice(-4)}`;
}

function actnOf(refusal: Refusal): Record<string, string> {
  return refusal.actn ? { '@_actn': refusal.actn } : {};
}

/** UIDAI's response code: an opaque id of up to 40 characters. */
function responseCode(): string {
  return randomBytes(16).toString('hex');
}

function xsdDateTime(at: Date): string {
  return `${new Date(at.getTime() + IST_OFFSET_MS).toISOString().slice(0, 23)}+05:30`;
}
