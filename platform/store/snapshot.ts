/**
 * Snapshot file: a header line, one line per collection (its indexes), one
 * line per document, and an end line with the document count. It is only
 * ever replaced atomically, so a snapshot without a valid end line means
 * damage from outside the store, and loading refuses it.
 */
import { createReadStream, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { writeFileAtomic, writeFully } from './fs-durable';
import { decodeLine, encodeLine } from './record-codec';
import { StoreUnavailableError } from './port';
import { isIndexDefinition, LoadedImage, type CollectionImage, type StoredDoc } from './store-image';
import { isPlainObject } from './clone';

const FORMAT = 1;
const CHUNK_BYTES = 1 << 20;

export interface Snapshot {
  /** The snapshot covers every journal file numbered below this. */
  journalSeq: number;
  image: LoadedImage;
}

/** Writes the snapshot; resolves to its size in bytes. */
export async function writeSnapshot(file: string, journalSeq: number, collections: CollectionImage[]): Promise<number> {
  let bytes = 0;
  await writeFileAtomic(file, async (handle) => {
    let chunk = encodeLine({ snapshot: FORMAT, journalSeq });
    let count = 0;
    const emit = async (line: string): Promise<void> => {
      chunk += line;
      // Written in chunks, yielding in between, so a large snapshot does not stall the event loop.
      if (chunk.length >= CHUNK_BYTES) {
        bytes += await writeText(handle, chunk);
        chunk = '';
      }
    };
    for (const collection of collections) {
      await emit(encodeLine({ c: collection.name, indexes: collection.indexes }));
      for (const doc of collection.docs) {
        await emit(encodeLine({ c: collection.name, d: doc }));
        count++;
      }
    }
    chunk += encodeLine({ end: count });
    bytes += await writeText(handle, chunk);
  });
  return bytes;
}

/** Writes all of `text` (a short write is carried on, not lost); its size in bytes. */
async function writeText(handle: FileHandle, text: string): Promise<number> {
  const data = Buffer.from(text, 'utf8');
  await writeFully(handle, data);
  return data.length;
}

/** The snapshot in `file`, or null when there is none. */
export async function readSnapshot(file: string): Promise<Snapshot | null> {
  try {
    await fsp.access(file);
  } catch {
    return null;
  }
  const image = new LoadedImage();
  let journalSeq: number | undefined;
  let count = 0;
  let ended = false;
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of lines) {
    const record = decodeLine(line);
    if (!isPlainObject(record) || ended) throw damaged(file);
    if (journalSeq === undefined) {
      if (record.snapshot !== FORMAT || typeof record.journalSeq !== 'number') throw damaged(file);
      journalSeq = record.journalSeq;
    } else if (typeof record.end === 'number') {
      if (record.end !== count) throw damaged(file);
      ended = true;
    } else if (typeof record.c === 'string' && Array.isArray(record.indexes)) {
      const target = image.collection(record.c);
      for (const def of record.indexes) {
        if (!isIndexDefinition(def)) throw damaged(file);
        target.indexes.set(def.name, def);
      }
    } else if (typeof record.c === 'string' && isPlainObject(record.d) && typeof record.d._id === 'string') {
      image.collection(record.c).docs.set(record.d._id, record.d as StoredDoc);
      count++;
    } else {
      throw damaged(file);
    }
  }
  if (journalSeq === undefined || !ended) throw damaged(file);
  return { journalSeq, image };
}

function damaged(file: string): StoreUnavailableError {
  return new StoreUnavailableError(`snapshot ${file} is damaged or incomplete; restore the store directory from a backup`);
}
