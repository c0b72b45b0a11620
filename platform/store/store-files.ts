/**
 * The embedded engine's directory: `snapshot.ejson` (the state as of some
 * journal number N) plus `journal-<n>.log` files for n >= N, replayed in order
 * on open. Compaction writes a fresh snapshot and drops the journals it
 * covers; it runs at open and whenever the live journal has grown as large as
 * the last snapshot (and at least `compactAfterBytes`), as Redis rewrites its
 * append-only file at 100% growth: rewriting the whole state after every fixed
 * size of journal would cost more per write the more the store holds (a
 * campaign of lakhs of recipients rewrote its gigabyte every 64 MiB).
 */
import { createReadStream, createWriteStream, promises as fsp } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import path from 'node:path';
import { DirectoryLock } from './dir-lock';
import { ensurePrivateDirectory, PRIVATE_FILE_MODE, tightenFiles } from './fs-durable';
import { Journal } from './journal';
import type { StoreLogger } from './logger';
import { StoreUnavailableError } from './port';
import { decodeLine, encodeLine } from './record-codec';
import { readSnapshot, writeSnapshot } from './snapshot';
import { isJournalRecord, LoadedImage, type CollectionImage, type JournalRecord } from './store-image';

const SNAPSHOT = 'snapshot.ejson';
const JOURNAL = /^journal-(\d+)\.log$/;
export const DEFAULT_COMPACT_AFTER_BYTES = 64 * 1024 * 1024;

/** A journal record serialized, ready to append. */
export type EncodedRecord = string & { readonly encodedRecord: unique symbol };

/**
 * Serializes a record. Writers do this before changing memory, so a value
 * that cannot be serialized fails the write with nothing changed.
 */
export function encodeRecord(record: JournalRecord): EncodedRecord {
  return encodeLine(record) as EncodedRecord;
}

interface Replay {
  records: number;
  /** True when a damaged line stopped the replay. */
  damaged: boolean;
}

export class StoreFiles {
  private compacting: Promise<void> | null = null;
  private probes = 0;
  /** Journal size that triggers the next compaction; pushed back after a failure so it is not retried on every write. */
  private compactAt: number;

  private constructor(
    private readonly dir: string,
    private readonly lock: DirectoryLock,
    private journal: Journal,
    private seq: number,
    private readonly compactAfterBytes: number,
    private readonly log: StoreLogger,
    snapshotBytes: number,
  ) {
    this.compactAt = Math.max(compactAfterBytes, snapshotBytes);
  }

  static async open(
    dir: string,
    log: StoreLogger,
    compactAfterBytes = DEFAULT_COMPACT_AFTER_BYTES,
  ): Promise<{ files: StoreFiles; image: LoadedImage }> {
    let lock: DirectoryLock | undefined;
    try {
      await ensurePrivateDirectory(dir);
      lock = await DirectoryLock.acquire(dir);
      await fsp.rm(path.join(dir, `${SNAPSHOT}.tmp`), { force: true });
      await tightenFiles(dir);
      const snapshot = await readSnapshot(path.join(dir, SNAPSHOT));
      const image = snapshot?.image ?? new LoadedImage();
      const firstSeq = snapshot?.journalSeq ?? 1;
      const seqs = await journalSeqs(dir);
      // Journals below the snapshot's number are already in it (a compaction stopped before deleting them).
      for (const seq of seqs.filter((s) => s < firstSeq)) await fsp.rm(journalPath(dir, seq), { force: true });
      const live = seqs.filter((s) => s >= firstSeq);

      // Any replayed record (or damaged tail) means: fold the journals into a new snapshot now.
      let rewrite = false;
      for (const [i, seq] of live.entries()) {
        const replay = await replayJournal(journalPath(dir, seq), image, log);
        rewrite ||= replay.records > 0 || replay.damaged;
        if (replay.damaged) {
          // Cannot happen from a crash (a journal is only left after its last flush succeeded); keep them for a human.
          for (const later of live.splice(i + 1)) {
            const file = journalPath(dir, later);
            await fsp.rename(file, `${file}.skipped-${Date.now()}`);
            log.error({ file }, 'store: journal after a damaged one was not replayed');
          }
          break;
        }
      }

      let seq = live.length > 0 ? live[live.length - 1] : firstSeq;
      let snapshotBytes: number;
      if (rewrite) {
        seq += 1;
        snapshotBytes = await writeSnapshot(path.join(dir, SNAPSHOT), seq, image.toCollections());
        for (const old of live) await fsp.rm(journalPath(dir, old), { force: true });
      } else {
        for (const old of live.filter((s) => s !== seq)) await fsp.rm(journalPath(dir, old), { force: true });
        snapshotBytes = snapshot ? (await fsp.stat(path.join(dir, SNAPSHOT))).size : 0;
      }
      const journal = await Journal.open(journalPath(dir, seq));
      return { files: new StoreFiles(dir, lock, journal, seq, compactAfterBytes, log, snapshotBytes), image };
    } catch (err) {
      await lock?.release();
      if (err instanceof StoreUnavailableError) throw err;
      throw new StoreUnavailableError(`cannot open store directory ${dir}: ${String(err)}`, { cause: err });
    }
  }

