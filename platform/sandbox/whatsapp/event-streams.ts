/** Server-Sent Events of one conversation, for the chat page (events: message, status, typing). */
import type { Request, Response } from 'express';
import type { ConversationEvents } from './events';

/** Proxies and load balancers drop connections that stay silent; a comment line keeps them open. */
const HEARTBEAT_MS = 25_000;

export class EventStreams {
  private readonly open = new Set<() => void>();

  constructor(private readonly events: ConversationEvents) {}

  stream(waId: string, req: Request, res: Response): void {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-cache, no-transform',
      Connection: 'keep-alive',
      // nginx would otherwise buffer the stream.
      'X-Accel-Buffering': 'no',
    });
    res.write(': connected\n\n');
    const unsubscribe = this.events.subscribe(waId, (e) => res.write(`event: ${e.event}\ndata: ${JSON.stringify(e.data)}\n\n`));
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const end = () => {
      clearInterval(heartbeat);
      unsubscribe();
      this.open.delete(end);
      res.end();
    };
    this.open.add(end);
    req.on('close', end);
  }

  closeAll(): void {
    for (const end of [...this.open]) end();
  }
}
