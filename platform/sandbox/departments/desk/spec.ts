/**
 * A department's sandbox backend described as data: what it looks up (a
 * record made up from the number the citizen gives, the same every time) and
 * what it accepts for filing (applications and grievances, which then move on
 * by themselves and report each step to the platform's status webhook).
 * desk.ts serves a spec behind the department's own kind of auth; each
 * department's spec is a file in ../specs.
 *
 * Records are plain JSON with top-level fields the flow's answer text names.
 * A value written { en, te } is sent in the language the request asks for
 * (`lang`), as a department's bilingual API answers.
 */
import type { Picker } from './picker';

export type Lang = 'en' | 'te';
export type Localized = { en: string; te: string };
/** A record's field: a scalar, or words in both languages (sent in the one asked for). */
export type FieldValue = string | number | boolean | null | Localized;
export type DeskRecord = Record<string, FieldValue>;

/** A department's refusal: 4xx with its own code and reason, as the platform passes it to the citizen. */
export interface Refusal {
  status: 400 | 404 | 409 | 422;
  code: string;
  message: string;
}

export interface LookupContext {
  /** The value that names the record (route parameter or query), trimmed and upper-cased. */
  key: string;
  /** Every query parameter as sent (strings), and the route's own parameters. */
  query: Record<string, string>;
  /** Made-up values, the same for the same key every time. */
  pick: Picker;
  /** Today in India, YYYY-MM-DD. */
  today: string;
  now: Date;
  /** An application filed at this desk under that department id, if any (status lookups find them too). */
  filed(id: string): { id: string; status: string; code: string; filedAt: string } | undefined;
}

export interface LookupSpec {
  /** An Express path under the department's /v1, e.g. '/land/ror-1b' or '/bills/:service_number'. */
  path: string;
  /** The route parameter or query parameter naming the record. */
  key: string;
  /** The key's form; anything else is refused 422 INVALID_<KEY>. Tested upper-cased. */
  pattern?: RegExp;
  /** Said when the key does not match the pattern. */
  hint?: string;
  /** Other query parameters the department insists on (400 MISSING_FIELD otherwise). */
  requires?: string[];
  /** The record, a refusal, or null for "no such record" (404 NOT_FOUND). */
  answer(ctx: LookupContext): DeskRecord | Refusal | null;
}

export type StepStatus = 'in_review' | 'documents_needed' | 'approved' | 'rejected' | 'issued' | 'resolved' | 'closed';
export interface Step {
  status: StepStatus;
  note: Localized;
}

export interface FilingContext {
  today: string;
  now: Date;
}

export interface FilingSpec {
  /** An Express path under /v1 that takes the POST, e.g. '/certificates/income'. */
  path: string;
  /** Two to four capitals in the department's ids: REV/INC/2026/000123. */
  code: string;
  kind: 'application' | 'grievance';
  /** Body fields that must be there and not empty (422 MISSING_FIELD otherwise). `reference` always is. */
  requires: string[];
  /** The department's own rules: a refusal (422 unless it says), or null to accept. */
  check?(body: Record<string, unknown>, ctx: FilingContext): Refusal | null;
  /** What happens next, in order (defaults: in review then issued; a grievance in review then resolved). */
  steps?: Step[];
}

/** What is owed now under a number, as a bill the platform's bill-payment subflow reads and pays. */
export interface DueRecord {
  /** Which demand (a quarter, a semester, a renewal year): part of the bill's id, so a new period is a new bill. */
  period: string;
  /** Whose it is, as the department has it. */
  consumer: FieldValue;
  /** What it is for, as the citizen reads it back ("Renewal 2026-27"). */
  billMonth: FieldValue;
  amountPaise: number;
  /** YYYY-MM-DD. */
  dueDate: string;
  [field: string]: FieldValue;
}

export interface DueSpec {
  /** An Express GET path under /v1 answering what is due, e.g. '/trade-licences/:trade_licence_number/renewal'. */
  path: string;
  key: string;
  pattern?: RegExp;
  hint?: string;
  requires?: string[];
  /** Two to four capitals that begin its bill ids: TL-<number>-<period>. */
  code: string;
  /** Its receipts are numbered after this: CDMA/TL/RCPT/. */
  receiptPrefix: string;
  /** How many digits the receipt's number has (7). */
  receiptDigits?: number;
  /** A price asked for (a parcel, an order), not a demand owed: every lookup is a new bill, so two citizens never share one. */
  quote?: boolean;
  due(ctx: LookupContext): DueRecord | Refusal | null;
}

export interface DeskSpec {
  /** The catalog's department id. */
  department: string;
  /** Where it is mounted: /sandbox/departments/<slug>/v1. */
  slug: string;
  /** Its name in errors: "Meebhoomi (Revenue)". */
  title: string;
  /** Its own ids begin so: REV/INC/2026/000123. */
  idPrefix: string;
  /** How the department authenticates callers; each desk has its own secrets. */
  auth: 'api_key' | 'bearer' | 'oauth2' | 'hmac';
  lookups: LookupSpec[];
  filings: FilingSpec[];
  /** Bills it takes payments for (paid at POST /demands/<bill id>/payments). */
  dues?: DueSpec[];
}

export const refusal = (status: Refusal['status'], code: string, message: string): Refusal => ({ status, code, message });
export const isRefusal = (value: unknown): value is Refusal => typeof value === 'object' && value !== null && 'code' in value && 'message' in value && 'status' in value && typeof (value as Refusal).status === 'number';
