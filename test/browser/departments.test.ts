/**
 * A department's service completed in the sandbox's chat page, in Chromium
 * against the whole host: a citizen finds Municipal Administration in the
 * department list, picks the birth certificate, answers its questions in
 * Telugu (a wrong date asked again), confirms the read-back, gets the
 * reference number, and sees the department's "issued" arrive in the chat.
 */
import { browserAvailable, useSandboxPage, waitUntil } from './support';

const maybe = browserAvailable('departments in the browser') ? describe : describe.skip;

maybe('departments in the browser', () => {
  const chat = useSandboxPage();

  const businessMessages = () => chat.page.locator('[data-testid="message"][data-direction="business"]');
  const waitFor = (count: number, what: string) => waitUntil(async () => (await businessMessages().count()) >= count, what, 10_000);

  it('Municipal Administration: a birth certificate applied for in Telugu, filed, and issued', async () => {
    const { host, page } = chat;
    await page.goto(`${host.url}/sandbox/`);
    await page.getByTestId('other-citizen').check();
    await page.getByTestId('phone-input').fill('919000000790');
    await page.getByTestId('name-input').fill('Lakshmi');
    await page.getByTestId('start-chat').click();
    const send = async (text: string, count: number, what: string) => {
      await page.getByTestId('composer-input').fill(text);
      await page.getByTestId('send').click();
      await waitFor(count, what);
    };
    await send('నమస్తే', 1, 'the language question');
    await page.getByTestId('reply-button').filter({ hasText: 'తెలుగు' }).click();
    await waitFor(2, 'the department list');

    await businessMessages().nth(1).getByTestId('list-open').click();
    const municipal = host.services.catalog.department('municipal')!.title.te;
    await page.getByTestId('list-sheet').getByTestId('list-row').filter({ hasText: municipal }).click();
    await waitFor(3, 'the municipal services');
    await businessMessages().nth(2).getByTestId('list-open').click();
    const birth = host.services.catalog.service('birth_certificate')!.service.title.te;
    await page.getByTestId('list-sheet').getByTestId('list-row').filter({ hasText: birth }).click();
    await waitFor(4, 'question 1');
    await expect(businessMessages().nth(3).textContent()).resolves.toContain('దశ 1/4');

    await send('సీత', 5, 'question 2: the date of birth');
    // 31 February, in Telugu digits: no such date, asked again.
    await send('౩౧-౦౨-౨౦౨౪', 6, 'the date asked again');
    await expect(businessMessages().nth(5).textContent()).resolves.toContain('దశ 2/4');
    await send('05-03-2024', 7, 'question 3');
    await send('ప్రభుత్వ ఆసుపత్రి, గుంటూరు', 8, 'question 4');
    await send('పద్మ', 9, 'the read-back');
    await expect(businessMessages().nth(8).textContent()).resolves.toContain('05-03-2024');
    await businessMessages().nth(8).getByTestId('reply-button').filter({ hasText: 'అవును' }).click();
    await waitFor(10, 'the acknowledgement');
    const ack = (await businessMessages().nth(9).textContent()) ?? '';
    const reference = /AP-MAU-\d{4}-\d{6}/.exec(ack)?.[0];
    expect(reference).toBeDefined();

    // The department issues it: the news arrives in the open chat.
    await host.departmentSandbox!.settle();
    await waitFor(12, 'in review, then issued');
    await expect(businessMessages().nth(11).textContent()).resolves.toContain(host.services.texts.format('applications.status.issued', 'te'));
    // The department's own words in the citizen's language too.
    await expect(businessMessages().nth(11).textContent()).resolves.toContain('వార్డు సచివాలయంలో');
    await page.screenshot({ path: '/tmp/birth-certificate.png' });
  }, 90_000);
});
