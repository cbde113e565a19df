import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '@service-desk/core';
import { ownerUrl, PGBOSS_SCHEMA, Queue } from '@service-desk/db';
import { ScorecardJob } from '@service-desk/performance';
import { asOwner, errorCode, type GraphqlResult } from '@service-desk/testing';
import PgBoss from 'pg-boss';
// Row builders shared with the library's own integration tests.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { PerformanceRows } from '../../libs/performance/src/testing/performance-rows.js';
import { type ApiHarness, startApi } from '../support/api.js';

/**
 * Performance reviews through the API: computing a period (a durable job), who sees which card, the
 * review workflow with its permissions and calibration audit, the matrix and exports, HQ standards and
 * the chain benchmark, and bad input on every mutation.
 */
type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const CARD = `id staffId role state composite finalScore grade finalGrade calibrationReason acknowledgementComment
  kpis { code sample value score notEnoughData }`;
const CREATE_PERIOD =
  'mutation($input: CreatePerformancePeriodInput!) { createPerformancePeriod(input: $input) { id label startsOn endsOn } }';
const COMPUTE = 'mutation($input: PeriodIdInput!) { computeScorecards(input: $input) { periodId jobId } }';
const LIST = `query($periodId: ID!, $state: ScorecardState) { scorecards(periodId: $periodId, state: $state, first: 20) { edges { node { ${CARD} } } pageInfo { hasNextPage } } }`;
const ONE = `query($id: ID!) { scorecard(id: $id) { ${CARD} } }`;
const SUBMIT = `mutation($input: SubmitReviewInput!) { submitReview(input: $input) { ${CARD} } }`;
const CALIBRATE = `mutation($input: CalibrateScorecardInput!) { calibrateScorecard(input: $input) { ${CARD} } }`;
const PUBLISH = `mutation($input: PeriodIdInput!) { publishScorecards(input: $input) { periodId published
  distribution { role ranked quotaA quotaC countA countB countC violations } } }`;
const ACK = `mutation($input: AcknowledgeScorecardInput!) { acknowledgeScorecard(input: $input) { ${CARD} } }`;
const MATRIX = `query($periodId: ID!) { serviceTypeMatrix(periodId: $periodId) { threshold procedural personal serviceType csv
  people { staffId procedural personal serviceType proceduralInputs { input value weight } personalInputs { input value weight } } } }`;
const EXPORT = 'query($periodId: ID!) { scorecardExport(periodId: $periodId) { csv } }';
const BENCHMARK = `query($label: String!) { chainBenchmark(periodLabel: $label) { periodLabel csv
  stores { tenantId tenantName staffCount scoredCount composite procedural personal serviceType rank kpis { code meanScore } } } }`;

const nodes = (result: GraphqlResult) =>
  (result.data?.scorecards?.edges ?? []).map((edge: { node: Record<string, unknown> }) => edge.node);

/** Hand-built desk data for the tenant's agent and field staff in March 2026, with a customer's phone in it. */
async function deskData(t: Tenant): Promise<void> {
  await asOwner(t.tenantId, async (client) => {
    const rows = new PerformanceRows(client, t.tenantId);
    const customer = await rows.customer('王秀英');
    await client.query(`UPDATE customers SET phone = '13812345678' WHERE tenant_id = $1 AND id = $2`, [
      t.tenantId,
      customer,
    ]);
    for (let day = 2; day < 8; day++) {
      const complaint = await rows.complaint({
        handlerId: t.users.AGENT.id,
        receivedAt: `2026-03-0${day}T02:00:00Z`,
        firstReplyDueAt: `2026-03-0${day}T12:00:00Z`,
        acknowledgedAt: `2026-03-0${day}T03:00:00Z`,
        resolutionDueAt: `2026-03-1${day}T02:00:00Z`,
        resolvedAt: `2026-03-1${day}T01:00:00Z`,
      });
      await rows.revisit({
        type: 'COMPLAINT',
        assigneeId: t.users.SUPERVISOR.id,
        complaintId: complaint,
        customerId: customer,
        status: 'COMPLETED',
        dueAt: '2026-03-25T02:00:00Z',
        completedAt: '2026-03-24T02:00:00Z',
        satisfaction: day % 2 === 0 ? 5 : 4,
      });
    }
    const zone = await rows.zone();
    for (let day = 2; day < 6; day++)
      await rows.workOrder({
        zoneId: zone,
        assigneeId: t.users.FIELD_STAFF.id,
        onsiteDueAt: `2026-03-0${day}T04:00:00Z`,
        startedAt: day === 2 ? `2026-03-0${day}T05:00:00Z` : `2026-03-0${day}T03:00:00Z`,
      });
    const scale = await rows.barsScale('LISTENING', 1);
    await rows.rating(t.users.AGENT.id, scale, 4, t.users.SUPERVISOR.id, '2026-03-20T02:00:00Z');
    await rows.rating(t.users.FIELD_STAFF.id, scale, 2, t.users.SUPERVISOR.id, '2026-03-20T02:00:00Z');
  });
}

