/**
 * "Talk to an officer": a citizen's conversation handed to the human queue.
 * One open request per citizen and number; asking again while waiting keeps
 * the place in the queue.
 */
import type { Collection, DocumentStore } from '../store';

export interface OfficerRequest {
  _id: string;
  [key: string]: unknown;
  waId: string;
  phoneNumberId: string;
  department: string | null;
  language: string | null;
  note: string | null;
  status: 'waiting' | 'assigned' | 'closed';
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
    await this.requests.createIndex({ keys: { open: 1 } });
  }

  /** Queues the citizen (or finds the open request) and returns it with its place in the queue (1 = next). */
  async request(input: { waId: string; phoneNumberId: string; department?: string | null; language?: string | null; note?: string | null }, now = new Date()): Promise<{ request: OfficerRequest; position: number; isNew: boolean }> {
    // `open` is set only while waiting (closing unsets it): the upsert finds the citizen's open request.
    const open = `${input.phoneNumberId}/${input.waId}`;
    const before = await this.requests.findOneAndUpdate(
      { open },
      {
        $setOnInsert: { waId: input.waId, phoneNumberId: input.phoneNumberId, status: 'waiting', requestedAt: now },
        $set: { department: input.department ?? null, language: input.language ?? null, note: input.note ?? null, updatedAt: now },
      },
      { upsert: true, returnDocument: 'before' },
    );
    const request = (await this.requests.findOne({ open }))!;
    const position = await this.requests.countDocuments({ status: 'waiting', requestedAt: { $lte: request.requestedAt } });
    return { request, position, isNew: before === null };
  }

  async waiting(limit = 50): Promise<OfficerRequest[]> {
    return this.requests.find({ status: 'waiting' }, { sort: { requestedAt: 1 }, limit });
  }
}
