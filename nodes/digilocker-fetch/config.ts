/** digilocker-fetch's configuration and its migrations: a flow exported with any version imports. */
import type { NodeDef } from '../red';

export const DIGILOCKER_FETCH_VERSION = 2;

/** Andhra Pradesh's issuers in DigiLocker: in.gov.ap.<department> (and the id itself). */
const AP = 'in.gov.ap';

/**
 * Documents a service asks for, by what citizens call them: the DigiLocker doc types issuers use
 * for each (reference §3.6), and whose they must be. Doc types are each issuer's own, so another
 * state's caste certificate, or an unrelated issuer's CTCER, is not this state's.
 */
export const DOCUMENT_KINDS = {
  caste: { doctypes: ['CTCER', 'CSCER'], issuers: [AP] },
  income: { doctypes: ['INCER'], issuers: [AP] },
  birth: { doctypes: ['BTCER'], issuers: [AP] },
  ration_card: { doctypes: ['RCCER'], issuers: [AP] },
  driving_licence: { doctypes: ['DRVLC'], issuers: [AP, 'in.gov.transport'] },
  class_x: { doctypes: ['SSCER'], issuers: [AP, 'in.gov.bseap'] },
} as const satisfies Record<string, { doctypes: readonly string[]; issuers: readonly string[] }>;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

export interface DigiLockerFetchConfig {
  version: number;
  /** fetch: a document of `document`'s kind; list: the issued documents; forget: unlink the citizen's DigiLocker. */
  mode: 'fetch' | 'list' | 'forget';
  document: DocumentKind;
  /** pdf: the document as issued, for the citizen (whatsapp-out sends it); xml: its certificate data, for a department. */
  format: 'pdf' | 'xml';
  /** Minutes the consent link (and the step waiting for it) stays open. */
  timeout: number;
}

export function migrate(def: NodeDef): DigiLockerFetchConfig {
  const mode = def.mode === 'list' || def.mode === 'forget' ? def.mode : 'fetch';
  const document = typeof def.document === 'string' && def.document in DOCUMENT_KINDS ? (def.document as DocumentKind) : 'caste';
  const timeout = Number(def.timeout);
  // v1 had no format: it fetched PDFs.
  const format = def.format === 'xml' ? 'xml' : 'pdf';
  return { version: DIGILOCKER_FETCH_VERSION, mode, document, format, timeout: Number.isInteger(timeout) && timeout >= 1 && timeout <= 60 ? timeout : 15 };
}
