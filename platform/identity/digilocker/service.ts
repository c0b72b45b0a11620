/**
 * A citizen's DigiLocker, as the platform holds it: the consent link sent on
 * WhatsApp, the OAuth 2.0 callback (code + PKCE S256, state bound to the
 * citizen and single-use), tokens kept sealed with their expiry and refreshed
 * when DigiLocker says they expired, issued documents listed and fetched,
 * and "forget my DigiLocker" (tokens revoked at DigiLocker and deleted here).
 *
 * A consent link may be forwarded. When the citizen proved their Aadhaar
 * first, the link carries who they are (name, gender, year of birth from the
 * e-KYC), and a locker whose profile is someone else's is refused at the
 * callback: its tokens are revoked, not kept, and nothing is fetched.
 *
 * A fetched document is kept in the store for a day, sealed (not in msg: a flow
 * carries its id and metadata) and served to WhatsApp, which downloads media
 * by link, at a signed URL that expires.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Logger } from '../../log';
import type { Collection, DocumentStore } from '../../store';
import type { Sealer } from '../sealer';
import { DigiLockerError, pkceChallenge, pkcePair, type IssuedDocument, type TokenSet } from './client';
import { DOCUMENT_KINDS, fromIssuer, type DocumentKind, type DocumentKindRule } from './documents';

export const LINKS_COLLECTION = 'identity_digilocker_links';
export const TOKENS_COLLECTION = 'identity_digilocker_tokens';
export const DOCUMENTS_COLLECTION = 'identity_documents';
export const DIGILOCKER_CALLBACK_PATH = '/digilocker/callback';
export const DIGILOCKER_LINK_PATH = '/digilocker/link';
export const DOCUMENTS_PATH = '/documents';

/** The DigiLocker calls this service makes (client.ts). */
export interface DigiLockerApi {
  authorizeUrl(state: string, challenge: string): string;
  exchangeCode(code: string, verifier: string): Promise<TokenSet>;
  refresh(refreshToken: string): Promise<TokenSet>;
  revoke(token: string, hint: 'access_token' | 'refresh_token'): Promise<void>;
  issuedFiles(accessToken: string): Promise<IssuedDocument[]>;
  file(accessToken: string, uri: string): Promise<{ bytes: Buffer; mime: string }>;
  xml(accessToken: string, uri: string): Promise<string>;
  /** Its connections closed, when the host stops. */
  close?(): Promise<void>;
}

/** Whom the callback's event goes to: the citizen's identity and business number, as whatsapp-in gave them. */
export interface LinkAddress {
  citizenKey: string;
  citizen: { wa_id: string | null; user_id: string | null; parent_user_id: string | null; username: string | null; profile_name: string | null };
  phoneNumberId: string;
  displayPhoneNumber: string;
  businessAccountId: string;
}

/** Whom the locker must belong to: the e-KYC of the citizen's verified Aadhaar. */
export interface LockerHolder {
  name: string;
  gender: string;
  yearOfBirth: number;
}

interface LinkDoc extends LinkAddress {
  /** sha256 of the state: the state itself is only in the citizen's link. */
  _id: string;
  /** The PKCE verifier, sealed. */
  verifier: string;
  createdAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
  /** Kept only while the link works (it expires with it). */
  holder: LockerHolder | null;
  [key: string]: unknown;
}

interface TokenDoc {
  /** The citizen key. */
  _id: string;
  /** {accessToken, refreshToken}, sealed. */
  sealed: string;
  expiresAt: Date;
  digilockerId: string;
  linkedAt: Date;
  /** A call is refreshing these tokens until then (the others wait for its result). */
  refreshingUntil?: Date;
  [key: string]: unknown;
}

interface DocumentDoc {
  _id: string;
  citizenKey: string;
  uri: string;
  doctype: string;
  name: string;
  issuer: string;
  mime: string;
  size: number;
  sha256: string;
  /** The bytes sealed (base64 of iv ‖ tag ‖ ciphertext), bound to the id: a certificate may carry the Aadhaar number. */
  sealed: string;
  fetchedAt: Date;
  [key: string]: unknown;
}

/** What a flow carries of a fetched document: its metadata, not its bytes. */
export interface StoredDocument extends Pick<DocumentDoc, 'uri' | 'doctype' | 'name' | 'issuer' | 'mime' | 'size' | 'sha256'> {
  id: string;
  filename: string;
  /** A signed link WhatsApp (or a department) may download it from, until it expires. */
  link: string;
}

