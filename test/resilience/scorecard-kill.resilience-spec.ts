import { afterAll, describe, expect, it } from '@jest/globals';
import { newId } from '@service-desk/core';
import { ownerUrl, PGBOSS_SCHEMA, Queue } from '@service-desk/db';
import { asOwner, createTenantFixture, type TenantFixture } from '@service-desk/testing';
import pg from 'pg';
// Row builders shared with the library's own integration tests.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { PerformanceRows } from '../../libs/performance/src/testing/performance-rows.js';
import {
  eventually,
  jobStateOf,
  type Proc,
  range,
  sendJob,
  startProcess,
  stopProcess,
  WORKER_MAIN,
} from './support.js';

/**
 * DESIGN sections 7 and 10: a worker SIGKILLed in the middle of a scorecard run. Two tenants get the same
 * hand-built February (staff, complaints, promises, revisits, win-backs, work orders, BARS and BOS
 * ratings) and the same cards from before the run: a published card, a stale draft, and a draft of a
 * person who has since left. Tenant B's run is caught inside its transaction (its drafts are written, its
 * last step waits for the period row the test holds) and the worker is SIGKILLed: nothing of the run may
 * remain. A fresh worker then runs A and B: B's cards must equal A's field by field, and the published
 * cards must be untouched in both.
 */
const workers: Proc[] = [];
const outputs = () => workers.map((w) => `--- ${w.name}:\n${w.output()}`).join('\n');

function startWorker(name: string): Proc {
  const url = new URL(ownerUrl());
  url.searchParams.set('application_name', name);
  const worker = startProcess(name, WORKER_MAIN, { DATABASE_URL: url.toString() });
  workers.push(worker);
  return worker;
}

afterAll(async () => {
  await Promise.all(workers.map((worker) => stopProcess(worker)));
});

async function ownerQuery<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: ownerUrl() });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function waitForJob(id: string): Promise<void> {
  await eventually(
    `scorecard job ${id} to complete`,
    async () => {
      for (const worker of workers.filter((w) => !w.killed)) {
        if (worker.exited()) throw new Error(`${worker.name} exited:\n${outputs()}`);
      }
      const state = await jobStateOf(Queue.Scorecards, id);
      if (state === 'failed') throw new Error(`job ${id} failed:\n${outputs()}`);
      return state === 'completed';
    },
    120_000,
    outputs,
  );
}

/** A small deterministic generator (mulberry32): both tenants get the same sequence. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    int: (from: number, to: number) => from + Math.floor(next() * (to - from + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
  };
}

const HOUR = 3_600_000;
const FEB_1 = Date.parse('2026-02-01T00:00:00Z');
const at = (ms: number) => new Date(ms).toISOString();
const PUBLISHED_AT = '2026-03-05T02:00:00.000Z';

interface Scenario {
  t: TenantFixture;
  periodId: string;
  /** Staff whose card was published before the run. */
  publishedStaff: string;
}

/**
 * February for one tenant: 3 supervisors, 8 agents and 5 field staff (the fixture's and hand-made), every
 * complaint resolved, every promise kept or broken and every work order done or cancelled, so the
 * worker's other jobs (SLA and work-order monitors, revisit scheduling) have nothing to change in it.
 */
