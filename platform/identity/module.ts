/**
 * Identity (platform/identity): the Aadhaar vault, OTP authentication with
 * UIDAI, and the screen every citizen message passes before it is stored.
 * Opened after the store, Redis and sessions, before WhatsApp (whose channel
 * screens messages with it). The UIDAI client is configured here in
 * production; in the sandbox the host hands in one for its simulator once it
 * knows its own address (useUidai).
 */
import { createHash, createHmac } from 'node:crypto';
import type { Response } from 'express';
import fs from 'node:fs';
import { ADMIN_ROOT } from '../../settings';
import { requireService, type ModuleContext, type OpenedModule } from '../module';
import { sandboxSecrets } from '../sandbox/secrets';
import { aadhaarScreen, type InboundScreen } from './aadhaar/inbound-screen';
import { AadhaarOtpService, type UidaiApi } from './aadhaar/otp-service';
import { UidaiClient, UidaiUnavailableError } from './aadhaar/uidai-client';
import { AadhaarVault } from './aadhaar/vault';
import { DigiLockerClient } from './digilocker/client';
import { DIGILOCKER_CALLBACK_PATH, DIGILOCKER_LINK_PATH, DOCUMENTS_PATH, DigiLockerService } from './digilocker/service';
import { Sealer } from './sealer';

export interface IdentityService {
  vault: AadhaarVault;
  aadhaar: AadhaarOtpService;
  /** Masks (or vaults) Aadhaar numbers in a citizen's message before anything else sees it. */
  screen: InboundScreen;
  /** The sandbox's UIDAI simulator client, once the host listens. */
  useUidai(api: UidaiApi): void;
  digilocker: DigiLockerService;
}

const SANDBOX_KEYS = ['aadhaarVaultKey', 'aadhaarRefSecret'] as const;

