/** The simulator's media and template endpoints, over raw HTTP and through the platform's GraphClient. */
import { createHash } from 'node:crypto';
import { contentDisposition } from '../../platform/sandbox/whatsapp/graph-media';
import { GraphClient } from '../../platform/whatsapp/client';
import { ACCESS_TOKEN, NUMBER, auth, graphGet, graphPost, startSandbox, type GraphJson, type Sandbox } from './whatsapp-harness';

const PDF = Buffer.from('%PDF-1.4\n% income certificate\n%%EOF\n');
/** A real 1×1 PNG: the simulator now checks the bytes against the declared type. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
const MB = 1024 * 1024;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());

async function upload(fields: { file?: { data: Buffer; type: string; name: string }; type?: string; messaging_product?: string }, headers: Record<string, string> = auth) {
  const form = new FormData();
  if (fields.messaging_product !== undefined) form.append('messaging_product', fields.messaging_product);
  if (fields.type !== undefined) form.append('type', fields.type);
  if (fields.file) form.append('file', new Blob([new Uint8Array(fields.file.data)], { type: fields.file.type }), fields.file.name);
  const res = await fetch(`${sandbox.graph}/${NUMBER.phoneNumberId}/media`, { method: 'POST', headers, body: form });
  return { status: res.status, headers: res.headers, json: (await res.json()) as GraphJson };
}

const pdfUpload = { messaging_product: 'whatsapp', type: 'application/pdf', file: { data: PDF, type: 'application/pdf', name: 'income-certificate.pdf' } };

describe('media', () => {
  it('uploads, describes with a 5-minute bearer-only URL, downloads and deletes', async () => {
    const uploaded = await upload(pdfUpload);
    expect(uploaded.status).toBe(200);
    const id = uploaded.json.id as string;
    expect(id).toMatch(/^\d{15,16}$/);

    const info = await graphGet(`${sandbox.graph}/${id}`);
    expect(info.json).toEqual({
      messaging_product: 'whatsapp',
      url: expect.stringContaining(`${sandbox.graphBase}/whatsapp_business/attachments/?mid=${id}`),
      mime_type: 'application/pdf',
      sha256: createHash('sha256').update(PDF).digest('hex'),
      file_size: String(PDF.length),
      id,
    });
    const url = info.json.url as string;

    const bare = await fetch(url);
    expect(bare.status).toBe(401);
    expect(((await bare.json()) as GraphJson).error?.code).toBe(190);

    const download = await fetch(url, { headers: auth });
    expect(download.status).toBe(200);
    expect(download.headers.get('content-type')).toBe('application/pdf');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; /);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await download.arrayBuffer())).toEqual(PDF);

    const forged = await fetch(url.replace(/hash=[^&]+/, 'hash=forged'), { headers: auth });
    expect(forged.status).toBe(404);

    sandbox.clock.advance(5 * 60 * 1000 + 1000);
    const expired = await fetch(url, { headers: auth });
    expect(expired.status).toBe(404);
    expect(((await expired.json()) as GraphJson).error?.error_data?.details).toMatch(/expired/);
    const fresh = await graphGet(`${sandbox.graph}/${id}`);
    expect((await fetch(fresh.json.url as string, { headers: auth })).status).toBe(200);

    const citizenCopy = await fetch(`${sandbox.api}/media/${id}`); // the citizen's phone needs no token
    // Opened in place on the phone (a certificate shows in a tab), not saved.
    expect(citizenCopy.headers.get('content-disposition')).toMatch(/^inline; /);
    expect(citizenCopy.headers.get('x-content-type-options')).toBe('nosniff');
    expect(Buffer.from(await citizenCopy.arrayBuffer())).toEqual(PDF);

    const deleted = await fetch(`${sandbox.graph}/${id}`, { method: 'DELETE', headers: auth });
    expect((await deleted.json()) as unknown).toEqual({ success: true });
    expect((await graphGet(`${sandbox.graph}/${id}`)).json.error?.code).toBe(100);
  });

  it('refuses unsupported types and oversized files with 131053, missing fields with 100', async () => {
    const gif = await upload({ ...pdfUpload, type: 'image/gif', file: { data: Buffer.from('GIF89a'), type: 'image/gif', name: 'a.gif' } });
    expect(gif.json.error?.code).toBe(131053);

    const bigPng = Buffer.alloc(5 * MB + 1);
    const tooBig = await upload({ messaging_product: 'whatsapp', type: 'image/png', file: { data: bigPng, type: 'image/png', name: 'scan.png' } });
    expect(tooBig.json.error?.code).toBe(131053);
    expect(tooBig.json.error?.error_data?.details).toContain('5 MB');

    expect((await upload({ ...pdfUpload, messaging_product: undefined })).json.error?.code).toBe(100);
    expect((await upload({ ...pdfUpload, file: undefined })).json.error?.code).toBe(100);
    expect((await upload({ ...pdfUpload, type: undefined })).json.error?.code).toBe(100);
    expect((await upload(pdfUpload, {})).json.error?.code).toBe(190);
  });

  it('answers a multipart body cut off mid-part with a 400 that says why, on both upload routes', async () => {
    const boundary = 'cut-off-boundary';
    const part = (headers: string, value: string) => `--${boundary}\r\n${headers}\r\n\r\n${value}\r\n`;
    // The file part starts but the body ends before its closing boundary, as when a client dies mid-upload.
    const cut = Buffer.from(
      part('Content-Disposition: form-data; name="messaging_product"', 'whatsapp') +
        part('Content-Disposition: form-data; name="type"', 'application/pdf') +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="c.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\n% half a cert`,
    );
    const headers = { 'Content-Type': `multipart/form-data; boundary=${boundary}` };

    const graph = await fetch(`${sandbox.graph}/${NUMBER.phoneNumberId}/media`, { method: 'POST', headers: { ...auth, ...headers }, body: cut });
    expect(graph.status).toBe(400);
    expect(graph.headers.get('x-content-type-options')).toBe('nosniff');
    const graphError = ((await graph.json()) as GraphJson).error;
    expect(graphError).toMatchObject({ code: 100, type: 'OAuthException', message: '(#100) Invalid parameter' });
    expect(graphError?.error_data?.details).toMatch(/incomplete or malformed \(Unexpected end of form\)/);

    const citizen = await fetch(`${sandbox.api}/media`, { method: 'POST', headers, body: cut });
    expect(citizen.status).toBe(400);
    expect(await citizen.json()).toEqual({ error: 'invalid_request', message: expect.stringMatching(/incomplete or malformed/) });
  });

  it('refuses bytes that are not the declared type with 131053 and keeps nothing', async () => {
    const html = await upload({ messaging_product: 'whatsapp', type: 'image/png', file: { data: HTML, type: 'image/png', name: 'photo.png' } });
    expect(html.status).toBe(400);
    expect(html.json.error).toMatchObject({ code: 131053, message: '(#131053) Media upload error' });
    expect(html.json.error?.error_data?.details).toMatch(/not image\/png/);
    expect(html.headers.get('x-content-type-options')).toBe('nosniff');
    expect(html.json.id).toBeUndefined();

    const pdfAsJpeg = await upload({ messaging_product: 'whatsapp', type: 'image/jpeg', file: { data: PDF, type: 'image/jpeg', name: 'scan.jpg' } });
    expect(pdfAsJpeg.json.error?.error_data?.details).toBe("The file's content is application/pdf, not image/jpeg as declared");

    // The `type` field is what is stored, so it is what is checked, whatever the part's own Content-Type says.
    const typeLies = await upload({ messaging_product: 'whatsapp', type: 'application/pdf', file: { data: PNG, type: 'application/pdf', name: 'c.pdf' } });
    expect(typeLies.json.error?.code).toBe(131053);

    const png = await upload({ messaging_product: 'whatsapp', type: 'image/png', file: { data: PNG, type: 'application/octet-stream', name: 'photo.png' } });
    expect(png.status).toBe(200);
    const info = await fetch(`${sandbox.graph}/${png.json.id as string}`, { headers: auth });
    expect(info.headers.get('x-content-type-options')).toBe('nosniff');
    expect(((await info.json()) as GraphJson).mime_type).toBe('image/png');
  });

  it('takes text/plain unless the bytes are a binary format, and serves it as text with nosniff', async () => {
    const notice = Buffer.from('Your ration card is ready.\nరేషన్ కార్డు సిద్ధంగా ఉంది.\n');
    const text = await upload({ messaging_product: 'whatsapp', type: 'text/plain', file: { data: notice, type: 'text/plain', name: 'notice.txt' } });
    expect(text.status).toBe(200);
    // Markup is still text: with nosniff a browser shows it as text/plain instead of running it.
    const markup = await upload({ messaging_product: 'whatsapp', type: 'text/plain', file: { data: HTML, type: 'text/plain', name: 'page.txt' } });
    expect(markup.status).toBe(200);
    const download = await fetch(`${sandbox.api}/media/${markup.json.id as string}`);
    expect(download.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');

    const pngAsText = await upload({ messaging_product: 'whatsapp', type: 'text/plain', file: { data: PNG, type: 'text/plain', name: 'a.txt' } });
    expect(pngAsText.json.error?.error_data?.details).toBe('The file is image/png, not text/plain');
    const binary = await upload({ messaging_product: 'whatsapp', type: 'text/plain', file: { data: Buffer.from([0x41, 0x00, 0x42, 0x00]), type: 'text/plain', name: 'b.txt' } });
    expect(binary.json.error?.code).toBe(131053);
  });

  it('builds a Content-Disposition no filename can break out of', () => {
    expect(contentDisposition('attachment', undefined)).toBe('attachment');
    expect(contentDisposition('attachment', '')).toBe('attachment');
    expect(contentDisposition('attachment', '../../etc/x".html')).toBe(`attachment; filename="x_.html"; filename*=UTF-8''x%22.html`);
    expect(contentDisposition('inline', 'C:\\Users\\ravi\\it\'s (1).pdf')).toBe(`inline; filename="it's (1).pdf"; filename*=UTF-8''it%27s%20%281%29.pdf`);
    expect(contentDisposition('attachment', 'a\r\nSet-Cookie: x=1')).toBe(`attachment; filename="aSet-Cookie: x=1"; filename*=UTF-8''aSet-Cookie%3A%20x%3D1`);
    expect(contentDisposition('inline', 'ఆదాయం.pdf')).toBe(`inline; filename="_____.pdf"; filename*=UTF-8''${encodeURIComponent('ఆదాయం')}.pdf`);
  });

  it('sends uploaded media by id, refuses unknown media ids, and records linked media as the link', async () => {
    const citizen = '919812345678';
    await fetch(`${sandbox.api}/messages`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ from: citizen, type: 'text', text: 'send it' }) });
    const id = (await upload(pdfUpload)).json.id as string;
    const byId = await graphPost(sandbox, `/${NUMBER.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: citizen, type: 'document', document: { id, filename: 'income.pdf' } });
    expect(byId.status).toBe(200);
    const unknown = await graphPost(sandbox, `/${NUMBER.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: citizen, type: 'document', document: { id: '1234567890123456' } });
    expect(unknown.json.error?.code).toBe(131009);

    const link = 'https://certificates.example.gov.in/income/APP-42.pdf';
    const certificate = await graphPost(sandbox, `/${NUMBER.phoneNumberId}/messages`, {
      messaging_product: 'whatsapp',
      to: citizen,
      type: 'template',
      template: {
        name: 'certificate_ready',
        language: { code: 'en_US' },
        components: [
          { type: 'header', parameters: [{ type: 'document', document: { link, filename: 'income.pdf' } }] },
          { type: 'body', parameters: ['Ravi', 'income', 'APP-42'].map((text) => ({ type: 'text', text })) },
        ],
      },
    });
    expect(certificate.status).toBe(200);
    const shown = sandbox.simulator.conversation(citizen)?.messages.at(-1);
    expect(shown).toMatchObject({ direction: 'out', type: 'template', body: { template: { components: [{ parameters: [{ document: { link } }] }, {}] } } });
  });

  it('works with the platform GraphClient: upload, download with integrity check, delete', async () => {
    const client = new GraphClient({ graphBaseUrl: sandbox.graphBase, graphVersion: 'v23.0', accessToken: ACCESS_TOKEN });
    try {
      const { id } = await client.uploadMedia(NUMBER.phoneNumberId, { data: PDF, mimeType: 'application/pdf', filename: 'c.pdf' });
      expect(await client.downloadMedia(id)).toEqual({ data: PDF, mimeType: 'application/pdf' });
      await client.deleteMedia(id);
    } finally {
      await client.close();
    }
  });
});

describe('message templates', () => {
  it('pages through the templates with limit and after', async () => {
    const names: string[] = [];
    let url: string | undefined = `${sandbox.graph}/${NUMBER.businessAccountId}/message_templates?limit=3`;
    let pages = 0;
    while (url) {
      const { status, json } = await graphGet(url);
      expect(status).toBe(200);
      const page = json as unknown as { data: Array<{ name: string; language: string; status: string; category: string; id: string }>; paging: { cursors: { before: string; after: string }; next?: string } };
      expect(page.data.length).toBeLessThanOrEqual(3);
      expect(page.paging.cursors).toEqual({ before: expect.any(String), after: expect.any(String) });
      names.push(...page.data.map((t) => `${t.name}/${t.language}`));
      url = page.paging.next;
      pages++;
    }
    // 16 templates (8 in English and Telugu), 3 a page.
    expect(pages).toBe(6);
    expect(new Set(names).size).toBe(16);
    expect(names).toEqual(expect.arrayContaining(['certificate_ready/en_US', 'certificate_ready/te', 'bill_due/te', 'school_alert/en_US', 'application_status/te']));

    const first = (await graphGet(`${sandbox.graph}/${NUMBER.businessAccountId}/message_templates?limit=2`)).json as unknown as { paging: { cursors: { after: string } } };
    const second = await graphGet(`${sandbox.graph}/${NUMBER.businessAccountId}/message_templates?limit=2&after=${first.paging.cursors.after}`);
    expect((second.json.data as Array<{ name: string; language: string }>)[0]).toMatchObject({ name: 'application_status', language: 'en_US' });

    expect((await graphGet(`${sandbox.graph}/${NUMBER.businessAccountId}/message_templates?after=bogus`)).json.error?.code).toBe(100);
    expect((await graphGet(`${sandbox.graph}/555/message_templates`)).json.error?.code).toBe(100);
    expect((await graphGet(`${sandbox.graph}/${NUMBER.businessAccountId}/message_templates`, {})).status).toBe(401);
  });

  it('lists every template through the platform GraphClient (following paging.next)', async () => {
    const client = new GraphClient({ graphBaseUrl: sandbox.graphBase, graphVersion: 'v23.0', accessToken: ACCESS_TOKEN });
    try {
      const templates = await client.listTemplates(NUMBER.businessAccountId);
      expect(templates).toHaveLength(16);
      expect(templates.find((t) => t.name === 'bill_due' && t.language === 'te')).toMatchObject({ status: 'APPROVED', category: 'UTILITY' });
    } finally {
      await client.close();
    }
  });

  it('refuses templates that are not approved, paused or disabled', async () => {
    const custom = await startSandbox({
      templates: [
        { name: 'draft', language: 'en_US', status: 'PENDING', category: 'UTILITY', components: [{ type: 'BODY', text: 'Hi' }] },
        { name: 'tired', language: 'en_US', status: 'PAUSED', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hi' }] },
        { name: 'gone', language: 'en_US', status: 'DISABLED', category: 'MARKETING', components: [{ type: 'BODY', text: 'Hi' }] },
      ],
    });
    try {
      const codes = [];
      for (const name of ['draft', 'tired', 'gone']) {
        const { status, json } = await graphPost(custom, `/${NUMBER.phoneNumberId}/messages`, { messaging_product: 'whatsapp', to: '919812345678', type: 'template', template: { name, language: { code: 'en_US' } } });
        codes.push([status, json.error?.code]);
      }
      expect(codes).toEqual([
        [404, 132001],
        [400, 132015],
        [400, 132016],
      ]);
    } finally {
      await custom.close();
    }
  });
});
