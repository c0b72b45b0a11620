/**
 * Documents (platform/documents): receipts, tickets and certificates the platform issues as
 * PDF with a QR code, and the public /verify/<id> page that says whether one is genuine.
 * The signing key is DOCUMENT_SIGNING_KEY (an Ed25519 PEM file); the sandbox keeps one in its
 * data directory (0600), so documents issued before a restart still verify after it.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response } from 'express';
import multer from 'multer';
import { escapeHtml } from '../html';
import type { ModuleContext, OpenedModule } from '../module';
import { IssuedDocuments, ist, VERIFY_ROOT, type Verdict } from './documents';

const SANDBOX_KEY_FILE = 'document-signing-key.pem';
/** The largest PDF /verify accepts for a file check. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ documents: IssuedDocuments }>> {
  const store = ctx.services.store;
  if (!store) throw new Error('platform module documents needs "store", opened by an earlier module');
  const privateKey = signingKey(ctx);
  let baseUrl = ctx.config.publicUrl;
  const documents = new IssuedDocuments(store, { privateKey, publicKey: createPublicKey(privateKey) }, () => {
    if (!baseUrl) throw new Error('documents need the host URL (PUBLIC_URL) for their QR codes');
    return baseUrl;
  });
  await documents.init();
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 2 } }).single('file');

  async function page(req: Request, res: Response, file: Buffer | null): Promise<void> {
    const id = String(req.params.id);
    const signature = typeof req.query.s === 'string' ? req.query.s : '';
    const verdict = file ? await documents.checkFile(id, signature, file) : await documents.check(id, signature);
    res.set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    res.set('Cache-Control', 'no-store');
    res.status(verdict.genuine || verdict.reason !== 'unknown' ? 200 : 404).type('html').send(verdictPage(verdict, Boolean(file), `${VERIFY_ROOT}/${encodeURIComponent(id)}?s=${encodeURIComponent(signature)}`));
  }

  return {
    name: 'documents',
    services: { documents },
    routes(app) {
      app.get(`${VERIFY_ROOT}/:id`, (req, res, next) => void page(req, res, null).catch(next));
      // A file to check: a form upload (multipart, field "file") or the PDF as the body.
      app.post(`${VERIFY_ROOT}/:id`, (req, res, next) => {
        const handle = (file: Buffer | null) => {
          if (!file || file.length === 0) {
            res.status(400).type('text').send('send the PDF to check: a form field "file", or the PDF itself as the body (Content-Type: application/pdf)');
            return;
          }
          void page(req, res, file).catch(next);
        };
        if (req.is('multipart/form-data')) {
          upload(req, res, (err: unknown) => {
            if (err) return void res.status(err instanceof multer.MulterError && err.code === 'LIMIT_FILE_SIZE' ? 413 : 400).type('text').send(`the upload could not be read: ${(err as Error).message}`);
            handle(req.file?.buffer ?? null);
          });
          return;
        }
        express.raw({ type: 'application/pdf', limit: MAX_FILE_BYTES })(req, res, (err?: unknown) => {
          if (err) return next(err);
          handle(Buffer.isBuffer(req.body) ? req.body : null);
        });
      });
    },
    listening(url) {
      baseUrl ??= url;
    },
    close: async () => {},
  };
}

function signingKey(ctx: ModuleContext): KeyObject {
  if (ctx.config.documentSigningKeyPath) {
    const key = createPrivateKey(fs.readFileSync(ctx.config.documentSigningKeyPath));
    if (key.asymmetricKeyType !== 'ed25519') throw new Error('DOCUMENT_SIGNING_KEY must be an Ed25519 private key (openssl genpkey -algorithm ed25519)');
    return key;
  }
  if (ctx.config.mode === 'production') throw new Error('production mode needs DOCUMENT_SIGNING_KEY: documents signed with a key nobody keeps cannot be verified later');
  const file = path.join(ctx.config.dataDir, SANDBOX_KEY_FILE);
  if (!fs.existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    fs.renameSync(temp, file);
  }
  return createPrivateKey(fs.readFileSync(file));
}

const REASONS: Record<Exclude<Verdict, { genuine: true }>['reason'], string> = {
  unknown: 'No document with this number was issued by the Government of Andhra Pradesh through jansetu.',
  bad_signature: 'The QR code does not carry the signature this document was issued with: it has been forged or changed.',
  altered: 'This file is not the one that was issued: it has been altered. Trust only what this page shows below.',
  revoked: 'This document was issued but no longer holds.',
};

function verdictPage(verdict: Verdict, fileChecked: boolean, self: string): string {
  const document = verdict.document;
  const details = document
    ? `<table>${document.fields.map((f) => `<tr><th>${escapeHtml(f.label)}</th><td>${escapeHtml(f.value)}</td></tr>`).join('')}</table>
<p class="muted">${escapeHtml(document.title)} · ${escapeHtml(document.issuer)} · issued ${escapeHtml(ist(document.issuedAt))} IST${document.revoked ? ` · no longer valid since ${escapeHtml(ist(document.revoked.at))}: ${escapeHtml(document.revoked.reason)}` : ''}</p>`
    : '';
  const headline = verdict.genuine ? (fileChecked ? 'Genuine and unchanged' : 'Genuine') : 'Not genuine';
  const text = verdict.genuine ? (fileChecked ? 'This file is exactly the document that was issued.' : 'This document was issued by the Government of Andhra Pradesh. Check that the paper or file in front of you states the same as below.') : REASONS[verdict.reason];
  const form = verdict.genuine && !fileChecked ? `<form method="post" action="${escapeHtml(self)}" enctype="multipart/form-data"><label>Check a PDF file against it: <input type="file" name="file" accept="application/pdf"></label> <button type="submit">Check file</button></form>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="referrer" content="no-referrer"><title>${escapeHtml(headline)}</title>
<style>body{font-family:system-ui,sans-serif;background:#f2f4f8;margin:0;color:#1a1a1a}main{max-width:560px;margin:32px auto;background:#fff;border-radius:10px;padding:24px;box-shadow:0 2px 10px rgba(0,0,0,.08)}
h1{font-size:22px;margin:0 0 8px}.genuine h1{color:#0f5132}.not h1{color:#8a1020}table{border-collapse:collapse;width:100%;margin:16px 0}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid #e3e6ec;vertical-align:top}th{color:#555;font-weight:600;width:40%}.muted{color:#555;font-size:13px}form{margin-top:16px}</style></head>
<body><main class="${verdict.genuine ? 'genuine' : 'not'}" data-testid="verify-result" data-genuine="${verdict.genuine}"><h1>${escapeHtml(headline)}</h1><p>${escapeHtml(text)}</p>${details}${form}</main></body></html>`;
}