/** `awaits`: the step the callback's event goes to (startLink's). */
export type CallbackOutcome =
  | { ok: true; address: LinkAddress; awaits: string; linked: boolean }
  | { ok: false; status: 400 | 403 | 502; reason: 'bad_state' | 'used' | 'expired' | 'exchange_failed' | 'not_holder'; address?: LinkAddress; awaits?: string };

export interface DigiLockerOptions {
  /** How long a consent link works. */
  linkTtlMs: number;
  /** How long a fetched document is kept (and its link works at most). */
  documentTtlS: number;
  linkExpiryS: number;
}

const DEFAULTS: DigiLockerOptions = { linkTtlMs: 15 * 60_000, documentTtlS: 24 * 3600, linkExpiryS: 3600 };
/** Refresh a token this long before it expires rather than fail a call with it. */
const EARLY_REFRESH_MS = 60_000;
/** Longer than a refresh's two attempts (client timeout 10 s each); a host that died holding it frees it after. */
const REFRESH_LEASE_MS = 25_000;

export class DigiLockerNotConfigured extends Error {
  constructor() {
    super('DigiLocker is not configured: set DIGILOCKER_URL, DIGILOCKER_CLIENT_ID, DIGILOCKER_CLIENT_SECRET and PUBLIC_URL (README: Aadhaar and DigiLocker accounts)');
    this.name = 'DigiLockerNotConfigured';
  }
}

export class DigiLockerService {
  private readonly links: Collection<LinkDoc>;
  private readonly tokens: Collection<TokenDoc>;
  private readonly documents: Collection<DocumentDoc>;
  private readonly options: DigiLockerOptions;
  private api: DigiLockerApi | null = null;
  private publicUrl: string | null = null;

  constructor(
    store: DocumentStore,
    private readonly sealer: Sealer,
    /** Signs document links. */
    private readonly linkSecret: string,
    private readonly log: Logger,
    options: Partial<DigiLockerOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    this.links = store.collection<LinkDoc>(LINKS_COLLECTION);
    this.tokens = store.collection<TokenDoc>(TOKENS_COLLECTION);
    this.documents = store.collection<DocumentDoc>(DOCUMENTS_COLLECTION);
  }

  async init(): Promise<void> {
    await this.links.createIndex({ keys: { expiresAt: 1 }, expireAfterSeconds: 0 });
    await this.documents.createIndex({ keys: { fetchedAt: 1 }, expireAfterSeconds: this.options.documentTtlS });
    await this.documents.createIndex({ keys: { citizenKey: 1 } });
  }

  /** The partner account (configuration, or the sandbox's simulator once the host listens). */
  use(api: DigiLockerApi, publicUrl: string): void {
    this.api = api;
    this.publicUrl = publicUrl.replace(/\/+$/, '');
  }

  /** The host stops: the client's connections close. */
  async close(): Promise<void> {
    await this.api?.close?.();
  }

  get configured(): boolean {
    return this.api !== null;
  }

  /**
   * Whether the linked locker is the verified citizen's (name, gender, year of birth against the
   * e-KYC): a locker linked before the citizen proved their Aadhaar, or for another service, is
   * checked before it serves them. null: none linked; true also when DigiLocker gave no profile to compare.
   */
  async belongsTo(citizenKey: string, holder: LockerHolder): Promise<boolean | null> {
    const doc = await this.tokens.findOne({ _id: citizenKey });
    if (!doc) return null;
    const { profile } = this.open(doc);
    return !profile?.name || sameHolder(holder, profile);
  }

  async linked(citizenKey: string): Promise<boolean> {
    return (await this.tokens.findOne({ _id: citizenKey })) !== null;
  }

  /** A consent link for the citizen: a short URL on the host that sends the browser on to DigiLocker. */
  /** `awaits`: what the callback's event names as the step it answers (the state's hash, as the link's record is kept). */
  async startLink(address: LinkAddress, ttlMs = this.options.linkTtlMs, holder: LockerHolder | null = null, now = new Date()): Promise<{ url: string; expiresAt: Date; awaits: string }> {
    const { publicUrl } = this.need();
    const state = randomBytes(24).toString('base64url');
    const { verifier } = pkcePair();
    const expiresAt = new Date(now.getTime() + ttlMs);
    const id = stateId(state);
    await this.links.insertOne({ _id: id, ...address, verifier: this.sealer.seal(verifier, id), createdAt: now, expiresAt, usedAt: null, holder });
    return { url: `${publicUrl}${DIGILOCKER_LINK_PATH}/${state}`, expiresAt, awaits: id };
  }

