/**
 * Tells when a flow has finished with a message: the end of a citizen's turn,
 * after which the inbox may run that citizen's next message.
 *
 * Node-RED has no "flow finished" event, but its messaging hooks see every
 * step (https://nodered.org/docs/api/hooks/messaging/): `preDeliver` when a
 * copy of the message is on its way to a node, `onReceive` when the node gets
 * it, and `onComplete` when the node calls done(). A turn is over when no copy
 * is on its way and every node that received one has completed. Messages
 * reach a node outside the router too (link nodes, Catch): those arrive at
 * onReceive without a preDeliver and are counted there.
 *
 * Nodes that take no `done` callback (old-style: the core switch) say nothing
 * when they are done. Taking one as done when its handler returned ended turns
 * early: the switch queues a message behind the one it is routing and sends it
 * a tick later, so under load (many citizens at once) a turn was over before
 * its reply, and a deploy in that moment lost the reply. Such a node is done
 * with a message when it calls send: with that message, or with no message at
 * all (no rule matched: the switch sends `[null, …]`), which ends the oldest it
 * holds (it routes in arrival order). A node that never calls send (an error)
 * is done OLD_STYLE_GRACE_MS after it received the message (a switch whose
 * queue took longer than that, the event loop stalled, ends a turn early, as
 * all of them did before).
 *
 * A node that sends later from a timer after calling done() (a function node
 * with setTimeout, say) would send after the turn ended; the inbox's turn
 * timeout is the backstop for a node that never completes.
 *
 * A deploy stops nodes under a message on its way: such a turn is ended as
 * `interrupted`, and the inbox runs the message again once the flows are back
 * (whatsapp-out does not send the same reply twice for one message). This
 * happens from the moment the deploy saves the flows, not when Node-RED says
 * it stops them: in that window turns were seen ending as done, unanswered.
 */
import type { Logger } from '../log';

/** The part of a Node-RED node the tracker looks at, and (old-style nodes) wraps. */
interface RuntimeNode {
  _expectedDoneCount?: number;
  send?: (...args: unknown[]) => void;
  [wrapper: symbol]: unknown;
}

interface HookEvent {
  msg?: { _msgid?: string };
  /** onComplete: what the node passed to done(). */
  error?: unknown;
  destination?: { id: string; node?: RuntimeNode };
  node?: { id: string };
}

/** An old-style node holding a turn's message: done at the node's send, or at its timer. */
interface Held {
  msgId: string;
  turn: Turn;
  timer: NodeJS.Timeout;
}

/** The part of Node-RED's runtime hooks API used here. */
export interface RedHooks {
  add(name: string, handler: (event: HookEvent) => void): void;
  remove(name: string): void;
}

/**
 * `retry`: a node completed with an error marked `retryMessage` (a reply that could not be sent
 * for now): the message is run again later, not taken as answered.
 */
export type TurnEnd = 'done' | 'interrupted' | 'retry';

/** Marks an error with which a node gives up on a message that a later run may complete. */
export function markRetryable<E extends Error>(err: E): E & { retryMessage: true } {
  return Object.assign(err, { retryMessage: true as const });
}

interface Turn {
  startedAt: number;
  /** Copies on their way, per destination node. */
  pending: Map<string, number>;
  pendingTotal: number;
  active: number;
  resolve: (end: TurnEnd) => void;
  checkScheduled: boolean;
  /** A node gave up with a retryable error: the turn ends as `retry`. */
  retry: boolean;
}

const HOOK_SUFFIX = '.jansetu-turns';
/** Twice the inbox's turn timeout. */
const MAX_TURN_AGE_MS = 60_000;
/** How long an old-style node that never calls send (it failed) is taken to hold a message. */
export const OLD_STYLE_GRACE_MS = 1000;

export class TurnTracker {
  private readonly turns = new Map<string, Turn>();
  /** Per old-style node (by id), the messages it holds, oldest first. */
  private readonly held = new Map<string, Held[]>();
  /** Where this tracker keeps, on a node, the send it wrapped (a rewire puts the runtime's send back: wrapped again). */
  private readonly wrapped = Symbol('jansetu.turns.send');
  private hooks: RedHooks | null = null;
  private pruner: NodeJS.Timeout | null = null;

  constructor(private readonly log?: Logger) {}

  /** Installs the hooks on the runtime; until then, a turn ends as soon as the message is sent. */
  attach(hooks: RedHooks): void {
    this.hooks = hooks;
    hooks.add(`preDeliver${HOOK_SUFFIX}`, (e) => this.onPreDeliver(e));
    hooks.add(`onReceive${HOOK_SUFFIX}`, (e) => this.onReceive(e));
    hooks.add(`onComplete${HOOK_SUFFIX}`, (e) => this.onComplete(e));
    // A node that never completes (a throw Node-RED catches, a branch without done) would keep
    // its turn here for ever; the inbox stopped waiting long before.
    this.pruner = setInterval(() => this.prune(Date.now() - MAX_TURN_AGE_MS), MAX_TURN_AGE_MS / 2);
    this.pruner.unref();
  }

  private prune(before: number): void {
    for (const [id, turn] of this.turns) {
      if (turn.startedAt >= before) continue;
      this.turns.delete(id);
      this.forget(turn);
      turn.resolve('done');
    }
  }

  detach(): void {
    if (!this.hooks) return;
    for (const name of ['preDeliver', 'onReceive', 'onComplete']) this.hooks.remove(`${name}${HOOK_SUFFIX}`);
    if (this.pruner) clearInterval(this.pruner);
    this.pruner = null;
    this.hooks = null;
    this.interruptAll();
  }

