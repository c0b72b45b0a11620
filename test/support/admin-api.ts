/** The admin API as a test signs in to it: an editor token, and the broadcast API with it. */
import { TEST_ADMIN } from './host';

/** An editor token for the test admin (what the editor's login gets). */
export async function adminToken(url: string): Promise<string> {
  const res = await fetch(`${url}/admin/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: TEST_ADMIN.username, password: TEST_ADMIN.password }) });
  if (res.status !== 200) throw new Error(`admin login answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** `/admin/broadcast` of a host (read each call: hosts are started later, or replaced), signed in: GET without a body, POST with one. */
export function broadcastApi(url: () => string, token: () => string) {
  return async (path: string, body?: unknown): Promise<{ status: number; json: Record<string, any> }> => {
    const res = await fetch(`${url()}/admin/broadcast${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${token()}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
}

/** `/admin/bookings` of a host, signed in: GET without a body, POST with one. */
export function bookingsApi(url: () => string, token: () => string) {
  return async (path: string, body?: unknown): Promise<{ status: number; json: Record<string, any> }> => {
    const res = await fetch(`${url()}/admin/bookings${path}`, { method: body === undefined ? 'GET' : 'POST', headers: { authorization: `Bearer ${token()}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
}

/** A date `days` from today in India, as a booking's answers give it (YYYY-MM-DD). */
export function dayInIndia(days: number): string {
  return new Date(Date.now() + 330 * 60_000 + days * 86_400_000).toISOString().slice(0, 10);
}
