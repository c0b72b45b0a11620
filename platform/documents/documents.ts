/**
 * Documents the platform issues (receipts, booking tickets, certificates), verifiable by anyone
 * who scans their QR code.
 *
 * Each document is a record in the store (its title, issuer, the fields it states, when) and a
 * PDF rendered from that record, the same bytes every time. The QR code on the PDF points at
 * /verify/<id>?s=<signature>: the id is unguessable, and the signature (Ed25519, the platform's
 * document key) covers the id and the hash of the record's content, so the page says
 * "genuine" only when the record exists, its content is what was signed, and the QR carries
 * that signature. A PDF file itself can be checked too: its SHA-256 must be the one issued.
 */
import { createHash, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { DuplicateKeyError, type Collection, type DocumentStore } from '../store';

export const DOCUMENTS_COLLECTION = 'issued_documents';
export const VERIFY_ROOT = '/verify';
export const DOCUMENT_KINDS = ['receipt', 'ticket', 'certificate'] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

const INK = '#1a1a1a';
const ACCENT = '#0f5132';
const MUTED = '#666666';
const MARGIN = 50;

export interface DocumentContent {
  kind: DocumentKind;
  /** "Darshan ticket", "Electricity bill receipt". */
  title: string;
  /** Who issues it: "Endowments Department, Government of Andhra Pradesh". */
  issuer: string;
  /** What it states, in order: label and value, as printed. */
  fields: Array<{ label: string; value: string }>;
}

export interface IssuedDocument extends DocumentContent {
  [key: string]: unknown;
  _id: string;
  /** One document per thing issued (ticket:<booking>, receipt:<order>): issuing again returns it. */
  key: string;
  citizenKey: string;
  issuedAt: Date;
  contentHash: string;
  signature: string;
  /** SHA-256 of the PDF rendered from this record. */
  fileHash: string;
  /** Set when what it states no longer holds (a cancelled booking): the page says so. */
  revoked: { at: Date; reason: string } | null;
  /** The address its QR code points at, kept so the PDF renders to the same bytes after PUBLIC_URL changes. */
  verifyBase: string;
}

export type Verdict =
  | { genuine: true; document: IssuedDocument }
  | { genuine: false; reason: 'unknown' | 'bad_signature' | 'altered' | 'revoked'; document?: IssuedDocument };

export class IssuedDocuments {
  private readonly documents: Collection<IssuedDocument>;

  constructor(
    store: DocumentStore,
    private readonly key: { privateKey: KeyObject; publicKey: KeyObject },
    /** The public URL the QR codes point at (the host's, or PUBLIC_URL). */
    private readonly baseUrl: () => string,
  ) {
    this.documents = store.collection<IssuedDocument>(DOCUMENTS_COLLECTION);
  }

  async init(): Promise<void> {
    await this.documents.createIndex({ keys: { key: 1 }, unique: true, name: 'one_document_per_key' });
  }

  /** The document for this key: issued now, or the one issued before (the same PDF bytes). */
  async issue(key: string, citizenKey: string, content: DocumentContent, now = new Date()): Promise<{ document: IssuedDocument; pdf: Buffer }> {
    const existing = await this.documents.findOne({ key });
    if (existing) return { document: existing, pdf: await this.render(existing) };
    const id = randomBytes(12).toString('base64url');
    // Printed to the second: the record and the PDF say the same time.
    const issuedAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
    const contentHash = hashOf(id, issuedAt, content);
    const signature = sign(null, Buffer.from(signedText(id, contentHash)), this.key.privateKey).toString('base64url');
    const record: IssuedDocument = { _id: id, key, citizenKey, issuedAt, ...copyOf(content), contentHash, signature, fileHash: '', revoked: null, verifyBase: this.baseUrl() };
    const pdf = await this.render(record);
    record.fileHash = createHash('sha256').update(pdf).digest('hex');
    try {
      await this.documents.insertOne(record);
      return { document: record, pdf };
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      const made = (await this.documents.findOne({ key }))!;
      return { document: made, pdf: await this.render(made) };
    }
  }

  async revoke(key: string, reason: string, now = new Date()): Promise<void> {
    await this.documents.updateOne({ key, revoked: null }, { $set: { revoked: { at: now, reason } } });
  }

  /** The QR's link: /verify/<id>?s=<signature>, at the address the document was issued with. */
  verifyUrl(document: Pick<IssuedDocument, '_id' | 'signature'> & { verifyBase?: string }): string {
    return `${document.verifyBase ?? this.baseUrl()}${VERIFY_ROOT}/${document._id}?s=${document.signature}`;
  }

  /** What /verify says of a QR's id and signature. */
  async check(id: string, signature: string): Promise<Verdict> {
    if (!/^[A-Za-z0-9_-]{16}$/.test(id)) return { genuine: false, reason: 'unknown' };
    const document = await this.documents.findOne({ _id: id });
    if (!document) return { genuine: false, reason: 'unknown' };
    if (!this.signed(document, signature)) return { genuine: false, reason: 'bad_signature' };
    if (document.revoked) return { genuine: false, reason: 'revoked', document };
    return { genuine: true, document };
  }

  /** What /verify says of a PDF file claimed to be the document with this id. */
  async checkFile(id: string, signature: string, file: Buffer): Promise<Verdict> {
    const verdict = await this.check(id, signature);
    if (!verdict.genuine) return verdict;
    const hash = createHash('sha256').update(file).digest('hex');
    return hash === verdict.document.fileHash ? verdict : { genuine: false, reason: 'altered', document: verdict.document };
  }

  /** Signed by our key, over this id and the hash of the content the record holds now. */
  private signed(document: IssuedDocument, signature: string): boolean {
    if (!/^[A-Za-z0-9_-]{80,90}$/.test(signature)) return false;
    const contentHash = hashOf(document._id, document.issuedAt, document);
    if (contentHash !== document.contentHash) return false;
    return verify(null, Buffer.from(signedText(document._id, contentHash)), this.key.publicKey, Buffer.from(signature, 'base64url'));
  }

  /** The PDF: one A4 page, the same bytes for the same record. */
  async render(document: IssuedDocument): Promise<Buffer> {
    const url = this.verifyUrl(document);
    const qr = await QRCode.toBuffer(url, { type: 'png', errorCorrectionLevel: 'M', margin: 2, scale: 4 });
    const doc = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `${document.title} ${document._id}`, Author: document.issuer, Subject: document.title, Creator: 'jansetu', CreationDate: document.issuedAt } });
    const done = new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      doc.on('error', reject);
    });
    const width = doc.page.width - 2 * MARGIN;
    doc.rect(0, 0, doc.page.width, 90).fill(ACCENT);
    doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(15).text(document.issuer, MARGIN, 26, { width, align: 'center' });
    doc.font('Helvetica').fontSize(10).text('Government of Andhra Pradesh · issued on WhatsApp through jansetu', MARGIN, doc.y + 4, { width, align: 'center' });
    doc.fillColor(INK).font('Helvetica-Bold').fontSize(20).text(document.title, MARGIN, 120, { width });
    doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(`Document ${document._id} · issued ${ist(document.issuedAt)} IST`, MARGIN, doc.y + 2, { width });
    doc.moveDown(1.5);
    for (const field of document.fields) {
      const y = doc.y;
      doc.font('Helvetica-Bold').fontSize(10.5).fillColor(MUTED).text(field.label, MARGIN, y, { width: 170 });
      const afterLabel = doc.y;
      doc.font('Helvetica').fillColor(INK).text(field.value, MARGIN + 170, y, { width: width - 170 });
      doc.y = Math.max(afterLabel, doc.y) + 6;
    }
    doc.moveDown(2);
    const qrY = Math.min(doc.y, doc.page.height - 260);
    doc.image(qr, MARGIN, qrY, { width: 130 });
    doc.font('Helvetica-Bold').fontSize(11).fillColor(INK).text('Verify this document', MARGIN + 150, qrY + 10, { width: width - 150 });
    doc.font('Helvetica').fontSize(9).fillColor(MUTED).text('Scan the QR code, or open the address below. The page says whether this document was issued by the Government of Andhra Pradesh and whether it still holds.', MARGIN + 150, doc.y + 4, { width: width - 150 });
    doc.fillColor(ACCENT).text(url, MARGIN + 150, doc.y + 6, { width: width - 150, link: url });
    doc.end();
    return done;
  }
}

function copyOf(content: DocumentContent): DocumentContent {
  return { kind: content.kind, title: content.title, issuer: content.issuer, fields: content.fields.map((f) => ({ label: f.label, value: f.value })) };
}

/** SHA-256 over the canonical JSON of what the document states (fields in their printed order). */
function hashOf(id: string, issuedAt: Date, content: DocumentContent): string {
  const canonical = JSON.stringify([id, issuedAt.toISOString(), content.kind, content.title, content.issuer, content.fields.map((f) => [f.label, f.value])]);
  return createHash('sha256').update(canonical).digest('hex');
}

function signedText(id: string, contentHash: string): string {
  return `jansetu-document:v1:${id}:${contentHash}`;
}

export function ist(at: Date): string {
  return at.toLocaleString('en-IN', { timeZone: 'Asia/Kolkata', dateStyle: 'medium', timeStyle: 'short' });
}
