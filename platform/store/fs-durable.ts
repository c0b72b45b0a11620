/** Small durability and privacy primitives for the embedded engine's files. */
import { promises as fsp } from 'node:fs';
import path from 'node:path';

/**
 * The store holds citizens' data: its files are the owner's alone (0600 in a
 * 0700 directory), whatever the process umask. A mode given to open/mkdir
 * only applies to a new entry and the umask can only remove bits, so each
 * creation passes the mode and existing entries are chmod-ed.
 */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates `dir` (and missing parents) 0700, and tightens it if it already existed. */
export async function ensurePrivateDirectory(dir: string): Promise<void> {
  await fsp.mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  await fsp.chmod(dir, PRIVATE_DIR_MODE);
}

/**
 * Tightens the regular files directly in `dir` to 0600: a store written by an
 * older version (or restored from a backup) may have 0644 files that are
 * otherwise only replaced at the next compaction.
 */
export async function tightenFiles(dir: string): Promise<void> {
  for (const entry of await fsp.readdir(dir, { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(dir, entry.name);
    const { mode } = await fsp.stat(file);
    if ((mode & 0o777) !== PRIVATE_FILE_MODE) await fsp.chmod(file, PRIVATE_FILE_MODE);
  }
}

/**
 * fsyncs a directory so that a file created, renamed or deleted in it survives
 * a power loss (the entry lives in the directory, not in the file).
 */
export async function syncDirectory(dir: string): Promise<void> {
  const handle = await fsp.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export async function writeFully(handle: fsp.FileHandle, data: Buffer): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, null);
    offset += bytesWritten;
  }
}

/**
 * Replaces `target` atomically: write a temp file, fsync it, rename over the
 * target, fsync the directory. A crash leaves either the old or the new file,
 * never a mixture.
 */
export async function writeFileAtomic(target: string, write: (handle: fsp.FileHandle) => Promise<void>): Promise<void> {
  const temp = `${target}.tmp`;
  const handle = await fsp.open(temp, 'w', PRIVATE_FILE_MODE);
  try {
    // A temp file left by a crash keeps its old mode through 'w'; the rename carries this one to the target.
    await handle.chmod(PRIVATE_FILE_MODE);
    await write(handle);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsp.rename(temp, target);
  await syncDirectory(path.dirname(target));
}