  /** A deploy stops the flows: every turn under way ends as interrupted. */
  interruptAll(): void {
    for (const turn of this.turns.values()) turn.resolve('interrupted');
    this.turns.clear();
    for (const list of this.held.values()) for (const held of list) clearTimeout(held.timer);
    this.held.clear();
  }

  /**
   * Call before the message is sent into the flow; the promise resolves when
   * the flow is done with it (at once after the send when no hooks are attached).
   */
  track(msgId: string): { ended: Promise<TurnEnd>; sent(): void } {
    let resolve!: (end: TurnEnd) => void;
    const ended = new Promise<TurnEnd>((r) => {
      resolve = r;
    });
    const turn: Turn = { startedAt: Date.now(), pending: new Map(), pendingTotal: 0, active: 0, resolve, checkScheduled: false, retry: false };
    this.turns.set(msgId, turn);
    return {
      ended,
      sent: () => {
        if (!this.hooks) {
          this.turns.delete(msgId);
          resolve('done');
          return;
        }
        this.scheduleCheck(msgId, turn);
      },
    };
  }

  get inFlight(): number {
    return this.turns.size;
  }

  private turnOf(event: HookEvent): [string, Turn] | null {
    const id = event.msg?._msgid;
    if (id === undefined) return null;
    const turn = this.turns.get(id);
    return turn ? [id, turn] : null;
  }

  private onPreDeliver(event: HookEvent): void {
    const found = this.turnOf(event);
    if (!found || !event.destination) return;
    const [, turn] = found;
    turn.pending.set(event.destination.id, (turn.pending.get(event.destination.id) ?? 0) + 1);
    turn.pendingTotal++;
  }

  private onReceive(event: HookEvent): void {
    const found = this.turnOf(event);
    if (!found || !event.destination) return;
    const [id, turn] = found;
    const waiting = turn.pending.get(event.destination.id) ?? 0;
    if (waiting > 0) {
      turn.pending.set(event.destination.id, waiting - 1);
      turn.pendingTotal--;
    }
    turn.active++;
    const node = event.destination.node;
    if (node && node._expectedDoneCount === 0) this.hold(event.destination.id, node, id, turn);
  }

  /** An old-style node got a turn's message: held until the node sends (see the top of this file). */
  private hold(nodeId: string, node: RuntimeNode, msgId: string, turn: Turn): void {
    const list = this.held.get(nodeId) ?? [];
    const held: Held = { msgId, turn, timer: setTimeout(() => this.release(nodeId, held), OLD_STYLE_GRACE_MS) };
    held.timer.unref();
    list.push(held);
    this.held.set(nodeId, list);
    if (typeof node.send !== 'function' || node.send === node[this.wrapped]) return;
    // The node's own send, seen before the runtime routes it: the one call an old-style node makes when done.
    const send = node.send;
    const wrapper = (...args: unknown[]) => {
      this.onOldStyleSend(nodeId, args);
      send.apply(node, args);
    };
    node.send = wrapper;
    node[this.wrapped] = wrapper;
  }

  private onOldStyleSend(nodeId: string, args: unknown[]): void {
    const list = this.held.get(nodeId);
    if (!list || list.length === 0) return;
    const ids = new Set<string>();
    const collect = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(collect);
      else if (value && typeof value === 'object') {
        const id = (value as { _msgid?: unknown })._msgid;
        if (typeof id === 'string') ids.add(id);
      }
    };
    args.forEach(collect);
    // Sending nothing on (no rule matched): done with the oldest it holds (it routes in arrival order).
    if (ids.size === 0) return this.release(nodeId, list[0]!);
    // Else done with one holding of each message it sent (a message it got twice is held twice);
    // a message it does not hold (not a citizen's turn) releases nothing.
    for (const id of ids) {
      const held = list.find((h) => h.msgId === id);
      if (held) this.release(nodeId, held);
    }
  }

  private release(nodeId: string, held: Held): void {
    const list = this.held.get(nodeId);
    const at = list?.indexOf(held) ?? -1;
    if (!list || at < 0) return;
    list.splice(at, 1);
    if (list.length === 0) this.held.delete(nodeId);
    clearTimeout(held.timer);
    const { turn, msgId } = held;
    if (this.turns.get(msgId) !== turn) return;
    if (turn.active > 0) turn.active--;
    this.scheduleCheck(msgId, turn);
  }

  /** A turn gone (pruned): old-style nodes no longer hold it. */
  private forget(turn: Turn): void {
    for (const [nodeId, list] of this.held) {
      for (const held of list.filter((h) => h.turn === turn)) {
        clearTimeout(held.timer);
        list.splice(list.indexOf(held), 1);
      }
      if (list.length === 0) this.held.delete(nodeId);
    }
  }

  private onComplete(event: HookEvent): void {
    const error = event.error as { retryMessage?: unknown } | undefined;
    if (error && error.retryMessage === true) {
      const found = this.turnOf(event);
      if (found) found[1].retry = true;
    }
    this.finishOne(event);
  }

  private finishOne(event: HookEvent): void {
    const found = this.turnOf(event);
    if (!found) return;
    const [id, turn] = found;
    if (turn.active > 0) turn.active--;
    this.scheduleCheck(id, turn);
  }

  /** Checked a loop turn later: a node may send on after done(), and sends are routed synchronously. */
  private scheduleCheck(id: string, turn: Turn): void {
    if (turn.checkScheduled || turn.active > 0 || turn.pendingTotal > 0) return;
    turn.checkScheduled = true;
    setImmediate(() => {
      turn.checkScheduled = false;
      if (turn.active === 0 && turn.pendingTotal === 0 && this.turns.get(id) === turn) {
        this.turns.delete(id);
        turn.resolve(turn.retry ? 'retry' : 'done');
      }
    });
  }
}
