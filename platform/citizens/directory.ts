/**
 * The citizen directory: what a citizen told us to be reached for alerts.
 * One profile per citizen key (a citizen at one business number): the topics
 * they subscribed to from the chat (power outages, exam results, market
 * prices, weather alerts …), where they live (district, mandal, PIN code) and
 * tags a flow gave them. A subscription is the citizen asking for messages,
 * so it is recorded as consent (START) too; STOP still stops everything.
 *
 * Campaigns take their audience from here by filter (broadcast/module.ts):
 * the citizens of the campaign's numbers with a topic, in a district, mandal
 * or PIN code, with tags, speaking a language (their session's: the one
 * place it is kept), opted in only. Read in pages by key, so a filter over a
 * crore of profiles never holds them all.
 */
import { assertCitizenKey } from './identity';
import type { ConsentRegistry } from './consent';
import { languageOf, westernDigits } from './language';
import type { Collection, DocumentStore, Filter } from '../store';
import { SESSIONS_COLLECTION } from '../sessions/citizen-sessions';

export const DIRECTORY_COLLECTION = 'citizen_profiles';
export const TOPIC_RULE = 'a topic id: a lower-case letter, then lower-case letters, digits or _ (at most 40), e.g. power_outage';
const TOPIC = /^[a-z][a-z0-9_]{0,39}$/;
const TAG = TOPIC;
const MAX_PLACE_CHARS = 60;

export interface Place {
  district?: string | null;
  mandal?: string | null;
  pin?: string | null;
}

export interface ProfileDoc {
  /** The citizen key ("<phone number id>/<BSUID or phone>"). */
  _id: string;
  [key: string]: unknown;
  phoneNumberId: string;
  waId: string | null;
  userId: string | null;
  /** Lower-case, as the district choice list's ids are (e.g. "guntur"). */
  district: string | null;
  mandal: string | null;
  pin: string | null;
  tags: string[];
  topics: string[];
  /**
   * The language the citizen spoke when they last subscribed: a campaign's language filter reads the
   * session's (the one place it is kept while they talk to us), this only once the session is purged.
   */
  language?: string | null;
  /** When each topic was subscribed to (for the DPDP record). */
  subscribedAt: Record<string, Date>;
  createdAt: Date;
  updatedAt: Date;
}

export interface AudienceFilter {
  /** Subscribed to any of these. */
  topics?: string[];
  district?: string;
  mandal?: string;
  pin?: string;
  /** Has all of these. */
  tags?: string[];
  /** The language of the citizen's conversation (English when they chose none). */
  language?: string;
  /** Only citizens who said START or subscribed (default); false: everyone not opted out. */
  optedInOnly?: boolean;
}

export interface DirectoryCitizen {
  citizenKey: string;
  phoneNumberId: string;
  wa_id?: string | null;
  user_id?: string | null;
  /** The conversation's language now (kept for when the session is gone). */
  language?: string | null;
}

export class DirectoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DirectoryError';
  }
}

export function isTopic(value: unknown): value is string {
  return typeof value === 'string' && TOPIC.test(value);
}

/** A place as citizens and flows give it: trimmed, lower-case, a PIN code as six digits in any script. */
export function normalizePlace(place: Place): { district?: string | null; mandal?: string | null; pin?: string | null } {
  const out: { district?: string | null; mandal?: string | null; pin?: string | null } = {};
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim().toLowerCase().replace(/\s+/g, ' ').slice(0, MAX_PLACE_CHARS) : null);
  // District ids are the choice list's (east_godavari): a name typed with spaces reads as one.
  if (place.district !== undefined) out.district = text(place.district)?.replace(/[\s-]+/g, '_') ?? null;
  if (place.mandal !== undefined) out.mandal = text(place.mandal);
  if (place.pin !== undefined) {
    const pin = typeof place.pin === 'string' || typeof place.pin === 'number' ? westernDigits(String(place.pin)).replace(/\s/g, '') : '';
    if (pin !== '' && !/^[1-9]\d{5}$/.test(pin)) throw new DirectoryError(`not a PIN code: ${String(place.pin).slice(0, 20)} (six digits, not starting with 0)`);
    out.pin = pin === '' ? null : pin;
  }
  return out;
}

export class CitizenDirectory {
  readonly profiles: Collection<ProfileDoc>;
  private readonly sessions: Collection<{ _id: string; language?: string | null }>;

