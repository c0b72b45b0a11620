/**
 * The editor runs under the admin Content-Security-Policy: in Chromium it
 * loads, logs in, shows the flows and opens a node's edit dialog (Monaco) with
 * no CSP violation.
 */
import type { Browser } from 'playwright-core';
import type { RunningHost } from '../../platform/host';
import { browserAvailable, launchChromium } from '../browser/support';
import { startTestHost } from '../support/host';

const ADMIN = { username: 'ops', password: 'correct-horse-battery' };
const maybe = browserAvailable('editor under CSP') ? describe : describe.skip;

maybe('editor under the admin CSP', () => {
  let host: RunningHost;
  let browser: Browser;

  beforeAll(async () => {
    host = await startTestHost({ ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password });
    browser = await launchChromium();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('loads, logs in and edits a node with no CSP violation', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    const violations: string[] = [];
    const pageErrors: string[] = [];
    page.on('console', (m) => {
      if (/Content[- ]Security[- ]Policy/i.test(m.text())) violations.push(m.text());
    });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.exposeFunction('reportCspViolation', (v: string) => violations.push(v));
    // Also the violations the console does not show (workers, eval inside libraries).
    await page.addInitScript({
      content: "document.addEventListener('securitypolicyviolation', (e) => window.reportCspViolation(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber))",
    });

    const res = await page.goto(`${host.url}/admin/`);
    // Without the header this test would prove nothing.
    expect(res?.headers()['content-security-policy']).toContain("default-src 'self'");
    await page.locator('#node-dialog-login-username').fill(ADMIN.username);
    await page.locator('#node-dialog-login-password').fill(ADMIN.password);
    await page.locator('.login-button, #node-dialog-login-submit').first().click();
    await page.locator('#red-ui-workspace-tabs').getByText('Main menu').waitFor({ timeout: 20_000 });
    await expect(page.locator('#red-ui-palette').getByText('whatsapp in').count()).resolves.toBeGreaterThan(0);

    // The shipped flows have no function node: a say node's JSONata values, expanded, open Monaco with its web workers.
    await page.locator('#red-ui-workspace-tabs').getByText('Main menu').click();
    await page.locator('.red-ui-flow-node-group').filter({ hasText: /coming soon/i }).first().dblclick();
    await page.locator('#red-ui-editor-stack .red-ui-tray').first().waitFor({ timeout: 10_000 });
    await page.locator('#node-input-values').locator('xpath=..').locator('.red-ui-typedInput-option-expand').first().click();
    await page.locator('#red-ui-editor-stack .monaco-editor').first().waitFor({ timeout: 10_000 });
    await page.waitForTimeout(1500);
    await page.close();
    expect(violations).toEqual([]);
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
