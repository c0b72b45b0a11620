/**
 * Aadhaar OTP and DigiLocker end to end on a sandbox host, through the
 * WhatsApp simulator, the UIDAI simulator (the OTP arrives as an SMS on the
 * resident's phone) and the DigiLocker simulator (its consent page driven as
 * a browser would, over HTTP): the citizen asks for a caste certificate,
 * proves their Aadhaar with an OTP, links DigiLocker and receives the
 * certificate they already have as a PDF. Then nothing holds the number in
 * the clear: not a file of the store, not a Redis key or value, not a line
 * of the log (at trace level).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import Redis from 'ioredis';
import type { RunningHost } from '../../platform/host';
import { createLogger } from '../../platform/log';
import { eventually, sandboxCitizenKey } from '../support/citizens';
import { startTestHost } from '../support/host';
import { serviceUrl } from '../support/services';
import { sandboxChat, textOf, type OutMessage } from '../support/sandbox-chat';

const LAKSHMI = { waId: '919000000101', aadhaar: '999922220013', name: 'Lakshmi Devi Kommineni' };
/** Every form the number may take: as typed, grouped, and each resident's. */
const CLEAR_FORMS = ['999922220013', '9999 2222 0013', '999922220021', '999922220032', '999922220045', '9999-2222-0045'];

let host: RunningHost;
const logLines: string[] = [];
beforeAll(async () => {
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  host = await startTestHost({ LOG_LEVEL: 'trace' }, createLogger('trace', sink));
}, 60_000);
afterAll(() => host?.stop());
const { say, replies, reply } = sandboxChat(() => host, 'Lakshmi');

async function sms(waId: string): Promise<Array<{ from: string; text: string }>> {
  return ((await (await fetch(`${host.url}/sandbox/api/conversations/${waId}/sms`)).json()) as { sms: Array<{ from: string; text: string }> }).sms;
}

/** The consent link followed in a browser: DigiLocker's sign-in with the resident's mobile, then Allow. */
async function allowOnDigiLocker(link: string, mobile: string): Promise<string> {
  const toAuthorize = await fetch(link, { redirect: 'manual' });
  expect(toAuthorize.status).toBe(302);
  const authorize = toAuthorize.headers.get('location')!;
  expect(authorize).toContain('code_challenge_method=S256');
  const page = await (await fetch(authorize)).text();
  const form = /<form[^>]*action="([^"]+)"[^>]*data-testid="digilocker-consent"|<form[^>]*data-testid="digilocker-consent"[^>]*action="([^"]+)"/.exec(page);
  expect(form).not.toBeNull();
  const action = new URL((form![1] ?? form![2])!.replace(/&amp;/g, '&'), authorize);
  const fields = new URLSearchParams();
  for (const input of page.matchAll(/<input[^>]*>/g)) {
    const name = /name="([^"]+)"/.exec(input[0])?.[1];
    const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
    if (name) fields.set(name, value.replace(/&amp;/g, '&'));
  }
  fields.set(/name="([^"]+)"[^>]*data-testid="digilocker-mobile"|data-testid="digilocker-mobile"[^>]*name="([^"]+)"/.exec(page)!.slice(1).find(Boolean)!, mobile);
  const allowButton = /<button[^>]*data-testid="digilocker-allow"[^>]*>/.exec(page)![0];
  const allowName = /name="([^"]+)"/.exec(allowButton)?.[1];
  if (allowName) fields.set(allowName, /value="([^"]*)"/.exec(allowButton)?.[1] ?? '');
  const allowed = await fetch(action, { method: 'POST', body: fields, redirect: 'manual' });
  expect(allowed.status).toBe(302);
  const callback = allowed.headers.get('location')!;
  expect(callback).toContain('/digilocker/callback?code=');
  return callback;
}