  /** Where the consent link sends the browser: DigiLocker's authorize page; null for an unknown, used or expired link. */
  async authorizeUrlFor(state: string, now = new Date()): Promise<string | null> {
    const { api } = this.need();
    const id = stateId(state);
    const link = await this.links.findOne({ _id: id });
    if (!link || link.usedAt !== null || link.expiresAt.getTime() < now.getTime()) return null;
    const verifier = this.sealer.open(link.verifier, id);
    return api.authorizeUrl(state, pkceChallenge(verifier));
  }

  /**
   * DigiLocker sent the browser back. The state must be one we made, unused and unexpired; it is
   * used up here whatever follows, so a replayed callback changes nothing.
   */
  async callback(query: { code?: unknown; state?: unknown; error?: unknown }, now = new Date()): Promise<CallbackOutcome> {
    const { api } = this.need();
    if (typeof query.state !== 'string' || !/^[A-Za-z0-9_-]{32}$/.test(query.state)) return { ok: false, status: 400, reason: 'bad_state' };
    const id = stateId(query.state);
    const link = await this.links.findOneAndUpdate({ _id: id, usedAt: null }, { $set: { usedAt: now } });
    if (!link) return { ok: false, status: 400, reason: (await this.links.findOne({ _id: id })) ? 'used' : 'bad_state' };
    const address = addressOf(link);
    if (link.expiresAt.getTime() < now.getTime()) return { ok: false, status: 400, reason: 'expired', address, awaits: id };
    if (query.error === 'access_denied') return { ok: true, address, awaits: id, linked: false };
    if (typeof query.code !== 'string' || query.code === '') return { ok: false, status: 502, reason: 'exchange_failed', address, awaits: id };
    try {
      const tokens = await api.exchangeCode(query.code, this.sealer.open(link.verifier, id));
      if (link.holder && !sameHolder(link.holder, tokens)) {
        this.log.warn('digilocker: the locker linked is not the verified citizen\'s; its tokens are revoked');
        await this.revokeAll(tokens);
        return { ok: false, status: 403, reason: 'not_holder', address, awaits: id };
      }
      await this.keepTokens(link.citizenKey, tokens, now);
      return { ok: true, address, awaits: id, linked: true };
    } catch (err) {
      this.log.warn({ err: errorSummary(err) }, 'digilocker: the code exchange failed');
      return { ok: false, status: 502, reason: 'exchange_failed', address, awaits: id };
    }
  }

  /** The citizen's issued documents; null when they have not linked DigiLocker (or the link was revoked). */
  async issued(citizenKey: string): Promise<IssuedDocument[] | null> {
    return this.withToken(citizenKey, (token) => this.need().api.issuedFiles(token));
  }

  /**
   * Fetches one issued document, by URI or by kind (the newest of the kind's doc types from one of
   * its issuers, documents.ts), into the store: the file as issued (a PDF), or
   * its certificate XML. null: not linked; 'not_found': no such document in the locker (or not as XML).
   */
  async fetch(citizenKey: string, which: { uri: string } | { kind: DocumentKind }, format: 'pdf' | 'xml' = 'pdf', now = new Date()): Promise<StoredDocument | 'not_found' | null> {
    const items = await this.issued(citizenKey);
    if (items === null) return null;
    const rule: DocumentKindRule | null = 'kind' in which ? DOCUMENT_KINDS[which.kind] : null;
    const wanted = 'uri' in which ? items.find((i) => i.uri === which.uri) : newest(items.filter((i) => rule!.doctypes.includes(i.doctype) && fromIssuer(rule!, i.issuerId)));
    if (!wanted || (format === 'xml' && !wanted.mime.includes('application/xml'))) return 'not_found';
    const file =
      format === 'xml'
        ? await this.withToken(citizenKey, async (token) => ({ bytes: Buffer.from(await this.need().api.xml(token, wanted.uri), 'utf8'), mime: 'application/xml' }))
        : await this.withToken(citizenKey, (token) => this.need().api.file(token, wanted.uri));
    if (file === null) return null;
    const id = randomBytes(16).toString('base64url');
    const doc: DocumentDoc = {
      _id: id,
      citizenKey,
      uri: wanted.uri,
      doctype: wanted.doctype,
      name: wanted.name,
      issuer: wanted.issuer,
      mime: file.mime,
      size: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
      sealed: this.sealer.sealBytes(file.bytes, `document\u0000${id}`).toString('base64'),
      fetchedAt: now,
    };
    await this.documents.insertOne(doc);
    return this.describe(doc, now);
  }

