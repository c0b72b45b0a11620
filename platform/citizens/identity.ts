/**
 * Who a citizen is, in one place: their phone number (WhatsApp's `wa_id`),
 * their business-scoped user id (BSUID, `user_id` / `from_user_id`, since
 * 2026), the parent BSUID of linked portfolios, and the username they may
 * have adopted (reference §1.10). Everything that keys, validates, masks or
 * addresses a citizen goes through here, so there is one phone-number rule
 * and one key.
 *
 * The key: a citizen's state (session, window, officer requests, inbox order)
 * is kept per business number under the BSUID when the webhook carries one,
 * else under the phone number. Meta sends a BSUID on every webhook since April
 * 2026 and withholds the phone of users with a username, so the BSUID is the
 * id that is always there; a phone-only key remains for older payloads.
 */

/** E.164 digits without '+': country code first, 7 to 15 digits in all. */
const PHONE = /^[1-9]\d{6,14}$/;
/** Two-letter country, optional ENT (parent ids), up to 128 alphanumerics: "IN.1410018717833190", "US.ENT.1181…". */
const BSUID = /^[A-Z]{2}\.(?:ENT\.)?[A-Za-z0-9]{1,128}$/;
const USERNAME_MAX = 64;

export interface CitizenIdentity {
  /** Phone number as digits (`wa_id`), or null when Meta withheld it. */
  wa_id: string | null;
  /** Business-scoped user id, or null on payloads older than the BSUID rollout. */
  user_id: string | null;
  parent_user_id: string | null;
  username: string | null;
  profile_name: string | null;
}

export class CitizenIdentityError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CitizenIdentityError';
  }
}

export function isPhoneNumber(value: unknown): value is string {
  return typeof value === 'string' && PHONE.test(value);
}

export function isBsuid(value: unknown): value is string {
  return typeof value === 'string' && BSUID.test(value);
}

/** A phone number as people type it ("+91 98765-43210") → digits, or null when it is not one. */
export function normalizePhone(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const digits = value.replace(/^\s*\+/, '').replace(/[\s\-()]/g, '');
  return PHONE.test(digits) ? digits : null;
}

export const PHONE_RULE = 'a phone number as digits with the country code first, 7 to 15 digits (e.g. 919876543210)';
export const BSUID_RULE = 'a business-scoped user id: country code, a dot, up to 128 letters and digits (e.g. IN.1410018717833190)';

/**
 * Builds an identity from what a webhook says of the sender. Fields that do not
 * follow Meta's form are dropped; an identity needs a phone or a BSUID.
 */
export function identityOf(fields: { wa_id?: unknown; user_id?: unknown; parent_user_id?: unknown; username?: unknown; profile_name?: unknown }): CitizenIdentity | null {
  const identity: CitizenIdentity = {
    wa_id: isPhoneNumber(fields.wa_id) ? fields.wa_id : null,
    user_id: isBsuid(fields.user_id) ? fields.user_id : null,
    parent_user_id: isBsuid(fields.parent_user_id) ? fields.parent_user_id : null,
    username: typeof fields.username === 'string' && fields.username !== '' ? fields.username.slice(0, USERNAME_MAX) : null,
    profile_name: typeof fields.profile_name === 'string' ? fields.profile_name : null,
  };
  return identity.wa_id || identity.user_id ? identity : null;
}

/** The citizen's own id: the BSUID when known, else the phone number. */
export function citizenId(identity: Pick<CitizenIdentity, 'wa_id' | 'user_id'>): string {
  const id = identity.user_id ?? identity.wa_id;
  if (!id) throw new CitizenIdentityError('a citizen needs a phone number or a business-scoped user id');
  return id;
}

/**
 * The key of a citizen's state at one business number. Phone numbers and
 * BSUIDs cannot collide: a BSUID always has a dot, a phone number never.
 */
export function citizenKey(phoneNumberId: string, identity: Pick<CitizenIdentity, 'wa_id' | 'user_id'>): string {
  return `${phoneNumberId}/${citizenId(identity)}`;
}

/** Checks a key made by citizenKey (stored keys become document ids). */
export function assertCitizenKey(key: unknown): asserts key is string {
  if (typeof key !== 'string') throw new CitizenIdentityError(`not a citizen key: ${JSON.stringify(key)}`);
  const slash = key.indexOf('/');
  const id = key.slice(slash + 1);
  if (slash <= 0 || !/^\d+$/.test(key.slice(0, slash)) || !(isPhoneNumber(id) || isBsuid(id))) {
    throw new CitizenIdentityError(`not a citizen key: ${JSON.stringify(key.slice(0, 80))} (expected "<phone number id>/<phone or BSUID>")`);
  }
}

/** Where a message to this citizen goes: `to` when the phone is known (Meta: the phone wins), else `recipient`. */
export function addressOf(identity: Pick<CitizenIdentity, 'wa_id' | 'user_id'>): { to: string } | { recipient: string } {
  if (identity.wa_id) return { to: identity.wa_id };
  if (identity.user_id) return { recipient: identity.user_id };
  throw new CitizenIdentityError('a citizen needs a phone number or a business-scoped user id to be written to');
}

/**
 * Citizens' ids are personal data: logs and errors show the last four
 * characters only (of the phone number, or of the BSUID after its country).
 */
export function maskCitizenId(id: string | null | undefined): string {
  if (!id) return 'xxxx';
  const dot = id.lastIndexOf('.');
  const prefix = dot >= 0 ? id.slice(0, dot + 1) : '';
  const rest = id.slice(prefix.length);
  return rest.length > 4 ? `${prefix}${'x'.repeat(Math.min(rest.length - 4, 12))}${rest.slice(-4)}` : `${prefix}xxxx`;
}

/** The mask of a citizen: their phone when known, else their BSUID. */
export function maskCitizen(identity: Pick<CitizenIdentity, 'wa_id' | 'user_id'>): string {
  return maskCitizenId(identity.wa_id ?? identity.user_id);
}

/**
 * A phone number a citizen types in answer to a question: an Indian mobile as people write it
 * ("98765 43210", "098765-43210") gets the country code; anything else follows normalizePhone.
 */
/** An Indian mobile as its 10 digits (DigiLocker's verified_mobile and sign-in), however it is typed; null for any other number. */
export function tenDigitMobile(text: string): string | null {
  const phone = phoneFromAnswer(text);
  return phone !== null && /^91[6-9]\d{9}$/.test(phone) ? phone.slice(2) : null;
}

export function phoneFromAnswer(text: string): string | null {
  const digits = text.replace(/[\s\-()]/g, '').replace(/^\+/, '');
  const local = /^0?([6-9]\d{9})$/.exec(digits);
  if (local) return `91${local[1]}`;
  return normalizePhone(text);
}