describe('performance reviews', () => {
  let api: ApiHarness;
  let t: Tenant;
  let periodId: string;
  let agentCard: string;
  let fieldCard: string;
  const token = (role: Role, tenant: Tenant = t) => tenant.token(role);

  beforeAll(async () => {
    api = await startApi();
    t = await api.tenant();
    const created = await api.gql(
      CREATE_PERIOD,
      {
        input: {
          label: '2026-03',
          startsOn: '2026-03-01',
          endsOn: '2026-03-31',
          idempotencyKey: 'p-2026-03',
        },
      },
      await token(Role.HR),
    );
    periodId = created.data?.createPerformancePeriod.id;
    expect(periodId).toBeDefined();
    await deskData(t);
  });
  afterAll(() => api.close());

  it('creating a period again with the same key returns it; another period with the label is a CONFLICT', async () => {
    const hr = await token(Role.HR);
    const again = await api.gql(
      CREATE_PERIOD,
      {
        input: {
          label: '2026-03',
          startsOn: '2026-03-01',
          endsOn: '2026-03-31',
          idempotencyKey: 'p-2026-03',
        },
      },
      hr,
    );
    expect(again.data?.createPerformancePeriod.id).toBe(periodId);
    const clash = await api.gql(
      CREATE_PERIOD,
      { input: { label: '2026-03', startsOn: '2026-04-01', endsOn: '2026-04-30' } },
      hr,
    );
    expect(errorCode(clash)).toBe('CONFLICT');
  });

  it('computeScorecards queues a durable job for the worker (OWNER and HR only)', async () => {
    const denied = await api.gql(COMPUTE, { input: { periodId } }, await token(Role.AGENT));
    expect(errorCode(denied)).toBe('FORBIDDEN');
    const queued = await api.gql(COMPUTE, { input: { periodId } }, await token(Role.HR));
    expect(queued.errors).toBeUndefined();
    const jobId = queued.data?.computeScorecards.jobId;
    const jobs = await asOwner(t.tenantId, async (client) => {
      const { rows } = await client.query(`SELECT name, data FROM ${PGBOSS_SCHEMA}.job WHERE id = $1`, [
        jobId,
      ]);
      return rows;
    });
    expect(jobs).toEqual([{ name: Queue.Scorecards, data: { tenantId: t.tenantId, periodId } }]);
    // pg-boss itself sees a valid job with the queue's retry policy.
    const boss = new PgBoss({
      connectionString: ownerUrl(),
      schema: PGBOSS_SCHEMA,
      migrate: false,
      supervise: false,
      schedule: false,
      max: 1,
    });
    boss.on('error', () => undefined);
    await boss.start();
    try {
      const job = await boss.getJobById<{ tenantId: string }>(Queue.Scorecards, jobId, {
        includeArchive: true,
      });
      expect(job).toMatchObject({
        id: jobId,
        name: Queue.Scorecards,
        retryLimit: 5,
        data: { tenantId: t.tenantId },
      });
    } finally {
      await boss.stop({ graceful: false, wait: true });
    }
    // What the worker does with it:
    expect(await api.app.get(ScorecardJob).run(t.tenantId, periodId)).toEqual({ written: 3, removed: 0 });
    const listed = await api.gql(LIST, { periodId }, await token(Role.HR));
    expect(listed.errors).toBeUndefined();
    const all = nodes(listed);
    expect(all).toHaveLength(3);
    agentCard = all.find((c: { staffId: string }) => c.staffId === t.users.AGENT.id).id;
    fieldCard = all.find((c: { staffId: string }) => c.staffId === t.users.FIELD_STAFF.id).id;
    const agent = all.find((c: { id: string }) => c.id === agentCard);
    expect(agent.state).toBe('DRAFT');
    expect(agent.kpis.find((k: { code: string }) => k.code === 'FIRST_REPLY_ON_TIME')).toEqual({
      code: 'FIRST_REPLY_ON_TIME',
      sample: 6,
      value: 1,
      score: 100,
      notEnoughData: false,
    });
    expect(agent.kpis.find((k: { code: string }) => k.code === 'REOPEN_RATE').score).toBe(100);
    expect(agent.kpis.find((k: { code: string }) => k.code === 'WORK_ORDER_ON_TIME')).toMatchObject({
      sample: 0,
      score: null,
      notEnoughData: true,
    });
  });

  it('shows staff no draft: not their own, not anyone else’s', async () => {
    for (const role of [Role.AGENT, Role.FIELD_STAFF, Role.SUPERVISOR]) {
      const staff = await token(role);
      expect(nodes(await api.gql(LIST, { periodId }, staff))).toEqual([]);
      expect(errorCode(await api.gql(ONE, { id: agentCard }, staff))).toBe('NOT_FOUND');
    }
    expect(nodes(await api.gql(LIST, { periodId }, await token(Role.OWNER)))).toHaveLength(3);
  });

  it('lets a supervisor submit a team member’s card but not their own; agents may not submit', async () => {
    const supervisor = await token(Role.SUPERVISOR);
    const own = await api.gql(SUBMIT, { input: { periodId, staffId: t.users.SUPERVISOR.id } }, supervisor);
    expect(errorCode(own)).toBe('FORBIDDEN');
    const agent = await api.gql(
      SUBMIT,
      { input: { periodId, staffId: t.users.FIELD_STAFF.id } },
      await token(Role.AGENT),
    );
    expect(errorCode(agent)).toBe('FORBIDDEN');
    const submitted = await api.gql(SUBMIT, { input: { periodId, staffId: t.users.AGENT.id } }, supervisor);
    expect(submitted.errors).toBeUndefined();
    expect(submitted.data?.submitReview).toMatchObject({ id: agentCard, state: 'SUBMITTED' });
    const twice = await api.gql(SUBMIT, { input: { periodId, staffId: t.users.AGENT.id } }, supervisor);
    expect(errorCode(twice)).toBe('INVALID_TRANSITION');
  });

  it('lets HR calibrate a submitted card with a reason, audited in a row and an event', async () => {
    const hr = await token(Role.HR);
    expect(
      errorCode(
        await api.gql(
          CALIBRATE,
          { input: { scorecardId: agentCard, grade: 'A', reason: 'x' } },
          await token(Role.OWNER),
        ),
      ),
    ).toBe('FORBIDDEN');
    const draft = await api.gql(
      CALIBRATE,
      { input: { scorecardId: fieldCard, grade: 'A', reason: 'Too early' } },
      hr,
    );
    expect(errorCode(draft)).toBe('INVALID_TRANSITION');
    const calibrated = await api.gql(
      CALIBRATE,
      { input: { scorecardId: agentCard, grade: 'A', score: 91.5, reason: 'Handled the flood week alone' } },
      hr,
    );
    expect(calibrated.data?.calibrateScorecard).toMatchObject({
      state: 'CALIBRATED',
      finalGrade: 'A',
      finalScore: 91.5,
      calibrationReason: 'Handled the flood week alone',
    });
    const audit = await asOwner(t.tenantId, async (client) => {
      const rows = await client.query(
        `SELECT to_grade, to_score::float AS to_score, reason, calibrated_by FROM scorecard_calibrations WHERE tenant_id = $1 AND scorecard_id = $2`,
        [t.tenantId, agentCard],
      );
      const events = await client.query(
        `SELECT type, actor_id, data FROM tenant_events WHERE tenant_id = $1 AND entity_id = $2 AND type = 'scorecard.calibrated'`,
        [t.tenantId, agentCard],
      );
      return { rows: rows.rows, events: events.rows };
    });
    expect(audit.rows).toEqual([
      { to_grade: 'A', to_score: 91.5, reason: 'Handled the flood week alone', calibrated_by: t.users.HR.id },
    ]);
    expect(audit.events).toEqual([
      expect.objectContaining({
        type: 'scorecard.calibrated',
        actor_id: t.users.HR.id,
        data: expect.objectContaining({ toGrade: 'A' }),
      }),
    ]);
  });

  it('publishes the submitted and calibrated cards of the period only, with the distribution check', async () => {
    expect(errorCode(await api.gql(PUBLISH, { input: { periodId } }, await token(Role.OWNER)))).toBe(
      'FORBIDDEN',
    );
    const published = await api.gql(PUBLISH, { input: { periodId } }, await token(Role.HR));
    expect(published.data?.publishScorecards.published).toBe(1);
    const agents = published.data?.publishScorecards.distribution.find(
      (d: { role: string }) => d.role === 'AGENT',
    );
    expect(agents).toMatchObject({ ranked: 1, quotaA: 0, countA: 1 });
    expect(agents.violations).toEqual(['1 A grades where at most 0 are allowed']);
    const states = nodes(await api.gql(LIST, { periodId }, await token(Role.HR))).map(
      (c: { id: string; state: string }) => [c.id, c.state],
    );
    expect(new Map(states).get(agentCard)).toBe('PUBLISHED');
    expect(new Map(states).get(fieldCard)).toBe('DRAFT');
  });

  it('shows the employee their own published card only', async () => {
    const agent = await token(Role.AGENT);
    expect(nodes(await api.gql(LIST, { periodId }, agent)).map((c: { id: string }) => c.id)).toEqual([
      agentCard,
    ]);
    expect((await api.gql(ONE, { id: agentCard }, agent)).data?.scorecard.id).toBe(agentCard);
    const field = await token(Role.FIELD_STAFF);
    expect(nodes(await api.gql(LIST, { periodId }, field))).toEqual([]);
    expect(errorCode(await api.gql(ONE, { id: agentCard }, field))).toBe('NOT_FOUND');
  });

  it('lets only the employee acknowledge, once, with a comment', async () => {
    const other = await api.gql(
      ACK,
      { input: { scorecardId: agentCard, comment: 'Not mine' } },
      await token(Role.FIELD_STAFF),
    );
    expect(errorCode(other)).toBe('NOT_FOUND');
    const agent = await token(Role.AGENT);
    const done = await api.gql(
      ACK,
      { input: { scorecardId: agentCard, comment: '  谢谢，会继续努力  ' } },
      agent,
    );
    expect(done.data?.acknowledgeScorecard).toMatchObject({
      state: 'ACKNOWLEDGED',
      acknowledgementComment: '谢谢，会继续努力',
    });
    expect(
      errorCode(await api.gql(ACK, { input: { scorecardId: agentCard, comment: 'Again' } }, agent)),
    ).toBe('INVALID_TRANSITION');
  });

  it('recomputing leaves the acknowledged card untouched and refreshes drafts', async () => {
    const hr = await token(Role.HR);
    const before = nodes(await api.gql(LIST, { periodId }, hr));
    await api.app.get(ScorecardJob).run(t.tenantId, periodId);
    expect(nodes(await api.gql(LIST, { periodId }, hr))).toEqual(before);
  });

  it('explains the service-type matrix per person and for the store, as data and CSV, without customer data', async () => {
    const matrix = await api.gql(MATRIX, { periodId }, await token(Role.HR));
    expect(matrix.errors).toBeUndefined();
    const m = matrix.data?.serviceTypeMatrix;
    expect(m.threshold).toBe(70);
    const agent = m.people.find((p: { staffId: string }) => p.staffId === t.users.AGENT.id);
    expect(agent.personalInputs).toEqual([
      { input: 'CSAT', value: expect.any(Number), weight: 1 },
      { input: 'BEHAVIOUR', value: 75, weight: 1 },
    ]);
    expect(agent.proceduralInputs.map((i: { input: string }) => i.input)).toEqual(
      expect.arrayContaining(['FIRST_REPLY_ON_TIME', 'RESOLUTION_ON_TIME', 'WORK_ORDER_ON_TIME']),
    );
    expect(agent.serviceType).toBe('EXCELLENT');
    expect(m.csv.split('\n')[0]).toContain('service type');
    expect(m.csv).toContain('STORE');
    const exported = await api.gql(EXPORT, { periodId }, await token(Role.HR));
    expect(exported.data?.scorecardExport.csv.split('\n')).toHaveLength(4);
    for (const text of [JSON.stringify(matrix), JSON.stringify(exported)]) {
      expect(text).not.toContain('13812345678');
      expect(text).not.toContain('王秀英');
    }
    expect(errorCode(await api.gql(MATRIX, { periodId }, await token(Role.AGENT)))).toBe('FORBIDDEN');
  });

  it('classifies by the tenant threshold', async () => {
    const hr = await token(Role.HR);
    await api.gql(
      'mutation { updatePerformanceSettings(input: { matrixThreshold: 100 }) { matrixThreshold } }',
      {},
      hr,
    );
    const strict = await api.gql(MATRIX, { periodId }, hr);
    const agent = strict.data?.serviceTypeMatrix.people.find(
      (p: { staffId: string }) => p.staffId === t.users.AGENT.id,
    );
    // Procedural is exactly 100 (at the threshold counts as strong); personal is below it.
    expect([agent.procedural, agent.serviceType]).toEqual([100, 'BUREAUCRATIC']);
    await api.gql(
      'mutation { updatePerformanceSettings(input: { matrixThreshold: 70 }) { matrixThreshold } }',
      {},
      hr,
    );
  });

  it('gives HQ per-store aggregates across its chain only, with no personal data', async () => {
    const other = await api.tenant();
    const hq = await token(Role.HQ_ADMIN);
    const result = await api.gql(BENCHMARK, { label: '2026-03' }, hq);
    expect(result.errors).toBeUndefined();
    const stores = result.data?.chainBenchmark.stores;
    expect(stores).toEqual([
      expect.objectContaining({
        tenantId: t.tenantId,
        staffCount: 3,
        rank: 1,
        composite: expect.any(Number),
      }),
    ]);
    const text = JSON.stringify(result);
    for (const user of Object.values(t.users)) expect(text).not.toContain(user.id);
    expect(text).not.toContain('13812345678');
    expect(text).not.toContain(other.tenantId);
    // Another chain's HQ sees nothing of this store.
    const foreign = await api.gql(BENCHMARK, { label: '2026-03' }, await token(Role.HQ_ADMIN, other));
    expect(foreign.data?.chainBenchmark.stores).toEqual([]);
    expect(errorCode(await api.gql(BENCHMARK, { label: '2026-03' }, await token(Role.OWNER)))).toBe(
      'FORBIDDEN',
    );
  });

  it('lets HQ publish the KPI template and default BARS scales that a store then adopts', async () => {
    const owner = await token(Role.OWNER);
    expect(errorCode(await api.gql('mutation { adoptKpiTemplate { adopted } }', {}, owner))).toBe(
      'NOT_FOUND',
    );
    const hq = await token(Role.HQ_ADMIN);
    const kpis = await api.gql(
      `mutation { publishKpiTemplate(input: { kpis: [{ code: CSAT, target: 4.8, weight: 30, minSample: 5 }] }) { kpiTemplate { code target } } }`,
      {},
      hq,
    );
    expect(kpis.data?.publishKpiTemplate.kpiTemplate).toEqual([{ code: 'CSAT', target: 4.8 }]);
    const anchors = ['Interrupts', 'Half listens', 'Listens', 'Paraphrases', 'Draws out the real need'];
    const bars = await api.gql(
      `mutation($anchors: [String!]!) { publishBarsTemplate(input: { scales: [{ dimension: "LISTENING", name: "倾听", weight: 2, anchors: $anchors }, { dimension: "EMPATHY", name: "同理心", weight: 1, anchors: $anchors }] }) { barsTemplate { dimension } } }`,
      { anchors },
      hq,
    );
    expect(bars.errors).toBeUndefined();
    expect(
      errorCode(await api.gql('mutation { adoptKpiTemplate { adopted } }', {}, await token(Role.AGENT))),
    ).toBe('FORBIDDEN');
    expect(
      (await api.gql('mutation { adoptKpiTemplate { adopted } }', {}, owner)).data?.adoptKpiTemplate.adopted,
    ).toBe(1);
    const definitions = await api.gql(
      '{ kpiDefinitions { code target weight minSample direction } }',
      {},
      await token(Role.HR),
    );
    expect(definitions.data?.kpiDefinitions.find((d: { code: string }) => d.code === 'CSAT')).toEqual({
      code: 'CSAT',
      target: 4.8,
      weight: 30,
      minSample: 5,
      direction: 'HIGHER',
    });
    expect(
      (await api.gql('mutation { adoptBarsTemplate { adopted } }', {}, await token(Role.HR))).data
        ?.adoptBarsTemplate.adopted,
    ).toBe(2);
    const scales = await asOwner(t.tenantId, async (client) => {
      const { rows } = await client.query(
        `SELECT s.dimension, s.name, s.weight::float AS weight, count(a.level)::int AS anchors FROM bars_scales s
         LEFT JOIN bars_anchors a ON a.tenant_id = s.tenant_id AND a.scale_id = s.id
         WHERE s.tenant_id = $1 GROUP BY s.dimension, s.name, s.weight ORDER BY s.dimension`,
        [t.tenantId],
      );
      return rows;
    });
    expect(scales).toEqual([
      { dimension: 'EMPATHY', name: '同理心', weight: 1, anchors: 5 },
      { dimension: 'LISTENING', name: '倾听', weight: 2, anchors: 5 },
    ]);
  });
});

