/**
 * aadhaar-otp: proves a citizen holds an Aadhaar number, with an OTP from
 * UIDAI to the mobile registered with it, in two nodes of one flow:
 *
 *   - mode `request` asks for the number. The citizen's answer never reaches
 *     this node in the clear: the inbox's identity screen puts the number in
 *     the vault and hands on its reference (msg.message.aadhaar). A number
 *     that fails the checks is asked again at once, without calling UIDAI.
 *     Then the OTP is sent and the transaction kept in the session
 *     (answers.aadhaar_otp); output 2 goes on to the verify node.
 *   - mode `verify` asks for the OTP and checks it. On success output 2
 *     carries msg.citizen.verified, aadhaarRef (the vault reference),
 *     aadhaarMasked, uidToken (UIDAI's token for the resident), and the e-KYC fields (msg.citizen.kyc: name, gender,
 *     yearOfBirth, district), which stay in the session's answers.aadhaar.
 *
 * Output 1 is what the citizen is told while the step waits (the question,
 * a hint); output 3 is the failure, with msg.aadhaar.reason and msg.payload a
 * text in the citizen's language. UIDAI out of reach (after one retry) also
 * reports an error to Catch nodes, for alerting.
 */
import type { AadhaarReason } from '../../platform/identity/aadhaar/otp-service';
import { VERIFIED_ANSWER, type VerifiedAadhaar } from '../../platform/identity/aadhaar/verified';
import { EXPECTS_AADHAAR, EXPECTS_OTP } from '../../platform/identity/aadhaar/inbound-screen';
import type { AnsweredStep, PendingStep } from '../../platform/sessions/citizen-sessions';
import { servicesFromSettings } from '../../platform/registry';
import { citizenKeyOf, languageOfMsg, messageIdOf, registerAskingNode } from '../conversation-step';
import type { Node, NodeAPI, NodeDef, NodeMessage } from '../red';
import { migrate } from './config';

/** Where the request keeps its transaction, and the verify its result, in the session's answers. */
const OTP_ANSWER = 'aadhaar_otp';

type Send = (msgs: Array<NodeMessage | null>) => void;
type Failure = AadhaarReason | 'invalid_number' | 'timeout';

type Verified = VerifiedAadhaar;

