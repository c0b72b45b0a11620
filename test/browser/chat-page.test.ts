/**
 * The citizen chat page (platform/sandbox/chat-page) in Chromium, against the
 * WhatsApp simulator mounted as the host mounts it, with a scripted business
 * behind the signed webhook answering through the platform's GraphClient.
 */
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import express from 'express';
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import { createWhatsAppSimulator, type WhatsAppSimulator } from '../../platform/sandbox/whatsapp';
import { GraphClient } from '../../platform/whatsapp/client';
import type { InboundMessage, OutboundMessageBody, StatusEvent, WebhookEvent } from '../../platform/whatsapp/types';
import { browserAvailable, launchChromium, listen, signedWebhook, waitUntil, type Listening } from './support';

const ACCESS_TOKEN = 'chat-page-test-token';
const APP_SECRET = 'chat-page-test-secret';
const LAKSHMI = '919000000101';
/** A number the simulator reports as not on WhatsApp: business sends to it fail (131026). */
const UNREACHABLE = '919000000199';
const CHAT_PAGE_DIR = path.resolve(__dirname, '../../platform/sandbox/chat-page');
const CERTIFICATE_PATH = '/files/income-certificate.pdf';
const SCREENSHOT = '/tmp/chat-page.png';
/** Long enough to see "typing…" before each answer. */
const THINKING_MS = 300;
/** A one-page PDF. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

// ---------- the business side ----------

/** The platform's part, scripted: it reads each message showing "typing…", thinks briefly, then answers. */
class ScriptedBusiness {
  readonly inbound: InboundMessage[] = [];
  readonly statuses: StatusEvent[] = [];
  /** Ids of the messages the business sent, in order. */
  readonly sent: string[] = [];
  readonly problems: string[] = [];
  private queue = Promise.resolve();

  constructor(
    private readonly graph: GraphClient,
    private readonly certificateUrl: string,
  ) {}

  readonly onEvents = (events: WebhookEvent[]): void => {
    for (const event of events) {
      if (event.kind === 'status') this.statuses.push(event);
      if (event.kind !== 'message') continue;
      this.inbound.push(event);
      // One answer at a time, in order, as a flow would.
      this.queue = this.queue
        .then(() => this.answer(event))
        .catch((error: unknown) => {
          this.problems.push(`answering ${event.type} ${event.id}: ${String(error)}`);
        });
    }
  };

  wasRead(id: string): boolean {
    return this.statuses.some((s) => s.id === id && s.status === 'read');
  }

  failure(id: string): StatusEvent | undefined {
    return this.statuses.find((s) => s.id === id && s.status === 'failed');
  }

  private async answer(message: InboundMessage): Promise<void> {
    await this.graph.markRead(message.phoneNumberId, message.id, { typing: true });
    await delay(THINKING_MS);
    for (const body of this.replies(message)) {
      const result = await this.graph.sendMessage(message.phoneNumberId, body);
      this.sent.push(result.messages[0].id);
    }
  }

  private replies(message: InboundMessage): OutboundMessageBody[] {
    const to = message.citizen.wa_id!;
    if (message.type === 'text' && message.text?.trim().toLowerCase() === 'hi') return [languageButtons(to)];
    if (message.reply?.kind === 'button_reply') return [serviceList(to)];
    if (message.reply?.kind === 'list_reply') {
      return [
        { messaging_product: 'whatsapp', to, type: 'reaction', reaction: { message_id: message.id, emoji: '👍' } },
        certificateReady(to, message.citizen.profile_name ?? 'citizen', this.certificateUrl),
        text(to, 'ఇంకా ఏమైనా కావాలా? Send *menu*, or see _help_ at https://jansetu.example.gov.in/help'),
      ];
    }
    return [text(to, 'Send *hi* to see the menu.')];
  }
}

function text(to: string, body: string): OutboundMessageBody {
  return { messaging_product: 'whatsapp', to, type: 'text', text: { body } };
}

