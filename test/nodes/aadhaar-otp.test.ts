/**
 * aadhaar-otp under the real Node-RED runtime, behind a citizen-session load
 * node as in a shipped flow, with UIDAI faked at the platform's seam: the
 * request step asks for the number, asks again at once for one that fails
 * the checks (UIDAI never called), sends the OTP for one the inbound screen
 * put in the vault; the verify step takes a wrong OTP with the tries left,
 * then the right one, and sets the citizen's verified identity; a UIDAI out
 * of reach is a polite failure and an error for Catch nodes.
 */
import helper from 'node-red-node-test-helper';
import aadhaarOtpNode from '../../nodes/aadhaar-otp/aadhaar-otp';
import sessionNode from '../../nodes/citizen-session/citizen-session';
import { UidaiUnavailableError } from '../../platform/identity/aadhaar/uidai-client';
import type { UidaiApi } from '../../platform/identity/aadhaar/otp-service';
import { portRecorder } from '../support/node-ports';
import { usePlatformForNodes } from '../support/node-tests';

helper.init(require.resolve('node-red'));

type Msg = Record<string, any>;
const PORTS = ['send', 'sent', 'failed', 'vsend', 'verified', 'vfailed', 'passed', 'caught'] as const;
const KYC = { name: 'Ravi Kumar Gollapalli', gender: 'M', yearOfBirth: 1979, district: 'Visakhapatnam' };

