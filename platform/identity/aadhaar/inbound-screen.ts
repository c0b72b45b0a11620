/**
 * The first thing that happens to a citizen's message, before it is stored
 * in the inbox, logged or handed to a flow:
 *
 *   - an Aadhaar number or VID in any text of it (the text, a caption, a
 *     file's name, a shared location's name or address) is masked
 *     (XXXX XXXX 1234);
 *   - when the citizen's waiting question is the aadhaar-otp node's ("send
 *     your Aadhaar number"), the number goes to the vault and the message
 *     carries its reference key, which is all the node needs; every run of 8
 *     or more digits of that answer is masked, valid or not, since a
 *     mistyped number is still most of a number;
 *   - when the waiting question is for the OTP, the OTP is sealed on the
 *     message (only the node opens it, with otpOf) and the text says XXXXXX:
 *     an OTP is never kept readable, in the inbox or an officer's view.
 */
import type { CitizenSessions } from '../../sessions/citizen-sessions';
import type { InboundMessage } from '../../whatsapp/types';
import { westernDigits } from '../../citizens/language';
import type { Sealer } from '../sealer';
import { checkAadhaarDigits, checkAadhaarOrVid, digitRuns, maskAadhaar, maskAadhaarIn, replaceRuns, type AadhaarCheck } from './numbers';
import type { AadhaarVault } from './vault';

/** The state a waiting step records when its answer is an Aadhaar number (aadhaar-otp, mode request). */
export const EXPECTS_AADHAAR = 'aadhaar';
/** The state a waiting step records when its answer is the OTP (aadhaar-otp, mode verify). */
export const EXPECTS_OTP = 'otp';
/** What an OTP looks like in the text once it is sealed. */
export const OTP_SHOWN = 'XXXXXX';

/** How many digits (any script) a text has: six are the least worth a look (an OTP; an Aadhaar number has 12). */
const digitCount = (text: string | undefined): number => (text === undefined ? 0 : (text.match(/\p{Nd}/gu)?.length ?? 0));

export interface InboundScreen {
  (message: InboundMessage): Promise<InboundMessage>;
  /** The OTP the screen sealed on a message that answered the OTP question; null when none. */
  otpOf(message: Pick<InboundMessage, 'id' | 'otp'>): string | null;
}

export function aadhaarScreen(vault: AadhaarVault, sealer: Sealer, sessions: Pick<CitizenSessions, 'get'>): InboundScreen {
  const screen = async (message: InboundMessage): Promise<InboundMessage> => {
    const { text, media, location } = message;
    const others = [media?.caption, media?.filename, location?.name, location?.address];
    const textWorthALook = digitCount(text) >= 6;
    if (!textWorthALook && !others.some((t) => digitCount(t) >= 12)) return message;
    const screened: InboundMessage = { ...message };
    if (media) screened.media = { ...media, ...masked({ caption: media.caption, filename: media.filename }) };
    if (location) screened.location = { ...location, ...masked({ name: location.name, address: location.address }) };
    if (text === undefined || !textWorthALook) return screened;
    const expects = (await sessions.get(message.citizenKey))?.waiting?.state?.expects;
    if (expects === EXPECTS_OTP) {
      const otp = westernDigits(text).replace(/\s/g, '');
      if (/^\d{6}$/.test(otp)) {
        screened.text = OTP_SHOWN;
        screened.otp = { sealed: sealer.seal(otp, message.id) };
        return screened;
      }
    }
    if (expects !== EXPECTS_AADHAAR) {
      screened.text = maskAadhaarIn(text);
      return screened;
    }
    // Six digits where the number is asked for: an OTP typed before the OTP question came. Not kept.
    if (/^\d{6}$/.test(westernDigits(text).replace(/\s/g, ''))) {
      screened.text = OTP_SHOWN;
      screened.aadhaar = { problem: 'length' };
      return screened;
    }
    const runs = digitRuns(text, 8);
    const checked = answerIn(text, runs);
    if (checked.ok) {
      const kept = await vault.keep(checked.digits, checked.kind);
      screened.text = kept.masked;
      screened.aadhaar = kept;
    } else {
      screened.text = replaceRuns(text, runs, (run) => maskAadhaar(run.digits));
      screened.aadhaar = { problem: checked.problem };
    }
    return screened;
  };
  return Object.assign(screen, {
    otpOf(message: Pick<InboundMessage, 'id' | 'otp'>): string | null {
      if (!message.otp) return null;
      try {
        return sealer.open(message.otp.sealed, message.id);
      } catch {
        // Sealed for another message (copied, or altered): not this message's OTP.
        return null;
      }
    },
  });
}

/**
 * The Aadhaar number an answer gives: the whole answer, or the one number in it ("my aadhaar is
 * 9999 2222 0013"); two different numbers are not an answer. Otherwise why not, told from the run
 * that looks most like a number.
 */
function answerIn(text: string, runs: ReturnType<typeof digitRuns>): AadhaarCheck {
  const whole = checkAadhaarOrVid(text);
  if (whole.ok) return whole;
  const numbers = runs.flatMap((r) => r.numbers).filter((n, i, all) => all.findIndex((m) => m.digits === n.digits) === i);
  if (numbers.length === 1) return { ok: true, ...numbers[0]! };
  if (numbers.length > 1) return { ok: false, problem: 'several' };
  if (whole.problem !== 'length') return whole;
  const likely = runs.find((r) => r.digits.length === 12 || r.digits.length === 16);
  return likely ? checkAadhaarDigits(likely.digits) : whole;
}

function masked<T extends Record<string, string | undefined>>(fields: T): Partial<T> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) out[name] = maskAadhaarIn(value);
  return out as Partial<T>;
}
