/**
 * "Talk to an officer": a citizen's conversation handed to the human queue.
 * One open request per citizen and number; asking again while waiting keeps
 * the place in the queue.
 */
import { assertCitizenKey, type CitizenIdentity } from '../citizens/identity';
import { DuplicateKeyError, type Collection, type DocumentStore } from '../store';

export interface OfficerRequest {
  _id: string;
  [key: string]: unknown;
  /** The citizen key (citizens/identity.ts): one open request per citizen and number. */
  citizenKey: string;
  /** How an officer reaches the citizen: phone when known, else BSUID. */
  waId: string | null;
  userId: string | null;
  phoneNumberId: string;
  department: string | null;
  language: string | null;
  /**
   * What the citizen's flows told the officers, oldest first: each request of a waiting citizen adds
   * one (two grievances filed before an officer picks up both stay), the last 20 kept.
   */
  notes: OfficerNote[];
  status: 'waiting' | 'assigned' | 'closed';
  /** The citizen key while waiting or assigned, `closed:<_id>` after. */
  open: string;
  requestedAt: Date;
  updatedAt: Date;
}

export interface OfficerNote {
  text: string;
  department: string | null;
  at: Date;
  /** The citizen message whose turn wrote it: that message run again does not write it twice. */
  messageId: string | null;
}

export const OFFICER_QUEUE_COLLECTION = 'officer_queue';
const MAX_NOTES = 20;
/** A note is a few sentences from a flow, not a document. */
const NOTE_MAX_CHARS = 2000;

export class OfficerQueue {
  private readonly requests: Collection<OfficerRequest>;

  constructor(store: DocumentStore) {
    this.requests = store.collection<OfficerRequest>(OFFICER_QUEUE_COLLECTION);
  }

  async init(): Promise<void> {
    await this.requests.createIndex({ keys: { status: 1, requestedAt: 1 } });
    // One waiting request per citizen and number; a closed request's `open` becomes `closed:<id>`.
    await this.requests.createIndex({ keys: { open: 1 }, unique: true });
  }

  /** Queues the citizen (or finds the open request) and returns it with its place in the queue (1 = next). */
  async request(
    input: { citizenKey: string; citizen: Pick<CitizenIdentity, 'wa_id' | 'user_id'>; phoneNumberId: string; department?: string | null; language?: string | null; note?: string | null; messageId?: string | null },
    now = new Date(),
  ): Promise<{ request: OfficerRequest; position: number; isNew: boolean }> {
    assertCitizenKey(input.citizenKey);
    const open = input.citizenKey;
    const details = { department: input.department, language: input.language };
    const note = typeof input.note === 'string' && input.note.trim() !== '' ? { text: input.note.trim().slice(0, NOTE_MAX_CHARS), department: input.department ?? null, at: now, messageId: input.messageId ?? null } : null;
    const upsert = async () => {
      // Read, then write the list: a citizen's messages run one at a time (the inbox's order), so
      // two notes of one citizen do not race.
      const earlier = note ? ((await this.requests.findOne({ open }))?.notes ?? []) : [];
      const repeated = note?.messageId ? earlier.some((n) => n.messageId === note.messageId) : false;
      const notes = note && !repeated ? [...earlier, note].slice(-MAX_NOTES) : undefined;
      return this.requests.findOneAndUpdate(
        { open },
        {
          $setOnInsert: { citizenKey: open, waId: input.citizen.wa_id ?? null, userId: input.citizen.user_id ?? null, phoneNumberId: input.phoneNumberId, status: 'waiting', requestedAt: now, ...missingAsNull(details), ...(notes ? {} : { notes: [] }) },
          // Asking again updates what is given and keeps the rest.
          $set: { ...given(details), ...(notes ? { notes } : {}), updatedAt: now },
        },
        { upsert: true, returnDocument: 'after' },
      );
    };
    // Two requests at once: the unique index lets one insert; the other then finds it.
    const request = (await upsert().catch((err: unknown) => {
      if (err instanceof DuplicateKeyError) return upsert();
      throw err;
    }))!;
    const isNew = request.requestedAt.getTime() === now.getTime();
    const position = await this.requests.countDocuments({ status: 'waiting', requestedAt: { $lte: request.requestedAt } });
    return { request, position, isNew };
  }

  async waiting(limit = 50): Promise<OfficerRequest[]> {
    return this.requests.find({ status: 'waiting' }, { sort: { requestedAt: 1 }, limit });
  }
}

function given(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

function missingAsNull(fields: Record<string, unknown>): Record<string, null> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v === undefined).map(([k]) => [k, null]));
}