  /** A stored document's bytes, for its signed link; null when unknown, expired or the signature is wrong. */
  async download(id: string, expires: string, signature: string, now = new Date()): Promise<{ bytes: Buffer; mime: string; filename: string } | null> {
    const until = Number(expires);
    if (!Number.isInteger(until) || until * 1000 < now.getTime()) return null;
    const expected = Buffer.from(this.sign(id, until));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    const doc = await this.documents.findOne({ _id: id });
    if (!doc) return null;
    // Kept before documents were sealed (a day at most): as they were.
    const bytes = doc.sealed ? this.sealer.openBytes(Buffer.from(doc.sealed, 'base64'), `document\u0000${id}`) : Buffer.from(String(doc.content ?? ''), 'base64');
    return { bytes, mime: doc.mime, filename: filenameOf(doc) };
  }

  /** "Forget my DigiLocker": tokens revoked at DigiLocker (best effort) and deleted here, with documents fetched. */
  async forget(citizenKey: string): Promise<boolean> {
    const doc = await this.tokens.findOneAndDelete({ _id: citizenKey });
    await this.documents.deleteMany({ citizenKey });
    if (!doc) return false;
    await this.revokeAll(this.open(doc));
    return true;
  }

  /** Best effort: DigiLocker may be down; the tokens are not kept here either way. */
  private async revokeAll({ accessToken, refreshToken }: { accessToken: string; refreshToken: string }): Promise<void> {
    const api = this.api;
    if (!api) return;
    for (const [token, hint] of [[refreshToken, 'refresh_token'], [accessToken, 'access_token']] as const) {
      await api.revoke(token, hint).catch((err: unknown) => this.log.warn({ err: errorSummary(err) }, 'digilocker: revoking a token failed; it is not kept here'));
    }
  }

  private describe(doc: DocumentDoc, now: Date): StoredDocument {
    const until = Math.floor(now.getTime() / 1000) + this.options.linkExpiryS;
    const link = `${this.need().publicUrl}${DOCUMENTS_PATH}/${doc._id}?expires=${until}&signature=${this.sign(doc._id, until)}`;
    return { id: doc._id, uri: doc.uri, doctype: doc.doctype, name: doc.name, issuer: doc.issuer, mime: doc.mime, size: doc.size, sha256: doc.sha256, filename: filenameOf(doc), link };
  }

  private sign(id: string, until: number): string {
    return createHmac('sha256', this.linkSecret).update(`document\u0000${id}\u0000${until}`).digest('base64url');
  }

  /** Runs a call with the citizen's access token, refreshing it first when it is (about to be) expired or DigiLocker says so. */
  private async withToken<T>(citizenKey: string, call: (accessToken: string) => Promise<T>): Promise<T | null> {
    let doc = await this.tokens.findOne({ _id: citizenKey });
    if (!doc) return null;
    if (doc.expiresAt.getTime() - EARLY_REFRESH_MS < Date.now() && !(doc = await this.refreshed(citizenKey, doc))) return null;
    try {
      return await call(this.open(doc).accessToken);
    } catch (err) {
      if (!(err instanceof DigiLockerError) || err.code !== 'invalid_token') throw err;
      if (!(doc = await this.refreshed(citizenKey, doc))) return null;
      return call(this.open(doc).accessToken);
    }
  }

