/**
 * Test harness for the WhatsApp simulator: the simulator's routers in an
 * Express app on an ephemeral port (mounted where the host mounts them) and a
 * webhook receiver that records raw bodies and answers with scripted statuses.
 */
import { EventEmitter, once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { createWhatsAppSimulator, type WhatsAppSimulator, type WhatsAppSimulatorOptions } from '../../platform/sandbox/whatsapp';
import type { WebhookNotification, WebhookStatus } from '../../platform/whatsapp/types';

export const ACCESS_TOKEN = 'test-access-token';
export const APP_SECRET = 'test-app-secret';
export const NUMBER = { phoneNumberId: '106540352242922', displayPhoneNumber: '15550783881', businessAccountId: '102290129340398' };
export const OTHER_NUMBER = { phoneNumberId: '106540352242923', displayPhoneNumber: '15550783882', businessAccountId: '102290129340398' };

export interface ReceivedWebhook {
  raw: string;
  signature: string | undefined;
  json: WebhookNotification;
}

/** Records every POST; answers with the next scripted status (then 200). */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private readonly scripted: number[] = [];
  private readonly posts = new EventEmitter();
  private server!: http.Server;
  url = '';

  async start(): Promise<void> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const header = req.headers['x-hub-signature-256'];
        this.received.push({ raw, signature: Array.isArray(header) ? header[0] : header, json: JSON.parse(raw) as WebhookNotification });
        res.statusCode = this.scripted.shift() ?? 200;
        res.end();
        this.posts.emit('post');
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook`;
  }

  /** The next posts are answered with these HTTP statuses. */
  respondWith(...statuses: number[]): void {
    this.scripted.push(...statuses);
  }

  statuses(): WebhookStatus[] {
    return this.received.flatMap((w) => w.json.entry.flatMap((e) => e.changes.flatMap((c) => c.value.statuses ?? [])));
  }

  statusesOf(messageId: string): WebhookStatus[] {
    return this.statuses().filter((s) => s.id === messageId);
  }

  /** Waits until the recorded webhooks satisfy the predicate. */
  async waitFor(predicate: (receiver: WebhookReceiver) => boolean, timeoutMs = 3000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`webhook condition not met within ${timeoutMs} ms; received ${JSON.stringify(this.received.map((r) => r.json))}`);
      await Promise.race([once(this.posts, 'post'), new Promise((resolve) => setTimeout(resolve, Math.min(left, 50)))]);
    }
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A clock tests move forward (24 h window, media URL expiry). */
export class TestClock {
  private offsetMs = 0;
  readonly now = (): Date => new Date(Date.now() + this.offsetMs);
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface Sandbox {
  simulator: WhatsAppSimulator;
  receiver: WebhookReceiver;
  clock: TestClock;
  /** e.g. http://127.0.0.1:PORT/sandbox/graph/v23.0 */
  graph: string;
  graphBase: string;
  api: string;
  close(): Promise<void>;
}

export async function startSandbox(options: Partial<WhatsAppSimulatorOptions> = {}): Promise<Sandbox> {
  const receiver = new WebhookReceiver();
  await receiver.start();
  const clock = new TestClock();
  const simulator = createWhatsAppSimulator({
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    phoneNumbers: [NUMBER, OTHER_NUMBER],
    deliveryDelayMs: 20,
    webhookRetry: { attempts: 4, startingDelayMs: 20, maxDelayMs: 100 },
    clock: clock.now,
    ...options,
  });
  // Like the host: the webhook URL is only known once everything listens.
  simulator.setWebhookUrl(receiver.url);
  const app = express();
  app.use('/sandbox/graph', simulator.graphRouter);
  app.use('/sandbox/api', simulator.citizenRouter);
  const server = http.createServer(app);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    simulator,
    receiver,
    clock,
    graphBase: `${base}/sandbox/graph`,
    graph: `${base}/sandbox/graph/v23.0`,
    api: `${base}/sandbox/api`,
    close: async () => {
      await simulator.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await receiver.stop();
    },
  };
}

export const auth = { Authorization: `Bearer ${ACCESS_TOKEN}` };

export async function graphPost(sandbox: Sandbox, path: string, body: unknown, headers: Record<string, string> = auth): Promise<{ status: number; json: GraphJson }> {
  const res = await fetch(`${sandbox.graph}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as GraphJson };
}

export async function graphGet(url: string, headers: Record<string, string> = auth): Promise<{ status: number; json: GraphJson }> {
  const res = await fetch(url, { headers });
  return { status: res.status, json: (await res.json()) as GraphJson };
}

/** Loose view of Graph answers for assertions. */
export interface GraphJson {
  error?: { code: number; message: string; type: string; error_data?: { details?: string }; fbtrace_id?: string };
  messages?: Array<{ id: string; message_status?: string }>;
  contacts?: Array<{ input: string; wa_id: string }>;
  [key: string]: unknown;
}

export async function sendText(sandbox: Sandbox, to: string, body = 'Your application is under review.', extra: Record<string, unknown> = {}) {
  return graphPost(sandbox, `/${NUMBER.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to, type: 'text', text: { body }, ...extra });
}

export async function citizenSays(sandbox: Sandbox, message: Record<string, unknown>): Promise<{ status: number; json: { id?: string; error?: string; message?: string } }> {
  const res = await fetch(`${sandbox.api}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(message) });
  return { status: res.status, json: (await res.json()) as { id?: string; error?: string; message?: string } };
}

export function applicationStatusTemplate(to: string, params: string[] = ['Lakshmi', 'APP-2025-0042', 'income certificate', 'approved']) {
  return {
    messaging_product: 'whatsapp',
    to,
    type: 'template',
    template: {
      name: 'application_status',
      language: { code: 'en_US' },
      components: [{ type: 'body', parameters: params.map((text) => ({ type: 'text', text })) }],
    },
  };
}
