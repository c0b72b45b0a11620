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
  note: string | null;
  status: 'waiting' | 'assigned' | 'closed';
  /** The citizen key while waiting or assigned, `closed:<_id>` after. */
  open: string;
  requestedAt: Date;
  updatedAt: Date;
}

export const OFFICER_QUEUE_COLLECTION = 'officer_queue';

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
    input: { citizenKey: string; citizen: Pick<CitizenIdentity, 'wa_id' | 'user_id'>; phoneNumberId: string; department?: string | null; language?: string | null; note?: string | null },
    now = new Date(),
  ): Promise<{ request: OfficerRequest; position: number; isNew: boolean }> {
    assertCitizenKey(input.citizenKey);
    const open = input.citizenKey;
    const details = { department: input.department, language: input.language, note: input.note };
    const upsert = () =>
      this.requests.findOneAndUpdate(
        { open },
        {
          $setOnInsert: { citizenKey: open, waId: input.citizen.wa_id ?? null, userId: input.citizen.user_id ?? null, phoneNumberId: input.phoneNumberId, status: 'waiting', requestedAt: now, ...missingAsNull(details) },
          // Asking again updates what is given and keeps the rest.
          $set: { ...given(details), updatedAt: now },
        },
        { upsert: true, returnDocument: 'after' },
      );
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
