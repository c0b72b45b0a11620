/**
 * Receives Meta's webhooks for every whatsapp-in node. One Express router,
 * mounted by the host in front of Node-RED's HTTP routes, serves each path a
 * node registers; several nodes (one per department number, say) may share a
 * path, as numbers of one Meta app share its webhook.
 *
 * A notification is verified (signature over the raw bytes, 401), bounded
 * (size 413, nesting depth 400) and parsed (400); its messages go into the
 * durable inbox and its statuses into the channel's records, and only then is
 * it acknowledged. The inbox runs the messages through the flows, one citizen
 * at a time.
 *
 * A deploy stops every whatsapp-in for a moment. A path that had listeners
 * keeps its accounts remembered, so a webhook arriving then is still verified
 * and stored; its messages wait in the inbox and run when the path's
 * listeners are back. A path the live flows use but whose nodes have not
 * started yet (the host starting) answers 503 with Retry-After, never 404.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import express, { type Request, type Response, type Router } from 'express';
import { maskCitizen } from '../citizens/identity';
import { bodyErrorAnswer } from '../http-errors';
import type { Logger } from '../log';
import type { WhatsAppChannel } from './channel';
import type { Inbox, MessageHandler } from './inbox';
import { parseWebhookBody, WebhookPayloadError } from './parse';
import { verifyHandshake, verifySignature } from './signature';
import type { InboundMessage, StatusEvent, WhatsAppAccount } from './types';

/** Meta's notifications are at most 3 MB; anything over 1 MB is refused. */
export const WEBHOOK_BODY_LIMIT = '1mb';
/** Where a whatsapp-in listens when its path is left empty (under the node HTTP root, /api). */
export const DEFAULT_WEBHOOK_PATH = '/whatsapp/webhook';
/** What a webhook on a path whose flows are not running yet is told. */
const RETRY_AFTER_S = 5;

/** How a notification is answered: by Express's response, or straight on the HTTP server's (`handleRequest`). */
type Answer = (status: number, body: unknown, headers?: Record<string, string>) => void;

function expressAnswer(res: Response): Answer {
  return (status, body, headers) => res.set(headers ?? {}).status(status).json(body);
}

export interface WebhookListener {
  /** The account whose number this listener serves (its app secret verifies, its verify token answers the handshake). */
  account(): WhatsAppAccount;
  /** Runs the message through the flow; resolves when the flow's turn is over (or a deploy interrupted it). */
  onMessage(message: InboundMessage): Promise<'done' | 'interrupted' | 'retry' | void>;
  onStatus(status: StatusEvent): void;
}

/** The inbox path of events the platform injects (handlers are found by number and app, not path). */
const INJECTED_PATH = '/jansetu/events';

/** An app secret's fingerprint: which app signed a stored message, without storing the secret. */
export function appFingerprint(appSecret: string): string {
  let fingerprint = fingerprints.get(appSecret);
  if (fingerprint === undefined) {
    fingerprint = createHash('sha256').update('jansetu-app:').update(appSecret).digest('hex').slice(0, 16);
    if (fingerprints.size > 1000) fingerprints.clear();
    fingerprints.set(appSecret, fingerprint);
  }
  return fingerprint;
}
const fingerprints = new Map<string, string>();

export class WebhookHub {
  private readonly statusSubscribers = new Set<(status: StatusEvent) => void>();
  readonly router: Router;
  private readonly listeners = new Map<string, Set<WebhookListener>>();
  /** The accounts last seen on each path, to verify (and hold) webhooks while a deploy restarts its nodes. */
  private readonly remembered = new Map<string, WhatsAppAccount[]>();
  /** Paths the live flows serve, known before their nodes start. */
  private readonly expected = new Set<string>();

  constructor(
    private readonly channel: WhatsAppChannel,
    private readonly inbox: Inbox,
    private readonly log: Logger,
  ) {
    inbox.setRouter((route) => this.handlersFor(route));
    this.router = express.Router();
    this.router.get('*', (req, res, next) => (this.serves(req.path) ? this.handshake(req, res) : next()));
    this.router.post('*', (req, res, next) => {
      if (!this.serves(req.path)) return next();
      this.post(req.path, req, res, expressAnswer(res), next);
    });
  }

