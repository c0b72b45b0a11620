/**
 * A darshan booked and paid in the browser, against the whole host: in the sandbox's chat page a
 * citizen proves her Aadhaar, picks a temple, a date, the darshan and a time, taps the payment
 * link, pays on the gateway's page, and finds the ticket PDF in the chat; its QR code, read
 * from the PDF, opens the /verify page, which says it is genuine.
 */
import { qrTextOf } from '../support/pdf-qr';
import { browserAvailable, useSandboxPage, waitUntil } from './support';

const maybe = browserAvailable('bookings in the browser') ? describe : describe.skip;

maybe('bookings in the browser', () => {
  const chat = useSandboxPage();

  const businessMessages = () => chat.page.locator('[data-testid="message"][data-direction="business"]');
  const waitFor = (count: number, what: string) => waitUntil(async () => (await businessMessages().count()) >= count, what, 15_000);
  const nth = (index: number) => businessMessages().nth(index).textContent().then((t) => t ?? '');

  it('a citizen books a darshan slot, pays on the gateway page and receives the ticket, whose QR verifies', async () => {
    const { host, page } = chat;
    await page.goto(`${host.url}/sandbox/`);
    // Lakshmi, the first sample citizen, is chosen already.
    await page.getByTestId('start-chat').click();
    const send = async (text: string, count: number, what: string) => {
      await page.getByTestId('composer-input').fill(text);
      await page.getByTestId('send').click();
      await waitFor(count, what);
    };
    const pick = async (index: number, row: string, count: number, what: string) => {
      await businessMessages().nth(index).getByTestId('list-open').click();
      await page.getByTestId('list-sheet').getByTestId('list-row').filter({ hasText: row }).first().click();
      await waitFor(count, what);
    };
    await send('hi', 1, 'the language question');
    await page.getByTestId('reply-button').filter({ hasText: 'English' }).click();
    await waitFor(2, 'the department list');
    await send('darshan ticket', 3, 'the Aadhaar question');
    await send('9999 2222 0013', 4, 'the OTP question');
    await page.getByTestId('sms').first().waitFor({ timeout: 15_000 });
    const otp = /\b(\d{6})\b/.exec((await page.getByTestId('sms').first().locator('p').textContent()) ?? '')![1]!;
    await send(otp, 5, 'the temple question');
    await expect(nth(4)).resolves.toContain('Darshan slot booking, step 1 of 4');
    await pick(4, 'Srisailam', 6, 'the date question');
    const date = new Date(Date.now() + 330 * 60_000 + 2 * 86_400_000).toISOString().slice(0, 10);
    await send(date.split('-').reverse().join('-'), 7, 'the darshan type question');
    await pick(6, 'Special entry darshan', 8, 'the persons question');
    await send('3', 9, 'the times left');
    await expect(nth(8)).resolves.toContain('please choose a time');
    await pick(8, '08:00', 11, 'the hold and the payment link');
    await expect(nth(9)).resolves.toMatch(/3 places held for you at Srisailam .* at 08:00\. Booking BK-[0-9A-Z]{10}/);
    const reference = /BK-[0-9A-Z]{10}/.exec(await nth(9))![0];
    await expect(nth(10)).resolves.toContain('Pay ₹900');

    // She taps the link: the gateway's page opens in a new tab; she pays, and is sent back.
    const link = businessMessages().nth(10).locator('a[href*="/sandbox/payments/l/"]');
    await expect(link.count()).resolves.toBe(1);
    const [gateway] = await Promise.all([page.waitForEvent('popup'), link.click()]);
    await gateway.getByTestId('gateway-page').waitFor();
    await expect(gateway.getByTestId('gateway-amount').textContent()).resolves.toBe('₹900');
    await gateway.getByTestId('gateway-pay').click();
    await gateway.waitForURL(/\/api\/payments\/return\?/);
    await expect(gateway.getByTestId('payment-return').textContent()).resolves.toContain('Payment received');
    await gateway.close();

    // The ticket arrives in the chat as a PDF.
    await waitFor(12, 'the ticket');
    const ticket = businessMessages().nth(11);
    await expect(ticket.textContent()).resolves.toContain(`${reference}.pdf`);
    const href = await ticket.getByTestId('document-link').getAttribute('href');
    const pdf = Buffer.from(await (await page.request.get(new URL(href!, page.url()).toString())).body());
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');

    // Its QR code, opened as a phone's camera would: genuine.
    const verifyUrl = qrTextOf(pdf)!;
    expect(verifyUrl).toContain('/verify/');
    await waitUntil(async () => (await host.services.bookings.store.get(reference))?.state === 'confirmed', 'the booking confirmed', 5_000);
    const verify = page;
    await verify.goto(verifyUrl);
    await expect(verify.getByTestId('verify-result').getAttribute('data-genuine')).resolves.toBe('true');
    await expect(verify.getByTestId('verify-result').textContent()).resolves.toContain(reference);
    // A forged QR (another signature) is not.
    await verify.goto(verifyUrl.replace(/s=.{8}/, 's=AAAAAAAA'));
    await expect(verify.getByTestId('verify-result').getAttribute('data-genuine')).resolves.toBe('false');
  }, 90_000);
});