describe('performance bad input', () => {
  let api: ApiHarness;
  let t: Tenant;
  let periodId: string;

  const TABLES = [
    'performance_periods',
    'kpi_definitions',
    'performance_settings',
    'scorecards',
    'scorecard_calibrations',
    'tenant_events',
  ];
  const counts = () =>
    asOwner(t.tenantId, async (client) => {
      const columns = TABLES.map(
        (table) => `(SELECT count(*)::int FROM ${table} WHERE tenant_id = $1) AS ${table}`,
      );
      const { rows } = await client.query(`SELECT ${columns.join(', ')}`, [t.tenantId]);
      return rows[0];
    });
  const chainStandards = () =>
    asOwner(t.tenantId, async (client) => {
      const { rows } = await client.query(
        `SELECT to_jsonb(s) AS row FROM chain_standards s WHERE chain_id = $1`,
        [t.chainId],
      );
      return rows;
    });

  beforeAll(async () => {
    api = await startApi();
    t = await api.tenant();
    const created = await api.gql(
      CREATE_PERIOD,
      { input: { label: 'Q1', startsOn: '2026-01-01', endsOn: '2026-03-31' } },
      await t.token(Role.HR),
    );
    periodId = created.data?.createPerformancePeriod.id;
    // Defaults exist before the refusals are counted (reading them creates them).
    await api.gql(
      '{ kpiDefinitions { code } performanceSettings { kpiWeight } }',
      {},
      await t.token(Role.HR),
    );
  });
  afterAll(() => api.close());

  const anchors = ['1', '2', '3', '4', '5'];
  const cases: Array<[string, Role, string, Record<string, unknown>]> = [
    [
      'blank label',
      Role.HR,
      CREATE_PERIOD,
      { input: { label: '   ', startsOn: '2026-04-01', endsOn: '2026-04-30' } },
    ],
    [
      'too long label',
      Role.HR,
      CREATE_PERIOD,
      { input: { label: 'x'.repeat(41), startsOn: '2026-04-01', endsOn: '2026-04-30' } },
    ],
    [
      'impossible date',
      Role.HR,
      CREATE_PERIOD,
      { input: { label: 'Feb', startsOn: '2026-02-01', endsOn: '2026-02-30' } },
    ],
    [
      'not a date',
      Role.HR,
      CREATE_PERIOD,
      { input: { label: 'Feb', startsOn: 'yesterday', endsOn: '2026-02-28' } },
    ],
    [
      'ends before it starts',
      Role.HR,
      CREATE_PERIOD,
      { input: { label: 'Back', startsOn: '2026-05-01', endsOn: '2026-04-01' } },
    ],
    [
      'longer than a year',
      Role.HR,
      CREATE_PERIOD,
      { input: { label: 'Long', startsOn: '2026-01-01', endsOn: '2027-06-30' } },
    ],
    [
      'zero target',
      Role.HR,
      'mutation($input: UpdateKpiDefinitionInput!) { updateKpiDefinition(input: $input) { code } }',
      { input: { code: 'CSAT', target: 0 } },
    ],
    [
      'weight above 100',
      Role.OWNER,
      'mutation($input: UpdateKpiDefinitionInput!) { updateKpiDefinition(input: $input) { code } }',
      { input: { code: 'CSAT', weight: 101 } },
    ],
    [
      'minimum sample 0',
      Role.HR,
      'mutation($input: UpdateKpiDefinitionInput!) { updateKpiDefinition(input: $input) { code } }',
      { input: { code: 'CSAT', minSample: 0 } },
    ],
    [
      'unknown KPI',
      Role.HR,
      'mutation($input: UpdateKpiDefinitionInput!) { updateKpiDefinition(input: $input) { code } }',
      { input: { code: 'SMILES', weight: 1 } },
    ],
    [
      'shares above 1',
      Role.HR,
      'mutation($input: UpdatePerformanceSettingsInput!) { updatePerformanceSettings(input: $input) { kpiWeight } }',
      { input: { gradeAShare: 0.8, gradeCShare: 0.5 } },
    ],
    [
      'no weight at all',
      Role.HR,
      'mutation($input: UpdatePerformanceSettingsInput!) { updatePerformanceSettings(input: $input) { kpiWeight } }',
      { input: { kpiWeight: 0, behaviourWeight: 0 } },
    ],
    [
      'negative weight',
      Role.HR,
      'mutation($input: UpdatePerformanceSettingsInput!) { updatePerformanceSettings(input: $input) { kpiWeight } }',
      { input: { kpiWeight: -1 } },
    ],
    [
      'threshold above 100',
      Role.HR,
      'mutation($input: UpdatePerformanceSettingsInput!) { updatePerformanceSettings(input: $input) { kpiWeight } }',
      { input: { matrixThreshold: 101 } },
    ],
    ['malformed period id', Role.HR, COMPUTE, { input: { periodId: 'not-an-id' } }],
    ['malformed staff id', Role.SUPERVISOR, SUBMIT, { input: { periodId: 'PERIOD', staffId: 'x' } }],
    [
      'calibration without grade or score',
      Role.HR,
      CALIBRATE,
      { input: { scorecardId: '0190b7a4-0000-7000-8000-000000000000', reason: 'Why' } },
    ],
    [
      'calibration with a blank reason',
      Role.HR,
      CALIBRATE,
      { input: { scorecardId: '0190b7a4-0000-7000-8000-000000000000', grade: 'A', reason: ' ' } },
    ],
    [
      'calibrated score above 100',
      Role.HR,
      CALIBRATE,
      { input: { scorecardId: '0190b7a4-0000-7000-8000-000000000000', score: 101, reason: 'Why' } },
    ],
    [
      'unknown grade',
      Role.HR,
      CALIBRATE,
      { input: { scorecardId: '0190b7a4-0000-7000-8000-000000000000', grade: 'S', reason: 'Why' } },
    ],
    ['malformed id to publish', Role.HR, PUBLISH, { input: { periodId: '1; DROP TABLE scorecards' } }],
    [
      'blank acknowledgement',
      Role.AGENT,
      ACK,
      { input: { scorecardId: '0190b7a4-0000-7000-8000-000000000000', comment: '\t' } },
    ],
    [
      'oversized acknowledgement',
      Role.AGENT,
      ACK,
      { input: { scorecardId: '0190b7a4-0000-7000-8000-000000000000', comment: 'x'.repeat(2001) } },
    ],
    ['NUL in an acknowledgement', Role.AGENT, ACK, { input: { scorecardId: 'nope', comment: 'a\u0000b' } }],
    [
      'KPI template with a duplicate',
      Role.HQ_ADMIN,
      'mutation($input: PublishKpiTemplateInput!) { publishKpiTemplate(input: $input) { kpiTemplate { code } } }',
      {
        input: {
          kpis: [
            { code: 'CSAT', target: 4, weight: 1, minSample: 1 },
            { code: 'CSAT', target: 4, weight: 1, minSample: 1 },
          ],
        },
      },
    ],
    [
      'empty KPI template',
      Role.HQ_ADMIN,
      'mutation($input: PublishKpiTemplateInput!) { publishKpiTemplate(input: $input) { kpiTemplate { code } } }',
      { input: { kpis: [] } },
    ],
    [
      'KPI template with a zero target',
      Role.HQ_ADMIN,
      'mutation($input: PublishKpiTemplateInput!) { publishKpiTemplate(input: $input) { kpiTemplate { code } } }',
      { input: { kpis: [{ code: 'CSAT', target: 0, weight: 1, minSample: 1 }] } },
    ],
    [
      'BARS scale with four anchors',
      Role.HQ_ADMIN,
      'mutation($input: PublishBarsTemplateInput!) { publishBarsTemplate(input: $input) { barsTemplate { dimension } } }',
      { input: { scales: [{ dimension: 'LISTENING', name: 'L', weight: 1, anchors: anchors.slice(1) }] } },
    ],
    [
      'BARS scale with a bad dimension',
      Role.HQ_ADMIN,
      'mutation($input: PublishBarsTemplateInput!) { publishBarsTemplate(input: $input) { barsTemplate { dimension } } }',
      { input: { scales: [{ dimension: 'listening ', name: 'L', weight: 1, anchors }] } },
    ],
    [
      'BARS scales with a duplicate',
      Role.HQ_ADMIN,
      'mutation($input: PublishBarsTemplateInput!) { publishBarsTemplate(input: $input) { barsTemplate { dimension } } }',
      {
        input: {
          scales: [
            { dimension: 'LISTENING', name: 'L', weight: 1, anchors },
            { dimension: 'LISTENING', name: 'M', weight: 1, anchors },
          ],
        },
      },
    ],
    ['blank benchmark label', Role.HQ_ADMIN, BENCHMARK, { label: '' }],
    ['malformed period id in a list', Role.HR, LIST, { periodId: 'x' }],
    [
      'malformed cursor',
      Role.HR,
      'query($periodId: ID!) { scorecards(periodId: $periodId, after: "garbage") { edges { node { id } } } }',
      { periodId: 'PERIOD' },
    ],
    ['page too large', Role.HR, '{ performancePeriods(first: 101) { edges { node { id } } } }', {}],
    ['malformed scorecard id', Role.AGENT, ONE, { id: 'x' }],
    ['malformed period id for the matrix', Role.OWNER, MATRIX, { periodId: '42' }],
    ['malformed period id for the export', Role.HR, EXPORT, { periodId: '' }],
    [
      'malformed period id for the distribution',
      Role.HR,
      'query($periodId: ID!) { gradeDistribution(periodId: $periodId) { role } }',
      { periodId: 'zz' },
    ],
  ];

  it.each(cases)('%s → BAD_USER_INPUT, nothing written', async (_name, role, query, variables) => {
    const withPeriod = JSON.parse(JSON.stringify(variables).replace('"PERIOD"', JSON.stringify(periodId)));
    const before = await counts();
    const standards = await chainStandards();
    const result = await api.gql(query, withPeriod, await t.token(role));
    expect(result.status).toBeLessThan(500);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0]?.message).toEqual(expect.any(String));
    expect(await counts()).toEqual(before);
    expect(await chainStandards()).toEqual(standards);
  });
});