  /**
   * A webhook POST taken straight off the HTTP server, before Express walks the host's route
   * layers (Meta posts two or three webhooks per message sent: those layers were a tenth of a
   * campaign's CPU). `root` is where the router is mounted. Answers false, leaving the request to
   * Express, for anything but a POST to a path this hub serves; the answers are the router's.
   */
  handleRequest(req: IncomingMessage, res: ServerResponse, root: string): boolean {
    const url = req.url;
    if (req.method !== 'POST' || !url?.startsWith(`${root}/`)) return false;
    const query = url.indexOf('?');
    const path = url.slice(root.length, query < 0 ? undefined : query);
    if (!this.serves(path)) return false;
    const answer: Answer = (status, body, headers) => {
      const json = JSON.stringify(body);
      res.writeHead(status, { ...headers, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(json) });
      res.end(json);
    };
    this.post(path, req, res, answer, (err) => {
      this.log.error({ err }, 'whatsapp: webhook body could not be read');
      if (!res.headersSent) answer(500, { error: 'internal_error', message: 'webhook body could not be read; retry' });
      else res.destroy();
    });
    return true;
  }

  /** A served path's POST: its body read (bounded), then the notification stored and answered. */
  private post(path: string, req: IncomingMessage, res: ServerResponse, answer: Answer, next: (err?: unknown) => void): void {
    readWebhookBody(req, res, (err?: unknown) => {
      if (err) {
        const refusal = bodyErrorAnswer(err);
        if (refusal) answer(refusal.status, refusal.body);
        else next(err);
        return;
      }
      const body = (req as IncomingMessage & { body?: unknown }).body;
      const signature = req.headers['x-hub-signature-256'];
      this.notification(path, Buffer.isBuffer(body) ? body : Buffer.alloc(0), typeof signature === 'string' ? signature : undefined, answer).catch((error: Error) => {
        this.log.error({ err: error }, 'whatsapp: webhook could not be stored; Meta will retry it');
        if (!res.headersSent) answer(500, { error: 'internal_error', message: 'webhook not stored; retry' });
      });
    });
  }

  /** Registers a listener at a path under the node HTTP root, e.g. "/whatsapp/webhook"; returns its removal. */
  listen(path: string, listener: WebhookListener): () => void {
    const normalized = normalizePath(path);
    let set = this.listeners.get(normalized);
    if (!set) this.listeners.set(normalized, (set = new Set()));
    set.add(listener);
    this.rememberAccounts(normalized);
    // Messages that waited for this number (a deploy, a number wired just now) run now.
    const phoneNumberId = safeAccount(listener)?.phoneNumberId;
    this.inbox.recover(phoneNumberId ? { phoneNumberId } : {}).catch((err: Error) => this.log.warn({ err }, 'whatsapp: inbox recovery failed'));
    return () => {
      set.delete(listener);
      if (set.size === 0) this.listeners.delete(normalized);
    };
  }

  /** Paths the live flows will serve: answered 503 + Retry-After (not 404) until their nodes start. */
  expect(paths: Iterable<string>, options: { replace?: boolean } = {}): void {
    if (options.replace) this.expected.clear();
    for (const path of paths) this.expected.add(normalizePath(path));
    // A path the new flows no longer serve stops being held for them.
    if (options.replace) for (const path of [...this.remembered.keys()]) if (!this.expected.has(path) && !this.listeners.has(path)) this.remembered.delete(path);
  }

  /** True when every expected path has a live listener. */
  get allExpectedListening(): boolean {
    for (const path of this.expected) if (!this.listeners.has(path)) return false;
    return true;
  }

