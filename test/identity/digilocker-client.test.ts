/**
 * The DigiLocker client against the sandbox's DigiLocker simulator on a real
 * HTTP server: the consent page driven with plain requests (GET the page,
 * POST its form), PKCE, single-use codes, refresh rotation, revocation,
 * Issued Documents, files and their hmac, certificate XML, and the errors a
 * partner must handle (retried once when DigiLocker is down or slow).
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHmac } from 'node:crypto';
import express from 'express';
import { XMLParser } from 'fast-xml-parser';
import { request } from 'undici';
import { DigiLockerClient, DigiLockerError, pkcePair, type DigiLockerClientOptions } from '../../platform/identity/digilocker/client';
import { createDigiLockerSimulator, type DigiLockerSimulator } from '../../platform/sandbox/digilocker';
import { RESIDENTS, type Resident } from '../../platform/sandbox/residents';

const CALLBACK = 'https://jansetu.example/digilocker/callback';
const PARTNER = { clientId: 'jansetu-test', clientSecret: 'digilocker-test-secret-0123456789', redirectUris: [CALLBACK], name: 'Jansetu AP' };
const LAKSHMI = RESIDENTS[0]!;
const RAVI = RESIDENTS[1]!;
/** A resident whose DigiLocker repository is down. */
const UNAVAILABLE: Resident = { ...LAKSHMI, aadhaar: '999922220107', mobile: '919000000199', digilockerId: 'c0ffee00-0000-4000-8000-000000000199', fault: 'digilocker-unavailable' };

let server: Server;
let host: string;
let simulator: DigiLockerSimulator;
/** Requests that reached the simulator, as "METHOD path". */
const calls: string[] = [];
let stalled = 0;
let fakeToken: { status: number; body: unknown; calls: number } = { status: 200, body: {}, calls: 0 };
/** Every client a test made, closed at the end (each has its own connection pool). */
const clients: DigiLockerClient[] = [];

beforeAll(async () => {
  simulator = createDigiLockerSimulator({ residents: [...RESIDENTS, UNAVAILABLE], clients: [PARTNER] });
  const app = express();
  app.use('/sandbox/digilocker', (req, _res, next) => {
    calls.push(`${req.method} ${req.path}`);
    next();
  }, simulator.router);
  // The same simulator behind a proxy that rewrites the hmac header.
  app.use('/tampered', (_req, res, next) => {
    const setHeader = res.setHeader.bind(res);
    res.setHeader = (name: string, value: number | string | readonly string[]) => setHeader(name, name.toLowerCase() === 'hmac' ? Buffer.alloc(32, 7).toString('base64') : value);
    next();
  }, simulator.router);
  // A DigiLocker that never answers.
  app.get('/stalled/public/oauth2/2/files/issued', () => {
    stalled++;
  });
  // A token endpoint answering what a test sets, and legacy-shaped lists.
  app.post('/fake/public/oauth2/1/token', (_req, res) => {
    fakeToken.calls++;
    res.status(fakeToken.status).json(fakeToken.body);
  });
  app.get('/fake/public/oauth2/2/files/issued', (_req, res) => {
    res.json({
      items: [
        { name: 'Class XII Marksheet', type: 'file', size: '2048', date: '2015-05-12T20:50:38Z', parent: '', mime: 'application/pdf', uri: 'in.gov.cbse-HSCER-201412345678', doctype: 'HSCER', description: 'Class XII Marksheet', issuerid: 'in.gov.cbse', issuer: 'CBSE' },
        { name: 'No URI', type: 'file', size: '', date: '', parent: '', mime: [], doctype: 'X', description: '', issuerid: '', issuer: '' },
        { name: 'Odd date', type: 'file', size: '', date: '31-02-2020', parent: '', uri: 'in.gov.x-ABCDE-1', doctype: 'ABCDE', description: '', issuerid: 'in.gov.x', issuer: 'X' },
      ],
      resource: 'issued',
    });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  host = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  simulator.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function client(over: Partial<DigiLockerClientOptions> = {}): DigiLockerClient {
  const c = new DigiLockerClient({ baseUrl: `${host}/sandbox/digilocker/public`, clientId: PARTNER.clientId, clientSecret: PARTNER.clientSecret, redirectUri: CALLBACK, timeoutMs: 2000, retryDelayMs: 10, ...over });
  clients.push(c);
  return c;
}

/** The consent page, answered as a resident would: its form token posted back with the mobile and a decision. Returns where DigiLocker redirects. */
async function answerConsent(authorizeUrl: string, mobile: string, decision: 'allow' | 'deny' = 'allow'): Promise<URL> {
  const page = await request(authorizeUrl);
  expect(page.statusCode).toBe(200);
  const html = await page.body.text();
  const formToken = /name="form_token" value="([^"]+)"/.exec(html)?.[1];
  expect(formToken).toBeDefined();
  expect(html).toContain('Jansetu AP</strong> wants to access your Issued Documents and your profile');
  const answer = await request(new URL('authorize', authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ form_token: formToken!, mobile, decision }).toString(),
  });
  await answer.body.dump();
  expect(answer.statusCode).toBe(302);
  return new URL(String(answer.headers.location));
}

