/**
 * The sandbox's DigiLocker simulator over plain HTTP, for what the client's
 * tests do not reach: the authorize request's checks (an HTML page, never a
 * redirect), the consent page (test ids, prefilled mobile, hints, a strict
 * CSP, single-use form tokens, unknown mobiles, residents without DigiLocker),
 * the token endpoint's client authentication, the legacy list, the PDF and
 * its cache, and a closed simulator.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import express from 'express';
import { request } from 'undici';
import { createDigiLockerSimulator, type DigiLockerSimulator } from '../../platform/sandbox/digilocker';
import { RESIDENTS } from '../../platform/sandbox/residents';

const CALLBACK = 'https://partner.example/dl/callback?from=digilocker';
const PARTNER = { clientId: 'partner-1', clientSecret: 'partner-secret-0123456789abcdef', redirectUris: [CALLBACK] };

let server: Server;
let base: string;
let simulator: DigiLockerSimulator;
let clock = new Date('2026-05-01T10:00:00+05:30');

beforeAll(async () => {
  simulator = createDigiLockerSimulator({ residents: RESIDENTS, clients: [PARTNER], now: () => clock, codeTtlMs: 60_000, tokenTtlS: 600 });
  const app = express();
  app.use('/sandbox/digilocker', simulator.router);
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/digilocker/public`;
});
afterAll(async () => {
  simulator.close();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

function pkce() {
  const verifier = randomBytes(48).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

function authorizeUrl(over: Record<string, string | null> = {}): string {
  const params: Record<string, string | null> = { response_type: 'code', client_id: PARTNER.clientId, redirect_uri: CALLBACK, state: 'st', code_challenge: pkce().challenge, code_challenge_method: 'S256', ...over };
  const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== null));
  return `${base}/oauth2/1/authorize?${query}`;
}

async function page(url: string) {
  const res = await request(url);
  return { status: res.statusCode, headers: res.headers, html: await res.body.text() };
}

const formTokenOf = (html: string) => /name="form_token" value="([^"]+)"/.exec(html)![1]!;

async function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}) {
  const res = await request(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: new URLSearchParams(form).toString() });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

const basic = (id: string, secret: string) => ({ authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` });

async function tokensFor(mobile: string) {
  const { verifier, challenge } = pkce();
  const shown = await page(authorizeUrl({ code_challenge: challenge }));
  const allowed = await post('/oauth2/1/authorize', { form_token: formTokenOf(shown.html), mobile, decision: 'allow' });
  const code = new URL(String(allowed.headers.location)).searchParams.get('code')!;
  const token = await post('/oauth2/1/token', { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier, client_id: PARTNER.clientId, client_secret: PARTNER.clientSecret });
  expect(token.status).toBe(200);
  return token.json() as { access_token: string; refresh_token: string };
}

describe('the authorize request', () => {
  it.each([
    ['an unknown client', { client_id: 'nobody' }, 'Unknown client_id'],
    ['a redirect_uri not registered', { redirect_uri: 'https://partner.example/other' }, 'redirect_uri is not registered'],
    ['a response_type other than code', { response_type: 'token' }, 'response_type must be code'],
    ['no state', { state: null }, 'state is required'],
    ['no PKCE', { code_challenge: null }, 'PKCE is required'],
    ['PKCE plain', { code_challenge_method: 'plain' }, 'PKCE is required'],
  ])('answers %s with an HTML error page, not a redirect', async (_what, over, message) => {
    const res = await page(authorizeUrl(over));
    expect(res.status).toBe(400);
    expect(res.headers.location).toBeUndefined();
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.html).toContain(message);
  });
});

describe('the consent page', () => {
  it('has its test ids, the mobile prefilled from verified_mobile, the test residents as hints, and a strict CSP', async () => {
    const res = await page(authorizeUrl({ verified_mobile: '9000000104' }));
    expect(res.status).toBe(200);
    for (const id of ['digilocker-mobile', 'digilocker-allow', 'digilocker-deny']) expect(res.html).toContain(`data-testid="${id}"`);
    expect(res.html).toMatch(/<input id="mobile"[^>]*value="9000000104"/);
    expect(res.html).toContain('partner-1</strong> wants to access your Issued Documents and your profile');
    expect(res.html).toContain('9000000101');
    // Suresh has no DigiLocker account, Narayana Rao no mobile: neither is offered.
    expect(res.html).not.toContain('9000000106');
    expect(res.html).not.toContain('Narayana');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("form-action 'self' https://partner.example");
    expect(csp).toMatch(/style-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(res.html).not.toMatch(/<script/i);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('takes each form token once, and keeps the callback\'s own query', async () => {
    const shown = await page(authorizeUrl({ state: 'once' }));
    const formToken = formTokenOf(shown.html);
    const first = await post('/oauth2/1/authorize', { form_token: formToken, mobile: '9000000101', decision: 'allow' });
    expect(first.status).toBe(302);
    const location = new URL(String(first.headers.location));
    expect(location.searchParams.get('from')).toBe('digilocker');
    expect(location.searchParams.get('state')).toBe('once');
    const again = await post('/oauth2/1/authorize', { form_token: formToken, mobile: '9000000101', decision: 'allow' });
    expect(again.status).toBe(400);
    expect(again.headers.location).toBeUndefined();
  });

  it('shows the page again for an unknown mobile, and for a resident without DigiLocker', async () => {
    const shown = await page(authorizeUrl());
    const unknown = await post('/oauth2/1/authorize', { form_token: formTokenOf(shown.html), mobile: '9876543210', decision: 'allow' });
    expect(unknown.status).toBe(200);
    expect(unknown.text).toContain('data-testid="digilocker-error"');
    expect(unknown.text).toMatch(/value="9876543210"/);
    const noAccount = await post('/oauth2/1/authorize', { form_token: formTokenOf(unknown.text), mobile: '+91 90000 00106', decision: 'allow' });
    expect(noAccount.status).toBe(200);
    expect(noAccount.text).toContain('no DigiLocker account for this mobile');
    // The page shown again works.
    const allowed = await post('/oauth2/1/authorize', { form_token: formTokenOf(noAccount.text), mobile: '9000000105', decision: 'allow' });
    expect(allowed.status).toBe(302);
    expect(new URL(String(allowed.headers.location)).searchParams.get('code')).toBeTruthy();
  });
});

describe('the token endpoint', () => {
  it('authenticates the client by Basic or form fields, and refuses a wrong secret', async () => {
    const { verifier, challenge } = pkce();
    const shown = await page(authorizeUrl({ code_challenge: challenge }));
    const code = new URL(String((await post('/oauth2/1/authorize', { form_token: formTokenOf(shown.html), mobile: '9000000103', decision: 'allow' })).headers.location)).searchParams.get('code')!;
    const form = { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier };
    const wrong = await post('/oauth2/1/token', form, basic(PARTNER.clientId, 'wrong'));
    expect(wrong.status).toBe(401);
    expect(wrong.json()).toEqual({ error: 'invalid_client', error_description: expect.any(String) });
    const ok = await post('/oauth2/1/token', form, basic(PARTNER.clientId, PARTNER.clientSecret));
    expect(ok.status).toBe(200);
    expect(ok.headers['cache-control']).toBe('no-store');
    expect(ok.json()).toEqual({
      access_token: expect.any(String),
      expires_in: 600,
      token_type: 'Bearer',
      scope: expect.any(String),
      refresh_token: expect.any(String),
      digilockerid: RESIDENTS[2]!.digilockerId,
      name: 'Seethamma Boya',
      dob: '01071956',
      gender: 'F',
      eaadhaar: 'Y',
      reference_key: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const other = await post('/oauth2/1/token', { grant_type: 'password', client_id: PARTNER.clientId, client_secret: PARTNER.clientSecret });
    expect(other.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('lets codes and access tokens expire', async () => {
    const { verifier, challenge } = pkce();
    const shown = await page(authorizeUrl({ code_challenge: challenge }));
    const code = new URL(String((await post('/oauth2/1/authorize', { form_token: formTokenOf(shown.html), mobile: '9000000101', decision: 'allow' })).headers.location)).searchParams.get('code')!;
    const tokens = await tokensFor('9000000101');
    const start = clock;
    clock = new Date(start.getTime() + 61_000);
    try {
      const late = await post('/oauth2/1/token', { grant_type: 'authorization_code', code, redirect_uri: CALLBACK, code_verifier: verifier }, basic(PARTNER.clientId, PARTNER.clientSecret));
      expect(late.json()).toMatchObject({ error: 'invalid_grant' });
      clock = new Date(start.getTime() + 601_000);
      const user = await request(`${base}/oauth2/1/user`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
      expect(user.statusCode).toBe(401);
      expect(user.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
      expect(await user.body.json()).toEqual({ error: 'invalid_token', error_description: 'The access token is invalid' });
    } finally {
      clock = start;
    }
  });
});

describe('documents', () => {
  it('lists the legacy v1 shape: one mime string and ISO dates', async () => {
    const { access_token } = await tokensFor('9000000104');
    const res = await request(`${base}/oauth2/1/files/issued`, { headers: { authorization: `Bearer ${access_token}` } });
    const body = (await res.body.json()) as { items: Array<Record<string, unknown>> };
    expect(body.items.map((i) => [i.uri, i.mime, i.date])).toEqual([
      ['in.gov.ap.cdma-BTCER-BT5G7M2N9C', 'application/pdf', '1990-01-20T10:00:00+05:30'],
      ['in.gov.ap.transport-DRVLC-AP02201500', 'application/pdf', '2015-07-11T10:00:00+05:30'],
    ]);
  });

  it('serves one A4 page per document, the same bytes each time', async () => {
    const { access_token } = await tokensFor('9000000104');
    const get = async () => {
      const res = await request(`${base}/oauth2/1/file/in.gov.ap.cdma-BTCER-BT5G7M2N9C`, { headers: { authorization: `Bearer ${access_token}` } });
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
      return Buffer.from(await res.body.arrayBuffer());
    };
    const pdf = await get();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdf.toString('latin1');
    expect(text.match(/\/Type \/Page\b/g)).toHaveLength(1);
    expect(text).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
    expect(text).toContain('Birth Certificate BT5G7M2N9C');
    expect((await get()).equals(pdf)).toBe(true);
  });

  it('answers uri_missing without a URI, and 401 without a token', async () => {
    const { access_token } = await tokensFor('9000000101');
    const missing = await request(`${base}/oauth2/1/file/`, { headers: { authorization: `Bearer ${access_token}` } });
    expect(missing.statusCode).toBe(400);
    expect(await missing.body.json()).toMatchObject({ error: 'uri_missing' });
    const anonymous = await request(`${base}/oauth2/1/xml/in.gov.ap.revenue-CTCER-CT7K2Q9D4M`);
    expect(anonymous.statusCode).toBe(401);
    await anonymous.body.dump();
  });
});

it('answers 503 once closed', async () => {
  const closing = createDigiLockerSimulator({ residents: RESIDENTS, clients: [PARTNER] });
  const app = express();
  app.use('/dl', closing.router);
  const s = app.listen(0, '127.0.0.1');
  await new Promise((r) => s.once('listening', r));
  closing.close();
  const res = await request(`http://127.0.0.1:${(s.address() as AddressInfo).port}/dl/public/oauth2/1/user`);
  expect(res.statusCode).toBe(503);
  await res.body.dump();
  s.closeAllConnections();
  await new Promise((r) => s.close(r));
});
