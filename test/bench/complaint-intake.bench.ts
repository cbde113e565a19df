// Intake (DESIGN section 9): `submitComplaint` through the real API (in-process, over HTTP) at
// concurrency 16 against bare `pg` transactions issuing the same statements (idempotency lookup,
// customer check, policy load, SLA deadlines computed in JS, counter upsert, complaint INSERT, event)
// under the same RLS setting, in interleaved rounds. Afterwards every successful call must have left
// exactly one complaint and one `complaint.submitted` event (no lost writes).
import { config, newId } from '@service-desk/core';
import {
  type Calendar,
  computeDeadlines,
  DEFAULT_SLA,
  type Severity,
  type SlaPolicy,
  type SlaTargets,
  targetsFor,
  trackingCode,
} from '@service-desk/complaints';
import { appUrl } from '@service-desk/db';
import { FIXTURE_PASSWORD, loginToken } from '@service-desk/testing';
import pg from 'pg';
import { startApi } from '../support/api.js';
import { shortSql, traceSql } from './sql-trace.js';
import {
  type Benchmark,
  type BenchRow,
  inTenant,
  interleaved,
  jsonClient,
  pairedRatio,
  pickFor,
  type SeededTenant,
  type SeededUser,
  warmPool,
} from './support.js';

const CONCURRENCY = 16;
const MIN_RATIO = 0.35;

const SUBMIT = `mutation($input: SubmitComplaintInput!) {
  submitComplaint(input: $input) { id number state severity receivedAt firstReplyDueAt resolutionDueAt }
}`;

// The statements ComplaintsService.insert and ComplaintPolicyService.load issue (captured with a
// driver-level trace; checked against a traced API call before measuring).
const SQL = {
  idempotent: `SELECT * FROM complaints WHERE tenant_id = app_tenant_id() AND idempotency_key = $1`,
  customer: `SELECT 1 FROM customers WHERE tenant_id = app_tenant_id() AND id = $1`,
  ensurePolicy: `INSERT INTO complaint_policies (tenant_id) VALUES (app_tenant_id()) ON CONFLICT DO NOTHING`,
  policy: `SELECT p.*, t.time_zone, s.sla_floor FROM complaint_policies p
       JOIN tenants t ON t.id = p.tenant_id
       LEFT JOIN chain_standards s ON s.chain_id = t.chain_id
       WHERE p.tenant_id = app_tenant_id()`,
  counter: `INSERT INTO tenant_counters AS c (tenant_id, name, last_value) VALUES (app_tenant_id(), $1, 1)
     ON CONFLICT (tenant_id, name) DO UPDATE SET last_value = c.last_value + 1 RETURNING last_value`,
  insert: `INSERT INTO complaints (tenant_id, id, number, tracking_code, customer_id, contact_name, contact_phone, contact_email,
         channel, category, subcategory, severity, title, description, state, handler_id, received_at, clock_started_at,
         first_reply_due_at, first_reply_warn_at, resolution_due_at, resolution_warn_at, idempotency_key, submitted_by)
       VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'RECEIVED', $14, $15, $15,
         $16, $17, $18, $19, $20, $21)
       RETURNING *`,
  event: 'SELECT append_tenant_event($1, $2, $3, $4, $5) AS seq',
};

const SEVERITIES: Severity[] = ['NORMAL', 'NORMAL', 'HIGH', 'LOW', 'NORMAL', 'CRITICAL'];
const CHANNELS = ['PHONE', 'WALK_IN', 'EMAIL', 'IM', 'SMS'];
const CATEGORIES = ['PRODUCT_QUALITY', 'SERVICE_ATTITUDE', 'MISLEADING_PROMOTION', 'CUSTOMER_EXPECTATION'];
const TITLES = [
  'Fly in the yogurt',
  '酸奶里有苍蝇',
  'Rude remark at the counter',
  'Promotion price not honoured',
];
const DESCRIPTION =
  'Bought a yogurt in the store this morning and found a fly in it after opening; the duty manager said it must have come from home.';

interface PolicyRow {
  first_reply_minutes: number;
  resolution_minutes: number;
  revisit_days: number;
  severity_overrides: SlaPolicy['severityOverrides'] | null;
  business_hours: Calendar['businessHours'];
  holidays: string[] | null;
  time_zone: string;
  sla_floor: Partial<SlaTargets> | null;
}

interface ComplaintInput {
  customerId: string;
  channel: string;
  category: string;
  severity: Severity;
  title: string;
  description: string;
  idempotencyKey: string;
}