  constructor(
    store: DocumentStore,
    private readonly consent: ConsentRegistry,
  ) {
    this.profiles = store.collection<ProfileDoc>(DIRECTORY_COLLECTION);
    this.sessions = store.collection(SESSIONS_COLLECTION);
  }

  async init(): Promise<void> {
    await this.profiles.createIndex({ keys: { phoneNumberId: 1, topics: 1 } });
    await this.profiles.createIndex({ keys: { phoneNumberId: 1, district: 1 } });
    await this.profiles.createIndex({ keys: { phoneNumberId: 1, mandal: 1 } });
    await this.profiles.createIndex({ keys: { phoneNumberId: 1, pin: 1 } });
    // A profile made under the phone's key is found by the BSUID's, and the other way (keyOf).
    await this.profiles.createIndex({ keys: { phoneNumberId: 1, waId: 1 } });
    await this.profiles.createIndex({ keys: { phoneNumberId: 1, userId: 1 } });
  }

  async get(citizenKey: string): Promise<ProfileDoc | null> {
    const doc = await this.profiles.findOne({ _id: citizenKey });
    // FerretDB drops an empty array set on insert ($setOnInsert): read as none.
    return doc ? { ...doc, tags: doc.tags ?? [], topics: doc.topics ?? [], subscribedAt: doc.subscribedAt ?? {} } : null;
  }

  /**
   * The citizen subscribes to a topic (and tells where they are): kept once however often asked
   * (a double tap), and recorded as their consent to alerts unless they had already given it.
   */
  async subscribe(who: DirectoryCitizen, topic: string, place: Place = {}, source = 'whatsapp:subscribe', messageId: string | null = null): Promise<{ profile: ProfileDoc; added: boolean }> {
    if (!isTopic(topic)) throw new DirectoryError(`not a topic: ${String(topic).slice(0, 40)}; ${TOPIC_RULE}`);
    const now = new Date();
    const key = await this.keyOf(who);
    const before = await this.upsert({ ...who, citizenKey: key }, { ...normalizePlace(place), ...(who.language ? { language: who.language } : {}) }, { $addToSet: { topics: topic } }, now);
    const added = !(before?.topics ?? []).includes(topic);
    if (added) await this.profiles.updateOne({ _id: key }, { $set: { [`subscribedAt.${topic}`]: now } });
    // The citizen's latest word, under whichever key (a STOP said under a newer key counts); recorded under
    // the profile's key, which the audience filter reads (send time reads the newest by phone number).
    if ((await this.consent.stateOf(who.phoneNumberId, who)) !== 'opted_in' || (await this.consent.state(key)) !== 'opted_in') {
      await this.consent.record({ citizenKey: key, phoneNumberId: who.phoneNumberId, citizen: { wa_id: who.wa_id ?? null, user_id: who.user_id ?? null }, state: 'opted_in', source, messageId: messageId ? `${messageId}.subscribe` : null });
    }
    return { profile: (await this.get(key))!, added };
  }

  /** The citizen stops one topic (STOP stops them all: consent). Null when they had no profile. */
  async unsubscribe(who: DirectoryCitizen, topic: string): Promise<{ profile: ProfileDoc | null; removed: boolean }> {
    if (!isTopic(topic)) throw new DirectoryError(`not a topic: ${String(topic).slice(0, 40)}; ${TOPIC_RULE}`);
    const key = await this.keyOf(who);
    const before = await this.profiles.findOneAndUpdate({ _id: key }, { $pull: { topics: topic }, $unset: { [`subscribedAt.${topic}`]: '' }, $set: { updatedAt: new Date() } });
    return { profile: await this.get(key), removed: (before?.topics ?? []).includes(topic) };
  }

  /** The citizen's profile, under whichever key it was made (their phone's, or the BSUID's that came later). */
  async find(who: DirectoryCitizen): Promise<ProfileDoc | null> {
    return this.get(await this.keyOf(who));
  }

