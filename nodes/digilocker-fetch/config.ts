/** digilocker-fetch's configuration and its migrations: a flow exported with any version imports. */
import { isDocumentKind, type DocumentKind } from '../../platform/identity/digilocker/documents';
import type { NodeDef } from '../red';

export const DIGILOCKER_FETCH_VERSION = 3;

/** Version 2 named documents its own way; version 3 by the catalog's names (platform/identity/digilocker/documents.ts). */
const V2_NAMES: Record<string, DocumentKind> = { caste: 'caste_certificate', income: 'income_certificate', birth: 'birth_certificate', class_x: 'class_x_marksheet' };

export interface DigiLockerFetchConfig {
  version: number;
  /** fetch: a document of `document`'s kind; list: the issued documents; forget: unlink the citizen's DigiLocker. */
  mode: 'fetch' | 'list' | 'forget';
  /** A kind, or `service`: every document the service needs (the catalog's needs.digilocker). */
  document: DocumentKind | 'service';
  /** For `service`: the catalog service id (`${SERVICE}` in a subflow); empty: the chosen one (msg.service.id). */
  service: string;
  /** pdf: the document as issued, for the citizen (whatsapp-out sends it); xml: its certificate data, for a department. v1 had none: pdf. */
  format: 'pdf' | 'xml';
  /** Minutes the consent link (and the step waiting for it) stays open. */
  timeout: number;
}

export function migrate(def: NodeDef): DigiLockerFetchConfig {
  const mode = def.mode === 'list' || def.mode === 'forget' ? def.mode : 'fetch';
  const named: unknown = typeof def.document === 'string' ? (V2_NAMES[def.document] ?? def.document) : undefined;
  const document = named === 'service' ? 'service' : isDocumentKind(named) ? named : 'caste_certificate';
  const format = def.format === 'xml' ? 'xml' : 'pdf';
  const timeout = Number(def.timeout);
  const service = typeof def.service === 'string' ? def.service.trim() : '';
  return { version: DIGILOCKER_FETCH_VERSION, mode, document, service, format, timeout: Number.isInteger(timeout) && timeout >= 1 && timeout <= 60 ? timeout : 15 };
}