/** A resident signs in and the partner exchanges the code. */
async function signIn(c: DigiLockerClient, mobile = '9000000101') {
  const { verifier, challenge } = pkcePair();
  const location = await answerConsent(c.authorizeUrl('state-1', challenge), mobile);
  return c.exchangeCode(location.searchParams.get('code')!, verifier);
}

async function refusal(promise: Promise<unknown>): Promise<DigiLockerError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DigiLockerError);
  return err as DigiLockerError;
}

it('makes PKCE pairs as RFC 7636 asks', () => {
  const { verifier, challenge } = pkcePair();
  expect(verifier).toMatch(/^[A-Za-z0-9._~-]{43,128}$/);
  expect(challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  expect(pkcePair().verifier).not.toBe(verifier);
});

it('signs a resident in with PKCE: the state comes back, the code gives tokens and who signed in', async () => {
  const c = client();
  const { verifier, challenge } = pkcePair();
  const url = new URL(c.authorizeUrl('opaque-state-42', challenge, { verifiedMobile: '919000000101' }));
  expect(Object.fromEntries(url.searchParams)).toEqual({ response_type: 'code', client_id: PARTNER.clientId, redirect_uri: CALLBACK, state: 'opaque-state-42', code_challenge: challenge, code_challenge_method: 'S256', verified_mobile: '9000000101' });
  const location = await answerConsent(url.toString(), '+91 90000 00101');
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  expect(location.searchParams.get('state')).toBe('opaque-state-42');
  const tokens = await c.exchangeCode(location.searchParams.get('code')!, verifier);
  expect(tokens).toMatchObject({ digilockerId: LAKSHMI.digilockerId, name: 'Lakshmi Devi Kommineni', dob: '1984-03-12', gender: 'F', eaadhaar: true });
  expect(tokens.accessToken).not.toBe(tokens.refreshToken);
  expect(tokens.expiresAt.getTime() - Date.now()).toBeGreaterThan(3500_000);
  expect((await c.issuedFiles(tokens.accessToken)).length).toBeGreaterThan(0);
});

it('refuses a code with the wrong verifier (invalid_grant)', async () => {
  const c = client();
  const { challenge } = pkcePair();
  const location = await answerConsent(c.authorizeUrl('s', challenge), '9000000102');
  const err = await refusal(c.exchangeCode(location.searchParams.get('code')!, pkcePair().verifier));
  expect(err).toMatchObject({ status: 400, code: 'invalid_grant', retryable: false });
});

it('refuses a code used twice, and revokes the tokens the first use gave (RFC 6749 §4.1.2)', async () => {
  const c = client();
  const { verifier, challenge } = pkcePair();
  const code = (await answerConsent(c.authorizeUrl('s', challenge), '9000000102')).searchParams.get('code')!;
  const first = await c.exchangeCode(code, verifier);
  expect(first.digilockerId).toBe(RAVI.digilockerId);
  expect(await refusal(c.exchangeCode(code, verifier))).toMatchObject({ status: 400, code: 'invalid_grant' });
  expect(await refusal(c.issuedFiles(first.accessToken))).toMatchObject({ status: 401, code: 'invalid_token' });
  expect(await refusal(c.refresh(first.refreshToken))).toMatchObject({ code: 'invalid_grant' });
});

it('sends a denial back as access_denied with the state', async () => {
  const c = client();
  const location = await answerConsent(c.authorizeUrl('deny-state', pkcePair().challenge), '', 'deny');
  expect(`${location.origin}${location.pathname}`).toBe(CALLBACK);
  expect(location.searchParams.get('error')).toBe('access_denied');
  expect(location.searchParams.get('error_description')).toBeTruthy();
  expect(location.searchParams.get('state')).toBe('deny-state');
  expect(location.searchParams.has('code')).toBe(false);
});

it('rotates the refresh token; a spent one is refused', async () => {
  const c = client();
  const first = await signIn(c);
  const second = await c.refresh(first.refreshToken);
  expect(second.refreshToken).not.toBe(first.refreshToken);
  expect(second.accessToken).not.toBe(first.accessToken);
  expect(second.digilockerId).toBe(LAKSHMI.digilockerId);
  expect((await c.issuedFiles(second.accessToken)).length).toBeGreaterThan(0);
  expect(await refusal(c.refresh(first.refreshToken))).toMatchObject({ status: 400, code: 'invalid_grant' });
});

it('revokes: the access token then answers 401 invalid_token, a revoked refresh token invalid_grant', async () => {
  const c = client();
  const tokens = await signIn(c);
  await c.revoke(tokens.accessToken, 'access_token');
  expect(await refusal(c.issuedFiles(tokens.accessToken))).toMatchObject({ status: 401, code: 'invalid_token', retryable: false });
  const fresh = await c.refresh(tokens.refreshToken);
  await c.revoke(fresh.refreshToken, 'refresh_token');
  expect(await refusal(c.refresh(fresh.refreshToken))).toMatchObject({ code: 'invalid_grant' });
  // Revoking a refresh token ends the access tokens of its grant too (RFC 7009 §2.1).
  expect(await refusal(c.issuedFiles(fresh.accessToken))).toMatchObject({ code: 'invalid_token' });
});

it('lists the Issued Documents, normalised', async () => {
  const c = client();
  const tokens = await signIn(c);
  const items = await c.issuedFiles(tokens.accessToken);
  expect(items).toHaveLength(3);
  expect(items[0]).toEqual({
    uri: 'in.gov.ap.revenue-CTCER-CT7K2Q9D4M',
    name: 'Caste Certificate',
    type: 'file',
    doctype: 'CTCER',
    description: 'Caste Certificate',
    issuer: 'Revenue Department, Government of Andhra Pradesh',
    issuerId: 'in.gov.ap.revenue',
    date: '2019-06-14',
    mime: ['application/pdf', 'application/xml'],
    size: null,
    parent: '',
  });
  expect(items.map((i) => i.doctype)).toEqual(['CTCER', 'INCER', 'RCCER']);
});

it('normalises legacy items too: one mime string, ISO dates (as a date in India), items without a URI left out', async () => {
  const items = await client({ baseUrl: `${host}/fake/public` }).issuedFiles('token');
  expect(items).toHaveLength(2);
  expect(items[0]).toMatchObject({ uri: 'in.gov.cbse-HSCER-201412345678', mime: ['application/pdf'], date: '2015-05-13', size: 2048, issuerId: 'in.gov.cbse' });
  expect(items[1]).toMatchObject({ date: null, mime: [] });
});

it('fetches a document as a PDF whose hmac verifies', async () => {
  const c = client();
  const tokens = await signIn(c);
  const uri = 'in.gov.ap.revenue-INCER-IN4R8T2W6B';
  const file = await c.file(tokens.accessToken, uri);
  expect(file.mime).toBe('application/pdf');
  expect(file.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  const raw = await request(`${host}/sandbox/digilocker/public/oauth2/1/file/${uri}`, { headers: { authorization: `Bearer ${tokens.accessToken}` } });
  const bytes = Buffer.from(await raw.body.arrayBuffer());
  expect(raw.headers.hmac).toBe(createHmac('sha256', PARTNER.clientSecret).update(bytes).digest('base64'));
  expect(bytes.equals(file.bytes)).toBe(true);
});

it('refuses a file whose hmac does not match', async () => {
  const tokens = await signIn(client());
  const tampered = client({ baseUrl: `${host}/tampered/public` });
  expect(await refusal(tampered.file(tokens.accessToken, 'in.gov.ap.revenue-CTCER-CT7K2Q9D4M'))).toMatchObject({ code: 'hmac_mismatch', retryable: false });
});

it('fetches a document as its DL-XML certificate', async () => {
  const c = client();
  const tokens = await signIn(c);
  const xml = await c.xml(tokens.accessToken, 'in.gov.ap.revenue-CTCER-CT7K2Q9D4M');
  const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as { Certificate: Record<string, any> };
  expect(parsed.Certificate).toMatchObject({ name: 'Caste Certificate', type: 'CTCER', number: 'CT7K2Q9D4M', issueDate: '14-06-2019', status: 'A' });
  expect(parsed.Certificate.IssuedTo.Person).toMatchObject({ name: 'Lakshmi Devi Kommineni', uid: 'xxxxxxxx0013', gender: 'F', dob: '12-03-1984' });
  expect(parsed.Certificate.CertificateData.Caste).toMatchObject({ name: 'Kamma', category: 'GC' });
});

it('answers 404 invalid_uri for an unknown URI, and for another resident\'s', async () => {
  const c = client();
  const tokens = await signIn(c);
  expect(await refusal(c.file(tokens.accessToken, 'in.gov.ap.revenue-CTCER-NOSUCHDOC'))).toMatchObject({ status: 404, code: 'invalid_uri', retryable: false });
  expect(await refusal(c.xml(tokens.accessToken, 'in.gov.ap.transport-DRVLC-AP31201100'))).toMatchObject({ status: 404, code: 'invalid_uri' });
  expect(await refusal(c.file(tokens.accessToken, ' '))).toMatchObject({ status: null, code: 'uri_missing' });
});

it('tries once more when DigiLocker answers 500, then gives up as unavailable and retryable', async () => {
  const c = client();
  const tokens = await signIn(c, '9000000199');
  const uri = 'in.gov.ap.revenue-CTCER-CT7K2Q9D4M';
  const before = calls.length;
  const err = await refusal(c.file(tokens.accessToken, uri));
  expect(err).toMatchObject({ status: 500, code: 'unavailable', retryable: true });
  expect(err.description).toContain('repository_service_unresponsive');
  expect(calls.slice(before)).toEqual([`GET /public/oauth2/1/file/${uri}`, `GET /public/oauth2/1/file/${uri}`]);
});

it('tries once more when DigiLocker does not answer in time', async () => {
  const started = Date.now();
  const err = await refusal(client({ baseUrl: `${host}/stalled/public`, timeoutMs: 150 }).issuedFiles('token'));
  expect(err).toMatchObject({ status: null, code: 'unavailable', retryable: true });
  expect(stalled).toBe(2);
  expect(Date.now() - started).toBeLessThan(2000);
});

it('sends a code again only when DigiLocker surely did not use it (503), not after a 500', async () => {
  const c = client({ baseUrl: `${host}/fake/public` });
  fakeToken = { status: 500, body: { error: 'unexpected_error' }, calls: 0 };
  expect(await refusal(c.exchangeCode('code', pkcePair().verifier))).toMatchObject({ status: 500, code: 'unavailable', retryable: true });
  expect(fakeToken.calls).toBe(1);
  fakeToken = { status: 503, body: {}, calls: 0 };
  expect(await refusal(c.exchangeCode('code', pkcePair().verifier))).toMatchObject({ status: 503, code: 'unavailable' });
  expect(fakeToken.calls).toBe(2);
});

it('reads both spellings of digilockerid and eaadhaar, and keeps the refresh token when none comes back', async () => {
  const c = client({ baseUrl: `${host}/fake/public` });
  fakeToken = { status: 200, body: { access_token: 'a1', expires_in: '600', token_type: 'Bearer', digilocker_id: 'abc-123', name: ' Test Name ', dob: '31121970', gender: 'm', eaadhar: 'N' }, calls: 0 };
  const tokens = await c.refresh('r0');
  expect(tokens).toMatchObject({ accessToken: 'a1', refreshToken: 'r0', digilockerId: 'abc-123', name: 'Test Name', dob: '1970-12-31', gender: 'M', eaadhaar: false });
  expect(tokens.expiresAt.getTime() - Date.now()).toBeLessThanOrEqual(600_000);
  fakeToken = { status: 200, body: { access_token: 'a1', refresh_token: 'r1' }, calls: 0 };
  expect(await refusal(c.exchangeCode('code', pkcePair().verifier))).toMatchObject({ code: 'unexpected_response' });
});

it('refuses a redirect_uri that is not registered, without redirecting', async () => {
  const c = client({ redirectUri: 'https://attacker.example/callback' });
  const page = await request(c.authorizeUrl('s', pkcePair().challenge));
  expect(page.statusCode).toBe(400);
  expect(page.headers.location).toBeUndefined();
  expect(await page.body.text()).toContain('redirect_uri is not registered');
});

it('refuses a wrong client secret at the token endpoint (invalid_client)', async () => {
  const { verifier, challenge } = pkcePair();
  const good = client();
  const code = (await answerConsent(good.authorizeUrl('s', challenge), '9000000101')).searchParams.get('code')!;
  expect(await refusal(client({ clientSecret: 'not-the-secret' }).exchangeCode(code, verifier))).toMatchObject({ status: 401, code: 'invalid_client' });
});