function register(RED: NodeAPI): void {
  function AadhaarOtpNode(this: Node, nodeDef: NodeDef) {
    RED.nodes.createNode(this, nodeDef);
    const node = this;
    const config = migrate(nodeDef);
    const { texts, identity, catalog } = servicesFromSettings(RED.settings);
    // Set to a service that needs no verified Aadhaar: nothing to ask (the application subflow serves both kinds).
    const needed = config.service === '' || catalog.service(config.service)?.service.needs.aadhaar !== false;
    if (config.service !== '' && !catalog.service(config.service)) node.error(RED._('aadhaar-otp.errors.unknown-service', { service: config.service }));
    const timing = { timeoutMs: config.timeout * 60_000, reminderMs: null };
    const question = config.mode === 'request' ? 'identity.aadhaar.ask' : 'identity.otp.ask';

    const conversations = registerAskingNode(RED, node, {
      reminder: () => undefined,
      timeout: (msg) => fail(msg, 'timeout', (msgs) => node.send(msgs)),
    });

    node.on('input', (msg, send, done) => {
      const key = citizenKeyOf(msg);
      if (!key) return done(new Error(RED._('aadhaar-otp.errors.no-citizen')));
      const resumed = conversations.takeResumed(msg);
      const run = resumed === null ? start(msg, key, send) : resumed.kind === 'answer' ? answered(msg, key, resumed.step, send) : answeredBefore(msg, resumed.answered, send);
      run.then(() => done(), (err: Error) => done(err));
    });

    /** A new step: the question, waiting for its answer; or on at once when this session verified already, or the service needs none. */
    async function start(msg: NodeMessage, key: string, send: Send): Promise<void> {
      if (!needed) return void send([null, msg, null]);
      const answers = ((msg.session as { answers?: Record<string, unknown> } | undefined)?.answers ?? {}) as Record<string, unknown>;
      const verified = answers[VERIFIED_ANSWER] as Verified | undefined;
      const pending = answers[OTP_ANSWER] as { txn?: string; masked?: string } | undefined;
      // Verified earlier in this session (the service chosen again after a later step failed): on at once.
      if (verified?.ref && (config.mode === 'request' || !pending?.txn)) return passVerified(msg, verified, send);
      let values: Record<string, unknown> = {};
      let state: Record<string, unknown> = { expects: EXPECTS_AADHAAR };
      if (config.mode === 'verify') {
        if (!pending?.txn) throw new Error(RED._('aadhaar-otp.errors.no-request'));
        values = { masked: pending.masked ?? '', minutes: Math.round(identity.aadhaar.rules.otpTtlMs / 60_000) };
        state = { expects: EXPECTS_OTP, txn: pending.txn };
      }
      const step = conversations.prepare({ node: node.id, citizen: msg.citizen as Record<string, unknown>, channel: (msg.whatsapp ?? {}) as Record<string, unknown>, seed: messageIdOf(msg), state: { ...state, values }, ...timing });
      msg.payload = texts.format(question, languageOfMsg(msg), values);
      await conversations.record(key, step);
      node.status({ fill: 'blue', shape: 'ring', text: RED._('aadhaar-otp.status.waiting') });
      send([msg, null, null]);
    }

    /** The citizen's answer to the waiting step. */
    async function answered(msg: NodeMessage, key: string, step: PendingStep, send: Send): Promise<void> {
      const messageId = messageIdOf(msg);
      const language = languageOfMsg(msg);
      const values = (step.state.values ?? {}) as Record<string, unknown>;
      if (conversations.isReplayOf(messageId, step)) {
        msg.payload = texts.format(question, language, values);
        send([msg, null, null]);
        return;
      }
      const again = async (hint: string, hintValues: Record<string, unknown>, countsAsTry: boolean): Promise<void> => {
        const attempts = step.attempts + (countsAsTry ? 1 : 0);
        if (countsAsTry && attempts >= config.tries) {
          await conversations.giveUp(key, step, messageId);
          return fail(msg, config.mode === 'request' ? 'invalid_number' : 'otp_attempts', send);
        }
        const next = await conversations.askAgain(key, step, { attempts, ...(messageId ? { lastMessage: messageId } : {}) }, timing);
        msg.payload = next ? `${texts.format(hint, language, hintValues)}\n\n${texts.format(question, language, values)}` : texts.format('conversation.closed', language);
        send([msg, null, null]);
      };
      const message = (msg.message ?? {}) as { id?: string; otp?: { sealed: string }; aadhaar?: { ref?: string; masked?: string; problem?: string } };

      if (config.mode === 'request') {
        const aadhaar = message.aadhaar;
        if (!aadhaar?.ref) return again(`identity.aadhaar.hint.${aadhaar?.problem ?? 'length'}`, {}, true);
        const outcome = await identity.aadhaar.request(aadhaar.ref, key, messageId ?? null);
        if (!outcome.ok) {
          await conversations.giveUp(key, step, messageId);
          return fail(msg, outcome.reason, send, outcome.retryAfterS);
        }
        const session = await conversations.answer(key, step, { [OTP_ANSWER]: { txn: outcome.txn, masked: outcome.masked, expiresAt: outcome.expiresAt.toISOString() } }, messageId);
        if (!session) return fail(msg, 'timeout', send);
        msg.session = { ...((msg.session as object) ?? {}), ...session, isNew: false };
        node.status({ fill: 'green', shape: 'dot', text: RED._('aadhaar-otp.status.sent', { masked: outcome.masked }) });
        send([null, msg, null]);
        return;
      }

      // The inbox's screen sealed it on the message: six digits, nothing else is an OTP.
      const otp = message.otp && message.id ? identity.screen.otpOf({ id: message.id, otp: message.otp }) : null;
      if (!otp) return again('identity.otp.hint', {}, true);
      const outcome = await identity.aadhaar.verify(String(step.state.txn), key, otp, messageId ?? null);
      if (!outcome.ok && outcome.reason === 'otp_wrong' && (outcome.attemptsLeft ?? 0) > 0) return again('identity.otp.wrong', { left: outcome.attemptsLeft }, false);
      if (!outcome.ok) {
        await conversations.giveUp(key, step, messageId);
        return fail(msg, outcome.reason, send, outcome.retryAfterS);
      }
      const verified: Verified = { ref: outcome.ref, masked: outcome.masked, verifiedAt: new Date().toISOString(), uidToken: outcome.uidToken, kyc: outcome.kyc };
      const session = await conversations.answer(key, step, { [VERIFIED_ANSWER]: verified, [OTP_ANSWER]: null }, messageId);
      if (!session) return fail(msg, 'timeout', send);
      msg.session = { ...((msg.session as object) ?? {}), ...session, isNew: false };
      passVerified(msg, verified, send);
    }

    /** The message that answered this step, run again after a deploy interrupted its turn. */
    async function answeredBefore(msg: NodeMessage, answered: AnsweredStep, send: Send): Promise<void> {
      if (answered.outcome === 'tries') return fail(msg, config.mode === 'request' ? 'invalid_number' : 'otp_attempts', send);
      if (config.mode === 'request') return void send([null, msg, null]);
      const verified = answered.values[VERIFIED_ANSWER] as Verified | undefined;
      if (verified?.ref) passVerified(msg, verified, send);
    }

    function passVerified(msg: NodeMessage, verified: Verified, send: Send): void {
      msg.citizen = { ...((msg.citizen as object) ?? {}), verified: true, aadhaarRef: verified.ref, aadhaarMasked: verified.masked, ...(verified.uidToken ? { uidToken: verified.uidToken } : {}), kyc: verified.kyc };
      node.status({ fill: 'green', shape: 'dot', text: RED._('aadhaar-otp.status.verified', { masked: verified.masked }) });
      send([null, msg, null]);
    }

    function fail(msg: NodeMessage, reason: Failure, send: Send, retryAfterS?: number): void {
      const minutes = Math.max(1, Math.ceil((retryAfterS ?? identity.aadhaar.rules.lockMs / 1000) / 60));
      msg.aadhaar = { reason };
      msg.payload = texts.format(`identity.reason.${reason}`, languageOfMsg(msg), { minutes });
      node.status({ fill: reason === 'unavailable' ? 'red' : 'yellow', shape: 'ring', text: RED._('aadhaar-otp.status.failed', { reason }) });
      send([null, null, msg]);
      // Out of reach after a retry: operators hear of it through Catch nodes (the citizen already has a text).
      if (reason === 'unavailable') node.error(RED._('aadhaar-otp.errors.unavailable'), { ...msg, payload: undefined });
    }
  }

  RED.nodes.registerType('aadhaar-otp', AadhaarOtpNode);
}

export = register;
