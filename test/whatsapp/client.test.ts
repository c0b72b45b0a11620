import { createHash } from 'node:crypto';
import { GraphClient, type GraphClientOptions } from '../../platform/whatsapp/client';
import { GraphApiError, graphErrorBody, MessageLimitError } from '../../platform/whatsapp/errors';
import { MediaIntegrityError } from '../../platform/whatsapp/media';
import { GraphResponseError, GraphTransportError } from '../../platform/whatsapp/transport';
import type { OutboundMessageBody } from '../../platform/whatsapp/types';
import { FakeGraph, type FakeReply } from './fake-graph';

const PHONE_NUMBER_ID = '106540352242922';
const WABA_ID = '102290129340398';
const TOKEN = 'EAAG-test-token';
const PREFIX = '/sandbox/graph/v23.0';
const WAMID = 'wamid.HBgLMTY1MDM4Nzk0MzkVAgARGBJCOTY3NDc0NDFDRUI3NTA0Q0UA';

const textBody: OutboundMessageBody = { messaging_product: 'whatsapp', to: '+16505551234', type: 'text', text: { body: 'hello' } };
const sendOk: FakeReply = {
  status: 200,
  json: { messaging_product: 'whatsapp', contacts: [{ input: '+16505551234', wa_id: '16505551234' }], messages: [{ id: WAMID }] },
};
const graphError = (code: number, details?: string): FakeReply => {
  const { status, body } = graphErrorBody(code, details, `trace-${code}`);
  return { status, json: body };
};

let graph: FakeGraph;
let client: GraphClient;

function newClient(options: GraphClientOptions = {}): GraphClient {
  return new GraphClient(
    { graphBaseUrl: `${graph.origin}/sandbox/graph/`, graphVersion: 'v23.0', accessToken: TOKEN },
    { retries: 3, minDelayMs: 1, maxDelayMs: 5, timeoutMs: 2000, ...options },
  );
}

beforeEach(async () => {
  graph = await new FakeGraph().start();
  client = newClient();
});

afterEach(async () => {
  await client.close();
  await graph.stop();
});

describe('sendMessage', () => {
  it('POSTs the JSON body with the bearer token under the base path prefix', async () => {
    graph.replies(sendOk);
    const result = await client.sendMessage(PHONE_NUMBER_ID, textBody);
    expect(result).toEqual({
      messaging_product: 'whatsapp',
      contacts: [{ input: '+16505551234', wa_id: '16505551234' }],
      messages: [{ id: WAMID }],
    });
    expect(graph.requests).toHaveLength(1);
    const [request] = graph.requests;
    expect(request).toMatchObject({ method: 'POST', url: `${PREFIX}/${PHONE_NUMBER_ID}/messages` });
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(request!.body.toString())).toEqual(textBody);
  });

  it('refuses a body over the limits before any call', async () => {
    await expect(client.sendMessage(PHONE_NUMBER_ID, { ...textBody, text: { body: 'x'.repeat(4097) } })).rejects.toBeInstanceOf(MessageLimitError);
    expect(graph.requests).toHaveLength(0);
  });

  it('retries after 130429 (throughput) and succeeds', async () => {
    graph.replies(graphError(130429), sendOk);
    expect((await client.sendMessage(PHONE_NUMBER_ID, textBody)).messages[0]!.id).toBe(WAMID);
    expect(graph.requests).toHaveLength(2);
  });

  it('retries after two 500s (a proxy page, then Graph 131000) and succeeds', async () => {
    graph.replies({ status: 500, text: '<html>Internal Server Error</html>' }, graphError(131000), sendOk);
    expect((await client.sendMessage(PHONE_NUMBER_ID, textBody)).messages[0]!.id).toBe(WAMID);
    expect(graph.requests).toHaveLength(3);
  });

  it('does not retry 100: throws GraphApiError with code and fbtrace_id', async () => {
    graph.replies(graphError(100, 'Invalid parameter'), sendOk);
    const error = await client.sendMessage(PHONE_NUMBER_ID, textBody).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ code: 100, fbtraceId: 'trace-100', httpStatus: 400, details: 'Invalid parameter', message: '(#100) Invalid parameter' });
    expect(graph.requests).toHaveLength(1);
  });

  it('does not retry 190 (expired token)', async () => {
    graph.replies(graphError(190), sendOk);
    await expect(client.sendMessage(PHONE_NUMBER_ID, textBody)).rejects.toMatchObject({ code: 190, httpStatus: 401 });
    expect(graph.requests).toHaveLength(1);
  });

  it('throws the last GraphApiError when every attempt is throttled, carrying the subcode', async () => {
    graph.replies({ status: 400, json: { error: { message: '(#130429) Rate limit hit', type: 'OAuthException', code: 130429, error_subcode: 2494055, fbtrace_id: 'AbC' } } });
    await expect(client.sendMessage(PHONE_NUMBER_ID, textBody)).rejects.toMatchObject({ code: 130429, subcode: 2494055, fbtraceId: 'AbC' });
    expect(graph.requests).toHaveLength(4);
  });

  it('retries a connection closed before any response', async () => {
    graph.replies('destroy', sendOk);
    expect((await client.sendMessage(PHONE_NUMBER_ID, textBody)).messages[0]!.id).toBe(WAMID);
    expect(graph.requests).toHaveLength(2);
  });

  it('does not repeat a send whose response timed out (it may have been accepted)', async () => {
    await client.close();
    client = newClient({ timeoutMs: 100 });
    graph.replies('hang');
    const error = await client.sendMessage(PHONE_NUMBER_ID, textBody).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphTransportError);
    expect(error).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT', outcomeUnknown: true });
    expect(graph.requests).toHaveLength(1);
  });

  it('retries when the connection is refused, then gives up', async () => {
    await graph.stop();
    const error = await client.sendMessage(PHONE_NUMBER_ID, textBody).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphTransportError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED', outcomeUnknown: false });
    graph = await new FakeGraph().start(); // for afterEach
  });

  it('a 200 whose body is not a send result is a GraphResponseError, not retried', async () => {
    graph.replies({ status: 200, json: { messaging_product: 'whatsapp', messages: [] } }, sendOk);
    await expect(client.sendMessage(PHONE_NUMBER_ID, textBody)).rejects.toBeInstanceOf(GraphResponseError);
    expect(graph.requests).toHaveLength(1);
  });
});

