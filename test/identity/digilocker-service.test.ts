/**
 * The platform's DigiLocker service against the sandbox's DigiLocker (the
 * real client over HTTP, the embedded store): a consent link forwarded to
 * someone else links nothing, and tokens that expire while two calls need
 * them are refreshed once (DigiLocker ends a grant whose refresh token is
 * used twice), so the citizen stays linked.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import express from 'express';
import { DigiLockerClient } from '../../platform/identity/digilocker/client';
import { DigiLockerService, TOKENS_COLLECTION, sameHolder, type LinkAddress, type LockerHolder } from '../../platform/identity/digilocker/service';
import { Sealer } from '../../platform/identity/sealer';
import { createLogger } from '../../platform/log';
import { createDigiLockerSimulator, type DigiLockerSimulator } from '../../platform/sandbox/digilocker';
import { RESIDENTS } from '../../platform/sandbox/residents';
import { createStore, type DocumentStore } from '../../platform/store';
import { tempDir } from '../support/services';

const PUBLIC_URL = 'https://jansetu.example';
const CALLBACK = `${PUBLIC_URL}/digilocker/callback`;
const PARTNER = { clientId: 'partner-1', clientSecret: 'partner-secret-0123456789abcdef', redirectUris: [CALLBACK] };
const LAKSHMI: LockerHolder = { name: 'Lakshmi Devi Kommineni', gender: 'F', yearOfBirth: 1984 };

let server: Server;
let simulator: DigiLockerSimulator;
let base: string;
let store: DocumentStore;
let service: DigiLockerService;
let refreshes = 0;
let citizen = 0;

beforeAll(async () => {
  // Access tokens live 30 s: within the service's early-refresh minute, so every call refreshes first.
  simulator = createDigiLockerSimulator({ residents: RESIDENTS, clients: [PARTNER], tokenTtlS: 30 });
  const app = express();
  app.use('/sandbox/digilocker', simulator.router);
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/sandbox/digilocker/public`;
  store = await createStore({ engine: 'embedded', dir: tempDir(), sweepIntervalMs: 0 });
  service = new DigiLockerService(store, new Sealer(randomBytes(32)), randomBytes(32).toString('hex'), createLogger('silent'));
  await service.init();
  const client = new DigiLockerClient({ baseUrl: base, clientId: PARTNER.clientId, clientSecret: PARTNER.clientSecret, redirectUri: CALLBACK });
  const counted = Object.assign(Object.create(client) as DigiLockerClient, {
    refresh: async (token: string) => {
      refreshes++;
      // Slow enough that a second call comes while the first refresh is out.
      await new Promise((resolve) => setTimeout(resolve, 50));
      return client.refresh(token);
    },
  });
  service.use(counted, PUBLIC_URL);
});
afterAll(async () => {
  await store.close();
  simulator.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function address(): LinkAddress {
  const waId = `9190000${String(++citizen).padStart(5, '0')}`;
  return { citizenKey: `1/${waId}`, citizen: { wa_id: waId, user_id: null, parent_user_id: null, username: null, profile_name: null }, phoneNumberId: '1', displayPhoneNumber: '1', businessAccountId: '1' };
}

/** The link opened and DigiLocker's consent page answered "Allow" by whoever signs in with `mobile`. */
async function consent(linkUrl: string, mobile: string): Promise<{ code: string; state: string }> {
  const state = linkUrl.split('/').pop()!;
  const authorize = await service.authorizeUrlFor(state);
  expect(authorize).not.toBeNull();
  const page = await (await fetch(authorize!)).text();
  const formToken = /name="form_token" value="([^"]+)"/.exec(page)![1]!;
  const allowed = await fetch(`${base}/oauth2/1/authorize`, { method: 'POST', body: new URLSearchParams({ form_token: formToken, mobile, decision: 'allow' }), redirect: 'manual' });
  const back = new URL(allowed.headers.get('location')!);
  return { code: back.searchParams.get('code')!, state: back.searchParams.get('state')! };
}

it('links the locker of the citizen who proved their Aadhaar', async () => {
  const to = address();
  const link = await service.startLink(to, 60_000, LAKSHMI);
  const outcome = await service.callback(await consent(link.url, '9000000101'));
  expect(outcome).toMatchObject({ ok: true, linked: true });
  expect(await service.linked(to.citizenKey)).toBe(true);
});

it('refuses a forwarded link signed in to by someone else: nothing is kept', async () => {
  const to = address();
  const link = await service.startLink(to, 60_000, LAKSHMI);
  // Ravi Kumar's DigiLocker, not Lakshmi's.
  const outcome = await service.callback(await consent(link.url, '9000000102'));
  expect(outcome).toMatchObject({ ok: false, status: 403, reason: 'not_holder', address: { citizenKey: to.citizenKey } });
  expect(await service.linked(to.citizenKey)).toBe(false);
  expect(await store.collection(TOKENS_COLLECTION).find({ _id: to.citizenKey })).toEqual([]);
});

it('refreshes expiring tokens once when two calls need them at the same time, and stays linked', async () => {
  const to = address();
  const link = await service.startLink(to, 60_000, LAKSHMI);
  expect((await service.callback(await consent(link.url, '9000000101'))).ok).toBe(true);
  refreshes = 0;
  const [a, b] = await Promise.all([service.issued(to.citizenKey), service.issued(to.citizenKey)]);
  expect(a).not.toBeNull();
  expect(b).toEqual(a);
  expect(refreshes).toBe(1);
  // The grant lives on: the next call refreshes again with the new refresh token.
  expect(await service.issued(to.citizenKey)).toEqual(a);
  expect(refreshes).toBe(2);
  expect(await service.linked(to.citizenKey)).toBe(true);
});

it('keeps a citizen who said "forget my DigiLocker" forgotten, also when a refresh was under way', async () => {
  const to = address();
  const link = await service.startLink(to, 60_000, LAKSHMI);
  expect((await service.callback(await consent(link.url, '9000000101'))).ok).toBe(true);
  const [, forgotten] = await Promise.all([service.issued(to.citizenKey).catch(() => null), new Promise((resolve) => setTimeout(resolve, 20)).then(() => service.forget(to.citizenKey))]);
  expect(forgotten).toBe(true);
  expect(await service.linked(to.citizenKey)).toBe(false);
});

it.each([
  ['the same person, spelt another way', { name: 'K. LAKSHMI DEVI', dob: '1984-03-12', gender: 'F' }, true],
  ['no dob or gender given', { name: 'Lakshmi Kommineni' }, true],
  ['another name', { name: 'Ravi Kumar', dob: '1984-03-12', gender: 'F' }, false],
  ['another year of birth', { name: 'Lakshmi Devi', dob: '1985-03-12', gender: 'F' }, false],
  ['another gender', { name: 'Lakshmi Devi', dob: '1984-03-12', gender: 'M' }, false],
  ['no name at all', { dob: '1984-03-12', gender: 'F' }, false],
])('matches a locker profile to the verified citizen: %s', (_what, profile, same) => {
  expect(sameHolder(LAKSHMI, profile)).toBe(same);
});
