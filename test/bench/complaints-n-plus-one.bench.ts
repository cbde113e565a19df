// No N+1 (DESIGN section 9): a 100-row `complaints` page with each complaint's customer and handler
// must send as many SQL statements as a 10-row page. Statements are counted at the driver level
// (every pg query of this process, the in-process API's included) while one request runs alone.
// Work orders do not exist yet; customer and handler are the nested fields there are.
import { Role } from '@service-desk/core';
import { asOwner } from '@service-desk/testing';
import { startApi } from '../support/api.js';
import { shortSql, traceSql } from './sql-trace.js';
import { type Benchmark, type BenchRow, now, round, summarize } from './support.js';

const COMPLAINTS = 150;
const HANDLERS = 30;
const BIG = 100;
const SMALL = 10;

const PAGE = `query($first: Int!) {
  complaints(first: $first) {
    edges { node { id title customer { id name } handler { id displayName } workOrders { id state } } }
  }
}`;

interface Page {
  complaints: {
    edges: Array<{
      node: {
        id: string;
        title: string;
        customer: { id: string; name: string } | null;
        handler: { id: string; displayName: string } | null;
      };
    }>;
  };
}

export const benchmark: Benchmark = {
  name: 'complaints-n-plus-one',
  description: 'SQL statements of a 100-row complaints page with customer and handler vs. a 10-row page',
  async run(ctx) {
    const api = await startApi();
    try {
      const tenant = await api.tenant();
      ctx.log(
        `seeding ${COMPLAINTS} complaints (distinct customers, ${HANDLERS + 3} handlers) in a fresh tenant`,
      );
      await seedComplaints(tenant.tenantId, [
        tenant.users.OWNER.id,
        tenant.users.SUPERVISOR.id,
        tenant.users.AGENT.id,
      ]);
      const token = await tenant.token(Role.SUPERVISOR);

      const page = async (first: number) => {
        const result = await api.gql<Page>(PAGE, { first }, token);
        if (result.status !== 200 || !result.data || result.errors?.length)
          throw new Error(`complaints(first: ${first}) ${result.status}: ${JSON.stringify(result.errors)}`);
        const nodes = result.data.complaints.edges.map((edge) => edge.node);
        // The count only means something when every row really resolved its customer and handler.
        const customers = new Set(nodes.map((node) => node.customer?.id));
        const handlers = new Set(nodes.map((node) => node.handler?.id));
        if (nodes.length !== first || customers.has(undefined) || handlers.has(undefined))
          throw new Error(`complaints(first: ${first}): ${nodes.length} rows, or a customer/handler missing`);
        if (customers.size !== first)
          throw new Error(`complaints(first: ${first}): ${customers.size} distinct customers`);
        return { rows: nodes.length, handlers: handlers.size };
      };

      // Nothing else in the process may query while a request is traced.
      const idle = await traceSql(() => new Promise((resolve) => setTimeout(resolve, 200)));
      if (idle.statements.length > 0)
        throw new Error(`statements while idle (the count would be wrong): ${idle.statements.join(' | ')}`);

      await page(BIG);
      await page(SMALL);
      const repeats = ctx.pick(15, 3);
      const counts: Record<'big' | 'small', number[]> = { big: [], small: [] };
      const latencies: Record<'big' | 'small', number[]> = { big: [], small: [] };
      const elapsed: Record<'big' | 'small', bigint> = { big: 0n, small: 0n };
      const statements: Record<'big' | 'small', string[]> = { big: [], small: [] };
      let handlersOnBigPage = 0;
      for (let i = 0; i < repeats; i++) {
        // Alternating order, so neither size always runs first.
        const order: Array<['big' | 'small', number]> =
          i % 2 === 0
            ? [
                ['big', BIG],
                ['small', SMALL],
              ]
            : [
                ['small', SMALL],
                ['big', BIG],
              ];
        for (const [key, first] of order) {
          const t0 = now();
          const traced = await traceSql(() => page(first));
          const ns = now() - t0;
          elapsed[key] += ns;
          latencies[key].push(Number(ns) / 1e6);
          counts[key].push(traced.statements.length);
          statements[key] = traced.statements;
          if (key === 'big') handlersOnBigPage = traced.result.handlers;
        }
      }

      const worst = (values: number[]) => Math.max(...values);
      const big = worst(counts.big);
      const small = worst(counts.small);
      const stable = Math.min(...counts.big) === big && Math.min(...counts.small) === small;
      const stats = (key: 'big' | 'small') =>
        summarize([{ ops: latencies[key].length, elapsedNs: elapsed[key], latenciesMs: latencies[key] }]);
      if (big !== small)
        ctx.log(
          `N+1: ${big} statements for ${BIG} rows vs ${small} for ${SMALL} rows:\n  ${statements.big.map((sql) => shortSql(sql, 200)).join('\n  ')}`,
        );
      const row: BenchRow = {
        name: 'complaints-n-plus-one.page',
        description: `SQL statements per request (driver-level count, incl. auth check and transactions): complaints(first: ${BIG}) vs complaints(first: ${SMALL}), each node with customer { id name }, handler { id displayName } and workOrders { id state }`,
        measured: stats('big'),
        baseline: stats('small'),
        ratio: round(big / small, 3),
        metric: 'sql statements',
        counts: { measured: big, baseline: small, unit: 'stmts' },
        target: `statements(${BIG} rows) = statements(${SMALL} rows)`,
        pass: big === small,
        extra: {
          statements: { [`first${BIG}`]: big, [`first${SMALL}`]: small },
          perRequest: { [`first${BIG}`]: counts.big, [`first${SMALL}`]: counts.small },
          stable,
          complaints: COMPLAINTS,
          distinctHandlersOnPage: handlersOnBigPage,
          nestedFields: ['customer', 'handler'],
          notMeasured: 'work orders (not in the schema yet)',
          statementsOfBigPage: statements.big.map((sql) => shortSql(sql)),
        },
      };
      return [row];
    } finally {
      await api.close();
    }
  },
};

