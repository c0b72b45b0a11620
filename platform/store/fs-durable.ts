/** Small durability primitives for the embedded engine's files. */
import { promises as fsp } from 'node:fs';
import path from 'node:path';

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
  const handle = await fsp.open(temp, 'w');
  try {
    await write(handle);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fsp.rename(temp, target);
  await syncDirectory(path.dirname(target));
}
