/**
 * The documents a service may need from a citizen's DigiLocker, by the names
 * the service catalog uses (flows/catalog: needs.digilocker) and the
 * digilocker-fetch node offers: the doc types issuers use for each
 * (reference §3.6) and whose they must be. Doc types are each issuer's own,
 * not centrally fixed, so another state's caste certificate, or an unrelated
 * issuer's CTCER, is not taken for this state's.
 *
 * Codes marked "unverified" are the ones integrators use but no public spec
 * confirms: check them against the partner account's /pull/doctype list.
 */

/** Andhra Pradesh's issuers: in.gov.ap and its departments (in.gov.ap.revenue, in.gov.ap.transport …). */
const AP = 'in.gov.ap';

export interface DocumentKindRule {
  doctypes: readonly string[];
  /** Issuer ids (each also covers its sub-ids); null: any issuer (universities are many). */
  issuers: readonly string[] | null;
}

export const DOCUMENT_KINDS = {
  aadhaar: { doctypes: ['ADHAR'], issuers: ['in.gov.uidai'] },
  // API Setu's DL-XML example says CTCER, integrators' code CSCER: both.
  caste_certificate: { doctypes: ['CTCER', 'CSCER'], issuers: [AP] },
  income_certificate: { doctypes: ['INCER'], issuers: [AP] },
  birth_certificate: { doctypes: ['BTCER'], issuers: [AP] },
  // unverified
  residence_certificate: { doctypes: ['RSCER'], issuers: [AP] },
  // unverified
  ration_card: { doctypes: ['RCCER'], issuers: [AP] },
  driving_licence: { doctypes: ['DRVLC'], issuers: [AP, 'in.gov.transport'] },
  vehicle_registration: { doctypes: ['RVCER'], issuers: [AP, 'in.gov.transport'] },
  class_x_marksheet: { doctypes: ['SSCER'], issuers: [AP, 'in.gov.bseap', 'in.gov.cbse'] },
  class_xii_marksheet: { doctypes: ['HSCER'], issuers: [AP, 'in.gov.bieap', 'in.gov.cbse'] },
  degree_certificate: { doctypes: ['DGCER'], issuers: null },
  // unverified: AP's 1-B / Adangal
  land_record: { doctypes: ['LRCER'], issuers: [AP] },
  pan: { doctypes: ['PANCR'], issuers: ['in.gov.pan'] },
} as const satisfies Record<string, DocumentKindRule>;

export type DocumentKind = keyof typeof DOCUMENT_KINDS;
export const DOCUMENT_KIND_NAMES = Object.keys(DOCUMENT_KINDS) as [DocumentKind, ...DocumentKind[]];

export function isDocumentKind(value: unknown): value is DocumentKind {
  return typeof value === 'string' && Object.hasOwn(DOCUMENT_KINDS, value);
}

/** Whether an issuer id is one of a kind's issuers (or a sub-id of one). */
export function fromIssuer(rule: DocumentKindRule, issuerId: string): boolean {
  return rule.issuers === null || rule.issuers.some((issuer) => issuerId === issuer || issuerId.startsWith(`${issuer}.`));
}
