/**
 * The test residents' documents as DigiLocker lists them: their URIs
 * (`<IssuerId>-<DocType>-<DocId>`, reference §3.6), doc type names, Issued
 * Documents items, and how each detail of a certificate is labelled.
 */
import type { Resident, ResidentDocument } from '../residents';

export const DOC_TYPE_NAMES: Record<ResidentDocument['doctype'], string> = {
  CTCER: 'Caste Certificate',
  INCER: 'Income Certificate',
  BTCER: 'Birth Certificate',
  RCCER: 'Ration Card',
  DRVLC: 'Driving Licence',
  SSCER: 'Class X Marks Memo',
};

/** What the simulator serves every document as: its PDF and its certificate XML. */
const MIME = ['application/pdf', 'application/xml'];

export function uriOf(document: ResidentDocument): string {
  return `${document.issuerId}-${document.doctype}-${document.docId}`;
}

/** The resident's own document with this URI: a token never reaches another resident's. */
export function documentOf(resident: Resident, uri: string): ResidentDocument | undefined {
  return resident.documents.find((d) => uriOf(d) === uri);
}

/**
 * An Issued Documents item: v2 has mime as a list and the date as live DigiLocker writes it
 * (DD-MM-YYYY); the legacy v1 list has one mime string and an ISO timestamp.
 */
export function issuedItem(document: ResidentDocument, version: 1 | 2): Record<string, unknown> {
  const name = DOC_TYPE_NAMES[document.doctype];
  return {
    name,
    type: 'file',
    size: '',
    date: version === 2 ? document.issueDate : `${isoOf(document.issueDate)}T10:00:00+05:30`,
    parent: '',
    mime: version === 2 ? MIME : MIME[0],
    uri: uriOf(document),
    doctype: document.doctype,
    description: name,
    issuerid: document.issuerId,
    issuer: document.issuer,
  };
}

/** DD-MM-YYYY → YYYY-MM-DD. */
export function isoOf(ddmmyyyy: string): string {
  const [day, month, year] = ddmmyyyy.split('-');
  return `${year}-${month}-${day}`;
}

/** YYYY-MM-DD → DDMMYYYY, as DigiLocker's profile writes a date of birth. */
export function profileDateOf(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}${month}${year}`;
}

/** YYYY-MM-DD → DD-MM-YYYY, as certificates write dates. */
export function certificateDateOf(iso: string): string {
  const [year, month, day] = iso.split('-');
  return `${day}-${month}-${year}`;
}

const DETAIL_LABELS: Record<string, string> = {
  caste: 'Caste',
  category: 'Category',
  subCategory: 'Sub-category',
  mandal: 'Mandal',
  annualIncome: 'Annual income (all sources)',
  cardNumber: 'Card number',
  cardType: 'Card type',
  members: 'Family members',
  licenceNumber: 'Licence number',
  classes: 'Classes of vehicle',
  validTill: 'Valid till',
  placeOfBirth: 'Place of birth',
  registrationNumber: 'Registration number',
  rollNumber: 'Roll number',
  result: 'Result',
  year: 'Year of examination',
};

/** A certificate's type-specific lines, labelled; empty details are left out. */
export function detailLines(document: ResidentDocument): Array<[label: string, value: string]> {
  return Object.entries(document.details)
    .filter(([, value]) => value.trim() !== '')
    .map(([key, value]) => [DETAIL_LABELS[key] ?? labelOf(key), key === 'annualIncome' ? rupees(value) : value]);
}

/** annualIncome "144000" → "Rs. 1,44,000" (Indian grouping; the PDF's standard font has no ₹). */
function rupees(amount: string): string {
  const n = Number(amount);
  return Number.isFinite(n) ? `Rs. ${n.toLocaleString('en-IN')}` : amount;
}

/** someDetail → "Some detail", for details without a label of their own. */
function labelOf(key: string): string {
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