async function prepareTenant(): Promise<Scenario> {
  const t = await createTenantFixture();
  const random = seeded(20260201);
  return asOwner(t.tenantId, async (client) => {
    const rows = new PerformanceRows(client, t.tenantId);
    const periodId = await rows.period('2026-02', '2026-02-01', '2026-02-28');
    const supervisors = [t.users.SUPERVISOR.id];
    const agents = [t.users.AGENT.id];
    const fieldStaff = [t.users.FIELD_STAFF.id];
    for (let i = 1; i <= 2; i++) supervisors.push(await rows.user('SUPERVISOR', `Supervisor ${i}`));
    for (let i = 1; i <= 7; i++) agents.push(await rows.user('AGENT', `Agent ${i}`));
    for (let i = 1; i <= 4; i++) fieldStaff.push(await rows.user('FIELD_STAFF', `Field ${i}`));
    const former = await rows.user('AGENT', 'Former agent');

    // Complaints of agents and supervisors (some received in late January), with promises and CSAT revisits.
    for (const handlerId of [...agents, ...supervisors]) {
      for (let i = 0; i < 6; i++) {
        const received = FEB_1 + random.int(-3 * 24, 26 * 24) * HOUR;
        const resolved = received + random.int(8, 110) * HOUR;
        const acknowledged = received + random.int(1, 34) * HOUR;
        const complaintId = await rows.complaint({
          handlerId,
          receivedAt: at(received),
          firstReplyDueAt: at(received + 24 * HOUR),
          acknowledgedAt: at(acknowledged),
          resolutionDueAt: at(received + 72 * HOUR),
          resolvedAt: at(resolved),
          reopenCount: random.chance(0.2) ? 1 : 0,
        });
        if (random.chance(0.5)) {
          const kept = random.chance(0.7);
          await rows.promise({
            complaintId,
            promisedBy: handlerId,
            dueAt: at(received + 24 * HOUR),
            keptAt: kept ? at(acknowledged) : null,
            brokenAt: kept ? null : at(received + 25 * HOUR),
          });
        }
        if (random.chance(0.6))
          await rows.revisit({
            type: 'COMPLAINT',
            complaintId,
            assigneeId: random.pick(supervisors),
            status: 'COMPLETED',
            dueAt: at(resolved + 48 * HOUR),
            completedAt: at(resolved + random.int(12, 72) * HOUR),
            satisfaction: random.int(1, 5),
          });
      }
    }
    // Win-backs by agents: won when the customer visits within 30 days.
    for (const agent of agents) {
      for (let i = 0; i < 2; i++) {
        const customerId = await rows.customer();
        const completed = FEB_1 + random.int(0, 26 * 24) * HOUR;
        await rows.revisit({
          type: 'CHURN_WINBACK',
          assigneeId: agent,
          customerId,
          status: random.chance(0.8) ? 'COMPLETED' : 'UNREACHABLE',
          dueAt: at(completed + random.int(-24, 24) * HOUR),
          completedAt: at(completed),
        });
        if (random.chance(0.5)) await rows.visit(customerId, at(completed + random.int(1, 40) * 24 * HOUR));
      }
    }
    // Work orders of field staff: started on time or late, done; a few cancelled.
    const zone = await rows.zone();
    for (const assigneeId of fieldStaff) {
      for (let i = 0; i < 5; i++) {
        const due = FEB_1 + random.int(0, 27 * 24) * HOUR;
        const started = due + random.int(-3, 4) * HOUR;
        const cancelled = random.chance(0.1);
        await rows.workOrder({
          zoneId: zone,
          assigneeId,
          onsiteDueAt: at(due),
          startedAt: cancelled ? null : at(started),
          completedAt: cancelled ? null : at(started + random.int(1, 6) * HOUR),
          cancelled,
        });
      }
    }
    // Behaviour: BARS on two scales by two raters (latest per rater counts) and BOS items.
    const raters = [t.users.OWNER.id, supervisors[0]];
    const scales = [await rows.barsScale('LISTENING', 2), await rows.barsScale('EMPATHY', 1)];
    const items = [await rows.bosItem('Calls back when promised'), await rows.bosItem('Greets by name')];
    for (const staffId of [...agents, ...supervisors, ...fieldStaff]) {
      for (const scaleId of scales)
        for (const rater of raters)
          for (let i = 0; i < 2; i++)
            await rows.rating(
              staffId,
              scaleId,
              random.int(1, 5),
              rater,
              at(FEB_1 + (random.int(0, 26) * 24 + i) * HOUR),
            );
      for (const itemId of items)
        await rows.bosRating(
          staffId,
          itemId,
          random.int(1, 5),
          raters[1],
          at(FEB_1 + random.int(0, 26) * 24 * HOUR),
        );
    }

    // Cards from before the run: agent 1's is published, agent 2 has a stale draft, and the former agent
    // (since deactivated) a draft that the run must remove.
    const insertCard = (staffId: string, state: string, composite: number, publishedAt: string | null) =>
      client.query(
        `INSERT INTO scorecards (tenant_id, id, period_id, staff_id, role, state, kpis, kpi_score, behaviour_score,
           composite, rank, grade, published_at)
         VALUES ($1, $2, $3, $4, 'AGENT', $5, '[]', $6, $6, $6, 1, 'B', $7)`,
        [t.tenantId, newId(), periodId, staffId, state, composite, publishedAt],
      );
    await insertCard(agents[1], 'PUBLISHED', 77.5, PUBLISHED_AT);
    await insertCard(agents[2], 'DRAFT', 12.25, null);
    await insertCard(former, 'DRAFT', 50, null);
    await client.query(`UPDATE users SET active = false WHERE tenant_id = $1 AND id = $2`, [
      t.tenantId,
      former,
    ]);
    return { t, periodId, publishedStaff: agents[1] };
  });
}

