/**
 * DigiLocker's Authorized Partner API, simulated for the sandbox's test
 * residents (reference digilocker.md §3.2–3.7). The host mounts the router at
 * /sandbox/digilocker; partners use `<host>/sandbox/digilocker/public` as
 * DigiLocker's base URL.
 *
 * Under /public:
 *   - GET  /oauth2/1/authorize: the sign-in and consent page (mobile number,
 *     Allow / Deny); its form posts back to POST /oauth2/1/authorize with a
 *     single-use form token, answered by a redirect to the partner's callback
 *     with ?code&state, or ?error=access_denied&state.
 *   - POST /oauth2/1/token: authorization_code with PKCE S256 (a code used
 *     twice revokes what it issued), refresh_token (rotated).
 *   - POST /oauth2/1/revoke.
 *   - With a bearer token, for its resident only: GET /oauth2/1/user,
 *     /oauth2/2/files/issued (and the legacy /oauth2/1/files/issued),
 *     /oauth2/1/file/{uri} (a generated PDF with an `hmac` header),
 *     /oauth2/1/xml/{uri} (the DL-XML certificate).
 *
 * A resident with the fault 'digilocker-unavailable' signs in, but their
 * documents answer 500 repository_service_unresponsive.
 */
import { createHmac, randomBytes } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { tenDigitMobile } from '../../citizens/identity';
import type { Logger } from '../../log';
import type { Resident } from '../residents';
import { certificatePdf } from './certificate-pdf';
import { certificateXml } from './certificate-xml';
import { consentPage, errorPage, type Page } from './consent-page';
import { documentOf, issuedItem, profileDateOf } from './documents';
import { BoundedMap, GrantStore, sameText, type ConsentRequest, type Grant, type Redeemed } from './grants';

export interface DigiLockerPartner {
  clientId: string;
  clientSecret: string;
  /** Callbacks, each matched exactly. */
  redirectUris: string[];
  /** As the consent page names the partner; the client id when not given. */
  name?: string;
}

export interface DigiLockerSimulatorOptions {
  residents: readonly Resident[];
  clients: DigiLockerPartner[];
  now?: () => Date;
  log?: Logger;
  /** Access token life; 3600 s as DigiLocker's. */
  tokenTtlS?: number;
  /** Authorization code life; 10 minutes. */
  codeTtlMs?: number;
}

export interface DigiLockerSimulator {
  router: Router;
  close(): void;
}

/** Generated PDFs kept, by URI (a few kilobytes each). */
const MAX_CACHED_PDFS = 256;
/** A state is the partner's opaque value; DigiLocker has no published limit, a sandbox needs one. */
const MAX_STATE_LENGTH = 512;
const CHALLENGE = /^[A-Za-z0-9_-]{43}$/;
const SCOPE = 'files.issueddocs userdetails';

