/** The simulator's media and template endpoints, over raw HTTP and through the platform's GraphClient. */
import { createHash } from 'node:crypto';
import { GraphClient } from '../../platform/whatsapp/client';
import { ACCESS_TOKEN, NUMBER, auth, graphGet, graphPost, startSandbox, type GraphJson, type Sandbox } from './whatsapp-harness';

const PDF = Buffer.from('%PDF-1.4\n% income certificate\n%%EOF\n');
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
  if (fields.file) form.append('file', new Blob([fields.file.data], { type: fields.file.type }), fields.file.name);
  const res = await fetch(`${sandbox.graph}/${NUMBER.phoneNumberId}/media`, { method: 'POST', headers, body: form });
  return { status: res.status, json: (await res.json()) as GraphJson };
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
    expect(pages).toBe(4);
    expect(new Set(names).size).toBe(10);
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
      expect(templates).toHaveLength(10);
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
