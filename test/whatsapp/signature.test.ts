import { encodeWebhookBody, signBody, verifyHandshake, verifySignature } from '../../platform/whatsapp/signature';
import { messageNotification, textMessage } from './fixtures';

const SECRET = 'app-secret-for-tests';

describe('signBody / verifySignature', () => {
  it('matches the RFC 4231 HMAC-SHA256 vector', () => {
    expect(signBody('Jefe', 'what do ya want for nothing?')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });

  const body = Buffer.from(encodeWebhookBody(messageNotification(textMessage('hello'))));
  const header = signBody(SECRET, body);

  it('verifies the signature of the exact bytes', () => {
    expect(verifySignature(SECRET, body, header)).toBe(true);
    expect(verifySignature(SECRET, body, header.toUpperCase().replace('SHA256=', 'sha256='))).toBe(true);
  });

  it('refuses a tampered body, a wrong secret and a tampered header', () => {
    const tampered = Buffer.from(body.toString().replace('hello', 'hellO'));
    expect(verifySignature(SECRET, tampered, header)).toBe(false);
    expect(verifySignature('another-secret', body, header)).toBe(false);
    const flipped = header.slice(0, -1) + (header.endsWith('0') ? '1' : '0');
    expect(verifySignature(SECRET, body, flipped)).toBe(false);
  });

  it('refuses missing and malformed headers without throwing', () => {
    expect(verifySignature(SECRET, body, undefined)).toBe(false);
    expect(verifySignature(SECRET, body, '')).toBe(false);
    expect(verifySignature(SECRET, body, header.slice('sha256='.length))).toBe(false);
    expect(verifySignature(SECRET, body, header.replace('sha256=', 'sha1='))).toBe(false);
    expect(verifySignature(SECRET, body, header.slice(0, -2))).toBe(false);
    expect(verifySignature(SECRET, body, `${header}00`)).toBe(false);
    expect(verifySignature(SECRET, body, `sha256=${'zz'.repeat(32)}`)).toBe(false);
  });
});

describe('encodeWebhookBody', () => {
  const payload = messageNotification(textMessage('నమస్కారం 👍'), 'రవి');

  it('escapes every non-ASCII character as lowercase \\uXXXX, like Meta', () => {
    const encoded = encodeWebhookBody(payload);
    expect(encoded).toMatch(/^[\x00-\x7f]*$/);
    expect(encoded).toContain('\\u0c28\\u0c2e');
    expect(encoded).toContain('\\ud83d\\udc4d');
    expect(JSON.parse(encoded)).toEqual(payload);
  });

  it('a Telugu body signed over the escaped encoding verifies; the same JSON re-serialized does not', () => {
    const raw = encodeWebhookBody(payload);
    const header = signBody(SECRET, raw);
    expect(verifySignature(SECRET, Buffer.from(raw), header)).toBe(true);
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(raw)));
    expect(reserialized.equals(Buffer.from(raw))).toBe(false);
    expect(verifySignature(SECRET, reserialized, header)).toBe(false);
  });
});

describe('verifyHandshake', () => {
  const TOKEN = 'verify-me';
  const query = (overrides: Record<string, unknown> = {}) => ({
    'hub.mode': 'subscribe',
    'hub.verify_token': TOKEN,
    'hub.challenge': '1158201444',
    ...overrides,
  });

  it('answers the challenge when mode and token match', () => {
    expect(verifyHandshake(query(), TOKEN)).toEqual({ ok: true, challenge: '1158201444' });
  });

  it('accepts parsers that nest dotted keys', () => {
    expect(verifyHandshake({ hub: { mode: 'subscribe', verify_token: TOKEN, challenge: 'abc' } }, TOKEN)).toEqual({ ok: true, challenge: 'abc' });
  });

  it('refuses a wrong token with 403', () => {
    expect(verifyHandshake(query({ 'hub.verify_token': 'guess' }), TOKEN)).toEqual({
      ok: false,
      status: 403,
      reason: expect.stringContaining('verify_token'),
    });
  });

  it('refuses a wrong or missing mode', () => {
    expect(verifyHandshake(query({ 'hub.mode': 'unsubscribe' }), TOKEN)).toMatchObject({ ok: false, status: 403, reason: expect.stringContaining('hub.mode') });
    expect(verifyHandshake(query({ 'hub.mode': undefined }), TOKEN)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses a missing or empty challenge', () => {
    expect(verifyHandshake(query({ 'hub.challenge': undefined }), TOKEN)).toMatchObject({ ok: false, status: 403, reason: expect.stringContaining('hub.challenge') });
    expect(verifyHandshake(query({ 'hub.challenge': '' }), TOKEN)).toMatchObject({ ok: false, status: 403 });
  });

  it('refuses everything when no verify token is configured, and repeated parameters', () => {
    expect(verifyHandshake(query({ 'hub.verify_token': '' }), '')).toMatchObject({ ok: false, status: 403 });
    expect(verifyHandshake(query({ 'hub.verify_token': [TOKEN, TOKEN] }), TOKEN)).toMatchObject({ ok: false, status: 403 });
  });
});
