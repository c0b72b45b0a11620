/**
 * Receives Meta's webhooks for every whatsapp-in node. One Express router,
 * mounted by the host in front of Node-RED's HTTP routes, serves each path a
 * node registers; several nodes (one per department number, say) may share a
 * path, as numbers of one Meta app share its webhook. The router verifies the
 * signature over the raw bytes, takes the events into the store (de-dupe,
 * window, statuses) and acknowledges; the flows run after the 200.
 */
import express, { type Request, type Response, type Router } from 'express';
import { bodyErrorAnswer } from '../http-errors';
import type { Logger } from '../log';
import type { ReceivedEvents, WhatsAppChannel } from './channel';
import { maskWaId } from './channel';
import { parseWebhook, WebhookPayloadError } from './parse';
import { verifyHandshake, verifySignature } from './signature';
import type { InboundMessage, StatusEvent, WhatsAppAccount } from './types';

/** Meta's notifications are at most 3 MB; anything over 1 MB is refused as the issue asks. */
export const WEBHOOK_BODY_LIMIT = '1mb';

export interface WebhookListener {
  /** The account whose number this listener serves (its app secret verifies, its verify token answers the handshake). */
  account(): WhatsAppAccount;
  onMessage(message: InboundMessage): void;
  onStatus(status: StatusEvent): void;
}

export class WebhookHub {
  readonly router: Router;
  private readonly listeners = new Map<string, Set<WebhookListener>>();

  constructor(
    private readonly channel: WhatsAppChannel,
    private readonly log: Logger,
  ) {
    this.router = express.Router();
    const raw = express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT });
    this.router.get('*', (req, res, next) => (this.listeners.has(req.path) ? this.handshake(req, res) : next()));
    this.router.post('*', (req, res, next) => {
      if (!this.listeners.has(req.path)) return next();
      raw(req, res, (err?: unknown) => {
        if (err) {
          const answer = bodyErrorAnswer(err);
          if (answer) res.status(answer.status).json(answer.body);
          else next(err);
          return;
        }
        this.notification(req, res).catch((error: Error) => {
          this.log.error({ err: error }, 'whatsapp: webhook could not be stored; Meta will retry it');
          if (!res.headersSent) res.status(500).json({ error: 'internal_error', message: 'webhook not stored; retry' });
        });
      });
    });
  }

  /** Registers a listener at a path under the node HTTP root, e.g. "/whatsapp/webhook"; returns its removal. */
  listen(path: string, listener: WebhookListener): () => void {
    const normalized = `/${path.replace(/^\/+|\/+$/g, '')}`;
    let set = this.listeners.get(normalized);
    if (!set) this.listeners.set(normalized, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(normalized);
    };
  }

  private handshake(req: Request, res: Response): void {
    const listeners = [...(this.listeners.get(req.path) ?? [])];
    let last: { status: number; reason: string } = { status: 403, reason: 'no account' };
    for (const listener of listeners) {
      const result = verifyHandshake(req.query as Record<string, unknown>, listener.account().verifyToken);
      if (result.ok) {
        res.status(200).type('text/plain').send(result.challenge);
        return;
      }
      last = result;
    }
    res.status(last.status).json({ error: 'verification_failed', message: last.reason });
  }

  private async notification(req: Request, res: Response): Promise<void> {
    const listeners = [...(this.listeners.get(req.path) ?? [])];
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const signature = req.get('x-hub-signature-256');
    // Only the listeners whose app secret signed this body get its events: one Meta app's
    // secret must not be able to speak for another app's numbers on a shared path.
    const verified = listeners.filter((l) => verifySignature(l.account().appSecret, body, signature));
    if (verified.length === 0) {
      this.log.warn({ path: req.path, signed: Boolean(signature) }, 'whatsapp: refused a webhook with a bad or missing signature');
      res.status(401).json({ error: 'invalid_signature', message: signature ? 'X-Hub-Signature-256 does not match the body' : 'X-Hub-Signature-256 is missing' });
      return;
    }
    let events;
    try {
      events = parseWebhook(JSON.parse(body.toString('utf8')));
    } catch (err) {
      const reason = err instanceof WebhookPayloadError ? err.message : `body is not valid JSON: ${(err as Error).message}`;
      res.status(400).json({ error: 'malformed_webhook', message: reason });
      return;
    }

    const received = await this.channel.receive(events);
    res.status(200).json({ received: received.messages.length + received.statuses.length, duplicates: received.duplicates });
    setImmediate(() => {
      try {
        this.dispatch(verified, received);
      } catch (err) {
        this.log.error({ err }, 'whatsapp: could not hand webhook events to the flows');
      }
    });
  }

  private dispatch(listeners: WebhookListener[], received: ReceivedEvents): void {
    const byNumber = (phoneNumberId: string) => listeners.filter((l) => l.account().phoneNumberId === phoneNumberId);
    for (const message of received.messages) {
      const targets = byNumber(message.phoneNumberId);
      if (targets.length === 0) this.log.warn({ phoneNumberId: message.phoneNumberId, from: maskWaId(message.citizen.wa_id) }, 'whatsapp: message for a phone number id no whatsapp-in node serves; acknowledged and dropped');
      for (const t of targets) t.onMessage(message);
    }
    for (const status of received.statuses) {
      for (const t of byNumber(status.phoneNumberId)) t.onStatus(status);
    }
  }
}
