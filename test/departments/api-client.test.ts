/**
 * The department API client against a real HTTP server: each auth kind (API
 * key, bearer, OAuth 2.0 client credentials with its token cached and
 * renewed after a 401, HMAC), retries on 5xx/429/timeouts waiting what
 * Retry-After asks, a refusal with the department's reason, the breaker
 * opening, half-opening and closing, and one idempotency key across retries.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DepartmentClient, PathOutsideBaseError, retryAfterOf } from '../../platform/departments/api/client';
import { DepartmentApis } from '../../platform/departments/api/pool';
import { parseConnection, type DepartmentConnectionInput } from '../../platform/departments/api/connection';
import { signRequest, verifyRequest, SIGNATURE_HEADER } from '../../platform/departments/api/hmac';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

describe('DepartmentClient', () => {
  let server: http.Server;
  let base: string;
  const seen: Seen[] = [];
  /** The next answers, in order; then 200 { ok: true }. */
  let script: Array<(req: Seen, res: http.ServerResponse) => void> = [];
  let tokensIssued = 0;

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const r: Seen = { method: req.method!, url: req.url!, headers: req.headers, body, at: Date.now() };
        if (req.url === '/oauth/token') {
          const ok = req.headers.authorization === `Basic ${Buffer.from('jansetu:s3cret').toString('base64')}` && body.includes('grant_type=client_credentials');
          if (!ok) return void res.writeHead(401).end();
          tokensIssued++;
          return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `tok-${tokensIssued}`, token_type: 'Bearer', expires_in: 3600 }));
        }
        seen.push(r);
        const next = script.shift();
        if (next) return next(r, res);
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, path: req.url }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    seen.length = 0;
    script = [];
  });

  const client = (extra: Partial<DepartmentConnectionInput> = {}) =>
    new DepartmentClient(parseConnection({ department: 'civil_supplies', baseUrl: base, auth: { kind: 'none' }, timeoutMs: 500, retry: { maxAttempts: 3, initialDelayMs: 10, maxDelayMs: 50, maxRetryAfterMs: 2000 }, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 300 }, ...extra }));
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => (_: Seen, res: http.ServerResponse) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

  it('calls with an API key, a bearer token, and query and path under the base URL', async () => {
    const keyed = await client({ auth: { kind: 'api_key', header: 'X-Dept-Key', key: 'k-123' } }).call({ method: 'GET', path: '/ration-cards/AP123', query: { month: '2026-08' } });
    expect(keyed).toMatchObject({ outcome: 'ok', status: 200, attempts: 1, body: { path: '/api/v1/ration-cards/AP123?month=2026-08' } });
    expect(seen[0]!.headers['x-dept-key']).toBe('k-123');
    await client({ auth: { kind: 'bearer', token: 'b-456' } }).call({ method: 'GET', path: 'status' });
    expect(seen[1]!.headers.authorization).toBe('Bearer b-456');
    expect(seen[1]!.headers['idempotency-key']).toBeUndefined();
  });

  it('gets an OAuth token once for many calls, and a new one when the department answers 401', async () => {
    const oauth = client({ auth: { kind: 'oauth2', tokenUrl: `${base.replace('/api/v1', '')}/oauth/token`, clientId: 'jansetu', clientSecret: 's3cret' } });
    const before = tokensIssued;
    await Promise.all([oauth.call({ method: 'GET', path: 'a' }), oauth.call({ method: 'GET', path: 'b' }), oauth.call({ method: 'GET', path: 'c' })]);
    expect(tokensIssued - before).toBe(1);
    expect(new Set(seen.map((s) => s.headers.authorization))).toEqual(new Set([`Bearer tok-${before + 1}`]));
    script = [json(401, { error: 'token revoked' })];
    expect(await oauth.call({ method: 'GET', path: 'd' })).toMatchObject({ outcome: 'ok' });
    expect(tokensIssued - before).toBe(2);
    expect(seen.at(-1)!.headers.authorization).toBe(`Bearer tok-${before + 2}`);
    // Wrong client secret: unavailable (auth), not a refusal the citizen would be told about.
    const wrong = client({ auth: { kind: 'oauth2', tokenUrl: `${base.replace('/api/v1', '')}/oauth/token`, clientId: 'jansetu', clientSecret: 'guessed' } });
    expect(await wrong.call({ method: 'GET', path: 'e' })).toMatchObject({ outcome: 'unavailable', reason: 'auth' });
  });

  it('signs requests with HMAC that the department can verify, and a changed body fails it', async () => {
    const secret = 'a-shared-secret-of-32-characters!';
    await client({ auth: { kind: 'hmac', keyId: 'jansetu-1', secret } }).call({ method: 'POST', path: '/applications', body: { service: 'income_certificate' }, idempotencyKey: 'msg-1' });
    const r = seen[0]!;
    const path = new URL(r.url, 'http://x').pathname;
    expect(verifyRequest(r.headers[SIGNATURE_HEADER] as string, (id) => (id === 'jansetu-1' ? secret : undefined), 'POST', path, r.body)).toBe(true);
    expect(verifyRequest(r.headers[SIGNATURE_HEADER] as string, () => secret, 'POST', path, r.body.replace('income', 'caste'))).toBe(false);
    expect(verifyRequest(signRequest('jansetu-1', secret, 'GET', '/x', '', Date.now() - 10 * 60_000), () => secret, 'GET', '/x', '')).toBe(false);
  });

  it('retries 5xx and 429 with one idempotency key, waiting what Retry-After asks', async () => {
    script = [json(503, { message: 'down for a moment' }), json(429, { message: 'slow down' }, { 'retry-after': '1' })];
    const started = Date.now();
    const result = await client().call({ method: 'POST', path: '/applications', body: { a: 1 }, idempotencyKey: 'wamid.abc/submit' });
    expect(result).toMatchObject({ outcome: 'ok', attempts: 3 });
    expect(seen.map((s) => s.headers['idempotency-key'])).toEqual(['wamid.abc/submit', 'wamid.abc/submit', 'wamid.abc/submit']);
    // The third attempt came a second after the 429, as Retry-After: 1 asked.
    expect(seen[2]!.at - seen[1]!.at).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(5000);
    // A write without a key of the caller's gets one, the same on each attempt.
    script = [json(500, {})];
    await client().call({ method: 'POST', path: '/x', body: {} });
    expect(seen[3]!.headers['idempotency-key']).toMatch(/^[0-9a-f-]{36}$/);
    expect(seen[4]!.headers['idempotency-key']).toBe(seen[3]!.headers['idempotency-key']);
  });

  it('gives up at once when Retry-After is longer than it waits, and after the last attempt otherwise', async () => {
    script = [json(429, {}, { 'retry-after': '120' })];
    expect(await client().call({ method: 'GET', path: 'x' })).toMatchObject({ outcome: 'unavailable', reason: 'rate_limited', attempts: 1 });
    script = [json(502, {}), json(502, {}), json(502, {})];
    expect(await client({ breaker: { consecutiveFailures: 10, halfOpenAfterMs: 300 } }).call({ method: 'GET', path: 'y' })).toMatchObject({ outcome: 'unavailable', reason: 'server_error', status: 502, attempts: 3 });
  });

  it('retries an attempt that timed out', async () => {
    script = [() => undefined /* never answers */];
    const result = await client({ timeoutMs: 200 }).call({ method: 'GET', path: 'slow' });
    expect(result).toMatchObject({ outcome: 'ok', attempts: 2 });
  });

  it('passes a refusal on with the department\'s reason and code, without retrying', async () => {
    script = [json(422, { error: { code: 'CARD_NOT_FOUND', message: 'No ration card with that number' } })];
    expect(await client().call({ method: 'GET', path: 'cards/XX' })).toEqual({ outcome: 'refused', status: 422, body: { error: { code: 'CARD_NOT_FOUND', message: 'No ration card with that number' } }, reason: 'No ration card with that number', code: 'CARD_NOT_FOUND', attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it('opens the circuit after failures in a row, answers at once while open, tries once half-open, and closes on success', async () => {
    const dept = client({ retry: { maxAttempts: 1, initialDelayMs: 10, maxDelayMs: 10, maxRetryAfterMs: 0 } });
    script = [json(500, {}), json(500, {}), json(500, {})];
    for (let i = 0; i < 3; i++) expect((await dept.call({ method: 'GET', path: 'x' })).outcome).toBe('unavailable');
    expect(dept.circuit).toBe('open');
    const served = seen.length;
    expect(await dept.call({ method: 'GET', path: 'x' })).toMatchObject({ outcome: 'unavailable', reason: 'circuit_open' });
    expect(seen.length).toBe(served);
    await new Promise((r) => setTimeout(r, 350));
    // Half-open: one trial; it fails, and the circuit opens again.
    script = [json(500, {})];
    expect(await dept.call({ method: 'GET', path: 'x' })).toMatchObject({ reason: 'server_error' });
    expect(dept.circuit).toBe('open');
    await new Promise((r) => setTimeout(r, 350));
    expect(await dept.call({ method: 'GET', path: 'x' })).toMatchObject({ outcome: 'ok' });
    expect(dept.circuit).toBe('closed');
  });

  it('never leaves the base URL: another host, a backslash or .. in the path is refused before any request', async () => {
    const dept = client({ auth: { kind: 'api_key', key: 'SECRET' } });
    for (const path of ['http://127.0.0.1:1/steal', '\\\\127.0.0.1:1/steal', '//evil.example/x', '/cards/../../admin']) {
      await expect(dept.call({ method: 'GET', path })).rejects.toThrow(PathOutsideBaseError);
    }
    expect(seen).toHaveLength(0);
  });

  it('takes a redirect, an oversized answer or a proxy\'s HTML page as what they are, not as the department down', async () => {
    const dept = client({ breaker: { consecutiveFailures: 1, halfOpenAfterMs: 60_000 } });
    script = [(_, res) => res.writeHead(302, { location: 'http://elsewhere.example/' }).end('<html>moved</html>')];
    expect(await dept.call({ method: 'GET', path: 'a' })).toMatchObject({ outcome: 'unavailable', reason: 'bad_answer', status: 302, attempts: 1 });
    script = [(_, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('x'.repeat(3 * 1024 * 1024))];
    expect(await dept.call({ method: 'GET', path: 'b' })).toMatchObject({ outcome: 'unavailable', reason: 'bad_answer', attempts: 1 });
    script = [(_, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<html><body>404 Not Found</body></html>')];
    expect(await dept.call({ method: 'GET', path: 'c' })).toMatchObject({ outcome: 'refused', reason: 'HTTP 404', code: null });
    // None of these opened the circuit (one failure would have).
    expect(dept.circuit).toBe('closed');
  });

  it('bounds a token endpoint that drips or fails: retried like the department, never hanging a call', async () => {
    const slow = http.createServer((req, res) => {
      if (req.url === '/drip') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => res.write(' '), 100);
        res.on('close', () => clearInterval(timer));
        return;
      }
      res.writeHead(503).end();
    });
    await new Promise<void>((r) => slow.listen(0, '127.0.0.1', () => r()));
    const at = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
    try {
      const started = Date.now();
      const dripping = client({ timeoutMs: 300, auth: { kind: 'oauth2', tokenUrl: `${at}/drip`, clientId: 'a', clientSecret: 'b' } });
      expect(await dripping.call({ method: 'GET', path: 'x' })).toMatchObject({ outcome: 'unavailable', reason: 'timeout', attempts: 3 });
      expect(Date.now() - started).toBeLessThan(5000);
      const failing = client({ auth: { kind: 'oauth2', tokenUrl: `${at}/down`, clientId: 'a', clientSecret: 'b' } });
      expect(await failing.call({ method: 'GET', path: 'x' })).toMatchObject({ outcome: 'unavailable', reason: 'server_error', status: 503, attempts: 3 });
      expect(seen).toHaveLength(0);
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((r) => slow.close(() => r()));
    }
  });

  it('keeps one client per config node: the same for the same settings, replaced when they change, gone with the node', () => {
    const apis = new DepartmentApis();
    const settings = parseConnection({ department: 'revenue', baseUrl: base, auth: { kind: 'none' } });
    const first = apis.client('node-1', settings);
    expect(apis.client('node-1', parseConnection({ department: 'revenue', baseUrl: base, auth: { kind: 'none' } }))).toBe(first);
    for (let i = 0; i < 50; i++) apis.client('node-1', { ...settings, timeoutMs: 1000 + i });
    expect(apis.size).toBe(1);
    apis.release('node-1');
    expect(apis.size).toBe(0);
  });

  it('reads Retry-After as seconds or as a date, and refuses a connection config with a mistake, naming it', () => {
    const now = Date.parse('2026-08-15T06:00:00Z');
    expect(retryAfterOf('3', now)).toBe(3000);
    expect(retryAfterOf('Sat, 15 Aug 2026 06:00:05 GMT', now)).toBe(5000);
    expect(retryAfterOf('soon', now)).toBeNull();
    expect(retryAfterOf('-1', now)).toBeNull();
    expect(retryAfterOf('1.5', now)).toBeNull();
    expect(() => parseConnection({ department: 'revenue', baseUrl: 'ftp://x', auth: { kind: 'none' } })).toThrow(/baseUrl/);
    expect(() => parseConnection({ department: 'revenue', baseUrl: 'https://dept.ap.gov.in', auth: { kind: 'hmac', keyId: 'k', secret: 'short' } })).toThrow(/auth.secret/);
    expect(() => parseConnection({ department: 'revenue', baseUrl: 'https://dept.ap.gov.in', auth: { kind: 'hmac', keyId: 'a,sig=x', secret: 'a-long-enough-secret' } })).toThrow(/auth.keyId/);
    expect(parseConnection({ department: 'revenue', baseUrl: 'https://dept.ap.gov.in', auth: { kind: 'api_key', key: 'k' } })).toMatchObject({ timeoutMs: 5000, retry: { maxAttempts: 3 }, breaker: { consecutiveFailures: 5 }, auth: { header: 'X-API-Key' } });
  });
});