export async function open(ctx: ModuleContext): Promise<OpenedModule<{ identity: IdentityService }>> {
  const by = 'identity';
  const { config } = ctx;
  const store = requireService(ctx, 'store', by);
  const sessions = requireService(ctx, 'sessions', by);
  const queue = requireService(ctx, 'queue', by);
  const log = ctx.log.child({ src: 'identity' });

  let vaultKey = config.identity.vaultKey;
  let refSecret = config.identity.refSecret;
  if (!vaultKey || !refSecret) {
    if (config.mode === 'production') throw new Error('AADHAAR_VAULT_KEY and AADHAAR_REF_SECRET are required in production mode');
    const secrets = sandboxSecrets(config.dataDir, SANDBOX_KEYS);
    // The sandbox's secrets are 32 characters of base64url; the vault's key is 32 bytes.
    vaultKey ??= createHash('sha256').update(secrets.aadhaarVaultKey).digest();
    refSecret ??= secrets.aadhaarRefSecret;
  }
  const sealer = new Sealer(vaultKey);
  const vault = new AadhaarVault(store, sealer, refSecret);
  await vault.init();
  const digilocker = new DigiLockerService(store, sealer, createHmac('sha256', refSecret).update('document links').digest('base64url'), log);
  await digilocker.init();
  const dl = config.identity.digilocker;
  if (dl && config.publicUrl) {
    digilocker.use(new DigiLockerClient({ baseUrl: dl.baseUrl, clientId: dl.clientId, clientSecret: dl.clientSecret, redirectUri: `${config.publicUrl}${DIGILOCKER_CALLBACK_PATH}` }), config.publicUrl);
  }

  let uidai: UidaiApi | null = config.identity.uidai ? uidaiClientFrom(config.identity.uidai) : null;
  const notConfigured = (): never => {
    throw new Error('UIDAI is not configured: set the UIDAI_* variables (README: Aadhaar and DigiLocker accounts)');
  };
  const uidaiApi: UidaiApi = {
    requestOtp: (...args) => (uidai ?? notConfigured()).requestOtp(...args),
    authenticateWithKyc: (...args) => (uidai ?? notConfigured()).authenticateWithKyc(...args),
  };
  const aadhaar = new AadhaarOtpService(store, vault, uidaiApi, log, queue.commands(), {}, (err) => err instanceof UidaiUnavailableError, config.queuePrefix);
  await aadhaar.init();

  return {
    name: by,
    services: {
      identity: {
        vault,
        aadhaar,
        screen: aadhaarScreen(vault, sealer, sessions),
        useUidai(api) {
          uidai = api;
        },
        digilocker,
      },
    },
    routes(app, red) {
      // Who tried to authenticate, when, and how it went: masked numbers only (admins, audits).
      app.get(`${ADMIN_ROOT}/identity/aadhaar/log`, red.auth.needsPermission('flows.read'), (req, res, next) => {
        const citizenKey = typeof req.query.citizen === 'string' ? req.query.citizen : undefined;
        const ref = typeof req.query.ref === 'string' ? req.query.ref : undefined;
        if (!citizenKey && !ref) {
          res.status(400).json({ error: 'bad_request', message: 'give ?citizen=<citizen key> or ?ref=<Aadhaar reference>' });
          return;
        }
        aadhaar.history({ citizenKey, ref }).then((entries) => res.json({ entries }), next);
      });

      // The consent link sent on WhatsApp: on to DigiLocker's authorize page, while it is good.
      app.get(`${DIGILOCKER_LINK_PATH}/:state`, (req, res, next) => {
        digilocker.authorizeUrlFor(req.params.state).then((url) => {
          if (url) res.redirect(302, url);
          else page(res, 410, 'This link has expired or was already used', 'Send "menu" on WhatsApp to get a new one.');
        }, next);
      });
      // DigiLocker sends the browser back here; the waiting flow goes on through the citizen's inbox.
      app.get(DIGILOCKER_CALLBACK_PATH, (req, res, next) => {
        (async () => {
          const outcome = await digilocker.callback(req.query as Record<string, unknown>);
          // The waiting step hears how it ended, also when it failed: the citizen is told, not left waiting.
          const address = outcome.address;
          if (address && !(!outcome.ok && outcome.reason === 'used')) {
            const whatsapp = requireService(ctx, 'whatsapp', by);
            const { citizenKey, citizen, phoneNumberId, displayPhoneNumber, businessAccountId } = address;
            const stateHash = createHash('sha256').update(String(req.query.state)).digest('hex').slice(0, 32);
            const name = outcome.ok ? (outcome.linked ? 'digilocker.linked' : 'digilocker.denied') : outcome.reason === 'not_holder' ? 'digilocker.not_holder' : 'digilocker.failed';
            const injected = await whatsapp.hub.injectEvent({ id: `jansetu.digilocker.${stateHash}`, phoneNumberId, displayPhoneNumber, businessAccountId, citizen, citizenKey, name, data: { awaits: outcome.awaits } });
            if (!injected) log.error({ name }, 'digilocker: no whatsapp-in serves the citizen\'s number; the waiting step was not told');
          }
          if (!outcome.ok) {
            log.warn({ reason: outcome.reason }, 'digilocker: callback refused');
            if (outcome.reason === 'not_holder') return page(res, 403, 'This DigiLocker account is not yours', 'It does not match the Aadhaar you verified on WhatsApp, so nothing was shared. Please sign in with your own DigiLocker account.');
            return page(res, outcome.status, outcome.status === 502 ? 'DigiLocker did not answer' : 'This link is not valid any more', 'Please go back to WhatsApp and try again.');
          }
          if (outcome.linked) page(res, 200, 'DigiLocker is linked', 'You can close this page and go back to WhatsApp.');
          else page(res, 200, 'You did not allow access', 'Nothing was shared. You can close this page and go back to WhatsApp.');
        })().catch(next);
      });
      // A fetched document, for WhatsApp (which downloads media by link) and the citizen: signed, expiring.
      app.get(`${DOCUMENTS_PATH}/:id`, (req, res, next) => {
        digilocker.download(req.params.id, String(req.query.expires ?? ''), String(req.query.signature ?? '')).then((doc) => {
          if (!doc) return void res.status(404).json({ error: 'not_found', message: 'no such document, or its link expired' });
          res.set({ 'Content-Type': doc.mime, 'Content-Disposition': `attachment; filename="${doc.filename}"`, 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'private, no-store' });
          res.send(doc.bytes);
        }, next);
      });
    },
    close: async () => {
      await uidai?.close?.();
      await digilocker.close();
    },
  };
}

/** A plain page for the citizen's browser: nothing from the request is echoed. */
function page(res: Response, status: number, title: string, text: string): void {
  res
    .status(status)
    .set({ 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'", 'Cache-Control': 'no-store' })
    .type('html')
    .send(`<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${title}</title><style>body{font:16px system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem}</style></head><body><h1>${title}</h1><p>${text}</p></body></html>`);
}

function uidaiClientFrom(c: NonNullable<ModuleContext['config']['identity']['uidai']>): UidaiApi {
  const read = (file: string, what: string) => {
    try {
      return fs.readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`cannot read ${what} at ${file}: ${(err as Error).message}`);
    }
  };
  return new UidaiClient({
    otpUrl: c.otpUrl,
    kycUrl: c.kycUrl,
    ac: c.auaCode,
    sa: c.subAuaCode,
    lk: c.auaLicenceKey,
    asalk: c.asaLicenceKey,
    encryptionCertificatePem: read(c.encryptionCertificatePath, 'UIDAI_ENCRYPTION_CERT'),
    certificateExpiry: c.certificateExpiry,
    signingKeyPem: read(c.signingKeyPath, 'UIDAI_SIGNING_KEY'),
    signingCertificatePem: read(c.signingCertificatePath, 'UIDAI_SIGNING_CERT'),
    uidaiSignatureCertificatePem: read(c.signatureCertificatePath, 'UIDAI_SIGNATURE_CERT'),
  });
}
