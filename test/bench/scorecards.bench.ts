// Scorecards (DESIGN section 9): computing a period's scorecards for every tenant with the worker's job
// (one set-based statement per tenant) against a single hand-written GROUP BY per tenant over the same
// complaint, work-order and revisit rows, as the same application role in the same kind of transaction.
// Sizes (whole chain): BENCH_SCORECARD_COMPLAINTS, _WORK_ORDERS, _REVISITS, _STAFF, _TENANTS.
import { newId } from '@service-desk/core';
import { appDataSourceOptions, appUrl, Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import { COMPUTE_SCORECARDS_SQL, PerformanceSetupService, ScorecardJob } from '@service-desk/performance';
import { asOwner, createTenantFixture } from '@service-desk/testing';
import { DataSource } from 'typeorm';
import {
  type Benchmark,
  inTenant,
  type LoadSamples,
  now,
  pairedRatio,
  round,
  summarize,
  warmPool,
} from './support.js';

const MAX_SLOWDOWN = 2;
const PERIOD = { startsOn: '2026-01-01', endsOn: '2026-03-31' };

const size = (name: string, full: number, quick: number, isQuick: boolean): number => {
  const raw = Number(process.env[`BENCH_SCORECARD_${name}`]);
  return Number.isInteger(raw) && raw > 0 ? raw : isQuick ? quick : full;
};

/** The baseline: what a report writer would hand-write, one GROUP BY per source, in one statement. */
const BASELINE = `
  SELECT 'C' AS source, handler_id AS staff_id, count(*) AS n,
    count(*) FILTER (WHERE acknowledged_at <= first_reply_due_at) AS a,
    count(*) FILTER (WHERE resolved_at <= resolution_due_at) AS b,
    avg(extract(epoch FROM resolved_at - received_at)) AS c
  FROM complaints WHERE tenant_id = $1 AND received_at >= $2 AND received_at < $3 GROUP BY handler_id
  UNION ALL
  SELECT 'W', assignee_id, count(*), count(*) FILTER (WHERE started_at <= onsite_due_at),
    count(*) FILTER (WHERE completed_at IS NOT NULL), NULL
  FROM work_orders WHERE tenant_id = $1 AND onsite_due_at >= $2 AND onsite_due_at < $3 GROUP BY assignee_id
  UNION ALL
  SELECT 'R', assignee_id, count(*), count(*) FILTER (WHERE completed_at <= due_at), count(*) FILTER (WHERE status = 'COMPLETED'),
    avg(satisfaction)
  FROM revisit_tasks WHERE tenant_id = $1 AND due_at >= $2 AND due_at < $3 GROUP BY assignee_id`;

/** Fills one tenant with staff and desk rows spread over the quarter, in set-based SQL as the owner. */
async function fill(
  tenantId: string,
  counts: { staff: number; complaints: number; workOrders: number; revisits: number },
): Promise<void> {
  await asOwner(tenantId, async (client) => {
    await client.query(
      `INSERT INTO users (tenant_id, id, email, display_name, role, password_hash)
       SELECT $1::uuid, gen_random_uuid(), 'bench-' || $1::text || '-' || g || '@bench.test', 'Staff ' || g,
         (ARRAY['AGENT', 'AGENT', 'FIELD_STAFF', 'SUPERVISOR'])[1 + g % 4], 'x'
       FROM generate_series(1, $2) g`,
      [tenantId, counts.staff],
    );
    const zone = newId();
    await client.query(`INSERT INTO zones (tenant_id, id, name) VALUES ($1, $2, 'Bench zone')`, [
      tenantId,
      zone,
    ]);
    const staff = `(SELECT array_agg(id ORDER BY id) FROM users WHERE tenant_id = $1::uuid AND role IN ('AGENT', 'SUPERVISOR', 'FIELD_STAFF'))`;
    await client.query(
      `WITH s AS (SELECT ${staff} AS ids)
       INSERT INTO complaints (tenant_id, id, number, tracking_code, channel, category, severity, title, description, state,
         handler_id, received_at, clock_started_at, acknowledged_at, first_reply_due_at, first_reply_warn_at,
         resolution_due_at, resolved_at, reopen_count)
       SELECT $1::uuid, gen_random_uuid(), g, md5($1::text || ':' || g), 'PHONE', 'OTHER', 'NORMAL', 'Bench', 'Bench case',
         CASE WHEN g % 10 = 0 THEN 'INVESTIGATING' ELSE 'RESOLVED' END,
         s.ids[1 + (g * 7) % cardinality(s.ids)], r, r, r + (g % 40) * interval '1 hour', r + interval '24 hours',
         r + interval '19 hours', r + interval '48 hours',
         CASE WHEN g % 10 = 0 THEN NULL ELSE r + (g % 96) * interval '1 hour' END, (g % 23 = 0)::int
       FROM s, generate_series(1, $2) g,
         LATERAL (SELECT $3::timestamptz + ((g * 7919) % 7776000) * interval '1 second' AS r) t`,
      [tenantId, counts.complaints, PERIOD.startsOn],
    );
    await client.query(
      `INSERT INTO complaint_promises (tenant_id, id, complaint_id, kind, promised_by, made_at, due_at, kept_at, broken_at)
       SELECT tenant_id, gen_random_uuid(), id, 'ACKNOWLEDGEMENT', handler_id, received_at, first_reply_due_at,
         CASE WHEN number % 7 <> 0 THEN acknowledged_at END, CASE WHEN number % 7 = 0 THEN first_reply_due_at END
       FROM complaints WHERE tenant_id = $1 AND number % 5 = 0`,
      [tenantId],
    );
    await client.query(
      `WITH s AS (SELECT ${staff} AS ids)
       INSERT INTO work_orders (tenant_id, id, number, source, zone_id, location, priority, description, state, assignee_id,
         accept_due_at, onsite_due_at, started_at, completed_at)
       SELECT $1::uuid, gen_random_uuid(), g, 'CALL', $3, 'Room', 'P3', 'Bench order', 'DONE', s.ids[1 + (g * 11) % cardinality(s.ids)],
         r + interval '1 hour', r + interval '8 hours', r + (g % 12) * interval '1 hour', r + interval '13 hours'
       FROM s, generate_series(1, $2) g,
         LATERAL (SELECT $4::timestamptz + ((g * 6007) % 7776000) * interval '1 second' AS r) t`,
      [tenantId, counts.workOrders, zone, PERIOD.startsOn],
    );
    await client.query(
      `WITH s AS (SELECT ${staff} AS ids)
       INSERT INTO revisit_tasks (tenant_id, id, type, complaint_id, assignee_id, status, due_at, satisfaction, completed_at)
       SELECT $1::uuid, gen_random_uuid(), CASE WHEN g % 4 = 0 THEN 'COMPLAINT' WHEN g % 4 = 1 THEN 'CHURN_WINBACK' ELSE 'MAINTENANCE' END,
         CASE WHEN g % 4 = 0 THEN (SELECT c.id FROM complaints c WHERE c.tenant_id = $1::uuid AND c.number = 1 + (g * 13) % $3) END,
         s.ids[1 + (g * 5) % cardinality(s.ids)], CASE WHEN g % 4 = 0 OR g % 5 <> 0 THEN 'COMPLETED' ELSE 'PENDING' END, r,
         CASE WHEN g % 4 = 0 THEN 1 + g % 5 END,
         CASE WHEN g % 4 = 0 OR g % 5 <> 0 THEN r + ((g % 48) - 24) * interval '1 hour' END
       FROM s, generate_series(1, $2) g,
         LATERAL (SELECT $4::timestamptz + ((g * 4099) % 7776000) * interval '1 second' AS r) t`,
      [tenantId, counts.revisits, counts.complaints, PERIOD.startsOn],
    );
  });
}

export const benchmark: Benchmark = {
  name: 'scorecards',
  description:
    "a period's scorecards for every tenant (the worker's job) vs. one hand-written GROUP BY per tenant",
  async run(ctx) {
    const tenantCount = size('TENANTS', 20, 2, ctx.quick);
    const counts = {
      staff: Math.max(4, Math.round(size('STAFF', 2000, 40, ctx.quick) / tenantCount)),
      complaints: Math.round(size('COMPLAINTS', 1_000_000, 20_000, ctx.quick) / tenantCount),
      workOrders: Math.round(size('WORK_ORDERS', 300_000, 6_000, ctx.quick) / tenantCount),
      revisits: Math.round(size('REVISITS', 200_000, 4_000, ctx.quick) / tenantCount),
    };
    ctx.log(`scorecards: filling ${tenantCount} tenants × ${JSON.stringify(counts)}`);
    const tenants: Array<{ tenantId: string; periodId: string }> = [];
    for (let i = 0; i < tenantCount; i++) {
      const fixture = await createTenantFixture();
      await fill(fixture.tenantId, counts);
      const periodId = newId();
      await asOwner(fixture.tenantId, async (client) => {
        await client.query(
          `INSERT INTO performance_periods (tenant_id, id, label, starts_on, ends_on) VALUES ($1, $2, '2026-Q1', $3, $4)`,
          [fixture.tenantId, periodId, PERIOD.startsOn, PERIOD.endsOn],
        );
        await client.query('ANALYZE complaints, work_orders, revisit_tasks, complaint_promises');
      });
      tenants.push({ tenantId: fixture.tenantId, periodId });
    }

    const dataSource = new DataSource(appDataSourceOptions('service-desk-bench-scorecards'));
    await dataSource.initialize();
    const db = new Database(dataSource);
    const events = new EventLog();
    const job = new ScorecardJob(db, new PerformanceSetupService(db, events), events);
    const pool = await warmPool(appUrl(), 2, 'service-desk-bench-groupby');
    try {
      const memory = () => {
        const usage = process.memoryUsage();
        return { rssMb: round(usage.rss / 2 ** 20, 1), heapUsedMb: round(usage.heapUsed / 2 ** 20, 1) };
      };
      const pass = async (
        work: (tenant: (typeof tenants)[number]) => Promise<unknown>,
      ): Promise<LoadSamples> => {
        const latenciesMs: number[] = [];
        const started = now();
        for (const tenant of tenants) {
          const t0 = now();
          await work(tenant);
          latenciesMs.push(Number(now() - t0) / 1e6);
        }
        return { ops: tenants.length, elapsedNs: now() - started, latenciesMs };
      };
      const compute = async (tenant: (typeof tenants)[number]) => {
        const result = await job.run(tenant.tenantId, tenant.periodId);
        // The fixture's own supervisor, agent and field staff member get cards too.
        if (!result || result.written !== counts.staff + 3)
          throw new Error(`job wrote ${JSON.stringify(result)}`);
      };
      const groupBy = (tenant: (typeof tenants)[number]) =>
        inTenant(pool, tenant.tenantId, async (client) => {
          const { rows } = await client.query(BASELINE, [tenant.tenantId, PERIOD.startsOn, '2026-04-01']);
          if (rows.length === 0) throw new Error('the baseline read nothing');
        });

      // Warm-up (buffer cache, plans), then alternating rounds.
      await pass(compute);
      await pass(groupBy);
      if (process.env.BENCH_SCORECARD_EXPLAIN) {
        const t0 = tenants[0];
        await inTenant(pool, t0.tenantId, async (client) => {
          const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${COMPUTE_SCORECARDS_SQL}`, [
            t0.periodId,
          ]);
          ctx.log(rows.map((r) => r['QUERY PLAN']).join('\n'));
          throw new Error('explained');
        }).catch(() => undefined);
      }
      const memoryBefore = memory();
      const rounds = ctx.pick(3, 1);
      const measured: LoadSamples[] = [];
      const baseline: LoadSamples[] = [];
      for (let r = 0; r < rounds; r++) {
        if (r % 2 === 0) {
          measured.push(await pass(compute));
          baseline.push(await pass(groupBy));
        } else {
          baseline.push(await pass(groupBy));
          measured.push(await pass(compute));
        }
      }
      const memoryAfter = memory();
      ctx.log(
        `scorecards: process memory before ${JSON.stringify(memoryBefore)}, after ${JSON.stringify(memoryAfter)}`,
      );
      const stats = { measured: summarize(measured), baseline: summarize(baseline) };
      const { ratio, overall, perRound } = pairedRatio(stats.measured, stats.baseline);
      const slowdown = round(1 / ratio, 2);
      return [
        {
          name: 'scorecards',
          description: `scorecards for ${counts.complaints * tenantCount} complaints, ${counts.workOrders * tenantCount} work orders, ${counts.revisits * tenantCount} revisits, ${counts.staff * tenantCount} staff over ${tenantCount} tenants (ops = tenants computed)`,
          measured: stats.measured,
          baseline: stats.baseline,
          ratio,
          metric: 'ops/s',
          target: `time <= ${MAX_SLOWDOWN}× the GROUP BY (ratio >= ${1 / MAX_SLOWDOWN})`,
          pass: slowdown <= MAX_SLOWDOWN,
          extra: {
            slowdown,
            overallRatio: overall,
            roundRatios: perRound,
            tenants: tenantCount,
            perTenant: counts,
            memoryBefore,
            memoryAfter,
            heapGrowthMb: round(memoryAfter.heapUsedMb - memoryBefore.heapUsedMb, 1),
          },
        },
      ];
    } finally {
      await pool.end();
      await dataSource.destroy();
    }
  },
};
