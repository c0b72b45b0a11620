import type { NodeAPI, NodeMessage } from './red';

/**
 * A msg property, or undefined when it or a parent is missing:
 * RED.util.getMessageProperty throws when a parent (say msg.citizen) is absent.
 */
export function readMessageProperty(RED: NodeAPI, msg: NodeMessage, expr: string): unknown {
  try {
    return RED.util.getMessageProperty(msg, expr);
  } catch {
    return undefined;
  }
}
