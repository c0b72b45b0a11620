/**
 * The sandbox's UIDAI: the OTP API 2.5, the Auth API 2.5 and the e-KYC API
 * 2.5 as an ASA passes them on, for the residents of ../residents.ts.
 *
 * Routes (relative to where the router is mounted; the host uses /sandbox/uidai):
 *   POST /otp/2.5/:ac/:u0/:u1/:asalk   Otp  → OtpRes
 *   POST /auth/2.5/:ac/:u0/:u1/:asalk  Auth → AuthRes
 *   POST /kyc/2.5/:ac/:u0/:u1/:asalk   Kyc (Auth in Rad) → Resp with a base64 KycRes
 * so a UidaiClient is configured with otpUrl `<mount>/otp/2.5`, authUrl `<mount>/auth/2.5`,
 * kycUrl `<mount>/kyc/2.5`, the licence given here, `encryptionPublicKeyPem` and
 * `certificateExpiry`, and (to check answers) `signingPublicKeyPem`.
 *
 * As UIDAI, every processed request is answered HTTP 200 with the verdict in the XML; a body
 * that is no XML is ret="n" err="510". Codes the simulator chooses where UIDAI's are not
 * documented or not telling:
 *   - an expired OTP is err 561 ("request expired"), so that a client can tell it from 403
 *     (wrong tries used up, or no OTP generated for this resident) and from 400 (wrong OTP);
 *     real UIDAI is believed to answer 400 or 403 (reference §2.4);
 *   - wrong AUA code → 530, empty sa → 543, wrong lk → 565, wrong ASA licence key in the URL → 566;
 *   - a URL whose uid[0]/uid[1] are not the number's first two digits (0/0 for a VID) → 510;
 *   - an unknown or Verhoeff-invalid number → 998 actn A201, an unknown VID → 515;
 *   - e-KYC failures carry the Auth codes in Resp's err (no K-xxx codes).
 *
 * Transport faults for tests: the header `X-Sandbox-Fault: timeout|503|reset|late` on a request,
 * or `failNext(fault, times)`. `timeout` holds the request unanswered for `slowResponseMs` (then
 * 504), `503` answers 503, `reset` drops the connection; none of them touches any OTP. `late`
 * does: the request is processed (an OTP used, say) and its answer held for `slowResponseMs`,
 * as when UIDAI acted but the answer never reached the AUA in time.
 */
import { createPrivateKey, generateKeyPairSync, randomBytes } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from '../../log';
import type { Resident } from '../residents';
import { Answers } from './answers';
import { OtpLedger } from './otp-ledger';
import { UidaiOperations, type OtpDelivery, type UrlParams } from './operations';

export type { OtpDelivery } from './operations';

export interface KeyPairPem {
  privateKeyPem: string;
  publicKeyPem: string;
}

export type UidaiTransportFault = 'timeout' | '503' | 'reset' | 'late';

export interface UidaiSimulatorOptions {
  residents: readonly Resident[];
  /** UIDAI's encryption key pair (the Skey key). Default: a fresh 2048-bit RSA pair. */
  encryptionKeyPair?: KeyPairPem;
  /** The key the simulator signs its answers with. Default: a fresh 2048-bit RSA pair. */
  signingKeyPair?: KeyPairPem;
  /** The encryption certificate's expiry (Skey ci), YYYYMMDD. Default: 31 Dec of next year. */
  certificateExpiry?: string;
  /** The AUA's certificate (or public key) PEM: when given, requests must be signed with its key (569 otherwise). */
  auaSigningCertificatePem?: string;
  licence: { ac: string; lk: string; asalk: string };
  /** Default 10 minutes. */
  otpTtlMs?: number;
  /** Wrong OTPs allowed; the next try gets 403 and the OTP is dead. Default 3. */
  maxVerifyAttempts?: number;
  /** OTP requests per resident per hour; beyond → 952. Default 5. */
  maxOtpPerHour?: number;
  /** The OTP "SMS" (the sandbox shows it in the resident's chat). */
  onOtp?: (delivery: OtpDelivery) => void;
  /** Keeps UID tokens stable across restarts when set (the sandbox's secrets). Default: random. */
  uidTokenSecret?: string;
  /** How long a `timeout` fault holds a request. Default 60 s. */
  slowResponseMs?: number;
  now?: () => Date;
  log?: Logger;
}

export interface UidaiSimulator {
  router: Router;
  encryptionPublicKeyPem: string;
  /** Checks the simulator's signature on its answers (UidaiClient's uidaiSignatureCertificatePem). */
  signingPublicKeyPem: string;
  certificateExpiry: string;
  /** The last OTP sent for this number or VID, until it is used; null if none. */
  lastOtp(uid: string): string | null;
  /** The next `times` requests fail at transport level. */
  failNext(fault: UidaiTransportFault, times?: number): void;
  /** A new hour for every resident's OTP count (952 flooding): for walks and demos that prove Aadhaar more often than UIDAI allows. */
  forgetOtpRequests(): void;
  /** Requests held by a `timeout` fault are dropped. */
  close(): void;
}