  get failure(): StoreUnavailableError | null {
    return this.journal.failure;
  }

  /** Resolves once the record is durably on disk. */
  append(record: EncodedRecord): Promise<void> {
    return this.journal.append(record);
  }

  get wantsCompaction(): boolean {
    return !this.compacting && this.journal.size >= this.compactAt;
  }

  /**
   * Writes a snapshot of `capture()` and drops the journals it covers.
   * `capture` must return the state as of this call (the embedded engine never
   * mutates a stored document, so its current objects serve as-is).
   */
  compact(capture: () => CollectionImage[]): Promise<void> {
    this.compacting ??= this.runCompaction(capture)
      .then((snapshotBytes) => {
        this.compactAt = Math.max(this.compactAfterBytes, snapshotBytes);
      })
      .catch((err: unknown) => {
        this.compactAt = this.journal.size + this.compactAfterBytes;
        throw err;
      })
      .finally(() => {
        this.compacting = null;
      });
    return this.compacting;
  }

  /** Proves the directory is writable by creating and removing a file in it. */
  async probe(): Promise<void> {
    const file = path.join(this.dir, `.probe-${process.pid}-${this.probes++}`);
    await fsp.writeFile(file, 'ok', { mode: PRIVATE_FILE_MODE });
    await fsp.rm(file);
  }

  async close(): Promise<void> {
    await this.compacting?.catch(() => {});
    await this.journal.close();
    await this.lock.release();
  }

  /** Resolves to the new snapshot's size. */
  private async runCompaction(capture: () => CollectionImage[]): Promise<number> {
    const next = this.seq + 1;
    // Same tick: the capture and the switch of journal happen at one point in the write order.
    const collections = capture();
    await this.journal.rotate(journalPath(this.dir, next));
    this.seq = next;
    const bytes = await writeSnapshot(path.join(this.dir, SNAPSHOT), next, collections);
    for (const old of await journalSeqs(this.dir)) {
      if (old < next) await fsp.rm(journalPath(this.dir, old), { force: true });
    }
    this.log.info({ dir: this.dir, journal: next, snapshotBytes: bytes }, 'store: journal compacted into snapshot');
    return bytes;
  }
}

function journalPath(dir: string, seq: number): string {
  return path.join(dir, `journal-${String(seq).padStart(8, '0')}.log`);
}

async function journalSeqs(dir: string): Promise<number[]> {
  const names = await fsp.readdir(dir);
  return names
    .map((name) => JOURNAL.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/**
 * Applies a journal's records to `image`, stopping at the first damaged line:
 * a crash can only tear the batch being appended, which nobody was told was
 * written. The damaged tail is kept beside the journal for inspection. Read as
 * a stream, line by line: a journal may grow as large as the snapshot (half a
 * gigabyte and more), past the longest string Node can hold.
 */
async function replayJournal(file: string, image: LoadedImage, log: StoreLogger): Promise<Replay> {
  /** Bytes of the complete lines applied so far. */
  let offset = 0;
  let records = 0;
  /** The line begun in an earlier chunk. */
  let partial: Buffer[] = [];
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let newline = chunk.indexOf(0x0a, start); newline !== -1; newline = chunk.indexOf(0x0a, start)) {
      const line = partial.length > 0 ? Buffer.concat([...partial, chunk.subarray(start, newline)]) : chunk.subarray(start, newline);
      partial = [];
      const record = decodeLine(line.toString('utf8'));
      if (!isJournalRecord(record)) return keepDamagedTail(file, offset, records, log);
      image.apply(record);
      records++;
      offset += line.length + 1;
      start = newline + 1;
    }
    if (start < chunk.length) partial.push(chunk.subarray(start));
  }
  // A complete file ends with a newline; bytes after the last one are a torn append.
  if (partial.length > 0) return keepDamagedTail(file, offset, records, log);
  return { records, damaged: false };
}

async function keepDamagedTail(file: string, offset: number, records: number, log: StoreLogger): Promise<Replay> {
  const saved = `${file}.damaged-${Date.now()}`;
  await pipeline(createReadStream(file, { start: offset }), createWriteStream(saved, { mode: PRIVATE_FILE_MODE }));
  const droppedBytes = (await fsp.stat(file)).size - offset;
  log.warn({ file, line: records + 1, droppedBytes, savedTo: saved }, 'store: ignoring damaged journal tail (an interrupted write)');
  return { records, damaged: true };
}
