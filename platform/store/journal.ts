import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE, syncDirectory, writeFully } from './fs-durable';
import { StoreUnavailableError } from './port';

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(err: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (err: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A batch nobody awaits (e.g. only fire-and-forget writers) must not crash the process.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** Opens a journal for appending, 0600 even when it already existed with a looser mode. */
async function openPrivate(filePath: string): Promise<fsp.FileHandle> {
  const handle = await fsp.open(filePath, 'a', PRIVATE_FILE_MODE);
  try {
    await handle.chmod(PRIVATE_FILE_MODE);
  } catch (err) {
    await handle.close().catch(() => {});
    throw err;
  }
  return handle;
}

/**
 * Append-only journal with group commit: every line appended while a flush is
 * running, or in the same turn of the event loop, goes out in the next single
 * write + fdatasync, and each append's promise resolves only once its line is
 * on disk. One fsync thus acknowledges many writes, which is what keeps
 * throughput high on slow disks.
 *
 * After a failed write or sync nothing more is appended: what reached the
 * file is unknown, so the journal (and the store) must be reopened, which
 * replays the file and drops a damaged tail.
 */
export class Journal {
  private batch: string[] = [];
  private batchDone: Deferred | null = null;
  private rotation: { path: string; done: Deferred } | null = null;
  private flushing = false;
  private idle: Deferred | null = null;
  private bytes = 0;
  private failed: StoreUnavailableError | null = null;
  private closed = false;

  private constructor(
    private handle: fsp.FileHandle,
    private filePath: string,
    initialBytes: number,
  ) {
    this.bytes = initialBytes;
  }

  static async open(filePath: string): Promise<Journal> {
    const handle = await openPrivate(filePath);
    const { size } = await handle.stat();
    await syncDirectory(path.dirname(filePath));
    return new Journal(handle, filePath, size);
  }

  /** Bytes in the current journal file. */
  get size(): number {
    return this.bytes;
  }

  get failure(): StoreUnavailableError | null {
    return this.failed;
  }

  /** Resolves when `line` (which must end with a newline) is durably on disk. */
  append(line: string): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new StoreUnavailableError('journal is closed'));
    this.batch.push(line);
    this.batchDone ??= deferred();
    const done = this.batchDone.promise;
    this.kick();
    return done;
  }

  /**
   * Switches to a new file. Lines appended before this call may land in
   * either file (records are idempotent, so replaying both is safe); lines
   * appended after it land in the new one.
   */
  rotate(newPath: string): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.rotation) return Promise.reject(new Error('journal rotation already pending'));
    const done = deferred();
    this.rotation = { path: newPath, done };
    this.kick();
    return done.promise;
  }

  /** Flushes what is pending and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.flushing || this.batch.length > 0) {
      this.idle ??= deferred();
      await this.idle.promise.catch(() => {});
    }
    await this.handle.close().catch(() => {});
  }

  private kick(): void {
    if (this.flushing) return;
    this.flushing = true;
    // setImmediate, not a microtask: writers resumed by the previous flush
    // issue their next writes in microtasks, and they should share this flush.
    setImmediate(() => void this.drain());
  }

  private async drain(): Promise<void> {
    try {
      while (!this.failed && (this.rotation || this.batch.length > 0)) {
        // Rotation first, so that everything appended after rotate() goes to the new file.
        if (this.rotation) await this.switchFile(this.rotation);
        else await this.flushBatch();
      }
    } finally {
      this.flushing = false;
      this.idle?.resolve();
      this.idle = null;
    }
  }

  private async flushBatch(): Promise<void> {
    const lines = this.batch;
    const done = this.batchDone;
    this.batch = [];
    this.batchDone = null;
    try {
      const data = Buffer.from(lines.join(''), 'utf8');
      await writeFully(this.handle, data);
      await this.handle.datasync();
      this.bytes += data.length;
      done?.resolve();
    } catch (err) {
      this.fail(err, done);
    }
  }

  private async switchFile(rotation: { path: string; done: Deferred }): Promise<void> {
    this.rotation = null;
    let next: fsp.FileHandle | undefined;
    try {
      next = await openPrivate(rotation.path);
      await syncDirectory(path.dirname(rotation.path));
    } catch (err) {
      await next?.close().catch(() => {});
      // The current file is still good: keep appending to it.
      rotation.done.reject(new StoreUnavailableError(`cannot start journal ${rotation.path}: ${String(err)}`, { cause: err }));
      return;
    }
    // Everything in the old file was already synced by its last flush.
    await this.handle.close().catch(() => {});
    this.handle = next;
    this.filePath = rotation.path;
    this.bytes = 0;
    rotation.done.resolve();
  }

  private fail(err: unknown, current: Deferred | null): void {
    this.failed = new StoreUnavailableError(`journal ${this.filePath} could not be written: ${String(err)}`, { cause: err });
    current?.reject(this.failed);
    this.batchDone?.reject(this.failed);
    this.batchDone = null;
    this.batch = [];
    this.rotation?.done.reject(this.failed);
    this.rotation = null;
  }
}