  /**
   * The key the citizen's profile is kept under: a citizen key moves from the phone to the BSUID when
   * Meta starts sending one, and the profile made under the old key is still theirs.
   */
  private async keyOf(who: DirectoryCitizen): Promise<string> {
    if (await this.profiles.findOne({ _id: who.citizenKey }, { projection: { _id: 1 } })) return who.citizenKey;
    for (const filter of [...(who.user_id ? [{ phoneNumberId: who.phoneNumberId, userId: who.user_id }] : []), ...(who.wa_id ? [{ phoneNumberId: who.phoneNumberId, waId: who.wa_id }] : [])]) {
      const found = await this.profiles.findOne(filter, { projection: { _id: 1 } });
      if (found) return found._id;
    }
    return who.citizenKey;
  }

  /** Where the citizen is, and tags a flow gives or takes away. */
  async update(who: DirectoryCitizen, change: { place?: Place; addTags?: string[]; removeTags?: string[] }): Promise<ProfileDoc> {
    for (const tag of [...(change.addTags ?? []), ...(change.removeTags ?? [])]) if (!TAG.test(tag)) throw new DirectoryError(`not a tag: ${String(tag).slice(0, 40)}; ${TOPIC_RULE.replace('topic', 'tag')}`);
    const now = new Date();
    const key = await this.keyOf(who);
    await this.upsert({ ...who, citizenKey: key }, change.place ? normalizePlace(change.place) : {}, change.addTags?.length ? { $addToSet: { tags: { $each: change.addTags } } } : {}, now);
    if (change.removeTags?.length) await this.profiles.updateOne({ _id: key }, { $pullAll: { tags: change.removeTags } });
    return (await this.get(key))!;
  }

  /**
   * The citizens of these numbers the filter picks, in pages of `batch` (by key). Language and
   * consent are read per page from where they are kept (the session, the consent registry).
   */
  async *matching(phoneNumberIds: readonly string[], filter: AudienceFilter, batch = 2000): AsyncGenerator<ProfileDoc[]> {
    const query: Filter = { phoneNumberId: { $in: [...phoneNumberIds] } };
    if (filter.topics?.length) query.topics = { $in: filter.topics };
    if (filter.tags?.length) query.tags = { $all: filter.tags };
    const place = normalizePlace({ district: filter.district, mandal: filter.mandal, pin: filter.pin });
    for (const [field, value] of Object.entries(place)) if (value) query[field] = value;
    const optedInOnly = filter.optedInOnly !== false;
    const language = filter.language ? languageOf(filter.language) : null;
    let after: string | null = null;
    for (;;) {
      const page: ProfileDoc[] = await this.profiles.find(after ? { $and: [query, { _id: { $gt: after } }] } : query, { sort: { _id: 1 }, limit: batch });
      if (page.length === 0) return;
      after = page[page.length - 1]!._id;
      const keys = page.map((p) => p._id);
      const states = await this.consent.statesOf(keys);
      let picked = page.filter((p) => (optedInOnly ? states.get(p._id) === 'opted_in' : states.get(p._id) !== 'opted_out'));
      if (language && picked.length > 0) {
        // The session's language while there is one; once purged, the one kept at subscription.
        const languages = new Map((await this.sessions.find({ _id: { $in: picked.map((p) => p._id) } }, { projection: { language: 1 } })).map((s) => [s._id, s.language]));
        picked = picked.filter((p) => languageOf(languages.get(p._id) ?? p.language ?? null) === language);
      }
      if (picked.length > 0) yield picked;
      if (page.length < batch) return;
    }
  }

  /** Creates the profile if need be, sets what is given; returns it as it was before (null: new). */
  private async upsert(who: DirectoryCitizen, set: Record<string, unknown>, extra: Record<string, unknown>, now: Date): Promise<ProfileDoc | null> {
    assertCitizenKey(who.citizenKey);
    const ids: Record<string, unknown> = {};
    if (who.wa_id) ids.waId = who.wa_id;
    if (who.user_id) ids.userId = who.user_id;
    const setOnInsert: Record<string, unknown> = { phoneNumberId: who.phoneNumberId, tags: [], topics: [], subscribedAt: {}, createdAt: now, district: null, mandal: null, pin: null, language: null, waId: null, userId: null };
    for (const key of [...Object.keys(set), ...Object.keys(ids), ...Object.keys((extra.$addToSet as object | undefined) ?? {})]) delete setOnInsert[key];
    return this.profiles.findOneAndUpdate({ _id: who.citizenKey }, { $set: { ...set, ...ids, updatedAt: now }, $setOnInsert: setOnInsert, ...extra }, { upsert: true });
  }
}