  /**
   * An event for a citizen's flow that does not come from Meta (DigiLocker's consent came back):
   * into the inbox as a message of type `event`, so it runs in the citizen's order, after any
   * message before it, and goes to the step waiting for it. Its id makes it once only.
   */
  async injectEvent(event: { id: string; phoneNumberId: string; displayPhoneNumber: string; businessAccountId: string; citizen: InboundMessage['citizen']; citizenKey: string; name: string; data?: Record<string, unknown> }): Promise<boolean> {
    const account = this.accountFor(event.phoneNumberId);
    if (!account) return false;
    const { name, data, ...from } = event;
    const message: InboundMessage = { kind: 'message', ...from, timestamp: new Date(), type: 'event', event: { name, ...(data ? { data } : {}) } };
    const accepted = await this.inbox.accept([message], INJECTED_PATH, [appFingerprint(account.appSecret)]);
    this.inbox.kick([event.citizenKey]);
    return accepted.accepted.length > 0;
  }

  /**
   * The account a number speaks with, from a live whatsapp-in (else one
   * remembered through a deploy): for messages the platform sends on its own
   * (a department's status update), not as a reply in a flow.
   */
  accountFor(phoneNumberId: string): WhatsAppAccount | null {
    for (const set of this.listeners.values()) {
      for (const listener of set) {
        const account = safeAccount(listener);
        if (account?.phoneNumberId === phoneNumberId) return account;
      }
    }
    for (const accounts of this.remembered.values()) for (const account of accounts) if (account.phoneNumberId === phoneNumberId) return account;
    return null;
  }

  private serves(path: string): boolean {
    return this.listeners.has(path) || this.remembered.has(path) || this.expected.has(path);
  }

  /** Live accounts of a path, else the remembered ones (a deploy in progress). */
  private accountsOf(path: string): WhatsAppAccount[] {
    const live = this.listeners.get(path);
    if (live && live.size > 0) {
      const accounts = [...live].map(safeAccount).filter((a): a is WhatsAppAccount => a !== null);
      if (accounts.length > 0) return accounts;
    }
    return this.remembered.get(path) ?? [];
  }

  private rememberAccounts(path: string): void {
    const accounts = [...(this.listeners.get(path) ?? [])].map(safeAccount).filter((a): a is WhatsAppAccount => a !== null);
    if (accounts.length > 0) this.remembered.set(path, accounts);
  }

  private isListening(listener: WebhookListener): boolean {
    for (const set of this.listeners.values()) if (set.has(listener)) return true;
    return false;
  }

  /** By number and signing app: a whatsapp-in moved to another path still gets what waited on the old one. */
  private handlersFor(route: { phoneNumberId: string; path: string; signedBy: readonly string[] }): MessageHandler[] {
    const handlers: MessageHandler[] = [];
    for (const listener of [...this.listeners.values()].flatMap((set) => [...set])) {
      const account = safeAccount(listener);
      // Only the app that signed the webhook may speak for its numbers.
      if (account && account.phoneNumberId === route.phoneNumberId && route.signedBy.includes(appFingerprint(account.appSecret))) {
        // The handler may be called a moment later, after a deploy stopped this listener's node
        // (the inbox claims the message in between): a stopped node's send reaches nothing, and its
        // flow would seem done at once. The message is run again by the node that replaced it.
        handlers.push((message) => (this.isListening(listener) ? listener.onMessage(message) : Promise.resolve('interrupted')));
      }
    }
    return handlers;
  }

  private handshake(req: Request, res: Response): void {
    const accounts = this.accountsOf(req.path);
    if (accounts.length === 0) return this.notYet(expressAnswer(res));
    let last: { status: number; reason: string } = { status: 403, reason: 'no account' };
    for (const account of accounts) {
      const result = verifyHandshake(req.query as Record<string, unknown>, account.verifyToken);
      if (result.ok) {
        res.status(200).type('text/plain').send(result.challenge);
        return;
      }
      last = result;
    }
    res.status(last.status).json({ error: 'verification_failed', message: last.reason });
  }