function languageButtons(to: string): OutboundMessageBody {
  return {
    messaging_product: 'whatsapp',
    to,
    type: 'interactive',
    interactive: {
      type: 'button',
      header: { type: 'text', text: 'Jansetu' },
      body: { text: 'Welcome to *Jansetu*, AP citizen services.\nనమస్కారం! Which language do you prefer?' },
      footer: { text: 'Government of Andhra Pradesh' },
      action: {
        buttons: [
          { type: 'reply', reply: { id: 'lang_en', title: 'English' } },
          { type: 'reply', reply: { id: 'lang_te', title: 'తెలుగు' } },
        ],
      },
    },
  };
}

function serviceList(to: string): OutboundMessageBody {
  return {
    messaging_product: 'whatsapp',
    to,
    type: 'interactive',
    interactive: {
      type: 'list',
      body: { text: 'మీకు ఏ సేవ కావాలి?\nChoose a service.' },
      footer: { text: 'జనసేతు పౌర సేవలు' },
      action: {
        button: 'సేవలు',
        sections: [
          {
            title: 'Revenue',
            rows: [
              { id: 'income_certificate', title: 'Income certificate', description: 'ఆదాయ ధృవీకరణ పత్రం' },
              { id: 'caste_certificate', title: 'Caste certificate', description: 'కుల ధృవీకరణ పత్రం' },
            ],
          },
          { title: 'Civil supplies', rows: [{ id: 'rice_card', title: 'Rice card', description: 'Apply or check status' }] },
        ],
      },
    },
  };
}

function certificateReady(to: string, name: string, link: string): OutboundMessageBody {
  return {
    messaging_product: 'whatsapp',
    to,
    type: 'template',
    template: {
      name: 'certificate_ready',
      language: { code: 'te' },
      components: [
        { type: 'header', parameters: [{ type: 'document', document: { link, filename: 'income-certificate.pdf' } }] },
        { type: 'body', parameters: [name, 'ఆదాయ', 'APP-2025-0042'].map((value) => ({ type: 'text', text: value })) },
      ],
    },
  };
}

// ---------- the servers, the browser ----------

const runs = browserAvailable('chat page');

let simulator: WhatsAppSimulator;
let graph: GraphClient;
let business: ScriptedBusiness;
let site: Listening;
let webhook: Listening;
let browser: Browser;

beforeAll(async () => {
  if (!runs) return;
  simulator = createWhatsAppSimulator({
    accessToken: ACCESS_TOKEN,
    appSecret: APP_SECRET,
    throughputPerSecond: false,
    pairLimit: false,
    deliveryDelayMs: 50,
    webhookRetry: { attempts: 3, startingDelayMs: 50, maxDelayMs: 200 },
    notOnWhatsApp: [UNREACHABLE],
  });
  const app = express();
  // As the host mounts them.
  app.use('/sandbox/graph', simulator.graphRouter);
  app.use('/sandbox/api', simulator.citizenRouter);
  app.use('/sandbox', express.static(CHAT_PAGE_DIR, { index: 'index.html' }));
  app.get(CERTIFICATE_PATH, (_req, res) => {
    res.type('application/pdf').send(PDF);
  });
  site = await listen(app);
  graph = new GraphClient({ graphBaseUrl: `${site.url}/sandbox/graph`, graphVersion: 'v23.0', accessToken: ACCESS_TOKEN });
  business = new ScriptedBusiness(graph, `${site.url}${CERTIFICATE_PATH}`);
  webhook = await listen(signedWebhook(APP_SECRET, business.onEvents, business.problems));
  simulator.setWebhookUrl(`${webhook.url}/webhook`);
  browser = await launchChromium();
});

afterAll(async () => {
  // The browser first: its event streams keep connections to the site open.
  await browser?.close();
  await simulator?.close();
  await graph?.close();
  await site?.close();
  await webhook?.close();
});

/** A phone-sized page that records its script errors. */
async function openPhone(): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-IN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    // Chromium logs each 4xx answer; the refusals tested here are expected ones.
    if (message.type() === 'error' && !message.text().startsWith('Failed to load resource')) errors.push(message.text());
  });
  await page.goto(`${site.url}/sandbox/`);
  return { context, page, errors };
}

