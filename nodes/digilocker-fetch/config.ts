/** digilocker-fetch's configuration and its migrations: a flow exported with any version imports. */
import type { NodeDef } from '../red';

export const DIGILOCKER_FETCH_VERSION = 1;

/** Documents a service asks for, by what citizens call them, and the DigiLocker doc types issuers use for each (reference §3.6). */
export const DOCUMENT_KINDS = {
  caste: ['CTCER', 'CSCER'],
  income: ['INCER'],
  birth: ['BTCER'],
  ration_card: ['RCCER'],
  driving_licence: ['DRVLC'],
  class_x: ['SSCER'],
} as const satisfies Record<string, readonly string[]>;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;

export interface DigiLockerFetchConfig {
  version: number;
  /** fetch: a document of `document`'s kind; list: the issued documents; forget: unlink the citizen's DigiLocker. */
  mode: 'fetch' | 'list' | 'forget';
  document: DocumentKind;
  /** Minutes the consent link (and the step waiting for it) stays open. */
  timeout: number;
}

export function migrate(def: NodeDef): DigiLockerFetchConfig {
  const mode = def.mode === 'list' || def.mode === 'forget' ? def.mode : 'fetch';
  const document = typeof def.document === 'string' && def.document in DOCUMENT_KINDS ? (def.document as DocumentKind) : 'caste';
  const timeout = Number(def.timeout);
  return { version: DIGILOCKER_FETCH_VERSION, mode, document, timeout: Number.isInteger(timeout) && timeout >= 1 && timeout <= 60 ? timeout : 15 };
}
