/** Reading a department's answer: at most so many bytes, refused early when Content-Length says it is larger. */
export class TooLargeError extends Error {
  constructor(max: number) {
    super(`a department answer over ${max} bytes`);
    this.name = 'TooLargeError';
  }
}

export async function readLimited(body: AsyncIterable<Buffer | Uint8Array> & { destroy?: () => void }, max: number, contentLength?: string | string[]): Promise<string> {
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
  return Buffer.concat(chunks).toString('utf8');
}
