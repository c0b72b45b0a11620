/**
 * Reading an HTTP answer from an outside service (a department, UIDAI, DigiLocker): at most so
 * many bytes, refused early when Content-Length says it is larger, so a service that answers
 * megabytes (or never stops) cannot fill this host's memory.
 */
export class TooLargeError extends Error {
  constructor(readonly max: number) {
    super(`an answer over ${max} bytes`);
    this.name = 'TooLargeError';
  }
}

export async function readBounded(body: AsyncIterable<Buffer | Uint8Array> & { destroy?: () => void }, max: number, contentLength?: string | string[]): Promise<Buffer> {
  const declared = Number(Array.isArray(contentLength) ? contentLength[0] : contentLength);
  if (Number.isFinite(declared) && declared > max) {
    body.destroy?.();
    throw new TooLargeError(max);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      body.destroy?.();
      throw new TooLargeError(max);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks);
}
