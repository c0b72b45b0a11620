/**
 * Delivers webhook notifications the way Meta does: POST of the JSON body
 * (non-ASCII escaped, as Meta encodes it) signed with X-Hub-Signature-256 over
 * those exact bytes; anything but a 2xx is retried with exponential back-off.
 * At least once: a delivery that got a 2xx is never sent again, one that did
 * not is sent again even if the receiver had processed it.
 *
 * Notifications about one citizen go out one after the other, so a citizen's
 * messages and statuses arrive in order unless a delivery is given up on.
 */
import { backOff } from 'exponential-backoff';
import { Agent, request } from 'undici';
import type { Logger } from '../../log';
import { encodeWebhookBody, signBody } from '../../whatsapp/signature';
import type { WebhookNotification } from '../../whatsapp/types';
import type { WebhookRetryOptions } from './options';

export interface WebhookStats {
  /** Notifications the receiver answered with a 2xx. */
  delivered: number;
  /** Attempts after a failed one. */
  retried: number;
  /** Notifications given up on after the last attempt, or dropped (no URL, too many waiting). */
  failed: number;
  /** Notifications not yet delivered or given up on. */
  pending: number;
}

class WebhookRejected extends Error {
  constructor(readonly status: number) {
    super(`webhook answered HTTP ${status}`);
  }
}

class DeliveryStopped extends Error {}

export class WebhookDelivery {
  private url: string | null;
  private readonly agent = new Agent({ keepAliveTimeout: 10_000 });
  private readonly abort = new AbortController();
  /** Last queued delivery per ordering key: the next one for that key starts after it. */
  private readonly tails = new Map<string, Promise<void>>();
  private readonly inFlight = new Set<Promise<void>>();
  private readonly counts = { delivered: 0, retried: 0, failed: 0 };
  private closed = false;

  constructor(
    private readonly appSecret: string,
    url: string | null,
    private readonly retry: WebhookRetryOptions,
    private readonly log: Logger | null,
  ) {
    this.url = url;
  }

  setUrl(url: string | null): void {
    this.url = url;
  }

  send(orderingKey: string, payload: WebhookNotification): void {
    if (this.closed) return;
    // Nothing can be delivered without a URL, and an endpoint that stays down must not grow memory without end.
    const refusal = !this.url ? 'no webhook URL is configured' : this.inFlight.size >= this.retry.maxPending ? `${this.retry.maxPending} notifications are already waiting` : null;
    if (refusal) {
      this.counts.failed++;
      this.log?.warn({ reason: refusal }, 'sandbox WhatsApp: dropped a webhook notification');
      return;
    }
    // Encoded and signed once: every retry carries the same bytes, as Meta's do.
    const body = encodeWebhookBody(payload);
    const signature = signBody(this.appSecret, body);
    const previous = this.tails.get(orderingKey) ?? Promise.resolve();
    const job = previous.then(() => this.deliver(body, signature));
    this.tails.set(orderingKey, job);
    this.inFlight.add(job);
    void job.finally(() => {
      this.inFlight.delete(job);
      if (this.tails.get(orderingKey) === job) this.tails.delete(orderingKey);
    });
  }

  stats(): WebhookStats {
    return { ...this.counts, pending: this.inFlight.size };
  }

  /** Resolves once every queued notification was delivered or given up on. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  /** Stops retrying and aborts requests in progress; undelivered notifications are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    this.abort.abort();
    await this.agent.destroy();
  }

  private async deliver(body: string, signature: string): Promise<void> {
    try {
      await backOff(() => this.attempt(body, signature), {
        numOfAttempts: this.retry.attempts,
        startingDelay: this.retry.startingDelayMs,
        timeMultiple: this.retry.timeMultiple,
        maxDelay: this.retry.maxDelayMs,
        retry: (_err: unknown, attemptsMade: number) => {
          if (this.closed || attemptsMade >= this.retry.attempts) return false;
          this.counts.retried++;
          return true;
        },
      });
      this.counts.delivered++;
    } catch (err) {
      if (this.closed) return;
      this.counts.failed++;
      this.log?.warn({ err: (err as Error).message, attempts: this.retry.attempts }, 'sandbox WhatsApp: gave up delivering a webhook');
    }
  }

  private async attempt(body: string, signature: string): Promise<void> {
    if (this.closed) throw new DeliveryStopped('simulator closed');
    // The URL was unset while this notification waited: a failed attempt, retried like any other.
    if (!this.url) throw new Error('no webhook URL configured');
    const response = await request(this.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-hub-signature-256': signature,
        'user-agent': 'facebookexternalua',
      },
      body,
      dispatcher: this.agent,
      signal: this.abort.signal,
      headersTimeout: this.retry.attemptTimeoutMs,
      bodyTimeout: this.retry.attemptTimeoutMs,
    });
    await response.body.dump();
    if (response.statusCode < 200 || response.statusCode >= 300) throw new WebhookRejected(response.statusCode);
  }
}