type CardRow = Record<string, unknown> & { staff_id: string; state: string };

/** Every column of the period's cards, as stored. */
async function cards({ t, periodId }: Scenario): Promise<CardRow[]> {
  return ownerQuery<CardRow>(
    `SELECT * FROM scorecards WHERE tenant_id = $1 AND period_id = $2 ORDER BY staff_id`,
    [t.tenantId, periodId],
  );
}

/** The tenant's cards and scorecard events with ids replaced by the staff's names and times left out. */
async function outcome(scenario: Scenario) {
  const { t } = scenario;
  const users = await ownerQuery<{ id: string; label: string }>(
    `SELECT id, CASE WHEN email LIKE '%@fixture.test' THEN 'fixture ' || role ELSE display_name END AS label
     FROM users WHERE tenant_id = $1`,
    [t.tenantId],
  );
  const labelOf = new Map(users.map((user) => [user.id, user.label]));
  const events = await ownerQuery<{ seq: string; type: string; data: Record<string, unknown> }>(
    `SELECT seq, type, data FROM tenant_events WHERE tenant_id = $1 ORDER BY seq`,
    [t.tenantId],
  );
  const comparable = (await cards(scenario))
    .map(
      ({
        id: _id,
        tenant_id: _tenant,
        period_id: _period,
        staff_id,
        ...fields
      }): Record<string, unknown> => ({
        staff: labelOf.get(staff_id),
        ...Object.fromEntries(
          Object.entries(fields)
            .filter(([key]) => !key.endsWith('_at'))
            .map(([key, value]) => [
              key,
              typeof value === 'string' && labelOf.has(value) ? labelOf.get(value) : value,
            ]),
        ),
      }),
    )
    .sort((a, b) => String(a.staff).localeCompare(String(b.staff)));
  const [period] = await ownerQuery<{ computed: boolean }>(
    `SELECT last_computed_at IS NOT NULL AS computed FROM performance_periods WHERE tenant_id = $1 AND id = $2`,
    [t.tenantId, scenario.periodId],
  );
  const [defaults] = await ownerQuery<{ kpis: number; settings: number }>(
    `SELECT (SELECT count(*)::int FROM kpi_definitions WHERE tenant_id = $1) AS kpis,
            (SELECT count(*)::int FROM performance_settings WHERE tenant_id = $1) AS settings`,
    [t.tenantId],
  );
  return {
    cards: comparable,
    computed: period.computed,
    defaults,
    seqs: events.map((event) => Number(event.seq)),
    events: events.map((event) => ({ type: event.type, data: event.data })),
  };
}

