/**
 * Words a citizen can say at any step, in English, Telugu and romanised
 * Telugu: they leave whatever question is pending and go to the main menu's
 * handling of them. A whole message must be the word ("menu", "సహాయం"); the
 * reply buttons the platform's own texts offer carry the command as their id.
 * An application's reference number sent alone, with no question waiting for
 * it, is the status command too (Conversations.route).
 * STOP and START are consent's words (citizens/consent.ts), listed there once.
 */
import { consentCommandOf, foldWords } from '../citizens/consent';
import { readRatingReply } from '../departments/applications/rating';
import { readReference } from '../departments/applications/references';

export const GLOBAL_COMMANDS = ['menu', 'help', 'officer', 'language', 'status', 'rate', 'stop', 'start'] as const;
export type GlobalCommand = (typeof GLOBAL_COMMANDS)[number];

const WORDS: Record<Exclude<GlobalCommand, 'stop' | 'start' | 'rate'>, readonly string[]> = {
  menu: ['menu', 'main menu', 'home', 'hi', 'hello', 'మెను', 'మెనూ', 'ప్రధాన మెను', 'నమస్తే', 'నమస్కారం', 'namaste', 'namaskaram'],
  help: ['help', 'సహాయం', 'సహాయము', 'sahayam'],
  officer: ['officer', 'talk to an officer', 'agent', 'human', 'అధికారి', 'అధికారితో మాట్లాడండి', 'adhikari'],
  language: ['language', 'change language', 'భాష', 'భాష మార్చు', 'bhasha'],
  status: ['status', 'my applications', 'track', 'track application', 'స్థితి', 'నా దరఖాస్తులు', 'దరఖాస్తు స్థితి', 'sthiti', 'na darakhastulu'],
};
const LOOKUP = new Map<string, GlobalCommand>(Object.entries(WORDS).flatMap(([command, words]) => words.map((w) => [foldWords(w), command as GlobalCommand] as [string, GlobalCommand])));
/** Reply-button ids our texts use for the commands (say nodes' "menu", "help", "officer" buttons). */
const BUTTON_IDS = new Set<string>(['menu', 'help', 'officer', 'language', 'status']);

export function commandOf(message: { type?: unknown; text?: unknown; reply?: { kind?: unknown; id?: unknown; title?: unknown } | null } | null | undefined): GlobalCommand | null {
  if (!message) return null;
  const consent = consentCommandOf(message);
  if (consent) return consent;
  const replyId = message.reply?.id;
  // A tap on the stars offered for a resolved grievance (its id names the grievance).
  if (readRatingReply(replyId)) return 'rate';
  if (typeof replyId === 'string' && message.reply?.kind !== 'quick_reply') return BUTTON_IDS.has(replyId) ? (replyId as GlobalCommand) : null;
  if (typeof message.text !== 'string' || message.text.length > 60) return null;
  return LOOKUP.get(foldWords(message.text)) ?? null;
}

/** A message that is an application's reference number and nothing else ("AP-MAU-2026-000123"). */
export function isReferenceAlone(message: { text?: unknown } | null | undefined): boolean {
  return typeof message?.text === 'string' && readReference(message.text) !== null;
}
