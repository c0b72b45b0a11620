/**
 * Records the messages that reach a node test's `helper` nodes (one per output
 * port, plus `caught`), in arrival order, so a test can await each in turn.
 * One copy for the node tests, which each had the same array, waiter and
 * listener loop. Call `listen()` after every `helper.load`: it empties
 * `arrived` and registers one listener per port on the nodes just loaded.
 */
import helper from 'node-red-node-test-helper';

type Msg = Record<string, any>;

export interface Arrival<P extends string> {
  port: P;
  msg: Msg;
}

export function portRecorder<P extends string>(ports: readonly P[]) {
  const arrived: Array<Arrival<P>> = [];
  let waiter: (() => void) | null = null;
  return {
    /** What has arrived and not yet been taken by `next()`, oldest first. */
    arrived,
    listen(): void {
      arrived.length = 0;
      waiter = null;
      for (const port of ports)
        helper.getNode(port).on('input', (msg: Msg) => {
          arrived.push({ port, msg });
          waiter?.();
        });
    },
    /** The oldest arrival, waiting for one if none is there yet. */
    async next(): Promise<Arrival<P>> {
      while (arrived.length === 0) await new Promise<void>((r) => (waiter = r));
      return arrived.shift()!;
    },
  };
}