/**
 * Owner-role SQL: extra front-desk handlers, one customer per complaint, and complaints in open states
 * (spread over handlers, severities and deadlines) with the tenant's complaint counter in step.
 */
async function seedComplaints(tenantId: string, staff: string[]): Promise<void> {
  await asOwner(tenantId, async (client) => {
    const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
    const { rows: extra } = await client.query<{ id: string }>(
      `INSERT INTO users (tenant_id, id, email, display_name, role, password_hash)
       SELECT $1, gen_random_uuid(), 'n1-' || $2 || '-' || g || '@bench.test', 'Handler ' || g,
              (ARRAY['AGENT', 'SUPERVISOR'])[1 + g % 2], 'not-a-login'
       FROM generate_series(1, $3::int) AS g
       RETURNING id`,
      [tenantId, tag, HANDLERS],
    );
    const handlers = [...staff, ...extra.map((row) => row.id)];
    await client.query(
      `WITH made AS (
         INSERT INTO customers (tenant_id, id, name, phone, member_number)
         SELECT $1, gen_random_uuid(), 'Complainant ' || g, '+86 138 ' || lpad(g::text, 8, '0'), 'N1-' || lpad(g::text, 6, '0')
         FROM generate_series(1, $3::int) AS g
         RETURNING id, member_number
       ), numbered AS (
         SELECT id, substr(member_number, 4)::int AS g FROM made
       )
       INSERT INTO complaints (tenant_id, id, number, tracking_code, customer_id, channel, category, severity, title,
         description, state, handler_id, received_at, clock_started_at, first_reply_due_at, first_reply_warn_at,
         resolution_due_at, resolution_warn_at, submitted_by)
       SELECT $1, gen_random_uuid(), g, 'CT-N1' || $2 || '-' || g, n.id,
              (ARRAY['PHONE', 'WALK_IN', 'EMAIL', 'IM'])[1 + g % 4],
              (ARRAY['PRODUCT_QUALITY', 'SERVICE_ATTITUDE', 'MISLEADING_PROMOTION', 'CUSTOMER_EXPECTATION'])[1 + g % 4],
              (ARRAY['LOW', 'NORMAL', 'HIGH', 'CRITICAL'])[1 + g % 4],
              'Complaint ' || g, 'Seeded for the N+1 benchmark',
              (ARRAY['RECEIVED', 'ACKNOWLEDGED', 'INVESTIGATING', 'PROPOSED'])[1 + g % 4],
              ($4::uuid[])[1 + g % array_length($4::uuid[], 1)],
              r, r, r + interval '24 hours', r + interval '19 hours 12 minutes',
              r + interval '48 hours', r + interval '38 hours 24 minutes',
              ($4::uuid[])[1 + g % array_length($4::uuid[], 1)]
       FROM numbered n, LATERAL (SELECT now() - (g % 72) * interval '1 hour' AS r) AS received`,
      [tenantId, tag, COMPLAINTS, handlers],
    );
    await client.query(
      `INSERT INTO tenant_counters (tenant_id, name, last_value) VALUES ($1, 'complaint', $2)
       ON CONFLICT (tenant_id, name) DO UPDATE SET last_value = EXCLUDED.last_value`,
      [tenantId, COMPLAINTS],
    );
    await client.query('ANALYZE complaints');
  });
}