// undici enforces timeouts on a ~1 s clock, so each timeout below takes about a second.
describe('timeouts of replay-safe calls', () => {
  it('are retried, then fail with GraphTransportError', async () => {
    await client.close();
    client = newClient({ timeoutMs: 100, retries: 1 });
    graph.replies('hang');
    const error = await client.getMedia('1479537139650973').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphTransportError);
    expect(error).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT', outcomeUnknown: true });
    expect(graph.requests).toHaveLength(2);
  });

  it('succeed when a retry is answered', async () => {
    await client.close();
    client = newClient({ timeoutMs: 100 });
    graph.replies('hang', { status: 200, json: { success: true } });
    await client.markRead(PHONE_NUMBER_ID, WAMID);
    expect(graph.requests).toHaveLength(2);
  });
});

describe('markRead', () => {
  it('sends status read, with the typing indicator when asked', async () => {
    graph.replies({ status: 200, json: { success: true } });
    await client.markRead(PHONE_NUMBER_ID, WAMID);
    await client.markRead(PHONE_NUMBER_ID, WAMID, { typing: true });
    expect(graph.requests.map((r) => JSON.parse(r.body.toString()))).toEqual([
      { messaging_product: 'whatsapp', status: 'read', message_id: WAMID },
      { messaging_product: 'whatsapp', status: 'read', message_id: WAMID, typing_indicator: { type: 'text' } },
    ]);
    expect(graph.requests[0]!.url).toBe(`${PREFIX}/${PHONE_NUMBER_ID}/messages`);
  });

  it('fails like Graph once the window has closed', async () => {
    graph.replies(graphError(131047));
    await expect(client.markRead(PHONE_NUMBER_ID, WAMID)).rejects.toMatchObject({ code: 131047 });
  });
});