interface GraphqlBody<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

interface Submitted {
  id: string;
  number: number;
  state: string;
  severity: string;
  receivedAt: string;
  firstReplyDueAt: string;
  resolutionDueAt: string | null;
}

export const benchmark: Benchmark = {
  name: 'complaint-intake',
  description: 'submitComplaint through the API vs. the same transaction with bare pg, concurrency 16',
  async run(ctx) {
    const tenants = await ctx.tenants();
    const byTenant = new Map<string, SeededTenant>(tenants.map((tenant) => [tenant.tenantId, tenant]));
    // OWNER, SUPERVISOR and AGENT of every tenant; worker w submits as users[w % users.length].
    const users: SeededUser[] = tenants.flatMap((tenant) => tenant.users);
    const poolSize = config().DATABASE_POOL_SIZE;
    // Keys of this run (a rerun on an external database must not find the previous run's complaints).
    const tag = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

    const api = await startApi();
    const http = jsonClient(api.url, CONCURRENCY);
    // The bare baseline gets the same number of connections as the API's pool.
    const pool = await warmPool(appUrl(), poolSize, 'service-desk-bench-bare');
    const owner = new pg.Client({ connectionString: ctx.ownerUrl });
    await owner.connect();
    // Every tenant has its complaint policy already, as after its first complaint: both sides then
    // read it, and the traced statements compare like for like.
    for (const tenant of tenants) {
      await owner.query('BEGIN');
      await owner.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenant.tenantId]);
      await owner.query('INSERT INTO complaint_policies (tenant_id) VALUES ($1) ON CONFLICT DO NOTHING', [
        tenant.tenantId,
      ]);
      await owner.query('COMMIT');
    }

    try {
      ctx.log(`logging in ${users.length} users`);
      const tokens = new Map<string, string>();
      for (const user of users) tokens.set(user.id, await loginToken(api.url, user.email, FIXTURE_PASSWORD));

      let sequence = 0;
      const inputFor = (variant: 'api' | 'bare', worker: number, iteration: number): ComplaintInput => {
        const user = users[worker % users.length];
        const tenant = byTenant.get(user.tenantId) as SeededTenant;
        const n = ++sequence;
        return {
          customerId: pickFor(tenant.customerIds, worker, iteration),
          channel: CHANNELS[n % CHANNELS.length],
          category: CATEGORIES[n % CATEGORIES.length],
          severity: SEVERITIES[n % SEVERITIES.length],
          title: TITLES[n % TITLES.length],
          description: DESCRIPTION,
          // One key per call, as a client that may retry sends it.
          idempotencyKey: `bench-${variant}-${tag}-${n}`,
        };
      };

      const apiSubmit = async (user: SeededUser, input: ComplaintInput): Promise<Submitted> => {
        const response = await http.post<GraphqlBody<{ submitComplaint: Submitted }>>(
          '/graphql',
          { query: SUBMIT, variables: { input } },
          { authorization: `Bearer ${tokens.get(user.id)}` },
        );
        const body = response.body;
        if (response.status !== 200 || !body.data?.submitComplaint || body.errors?.length) {
          throw new Error(`submitComplaint ${response.status}: ${JSON.stringify(body.errors ?? body)}`);
        }
        return body.data.submitComplaint;
      };

      const bareSubmit = (user: SeededUser, input: ComplaintInput) =>
        inTenant(pool, user.tenantId, async (client) => {
          const existing = await client.query(SQL.idempotent, [input.idempotencyKey]);
          if (existing.rows[0]) return existing.rows[0] as { id: string; received_at: Date };
          const customer = await client.query(SQL.customer, [input.customerId]);
          if (customer.rowCount !== 1) throw new Error(`bare: customer ${input.customerId} not found`);
          let policy = (await client.query<PolicyRow>(SQL.policy)).rows[0];
          if (!policy) {
            await client.query(SQL.ensurePolicy);
            policy = (await client.query<PolicyRow>(SQL.policy)).rows[0];
          }
          const floor =
            policy.sla_floor && Object.keys(policy.sla_floor).length > 0 ? policy.sla_floor : null;
          const receivedAt = new Date();
          const deadlines = computeDeadlines({
            receivedAt,
            targets: targetsFor(
              {
                firstReplyMinutes: policy.first_reply_minutes,
                resolutionMinutes: policy.resolution_minutes,
                revisitDays: policy.revisit_days,
                severityOverrides: policy.severity_overrides ?? {},
              },
              input.severity,
              floor,
            ),
            calendar: {
              timeZone: policy.time_zone,
              businessHours: policy.business_hours,
              holidays: policy.holidays ?? [],
            },
            pauses: [],
          });
          const counter = await client.query<{ last_value: string }>(SQL.counter, ['complaint']);
          const inserted = await client.query<{
            id: string;
            number: number;
            channel: string;
            category: string;
            state: string;
            severity: string;
            handler_id: string;
            received_at: Date;
            first_reply_due_at: Date;
          }>(SQL.insert, [
            newId(),
            Number(counter.rows[0].last_value),
            trackingCode(),
            input.customerId,
            null,
            null,
            null,
            input.channel,
            input.category,
            null,
            input.severity,
            input.title.trim(),
            input.description.trim(),
            user.id,
            receivedAt,
            deadlines.firstReplyDueAt,
            deadlines.firstReplyWarnAt,
            deadlines.resolutionDueAt,
            deadlines.resolutionWarnAt,
            input.idempotencyKey,
            user.id,
          ]);
          const row = inserted.rows[0];
          await client.query(SQL.event, [
            'complaint.submitted',
            'complaint',
            row.id,
            user.id,
            JSON.stringify({
              number: row.number,
              state: row.state,
              severity: row.severity,
              handlerId: row.handler_id,
              channel: row.channel,
              category: row.category,
            }),
          ]);
          return row;
        });

      // Before measuring: the baseline sends the statements the API sends (trace one call of each),
      // and both compute the same deadlines.
      const probeUser = users[0];
      const probeInput = inputFor('api', 0, 0);
      const apiTrace = await traceSql(() => apiSubmit(probeUser, probeInput));
      const bareTrace = await traceSql(() => bareSubmit(probeUser, inputFor('bare', 0, 0)));
      // The API checks the signed-in user first (auth guard, outside the transaction); the baseline
      // does only the transaction of the service.
      const apiTransaction = apiTrace.statements
        .filter((sql) => !sql.includes('auth_user_state('))
        .map((sql) => (sql === 'START TRANSACTION' ? 'BEGIN' : sql));
      const bareTransaction = bareTrace.statements;
      if (apiTransaction.join('\n') !== bareTransaction.join('\n')) {
        throw new Error(
          `the baseline no longer issues the API's statements; update SQL in complaint-intake.bench.ts.\nAPI:\n${apiTransaction.join('\n')}\nbare:\n${bareTransaction.join('\n')}`,
        );
      }
      const window = (from: string | Date, to: string | Date | null) =>
        to === null ? null : new Date(to).getTime() - new Date(from).getTime();
      const bareProbe = bareTrace.result as unknown as { received_at: Date; first_reply_due_at: Date };
      const apiWindow = window(apiTrace.result.receivedAt, apiTrace.result.firstReplyDueAt);
      const bareWindow = window(bareProbe.received_at, bareProbe.first_reply_due_at);
      if (apiWindow !== bareWindow)
        throw new Error(`first-reply window differs: API ${apiWindow} ms, bare ${bareWindow} ms`);
      if (apiWindow !== DEFAULT_SLA.firstReplyMinutes * 60_000)
        throw new Error(`unexpected first-reply window ${apiWindow} ms (default policy expected)`);

      // Every call that returned counts (the two probes above included); each must have written one
      // complaint and one event.
      const succeeded = { api: 1, bare: 1 };
      const userFor = (worker: number) => users[worker % users.length];
      ctx.log(
        `submitComplaint at concurrency ${CONCURRENCY} (${users.length} users, ${tenants.length} tenants)`,
      );
      const schedule = {
        concurrency: CONCURRENCY,
        rounds: ctx.pick(8, 2),
        roundMs: ctx.pick(2500, 500),
        warmupMs: ctx.pick(1500, 250),
      };
      const stats = await interleaved({
        ...schedule,
        variants: {
          api: async (worker, iteration) => {
            await apiSubmit(userFor(worker), inputFor('api', worker, iteration));
            succeeded.api++;
          },
          bare: async (worker, iteration) => {
            await bareSubmit(userFor(worker), inputFor('bare', worker, iteration));
            succeeded.bare++;
          },
        },
      });

      // A retry with a used key returns the original complaint and writes nothing.
      const retried = await apiSubmit(probeUser, probeInput);
      if (retried.id !== apiTrace.result.id)
        throw new Error(`idempotent retry returned ${retried.id}, not ${apiTrace.result.id}`);

      ctx.log('checking writes');
      const writes = await countWrites(owner, tag, tenants);
      const lost = {
        api: succeeded.api - writes.complaints.api,
        bare: succeeded.bare - writes.complaints.bare,
      };
      const writesOk =
        writes.complaints.api === succeeded.api &&
        writes.events.api === succeeded.api &&
        writes.complaints.bare === succeeded.bare &&
        writes.events.bare === succeeded.bare &&
        writes.counterMismatches.length === 0;
      if (!writesOk) ctx.log(`WRITES DO NOT MATCH: ${JSON.stringify({ succeeded, writes })}`);

      const { ratio, overall, perRound } = pairedRatio(stats.api, stats.bare);
      const row: BenchRow = {
        name: 'complaint-intake.submit',
        description:
          'per op: submitComplaint (customer, idempotency key) over HTTP vs bare pg tx{set_config; idempotency lookup; customer check; policy upsert+load; deadlines in JS; counter upsert; complaint INSERT; append_tenant_event}',
        measured: stats.api,
        baseline: stats.bare,
        ratio,
        metric: 'ops/s',
        target: `>= ${MIN_RATIO}, no lost writes`,
        pass: ratio >= MIN_RATIO && writesOk,
        extra: {
          concurrency: CONCURRENCY,
          poolSize,
          users: users.length,
          tenants: tenants.length,
          rounds: schedule.rounds,
          overallRatio: overall,
          roundRatios: perRound,
          succeeded,
          written: writes,
          lostWrites: lost,
          writesOk,
          apiStatementsPerCall: apiTrace.statements.length,
          bareStatementsPerCall: bareTrace.statements.length,
          apiStatements: apiTrace.statements.map((sql) => shortSql(sql)),
        },
      };
      return [row];
    } finally {
      http.close();
      await owner.end();
      await pool.end();
      await api.close();
    }
  },
};

