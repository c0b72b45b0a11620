/**
 * The sandbox as a person uses it, in Chromium against the whole host: a
 * citizen on the chat page picks Telugu, opens a department and gets its
 * services from the main-menu flow; an admin logs in to the editor at /admin
 * and sees that flow.
 */
import { browserAvailable, useSandboxPage, waitUntil } from './support';
import { eventually, sandboxCitizenKey } from '../support/citizens';

const ADMIN = { username: 'ops', password: 'correct-horse-battery' };
const maybe = browserAvailable('main menu in the browser') ? describe : describe.skip;

maybe('main menu in the browser', () => {
  const chat = useSandboxPage({ ADMIN_USERNAME: ADMIN.username, ADMIN_PASSWORD: ADMIN.password, LOG_LEVEL: 'info' });

  const businessMessages = () => chat.page.locator('[data-testid="message"][data-direction="business"]');

  it('a citizen picks Telugu, opens a department and gets its service list', async () => {
    const { host, page } = chat;
    await page.goto(`${host.url}/sandbox/`);
    await page.getByTestId('other-citizen').check();
    await page.getByTestId('phone-input').fill('919000000777');
    await page.getByTestId('name-input').fill('Sita');
    await page.getByTestId('start-chat').click();

    await page.getByTestId('composer-input').fill('నమస్తే');
    await page.getByTestId('send').click();
    await businessMessages().first().waitFor();
    await expect(businessMessages().first().textContent()).resolves.toContain('స్వాగతం');

    await page.getByTestId('reply-button').filter({ hasText: 'తెలుగు' }).click();
    await waitUntil(async () => (await businessMessages().count()) >= 2, 'the department list', 10_000);
    await businessMessages().nth(1).getByTestId('list-open').click();
    const rows = page.getByTestId('list-sheet').getByTestId('list-row');
    await expect(rows.allTextContents()).resolves.toEqual(expect.arrayContaining([expect.stringContaining('రెవెన్యూ శాఖ'), expect.stringContaining('మరిన్ని')]));
    await rows.filter({ hasText: 'రెవెన్యూ శాఖ' }).click();

    await waitUntil(async () => (await businessMessages().count()) >= 3, 'the service list', 10_000);
    await businessMessages().nth(2).getByTestId('list-open').click();
    const services = await page.getByTestId('list-sheet').getByTestId('list-row').allTextContents();
    expect(services.join('\n')).toContain('ఆదాయ ధృవీకరణ పత్రం');
    expect(services.join('\n')).toContain('కుల ధృవీకరణ పత్రం');
    await page.screenshot({ path: '/tmp/main-menu.png' });

    // The menu waits for the citizen's pick, at the revenue department's services.
    const session = await eventually(() => host.services.sessions.get(sandboxCitizenKey('919000000777')), (s) => s?.waiting?.state?.department === 'revenue');
    expect(session).toMatchObject({ language: 'te', waiting: { node: 'mainmenu00000025', state: { level: 'services', department: 'revenue' } } });
  }, 60_000);

  it('a citizen types "income certificate" in Telugu script and reaches that service, in the bundled Telugu font', async () => {
    const { host, page } = chat;
    await page.goto(`${host.url}/sandbox/`);
    await page.getByTestId('other-citizen').check();
    await page.getByTestId('phone-input').fill('919000000779');
    await page.getByTestId('name-input').fill('Lakshmi');
    await page.getByTestId('start-chat').click();
    await page.getByTestId('composer-input').fill('నమస్తే');
    await page.getByTestId('send').click();
    await businessMessages().first().waitFor();
    await page.getByTestId('reply-button').filter({ hasText: 'తెలుగు' }).click();
    await waitUntil(async () => (await businessMessages().count()) >= 2, 'the department list', 10_000);

    await page.getByTestId('composer-input').fill('నాకు ఆదాయ ధృవీకరణ పత్రం కావాలి');
    await page.getByTestId('send').click();
    await waitUntil(async () => (await businessMessages().count()) >= 3, 'the answer to the typed request', 10_000);
    // The income certificate begins by proving the citizen's Aadhaar, in Telugu.
    await expect(businessMessages().nth(2).textContent()).resolves.toContain(host.services.texts.format('identity.aadhaar.ask', 'te').slice(0, 40));
    const session = await eventually(() => host.services.sessions.get(sandboxCitizenKey('919000000779')), (s) => s?.answers?.service === 'income_certificate');
    expect(session).toMatchObject({ language: 'te', answers: { department: 'revenue', service: 'income_certificate' } });

    // The page's own Telugu face drew those letters, whatever fonts this machine has.
    const font = (await page.evaluate(`(async () => {
      await document.fonts.ready;
      const faces = [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'jansetu Telugu');
      return { loaded: faces.filter((f) => f.status === 'loaded').length, check: document.fonts.check('15px "jansetu Telugu"', 'ఆదాయ') };
    })()`)) as { loaded: number; check: boolean };
    expect(font.loaded).toBeGreaterThan(0);
    expect(font.check).toBe(true);
    await page.screenshot({ path: '/tmp/main-menu-telugu-search.png' });
  }, 60_000);

  it('a citizen answers the grievance form\'s three questions, one of them wrongly at first, and the grievance reaches the officers', async () => {
    const { host, page } = chat;
    await page.goto(`${host.url}/sandbox/`);
    await page.getByTestId('other-citizen').check();
    await page.getByTestId('phone-input').fill('919000000780');
    await page.getByTestId('name-input').fill('Padma');
    await page.getByTestId('start-chat').click();
    const send = async (text: string, expectReplies: number, what: string) => {
      await page.getByTestId('composer-input').fill(text);
      await page.getByTestId('send').click();
      await waitUntil(async () => (await businessMessages().count()) >= expectReplies, what, 10_000);
    };
    await send('hi', 1, 'the language question');
    await page.getByTestId('reply-button').filter({ hasText: 'English' }).click();
    await waitUntil(async () => (await businessMessages().count()) >= 2, 'the department list', 10_000);

    await send('I want to register a grievance', 3, 'question 1: the department');
    await expect(businessMessages().nth(2).textContent()).resolves.toContain('Which department');
    await businessMessages().nth(2).getByTestId('list-open').click();
    await page.getByTestId('list-sheet').getByTestId('list-row').filter({ hasText: 'Municipal' }).first().click();
    await waitUntil(async () => (await businessMessages().count()) >= 4, 'question 2: the problem', 10_000);
    await expect(businessMessages().nth(3).textContent()).resolves.toContain('Describe the problem');

    // Too short: asked again, with the hint first.
    await send('No water', 5, 'the hint');
    await expect(businessMessages().nth(4).textContent()).resolves.toContain('10 to 500 characters');
    await send('No drinking water in our street for five days', 6, 'question 3: the PIN code');
    await expect(businessMessages().nth(5).textContent()).resolves.toContain('PIN code');
    await send('520 010', 7, 'the acknowledgement');
    await expect(businessMessages().nth(6).textContent()).resolves.toContain('Your grievance is with the officers');
    await page.screenshot({ path: '/tmp/grievance-form.png' });

    const waiting = await host.services.officers.waiting();
    expect(waiting).toEqual(expect.arrayContaining([expect.objectContaining({ waId: '919000000780', department: 'municipal', notes: [expect.objectContaining({ text: 'Grievance (municipal, PIN 520010): No drinking water in our street for five days', department: 'municipal' })] })]));
    // The service ended the conversation: nothing waits, the answers are gone, the language stays.
    await expect(host.services.sessions.get(sandboxCitizenKey('919000000780'))).resolves.toMatchObject({ waiting: null, answers: {}, language: 'en' });
  }, 60_000);

  it('a citizen who hides the number behind a username is answered by BSUID', async () => {
    const { host, page } = chat;
    await page.goto(`${host.url}/sandbox/`);
    await page.getByTestId('other-citizen').check();
    await page.getByTestId('phone-input').fill('919000000778');
    await page.getByTestId('name-input').fill('Ravi');
    await page.getByTestId('username-input').fill('ravi.k');
    await page.getByTestId('start-chat').click();
    await page.getByTestId('composer-input').fill('hi');
    await page.getByTestId('send').click();
    await businessMessages().first().waitFor();
    await expect(businessMessages().first().textContent()).resolves.toContain('Please choose your language');
    // The platform never saw the number: the reply went to the BSUID, the session is kept under it.
    const reply = host.sandbox!.whatsapp.conversation('919000000778')!.messages.find((m) => m.direction === 'out')!;
    expect(reply.body).toMatchObject({ recipient: expect.stringMatching(/^IN\.\d{16}$/) });
    expect(reply.body).not.toHaveProperty('to');
    await expect(eventually(() => host.services.sessions.get(sandboxCitizenKey('919000000778')), (s) => s?.waiting !== null)).resolves.toMatchObject({ waiting: { node: 'mainmenu00000022' } });
  }, 60_000);

  it('an admin logs in to the editor at /admin and sees the main-menu flow', async () => {
    const { host, page } = chat;
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.goto(`${host.url}/admin/`);
    await page.locator('#node-dialog-login-username').fill(ADMIN.username);
    await page.locator('#node-dialog-login-password').fill(ADMIN.password);
    await page.locator('.login-button, #node-dialog-login-submit').first().click();
    await page.locator('#red-ui-workspace-tabs').getByText('Main menu').waitFor({ timeout: 20_000 });
    await expect(page.locator('#red-ui-palette').getByText('whatsapp in').count()).resolves.toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/editor.png' });
  }, 60_000);
});
