/**
 * A test resident's document as the PDF DigiLocker serves at
 * /oauth2/1/file/{uri}: one A4 page that looks like a state certificate
 * (issuer, title, number, holder, address, type-specific details, signature
 * line), marked all over as a sandbox document that is not real.
 */
import PDFDocument from 'pdfkit';
import type { Resident, ResidentDocument } from '../residents';
import { DOC_TYPE_NAMES, certificateDateOf, detailLines, isoOf, uriOf } from './documents';

const INK = '#1a1a1a';
const ACCENT = '#1f3b73';
const MUTED = '#666666';
const MARGIN = 56;
/** Document types whose holder's date of birth is part of the certificate. */
const SHOWS_BIRTH_DATE = new Set<ResidentDocument['doctype']>(['BTCER', 'DRVLC', 'SSCER']);

export function certificatePdf(resident: Resident, document: ResidentDocument): Promise<Buffer> {
  const title = DOC_TYPE_NAMES[document.doctype];
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    // The issue date as creation date: the same document renders to the same bytes every time.
    info: { Title: `${title} ${document.docId}`, Author: document.issuer, Subject: 'DigiLocker sandbox document (not real)', Creator: 'jansetu DigiLocker sandbox', CreationDate: new Date(`${isoOf(document.issueDate)}T10:00:00+05:30`) },
  });
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const width = doc.page.width - 2 * MARGIN;

  watermark(doc);

  // Issuer band.
  doc.rect(0, 0, doc.page.width, 96).fill(ACCENT);
  doc.fillColor('#ffffff').font('Helvetica-Bold').fontSize(15).text(document.issuer, MARGIN, 30, { width, align: 'center' });
  doc.font('Helvetica').fontSize(9).text(`Issuer code ${document.issuerId}`, MARGIN, doc.y + 4, { width, align: 'center' });

  // Title and number.
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(22).text(title.toUpperCase(), MARGIN, 128, { width, align: 'center', characterSpacing: 1 });
  doc.moveDown(0.6);
  const numberY = doc.y;
  doc.font('Helvetica').fontSize(10).fillColor(MUTED).text(`Certificate No. ${document.docId}`, MARGIN, numberY, { width: width / 2 });
  doc.text(`Date of issue: ${document.issueDate}`, MARGIN + width / 2, numberY, { width: width / 2, align: 'right' });
  doc.moveTo(MARGIN, doc.y + 8).lineTo(MARGIN + width, doc.y + 8).lineWidth(0.8).strokeColor(ACCENT).stroke();

  // The certificate's statement, then its particulars.
  doc.fillColor(INK).font('Helvetica').fontSize(11).text(statementOf(resident, document), MARGIN, doc.y + 24, { width, align: 'justify', lineGap: 3 });
  doc.moveDown(1.2);
  const a = resident.address;
  const rows: Array<[string, string]> = [
    ['Issued to', resident.name.en],
    ['Care of', resident.careOf],
    ...(SHOWS_BIRTH_DATE.has(document.doctype) ? [['Date of birth', certificateDateOf(resident.dob)] as [string, string]] : []),
    ['Gender', ({ M: 'Male', F: 'Female', T: 'Transgender' } as const)[resident.gender]],
    ['Address', `${a.house}, ${a.street}, ${a.vtc}, ${a.subdist} Mandal, ${a.district} District, Andhra Pradesh - ${a.pincode}`],
    ...detailLines(document),
    ['Date of issue', document.issueDate],
  ];
  for (const [label, value] of rows) row(doc, label, value, width);

  // Signature block.
  doc.moveDown(2.5);
  const signY = doc.y;
  doc.font('Helvetica').fontSize(9).fillColor(MUTED).text(`DigiLocker URI: ${uriOf(document)}`, MARGIN, signY, { width: width / 2 });
  doc.fillColor(INK).font('Helvetica-Bold').fontSize(10).text('Issuing Authority', MARGIN + width / 2, signY, { width: width / 2, align: 'right' });
  doc.font('Helvetica').fontSize(9).text(document.issuer, MARGIN + width / 2, doc.y + 2, { width: width / 2, align: 'right' });
  doc.fillColor(MUTED).text('(Electronically issued; no signature required)', MARGIN + width / 2, doc.y + 2, { width: width / 2, align: 'right' });

  // Footer, below the bottom margin: writing there must not start a second page.
  const bottom = doc.page.margins.bottom;
  doc.page.margins.bottom = 0;
  doc.moveTo(MARGIN, doc.page.height - 62).lineTo(MARGIN + width, doc.page.height - 62).lineWidth(0.5).strokeColor('#b00020').stroke();
  doc.fillColor('#b00020').font('Helvetica-Bold').fontSize(10).text('Issued through DigiLocker sandbox — not a real document', MARGIN, doc.page.height - 52, { width, align: 'center', lineBreak: false });
  doc.page.margins.bottom = bottom;

  doc.end();
  return done;
}

function row(doc: PDFKit.PDFDocument, label: string, value: string, width: number): void {
  const y = doc.y;
  const labelWidth = 170;
  doc.font('Helvetica-Bold').fontSize(10.5).fillColor(MUTED).text(label, MARGIN, y, { width: labelWidth });
  const afterLabel = doc.y;
  doc.font('Helvetica').fillColor(INK).text(value, MARGIN + labelWidth, y, { width: width - labelWidth });
  doc.y = Math.max(afterLabel, doc.y) + 6;
}

/** A large pale diagonal SANDBOX behind the content. */
function watermark(doc: PDFKit.PDFDocument): void {
  const cx = doc.page.width / 2;
  const cy = doc.page.height / 2;
  doc.save().rotate(-35, { origin: [cx, cy] }).font('Helvetica-Bold').fontSize(96).fillColor('#000000').fillOpacity(0.05);
  doc.text('SANDBOX', cx - 260, cy - 48, { width: 520, align: 'center', lineBreak: false });
  doc.restore();
  doc.fillOpacity(1);
}

/** The sentence a certificate of this type certifies. */
function statementOf(resident: Resident, document: ResidentDocument): string {
  const d = document.details;
  const who = `${resident.name.en}, ${resident.careOf}, resident of ${resident.address.vtc}, ${resident.address.district} District`;
  switch (document.doctype) {
    case 'CTCER':
      return `This is to certify that ${who}, belongs to the ${d.caste ?? ''} community, which is recognised under category ${d.category ?? ''}${d.subCategory ? ` (${d.subCategory})` : ''} in the State of Andhra Pradesh.`;
    case 'INCER':
      return `This is to certify that the annual income of the family of ${who}, from all sources, is as stated below, as verified by the Revenue Department.`;
    case 'RCCER':
      return `This ration card is issued to the family of ${who}, under the National Food Security Act, 2013, for the members stated below.`;
    case 'DRVLC':
      return `${resident.name.en}, ${resident.careOf}, is licensed to drive the classes of motor vehicle stated below, under the Motor Vehicles Act, 1988.`;
    case 'BTCER':
      return `This is to certify that the following information has been taken from the original record of birth, which is in the register of births of the local area, under the Registration of Births and Deaths Act, 1969.`;
    case 'SSCER':
      return `This is to certify that ${resident.name.en}, ${resident.careOf}, appeared for the Secondary School Certificate examination and obtained the result stated below.`;
  }
}