/**
 * Complaints and `complaint.submitted` events written by this run (by idempotency key), and tenants
 * whose complaint counter disagrees with their complaints (a lost or duplicated write).
 */
async function countWrites(
  owner: pg.Client,
  tag: string,
  tenants: SeededTenant[],
): Promise<{
  complaints: { api: number; bare: number };
  events: { api: number; bare: number };
  counterMismatches: Array<{ tenantId: string; counter: number; complaints: number; maxNumber: number }>;
}> {
  const { rows } = await owner.query<{ variant: 'api' | 'bare'; complaints: string; events: string }>(
    `SELECT split_part(c.idempotency_key, '-', 2) AS variant, count(DISTINCT c.id) AS complaints,
            count(e.seq) AS events
     FROM complaints c
     LEFT JOIN tenant_events e ON e.tenant_id = c.tenant_id AND e.entity_kind = 'complaint'
          AND e.entity_id = c.id AND e.type = 'complaint.submitted'
     WHERE c.tenant_id = ANY($1) AND c.idempotency_key LIKE $2
     GROUP BY 1`,
    [tenants.map((tenant) => tenant.tenantId), `bench-%-${tag}-%`],
  );
  const get = (variant: 'api' | 'bare', column: 'complaints' | 'events') =>
    Number(rows.find((row) => row.variant === variant)?.[column] ?? 0);
  const mismatches = await owner.query<{
    tenant_id: string;
    counter: string;
    complaints: string;
    max_number: string;
  }>(
    `SELECT t.id AS tenant_id, coalesce(k.last_value, 0) AS counter, count(c.id) AS complaints,
            coalesce(max(c.number), 0) AS max_number
     FROM unnest($1::uuid[]) AS t(id)
     LEFT JOIN tenant_counters k ON k.tenant_id = t.id AND k.name = 'complaint'
     LEFT JOIN complaints c ON c.tenant_id = t.id
     GROUP BY t.id, k.last_value
     HAVING coalesce(k.last_value, 0) <> count(c.id) OR coalesce(max(c.number), 0) <> count(c.id)`,
    [tenants.map((tenant) => tenant.tenantId)],
  );
  return {
    complaints: { api: get('api', 'complaints'), bare: get('bare', 'complaints') },
    events: { api: get('api', 'events'), bare: get('bare', 'events') },
    counterMismatches: mismatches.rows.map((row) => ({
      tenantId: row.tenant_id,
      counter: Number(row.counter),
      complaints: Number(row.complaints),
      maxNumber: Number(row.max_number),
    })),
  };
}
