/**
 * The login throttle in front of a stand-in for Node-RED's token endpoint:
 * 429 with Retry-After per address and per username+address, wrong passwords
 * answered before Node-RED (whose own per-username lock would shut the admin
 * out with a 500), and the real admin never locked out by someone else.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createLoginThrottle } from '../../platform/admin/login-throttle';

const ADMIN = { username: 'ops', password: 'correct-horse-battery' };

let server: http.Server;
let url: string;
let reachedNodeRed: string[];
let audits: Array<Record<string, unknown>>;

beforeEach(async () => {
  reachedNodeRed = [];
  audits = [];
  const app = express();
  // The test plays clients at several addresses through X-Forwarded-For.
  app.set('trust proxy', true);
  const throttle = createLoginThrottle({
    authenticate: async (u, p) => (u === ADMIN.username && p === ADMIN.password ? { username: u } : null),
    audit: (e) => audits.push(e),
    limits: { perAddress: { points: 12, durationS: 60, blockS: 60 }, perUserAddress: { points: 5, durationS: 60, blockS: 60 } },
  });
  app.post('/admin/auth/token', ...throttle.handlers, (req, res) => {
    reachedNodeRed.push(String((req.body as { username?: unknown }).username));
    res.json({ access_token: 't', token_type: 'Bearer' });
  });
  server = app.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(() => new Promise((r) => server.close(r)));

function login(username: string, password: string, from: string, json = false): Promise<Response> {
  const fields = { client_id: 'node-red-editor', grant_type: 'password', scope: '*', username, password };
  return fetch(`${url}/admin/auth/token`, {
    method: 'POST',
    headers: { 'X-Forwarded-For': from, 'Content-Type': json ? 'application/json' : 'application/x-www-form-urlencoded' },
    body: json ? JSON.stringify(fields) : new URLSearchParams(fields),
  });
}

it('answers wrong passwords itself (403 invalid_grant) and passes only right ones on', async () => {
  const wrong = await login(ADMIN.username, 'guess', '10.0.0.9');
  expect(wrong.status).toBe(403);
  expect(await wrong.json()).toEqual({ error: 'invalid_grant', error_description: 'Invalid resource owner credentials' });
  expect((await login(ADMIN.username, ADMIN.password, '10.0.0.9')).status).toBe(200);
  expect(reachedNodeRed).toEqual([ADMIN.username]);
  expect(audits).toEqual([expect.objectContaining({ event: 'auth.login.fail.credentials', username: 'ops', ip: '10.0.0.9' })]);
});

it("throttles a username+address after 5 failures with 429 and Retry-After, and never locks the admin out of another address", async () => {
  for (let i = 0; i < 5; i++) expect((await login(ADMIN.username, `guess${i}`, '10.0.0.66')).status).toBe(403);
  const throttled = await login(ADMIN.username, ADMIN.password, '10.0.0.66');
  expect(throttled.status).toBe(429);
  expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
  expect(audits.filter((a) => a.event === 'auth.login.fail.throttled')).toEqual([expect.objectContaining({ limit: 'username', username: 'ops', ip: '10.0.0.66' })]);
  // The real admin, elsewhere, is not affected.
  expect((await login(ADMIN.username, ADMIN.password, '10.0.0.1')).status).toBe(200);
});

it('throttles one address guessing over many usernames', async () => {
  const statuses: number[] = [];
  for (let i = 0; i < 14; i++) statuses.push((await login(`user${i}`, 'guess', '10.0.0.77')).status);
  expect(statuses.slice(0, 12)).toEqual(Array(12).fill(403));
  expect(statuses.slice(12)).toEqual([429, 429]);
  expect((await login(ADMIN.username, ADMIN.password, '10.0.0.1')).status).toBe(200);
});

it('a successful login clears the failures and refunds the address', async () => {
  // Without the reset the fifth failure in a row would be the last before a 429.
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 4; i++) expect((await login(ADMIN.username, 'guess', '10.0.0.5')).status).toBe(403);
    expect((await login(ADMIN.username, ADMIN.password, '10.0.0.5')).status).toBe(200);
  }
  for (let i = 0; i < 4; i++) expect((await login(ADMIN.username, 'guess', '10.0.0.5')).status).toBe(403);
  // 12 failures from 10.0.0.5 used the address's 12 points; the two successes cost nothing.
  expect((await login(ADMIN.username, ADMIN.password, '10.0.0.5')).status).toBe(429);
});

it('counts a burst of parallel guesses before any answer (no check-then-act gap)', async () => {
  const statuses = await Promise.all(Array.from({ length: 10 }, () => login(ADMIN.username, 'guess', '10.0.0.8').then((r) => r.status)));
  expect(statuses.filter((s) => s === 403)).toHaveLength(5);
  expect(statuses.filter((s) => s === 429)).toHaveLength(5);
});

it('refuses a 4 MiB username with 413 before any check or audit record, and odd fields with 400', async () => {
  const huge = await login('x'.repeat(4 * 1024 * 1024), 'p', '10.0.0.2');
  expect(huge.status).toBe(413);
  const long = await login('x'.repeat(129), 'p', '10.0.0.2');
  expect(long.status).toBe(400);
  const objectPassword = await fetch(`${url}/admin/auth/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': '10.0.0.2' },
    body: JSON.stringify({ client_id: 'node-red-editor', grant_type: 'password', username: 'ops', password: { $gt: '' } }),
  });
  expect(objectPassword.status).toBe(400);
  expect(reachedNodeRed).toEqual([]);
  expect(audits.every((a) => JSON.stringify(a).length < 1024)).toBe(true);
});

it('takes JSON logins too (node-red-admin) and leaves other grants to Node-RED', async () => {
  expect((await login(ADMIN.username, ADMIN.password, '10.0.0.3', true)).status).toBe(200);
  const exchange = await fetch(`${url}/admin/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: 'abc' }) });
  expect(exchange.status).toBe(200);
  expect(reachedNodeRed).toEqual([ADMIN.username, 'undefined']);
});
