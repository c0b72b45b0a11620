/**
 * The WhatsApp Cloud API (Graph) endpoints the platform uses, for one
 * account (reference §1.6, §1.7). Retries, timeouts and connection reuse
 * live in transport.ts; what each call may retry is decided here by its
 * `replaySafe` flag.
 */
import { Blob } from 'node:buffer';
import { FormData } from 'undici';
import { assertOutboundMessage } from './limits';
import { assertMediaIntegrity } from './media';
import {
  mediaInfoSchema,
  parseResponse,
  sendResultSchema,
  successSchema,
  templatesPageSchema,
  uploadResultSchema,
} from './responses';
import { GraphResponseError, GraphTransport } from './transport';
import type { MarkReadBody, MediaInfo, MessageTemplate, OutboundMessageBody, SendResult, WhatsAppAccount } from './types';

export type GraphEndpoint = Pick<WhatsAppAccount, 'graphBaseUrl' | 'graphVersion' | 'accessToken'>;

export interface GraphClientOptions {
  timeoutMs?: number;
  /** Attempts after the first one. */
  retries?: number;
  minDelayMs?: number;
  maxDelayMs?: number;
}

export interface MediaUpload {
  data: Buffer;
  mimeType: string;
  filename: string;
}

export class GraphClient {
  private readonly transport: GraphTransport;
  /** `${graphBaseUrl}/${graphVersion}`; the base may carry a path prefix (the sandbox's). */
  private readonly versionRoot: string;

  constructor(endpoint: GraphEndpoint, options: GraphClientOptions = {}) {
    this.versionRoot = `${endpoint.graphBaseUrl.replace(/\/+$/, '')}/${endpoint.graphVersion.replace(/^\/+|\/+$/g, '')}`;
    this.transport = new GraphTransport(endpoint.accessToken, {
      timeoutMs: options.timeoutMs ?? 10_000,
      retries: options.retries ?? 3,
      minDelayMs: options.minDelayMs ?? 200,
      maxDelayMs: options.maxDelayMs ?? 5_000,
    });
  }

  /**
   * Refused locally (MessageLimitError) when Meta would refuse the body.
   * Not replay-safe: Graph has no idempotency key, so a send whose response
   * was lost is not repeated (see transport.ts).
   */
  async sendMessage(phoneNumberId: string, body: OutboundMessageBody, options: { retries?: number } = {}): Promise<SendResult> {
    assertOutboundMessage(body);
    const response = await this.transport.json({ method: 'POST', url: this.url(phoneNumberId, 'messages'), json: body, replaySafe: false, retries: options.retries });
    return parseResponse(sendResultSchema, response, 'send message');
  }

  /** Marks the message (and earlier ones) read; `typing` also shows the typing indicator for up to 25 s. */
  async markRead(phoneNumberId: string, messageId: string, { typing = false }: { typing?: boolean } = {}): Promise<void> {
    const body: MarkReadBody = { messaging_product: 'whatsapp', status: 'read', message_id: messageId };
    if (typing) body.typing_indicator = { type: 'text' };
    assertOutboundMessage(body);
    // Marking read twice changes nothing.
    const response = await this.transport.json({ method: 'POST', url: this.url(phoneNumberId, 'messages'), json: body, replaySafe: true });
    parseResponse(successSchema, response, 'mark read');
  }

  /** Uploaded media lives 30 days. A repeated upload only leaves an unused copy, so it is replay-safe. */
  async uploadMedia(phoneNumberId: string, upload: MediaUpload): Promise<{ id: string }> {
    const form = new FormData();
    form.append('messaging_product', 'whatsapp');
    form.append('type', upload.mimeType);
    form.append('file', new Blob([upload.data], { type: upload.mimeType }), upload.filename);
    const response = await this.transport.json({ method: 'POST', url: this.url(phoneNumberId, 'media'), form, replaySafe: true });
    const { id } = parseResponse(uploadResultSchema, response, 'upload media');
    return { id };
  }

  /** The media's download url is valid for 5 minutes. */
  async getMedia(mediaId: string): Promise<MediaInfo> {
    const response = await this.transport.json({ method: 'GET', url: this.url(mediaId), replaySafe: true });
    return parseResponse(mediaInfoSchema, response, 'get media');
  }

  /** Fetches a fresh url, downloads with the bearer token (a bare GET fails) and checks the sha256. */
  async downloadMedia(mediaId: string): Promise<{ data: Buffer; mimeType: string }> {
    const info = await this.getMedia(mediaId);
    const { data, contentType } = await this.transport.bytes({ method: 'GET', url: info.url, replaySafe: true });
    assertMediaIntegrity(mediaId, data, info.sha256);
    return { data, mimeType: info.mime_type || contentType || 'application/octet-stream' };
  }

  async deleteMedia(mediaId: string): Promise<void> {
    const response = await this.transport.json({ method: 'DELETE', url: this.url(mediaId), replaySafe: true });
    parseResponse(successSchema, response, 'delete media');
  }

  /** All templates of the business account, following `paging.next` page by page. */
  async listTemplates(businessAccountId: string): Promise<MessageTemplate[]> {
    const templates: MessageTemplate[] = [];
    const visited = new Set<string>();
    let url: string | undefined = this.url(businessAccountId, 'message_templates');
    while (url !== undefined) {
      visited.add(url);
      const response = await this.transport.json({ method: 'GET', url, replaySafe: true });
      const page = parseResponse(templatesPageSchema, response, 'list templates');
      templates.push(...page.data);
      url = page.paging?.next;
      if (url !== undefined) this.assertNextPage(url, visited, response);
    }
    return templates;
  }

  close(): Promise<void> {
    return this.transport.close();
  }

  private url(...segments: string[]): string {
    return [this.versionRoot, ...segments.map(encodeURIComponent)].join('/');
  }

  /** The bearer token goes with every page, so only Graph's own origin is followed, and never in a loop. */
  private assertNextPage(next: string, visited: ReadonlySet<string>, response: unknown): void {
    if (!URL.canParse(next) || new URL(next).origin !== new URL(this.versionRoot).origin) {
      throw new GraphResponseError(`list templates: paging.next ${next} is not on ${new URL(this.versionRoot).origin}`, response);
    }
    if (visited.has(next)) throw new GraphResponseError(`list templates: paging.next ${next} was already fetched`, response);
  }
}
