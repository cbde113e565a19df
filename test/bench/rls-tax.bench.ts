// The RLS tax: the same customer reads as the application role (RLS forced) and as a BYPASSRLS role,
// same SQL text, same transactions (app.tenant_id set), same concurrency, interleaved rounds.
import { APP_ROLE, appUrl } from '@service-desk/db';
import pg from 'pg';
import {
  type Benchmark,
  type BenchRow,
  inTenant,
  interleaved,
  type LoadStats,
  pairedRatio,
  pickFor,
  round,
  SEARCH_TERMS,
  warmPool,
} from './support.js';

const CONCURRENCY = 16;
const MAX_LOSS = 0.1;
const BYPASS_ROLE = 'service_desk_bench_bypass';
const BYPASS_PASSWORD = 'service-desk-bench-bypass';

const COLUMNS = `tenant_id, id, name, phone, email, member_number, address, tier, consent_to_contact, status,
                 created_by, created_at, updated_at`;
// The explicit tenant filter stays in both: the BYPASSRLS role then reads exactly the rows RLS allows.
const POINT = `SELECT ${COLUMNS} FROM customers WHERE tenant_id = $1 AND id = $2`;
const SEARCH = `SELECT ${COLUMNS} FROM customers
                WHERE tenant_id = $1 AND (name ILIKE $2 OR member_number ILIKE $2)
                ORDER BY name ASC, id ASC LIMIT 21`;

const like = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

async function ownerQuery(url: string, statements: string[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    for (const sql of statements) await client.query(sql);
  } finally {
    await client.end();
  }
}

