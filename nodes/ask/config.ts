/** ask's configuration and its migrations: a flow exported with any version imports. */
import { ANSWER_KINDS, ANSWER_NAME, type AnswerKind } from '../../platform/conversation/answers';
import { OPTION_ID } from '../../platform/conversation/question';
import type { NodeDef } from '../red';

export const ASK_VERSION = 1;
export { ANSWER_NAME };

export interface AskOption {
  id: string;
  /** Key of the option's title in the text catalog. */
  text: string;
}

export interface AskConfig {
  version: number;
  /** Key of the question in the text catalog. */
  question: string;
  /** JSONata over msg giving the question's values; empty for none. */
  values: string;
  kind: AnswerKind;
  /** A kind this version does not know (e.g. "aadhaar"), kept so the node can refuse it rather than ask for free text. */
  unknownKind: string | null;
  /** The name the answer is stored under in the session's answers (msg.session.answers.<name>). */
  answer: string;
  /** A choice's options, when fixed; else they come from `optionsProperty`. */
  options: AskOption[];
  /** For a choice without fixed options: the msg property with [{ id, title, description }]. */
  optionsProperty: string;
  /** Text: length; number: value. Null for no limit. */
  min: number | null;
  max: number | null;
  /** Date: any, up to today ("past"), or from today on ("future"). */
  when: 'any' | 'past' | 'future';
  /** Text: a regular expression the answer must match, spaces taken out and upper-cased (e.g. ^28\d{8}$ for a ration card). */
  pattern: string;
  /** Key of the hint said with a wrong answer, instead of the kind's own. */
  hint: string;
  /** Answers that may fail before the citizen is offered help. */
  tries: number;
  /** Minutes the question waits for its answer. */
  timeout: number;
  /** Minutes after which the question is said again once; 0 for no reminder. */
  reminder: number;
}

const DEFAULT_TRIES = 3;
const DEFAULT_TIMEOUT_MINUTES = 60;
/**
 * Under WhatsApp's 24-hour customer-service window with room to spare: the timeout's own message
 * ("we closed this request") must still be inside the window the citizen's last message opened.
 */
export const MAX_TIMEOUT_MINUTES = 23 * 60;

export function migrate(def: NodeDef): AskConfig {
  const str = (v: unknown, fallback: string) => (typeof v === 'string' && v !== '' ? v : fallback);
  const num = (v: unknown): number | null => (v === '' || v === null || v === undefined || !Number.isFinite(Number(v)) ? null : Number(v));
  const known = (ANSWER_KINDS as readonly string[]).includes(def.kind as string);
  const kind = known ? (def.kind as AnswerKind) : 'text';
  const unknownKind = !known && typeof def.kind === 'string' && def.kind !== '' ? def.kind : null;
  const options = Array.isArray(def.options)
    ? (def.options as unknown[]).filter((o): o is AskOption => typeof o === 'object' && o !== null && typeof (o as AskOption).id === 'string' && OPTION_ID.test((o as AskOption).id) && typeof (o as AskOption).text === 'string')
    : [];
  const when = def.when === 'past' || def.when === 'future' ? def.when : 'any';
  const tries = num(def.tries);
  const timeout = num(def.timeout);
  const reminder = num(def.reminder);
  return {
    version: ASK_VERSION,
    question: str(def.question, ''),
    values: str(def.values, ''),
    kind,
    unknownKind,
    answer: str(def.answer, ''),
    options,
    optionsProperty: str(def.optionsProperty, 'options'),
    min: num(def.min),
    max: num(def.max),
    when,
    pattern: str(def.pattern, ''),
    hint: str(def.hint, ''),
    tries: tries !== null && tries >= 1 ? Math.min(Math.floor(tries), 10) : DEFAULT_TRIES,
    timeout: timeout !== null && timeout > 0 ? Math.min(timeout, MAX_TIMEOUT_MINUTES) : DEFAULT_TIMEOUT_MINUTES,
    reminder: reminder !== null && reminder > 0 ? reminder : 0,
  };
}