describe('media', () => {
  const bytes = Buffer.from('%PDF-1.7 certificate of income', 'utf8');
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  it('uploads as multipart with file, type and messaging_product (and the same form again on a retry)', async () => {
    graph.replies(graphError(131000), { status: 200, json: { id: '1037543291543636' } });
    expect(await client.uploadMedia(PHONE_NUMBER_ID, { data: bytes, mimeType: 'application/pdf', filename: 'cert.pdf' })).toEqual({ id: '1037543291543636' });
    expect(graph.requests).toHaveLength(2);
    const request = graph.requests[1];
    expect(request).toMatchObject({ method: 'POST', url: `${PREFIX}/${PHONE_NUMBER_ID}/media` });
    expect(request!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(request!.headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    const form = await new Response(new Uint8Array(request!.body), { headers: { 'content-type': request!.headers['content-type']! } }).formData();
    expect(form.get('messaging_product')).toBe('whatsapp');
    expect(form.get('type')).toBe('application/pdf');
    const file = form.get('file') as File;
    expect(file.name).toBe('cert.pdf');
    expect(file.type).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
  });

  function serveMedia(content: Buffer, announcedSha256: string) {
    graph.handler = (request) => {
      if (request.url === `${PREFIX}/777`) {
        return {
          status: 200,
          json: { messaging_product: 'whatsapp', url: `${graph.origin}/lookaside/?mid=777`, mime_type: 'application/pdf', sha256: announcedSha256, file_size: String(content.length), id: '777' },
        };
      }
      if (request.url === '/lookaside/?mid=777') {
        return request.headers.authorization === `Bearer ${TOKEN}` ? { status: 200, bytes: content, contentType: 'application/pdf' } : { status: 401, text: 'no token' };
      }
      return { status: 404, text: 'unexpected' };
    };
  }

  it('retrieves the media url and metadata', async () => {
    serveMedia(bytes, sha256);
    expect(await client.getMedia('777')).toEqual({
      messaging_product: 'whatsapp',
      url: `${graph.origin}/lookaside/?mid=777`,
      mime_type: 'application/pdf',
      sha256,
      file_size: String(bytes.length),
      id: '777',
    });
  });

  it('downloads with the bearer token and verifies the sha256', async () => {
    serveMedia(bytes, sha256);
    const media = await client.downloadMedia('777');
    expect(media.mimeType).toBe('application/pdf');
    expect(media.data.equals(bytes)).toBe(true);
    expect(graph.requests.map((r) => r.url)).toEqual([`${PREFIX}/777`, '/lookaside/?mid=777']);
  });

  it('accepts a base64 sha256 too', async () => {
    serveMedia(bytes, createHash('sha256').update(bytes).digest('base64'));
    expect((await client.downloadMedia('777')).data.equals(bytes)).toBe(true);
  });

  it('refuses bytes that do not match the sha256', async () => {
    serveMedia(Buffer.from('tampered'), sha256);
    const error = await client.downloadMedia('777').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MediaIntegrityError);
    expect(error).toMatchObject({ mediaId: '777', expectedSha256: sha256 });
  });

  it('deletes', async () => {
    graph.replies({ status: 200, json: { success: true } });
    await client.deleteMedia('777');
    expect(graph.requests[0]).toMatchObject({ method: 'DELETE', url: `${PREFIX}/777` });
  });
});

describe('listTemplates', () => {
  const template = (name: string) => ({ name, language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi {{1}}' }], id: `id-${name}` });

  it('follows paging.next until the last page', async () => {
    graph.handler = (request) => {
      if (request.url === `${PREFIX}/${WABA_ID}/message_templates`) {
        return { status: 200, json: { data: [template('a'), template('b')], paging: { cursors: { after: 'X' }, next: `${graph.origin}${PREFIX}/${WABA_ID}/message_templates?after=X` } } };
      }
      if (request.url === `${PREFIX}/${WABA_ID}/message_templates?after=X`) {
        return { status: 200, json: { data: [template('c')], paging: { cursors: { before: 'X' } } } };
      }
      return { status: 404, text: 'unexpected' };
    };
    const templates = await client.listTemplates(WABA_ID);
    expect(templates.map((t) => t.name)).toEqual(['a', 'b', 'c']);
    expect(templates[0]).toMatchObject({ language: 'en_US', status: 'APPROVED', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi {{1}}' }] });
    expect(graph.requests.every((r) => r.headers.authorization === `Bearer ${TOKEN}`)).toBe(true);
  });

  it('does not send the token to another origin, nor loop', async () => {
    graph.replies({ status: 200, json: { data: [], paging: { next: 'https://attacker.example/next' } } });
    await expect(client.listTemplates(WABA_ID)).rejects.toThrow(/not on http:\/\/127\.0\.0\.1/);
    graph.replies({ status: 200, json: { data: [template('a')], paging: { next: `${graph.origin}${PREFIX}/${WABA_ID}/message_templates` } } });
    await expect(client.listTemplates(WABA_ID)).rejects.toThrow(/already fetched/);
  });
});

describe('connections', () => {
  it('reuses one keep-alive socket for sequential calls', async () => {
    graph.replies(sendOk);
    for (let i = 0; i < 5; i += 1) await client.sendMessage(PHONE_NUMBER_ID, textBody);
    expect(graph.requests).toHaveLength(5);
    expect(graph.connections).toBe(1);
  });
});
