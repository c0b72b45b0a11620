/**
 * The sandbox's identity services, in the host's process: UIDAI's OTP and
 * e-KYC API at /sandbox/uidai and DigiLocker at /sandbox/digilocker, both
 * knowing the test residents (residents.ts). The OTP goes to the resident's
 * registered mobile as an SMS, which the chat page of that phone shows.
 * Both are made once the host knows its own address (the DigiLocker partner's
 * callback is on it), and the platform's clients point at them, as a real
 * ASA and DigiLocker partner account would be configured.
 */
import { generateKeyPairSync } from 'node:crypto';
import express, { type Express, type Router } from 'express';
import type { PlatformConfig } from '../config';
import { DigiLockerClient } from '../identity/digilocker/client';
import { DIGILOCKER_CALLBACK_PATH } from '../identity/digilocker/service';
import { UidaiClient } from '../identity/aadhaar/uidai-client';
import type { IdentityService } from '../identity/module';
import type { Logger } from '../log';
import { createDigiLockerSimulator, type DigiLockerSimulator } from './digilocker';
import { RESIDENTS } from './residents';
import { sandboxSecrets } from './secrets';
import { createUidaiSimulator, type UidaiSimulator } from './uidai';
import type { WhatsAppSimulator } from './whatsapp';

export const UIDAI_MOUNT = '/sandbox/uidai';
export const DIGILOCKER_MOUNT = '/sandbox/digilocker';
const DIGILOCKER_CLIENT_ID = 'jansetu-sandbox';
/** UIDAI's published test codes (reference §2.6). */
const LICENCE = { ac: 'public', sa: 'public', lk: 'sandbox-aua-licence-key' };
const SECRET_KEYS = ['digilockerClientSecret', 'uidaiAsaLicenceKey', 'uidaiTokenSecret'] as const;

export interface IdentitySandbox {
  uidai: UidaiSimulator;
  /** Made by connect(). */
  digilocker: DigiLockerSimulator | null;
  connect(hostUrl: string, identity: IdentityService, config: PlatformConfig): void;
  close(): void;
}

export function mountIdentitySandbox(app: Express, dataDir: string, log: Logger, whatsapp: WhatsAppSimulator): IdentitySandbox {
  const secrets = sandboxSecrets(dataDir, SECRET_KEYS);
  // The sandbox AUA's signing key: requests are signed with it and the simulator checks them against it.
  const aua = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } });
  const uidai = createUidaiSimulator({
    auaSigningCertificatePem: aua.publicKey,
    uidTokenSecret: secrets.uidaiTokenSecret,
    residents: RESIDENTS,
    licence: { ac: LICENCE.ac, lk: LICENCE.lk, asalk: secrets.uidaiAsaLicenceKey },
    // The SMS a resident's phone gets: in the chat page of that number.
    onOtp: ({ mobile, otp, maskedUid }) => whatsapp.sms(mobile, 'AX-UIDAI', `${otp} is the OTP for Aadhaar ${maskedUid} authentication. It is valid for 10 minutes. Do not share it with anyone. -UIDAI`),
    log: log.child({ src: 'uidai-simulator' }),
  });
  const uidaiRouter: Router = express.Router();
  uidaiRouter.use(uidai.router);
  app.use(UIDAI_MOUNT, uidaiRouter);
  let digilocker: DigiLockerSimulator | null = null;
  app.use(DIGILOCKER_MOUNT, (req, res, next) => (digilocker ? digilocker.router(req, res, next) : res.status(503).json({ error: 'unavailable', error_description: 'the DigiLocker sandbox starts with the host' })));

  return {
    uidai,
    get digilocker() {
      return digilocker;
    },
    connect(hostUrl, identity, config) {
      const publicUrl = config.publicUrl ?? hostUrl;
      if (!config.identity.uidai) {
        identity.useUidai(
          new UidaiClient({
            otpUrl: `${hostUrl}${UIDAI_MOUNT}/otp/2.5`,
            kycUrl: `${hostUrl}${UIDAI_MOUNT}/kyc/2.5`,
            ac: LICENCE.ac,
            sa: LICENCE.sa,
            lk: LICENCE.lk,
            asalk: secrets.uidaiAsaLicenceKey,
            encryptionCertificatePem: uidai.encryptionPublicKeyPem,
            certificateExpiry: uidai.certificateExpiry,
            signingKeyPem: aua.privateKey,
            uidaiSignatureCertificatePem: uidai.signingPublicKeyPem,
          }),
        );
      }
      if (!config.identity.digilocker) {
        const redirectUri = `${publicUrl}${DIGILOCKER_CALLBACK_PATH}`;
        digilocker = createDigiLockerSimulator({
          residents: RESIDENTS,
          clients: [{ clientId: DIGILOCKER_CLIENT_ID, clientSecret: secrets.digilockerClientSecret, redirectUris: [redirectUri], name: 'Jansetu (Government of Andhra Pradesh)' }],
          log: log.child({ src: 'digilocker-simulator' }),
        });
        identity.digilocker.use(new DigiLockerClient({ baseUrl: `${hostUrl}${DIGILOCKER_MOUNT}/public`, clientId: DIGILOCKER_CLIENT_ID, clientSecret: secrets.digilockerClientSecret, redirectUri }), publicUrl);
      }
    },
    close() {
      uidai.close();
      digilocker?.close();
    },
  };
}
