// Churn detection (DESIGN section 9): the nightly job's classification statement and summary event over
// one tenant with CHURN_BENCH_CUSTOMERS customers (default 1,000,000) and CHURN_BENCH_VISITS visits
// (default 10,000,000), against one hand-written set-based UPDATE of the same logic. Both run as the
// application role (RLS on) in a tenant transaction that is rolled back, so every round sees the same
// data; rounds alternate, the ratio is the median over round pairs. Target: job time <= 2x the UPDATE.
import { appUrl } from '@service-desk/db';
import { CHURN_DETECTION_SQL } from '@service-desk/loyalty';
import { createTenantFixture } from '@service-desk/testing';
import pg from 'pg';
import { type Benchmark, type LoadSamples, median, now, round, summarize } from './support.js';

const MAX_TIME_RATIO = 2;

/** The same rule with the default thresholds written in: what a DBA would write by hand. */
const HAND_WRITTEN_UPDATE = `
UPDATE customers c SET status = x.new_status, status_changed_at = $1::timestamptz, updated_at = now()
FROM (
  SELECT c.id, c.status,
    CASE
      WHEN c.status = 'CHURNED' THEN CASE WHEN c.last_visit_at > c.status_changed_at THEN 'WON_BACK' ELSE 'CHURNED' END
      WHEN a.absent > greatest(3 * coalesce(m.med, 0), 90) THEN 'CHURNED'
      WHEN a.absent > greatest(2 * coalesce(m.med, 0), 30) THEN 'AT_RISK'
      WHEN c.status = 'WON_BACK' AND c.status_changed_at IS NOT NULL
        AND extract(epoch FROM $1::timestamptz - c.status_changed_at)::float8 / 86400 < 90 THEN 'WON_BACK'
      ELSE 'ACTIVE'
    END AS new_status
  FROM customers c
  CROSS JOIN LATERAL (SELECT extract(epoch FROM $1::timestamptz - c.last_visit_at)::float8 / 86400 AS absent) a
  LEFT JOIN (
    SELECT customer_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY gap) AS med
    FROM (
      SELECT v.customer_id,
             extract(epoch FROM v.visited_at - lag(v.visited_at) OVER (PARTITION BY v.customer_id ORDER BY v.visited_at))::float8 / 86400 AS gap
      FROM visits v JOIN customers s ON s.tenant_id = v.tenant_id AND s.id = v.customer_id
      WHERE v.tenant_id = $2 AND s.status <> 'CHURNED' AND s.last_visit_at < $1::timestamptz - interval '30 days'
    ) g
    WHERE gap IS NOT NULL GROUP BY customer_id
  ) m ON m.customer_id = c.id
  WHERE c.tenant_id = $2 AND c.last_visit_at IS NOT NULL
) x
WHERE c.tenant_id = $2 AND c.id = x.id AND x.new_status <> x.status`;

const envSize = (name: string, fallback: number): number => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};

