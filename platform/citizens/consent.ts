/**
 * Citizens' consent to messages they did not ask for (broadcasts, alerts):
 * STOP and START, in English, Telugu and romanised Telugu, or Meta's "Stop
 * promotions" quick reply. Each change is kept as an event (when, which number,
 * which message, how) for the DPDP Act's record of consent; the current state
 * is one document per citizen key, which the broadcaster reads at send time.
 * A citizen who never said either is opted in by having written to the number.
 */
import type { Collection, DocumentStore } from '../store';

export type ConsentState = 'opted_in' | 'opted_out';
export type ConsentCommand = 'stop' | 'start';

/** Whole messages that mean stop or start, folded (lower case, no punctuation, single spaces). */
const WORDS: Record<ConsentCommand, readonly string[]> = {
  stop: ['stop', 'stop all', 'unsubscribe', 'stop promotions', 'stop messages', 'ఆపు', 'ఆపండి', 'ఆపివేయండి', 'సందేశాలు ఆపండి', 'aapu', 'apu', 'aapandi', 'apandi'],
  start: ['start', 'unstop', 'subscribe', 'resume', 'ప్రారంభించు', 'ప్రారంభించండి', 'మళ్ళీ ప్రారంభించండి', 'prarambhinchu', 'prarambhinchandi'],
};
const LOOKUP = new Map<string, ConsentCommand>(Object.entries(WORDS).flatMap(([command, words]) => words.map((w) => [w, command as ConsentCommand] as [string, ConsentCommand])));

/** STOP or START when the whole message (text, or a quick-reply payload) says so; null otherwise. */
export function consentCommandOf(message: { text?: unknown; payload?: unknown; reply?: { id?: unknown } | null }): ConsentCommand | null {
  for (const candidate of [message.text, message.payload, message.reply?.id]) {
    if (typeof candidate !== 'string' || candidate.length > 60) continue;
    const folded = candidate.normalize('NFC').toLowerCase().replace(/[\u200b-\u200d]/g, '').replace(/[\p{P}\p{S}]+/gu, ' ').trim().replace(/\s+/g, ' ');
    const command = LOOKUP.get(folded);
    if (command) return command;
  }
  return null;
}

interface ConsentDoc {
  _id: string;
  [key: string]: unknown;
  phoneNumberId: string;
  state: ConsentState;
  updatedAt: Date;
}

interface ConsentEventDoc {
  _id?: string;
  [key: string]: unknown;
  citizenKey: string;
  phoneNumberId: string;
  state: ConsentState;
  at: Date;
  /** How it was given: "whatsapp:text", "whatsapp:quick_reply", "admin". */
  source: string;
  /** The wamid of the message that said it. */
  messageId: string | null;
}

export const CONSENT_COLLECTIONS = { state: 'citizen_consent', events: 'citizen_consent_events' } as const;

export class ConsentRegistry {
  private readonly states: Collection<ConsentDoc>;
  private readonly events: Collection<ConsentEventDoc>;

  constructor(store: DocumentStore) {
    this.states = store.collection<ConsentDoc>(CONSENT_COLLECTIONS.state);
    this.events = store.collection<ConsentEventDoc>(CONSENT_COLLECTIONS.events);
  }

  async init(): Promise<void> {
    await this.events.createIndex({ keys: { citizenKey: 1, at: -1 } });
    await this.states.createIndex({ keys: { phoneNumberId: 1, state: 1 } });
  }

  /** Records a STOP or START; `changed` is false when the citizen was already in that state. */
  async record(change: { citizenKey: string; phoneNumberId: string; state: ConsentState; source: string; messageId?: string | null; at?: Date }): Promise<{ changed: boolean; previous: ConsentState }> {
    const at = change.at ?? new Date();
    const before = await this.states.findOneAndUpdate(
      { _id: change.citizenKey },
      { $set: { phoneNumberId: change.phoneNumberId, state: change.state, updatedAt: at } },
      { upsert: true, returnDocument: 'before' },
    );
    const previous = before?.state ?? 'opted_in';
    await this.events.insertOne({ citizenKey: change.citizenKey, phoneNumberId: change.phoneNumberId, state: change.state, at, source: change.source, messageId: change.messageId ?? null });
    return { changed: previous !== change.state, previous };
  }

  async state(citizenKey: string): Promise<ConsentState> {
    return (await this.states.findOne({ _id: citizenKey }))?.state ?? 'opted_in';
  }

  /** The citizen's consent events, newest first: what an admin shows for a DPDP request. */
  async history(citizenKey: string, limit = 50): Promise<Array<Omit<ConsentEventDoc, '_id'>>> {
    const docs = await this.events.find({ citizenKey }, { sort: { at: -1 }, limit });
    return docs.map(({ _id: _ignored, ...event }) => event);
  }
}