  /**
   * New tokens for the ones in `stale`, refreshed once whoever asks. A refresh token is single-use
   * and DigiLocker may end the whole grant when one is used twice, so one call at a time refreshes
   * (a lease on the record, for two hosts too) and the others wait for its tokens.
   * null: the grant is over (revoked or expired for good): the citizen links again.
   */
  private async refreshed(citizenKey: string, stale: TokenDoc): Promise<TokenDoc | null> {
    const deadline = Date.now() + REFRESH_LEASE_MS;
    for (;;) {
      const now = new Date();
      const claimed = await this.tokens.findOneAndUpdate(
        { _id: citizenKey, sealed: stale.sealed, $or: [{ refreshingUntil: null }, { refreshingUntil: { $lt: now } }] },
        { $set: { refreshingUntil: new Date(now.getTime() + REFRESH_LEASE_MS) } },
      );
      if (claimed) break;
      const current = await this.tokens.findOne({ _id: citizenKey });
      if (!current) return null;
      if (current.sealed !== stale.sealed) return current;
      if (Date.now() > deadline) throw new DigiLockerError(null, 'unavailable', 'another refresh of these tokens did not finish', true);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    try {
      const fresh = await this.need().api.refresh(this.open(stale).refreshToken);
      // Only over the tokens refreshed: a citizen who said "forget my DigiLocker" meanwhile stays forgotten.
      return await this.keepTokens(citizenKey, fresh, new Date(), stale.linkedAt, stale.sealed, fresh.name ? undefined : this.open(stale).profile);
    } catch (err) {
      if (err instanceof DigiLockerError && !err.retryable) {
        await this.tokens.deleteOne({ _id: citizenKey, sealed: stale.sealed });
        return null;
      }
      await this.tokens.updateOne({ _id: citizenKey, sealed: stale.sealed }, { $unset: { refreshingUntil: '' } });
      throw err;
    }
  }

  private open(doc: TokenDoc): SealedTokens {
    return JSON.parse(this.sealer.open(doc.sealed, doc._id)) as SealedTokens;
  }

  /** The tokens, with the locker's profile, sealed; `over`: replace only those sealed tokens (a refresh), never recreate. */
  private async keepTokens(citizenKey: string, tokens: TokenSet, now: Date, linkedAt: Date = now, over?: string, profile: SealedTokens['profile'] = profileOf(tokens)): Promise<TokenDoc | null> {
    const kept: SealedTokens = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, profile };
    const doc: TokenDoc = { _id: citizenKey, sealed: this.sealer.seal(JSON.stringify(kept), citizenKey), expiresAt: tokens.expiresAt, digilockerId: tokens.digilockerId, linkedAt };
    if (over === undefined) {
      await this.tokens.replaceOne({ _id: citizenKey }, doc, { upsert: true });
      return doc;
    }
    return (await this.tokens.replaceOne({ _id: citizenKey, sealed: over }, doc)).matchedCount > 0 ? doc : null;
  }

  private need(): { api: DigiLockerApi; publicUrl: string } {
    if (!this.api || !this.publicUrl) throw new DigiLockerNotConfigured();
    return { api: this.api, publicUrl: this.publicUrl };
  }
}

/**
 * Whether DigiLocker's profile is the verified citizen: gender and year of birth equal where both
 * are known, and a name word in common (the two spell names differently: initials, order, case).
 */
export function sameHolder(holder: LockerHolder, profile: { name?: string; dob?: string; gender?: string }): boolean {
  const words = (name: string) => new Set(name.toLowerCase().split(/[^\p{L}\p{M}]+/u).filter((w) => w.length >= 3));
  if (!profile.name) return false;
  const theirs = words(profile.name);
  if (![...words(holder.name)].some((w) => theirs.has(w))) return false;
  if (profile.gender && holder.gender && profile.gender !== holder.gender) return false;
  const year = profile.dob ? Number(profile.dob.slice(0, 4)) : NaN;
  return !(Number.isInteger(year) && holder.yearOfBirth && year !== holder.yearOfBirth);
}

interface SealedTokens {
  accessToken: string;
  refreshToken: string;
  /** DigiLocker's profile of the locker's holder (tokens kept before it was: none). */
  profile?: { name?: string; dob?: string; gender?: string };
}

function profileOf(p: { name?: string; dob?: string; gender?: string } | undefined): { name?: string; dob?: string; gender?: string } {
  return { ...(p?.name ? { name: p.name } : {}), ...(p?.dob ? { dob: p.dob } : {}), ...(p?.gender ? { gender: p.gender } : {}) };
}

function stateId(state: string): string {
  return createHash('sha256').update(state).digest('base64url');
}

function addressOf(link: LinkDoc): LinkAddress {
  return { citizenKey: link.citizenKey, citizen: link.citizen, phoneNumberId: link.phoneNumberId, displayPhoneNumber: link.displayPhoneNumber, businessAccountId: link.businessAccountId };
}

function newest(items: IssuedDocument[]): IssuedDocument | undefined {
  return [...items].sort((a, b) => (b.date ?? '').localeCompare(a.date ?? ''))[0];
}

function filenameOf(doc: Pick<DocumentDoc, 'name' | 'mime' | 'uri'>): string {
  const base = doc.name.replace(/[^A-Za-z0-9 _-]+/g, '').trim().replace(/\s+/g, '-') || doc.uri.replace(/[^A-Za-z0-9.-]+/g, '-');
  return `${base}.${doc.mime === 'application/xml' ? 'xml' : doc.mime === 'image/jpeg' ? 'jpg' : doc.mime === 'image/png' ? 'png' : 'pdf'}`;
}

function errorSummary(err: unknown): Record<string, unknown> {
  return err instanceof DigiLockerError ? { code: err.code, status: err.status } : { message: (err as Error)?.message };
}
