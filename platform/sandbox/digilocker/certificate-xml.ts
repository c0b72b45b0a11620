/**
 * A test resident's document as a DL-XML certificate (reference §3.6), what
 * DigiLocker serves at /oauth2/1/xml/{uri}: Certificate → IssuedBy →
 * IssuedTo → CertificateData (type-specific) → Signature. The sandbox's
 * certificates are unsigned (an empty Signature), and the holder's Aadhaar
 * number appears masked, as issuers print it.
 */
import { XMLBuilder } from 'fast-xml-parser';
import type { Resident, ResidentDocument } from '../residents';
import { DOC_TYPE_NAMES, certificateDateOf, uriOf } from './documents';

const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });

/** DL-XML's code for English. */
const LANGUAGE_ENGLISH = '99';
const STATE = 'Andhra Pradesh';

export function certificateXml(resident: Resident, document: ResidentDocument): string {
  const { indicator, name: swd } = careOfParts(resident.careOf);
  const a = resident.address;
  const certificate = {
    '@_language': LANGUAGE_ENGLISH,
    '@_name': DOC_TYPE_NAMES[document.doctype],
    '@_type': document.doctype,
    '@_number': document.docId,
    '@_prevNumber': '',
    '@_issuedAt': document.details.mandal ?? a.subdist,
    '@_issueDate': document.issueDate,
    '@_validFromDate': document.issueDate,
    '@_expiryDate': document.details.validTill ?? '',
    '@_status': 'A',
    IssuedBy: {
      Organization: {
        '@_name': document.issuer,
        '@_code': document.issuerId,
        '@_tin': '',
        '@_uid': '',
        '@_type': 'SG',
        Address: { '@_type': 'official', '@_line1': document.issuer, '@_line2': '', '@_house': '', '@_landmark': '', '@_locality': '', '@_vtc': '', '@_district': '', '@_pin': '', '@_state': STATE, '@_country': 'IN' },
      },
    },
    IssuedTo: {
      Person: {
        '@_uid': `xxxxxxxx${resident.aadhaar.slice(-4)}`,
        '@_title': '',
        '@_name': resident.name.en,
        '@_dob': certificateDateOf(resident.dob),
        '@_swd': swd,
        '@_swdIndicator': indicator,
        '@_gender': resident.gender,
        '@_maritalStatus': '',
        '@_religion': '',
        '@_phone': resident.mobile ? resident.mobile.slice(-10) : '',
        '@_email': '',
        Address: {
          '@_type': 'permanent',
          '@_line1': `${a.house}, ${a.street}`,
          '@_line2': `${a.vtc}, ${a.subdist}`,
          '@_house': a.house,
          '@_landmark': '',
          '@_locality': a.street,
          '@_vtc': a.vtc,
          '@_district': a.district,
          '@_pin': a.pincode,
          '@_state': STATE,
          '@_country': 'IN',
        },
        Photo: { '@_format': '' },
      },
    },
    CertificateData: certificateData(document),
    Signature: '',
  };
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- ${uriOf(document)}: issued through DigiLocker sandbox, not a real document -->\n${builder.build({ Certificate: certificate }) as string}`;
}

/** The type-specific part: the spec's <Caste> for caste certificates, one element of the same kind for the others. */
function certificateData(document: ResidentDocument): Record<string, unknown> {
  const d = document.details;
  switch (document.doctype) {
    case 'CTCER':
      return { Caste: { '@_name': d.caste ?? '', '@_category': d.category ?? '', '@_subCategory': d.subCategory ?? '', '@_description': '' } };
    case 'INCER':
      return { Income: { '@_annualIncome': d.annualIncome ?? '', '@_currency': 'INR', '@_mandal': d.mandal ?? '' } };
    case 'RCCER':
      return { RationCard: { '@_number': d.cardNumber ?? '', '@_type': d.cardType ?? '', '@_members': d.members ?? '' } };
    case 'DRVLC':
      return { DrivingLicence: { '@_number': d.licenceNumber ?? '', '@_classes': d.classes ?? '', '@_validTill': d.validTill ?? '' } };
    case 'BTCER':
      return { Birth: { '@_placeOfBirth': d.placeOfBirth ?? '', '@_registrationNumber': d.registrationNumber ?? '' } };
    case 'SSCER':
      return { Examination: { '@_rollNumber': d.rollNumber ?? '', '@_result': d.result ?? '', '@_year': d.year ?? '' } };
  }
}

/** "W/O Srinivasa Rao Kommineni" → W and the name (DL-XML's swd: son/wife/daughter of). */
function careOfParts(careOf: string): { indicator: string; name: string } {
  const match = /^([SWD])\/O\s+(.+)$/i.exec(careOf.trim());
  return match ? { indicator: match[1]!.toUpperCase(), name: match[2]! } : { indicator: '', name: careOf.trim() };
}
