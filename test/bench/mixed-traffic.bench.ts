// Throughput under mixed traffic from 20 tenants (issue 8): the front desk's everyday mix through the
// real API (in-process, over HTTP) — customer search, the complaint queue, complaint intake and
// acknowledgement, the dispatch board — spread over 20 tenants, against the same mix aimed at one
// tenant, in interleaved rounds. Tenancy (per-request RLS scope, per-tenant counters and event log)
// should cost nothing as tenants multiply: the 20-tenant mix must keep at least 0.9× the throughput of
// the one-tenant mix. Afterwards every accepted write must be in the database (no lost writes).
import { asOwner, FIXTURE_PASSWORD, loginToken } from '@service-desk/testing';
import { startApi } from '../support/api.js';
import {
  type Benchmark,
  interleaved,
  jsonClient,
  pairedRatio,
  pickFor,
  SEARCH_TERMS,
  seedTenants,
  type SeededTenant,
} from './support.js';

const CONCURRENCY = 16;
const MIN_RATIO = 0.9;

const SEARCH = `query($search: String) { customers(first: 20, search: $search) { edges { node { id name tier } } } }`;
const QUEUE = `{ complaints(first: 20) { edges { node { id number state severity firstReplyDueAt customer { name } } } } }`;
const BOARD = `{ dispatchBoard { seq zones { zoneId name open { id } } } }`;
const SUBMIT = `mutation($input: SubmitComplaintInput!) { submitComplaint(input: $input) { id } }`;
const ACKNOWLEDGE = `mutation($input: AcknowledgeComplaintInput!) { acknowledgeComplaint(input: $input) { id state } }`;

interface GraphqlBody<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string } }>;
}

export const benchmark: Benchmark = {
  name: 'mixed-traffic',
  description: 'front-desk mix over 20 tenants vs the same mix on one tenant, through the API',
  async run(ctx) {
    const tenantCount = ctx.pick(20, 4);
    ctx.log(`mixed-traffic: seeding ${tenantCount} tenants`);
    const tenants = await seedTenants(tenantCount, ctx.pick(2000, 200));
    const api = await startApi();
    const http = jsonClient(api.url, CONCURRENCY);
    const tokens = new Map<string, string>();
    for (const tenant of tenants) {
      const agent = tenant.users[2];
      tokens.set(tenant.tenantId, await loginToken(api.url, agent.email, FIXTURE_PASSWORD));
    }
    // Complaints each tenant has received and not yet acknowledged, to acknowledge later in the mix.
    const received = new Map<string, string[]>(tenants.map((tenant) => [tenant.tenantId, []]));
    let submitted = 0;
    let acknowledged = 0;

    const gql = async <T>(tenant: SeededTenant, query: string, variables: Record<string, unknown> = {}) => {
      const response = await http.post<GraphqlBody<T>>(
        '/graphql',
        { query, variables },
        { authorization: `Bearer ${tokens.get(tenant.tenantId)}` },
      );
      if (response.status !== 200 || !response.body.data || response.body.errors?.length) {
        throw new Error(
          `GraphQL ${response.status}: ${JSON.stringify(response.body.errors ?? response.body)}`,
        );
      }
      return response.body.data;
    };

    // The mix: 40 % search, 20 % queue, 10 % board, 20 % intake, 10 % acknowledgement.
    const mixOp = async (tenant: SeededTenant, worker: number, iteration: number) => {
      const slot = (worker * 7 + iteration) % 10;
      if (slot < 4) {
        await gql(tenant, SEARCH, { search: pickFor(SEARCH_TERMS, worker, iteration) });
      } else if (slot < 6) {
        await gql(tenant, QUEUE);
      } else if (slot < 7) {
        await gql(tenant, BOARD);
      } else if (slot < 9) {
        const data = await gql<{ submitComplaint: { id: string } }>(tenant, SUBMIT, {
          input: {
            customerId: pickFor(tenant.customerIds, worker, iteration),
            channel: 'PHONE',
            category: 'SERVICE_ATTITUDE',
            title: '服务态度',
            description: `Mixed traffic ${worker}-${iteration}`,
          },
        });
        received.get(tenant.tenantId)!.push(data.submitComplaint.id);
        submitted++;
      } else {
        const id = received.get(tenant.tenantId)!.pop();
        if (id) {
          await gql(tenant, ACKNOWLEDGE, {
            input: {
              complaintId: id,
              message: '已收到，今天回电',
              promisedReplyAt: new Date(Date.now() + 4 * 3_600_000).toISOString(),
            },
          });
          acknowledged++;
        } else {
          await gql(tenant, QUEUE);
        }
      }
    };

    try {
      const stats = await interleaved({
        variants: {
          spread: (worker, iteration) =>
            mixOp(tenants[(worker + iteration) % tenants.length], worker, iteration),
          single: (worker, iteration) => mixOp(tenants[0], worker, iteration),
        },
        concurrency: CONCURRENCY,
        rounds: ctx.pick(5, 2),
        roundMs: ctx.pick(8_000, 1_500),
        warmupMs: ctx.pick(3_000, 500),
      });
      const { ratio, overall, perRound } = pairedRatio(stats.spread, stats.single);

      // No lost writes: every accepted intake is a complaint with its event, every acknowledgement stuck.
      const stored = await storedWrites(tenants);
      if (stored.submitted !== submitted || stored.acknowledged !== acknowledged)
        throw new Error(
          `lost writes: ${submitted} submitted / ${acknowledged} acknowledged, stored ${JSON.stringify(stored)}`,
        );

      return [
        {
          name: `mixed traffic, ${tenantCount} tenants vs 1`,
          description: this.description,
          measured: stats.spread,
          baseline: stats.single,
          ratio,
          metric: 'ops/s',
          target: `>= ${MIN_RATIO}x one tenant`,
          pass: ratio >= MIN_RATIO,
          extra: { overall, roundRatios: perRound, concurrency: CONCURRENCY, tenants: tenantCount },
        },
      ];
    } finally {
      await api.close();
    }
  },
};

async function storedWrites(tenants: SeededTenant[]) {
  let submitted = 0;
  let acknowledged = 0;
  for (const tenant of tenants) {
    const counts = await asOwner(tenant.tenantId, async (client) => {
      const { rows } = await client.query(
        `SELECT count(*) FILTER (WHERE EXISTS (SELECT 1 FROM tenant_events e WHERE e.tenant_id = c.tenant_id
                  AND e.entity_id = c.id AND e.type = 'complaint.submitted'))::int AS submitted,
                count(*) FILTER (WHERE c.state = 'ACKNOWLEDGED')::int AS acknowledged
         FROM complaints c WHERE c.tenant_id = $1`,
        [tenant.tenantId],
      );
      return rows[0] as { submitted: number; acknowledged: number };
    });
    submitted += counts.submitted;
    acknowledged += counts.acknowledged;
  }
  return { submitted, acknowledged };
}