describe('aadhaar-otp node', () => {
  const platform = usePlatformForNodes();
  const calls: string[] = [];
  let down = false;
  const fake: UidaiApi = {
    async requestOtp(uid, _kind, txn) {
      calls.push(`otp ${uid}`);
      if (down) throw new UidaiUnavailableError('timeout', null, 2);
      return { ok: true, txn };
    },
    async authenticateWithKyc(uid, _kind, txn, otp) {
      calls.push(`auth ${otp}`);
      return otp === '246810' ? { ok: true, txn, uidToken: 'T'.repeat(72), kyc: KYC } : { ok: false, err: '400' };
    },
  };
  let n = 0;
  let citizen: { key: string; wa_id: string };
  let seq = 0;
  const { listen, next } = portRecorder(PORTS);

  async function load(config: Record<string, unknown> = {}): Promise<void> {
    platform().services.identity.useUidai(fake);
    calls.length = 0;
    down = false;
    n++;
    citizen = { key: `100/91980000030${n}`, wa_id: `91980000030${n}` };
    await new Promise<void>((r) =>
      helper.load(
        [sessionNode, aadhaarOtpNode],
        [
          { id: 'session', type: 'citizen-session', action: 'load', idleTimeout: 30, keyProperty: 'citizen.key', version: 3, wires: [['passed']] },
          { id: 'step1', type: 'aadhaar-otp', version: 1, mode: 'request', ...config, wires: [['send'], ['step2', 'sent'], ['failed']] },
          { id: 'step2', type: 'aadhaar-otp', version: 1, mode: 'verify', ...config, wires: [['vsend'], ['verified'], ['vfailed']] },
          ...PORTS.filter((p) => p !== 'caught').map((id) => ({ id, type: 'helper' })),
          { id: 'k1', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
          { id: 'caught', type: 'helper' },
        ],
        () => r(),
      ),
    );
    listen();
  }
  function start(): void {
    helper.getNode('step1').receive({ citizen, whatsapp: { phoneNumberId: '100' }, session: { key: citizen.key, language: 'en', answers: {} }, message: { id: `wamid.s${++seq}`, type: 'text', text: 'caste certificate' } });
  }
  function reply(message: Record<string, unknown>): void {
    helper.getNode('session').receive({ citizen, whatsapp: { phoneNumberId: '100' }, message: { id: `wamid.r${++seq}`, type: 'text', ...message } });
  }
  /** The OTP typed, through the inbox's identity screen as whatsapp-in would hand it on (sealed, the text XXXXXX). */
  async function replyOtp(typed: string): Promise<void> {
    const id = `wamid.o${++seq}`;
    const screened = await platform().services.identity.screen({ kind: 'message', id, phoneNumberId: '100', displayPhoneNumber: '100', businessAccountId: '1', citizen: { wa_id: citizen.wa_id } as never, citizenKey: citizen.key, timestamp: new Date(), type: 'text', text: typed });
    expect(screened.text).toBe('XXXXXX');
    reply({ id, text: screened.text, otp: screened.otp });
  }
  const texts = () => platform().services.texts;

  it('asks again for a number that fails the checks, sends the OTP, and verifies the citizen', async () => {
    await load();
    start();
    expect(await next()).toMatchObject({ port: 'send', msg: { payload: texts().format('identity.aadhaar.ask', 'en') } });
    reply({ text: 'XXXX XXXX 0014', aadhaar: { problem: 'checksum' } });
    const again = await next();
    expect(again.port).toBe('send');
    expect(again.msg.payload).toContain(texts().format('identity.aadhaar.hint.checksum', 'en'));
    expect(calls).toEqual([]);

    const kept = await platform().services.identity.vault.keep('999922220021', 'A');
    reply({ text: kept.masked, aadhaar: kept });
    const sent = await next();
    expect(sent.port).toBe('sent');
    const asked = await next();
    expect(asked).toMatchObject({ port: 'vsend', msg: { payload: texts().format('identity.otp.ask', 'en', { masked: 'XXXX XXXX 0021', minutes: 10 }) } });

    await replyOtp('111111');
    const wrong = await next();
    expect(wrong.port).toBe('vsend');
    expect(wrong.msg.payload).toContain('You have 2 more tries.');
    await replyOtp('2 4 6 8 1 0');
    const verified = await next();
    expect(verified.port).toBe('verified');
    expect(verified.msg.citizen).toMatchObject({ verified: true, aadhaarRef: kept.ref, aadhaarMasked: 'XXXX XXXX 0021', kyc: KYC });
    expect(JSON.stringify(verified.msg)).not.toContain('999922220021');
    const session = await platform().services.sessions.get(citizen.key);
    expect(session?.answers.aadhaar).toMatchObject({ ref: kept.ref, masked: 'XXXX XXXX 0021', kyc: KYC });
    expect(calls).toEqual(['otp 999922220021', 'auth 111111', 'auth 246810']);

    // Verified in this session: a later request step goes straight on.
    helper.getNode('step1').receive({ citizen, whatsapp: { phoneNumberId: '100' }, session, message: { id: `wamid.s${++seq}`, type: 'text', text: 'income certificate' } });
    expect((await next()).port).toBe('sent');
    // So does the OTP step, with no OTP pending (the service chosen again after a later step failed).
    helper.getNode('step2').receive({ citizen, whatsapp: { phoneNumberId: '100' }, session, message: { id: `wamid.s${++seq}`, type: 'text', text: 'caste certificate' } });
    expect(await next()).toMatchObject({ port: 'verified', msg: { citizen: { verified: true, aadhaarRef: kept.ref } } });
    expect(calls).toHaveLength(3);
  });

  it('tells the citizen to try later when UIDAI is out of reach, and reports it to Catch nodes', async () => {
    await load();
    start();
    await next();
    down = true;
    const kept = await platform().services.identity.vault.keep('999922220032', 'A');
    reply({ text: kept.masked, aadhaar: kept });
    const got = [await next(), await next()];
    const failed = got.find((g) => g.port === 'failed')!;
    expect(failed.msg.aadhaar).toEqual({ reason: 'unavailable' });
    expect(failed.msg.payload).toBe(texts().format('identity.reason.unavailable', 'en', { minutes: 30 }));
    expect(got.some((g) => g.port === 'caught')).toBe(true);
  });

  it('runs only for a service that needs a verified Aadhaar when set to one (the application subflow)', async () => {
    await load({ version: 2, service: 'birth_certificate' });
    start();
    expect((await next()).port).toBe('sent');
    expect((await next()).port).toBe('verified');
    expect(calls).toEqual([]);
  });

  it('asks as ever for a service that needs one', async () => {
    await load({ version: 2, service: 'caste_certificate' });
    start();
    expect(await next()).toMatchObject({ port: 'send', msg: { payload: texts().format('identity.aadhaar.ask', 'en') } });
  });
});
