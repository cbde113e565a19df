import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type Browser, type Page } from 'playwright-core';
import { Role } from '@service-desk/core';
import { ScorecardJob } from '@service-desk/performance';
import { asOwner, FIXTURE_PASSWORD } from '@service-desk/testing';
// Row builders shared with the library's own integration tests.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { PerformanceRows } from '../../libs/performance/src/testing/performance-rows.js';
import { type ApiHarness, startApi } from '../support/api.js';
import { launchBrowser, SCREENSHOTS, SLOW } from '../support/browser.js';

/**
 * The console's review workflow in headless Chromium against the real API: HR computes a period
 * (the job is run in this process where the worker would run it, which the page cannot tell apart),
 * calibrates and publishes; the employee acknowledges. Also the HQ benchmark and customer loyalty.
 * Screenshots go to test-artifacts/screenshots/.
 */
type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const LABEL = '2026-02';

describe('web console: performance reviews (headless Chromium)', () => {
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

  async function signIn(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    await context.addInitScript(`try { localStorage.setItem('service-desk.language', 'en') } catch {}`);
    const page = await context.newPage();
    page.setDefaultTimeout(SLOW);
    page.on('pageerror', (error) => process.stderr.write(`[console page error] ${error.message}\n`));
    page.on('console', (message) => {
      if (message.type() === 'error') process.stderr.write(`[console error] ${message.text()}\n`);
    });
    await page.goto(`${api.url}/`);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', FIXTURE_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForSelector('nav[aria-label=main] a');
    return page;
  }

  const shot = async (page: Page, name: string) => {
    await page.waitForFunction("document.getAnimations().every((a) => a.playState !== 'running')");
    await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  };

  const gql = async (query: string, variables: Record<string, unknown>, token: string) => {
    const result = await api.gql(query, variables, token);
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data;
  };

  /** Evidence for February: the agent replies on time and is rated well, the supervisor is late but warm. */
  async function evidence(t: Tenant) {
    await asOwner(t.tenantId, async (client) => {
      const rows = new PerformanceRows(client, t.tenantId);
      const scale = await rows.barsScale('EMPATHY', 1);
      const { AGENT, SUPERVISOR, FIELD_STAFF } = t.users;
      for (let day = 2; day <= 5; day++) {
        const at = (hour: number) => `2026-02-0${day}T${String(hour).padStart(2, '0')}:00:00Z`;
        await rows.complaint({
          handlerId: AGENT.id,
          receivedAt: at(1),
          firstReplyDueAt: at(3),
          acknowledgedAt: at(2),
        });
        await rows.complaint({
          handlerId: SUPERVISOR.id,
          receivedAt: at(1),
          firstReplyDueAt: at(3),
          acknowledgedAt: day === 2 ? at(2) : at(6),
        });
      }
      await rows.rating(AGENT.id, scale, 5, SUPERVISOR.id, '2026-02-10T04:00:00Z');
      await rows.rating(SUPERVISOR.id, scale, 4, t.users.OWNER.id, '2026-02-10T04:00:00Z');
      await rows.rating(FIELD_STAFF.id, scale, 2, SUPERVISOR.id, '2026-02-10T04:00:00Z');
    });
  }

  it('HR calibrates and publishes a scorecard; the employee acknowledges it', async () => {
    const t = await api.tenant();
    await evidence(t);
    const owner = await t.token(Role.OWNER);
    const hrToken = await t.token(Role.HR);
    const created = await gql(
      'mutation($input: CreatePerformancePeriodInput!) { createPerformancePeriod(input: $input) { id } }',
      { input: { label: LABEL, startsOn: '2026-02-01', endsOn: '2026-02-28' } },
      owner,
    );
    const periodId: string = created.createPerformancePeriod.id;
    const agentId = t.users.AGENT.id;

    // HR opens the period from the list and queues the computation.
    const hr = await signIn(t.users.HR.email);
    await hr.click('nav >> text=Performance');
    await hr.click(`a >> text=${LABEL}`);
    await hr.waitForSelector(`h1 >> text=Scorecards · ${LABEL}`);
    await hr.click('button >> text=Compute scorecards');
    await hr.waitForSelector('[role=status] >> text=Computing in the background');
    // The worker's part: the queued job, run here against the same database.
    const job = api.app.get(ScorecardJob, { strict: false });
    expect(await job.run(t.tenantId, periodId)).toMatchObject({ written: 3 });
    // The page polls until the computation lands, then shows the drafts.
    await hr.waitForSelector(`[data-testid=card-${agentId}] >> text=Draft`);
    expect(await hr.locator('[data-testid=scorecards] tbody tr').count()).toBe(3);

    const card = async () =>
      (
        await gql(
          `query($periodId: ID!) { scorecards(periodId: $periodId, first: 10) { edges { node {
             id staffId state grade finalGrade calibrationReason } } } }`,
          { periodId },
          hrToken,
        )
      ).scorecards.edges
        .map((e: { node: Record<string, string | null> }) => e.node)
        .find((c: Record<string, string | null>) => c.staffId === agentId);
    const draft = await card();
    // The owner submits the agent's card (HR cannot).
    await gql(
      'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id state } }',
      { input: { periodId, staffId: agentId } },
      owner,
    );
    await hr.reload();
    await hr.waitForSelector(`[data-testid=card-${agentId}] >> text=Submitted`);

    // A calibration without a reason is refused by the form, nothing is sent.
    const calibrated = draft.grade === 'A' ? 'B' : 'A';
    await hr.click(`[data-testid=card-${agentId}] button >> text=Details`);
    const form = hr.locator('[data-testid=calibration-form]');
    await form.getByLabel('New grade').selectOption(calibrated);
    await form.getByRole('button', { name: 'Calibrate' }).click();
    await form.locator('text=This field is required.').waitFor();
    await form.getByLabel('Calibration reason').fill('Carried the desk through the February outage');
    await form.getByRole('button', { name: 'Calibrate' }).click();
    await form.locator('[role=status] >> text=Saved.').waitFor();
    await hr.waitForSelector(`[data-testid=card-${agentId}] >> text=Calibrated`);

    await hr.click('button >> text=Publish period');
    await hr.waitForSelector('[role=status] >> text=1 scorecards published.');
    await hr.waitForSelector(`[data-testid=card-${agentId}] >> text=Published`);
    await hr.waitForSelector('[data-testid=scorecard-detail] [data-testid=card-state] >> text=Published');
    await hr.waitForSelector('[data-testid=service-matrix]');
    await shot(hr, 'performance');
    // Each point is keyboard-focusable and explains its inputs.
    await hr.locator(`[data-testid=point-${agentId}]`).focus();
    await hr.waitForSelector('[data-testid=matrix-explanation] >> text=First reply on time');
    await hr
      .locator('[data-testid=service-matrix]')
      .screenshot({ path: join(SCREENSHOTS, 'service-matrix.png') });
    await hr.context().close();

    const published = await card();
    expect(published).toMatchObject({
      id: draft.id,
      state: 'PUBLISHED',
      finalGrade: calibrated,
      calibrationReason: 'Carried the desk through the February outage',
    });
    const audit = await asOwner(t.tenantId, async (client) => {
      const { rows } = await client.query(
        `SELECT from_grade, to_grade, reason, calibrated_by FROM scorecard_calibrations
          WHERE tenant_id = $1 AND scorecard_id = $2`,
        [t.tenantId, draft.id],
      );
      const events = await client.query(
        `SELECT count(*)::int AS n FROM tenant_events WHERE tenant_id = $1 AND type = 'scorecard.calibrated' AND entity_id = $2`,
        [t.tenantId, draft.id],
      );
      return { rows, events: events.rows[0].n as number };
    });
    expect(audit.rows).toEqual([
      {
        from_grade: draft.grade,
        to_grade: calibrated,
        reason: 'Carried the desk through the February outage',
        calibrated_by: t.users.HR.id,
      },
    ]);
    expect(audit.events).toBe(1);

    // The employee sees the published card and acknowledges it with a comment.
    const agent = await signIn(t.users.AGENT.email);
    await agent.click('nav >> text=My scorecard');
    await agent.waitForSelector('[data-testid=card-state] >> text=Published');
    await agent.getByLabel('Comment').fill('Thanks — agreed.');
    await agent.getByRole('button', { name: 'Acknowledge' }).click();
    await agent.waitForSelector('[data-testid=card-state] >> text=Acknowledged');
    await shot(agent, 'my-scorecard');
    await agent.context().close();
    const acknowledged = await gql(
      'query($id: ID!) { scorecard(id: $id) { state acknowledgementComment } }',
      { id: draft.id },
      await t.token(Role.AGENT),
    );
    expect(acknowledged.scorecard).toEqual({
      state: 'ACKNOWLEDGED',
      acknowledgementComment: 'Thanks — agreed.',
    });

    // A supervisor submits a team member's draft from the console.
    const supervisor = await signIn(t.users.SUPERVISOR.email);
    await supervisor.click('nav >> text=My scorecard');
    const team = supervisor.locator('[data-testid=team-submit-form]');
    await team.getByLabel('Employee').selectOption(t.users.FIELD_STAFF.id);
    await team.getByRole('button', { name: 'Submit' }).click();
    await team.locator('[role=status] >> text=Saved.').waitFor();
    await supervisor.context().close();
    const fieldCard = await asOwner(t.tenantId, async (client) => {
      const { rows } = await client.query(
        `SELECT state, submitted_by FROM scorecards WHERE tenant_id = $1 AND period_id = $2 AND staff_id = $3`,
        [t.tenantId, periodId, t.users.FIELD_STAFF.id],
      );
      return rows[0];
    });
    expect(fieldCard).toEqual({ state: 'SUBMITTED', submitted_by: t.users.SUPERVISOR.id });

    // HQ compares the chain's stores for the same label.
    const hq = await signIn(t.hqAdmin.email);
    await hq.fill('input[name=periodLabel]', LABEL);
    await hq.click('button >> text=Show');
    await hq.waitForSelector('[data-testid=benchmark] tbody tr');
    await hq.waitForSelector('h2 >> text=Stores of the chain');
    await shot(hq, 'hq-benchmark');
    await hq.context().close();
  }, 240_000);

  it("shows a customer's points, ledger and visits on the customer page", async () => {
    const t = await api.tenant();
    const owner = await t.token(Role.OWNER);
    const customer = await gql(
      'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
      { input: { name: '赵敏', memberNumber: 'E2E-1' } },
      owner,
    );
    const customerId: string = customer.createCustomer.id;
    for (let i = 1; i <= 12; i++) {
      await gql(
        'mutation($input: EarnPointsInput!) { earnPoints(input: $input) { id } }',
        { input: { customerId, points: 10 * i, idempotencyKey: `earn-${i}` } },
        owner,
      );
    }
    await gql(
      'mutation($input: RecordVisitInput!) { recordVisit(input: $input) { id } }',
      {
        input: {
          customerId,
          visitedAt: new Date(Date.now() - 3_600_000).toISOString(),
          amount: 88.5,
          externalRef: 'TILL-E2E-1',
          note: 'Dinner',
        },
      },
      owner,
    );
    const page = await signIn(t.users.OWNER.email);
    await page.goto(`${api.url}/customers/${customerId}`);
    // 10 + 20 + … + 120 = 780 points, plus whatever the visit earned.
    const balance = (
      await gql(
        'query($id: ID!) { customer(id: $id) { pointsBalance visitCount } }',
        { id: customerId },
        owner,
      )
    ).customer;
    expect(balance.pointsBalance).toBeGreaterThanOrEqual(780);
    await page.waitForSelector(`[data-testid=loyalty] dd >> text=${balance.pointsBalance}`);
    await page.waitForSelector('[data-testid=visits] >> text=Dinner');
    expect(await page.locator('[data-testid=points-ledger] tbody tr').count()).toBe(10);
    await page.click('#ledger-title ~ .filters button >> text=Next page');
    await page.waitForFunction(
      "document.querySelectorAll('[data-testid=points-ledger] tbody tr').length < 10",
    );
    await page.click('#ledger-title ~ .filters button >> text=First page');
    await page.waitForFunction(
      "document.querySelectorAll('[data-testid=points-ledger] tbody tr').length === 10",
    );
    await shot(page, 'customer-loyalty');
    await page.context().close();
  }, 120_000);
});