  private notYet(answer: Answer): void {
    answer(503, { error: 'starting', message: `the flows serving this webhook are starting; retry in ${RETRY_AFTER_S} s` }, { 'Retry-After': String(RETRY_AFTER_S) });
  }

  private async notification(path: string, body: Buffer, signature: string | undefined, answer: Answer): Promise<void> {
    const accounts = this.accountsOf(path);
    if (accounts.length === 0) return this.notYet(answer);
    // Only the accounts whose app secret signed this body get its events: one Meta app's
    // secret must not be able to speak for another app's numbers on a shared path.
    const verified = accounts.filter((a) => verifySignature(a.appSecret, body, signature));
    if (verified.length === 0) {
      this.log.warn({ path, signed: Boolean(signature) }, 'whatsapp: refused a webhook with a bad or missing signature');
      answer(401, { error: 'invalid_signature', message: signature ? 'X-Hub-Signature-256 does not match the body' : 'X-Hub-Signature-256 is missing' });
      return;
    }
    let events;
    try {
      events = parseWebhookBody(body);
    } catch (err) {
      if (!(err instanceof WebhookPayloadError)) throw err;
      answer(400, { error: 'malformed_webhook', message: err.message });
      return;
    }

    const signedBy = [...new Set(verified.map((a) => appFingerprint(a.appSecret)))];
    // A signature speaks only for its own app's numbers: events for any other number are kept
    // aside (messages, listed for admins) or dropped (statuses), never run or recorded as that number's.
    const served = new Set(verified.map((a) => a.phoneNumberId));
    const received = await this.channel.receive(events, path, signedBy, served);
    answer(200, { received: received.messages.length + received.statuses.length, duplicates: received.duplicates });
    for (const anonymous of received.anonymous) {
      this.log.warn({ phoneNumberId: anonymous.phoneNumberId, message: anonymous.id }, 'whatsapp: a message with neither a phone number nor a user id; acknowledged, not stored');
    }
    if (received.messages.length > 0) {
      this.log.debug({ from: received.messages.map((m) => maskCitizen(m.citizen)) }, 'whatsapp: messages stored');
      this.inbox.kick(received.messages.map((m) => m.citizenKey));
    }
    if (received.statuses.length > 0) setImmediate(() => this.dispatchStatuses(path, received.statuses, signedBy));
  }

  /** Platform services that follow delivery (broadcast counters): every recorded status, whatever flow serves it. */
  subscribeStatuses(subscriber: (status: StatusEvent) => void): () => void {
    this.statusSubscribers.add(subscriber);
    return () => this.statusSubscribers.delete(subscriber);
  }

  /** Statuses go to the flows as they come: they are already recorded, and order between them does not matter. */
  private dispatchStatuses(path: string, statuses: StatusEvent[], signedBy: readonly string[]): void {
    for (const status of statuses) {
      for (const subscriber of this.statusSubscribers) {
        try {
          subscriber(status);
        } catch (err) {
          this.log.error({ err }, 'whatsapp: a status subscriber failed');
        }
      }
      for (const listener of this.listeners.get(path) ?? []) {
        const account = safeAccount(listener);
        if (!account || account.phoneNumberId !== status.phoneNumberId || !signedBy.includes(appFingerprint(account.appSecret))) continue;
        try {
          listener.onStatus(status);
        } catch (err) {
          this.log.error({ err }, 'whatsapp: a flow refused a status event');
        }
      }
    }
  }
}

/** The raw bytes of any content type, inflated when gzip'd, at most WEBHOOK_BODY_LIMIT (body-parser works on a bare IncomingMessage too). */
const readWebhookBody = express.raw({ type: () => true, limit: WEBHOOK_BODY_LIMIT }) as unknown as (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

function normalizePath(path: string): string {
  return `/${path.replace(/^\/+|\/+$/g, '')}`;
}

/** A listener whose account became incomplete (a config change) serves nothing rather than failing the webhook. */
function safeAccount(listener: WebhookListener): WhatsAppAccount | null {
  try {
    return listener.account();
  } catch {
    return null;
  }
}
