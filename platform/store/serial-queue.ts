/**
 * Runs tasks one at a time, in call order. The mongo engine puts a
 * collection's writes through one of these when the server cannot be trusted
 * to make concurrent read-modify-write operations atomic (FerretDB 1.x on
 * SQLite loses concurrent $inc updates).
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<R>(task: () => Promise<R>): Promise<R> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => {});
    return result;
  }
}

/** The pass-through variant, for servers that are atomic per document. */
export const concurrent = {
  run<R>(task: () => Promise<R>): Promise<R> {
    return task();
  },
};

export type WriteGate = Pick<SerialQueue, 'run'>;