function bubbles(page: Page, direction: 'citizen' | 'business') {
  return page.locator(`[data-testid=message][data-direction=${direction}]`);
}

(runs ? describe : describe.skip)('citizen chat page', () => {
  it('takes a citizen from "hi" through buttons and a list to a certificate, with ticks and read receipts', async () => {
    const { context, page, errors } = await openPhone();
    await page.getByRole('radio', { name: /Lakshmi/ }).check();
    await page.getByTestId('start-chat').click();
    await page.getByTestId('whoami').filter({ hasText: 'Lakshmi' }).waitFor();

    const composer = page.getByTestId('composer-input');
    await composer.fill('hi');
    await composer.press('Enter');
    await bubbles(page, 'citizen').filter({ hasText: 'hi' }).waitFor();
    await page.getByTestId('typing').waitFor({ state: 'visible' });

    const telugu = page.getByRole('button', { name: 'తెలుగు' });
    await telugu.click();
    // Answered: both buttons of that message go grey.
    await page.getByRole('button', { name: 'English', disabled: true }).waitFor();
    await page.getByRole('button', { name: 'తెలుగు', disabled: true }).waitFor();

    await page.getByTestId('list-open').click();
    await page.getByTestId('list-sheet').waitFor({ state: 'visible' });
    await page.getByTestId('list-row').filter({ hasText: 'Income certificate' }).click();
    await page.getByTestId('list-sheet').waitFor({ state: 'hidden' });

    const template = bubbles(page, 'business').and(page.locator('[data-type=template]'));
    await template.waitFor();
    expect(await template.innerText()).toMatch(/ప్రియమైన Lakshmi, దరఖాస్తు APP-2025-0042 కు సంబంధించిన మీ ఆదాయ ధృవీకరణ పత్రం/);
    expect(await template.locator('.text').getAttribute('lang')).toBe('te');

    // The document opens in a new tab, where the browser gets the PDF.
    const certificateUrl = `${site.url}${CERTIFICATE_PATH}`;
    const document = template.getByTestId('document-link');
    expect(await document.getAttribute('href')).toBe(certificateUrl);
    expect(await document.innerText()).toContain('income-certificate.pdf');
    const responses: Response[] = [];
    context.on('response', (response) => responses.push(response));
    const [tab] = await Promise.all([context.waitForEvent('page'), document.click()]);
    await waitUntil(() => responses.some((r) => r.url() === certificateUrl), 'the certificate request');
    const pdf = responses.find((r) => r.url() === certificateUrl)!;
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect(tab.url()).toBe(certificateUrl);
    await tab.close();

    // The business's 👍 on the list answer, and the text after the template with its markup.
    await bubbles(page, 'citizen').filter({ hasText: 'Income certificate' }).getByTestId('reactions').filter({ hasText: '👍' }).waitFor();
    const hint = bubbles(page, 'business').last();
    await hint.locator('strong', { hasText: 'menu' }).waitFor();
    expect(await hint.locator('em').innerText()).toBe('help');
    expect(await hint.locator('a').getAttribute('href')).toBe('https://jansetu.example.gov.in/help');

    // The business marked each citizen message read: blue ticks on the page, 'read' in the simulator.
    await waitUntil(async () => (await page.locator('[data-direction=citizen] [data-testid=ticks][data-status=read]').count()) === 3, 'three blue-ticked messages');
    const citizenMessages = simulator.conversation(LAKSHMI)!.messages.filter((m) => m.direction === 'in');
    expect(citizenMessages.map((m) => m.status)).toEqual(['read', 'read', 'read']);

    // The page is visible, so every business message reached the webhook as read.
    expect(await page.evaluate('document.visibilityState')).toBe('visible');
    await waitUntil(() => business.sent.length === 5 && business.sent.every((id) => business.wasRead(id)), 'read statuses for the 5 business messages');

    await page.screenshot({ path: SCREENSHOT });

    // Reopening the page resumes the chat from the history: same messages, answered buttons still off.
    const shown = await page.getByTestId('message').count();
    await page.reload();
    await page.getByRole('button', { name: 'తెలుగు', disabled: true }).waitFor();
    expect(await page.getByTestId('message').count()).toBe(shown);
    expect(await page.getByTestId('list-open').isDisabled()).toBe(true);
    expect(await page.locator('[data-direction=citizen] [data-testid=ticks][data-status=read]').count()).toBe(3);

    expect(errors).toEqual([]);
    expect(business.problems).toEqual([]);
    await context.close();
  });

  it('starts with a typed number, sends files and a location, shows failed sends, and switches citizen', async () => {
    const { context, page, errors } = await openPhone();
    await page.getByRole('radio', { name: /Another number/ }).check();
    await page.getByTestId('phone-input').fill('12ab');
    await page.getByTestId('start-chat').click();
    await page.getByTestId('start-error').filter({ hasText: 'country code' }).waitFor();

    await page.getByTestId('phone-input').fill('+91 90000 00199');
    await page.getByTestId('name-input').fill('Test Citizen');
    await page.getByTestId('start-chat').click();
    const whoami = page.getByTestId('whoami');
    await whoami.filter({ hasText: 'Test Citizen' }).waitFor();
    expect(await whoami.innerText()).toContain(`+${UNREACHABLE}`);

    // A document: uploaded, then sent by id; the citizen API serves it back.
    await page.getByTestId('file-input').setInputFiles({ name: 'ration-card.pdf', mimeType: 'application/pdf', buffer: PDF });
    const sentDocument = bubbles(page, 'citizen').getByTestId('document-link');
    await sentDocument.waitFor();
    const media = await context.request.get((await sentDocument.getAttribute('href'))!);
    expect(media.status()).toBe(200);
    expect(media.headers()['content-type']).toBe('application/pdf');

    // The business answers, but the number is not on WhatsApp: its message fails.
    const answer = bubbles(page, 'business').filter({ has: page.getByTestId('failed') });
    await answer.waitFor();
    expect(await answer.getByTestId('failed').innerText()).toContain('Message undeliverable');
    const answerId = (await answer.getAttribute('data-id'))!;
    await waitUntil(() => business.failure(answerId) !== undefined, 'the failed status at the webhook');
    expect(business.failure(answerId)?.errors?.[0].code).toBe(131026);

    await page.getByTestId('share-location').click();
    await page.getByLabel(/Place name/).fill('Ward secretariat');
    await page.getByTestId('send-location').click();
    await bubbles(page, 'citizen').getByTestId('location').filter({ hasText: 'Ward secretariat' }).waitFor();

    // A type the simulator refuses never leaves the phone: a red mark with the reason.
    await page.getByTestId('file-input').setInputFiles({ name: 'photo.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
    const refused = bubbles(page, 'citizen').filter({ hasText: 'photo.gif' });
    await refused.getByTestId('failed').filter({ hasText: 'Unsupported file type' }).waitFor();
    expect(await refused.getByTestId('ticks').getAttribute('data-status')).toBe('failed');

    // The two messages that went out were read by the business.
    await waitUntil(async () => (await page.locator('[data-direction=citizen] [data-testid=ticks][data-status=read]').count()) === 2, 'two blue-ticked messages');

    // Back to the start panel and into Lakshmi's chat: her history, none of this one.
    await page.getByTestId('switch-citizen').click();
    await page.getByRole('radio', { name: /Lakshmi/ }).check();
    await page.getByTestId('start-chat').click();
    await bubbles(page, 'citizen').filter({ hasText: 'Income certificate' }).waitFor();
    expect(await page.getByTestId('location').count()).toBe(0);
    expect(await whoami.innerText()).toContain('Lakshmi');

    expect(errors).toEqual([]);
    expect(business.problems).toEqual([]);
    await context.close();
  });
});
