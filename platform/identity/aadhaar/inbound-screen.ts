/**
 * The first thing that happens to a citizen's message, before it is stored
 * in the inbox, logged or handed to a flow: an Aadhaar number or VID typed in
 * it is masked (XXXX XXXX 1234). When the citizen's waiting question is the
 * aadhaar-otp node's ("send your Aadhaar number"), the number goes to the
 * vault instead and the message carries its reference key, which is all the
 * node needs; every 12- or 16-digit run of that answer is masked, valid or
 * not, since a mistyped number is still most of a number.
 */
import { westernDigits } from '../../citizens/language';
import type { CitizenSessions } from '../../sessions/citizen-sessions';
import type { InboundMessage } from '../../whatsapp/types';
import { checkAadhaarOrVid, findAadhaarNumbers, maskAadhaar, maskAadhaarIn } from './numbers';
import type { AadhaarVault } from './vault';

/** The state a waiting step records when its answer is an Aadhaar number (aadhaar-otp, mode request). */
export const EXPECTS_AADHAAR = 'aadhaar';

/** Anything that could hold a number: twelve digits (ASCII or Telugu), however they are spaced. */
const MAYBE_NUMBER = /(?:[0-9\u0C66-\u0C6F][^0-9\u0C66-\u0C6F]{0,3}){11}[0-9\u0C66-\u0C6F]/u;
/** Digit runs of an answer that was meant to be an Aadhaar number (8+ digits, any spaces, dots, slashes or hyphens). */
const LONG_DIGIT_RUN = /[0-9\u0C66-\u0C6F](?:[\s./\-]*[0-9\u0C66-\u0C6F]){7,}/gu;

export type InboundScreen = (message: InboundMessage) => Promise<InboundMessage>;

export function aadhaarScreen(vault: AadhaarVault, sessions: Pick<CitizenSessions, 'get'>): InboundScreen {
  return async (message) => {
    const text = message.text;
    const caption = message.media?.caption;
    if (!(text !== undefined && MAYBE_NUMBER.test(text)) && !(caption !== undefined && MAYBE_NUMBER.test(caption))) return message;
    const screened: InboundMessage = { ...message };
    if (caption !== undefined && message.media) screened.media = { ...message.media, caption: maskAadhaarIn(caption) };
    if (text === undefined) return screened;
    const session = await sessions.get(message.citizenKey);
    if (session?.waiting?.state?.expects !== EXPECTS_AADHAAR) {
      screened.text = maskAadhaarIn(text);
      return screened;
    }
    const whole = checkAadhaarOrVid(text);
    // "my aadhaar is 9999 2222 0013": one valid number in the answer is the answer.
    const inside = whole.ok ? [] : findAadhaarNumbers(text);
    const checked = whole.ok ? whole : inside.length === 1 ? { ok: true as const, kind: inside[0]!.kind, digits: inside[0]!.digits } : whole;
    if (checked.ok) {
      const kept = await vault.keep(checked.digits, checked.kind);
      screened.text = kept.masked;
      screened.aadhaar = kept;
    } else {
      screened.text = text.replace(LONG_DIGIT_RUN, (run) => maskAadhaar(westernDigits(run).replace(/\D/g, '')));
      screened.aadhaar = { problem: checked.problem };
    }
    return screened;
  };
}
