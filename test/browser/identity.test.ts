/**
 * Aadhaar OTP and DigiLocker as a person meets them, in Chromium against the
 * whole sandbox host: Lakshmi asks for a caste certificate on the chat page,
 * types her Aadhaar number (a mistyped one first), reads the OTP from the SMS
 * the UIDAI simulator put on her phone, taps the DigiLocker consent link in
 * the chat, signs in and allows on DigiLocker's page, and the certificate
 * arrives in the chat as a PDF she can open.
 */
import { browserAvailable, useSandboxPage, waitUntil } from './support';

const maybe = browserAvailable('identity in the browser') ? describe : describe.skip;

maybe('identity in the browser', () => {
  const chat = useSandboxPage();

  const businessMessages = () => chat.page.locator('[data-testid="message"][data-direction="business"]');
  const waitFor = (count: number, what: string) => waitUntil(async () => (await businessMessages().count()) >= count, what, 15_000);
  const nth = (index: number) => businessMessages().nth(index).textContent().then((t) => t ?? '');

  it('a citizen proves her Aadhaar with the OTP from her SMS and gets her caste certificate from DigiLocker', async () => {
    const { host, page } = chat;
    await page.goto(`${host.url}/sandbox/`);
    // Lakshmi, the first sample citizen, is chosen already.
    await page.getByTestId('start-chat').click();
    const send = async (text: string, count: number, what: string) => {
      await page.getByTestId('composer-input').fill(text);
      await page.getByTestId('send').click();
      await waitFor(count, what);
    };
    await send('hi', 1, 'the language question');
    await page.getByTestId('reply-button').filter({ hasText: 'English' }).click();
    await waitFor(2, 'the department list');
    await send('caste certificate', 3, 'the Aadhaar question');
    await expect(nth(2)).resolves.toContain('12-digit Aadhaar number');

    // One digit wrong: refused at once, and no SMS comes.
    await send('9999 2222 0014', 4, 'the number refused');
    await expect(nth(3)).resolves.toContain('not a valid Aadhaar number');
    await expect(page.getByTestId('sms').count()).resolves.toBe(0);

    await send('9999 2222 0013', 5, 'the OTP question');
    await expect(nth(4)).resolves.toContain('XXXX XXXX 0013');
    await page.getByTestId('sms').first().waitFor({ timeout: 15_000 });
    await expect(page.getByTestId('sms').first().locator('strong').textContent()).resolves.toBe('SMS from AX-UIDAI');
    const smsText = (await page.getByTestId('sms').first().locator('p').textContent()) ?? '';
    const otp = /\b(\d{6})\b/.exec(smsText)?.[1];
    expect(otp).toBeDefined();

    await send(otp!, 7, 'verified, then the DigiLocker consent link');
    await expect(nth(5)).resolves.toContain('Thank you, Lakshmi Devi Kommineni. Your Aadhaar XXXX XXXX 0013 is verified.');
    const consentLink = businessMessages().nth(6).locator('a[href*="/digilocker/link/"]');
    await expect(consentLink.count()).resolves.toBe(1);

    // She taps the link: DigiLocker opens in a new tab.
    const [digilocker] = await Promise.all([page.waitForEvent('popup'), consentLink.click()]);
    await digilocker.getByTestId('digilocker-consent').waitFor();
    await digilocker.getByTestId('digilocker-mobile').fill('9000000101');
    await digilocker.getByTestId('digilocker-allow').click();
    await digilocker.waitForURL(/\/digilocker\/callback\?/);
    await expect(digilocker.textContent('body')).resolves.toContain('DigiLocker is linked');
    await digilocker.close();

    await waitFor(9, 'the certificate and the note after it');
    const documentLink = businessMessages().nth(7).getByTestId('document-link');
    await expect(documentLink.textContent()).resolves.toContain('Caste-Certificate.pdf');
    await expect(nth(8)).resolves.toContain('already in your DigiLocker');
    const pdf = await page.request.get((await documentLink.getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.screenshot({ path: '/tmp/caste-certificate.png' });
  }, 120_000);
});
