/**
 * A local stand-in for graph.facebook.com: records each request, answers
 * with whatever the test scripts, and counts TCP connections (keep-alive).
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. /sandbox/graph/v23.0/106540352242922/messages */
  url: string;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export type FakeReply =
  | { status: number; json?: unknown; text?: string; bytes?: Buffer; contentType?: string }
  /** Never answer (the client's timeout fires). */
  | 'hang'
  /** Close the connection without a response. */
  | 'destroy';

export type FakeHandler = (request: RecordedRequest, index: number) => FakeReply;

export class FakeGraph {
  readonly requests: RecordedRequest[] = [];
  connections = 0;
  handler: FakeHandler = () => ({ status: 404, json: { error: { message: 'no handler', type: 'OAuthException', code: 100 } } });
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket: Socket) => {
      this.connections += 1;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    return this;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Answers the requests in turn; the last reply repeats. */
  replies(...replies: FakeReply[]): void {
    this.handler = (_request, index) => replies[Math.min(index, replies.length - 1)]!;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.server.close();
    await once(this.server, 'close');
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: RecordedRequest = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
    this.requests.push(request);
    const reply = this.handler(request, this.requests.length - 1);
    if (reply === 'hang') return;
    if (reply === 'destroy') {
      req.socket.destroy();
      return;
    }
    const payload = reply.bytes ?? Buffer.from(reply.text ?? JSON.stringify(reply.json ?? {}));
    res.writeHead(reply.status, { 'content-type': reply.contentType ?? (reply.text !== undefined ? 'text/plain' : 'application/json') });
    res.end(payload);
  }
}
