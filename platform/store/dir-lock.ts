/**
 * A lock file naming the process that has a store directory open. Two
 * processes on one directory would each compact away journals the other is
 * still appending to, losing acknowledged writes, so the second one is
 * refused. A lock left by a dead process (a crash) is taken over; the same
 * process may reopen its own directory (tests, and PID 1 in a restarted container).
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { PRIVATE_FILE_MODE } from './fs-durable';
import { StoreUnavailableError } from './port';

const LOCK_FILE = 'LOCK';

export class DirectoryLock {
  private constructor(private readonly file: string) {}

  static async acquire(dir: string): Promise<DirectoryLock> {
    const file = path.join(dir, LOCK_FILE);
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        await fsp.writeFile(file, String(process.pid), { flag: 'wx', mode: PRIVATE_FILE_MODE });
        return new DirectoryLock(file);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = Number((await fsp.readFile(file, 'utf8').catch(() => '')).trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new StoreUnavailableError(`store directory ${dir} is in use by process ${holder} (remove ${file} if that process is not using it)`);
      }
      await fsp.rm(file, { force: true });
    }
    throw new StoreUnavailableError(`could not lock store directory ${dir}`);
  }

  /** Removes the lock if it is still ours. */
  async release(): Promise<void> {
    const holder = await fsp.readFile(this.file, 'utf8').catch(() => '');
    if (holder.trim() === String(process.pid)) await fsp.rm(this.file, { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
