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

/**
 * A prepared JSONata expression's value for a msg, as plain JSON (JSONata
 * marks its sequences with extra properties); undefined when it gives nothing.
 */
export function evaluateToJson(RED: NodeAPI, expr: unknown, msg: NodeMessage): Promise<unknown> {
  return new Promise((resolve, reject) =>
    RED.util.evaluateJSONataExpression(expr, msg, (err, value) => {
      if (err) return reject(err);
      const json = value === undefined ? undefined : JSON.stringify(value);
      resolve(json === undefined ? undefined : JSON.parse(json));
    }),
  );
}
