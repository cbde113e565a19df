import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { appDataSourceOptions, Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import { asOwner, createTenantFixture, type TenantFixture } from '@service-desk/testing';
import { DataSource } from 'typeorm';
import { ScorecardJob } from './jobs/scorecard.job.js';
import { PerformanceSetupService } from './performance-setup.service.js';
import { defaultKpiDefinitions, KpiCode, type KpiMeasure, scoreKpis } from './scoring/kpis.js';
import {
  classifyServiceType,
  compositeScore,
  forcedDistribution,
  matrixAxes,
} from './scoring/scorecard-rules.js';
import { PerformanceRows } from './testing/performance-rows.js';

/**
 * The scorecard job against the real database: each KPI on hand-built rows (the SQL must agree with
 * the pure formulas of kpis.ts and scorecard-rules.ts), behaviour from BARS and BOS, composite,
 * ranking and forced distribution with ties, and recomputation that never touches frozen cards.
 */
interface CardRow {
  id: string;
  staff_id: string;
  role: string;
  state: string;
  kpis: Array<{ code: KpiCode; sample: number; value: number | null; score: number | null }>;
  kpi_score: string | null;
  bars_score: string | null;
  bos_score: string | null;
  behaviour_score: string | null;
  composite: string | null;
  procedural_score: string | null;
  personal_score: string | null;
  service_type: string | null;
  rank: number | null;
  grade: string | null;
}

const n = (value: string | null) => (value === null ? null : Number(value));
const JAN = { startsOn: '2026-01-01', endsOn: '2026-01-31' };

describe('scorecard computation', () => {
  let dataSource: DataSource;
  let job: ScorecardJob;

  beforeAll(async () => {
    dataSource = new DataSource({ ...appDataSourceOptions('scorecards-int-spec') });
    await dataSource.initialize();
    const db = new Database(dataSource);
    const events = new EventLog();
    job = new ScorecardJob(db, new PerformanceSetupService(db, events), events);
  });
  afterAll(() => dataSource.destroy());

  const cards = (tenantId: string, periodId: string) =>
    asOwner(tenantId, async (client) => {
      const { rows } = await client.query<CardRow>(
        `SELECT * FROM scorecards WHERE tenant_id = $1 AND period_id = $2 ORDER BY staff_id`,
        [tenantId, periodId],
      );
      return rows;
    });

  describe('KPIs, behaviour and composite on hand-built data', () => {
    let t: TenantFixture;
    let periodId: string;
    let idleAgent: string;
    let all: CardRow[];
    const card = (staffId: string) => all.find((c) => c.staff_id === staffId)!;
    const measure = (staffId: string, code: KpiCode) => card(staffId).kpis.find((k) => k.code === code)!;

    beforeAll(async () => {
      t = await createTenantFixture();
      const agent = t.users.AGENT.id;
      const supervisor = t.users.SUPERVISOR.id;
      const field = t.users.FIELD_STAFF.id;
      await asOwner(t.tenantId, async (client) => {
        const rows = new PerformanceRows(client, t.tenantId);
        periodId = await rows.period('2026-01', JAN.startsOn, JAN.endsOn);
        idleAgent = await rows.user('AGENT', 'Idle agent');
        const c1 = await rows.complaint({
          handlerId: agent,
          receivedAt: '2026-01-05T02:00:00Z',
          firstReplyDueAt: '2026-01-06T02:00:00Z',
          acknowledgedAt: '2026-01-05T03:00:00Z',
          resolutionDueAt: '2026-01-07T02:00:00Z',
          resolvedAt: '2026-01-06T02:00:00Z',
        });
        const c2 = await rows.complaint({
          handlerId: agent,
          receivedAt: '2026-01-10T02:00:00Z',
          firstReplyDueAt: '2026-01-11T02:00:00Z',
          acknowledgedAt: '2026-01-11T05:00:00Z',
          resolutionDueAt: '2026-01-12T02:00:00Z',
          resolvedAt: '2026-01-14T02:00:00Z',
          reopenCount: 1,
        });
        const c3 = await rows.complaint({
          handlerId: agent,
          receivedAt: '2026-01-20T02:00:00Z',
          firstReplyDueAt: '2026-01-21T02:00:00Z',
          acknowledgedAt: '2026-01-20T05:00:00Z',
          resolutionDueAt: '2026-01-22T02:00:00Z',
        });
        const c4 = await rows.complaint({
          handlerId: agent,
          receivedAt: '2026-01-25T02:00:00Z',
          firstReplyDueAt: '2026-01-26T02:00:00Z',
          resolutionDueAt: '2026-01-27T02:00:00Z',
        });
        // Received in December, resolved on time in January: counts for resolution, not first reply.
        const c5 = await rows.complaint({
          handlerId: agent,
          receivedAt: '2025-12-30T04:00:00Z',
          firstReplyDueAt: '2025-12-31T04:00:00Z',
          acknowledgedAt: '2025-12-30T05:00:00Z',
          resolutionDueAt: '2026-01-03T04:00:00Z',
          resolvedAt: '2026-01-02T04:00:00Z',
        });
        // February: outside the period.
        const c6 = await rows.complaint({
          handlerId: agent,
          receivedAt: '2026-02-05T02:00:00Z',
          firstReplyDueAt: '2026-02-06T02:00:00Z',
        });
        await rows.promise({
          complaintId: c1,
          promisedBy: agent,
          dueAt: '2026-01-06T02:00:00Z',
          keptAt: '2026-01-05T03:00:00Z',
        });
        await rows.promise({
          complaintId: c2,
          promisedBy: agent,
          dueAt: '2026-01-11T02:00:00Z',
          brokenAt: '2026-01-11T02:01:00Z',
        });
        await rows.promise({
          complaintId: c3,
          promisedBy: agent,
          dueAt: '2026-01-21T02:00:00Z',
          keptAt: '2026-01-20T05:00:00Z',
        });
        await rows.promise({ complaintId: c4, promisedBy: agent, dueAt: '2026-01-26T02:00:00Z' });
        await rows.promise({
          complaintId: c6,
          promisedBy: agent,
          dueAt: '2026-02-06T02:00:00Z',
          keptAt: '2026-02-05T03:00:00Z',
        });

        // COMPLAINT revisits of the agent's complaints, done by the supervisor.
        const csat = [
          {
            complaintId: c1,
            dueAt: '2026-01-10T04:00:00Z',
            completedAt: '2026-01-08T04:00:00Z',
            satisfaction: 5,
          },
          {
            complaintId: c2,
            dueAt: '2026-01-14T04:00:00Z',
            completedAt: '2026-01-15T04:00:00Z',
            satisfaction: 4,
          },
          {
            complaintId: c5,
            dueAt: '2026-01-20T04:00:00Z',
            completedAt: '2026-01-20T03:00:00Z',
            satisfaction: 3,
          },
        ];
        for (const r of csat)
          await rows.revisit({ type: 'COMPLAINT', assigneeId: supervisor, status: 'COMPLETED', ...r });
        await rows.revisit({
          type: 'MAINTENANCE',
          assigneeId: supervisor,
          status: 'PENDING',
          dueAt: '2026-01-25T04:00:00Z',
        });
        await rows.revisit({
          type: 'MAINTENANCE',
          assigneeId: supervisor,
          status: 'CANCELLED',
          dueAt: '2026-01-26T04:00:00Z',
        });
        await rows.revisit({
          type: 'MAINTENANCE',
          assigneeId: supervisor,
          status: 'PENDING',
          dueAt: '2026-02-10T04:00:00Z',
        });

        // Win-back revisits by the agent: won = a visit within 30 days after completion.
        const visits = ['2026-01-20T04:00:00Z', '2026-02-19T04:00:00Z', null, '2026-01-05T04:00:00Z'];
        for (const visitedAt of visits) {
          const customerId = await rows.customer();
          await rows.revisit({
            type: 'CHURN_WINBACK',
            assigneeId: agent,
            customerId,
            status: 'COMPLETED',
            dueAt: '2026-01-20T04:00:00Z',
            completedAt: '2026-01-10T04:00:00Z',
          });
          if (visitedAt) await rows.visit(customerId, visitedAt);
        }

        const zone = await rows.zone();
        await rows.workOrder({
          zoneId: zone,
          assigneeId: field,
          onsiteDueAt: '2026-01-10T04:00:00Z',
          startedAt: '2026-01-10T03:00:00Z',
          completedAt: '2026-01-10T06:00:00Z',
        });
        await rows.workOrder({
          zoneId: zone,
          assigneeId: field,
          onsiteDueAt: '2026-01-12T04:00:00Z',
          startedAt: '2026-01-12T06:00:00Z',
        });
        await rows.workOrder({ zoneId: zone, assigneeId: field, onsiteDueAt: '2026-01-15T04:00:00Z' });
        await rows.workOrder({
          zoneId: zone,
          assigneeId: field,
          onsiteDueAt: '2026-01-16T04:00:00Z',
          cancelled: true,
        });
        await rows.workOrder({ zoneId: zone, assigneeId: field, onsiteDueAt: '2026-02-10T04:00:00Z' });

        // Behaviour of the agent: BARS (latest per rater and scale; inactive scale and February ignored) and BOS.
        const listening = await rows.barsScale('LISTENING', 2);
        const empathy = await rows.barsScale('EMPATHY', 1);
        const retired = await rows.barsScale('RETIRED', 5, false);
        await rows.rating(agent, listening, 3, supervisor, '2026-01-05T04:00:00Z');
        await rows.rating(agent, listening, 5, supervisor, '2026-01-25T04:00:00Z');
        await rows.rating(agent, listening, 3, t.users.OWNER.id, '2026-01-26T04:00:00Z');
        await rows.rating(agent, empathy, 2, supervisor, '2026-01-25T04:00:00Z');
        await rows.rating(agent, empathy, 1, supervisor, '2026-02-02T04:00:00Z');
        await rows.rating(agent, retired, 1, supervisor, '2026-01-25T04:00:00Z');
        const punctual = await rows.bosItem('Calls back when promised');
        const greets = await rows.bosItem('Greets by name');
        await rows.bosRating(agent, punctual, 1, supervisor, '2026-01-03T04:00:00Z');
        await rows.bosRating(agent, punctual, 5, supervisor, '2026-01-28T04:00:00Z');
        await rows.bosRating(agent, greets, 4, supervisor, '2026-01-28T04:00:00Z');
      });
      expect(await job.run(t.tenantId, periodId)).toEqual({ written: 4, removed: 0 });
      all = await cards(t.tenantId, periodId);
    });

    it('gives every active agent, field staff member and supervisor a draft card', () => {
      expect(all.map((c) => c.staff_id).sort()).toEqual(
        [t.users.AGENT.id, t.users.SUPERVISOR.id, t.users.FIELD_STAFF.id, idleAgent].sort(),
      );
      expect(all.every((c) => c.state === 'DRAFT')).toBe(true);
    });

    it('counts first replies on time among complaints received in the period', () => {
      expect(measure(t.users.AGENT.id, KpiCode.FIRST_REPLY_ON_TIME)).toMatchObject({
        sample: 4,
        value: 0.5,
        score: 52.63,
      });
    });

    it('counts resolutions on time, overdue unresolved complaints as late', () => {
      expect(measure(t.users.AGENT.id, KpiCode.RESOLUTION_ON_TIME)).toMatchObject({
        sample: 5,
        value: 0.4,
        score: 44.44,
      });
    });

    it('counts settled promises due in the period', () => {
      expect(measure(t.users.AGENT.id, KpiCode.COMMITMENTS_KEPT)).toMatchObject({
        sample: 3,
        value: 0.6667,
        score: 70.18,
      });
    });

    it('averages resolution hours (lower is better)', () => {
      expect(measure(t.users.AGENT.id, KpiCode.MEAN_RESOLUTION_HOURS)).toMatchObject({
        sample: 3,
        value: 64,
        score: 75,
      });
    });

    it('averages the satisfaction of COMPLAINT revisits of complaints handled', () => {
      expect(measure(t.users.AGENT.id, KpiCode.CSAT)).toMatchObject({ sample: 3, value: 4, score: 88.89 });
    });

    it('leaves the reopen rate out below its minimum sample ("not enough data")', () => {
      expect(measure(t.users.AGENT.id, KpiCode.REOPEN_RATE)).toMatchObject({
        sample: 2,
        value: 0.5,
        score: null,
      });
    });

    it('counts revisits on time, overdue pending ones as late and cancelled ones not at all', () => {
      expect(measure(t.users.SUPERVISOR.id, KpiCode.REVISIT_ON_TIME)).toMatchObject({
        sample: 4,
        value: 0.5,
        score: 55.56,
      });
      expect(measure(t.users.AGENT.id, KpiCode.REVISIT_ON_TIME)).toMatchObject({
        sample: 4,
        value: 1,
        score: 100,
      });
    });

    it('counts work orders started on site by the target, cancelled ones not at all', () => {
      expect(measure(t.users.FIELD_STAFF.id, KpiCode.WORK_ORDER_ON_TIME)).toMatchObject({
        sample: 3,
        value: 0.3333,
        score: 37.04,
      });
    });

    it('counts win-backs only with a visit within 30 days after the revisit', () => {
      expect(measure(t.users.AGENT.id, KpiCode.WINBACK_RATE)).toMatchObject({
        sample: 4,
        value: 0.25,
        score: 100,
      });
    });

    it('counts volume as cases finished in the period', () => {
      expect(measure(t.users.AGENT.id, KpiCode.VOLUME)).toMatchObject({ sample: 7, value: 7, score: 11.67 });
      expect(measure(t.users.FIELD_STAFF.id, KpiCode.VOLUME)).toMatchObject({ sample: 1, value: 1 });
    });

    it('agrees with the pure formulas for the KPI score, behaviour, composite and matrix axes', () => {
      const agent = card(t.users.AGENT.id);
      const measures: KpiMeasure[] = [
        { code: KpiCode.FIRST_REPLY_ON_TIME, sample: 4, value: 0.5 },
        { code: KpiCode.RESOLUTION_ON_TIME, sample: 5, value: 0.4 },
        { code: KpiCode.COMMITMENTS_KEPT, sample: 3, value: 2 / 3 },
        { code: KpiCode.MEAN_RESOLUTION_HOURS, sample: 3, value: 64 },
        { code: KpiCode.CSAT, sample: 3, value: 4 },
        { code: KpiCode.REOPEN_RATE, sample: 2, value: 0.5 },
        { code: KpiCode.REVISIT_ON_TIME, sample: 4, value: 1 },
        { code: KpiCode.WORK_ORDER_ON_TIME, sample: 0, value: null },
        { code: KpiCode.WINBACK_RATE, sample: 4, value: 0.25 },
        { code: KpiCode.VOLUME, sample: 7, value: 7 },
      ];
      const expected = scoreKpis(measures, defaultKpiDefinitions());
      expect(n(agent.kpi_score)).toBeCloseTo(expected.kpiScore!, 1);
      // BARS: LISTENING (100 + 50) / 2 = 75 × 2, EMPATHY 25 × 1 → 58.33; BOS (100 + 75) / 2 = 87.5; blend 75/25.
      expect([n(agent.bars_score), n(agent.bos_score), n(agent.behaviour_score)]).toEqual([
        58.33, 87.5, 65.62,
      ]);
      expect(n(agent.composite)).toBeCloseTo(compositeScore(n(agent.kpi_score), 65.62)!, 2);
      const axes = matrixAxes(
        expected.kpis.map((k) => ({ code: k.code, score: k.score, weight: k.weight })),
        65.62,
      );
      expect(n(agent.procedural_score)).toBeCloseTo(axes.procedural!, 1);
      expect(n(agent.personal_score)).toBeCloseTo(axes.personal!, 1);
      expect(agent.service_type).toBe(
        classifyServiceType(n(agent.procedural_score), n(agent.personal_score)),
      );
    });

    it('uses only the KPIs with data for a field staff member without behaviour ratings', () => {
      const field = card(t.users.FIELD_STAFF.id);
      const expected = scoreKpis(
        [
          { code: KpiCode.WORK_ORDER_ON_TIME, sample: 3, value: 1 / 3 },
          { code: KpiCode.VOLUME, sample: 1, value: 1 },
        ],
        defaultKpiDefinitions(),
      );
      expect(n(field.kpi_score)).toBeCloseTo(expected.kpiScore!, 1);
      expect(field.behaviour_score).toBeNull();
      expect(n(field.composite)).toBe(n(field.kpi_score));
    });

    it('gives a person with no cases and no ratings "not enough data" everywhere, and no rank or grade', () => {
      const idle = card(idleAgent);
      expect(idle.kpis.every((k) => k.sample === 0 && k.score === null)).toBe(true);
      expect([idle.kpi_score, idle.behaviour_score, idle.composite, idle.rank, idle.grade]).toEqual([
        null,
        null,
        null,
        null,
        null,
      ]);
    });

    it('follows the tenant weights for the composite', async () => {
      await asOwner(t.tenantId, (client) =>
        client.query(
          `UPDATE performance_settings SET kpi_weight = 80, behaviour_weight = 20 WHERE tenant_id = $1`,
          [t.tenantId],
        ),
      );
      await job.run(t.tenantId, periodId);
      const agent = (await cards(t.tenantId, periodId)).find((c) => c.staff_id === t.users.AGENT.id)!;
      expect(n(agent.composite)).toBeCloseTo(
        compositeScore(n(agent.kpi_score), 65.62, { kpiWeight: 80, behaviourWeight: 20 })!,
        2,
      );
    });
  });

  describe('ranking, forced distribution and recomputation', () => {
    let t: TenantFixture;
    let periodId: string;
    let agents: string[];
    let scale: string;

    beforeAll(async () => {
      t = await createTenantFixture();
      await asOwner(t.tenantId, async (client) => {
        const rows = new PerformanceRows(client, t.tenantId);
        periodId = await rows.period('2026-01', JAN.startsOn, JAN.endsOn);
        agents = [t.users.AGENT.id];
        for (let i = 1; i < 6; i++) agents.push(await rows.user('AGENT', `Agent ${i}`));
        scale = await rows.barsScale('LISTENING', 1);
        // Behaviour only: composite = behaviour = 100, 100, 75, 50, 0, 0.
        const levels = [5, 5, 4, 3, 1, 1];
        for (const [i, level] of levels.entries())
          await rows.rating(agents[i], scale, level, t.users.SUPERVISOR.id, '2026-01-15T04:00:00Z');
      });
      await job.run(t.tenantId, periodId);
    });

    it('ranks within role with shared ranks for ties, and grades ties upwards', async () => {
      const all = (await cards(t.tenantId, periodId)).filter((c) => c.role === 'AGENT');
      const byStaff = new Map(all.map((c) => [c.staff_id, c]));
      expect(agents.map((id) => byStaff.get(id)!.rank)).toEqual([1, 1, 3, 4, 5, 5]);
      // Quotas for 6: A 1, C 1. The tie at rank 1 makes both A; the tie at 5 is not past 6 − 1, so both stay B.
      expect(agents.map((id) => byStaff.get(id)!.grade).join('')).toBe('AABBBB');
      const expected = forcedDistribution(all.map((c) => ({ id: c.staff_id, score: n(c.composite) })));
      for (const c of all)
        expect([c.staff_id, c.rank, c.grade]).toEqual([
          c.staff_id,
          expected.get(c.staff_id)!.rank,
          expected.get(c.staff_id)!.grade,
        ]);
    });

    it('gives identical drafts when a period is computed again, even concurrently', async () => {
      const before = await cards(t.tenantId, periodId);
      await Promise.all([job.run(t.tenantId, periodId), job.run(t.tenantId, periodId)]);
      expect(await cards(t.tenantId, periodId)).toEqual(before);
    });

    it('replaces drafts and never touches submitted or published cards', async () => {
      await asOwner(t.tenantId, (client) =>
        client.query(
          `UPDATE scorecards SET state = CASE WHEN staff_id = $3 THEN 'PUBLISHED' ELSE 'SUBMITTED' END
           WHERE tenant_id = $1 AND period_id = $2 AND staff_id IN ($3, $4)`,
          [t.tenantId, periodId, agents[0], agents[2]],
        ),
      );
      const before = await cards(t.tenantId, periodId);
      // New evidence for everyone: every score would change.
      await asOwner(t.tenantId, async (client) => {
        const rows = new PerformanceRows(client, t.tenantId);
        for (const id of agents) await rows.rating(id, scale, 3, t.users.OWNER.id, '2026-01-20T04:00:00Z');
      });
      await job.run(t.tenantId, periodId);
      const after = await cards(t.tenantId, periodId);
      const frozen = (rows: CardRow[]) =>
        rows.filter((c) => c.staff_id === agents[0] || c.staff_id === agents[2]);
      expect(frozen(after)).toEqual(frozen(before));
      const draft = (rows: CardRow[]) => rows.find((c) => c.staff_id === agents[4])!;
      expect(draft(after).id).toBe(draft(before).id);
      expect(n(draft(after).behaviour_score)).toBe(25);
      expect(n(draft(before).behaviour_score)).toBe(0);
    });

    it('does nothing for a period of another tenant', async () => {
      const other = await createTenantFixture();
      expect(await job.run(other.tenantId, periodId)).toBeNull();
      expect(await cards(other.tenantId, periodId)).toEqual([]);
    });
  });
});