describe('worker SIGKILLed in the middle of a scorecard run', () => {
  it('leaves the previous cards; the next run writes exactly the drafts of an uninterrupted run', async () => {
    const a = await prepareTenant();
    const b = await prepareTenant();
    const publishedBefore = {
      a: (await cards(a)).find((card) => card.state === 'PUBLISHED'),
      b: (await cards(b)).find((card) => card.state === 'PUBLISHED'),
    };
    expect(publishedBefore.b?.staff_id).toBe(b.publishedStaff);
    const untouchedCards = await cards(b);
    const untouched = await outcome(b);

    // Tenant B: hold its period row (FOR NO KEY UPDATE: the cards' foreign-key checks still pass, the
    // job's closing UPDATE of the period waits), then run. The job is then provably past its set-based
    // statement, inside its transaction.
    const holder = new pg.Client({ connectionString: ownerUrl() });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query(
        `SELECT id FROM performance_periods WHERE tenant_id = $1 AND id = $2 FOR NO KEY UPDATE`,
        [b.t.tenantId, b.periodId],
      );
      const [{ pid: holderPid }] = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid'))
        .rows;
      const first = startWorker('scorecard-worker-1');
      await sendJob(Queue.Scorecards, { tenantId: b.t.tenantId, periodId: b.periodId });
      let runPid = 0;
      await eventually(
        "the worker's run of tenant B to wait on the period row",
        async () => {
          if (first.exited()) throw new Error(`the worker exited:\n${outputs()}`);
          const rows = await ownerQuery<{ pid: number }>(
            `SELECT pid FROM pg_stat_activity WHERE application_name = $1 AND $2 = ANY(pg_blocking_pids(pid))
               AND query LIKE '%last_computed_at%'`,
            ['scorecard-worker-1', holderPid],
          );
          runPid = rows[0]?.pid ?? 0;
          return rows.length === 1;
        },
        120_000,
        outputs,
      );
      // The waiting transaction has written to scorecards (the upsert and removal ran in it).
      const [{ writing }] = await ownerQuery<{ writing: number }>(
        `SELECT count(*)::int AS writing FROM pg_locks
         WHERE pid = $1 AND relation = 'scorecards'::regclass AND mode = 'RowExclusiveLock' AND granted`,
        [runPid],
      );
      expect(writing).toBe(1);
      const [{ active }] = await ownerQuery<{ active: number }>(
        `SELECT count(*)::int AS active FROM ${PGBOSS_SCHEMA}.job WHERE name = $1 AND state = 'active' AND data->>'tenantId' = $2`,
        [Queue.Scorecards, b.t.tenantId],
      );
      expect(active).toBe(1);
      first.killed = true;
      first.child.kill('SIGKILL');
      await eventually('the worker to be gone', () => first.exited());
    } finally {
      await holder.query('COMMIT').catch(() => undefined);
      await holder.end();
    }
    // The orphaned server session ends once it sees its client is gone; its transaction rolls back.
    await eventually('the killed run to be rolled back', async () => {
      const rows = await ownerQuery(
        `SELECT 1 FROM pg_stat_activity WHERE application_name = 'scorecard-worker-1'`,
      );
      return rows.length === 0;
    });
    // Nothing of the run: the same cards row for row (ids, values, timestamps), no defaults, no event.
    expect(await cards(b)).toEqual(untouchedCards);
    expect(await outcome(b)).toEqual(untouched);
    expect(untouched.computed).toBe(false);
    expect(untouched.events.map((event) => event.type)).not.toContain('performance.scorecards_computed');

    // A fresh worker: tenant A's run, uninterrupted, and tenant B's run again (sent here as computeScorecards
    // would send it; the killed job itself would only be retried once pg-boss expires it).
    startWorker('scorecard-worker-2');
    await waitForJob(await sendJob(Queue.Scorecards, { tenantId: a.t.tenantId, periodId: a.periodId }));
    await waitForJob(await sendJob(Queue.Scorecards, { tenantId: b.t.tenantId, periodId: b.periodId }));

    const expected = await outcome(a);
    const actual = await outcome(b);
    // The scenario exercises the whole card: 16 active staff, both kinds of KPI, grades and the stale rows.
    expect(expected.cards).toHaveLength(16);
    expect(expected.cards.filter((card) => card.state === 'DRAFT')).toHaveLength(15);
    expect(expected.cards.filter((card) => card.state === 'DRAFT').map((card) => card.grade)).toEqual(
      expect.arrayContaining(['A', 'B', 'C']),
    );
    expect(expected.cards.map((card) => card.staff)).not.toContain('Former agent');
    expect(expected.events.filter((event) => event.type === 'performance.scorecards_computed')).toEqual([
      { type: 'performance.scorecards_computed', data: { written: 15, removed: 1 } },
    ]);
    expect(actual.cards).toEqual(expected.cards);
    expect(actual.events).toEqual(expected.events);
    expect(actual.defaults).toEqual(expected.defaults);
    expect(actual.computed).toBe(true);
    expect(actual.seqs).toEqual(range(1, actual.seqs.length));
    // Published cards: untouched in both, every column.
    expect((await cards(a)).find((card) => card.state === 'PUBLISHED')).toEqual(publishedBefore.a);
    expect((await cards(b)).find((card) => card.state === 'PUBLISHED')).toEqual(publishedBefore.b);
    expect(publishedBefore.b?.published_at).toEqual(new Date(PUBLISHED_AT));
  }, 400_000);
});