export function createDigiLockerSimulator(options: DigiLockerSimulatorOptions): DigiLockerSimulator {
  const now = options.now ?? (() => new Date());
  const tokenTtlS = options.tokenTtlS ?? 3600;
  const grants = new GrantStore(() => now().getTime(), tokenTtlS * 1000, options.codeTtlMs ?? 10 * 60_000);
  const pdfs = new BoundedMap<string, Promise<Buffer>>(MAX_CACHED_PDFS);
  const partners = new Map(options.clients.map((c) => [c.clientId, c]));
  let closed = false;

  const signInHints = options.residents
    .filter((r) => r.mobile !== null && r.digilockerId !== null)
    .map((r) => ({ mobile: r.mobile!.slice(-10), name: r.name.en }));
  const residentById = (digilockerId: string) => options.residents.find((r) => r.digilockerId === digilockerId);

  const router = express.Router();
  const api = express.Router();
  router.use((_req, res, next) => (closed ? void oauthError(res, 503, 'service_unavailable', 'The DigiLocker sandbox has stopped') : next()));
  router.use('/public', api);

  // Sign-in and consent.

  api.get('/oauth2/1/authorize', (req, res) => {
    const q = req.query as Record<string, unknown>;
    const param = (name: string) => (typeof q[name] === 'string' ? (q[name] as string) : '');
    const partner = partners.get(param('client_id'));
    if (!partner) return void sendPage(res, 400, errorPage('Unknown client_id: this service is not registered with DigiLocker.'));
    const redirectUri = param('redirect_uri');
    // Never redirect to a callback the partner did not register: the request may not be theirs.
    if (!partner.redirectUris.includes(redirectUri)) return void sendPage(res, 400, errorPage('redirect_uri is not registered for this client.'));
    if (param('response_type') !== 'code') return void sendPage(res, 400, errorPage('response_type must be code.'));
    const state = param('state');
    if (state === '' || state.length > MAX_STATE_LENGTH) return void sendPage(res, 400, errorPage(`state is required (up to ${MAX_STATE_LENGTH} characters).`));
    if (param('code_challenge_method') !== 'S256' || !CHALLENGE.test(param('code_challenge'))) {
      return void sendPage(res, 400, errorPage('PKCE is required: a code_challenge (base64url SHA-256) with code_challenge_method=S256.'));
    }
    const consent: ConsentRequest = { clientId: partner.clientId, redirectUri, state, challenge: param('code_challenge'), mobile: tenDigitMobile(param('verified_mobile')) ?? '' };
    showConsent(res, 200, consent);
  });

  api.post('/oauth2/1/authorize', express.urlencoded({ extended: false, limit: '4kb' }), (req, res) => {
    const form = formOf(req);
    const consent = grants.takeConsent(form.form_token ?? '');
    if (!consent) return void sendPage(res, 400, errorPage('This sign-in page has expired or was already used.'));
    if (form.decision === 'deny') {
      options.log?.info({ client: consent.clientId }, 'digilocker sandbox: consent denied');
      return void res.redirect(302, callback(consent.redirectUri, { error: 'access_denied', error_description: 'The resident denied access to their DigiLocker', state: consent.state }));
    }
    if (form.decision !== 'allow') return void showConsent(res, 400, consent, 'Choose Allow or Deny.');
    const mobile = tenDigitMobile(form.mobile ?? '');
    const typed = { ...consent, mobile: mobile ?? (form.mobile ?? '').slice(0, 16) };
    if (!mobile) return void showConsent(res, 200, typed, 'Enter your 10-digit mobile number.');
    const resident = options.residents.find((r) => r.mobile === `91${mobile}`);
    if (!resident) return void showConsent(res, 200, typed, 'No sandbox resident has this mobile number. Use one of the test residents below.');
    if (!resident.digilockerId) return void showConsent(res, 200, typed, 'There is no DigiLocker account for this mobile.');
    const code = grants.issueCode(consent, resident.digilockerId);
    options.log?.info({ client: consent.clientId }, 'digilocker sandbox: consent given');
    res.redirect(302, callback(consent.redirectUri, { code, state: consent.state }));
  });

  function showConsent(res: Response, status: number, consent: ConsentRequest, error?: string): void {
    const partner = partners.get(consent.clientId)!;
    const formToken = grants.openConsent(consent);
    sendPage(res, status, consentPage({ partner: partner.name ?? partner.clientId, formToken, mobile: consent.mobile, error, residents: signInHints }, consent.redirectUri));
  }

  // Tokens.

  api.post('/oauth2/1/token', express.urlencoded({ extended: false, limit: '8kb' }), (req, res) => {
    res.set({ 'Cache-Control': 'no-store', Pragma: 'no-cache' });
    const form = formOf(req);
    const partner = authenticate(req, res, form);
    if (!partner) return;
    let redeemed: Redeemed;
    if (form.grant_type === 'authorization_code') {
      if (!form.code || !form.redirect_uri || !form.code_verifier) return void oauthError(res, 400, 'invalid_request', 'code, redirect_uri and code_verifier are required');
      redeemed = grants.redeemCode(form.code, partner.clientId, form.redirect_uri, form.code_verifier);
    } else if (form.grant_type === 'refresh_token') {
      if (!form.refresh_token) return void oauthError(res, 400, 'invalid_request', 'refresh_token is required');
      redeemed = grants.redeemRefreshToken(form.refresh_token, partner.clientId);
    } else return void oauthError(res, 400, 'unsupported_grant_type', 'grant_type must be authorization_code or refresh_token');
    if ('refused' in redeemed) return void oauthError(res, 400, 'invalid_grant', redeemed.refused);
    const resident = residentById(redeemed.grant.digilockerId);
    if (!resident) return void oauthError(res, 400, 'invalid_grant', 'The DigiLocker account no longer exists');
    const tokens = grants.issueTokens(redeemed.grant);
    res.json({
      access_token: tokens.accessToken,
      expires_in: tokenTtlS,
      token_type: 'Bearer',
      scope: SCOPE,
      refresh_token: tokens.refreshToken,
      ...profileOf(resident),
      reference_key: randomBytes(16).toString('hex'),
    });
  });

  api.post('/oauth2/1/revoke', express.urlencoded({ extended: false, limit: '8kb' }), express.json({ limit: '8kb' }), (req, res) => {
    const form = formOf(req);
    const partner = authenticate(req, res, form);
    if (!partner) return;
    if (!form.token) return void oauthError(res, 400, 'invalid_request', 'token is required');
    grants.revoke(form.token, partner.clientId);
    res.json({ status: 'ok' });
  });

  /** The partner by HTTP Basic or client_id/client_secret form fields (RFC 6749 §2.3.1), or a 401 sent. */
  function authenticate(req: Request, res: Response, form: Record<string, string | undefined>): DigiLockerPartner | null {
    const basic = /^Basic\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    let id = form.client_id;
    let secret = form.client_secret;
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      id = formDecoded(decoded.slice(0, colon < 0 ? undefined : colon));
      secret = colon < 0 ? '' : formDecoded(decoded.slice(colon + 1));
    }
    const partner = id ? partners.get(id) : undefined;
    if (!partner || !sameText(secret ?? '', partner.clientSecret)) {
      if (basic) res.set('WWW-Authenticate', 'Basic realm="digilocker"');
      oauthError(res, 401, 'invalid_client', 'Client authentication failed');
      return null;
    }
    return partner;
  }

  // Resources, for the bearer's resident.

  api.get('/oauth2/1/user', (req, res) => {
    const bearer = bearerOf(req, res);
    if (bearer) res.json(profileOf(bearer.resident));
  });

  api.get(['/oauth2/2/files/issued', '/oauth2/1/files/issued'], (req, res) => {
    const bearer = bearerOf(req, res);
    if (!bearer || refusedForFault(res, bearer.resident)) return;
    const version = req.path.startsWith('/oauth2/2/') ? 2 : 1;
    res.json({ items: bearer.resident.documents.map((d) => issuedItem(d, version)), resource: 'issued' });
  });

  api.get(['/oauth2/1/file', '/oauth2/1/xml'], (req, res) => {
    if (bearerOf(req, res)) oauthError(res, 400, 'uri_missing', 'URI parameter missing');
  });

  api.get('/oauth2/1/file/:uri', (req, res, next) => {
    const found = documentFor(req, res);
    if (!found) return;
    const { resident, document, grant } = found;
    const uri = req.params.uri!;
    let pdf = pdfs.get(uri);
    if (!pdf) {
      pdf = certificatePdf(resident, document);
      pdfs.set(uri, pdf);
      pdf.catch(() => pdfs.delete(uri));
    }
    pdf
      .then((bytes) => {
        const secret = partners.get(grant.clientId)!.clientSecret;
        res
          .type('application/pdf')
          .set({ hmac: createHmac('sha256', secret).update(bytes).digest('base64'), 'Content-Disposition': `inline; filename="${uri}.pdf"`, 'Cache-Control': 'no-store' })
          .send(bytes);
      })
      .catch(next);
  });

  api.get(['/oauth2/1/xml/:uri', '/oauth2/3/xml/:uri'], (req, res) => {
    const found = documentFor(req, res);
    if (found) res.type('application/xml').set('Cache-Control', 'no-store').send(certificateXml(found.resident, found.document));
  });

  /** The bearer token's grant and resident, or a 401 invalid_token sent. */
  function bearerOf(req: Request, res: Response): { grant: Grant; resident: Resident } | null {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    const grant = token ? grants.bearer(token) : null;
    const resident = grant ? residentById(grant.digilockerId) : undefined;
    if (!grant || !resident) {
      res.set('WWW-Authenticate', 'Bearer error="invalid_token"');
      oauthError(res, 401, 'invalid_token', 'The access token is invalid');
      return null;
    }
    return { grant, resident };
  }

  /** The bearer's document at :uri, or the error sent: 401, 500 for a resident whose repository is down, 404 invalid_uri. */
  function documentFor(req: Request, res: Response) {
    const bearer = bearerOf(req, res);
    if (!bearer || refusedForFault(res, bearer.resident)) return null;
    const document = documentOf(bearer.resident, req.params.uri ?? '');
    if (!document) {
      oauthError(res, 404, 'invalid_uri', 'No file found for given URI');
      return null;
    }
    return { ...bearer, document };
  }

  function refusedForFault(res: Response, resident: Resident): boolean {
    if (resident.fault !== 'digilocker-unavailable') return false;
    oauthError(res, 500, 'repository_service_unresponsive', "The issuer's repository did not respond");
    return true;
  }

  return {
    router,
    close() {
      closed = true;
      grants.clear();
      pdfs.clear();
    },
  };
}

/** The profile fields of a token response and of /oauth2/1/user. */
function profileOf(resident: Resident): Record<string, string> {
  return {
    digilockerid: resident.digilockerId!,
    name: resident.name.en,
    dob: profileDateOf(resident.dob),
    gender: resident.gender,
    eaadhaar: 'Y',
  };
}

function oauthError(res: Response, status: number, error: string, description: string): void {
  res.status(status).json({ error, error_description: description });
}

function sendPage(res: Response, status: number, page: Page): void {
  res
    .status(status)
    .set({ 'Content-Security-Policy': page.csp, 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' })
    .type('html')
    .send(page.html);
}

/** The callback with the answer's parameters added to any it already has. */
function callback(redirectUri: string, params: Record<string, string>): string {
  const url = new URL(redirectUri);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}

/** A form's string fields (a repeated field counts as absent). */
function formOf(req: Request): Record<string, string | undefined> {
  const body = (typeof req.body === 'object' && req.body !== null ? req.body : {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(body).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
}

/** application/x-www-form-urlencoded decoding of a Basic credential's parts (RFC 6749 §2.3.1). */
function formDecoded(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

