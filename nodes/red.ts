/**
 * The slice of Node-RED's runtime API our nodes use. Node-RED ships no types;
 * these follow https://nodered.org/docs/creating-nodes/node-js.
 */
export interface NodeMessage {
  _msgid?: string;
  payload?: unknown;
  [key: string]: unknown;
}

export interface NodeDef {
  id: string;
  type: string;
  name?: string;
  z?: string;
  [key: string]: unknown;
}

export type NodeStatus = { fill?: 'red' | 'green' | 'yellow' | 'blue' | 'grey'; shape?: 'ring' | 'dot'; text?: string } | Record<string, never>;

export interface Node {
  id: string;
  type: string;
  name?: string;
  on(event: 'input', listener: (msg: NodeMessage, send: (msg: NodeMessage | Array<NodeMessage | null>) => void, done: (err?: Error) => void) => void): void;
  on(event: 'close', listener: (removed: boolean, done: () => void) => void): void;
  send(msg: NodeMessage | Array<NodeMessage | null>): void;
  /** Delivers a message to this node's input as if it came over a wire. */
  receive(msg: NodeMessage): void;
  status(status: NodeStatus): void;
  log(msg: string): void;
  warn(msg: string): void;
  error(err: string | Error, msg?: NodeMessage): void;
}

export interface NodeAPI {
  nodes: {
    createNode(node: Node, def: NodeDef): void;
    registerType<T extends Node>(type: string, ctor: (this: T, def: NodeDef) => void, options?: Record<string, unknown>): void;
    getNode(id: string): Node | null;
  };
  settings: Record<string, unknown>;
  util: {
    generateId(): string;
    getMessageProperty(msg: NodeMessage, expr: string): unknown;
    setMessageProperty(msg: NodeMessage, expr: string, value: unknown, createMissing?: boolean): boolean;
    /** A JSONata expression prepared once per node (with Node-RED's $flowContext and friends), evaluated per message. */
    prepareJSONataExpression(expr: string, node: Node): unknown;
    evaluateJSONataExpression(expr: unknown, msg: unknown, callback: (err: Error | null, value: unknown) => void): void;
    /** Evaluates a typedInput value (msg, flow, global, str, num, json, jsonata, env, ...). */
    evaluateNodeProperty(value: string, type: string, node: Node, msg: NodeMessage, callback: (err: Error | null, result: unknown) => void): void;
  };
  _: (key: string, subs?: Record<string, unknown>) => string;
}
