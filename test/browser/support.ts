/**
 * Browser tests: Debian's Chromium (never a downloaded browser) driven by
 * playwright-core, plus small HTTP helpers for the servers around the page.
 */
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { RunningHost } from '../../platform/host';
import { startTestHost } from '../support/host';
import { parseWebhook } from '../../platform/whatsapp/parse';
import { verifySignature } from '../../platform/whatsapp/signature';
import type { WebhookEvent } from '../../platform/whatsapp/types';

export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  // Chromium's own requests to Google (updates, sync, field trials) are refused on a closed network.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether browser suites run. Without Chromium they are skipped with a
 * message, unless JANSETU_REQUIRE_BROWSER=1 (CI), where a missing browser
 * fails the suite instead of hiding it.
 */
export function browserAvailable(suite: string): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.JANSETU_REQUIRE_BROWSER === '1') {
    throw new Error(`${suite}: ${CHROMIUM_PATH} is missing and JANSETU_REQUIRE_BROWSER=1 (apt-get install chromium)`);
  }
  console.warn(`${suite}: skipped, ${CHROMIUM_PATH} is missing (apt-get install chromium; set JANSETU_REQUIRE_BROWSER=1 to fail instead)`);
  return false;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

export interface Listening {
  /** e.g. http://127.0.0.1:PORT */
  url: string;
  close(): Promise<void>;
}

/** An HTTP server on an ephemeral port of 127.0.0.1. */
export async function listen(handler: http.RequestListener): Promise<Listening> {
  const server = http.createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      // Event streams and keep-alive sockets would hold close() open.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A webhook endpoint as Meta's receivers must be: the signature is checked
 * over the raw bytes (401 if wrong), then the parsed events are handed on
 * and the POST answered 200 at once, as Meta expects.
 */
export function signedWebhook(appSecret: string, onEvents: (events: WebhookEvent[]) => void, problems: string[]): http.RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const signature = req.headers['x-hub-signature-256'];
      if (!verifySignature(appSecret, raw, Array.isArray(signature) ? signature[0] : signature)) {
        problems.push(`webhook with a bad signature: ${raw.toString('utf8').slice(0, 200)}`);
        res.writeHead(401).end();
        return;
      }
      res.writeHead(200).end();
      try {
        onEvents(parseWebhook(JSON.parse(raw.toString('utf8'))));
      } catch (error) {
        problems.push(`webhook not understood: ${String(error)}`);
      }
    });
  };
}

/** Polls until the condition holds; the error names what was awaited. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A whole sandbox host and Chromium for a suite, and a fresh phone-sized page for each test, which
 * fails the test if the page threw. Read `host` and `page` inside tests (they are made in hooks).
 */
export function useSandboxPage(env: Record<string, string> = {}): { readonly host: RunningHost; readonly page: Page } {
  let host: RunningHost | undefined;
  let browser: Browser | undefined;
  let page: Page | undefined;
  const pageErrors: string[] = [];
  beforeAll(async () => {
    host = await startTestHost(env);
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });
  beforeEach(async () => {
    page = await browser!.newPage({ viewport: { width: 400, height: 800 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
  });
  afterEach(async () => {
    await page?.close();
    expect(pageErrors).toEqual([]);
  });
  return {
    get host() {
      return host!;
    },
    get page() {
      return page!;
    },
  };
}