it('verifies a citizen with an Aadhaar OTP and sends the caste certificate from their DigiLocker', async () => {
  const { waId } = LAKSHMI;
  await say(waId, { type: 'text', text: 'hi' });
  const welcome = await reply(waId, 1);
  await say(waId, { type: 'interactive', reply: { kind: 'button_reply', id: welcome.body.interactive!.action.buttons!.find((b) => b.reply.title === 'English')!.reply.id, title: 'English' } });
  await reply(waId, 2);
  await say(waId, { type: 'text', text: 'caste certificate' });
  expect(textOf(await reply(waId, 3))).toContain('12-digit Aadhaar number');

  // A mistyped digit is refused at once, without UIDAI.
  await say(waId, { type: 'text', text: '9999 2222 0014' });
  expect(textOf(await reply(waId, 4))).toContain('not a valid Aadhaar number');
  expect(await sms(waId)).toEqual([]);

  await say(waId, { type: 'text', text: '9999 2222 0013' });
  expect(textOf(await reply(waId, 5))).toContain('XXXX XXXX 0013');
  const [otpSms] = await eventually(() => sms(waId), (s) => s.length > 0, 10_000);
  expect(otpSms!.from).toBe('AX-UIDAI');
  const otp = /\b(\d{6})\b/.exec(otpSms!.text)![1]!;

  const wrong = otp === '000000' ? '111111' : '000000';
  await say(waId, { type: 'text', text: wrong });
  expect(textOf(await reply(waId, 6))).toContain('2 more tries');
  await say(waId, { type: 'text', text: otp });
  expect(textOf(await reply(waId, 7))).toBe(`Thank you, ${LAKSHMI.name}. Your Aadhaar XXXX XXXX 0013 is verified.`);
  const consent = textOf(await reply(waId, 8));
  const link = /(http:\/\/\S+\/digilocker\/link\/\S+)/.exec(consent)?.[1];
  expect(link).toBeDefined();

  const callback = await allowOnDigiLocker(link!, '9000000101');
  const back = await fetch(callback);
  expect(back.status).toBe(200);
  expect(await back.text()).toContain('DigiLocker is linked');
  // The same callback again (a replay) changes nothing.
  expect((await fetch(callback)).status).toBe(400);

  const document = (await reply(waId, 9)) as OutMessage & { body: { type?: string; document?: { link: string; filename: string; caption: string } } };
  expect(document.body.document).toMatchObject({ filename: 'Caste-Certificate.pdf', caption: 'Caste Certificate' });
  const pdf = await fetch(document.body.document!.link);
  expect(pdf.headers.get('content-type')).toBe('application/pdf');
  expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
  expect(textOf(await reply(waId, 10))).toContain('already in your DigiLocker');
  // A forged link signature gets nothing.
  expect((await fetch(document.body.document!.link.replace(/signature=[^&]+/, 'signature=forged'))).status).toBe(404);

  const token = await adminToken();
  const log = await eventually(() => fetch(`${host.url}/admin/identity/aadhaar/log?citizen=${encodeURIComponent(sandboxCitizenKey(waId))}`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.json() as Promise<{ entries: Array<{ action: string; outcome: string; masked: string }> }>), (l) => l.entries.length >= 3, 5_000);
  expect(log.entries.map((e) => `${e.action} ${e.outcome}`)).toEqual(['otp_verify ok', 'otp_verify otp_wrong', 'otp_request ok']);
  expect(new Set(log.entries.map((e) => e.masked))).toEqual(new Set(['XXXX XXXX 0013']));
}, 60_000);

it('takes a citizen whose DigiLocker has no caste certificate on to the application, verified once', async () => {
  const waId = '919000000104';
  await say(waId, { type: 'text', text: 'hi' });
  const welcome = await reply(waId, 1);
  await say(waId, { type: 'interactive', reply: { kind: 'button_reply', id: welcome.body.interactive!.action.buttons!.find((b) => b.reply.title === 'English')!.reply.id, title: 'English' } });
  await reply(waId, 2);
  await say(waId, { type: 'text', text: 'caste certificate' });
  await reply(waId, 3);
  await say(waId, { type: 'text', text: '9999-2222-0045' });
  expect(textOf(await reply(waId, 4))).toContain('XXXX XXXX 0045');
  const [otpSms] = await eventually(() => sms(waId), (s) => s.length > 0, 10_000);
  await say(waId, { type: 'text', text: /\b(\d{6})\b/.exec(otpSms!.text)![1]! });
  expect(textOf(await reply(waId, 5))).toContain('Venkata Ramana Reddy Pothula');
  const link = /(http:\/\/\S+\/digilocker\/link\/\S+)/.exec(textOf(await reply(waId, 6)))![1]!;
  expect((await fetch(await allowOnDigiLocker(link, '9000000104'))).status).toBe(200);
  expect(textOf(await reply(waId, 7))).toContain('There is no caste certificate in your DigiLocker yet');
  // The application subflow needs a verified Aadhaar: this session has one, so no second OTP; the form's first question.
  expect(textOf(await reply(waId, 8))).toContain('Caste certificate, step 1 of 4.');
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect((await replies(waId)).length).toBe(8);
  expect(await sms(waId)).toHaveLength(1);
}, 60_000);

it('keeps no Aadhaar number in the clear: not in the store, Redis or the log', async () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(host.services.config.dataDir);
  expect(files.length).toBeGreaterThan(0);
  for (const file of files) {
    const text = fs.readFileSync(file).toString('latin1');
    for (const clear of CLEAR_FORMS) expect({ file, found: text.includes(clear) }).toEqual({ file, found: false });
  }
  // The vault holds it, sealed: the store has the record, not the number.
  expect(files.some((f) => fs.readFileSync(f, 'utf8').includes('identity_aadhaar_vault'))).toBe(true);

  const redisUrl = serviceUrl('REDIS');
  if (redisUrl) {
    const redis = new Redis(redisUrl);
    try {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'COUNT', 1000);
        cursor = next;
        for (const key of keys) {
          for (const clear of CLEAR_FORMS) expect(key.includes(clear)).toBe(false);
          if ((await redis.type(key)) === 'string') {
            const value = (await redis.get(key)) ?? '';
            for (const clear of CLEAR_FORMS) expect(value.includes(clear)).toBe(false);
          }
        }
      } while (cursor !== '0');
    } finally {
      redis.disconnect();
    }
  }
  expect(logLines.length).toBeGreaterThan(10);
  const logged = logLines.join('');
  for (const clear of CLEAR_FORMS) expect(logged.includes(clear)).toBe(false);
});

async function adminToken(): Promise<string> {
  const res = await fetch(`${host.url}/admin/auth/token`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: 'ops', password: 'correct-horse-battery' }) });
  return ((await res.json()) as { access_token: string }).access_token;
}
