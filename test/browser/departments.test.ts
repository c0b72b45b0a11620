/**
 * A department's service completed in the sandbox's chat page, in Chromium
 * against the whole host: a citizen finds Municipal Administration in the
 * department list, picks the birth certificate, answers its questions in
 * Telugu (a wrong date asked again), confirms the read-back, gets the
 * reference number, and sees the department's "issued" arrive in the chat.
 * Then one service of each other department, in English, to its answer from
 * that department's sandbox backend.
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

  /** One service per department: its questions answered as typed text or a row tapped, and what its answer must say. */
  const OTHERS: Array<{ department: string; service: string; answers: Array<string | { row: string }>; says: RegExp }> = [
    { department: 'revenue', service: 'survey_lookup', answers: [{ row: 'Guntur' }, 'Tenali', 'Kolakaluru', '123'], says: /123/ },
    { department: 'civil_supplies', service: 'ration_distribution', answers: ['2812345678'], says: /2812345678/ },
    { department: 'registration', service: 'document_status', answers: ['Guntur', '4512', '2019'], says: /4512/ },
    { department: 'energy', service: 'bill_details', answers: ['3212345678901'], says: /3212345678901/ },
    { department: 'industries', service: 'msme_registration', answers: [], says: /Udyam/ },
    { department: 'transport', service: 'parcel_tracking', answers: ['APS20261123'], says: /APS20261123/ },
    { department: 'school_education', service: 'ssc_results', answers: ['2612345678'], says: /2612345678/ },
    { department: 'higher_education', service: 'eapcet_results', answers: ['2611045678'], says: /2611045678/ },
    { department: 'skills', service: 'job_fairs', answers: [{ row: 'Guntur' }], says: /Guntur/ },
    { department: 'itec', service: 'emergency_helplines', answers: [], says: /112/ },
    { department: 'secretariats', service: 'secretariat_services', answers: ['income certificate'], says: /[Ii]ncome/ },
    { department: 'endowments', service: 'temple_timings', answers: [{ row: 'Srisailam' }], says: /Srisailam/ },
  ];

  it.each(OTHERS.map((o, i) => [o.department, o.service, i, o] as const))('%s: %s answered by the department in the chat', async (_d, _s, i, { department, service, answers, says }) => {
    const { host, page } = chat;
    await page.goto(`${host.url}/sandbox/`);
    await page.getByTestId('other-citizen').check();
    await page.getByTestId('phone-input').fill(`9190000008${String(i).padStart(2, '0')}`);
    await page.getByTestId('name-input').fill('Ravi');
    await page.getByTestId('start-chat').click();
    let seen = 0;
    const next = async (what: string) => {
      await waitFor(seen + 1, what);
      // The platform may send more than one message for a step: the last once it is quiet.
      let count = await businessMessages().count();
      for (;;) {
        await page.waitForTimeout(300);
        const again = await businessMessages().count();
        if (again === count) break;
        count = again;
      }
      seen = count;
      return businessMessages().nth(count - 1);
    };
    /** Opens the list in the latest message and taps the row, paging with "More" until it is there. */
    const pick = async (title: string, what: string) => {
      for (let page_ = 0; page_ < 10; page_++) {
        await businessMessages().nth(seen - 1).getByTestId('list-open').click();
        const row = page.getByTestId('list-sheet').getByTestId('list-row').filter({ hasText: title });
        if ((await row.count()) > 0) {
          await row.first().click();
          return next(what);
        }
        await page.getByTestId('list-sheet').getByTestId('list-row').filter({ hasText: 'More' }).click();
        await next(`the next page, looking for ${title}`);
      }
      throw new Error(`no row ${title}`);
    };
    await page.getByTestId('composer-input').fill('hello');
    await page.getByTestId('send').click();
    await next('the language question');
    await page.getByTestId('reply-button').filter({ hasText: 'English' }).click();
    await next('the department list');
    await pick(host.services.catalog.department(department)!.title.en, 'the services');
    let last = await pick(host.services.catalog.service(service)!.service.title.en, 'the first question or the answer');
    for (const [step, answer] of answers.entries()) {
      if (typeof answer === 'string') {
        await page.getByTestId('composer-input').fill(answer);
        await page.getByTestId('send').click();
        last = await next(`the answer to step ${step + 1}`);
      } else last = await pick(answer.row, `the answer to step ${step + 1}`);
    }
    const text = (await last.textContent()) ?? '';
    expect(text).toMatch(says);
    for (const key of ['common.error', 'department.unavailable']) expect(text).not.toContain(host.services.texts.format(key, 'en'));
    expect(text).not.toContain(host.services.texts.format('department.refused', 'en', { reason: '' }).trim());
  }, 60_000);
});