export const benchmark: Benchmark = {
  name: 'rls-tax',
  description: 'customer point lookups and search pages as the RLS-bound app role vs. a BYPASSRLS role',
  async run(ctx) {
    const tenants = await ctx.tenants();
    const database = new URL(ctx.ownerUrl).pathname.slice(1);

    // The role is cluster-wide: create it when missing, (re)grant in this database, drop it afterwards.
    await ownerQuery(ctx.ownerUrl, [
      `DO $$ BEGIN
         IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${BYPASS_ROLE}') THEN
           CREATE ROLE ${BYPASS_ROLE} LOGIN BYPASSRLS NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT PASSWORD '${BYPASS_PASSWORD}';
         ELSE
           ALTER ROLE ${BYPASS_ROLE} LOGIN BYPASSRLS PASSWORD '${BYPASS_PASSWORD}';
         END IF;
       END $$`,
      `GRANT CONNECT ON DATABASE "${database}" TO ${BYPASS_ROLE}`,
      `GRANT USAGE ON SCHEMA public TO ${BYPASS_ROLE}`,
      `GRANT SELECT ON customers, users, tenants TO ${BYPASS_ROLE}`,
    ]);
    const bypassUrl = new URL(ctx.ownerUrl);
    bypassUrl.username = BYPASS_ROLE;
    bypassUrl.password = BYPASS_PASSWORD;

    const rls = await warmPool(appUrl(), CONCURRENCY, 'service-desk-bench-rls');
    const bypass = await warmPool(bypassUrl.toString(), CONCURRENCY, 'service-desk-bench-bypass');
    try {
      const roles = await Promise.all(
        [rls, bypass].map(
          async (pool) =>
            (
              await pool.query<{ rolname: string; rolbypassrls: boolean }>(
                'SELECT rolname, rolbypassrls FROM pg_roles WHERE rolname = current_user',
              )
            ).rows[0],
        ),
      );
      if (roles[0].rolname !== APP_ROLE || roles[0].rolbypassrls || !roles[1].rolbypassrls) {
        throw new Error(`unexpected roles: ${JSON.stringify(roles)}`);
      }

      // Same rows both ways (and RLS really lets the tenant's rows through), checked before measuring.
      for (const tenant of tenants) {
        for (const term of SEARCH_TERMS) {
          const read = (pool: pg.Pool) =>
            inTenant(pool, tenant.tenantId, async (client) =>
              (await client.query<{ id: string }>(SEARCH, [tenant.tenantId, like(term)])).rows
                .map((r) => r.id)
                .join(),
            );
          const [a, b] = [await read(rls), await read(bypass)];
          if (a !== b)
            throw new Error(`RLS and BYPASSRLS disagree on "${term}" for tenant ${tenant.tenantId}`);
        }
      }
      const plans = {
        rls: await explain(rls, tenants[0].tenantId, tenants[0].customerIds[0]),
        bypass: await explain(bypass, tenants[0].tenantId, tenants[0].customerIds[0]),
      };

      const point = (pool: pg.Pool) => async (worker: number, iteration: number) => {
        const tenant = pickFor(tenants, worker, iteration);
        const id = tenant.customerIds[(worker * 2654435761 + iteration * 40503) % tenant.customerIds.length];
        const count = await inTenant(
          pool,
          tenant.tenantId,
          async (client) => (await client.query(POINT, [tenant.tenantId, id])).rowCount,
        );
        if (count !== 1) throw new Error(`point lookup found ${count} rows`);
      };
      const search = (pool: pg.Pool) => async (worker: number, iteration: number) => {
        const tenant = pickFor(tenants, worker, iteration);
        const term = pickFor(SEARCH_TERMS, worker, iteration + 3);
        await inTenant(pool, tenant.tenantId, (client) =>
          client.query(SEARCH, [tenant.tenantId, like(term)]),
        );
      };

      const schedule = {
        concurrency: CONCURRENCY,
        rounds: ctx.pick(12, 2),
        roundMs: ctx.pick(1000, 500),
        warmupMs: ctx.pick(1000, 300),
      };
      const row = (
        name: string,
        description: string,
        stats: { rls: LoadStats; bypass: LoadStats },
        plan: Record<string, string>,
      ): BenchRow => {
        const { ratio, overall, perRound } = pairedRatio(stats.rls, stats.bypass);
        const loss = 1 - ratio;
        return {
          name,
          description,
          measured: stats.rls,
          baseline: stats.bypass,
          ratio,
          metric: 'ops/s',
          target: `loss <= ${MAX_LOSS * 100}%`,
          pass: loss <= MAX_LOSS,
          extra: {
            lossPct: round(loss * 100, 2),
            overallRatio: overall,
            roundRatios: perRound,
            concurrency: CONCURRENCY,
            rounds: schedule.rounds,
            plan,
          },
        };
      };

      ctx.log(`RLS tax: point lookups at concurrency ${CONCURRENCY}`);
      const points = await interleaved({ ...schedule, variants: { rls: point(rls), bypass: point(bypass) } });
      ctx.log(`RLS tax: search pages at concurrency ${CONCURRENCY}`);
      const searches = await interleaved({
        ...schedule,
        variants: { rls: search(rls), bypass: search(bypass) },
      });
      return [
        row('rls-tax.point', 'tx{set_config; customer by (tenant_id, id)}: app role vs BYPASSRLS', points, {
          rls: plans.rls.point,
          bypass: plans.bypass.point,
        }),
        row(
          'rls-tax.search',
          'tx{set_config; name/member ILIKE page of 21}: app role vs BYPASSRLS',
          searches,
          {
            rls: plans.rls.search,
            bypass: plans.bypass.search,
          },
        ),
      ];
    } finally {
      await rls.end();
      await bypass.end();
      await ownerQuery(ctx.ownerUrl, [
        `REVOKE ALL ON customers, users, tenants FROM ${BYPASS_ROLE}`,
        `REVOKE USAGE ON SCHEMA public FROM ${BYPASS_ROLE}`,
        `REVOKE CONNECT ON DATABASE "${database}" FROM ${BYPASS_ROLE}`,
      ]).catch(() => undefined);
      // Fails (harmlessly) while another database still grants the role something.
      await ownerQuery(ctx.ownerUrl, [`DROP ROLE IF EXISTS ${BYPASS_ROLE}`]).catch(() => undefined);
    }
  },
};

/** The plans, for the JSON report: RLS adds its policy as a filter the planner must respect. */
async function explain(
  pool: pg.Pool,
  tenantId: string,
  customerId: string,
): Promise<{ point: string; search: string }> {
  const plan = (sql: string, params: unknown[]) =>
    inTenant(pool, tenantId, async (client) =>
      (await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${sql}`, params)).rows
        .map((r) => r['QUERY PLAN'].trim())
        .join(' | '),
    );
  return {
    point: await plan(POINT, [tenantId, customerId]),
    search: await plan(SEARCH, [tenantId, like('son')]),
  };
}
