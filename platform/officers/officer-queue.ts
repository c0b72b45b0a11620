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
   * one (two grievances filed before an officer picks up both stay), up to 20.
   */
  notes: OfficerNote[];
  /** How many notes, and the messages that wrote them: what a note's write is conditioned on. */
  noteCount?: number;
  noteMessageIds?: string[];
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
    // Requests written before notes were a list kept one `note`: it becomes the list's first.
    for (const old of await this.requests.find({ note: { $type: 'string' }, notes: { $exists: false } }, { limit: 10_000 })) {
      await this.requests.updateOne({ _id: old._id, notes: { $exists: false } }, { $set: { notes: [{ text: old.note, department: old.department ?? null, at: old.requestedAt, messageId: null }], noteCount: 1 }, $unset: { note: '' } });
    }
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
    const upsert = () =>
      this.requests.findOneAndUpdate(
        { open },
        {
          $setOnInsert: { citizenKey: open, waId: input.citizen.wa_id ?? null, userId: input.citizen.user_id ?? null, phoneNumberId: input.phoneNumberId, status: 'waiting', requestedAt: now, notes: [], ...missingAsNull(details) },
          // Asking again updates what is given and keeps the rest.
          $set: { ...given(details), updatedAt: now },
        },
        { upsert: true, returnDocument: 'after' },
      );
    // Two requests at once: the unique index lets one insert; the other then finds it.
    let request = (await upsert().catch((err: unknown) => {
      if (err instanceof DuplicateKeyError) return upsert();
      throw err;
    }))!;
    if (note) {
      // Added in one write to the request still open: once per message (a message run again adds
      // nothing), up to 20 (a citizen cannot grow it without bound).
      // The conditions are on plain fields (a count, a list of ids), which every Mongo-wire server
      // matches alike; FerretDB does not match `notes.messageId` inside the list.
      const added = await this.requests.findOneAndUpdate(
        { _id: request._id, open, noteCount: { $not: { $gte: MAX_NOTES } }, ...(note.messageId ? { noteMessageIds: { $ne: note.messageId } } : {}) },
        { $push: { notes: note, ...(note.messageId ? { noteMessageIds: note.messageId } : {}) }, $inc: { noteCount: 1 } },
        { returnDocument: 'after' },
      );
      if (added) request = added;
    }
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