export const benchmark: Benchmark = {
  name: 'churn-detection',
  description: 'nightly churn classification (job statement + summary event) vs. one hand-written UPDATE',
  async run(ctx) {
    const customers = envSize('CHURN_BENCH_CUSTOMERS', ctx.pick(1_000_000, 20_000));
    const visitsWanted = envSize('CHURN_BENCH_VISITS', ctx.pick(10_000_000, 200_000));
    // Customer n has (n % span) + 1 visits: span chosen so the total is close to the wanted visits.
    const span = Math.max(1, Math.round((2 * visitsWanted) / customers) - 1);
    const fixture = await createTenantFixture();
    const tenantId = fixture.tenantId;
    const at = new Date();

    const owner = new pg.Client({ connectionString: ctx.ownerUrl });
    await owner.connect();
    let visits = 0;
    try {
      const started = now();
      ctx.log(`churn-detection: generating ${customers} customers`);
      // History of customer n: (n % span) + 1 visits, every 3..62 days, the last 0..199 days ago.
      await owner.query(
        `INSERT INTO customers (tenant_id, id, name, status, last_visit_at, visit_count)
         SELECT $1, lpad(to_hex(n), 32, '0')::uuid, 'Customer ' || n, 'ACTIVE',
                $2::timestamptz - make_interval(days => (n::bigint * 7919 % 200)::int, hours => n % 24), n % $3 + 1
         FROM generate_series(1, $4::int) n`,
        [tenantId, at, span, customers],
      );
      ctx.log(`churn-detection: generating about ${customers * ((span + 1) / 2)} visits`);
      // Ids in insertion order keep the primary key append-only; FK checks are skipped (the ids match by construction).
      await owner.query(`SET session_replication_role = replica`).catch(() => undefined);
      const inserted = await owner.query(
        `INSERT INTO visits (tenant_id, id, customer_id, visited_at, amount)
         SELECT $1, lpad(to_hex(n::bigint * $3 + j), 32, '0')::uuid, lpad(to_hex(n), 32, '0')::uuid,
                $2::timestamptz - make_interval(days => (n::bigint * 7919 % 200)::int + j * (3 + n % 60), hours => n % 24), 10
         FROM generate_series(1, $4::int) n, generate_series(0, n % $3) j`,
        [tenantId, at, span, customers],
      );
      await owner.query(`RESET session_replication_role`).catch(() => undefined);
      visits = inserted.rowCount ?? 0;
      await owner.query('VACUUM ANALYZE customers');
      await owner.query('VACUUM ANALYZE visits');
      ctx.log(`churn-detection: ${visits} visits ready in ${(Number(now() - started) / 1e9).toFixed(1)}s`);
    } finally {
      await owner.end();
    }

    const app = new pg.Client({ connectionString: appUrl(), application_name: 'service-desk-bench-churn' });
    await app.connect();
    const vacuum = new pg.Client({ connectionString: ctx.ownerUrl });
    await vacuum.connect();
    try {
      /** One timed run in a rolled-back tenant transaction; returns the customers it changed. */
      const timed = async (
        work: () => Promise<number>,
      ): Promise<{ sample: LoadSamples; changed: number }> => {
        await vacuum.query('VACUUM customers');
        await app.query('BEGIN');
        await app.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId]);
        const t0 = now();
        const changed = await work();
        const elapsedNs = now() - t0;
        await app.query('ROLLBACK');
        return { sample: { ops: 1, elapsedNs, latenciesMs: [Number(elapsedNs) / 1e6] }, changed };
      };
      const job = async () => {
        const { rows } = await app.query<{ customers: number }>(CHURN_DETECTION_SQL, [at]);
        const changed = rows.reduce((sum, row) => sum + row.customers, 0);
        await app.query(
          `SELECT append_tenant_event('loyalty.churn_detected', 'tenant', app_tenant_id(), NULL, $1::jsonb)`,
          [JSON.stringify({ changed, transitions: rows })],
        );
        return changed;
      };
      const baseline = async () => (await app.query(HAND_WRITTEN_UPDATE, [at, tenantId])).rowCount ?? 0;

      const rounds = ctx.pick(3, 2);
      const samples = { job: [] as LoadSamples[], baseline: [] as LoadSamples[] };
      const changedCounts = new Set<number>();
      for (let round = 0; round < rounds; round++) {
        const order = round % 2 === 0 ? (['job', 'baseline'] as const) : (['baseline', 'job'] as const);
        for (const variant of order) {
          const { sample, changed } = await timed(variant === 'job' ? job : baseline);
          samples[variant].push(sample);
          changedCounts.add(changed);
          ctx.log(
            `churn-detection: ${variant} round ${round + 1}: ${(Number(sample.elapsedNs) / 1e9).toFixed(2)}s, ${changed} changed`,
          );
        }
      }
      // Both must do the same work, or the ratio means nothing.
      if (changedCounts.size !== 1 || [...changedCounts][0] === 0)
        throw new Error(
          `job and hand-written UPDATE disagree or change nothing: ${[...changedCounts].join(', ')}`,
        );
      const measured = summarize(samples.job);
      const base = summarize(samples.baseline);
      // Runs last seconds, so ops/s rounded to two decimals says nothing: pair the run times instead.
      const seconds = (runs: LoadSamples[]) => runs.map((run) => Number(run.elapsedNs) / 1e9);
      const [jobSeconds, baselineSeconds] = [seconds(samples.job), seconds(samples.baseline)];
      const perRound = jobSeconds.map((s, i) => round(baselineSeconds[i] / s, 3));
      const ratio = round(median(perRound), 3);
      const overall = round(
        baselineSeconds.reduce((a, b) => a + b, 0) / jobSeconds.reduce((a, b) => a + b, 0),
        3,
      );
      return [
        {
          name: 'churn detection',
          description: `${customers} customers, ${visits} visits, one tenant: job statement + event vs. hand-written UPDATE`,
          measured,
          baseline: base,
          ratio,
          metric: 'ops/s',
          target: `time <= ${MAX_TIME_RATIO}x (ratio >= ${1 / MAX_TIME_RATIO})`,
          pass: ratio >= 1 / MAX_TIME_RATIO,
          extra: {
            timeRatio: round(1 / ratio, 3),
            jobSeconds: jobSeconds.map((s) => round(s, 2)),
            baselineSeconds: baselineSeconds.map((s) => round(s, 2)),
            overallRatio: overall,
            roundRatios: perRound,
            customers,
            visits,
            changedPerRun: [...changedCounts][0],
            rounds,
          },
        },
      ];
    } finally {
      await app.end();
      await vacuum.end();
    }
  },
};
