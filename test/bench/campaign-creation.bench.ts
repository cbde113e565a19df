// Win-back campaign creation: the real job code (WinbackCampaignJob, batch by batch with its cursor,
// events and advisory lock) against one hand-written INSERT … SELECT creating the same revisits (same
// eligibility, assignment and due dates) in a single statement. Each side gets its own tenant with
// identical customers, so neither sees the other's revisits as "recent contact".
//   BENCH_CAMPAIGN_TARGETS=100000   customers per tenant (default 100,000; quick 10,000)
//   BENCH_CAMPAIGN_ROUNDS=2         paired rounds
import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CampaignsModule, freezeSegment, WinbackCampaignJob } from '@service-desk/campaigns';
import { config, newId } from '@service-desk/core';
import { appUrl, DatabaseModule } from '@service-desk/db';
import { asOwner, createTenantFixture, type TenantFixture } from '@service-desk/testing';
import pg from 'pg';
import { type Benchmark, type BenchRow, inTenant, type LoadStats, median, round } from './support.js';

@Module({ imports: [DatabaseModule.forRoot('service-desk-bench-campaigns'), CampaignsModule] })
class CampaignBenchModule {}

/** Customers i: 90 % eligible (churned, consenting), then no consent, then ACTIVE. */
async function seedCustomers(fixture: TenantFixture, count: number): Promise<void> {
  await asOwner(fixture.tenantId, (client) =>
    client.query(
      `INSERT INTO customers (tenant_id, id, name, consent_to_contact, status, last_visit_at, created_at)
       SELECT $1, gen_random_uuid(), 'bench-' || i, i % 20 <> 18, CASE WHEN i % 20 = 19 THEN 'ACTIVE' ELSE 'CHURNED' END,
              now() - interval '200 days', now() - interval '2 years'
       FROM generate_series(1, $2::int) AS i`,
      [fixture.tenantId, count],
    ),
  );
  await asOwner(fixture.tenantId, (client) => client.query('ANALYZE customers'));
}

async function addCampaign(fixture: TenantFixture, agents: string[]): Promise<string> {
  const id = newId();
  await asOwner(fixture.tenantId, (client) =>
    client.query(
      `INSERT INTO campaigns (tenant_id, id, name, segment, agent_ids, daily_cap, no_contact_days, channel, start_date)
       VALUES ($1, $2, 'Bench win-back', $3, $4, 200, 30, 'PHONE', current_date)`,
      [fixture.tenantId, id, JSON.stringify(freezeSegment({})), agents],
    ),
  );
  return id;
}

/** The baseline: the same revisits in one statement, no batches, no cursor, no events. */
const BASELINE = `
  INSERT INTO revisit_tasks (tenant_id, id, type, customer_id, campaign_id, assignee_id, channel, status, due_at)
  SELECT $1, gen_random_uuid(), 'CHURN_WINBACK', e.id, $2, ($3::uuid[])[e.ordinal % cardinality($3::uuid[]) + 1],
         'PHONE', 'PENDING',
         (current_date + (e.ordinal / (cardinality($3::uuid[]) * 200))::int + time '18:00') AT TIME ZONE 'Asia/Shanghai'
  FROM (
    SELECT cu.id, row_number() OVER (ORDER BY cu.id) - 1 AS ordinal
    FROM customers cu
    WHERE cu.tenant_id = $1 AND cu.consent_to_contact AND cu.status = 'CHURNED' AND cu.created_at <= now()
      AND NOT EXISTS (
        SELECT 1 FROM revisit_tasks r WHERE r.tenant_id = $1 AND r.customer_id = cu.id
          AND (r.created_at > now() - interval '30 days' OR r.completed_at > now() - interval '30 days'))
  ) e`;

const stats = (targets: number, seconds: number[]): LoadStats => {
  const rates = seconds.map((s) => targets / s);
  const total = seconds.reduce((a, b) => a + b, 0);
  const sorted = [...seconds].sort((a, b) => a - b);
  return {
    ops: targets * seconds.length,
    seconds: round(total, 3),
    opsPerSec: round((targets * seconds.length) / total, 1),
    p50Ms: round(median(seconds) * 1000, 1),
    p99Ms: round(sorted[sorted.length - 1] * 1000, 1),
    maxMs: round(sorted[sorted.length - 1] * 1000, 1),
    roundOpsPerSec: rates.map((r) => round(r, 1)),
  };
};

