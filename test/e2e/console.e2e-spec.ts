import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Browser, type Page, type WebSocketRoute } from 'playwright-core';
import { Role } from '@service-desk/core';
import { FIXTURE_PASSWORD } from '@service-desk/testing';
import { type ApiHarness, startApi } from '../support/api.js';
import { launchBrowser, SCREENSHOTS, SLOW } from '../support/browser.js';

/**
 * The web console in real headless Chromium against the real API (which serves the built console:
 * `npm test` runs `vite build` first). Screenshots of the main pages go to test-artifacts/screenshots/.
 */
type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

describe('web console (headless Chromium)', () => {
  let api: ApiHarness;
  let browser: Browser;

  beforeAll(async () => {
    api = await startApi();
    browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const emailOf = (t: Tenant, role: Exclude<Role, Role.HQ_ADMIN>) => t.users[role].email;

  async function signIn(
    email: string,
    language: 'en' | 'zh-CN' = 'en',
    prepare?: (page: Page) => Promise<void>,
  ): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(
      `try { localStorage.setItem('service-desk.language', ${JSON.stringify(language)}) } catch {}`,
    );
    const page = await context.newPage();
    page.setDefaultTimeout(SLOW);
    // Browser-side failures show up in the test output.
    page.on('pageerror', (error) => process.stderr.write(`[console page error] ${error.message}\n`));
    page.on('response', (response) => {
      if (response.status() >= 400 && response.url().includes('/graphql'))
        void response
          .text()
          .then((body) => process.stderr.write(`[console graphql ${response.status()}] ${body}\n`));
    });
    page.on('console', (message) => {
      if (message.type() === 'error') process.stderr.write(`[console error] ${message.text()}\n`);
    });
    await prepare?.(page);
    await page.goto(`${api.url}/`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', FIXTURE_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('nav[aria-label=main] a');
    return page;
  }

  const shot = async (page: Page, name: string) => {
    // Let arrival animations finish so the picture shows the settled page.
    await page.waitForFunction("document.getAnimations().every((a) => a.playState !== 'running')");
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };

  const zone = async (t: Tenant, name: string) => {
    const created = await api.gql(
      'mutation($input: CreateZoneInput!) { createZone(input: $input) { id } }',
      { input: { name } },
      await t.token(Role.OWNER),
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    return created.data.createZone.id as string;
  };

  it("shows a work order created by another user on the supervisor's board within a second", async () => {
    const t = await api.tenant();
    const zoneId = await zone(t, 'Lobby');
    const page = await signIn(emailOf(t, Role.SUPERVISOR));
    expect(new URL(page.url()).pathname).toBe('/board');
    await page.waitForSelector('[data-testid=board][data-live=online]');
    await page.waitForSelector('section.zone[aria-label=Lobby]');

    const created = await api.gql(
      'mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id number } }',
      {
        input: { source: 'CALL', zoneId, location: 'Lobby door', priority: 'P2', description: 'Door stuck' },
      },
      await t.token(Role.AGENT),
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    const number = created.data.createWorkOrder.number as number;
    // Measured from the mutation's response: the card must be on the board within one second.
    await page.waitForSelector(`[data-column=OPEN] [data-testid=wo-${number}]`, { timeout: 1000 });

    // Enriched from the API, and never twice (the gap filler and the socket may both deliver).
    await page.waitForSelector(`[data-testid=wo-${number}] >> text=Door stuck`);
    expect(await page.locator(`[data-testid=wo-${number}]`).count()).toBe(1);
    await shot(page, 'dispatch-board');
    await page.context().close();
  }, 120_000);

  it('survives a network drop: banner while offline, then resumes with since and shows each card once', async () => {
    const t = await api.tenant();
    const zoneId = await zone(t, 'Garden');
    // The page's live sockets go through this route, so the test can cut them like a network drop.
    let offline = false;
    const sockets: WebSocketRoute[] = [];
    const page = await signIn(emailOf(t, Role.SUPERVISOR), 'en', (p) =>
      p.routeWebSocket(/\/socket\.io\//, (ws) => {
        if (offline) return void ws.close();
        ws.connectToServer();
        sockets.push(ws);
      }),
    );
    await page.waitForSelector('[data-testid=board][data-live=online]');
    const order = async (description: string) => {
      const created = await api.gql(
        'mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { number } }',
        { input: { source: 'CALL', zoneId, location: 'Garden', priority: 'P3', description } },
        await t.token(Role.AGENT),
      );
      if (!created.data) throw new Error(JSON.stringify(created.errors));
      return created.data.createWorkOrder.number as number;
    };
    const first = await order('Before the drop');
    await page.waitForSelector(`[data-testid=wo-${first}]`);

    offline = true;
    await Promise.all(sockets.splice(0).map((ws) => ws.close()));
    await page.waitForSelector('[data-testid=offline-banner]');
    const missed = await order('While offline');
    await shot(page, 'dispatch-board-offline');
    offline = false;

    await page.waitForSelector(`[data-testid=wo-${missed}]`);
    await page.waitForSelector('[data-testid=offline-banner]', { state: 'detached' });
    const after = await order('After the drop');
    await page.waitForSelector(`[data-testid=wo-${after}]`);
    for (const number of [first, missed, after]) {
      expect(await page.locator(`[data-testid=wo-${number}]`).count()).toBe(1);
    }
    await page.context().close();
  }, 120_000);

  it('lets an agent take a complaint from submission to resolution', async () => {
    const t = await api.tenant();
    const page = await signIn(emailOf(t, Role.AGENT));
    await page.click('nav >> text=Complaint desk');
    await page.waitForSelector('[data-testid=complaint-queue]');

    // Validation first: nothing is sent without a title.
    const form = page.locator('[data-testid=form-new-complaint]');
    await form.locator('button[type=submit]').click();
    await form.locator('text=This field is required.').first().waitFor();
    await form.getByLabel('Title').fill('Cold soup served');
    await form.getByLabel('Description').fill('The soup arrived cold and the waiter ignored us.');
    await form.getByLabel('Contact name').fill('Ms Wang');
    await shot(page, 'complaint-desk');
    await form.locator('button[type=submit]').click();

    const state = (value: string) =>
      page.waitForSelector(`[data-testid=complaint-detail][data-state=${value}]`);
    await state('RECEIVED');
    await page.locator('[data-testid=form-acknowledge] button[type=submit]').click();
    await state('ACKNOWLEDGED');
    await page.locator('[data-testid=form-investigate] button[type=submit]').click();
    await state('INVESTIGATING');

    const propose = page.locator('[data-testid=form-propose]');
    await propose.getByLabel('Description').fill('Free dessert and an apology');
    await propose.getByLabel('Amount').fill('30');
    await propose.locator('button[type=submit]').click();
    await state('PROPOSED');
    await page.locator('[data-testid=form-decision] button[type=submit]').click();
    const resolve = page.locator('[data-testid=form-resolve]');
    await resolve.getByLabel('Summary').fill('Customer accepted the dessert and apology.');
    await resolve.locator('button[type=submit]').click();
    await state('RESOLVED');
    await page.waitForSelector('[data-testid=timeline] [data-event="complaint.resolved"]');
    await shot(page, 'complaint-detail');
    await page.click('text=Record (print view)');
    await page.waitForSelector('iframe.record-frame');
    await shot(page, 'complaint-record');

    const stored = await api.gql(
      'query { complaints(first: 5, text: "Cold soup") { edges { node { state resolutionSummary } } } }',
      {},
      await t.token(Role.SUPERVISOR),
    );
    expect(stored.data?.complaints.edges.map((e: any) => e.node)).toEqual([
      { state: 'RESOLVED', resolutionSummary: 'Customer accepted the dessert and apology.' },
    ]);
    await page.context().close();
  }, 180_000);

  it('lets field staff accept, start and complete their order on a phone', async () => {
    const t = await api.tenant();
    const zoneId = await zone(t, 'Kitchen');
    const created = await api.gql(
      'mutation($input: CreateWorkOrderInput!) { createWorkOrder(input: $input) { id number } }',
      {
        input: {
          source: 'CALL',
          zoneId,
          location: 'Kitchen sink',
          priority: 'P2',
          description: 'Leaking tap',
          assigneeId: t.users[Role.FIELD_STAFF].id,
        },
      },
      await t.token(Role.SUPERVISOR),
    );
    if (!created.data) throw new Error(JSON.stringify(created.errors));
    const { id, number } = created.data.createWorkOrder as { id: string; number: number };

    const page = await signIn(emailOf(t, Role.FIELD_STAFF));
    await page.setViewportSize({ width: 390, height: 844 });
    const card = page.locator(`[data-testid=field-wo-${number}]`);
    await card.locator('text=Leaking tap').waitFor();
    await shot(page, 'field-staff');
    await card.getByRole('button', { name: 'Accept' }).click();
    await card.getByRole('button', { name: 'Start' }).click();
    await card.getByRole('button', { name: 'Complete' }).click();
    await card.locator('text=This field is required.').waitFor();
    await card.getByLabel('Report').fill('Replaced the washer.');
    await card.getByRole('button', { name: 'Complete' }).click();
    await card.waitFor({ state: 'detached' });

    const stored = await api.gql(
      'query($id: ID!) { workOrder(id: $id) { state completionReport } }',
      { id },
      await t.token(Role.SUPERVISOR),
    );
    expect(stored.data?.workOrder).toEqual({ state: 'DONE', completionReport: 'Replaced the washer.' });
    await page.context().close();
  }, 120_000);

  it('switches the language between Chinese and English', async () => {
    const t = await api.tenant();
    const page = await signIn(emailOf(t, Role.SUPERVISOR), 'zh-CN');
    await page.waitForSelector('nav >> text=调度看板');
    await page.selectOption('[data-testid=language]', 'en');
    await page.waitForSelector('nav >> text=Dispatch board');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.locator('nav >> text=调度看板').count()).toBe(0);
    await shot(page, 'language-en');
    await page.selectOption('[data-testid=language]', 'zh-CN');
    await page.waitForSelector('nav >> text=投诉工作台');
    await page.click('nav >> text=投诉工作台');
    await page.waitForSelector('h1 >> text=投诉队列');
    await shot(page, 'language-zh');
    await page.context().close();
  }, 120_000);

  it('shows each role only its own sections and serves deep links', async () => {
    const t = await api.tenant();
    const page = await signIn(emailOf(t, Role.FIELD_STAFF));
    const sections = await page.locator('nav[aria-label=main] a').allTextContents();
    expect(sections).toEqual(['My orders', 'Case library', 'My scorecard']);
    await page.goto(`${api.url}/board`);
    await page.waitForSelector('[role=alert] >> text=This page is not available to your role.');
    await page.goto(`${api.url}/field`);
    await page.waitForSelector('h1 >> text=My work orders');
    await page.context().close();

    const hr = await signIn(emailOf(t, Role.HR));
    await hr.click('nav >> text=HR · behaviour');
    await hr.waitForSelector('h1 >> text=HR · behaviour');
    await shot(hr, 'hr');
    await hr.context().close();

    const hq = await signIn(t.hqAdmin.email);
    await hq.waitForSelector('h2 >> text=Stores of the chain');
    await hq.waitForSelector('td >> text=Fixture store');
    await shot(hq, 'hq');
    await hq.context().close();

    // The API's own paths are not the console's.
    const health = await fetch(`${api.url}/health/live`);
    expect(health.headers.get('content-type') ?? '').not.toContain('text/html');
  }, 120_000);

  it('lets a customer answer a survey link without signing in, once', async () => {
    const t = await api.tenant();
    const invited = await api.gql(
      'mutation($input: CreateSurveyInvitationInput!) { createSurveyInvitation(input: $input) { path } }',
      { input: {} },
      await t.token(Role.AGENT),
    );
    if (!invited.data) throw new Error(JSON.stringify(invited.errors));
    const context = await browser.newContext({ viewport: { width: 420, height: 900 } });
    await context.addInitScript(`try { localStorage.setItem('service-desk.language', 'zh-CN') } catch {}`);
    const page = await context.newPage();
    page.setDefaultTimeout(SLOW);
    await page.goto(`${api.url}${invited.data.createSurveyInvitation.path as string}`);
    await page.waitForSelector('h1 >> text=顾客满意度调查');
    await page.selectOption('[data-testid=language]', 'en');
    const expectations = page.locator('select[aria-label^="Expectation "]');
    const perceptions = page.locator('select[aria-label^="Perception "]');
    // The switch re-renders the form in English: wait for its statements before counting them.
    await expectations.first().waitFor();
    expect(await expectations.count()).toBe(22);
    for (const select of await expectations.all()) await select.selectOption('6');
    for (const select of await perceptions.all()) await select.selectOption('5');
    await page.selectOption('select[aria-label="Overall satisfaction"]', '4');
    await page.click('button[type=submit]');
    await page.waitForSelector('[role=status] >> text=Thank you!');
    await shot(page, 'public-survey');
    // The link is used: opening it again says so.
    await page.reload();
    await page.waitForSelector('[role=alert] >> text=already been answered');
    await context.close();
  }, 120_000);
});
