/**
 * Citizens' consent to messages they did not ask for (broadcasts, alerts):
 * STOP and START, in English, Telugu and romanised Telugu, or Meta's "Stop
 * promotions" quick reply. Each change is kept as an event (when, which number,
 * which message, how) for the DPDP Act's record of consent; the current state
 * is one document per citizen key, which the broadcaster reads at send time.
 * A citizen who never said either has no record ('unknown'). The record keeps
 * the citizen's phone and BSUID as well as the key, so a sender that knows
 * either finds it. One message is recorded once: a message run again after a
 * deploy or a crash gets the first run's outcome.
 */
import { DuplicateKeyError, type Collection, type DocumentStore } from '../store';
import { assertCitizenKey } from './identity';

export type ConsentState = 'opted_in' | 'opted_out';
/** No STOP or START on record: silence is not consent (DPDP Act); a sender decides what it allows. */
export type ConsentStatus = ConsentState | 'unknown';
export type ConsentCommand = 'stop' | 'start';

/** Whole messages that mean stop or start, folded (lower case, no punctuation, single spaces). */
const WORDS: Record<ConsentCommand, readonly string[]> = {
  stop: ['stop', 'stop all', 'unsubscribe', 'stop promotions', 'stop messages', 'stop updates', 'stop alerts', 'please stop', 'stop sending', 'ఆపు', 'ఆపండి', 'ఆపివేయండి', 'సందేశాలు ఆపండి', 'aapu', 'apu', 'aapandi', 'apandi'],
  start: ['start', 'unstop', 'subscribe', 'resume', 'ప్రారంభించు', 'ప్రారంభించండి', 'మళ్ళీ ప్రారంభించండి', 'prarambhinchu', 'prarambhinchandi'],
};
const LOOKUP = new Map<string, ConsentCommand>(Object.entries(WORDS).flatMap(([command, words]) => words.map((w) => [w, command as ConsentCommand] as [string, ConsentCommand])));

/** A whole message as command words are listed: lower case, no punctuation or zero-width joiners, single spaces. */
export function foldWords(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[\u200b-\u200d]/g, '').replace(/[\p{P}\p{S}]+/gu, ' ').trim().replace(/\s+/g, ' ');
}

/**
 * STOP or START when the whole message says so: typed text, or a template's quick-reply button
 * (its payload or its label). Buttons and list rows of our own flows are not commands, whatever
 * their ids: a "Start application" button must start the application.
 */
export function consentCommandOf(message: { text?: unknown; reply?: { kind?: unknown; id?: unknown; title?: unknown } | null }): ConsentCommand | null {
  const quickReply = message.reply?.kind === 'quick_reply' ? [message.reply.id, message.reply.title] : [];
  for (const candidate of [message.text, ...quickReply]) {
    if (typeof candidate !== 'string' || candidate.length > 60) continue;
    const command = LOOKUP.get(foldWords(candidate));
    if (command) return command;
  }
  return null;
}

interface ConsentDoc {
  _id: string;
  [key: string]: unknown;
  phoneNumberId: string;
  waId: string | null;
  userId: string | null;
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
  /** Whether it changed the state (kept so a second run of the message answers the same). */
  changed: boolean;
  previous: ConsentStatus;
  /** When it was recorded: orders events said in the same second (WhatsApp times are whole seconds). */
  recordedAt: Date;
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
    await this.states.createIndex({ keys: { phoneNumberId: 1, waId: 1 } });
    await this.states.createIndex({ keys: { phoneNumberId: 1, userId: 1 } });
  }

  /**
   * Records a STOP or START said at `at` (the message's own time). `changed` is false when the
   * citizen was already in that state; a change older than the one on record does not undo it.
   */
  async record(change: {
    citizenKey: string;
    phoneNumberId: string;
    citizen?: { wa_id?: string | null; user_id?: string | null };
    state: ConsentState;
    source: string;
    messageId?: string | null;
    at?: Date;
  }): Promise<{ changed: boolean; previous: ConsentStatus }> {
    assertCitizenKey(change.citizenKey);
    const at = change.at ?? new Date();
    const messageId = change.messageId ?? null;
    if (messageId) {
      const earlier = await this.events.findOne({ _id: messageId });
      if (earlier) return { changed: earlier.changed, previous: earlier.previous };
    }
    const current = await this.states.findOne({ _id: change.citizenKey });
    const previous: ConsentStatus = current?.state ?? 'unknown';
    const changed = previous !== change.state;
    if (!current || current.updatedAt <= at) {
      await this.states.updateOne(
        { _id: change.citizenKey },
        { $set: { phoneNumberId: change.phoneNumberId, waId: change.citizen?.wa_id ?? current?.waId ?? null, userId: change.citizen?.user_id ?? current?.userId ?? null, state: change.state, updatedAt: at } },
        { upsert: true },
      );
    }
    try {
      await this.events.insertOne({ ...(messageId ? { _id: messageId } : {}), citizenKey: change.citizenKey, phoneNumberId: change.phoneNumberId, state: change.state, at, source: change.source, messageId, changed, previous, recordedAt: new Date() });
    } catch (err) {
      if (!(err instanceof DuplicateKeyError)) throw err;
      const earlier = await this.events.findOne({ _id: messageId! });
      if (earlier) return { changed: earlier.changed, previous: earlier.previous };
    }
    return { changed, previous };
  }

  async state(citizenKey: string): Promise<ConsentStatus> {
    return (await this.states.findOne({ _id: citizenKey }))?.state ?? 'unknown';
  }

  /** The states of many citizen keys at once (a campaign's audience, a page at a time); keys with no record are absent. */
  async statesOf(citizenKeys: readonly string[]): Promise<Map<string, ConsentState>> {
    if (citizenKeys.length === 0) return new Map();
    const docs = await this.states.find({ _id: { $in: [...citizenKeys] } }, { projection: { state: 1 } });
    return new Map(docs.map((d) => [d._id, d.state]));
  }

  /** The state for a phone number or BSUID at one business number, whichever key it is kept under. */
  async stateOf(phoneNumberId: string, who: { wa_id?: string | null; user_id?: string | null }): Promise<ConsentStatus> {
    const filters = [...(who.user_id ? [{ phoneNumberId, userId: who.user_id }] : []), ...(who.wa_id ? [{ phoneNumberId, waId: who.wa_id }] : [])];
    for (const filter of filters) {
      const doc = await this.states.findOne(filter, { sort: { updatedAt: -1 } });
      if (doc) return doc.state;
    }
    return 'unknown';
  }

  /** The citizen's consent events, newest first: what an admin shows for a DPDP request. */
  async history(citizenKey: string, limit = 50): Promise<Array<Omit<ConsentEventDoc, '_id'>>> {
    const docs = await this.events.find({ citizenKey }, { sort: { at: -1, recordedAt: -1 }, limit });
    return docs.map(({ _id: _ignored, ...event }) => event);
  }
}