export const benchmark: Benchmark = {
  name: 'campaign-creation',
  description: 'win-back campaign revisits created by the real job vs. one INSERT … SELECT of the same rows',
  async run(ctx) {
    const customers = Number(process.env.BENCH_CAMPAIGN_TARGETS) || ctx.pick(100_000, 10_000);
    const rounds = Number(process.env.BENCH_CAMPAIGN_ROUNDS) || ctx.pick(2, 1);
    const app = await NestFactory.createApplicationContext(CampaignBenchModule, { logger: false });
    const pool = new pg.Pool({ connectionString: appUrl(), max: 2 });
    const jobSeconds: number[] = [];
    const baselineSeconds: number[] = [];
    const roundRatios: number[] = [];
    let targets = 0;
    try {
      const job = app.get(WinbackCampaignJob);
      for (let r = 0; r < rounds; r++) {
        const [measuredTenant, baselineTenant] = [await createTenantFixture(), await createTenantFixture()];
        for (const fixture of [measuredTenant, baselineTenant]) await seedCustomers(fixture, customers);
        ctx.log(`campaign-creation round ${r + 1}/${rounds}: ${customers} customers per tenant seeded`);
        const agentsOf = (f: TenantFixture) => [f.users.AGENT.id, f.users.SUPERVISOR.id, f.users.OWNER.id];

        // Alternate which side goes first, so cache warmth does not favour one.
        const sides = [
          async () => {
            const id = await addCampaign(measuredTenant, agentsOf(measuredTenant));
            const start = process.hrtime.bigint();
            const outcome = await job.run(measuredTenant.tenantId, id);
            const seconds = Number(process.hrtime.bigint() - start) / 1e9;
            if (outcome !== 'completed') throw new Error(`the campaign job answered ${outcome}`);
            const [row] = await asOwner(
              measuredTenant.tenantId,
              async (c) =>
                (
                  await c.query('SELECT targeted_count FROM campaigns WHERE tenant_id = $1 AND id = $2', [
                    measuredTenant.tenantId,
                    id,
                  ])
                ).rows,
            );
            jobSeconds.push(seconds);
            return { created: Number(row.targeted_count), seconds };
          },
          async () => {
            const id = await addCampaign(baselineTenant, agentsOf(baselineTenant));
            const start = process.hrtime.bigint();
            const created = await inTenant(
              pool,
              baselineTenant.tenantId,
              async (client) =>
                (await client.query(BASELINE, [baselineTenant.tenantId, id, agentsOf(baselineTenant)]))
                  .rowCount ?? 0,
            );
            const seconds = Number(process.hrtime.bigint() - start) / 1e9;
            baselineSeconds.push(seconds);
            return { created, seconds };
          },
        ];
        const order = r % 2 === 0 ? [0, 1] : [1, 0];
        const results: Array<{ created: number; seconds: number }> = [];
        for (const side of order) results[side] = await sides[side]();
        const [measured, baseline] = results;
        if (measured.created !== baseline.created)
          throw new Error(`the job created ${measured.created} revisits, the baseline ${baseline.created}`);
        targets = measured.created;
        roundRatios.push(baseline.seconds / measured.seconds);
        ctx.log(
          `campaign-creation round ${r + 1}: ${targets} targets, job ${measured.seconds.toFixed(2)} s, baseline ${baseline.seconds.toFixed(2)} s`,
        );
      }
    } finally {
      await pool.end();
      await app.close();
    }
    const measured = stats(targets, jobSeconds);
    const baseline = stats(targets, baselineSeconds);
    const row: BenchRow = {
      name: 'campaign-creation',
      description: `targets/s creating ${targets} win-back revisits: job (batches of ${config().CAMPAIGN_BATCH_SIZE}) vs one INSERT … SELECT`,
      measured,
      baseline,
      ratio: round(median(roundRatios), 3),
      metric: 'ops/s',
      target: 'report only',
      extra: {
        roundRatios: roundRatios.map((x) => round(x, 3)),
        customersPerTenant: customers,
        targets,
        batchSize: config().CAMPAIGN_BATCH_SIZE,
      },
    };
    return [row];
  },
};