const FAULT_HEADER = 'x-sandbox-fault';
const FAULTS = new Set<string>(['timeout', '503', 'reset', 'late']);

export function createUidaiSimulator(options: UidaiSimulatorOptions): UidaiSimulator {
  const encryption = options.encryptionKeyPair ?? rsaKeyPair();
  const signing = options.signingKeyPair ?? rsaKeyPair();
  const now = options.now ?? (() => new Date());
  const certificateExpiry = options.certificateExpiry ?? `${now().getUTCFullYear() + 1}1231`;
  const ledger = new OtpLedger({ ttlMs: options.otpTtlMs ?? 10 * 60_000, maxWrongTries: options.maxVerifyAttempts ?? 3, maxPerHour: options.maxOtpPerHour ?? 5 });
  const operations = new UidaiOperations(
    {
      residents: options.residents,
      licence: options.licence,
      encryptionKey: createPrivateKey(encryption.privateKeyPem),
      certificateExpiry,
      ...(options.auaSigningCertificatePem ? { auaSigningCertificatePem: options.auaSigningCertificatePem } : {}),
      now,
      onOtp: options.onOtp ?? (() => undefined),
      ...(options.log ? { log: options.log } : {}),
    },
    ledger,
    new Answers(signing.privateKeyPem, options.uidTokenSecret ?? randomBytes(32).toString('hex')),
  );

  const queuedFaults: UidaiTransportFault[] = [];
  const held = new Set<{ timer: NodeJS.Timeout; res: Response }>();
  const slowMs = options.slowResponseMs ?? 60_000;

  function transportFaults(req: Request, res: Response, next: NextFunction): void {
    const header = req.get(FAULT_HEADER);
    const fault = header && FAULTS.has(header) ? (header as UidaiTransportFault) : queuedFaults.shift();
    if (!fault) return next();
    if (fault === 'late') {
      // Processed now, answered too late: the answer is held once it is written.
      const send = res.send.bind(res);
      res.send = ((body: unknown) => {
        const entry = { res, timer: setTimeout(() => (held.delete(entry), send(body)), slowMs) };
        held.add(entry);
        res.on('close', () => (clearTimeout(entry.timer), held.delete(entry)));
        return res;
      }) as Response['send'];
      return next();
    }
    if (fault === '503') {
      res.status(503).type('text/plain').send('Service Unavailable');
    } else if (fault === 'reset') {
      req.socket.destroy();
    } else {
      const entry = { res, timer: setTimeout(() => (held.delete(entry), res.status(504).type('text/plain').send('Gateway Timeout')), slowMs) };
      held.add(entry);
      res.on('close', () => (clearTimeout(entry.timer), held.delete(entry)));
    }
  }

  const router = express.Router();
  router.use(transportFaults);
  router.use(express.text({ type: ['application/xml', 'text/xml'], limit: '64kb' }));
  const answer = (operation: (body: string, params: UrlParams) => string) => (req: Request<UrlParams>, res: Response) => {
    res.status(200).type('application/xml').send(operation(typeof req.body === 'string' ? req.body : '', req.params));
  };
  router.post('/otp/2.5/:ac/:u0/:u1/:asalk', answer((body, params) => operations.otp(body, params)));
  router.post('/auth/2.5/:ac/:u0/:u1/:asalk', answer((body, params) => operations.auth(body, params)));
  router.post('/kyc/2.5/:ac/:u0/:u1/:asalk', answer((body, params) => operations.kyc(body, params)));
  // A body over the limit or in a charset body-parser refuses: a transport-level refusal, not UIDAI's verdict.
  router.use((err: { status?: number; statusCode?: number }, _req: Request, res: Response, next: NextFunction) => {
    const status = err.status ?? err.statusCode;
    if (!status || status < 400 || status >= 500) return next(err);
    res.status(status).type('text/plain').send(status === 413 ? 'Payload Too Large' : 'Bad Request');
  });

  return {
    router,
    encryptionPublicKeyPem: encryption.publicKeyPem,
    signingPublicKeyPem: signing.publicKeyPem,
    certificateExpiry,
    lastOtp(uid) {
      const resident = options.residents.find((r) => r.aadhaar === uid || r.vid === uid);
      return resident ? ledger.last(resident.aadhaar) : null;
    },
    forgetOtpRequests() {
      ledger.forgetRequests();
    },
    failNext(fault, times = 1) {
      for (let i = 0; i < times; i++) queuedFaults.push(fault);
    },
    close() {
      for (const entry of held) {
        clearTimeout(entry.timer);
        entry.res.destroy();
      }
      held.clear();
    },
  };
}

function rsaKeyPair(): KeyPairPem {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }) as string, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) as string };
}

