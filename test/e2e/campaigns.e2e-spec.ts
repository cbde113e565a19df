import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId, Role } from '@service-desk/core';
import { asOwner, errorCode, type GraphqlResult } from '@service-desk/testing';
import fc from 'fast-check';
import { type ApiHarness, startApi } from '../support/api.js';

/**
 * Win-back campaigns through the API: launch enqueues the job in the same transaction, idempotent
 * launch, cancel, the campaigns page, who may do what, and bad input that writes nothing.
 */
type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const FIELDS = `id name kind state agentIds dailyCapPerAgent noContactDays channel startDate targeted reached wonBack
  winBackRate customersScanned launchedAt cancelledAt cancelReason createdById
  segment { statuses tiers lastVisitBefore lastVisitAfter minSpendLast12Months zoneId }`;
const LAUNCH = `mutation($input: LaunchWinbackCampaignInput!) { launchWinbackCampaign(input: $input) { ${FIELDS} } }`;
const CANCEL = `mutation($input: CancelCampaignInput!) { cancelCampaign(input: $input) { ${FIELDS} } }`;
const CAMPAIGN = `query($id: ID!) { campaign(id: $id) { ${FIELDS} } }`;
const CAMPAIGNS = `query($first: Int, $after: String, $states: [CampaignState!]) {
  campaigns(first: $first, after: $after, states: $states) { edges { node { id name state } } pageInfo { hasNextPage endCursor } } }`;

/**
 * Rows of the tenant that launching or cancelling writes, and the campaign jobs queued for it (a worker
 * of another test file may run a campaign meanwhile: its own events are not counted).
 */
const footprint = (tenantId: string) =>
  asOwner(tenantId, async (client) => {
    const { rows } = await client.query(
      `SELECT (SELECT count(*)::int FROM campaigns WHERE tenant_id = $1) AS campaigns,
              (SELECT count(*)::int FROM tenant_events WHERE tenant_id = $1
                 AND type NOT IN ('campaign.progress', 'campaign.completed')) AS events,
              (SELECT count(*)::int FROM revisit_tasks WHERE tenant_id = $1 AND status = 'CANCELLED') AS cancelled,
              (SELECT count(*)::int FROM pgboss.job WHERE name = 'campaigns.run' AND data ->> 'tenantId' = $1::text) AS jobs`,
      [tenantId],
    );
    return rows[0] as { campaigns: number; events: number; cancelled: number; jobs: number };
  });

describe('win-back campaigns (API)', () => {
  let api: ApiHarness;
  let t: Tenant;
  let owner: string;
  let supervisor: string;

  beforeAll(async () => {
    api = await startApi();
    t = await api.tenant();
    owner = await t.token(Role.OWNER);
    supervisor = await t.token(Role.SUPERVISOR);
  });
  afterAll(() => api?.close());

  const launch = (input: Record<string, unknown>, token = owner) => api.gql(LAUNCH, { input }, token);
  /** Tomorrow in the store's time zone: no worker runs such a campaign today, so it stays QUEUED. */
  const tomorrow = () =>
    asOwner(t.tenantId, async (client) => {
      const { rows } = await client.query(
        `SELECT ((now() AT TIME ZONE time_zone)::date + 1)::text AS day FROM tenants WHERE id = $1`,
        [t.tenantId],
      );
      return rows[0].day as string;
    });

  it('launches a campaign queued with its job, defaulting to churned customers and every active agent', async () => {
    const before = await footprint(t.tenantId);
    const result = await launch({ name: '十二月流失客户回访' });
    expect(result.errors).toBeUndefined();
    const campaign = result.data!.launchWinbackCampaign;
    expect(campaign).toMatchObject({
      name: '十二月流失客户回访',
      kind: 'WINBACK',
      state: 'QUEUED',
      agentIds: [t.users.AGENT.id],
      dailyCapPerAgent: 20,
      noContactDays: 30,
      channel: 'PHONE',
      targeted: 0,
      reached: 0,
      wonBack: 0,
      winBackRate: 0,
      createdById: t.users.OWNER.id,
      segment: { statuses: ['CHURNED'], tiers: null, zoneId: null },
    });
    expect(campaign.startDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const after = await footprint(t.tenantId);
    expect(after).toMatchObject({
      campaigns: before.campaigns + 1,
      events: before.events + 1,
      jobs: before.jobs + 1,
    });
    const events = await asOwner(t.tenantId, async (client) =>
      (
        await client.query(
          `SELECT type FROM tenant_events WHERE tenant_id = $1 AND entity_id = $2
             AND type NOT IN ('campaign.progress', 'campaign.completed')`,
          [t.tenantId, campaign.id],
        )
      ).rows.map((row) => row.type),
    );
    expect(events).toEqual(['campaign.launched']);
  });

  it('a supervisor launches with a segment, a pool and a cap; the same idempotency key returns the same campaign', async () => {
    const input = {
      name: 'VIP win-back',
      statuses: ['CHURNED', 'AT_RISK'],
      tiers: ['GOLD', 'PREMIUM'],
      lastVisitBefore: '2026-09-01T00:00:00.000Z',
      lastVisitAfter: '2025-09-01T00:00:00.000Z',
      minSpendLast12Months: 500,
      agentIds: [t.users.AGENT.id, t.users.SUPERVISOR.id],
      dailyCapPerAgent: 15,
      noContactDays: 14,
      channel: 'SMS',
      idempotencyKey: `vip-${newId()}`,
    };
    const before = await footprint(t.tenantId);
    const [first, second] = await Promise.all([launch(input, supervisor), launch(input, supervisor)]);
    expect(first.errors).toBeUndefined();
    expect(second.errors).toBeUndefined();
    expect(second.data!.launchWinbackCampaign.id).toBe(first.data!.launchWinbackCampaign.id);
    expect(first.data!.launchWinbackCampaign).toMatchObject({
      agentIds: [t.users.AGENT.id, t.users.SUPERVISOR.id],
      dailyCapPerAgent: 15,
      noContactDays: 14,
      channel: 'SMS',
      segment: {
        statuses: ['CHURNED', 'AT_RISK'],
        tiers: ['GOLD', 'PREMIUM'],
        lastVisitBefore: '2026-09-01T00:00:00.000Z',
        minSpendLast12Months: 500,
      },
    });
    expect(await footprint(t.tenantId)).toMatchObject({
      campaigns: before.campaigns + 1,
      jobs: before.jobs + 1,
    });
  });

  it('cancels a queued campaign and its pending revisits; a second cancel is INVALID_TRANSITION', async () => {
    const id = (await launch({ name: 'To cancel', startDate: await tomorrow() })).data!.launchWinbackCampaign
      .id;
    const customerId = newId();
    await asOwner(t.tenantId, async (client) => {
      await client.query(
        `INSERT INTO customers (tenant_id, id, name, status) VALUES ($1, $2, '李女士', 'CHURNED')`,
        [t.tenantId, customerId],
      );
      await client.query(
        `INSERT INTO revisit_tasks (tenant_id, id, type, customer_id, campaign_id, assignee_id, due_at)
         VALUES ($1, $2, 'CHURN_WINBACK', $3, $4, $5, now())`,
        [t.tenantId, newId(), customerId, id, t.users.AGENT.id],
      );
    });
    const result = await api.gql(CANCEL, { input: { campaignId: id, reason: '活动取消' } }, supervisor);
    expect(result.errors).toBeUndefined();
    expect(result.data!.cancelCampaign).toMatchObject({ state: 'CANCELLED', cancelReason: '活动取消' });
    const statuses = await asOwner(t.tenantId, async (client) =>
      (
        await client.query(`SELECT status FROM revisit_tasks WHERE tenant_id = $1 AND campaign_id = $2`, [
          t.tenantId,
          id,
        ])
      ).rows.map((row) => row.status),
    );
    expect(statuses).toEqual(['CANCELLED']);
    const again = await api.gql(CANCEL, { input: { campaignId: id } }, owner);
    expect(errorCode(again)).toBe('INVALID_TRANSITION');
  });

  it('reads one campaign and pages the campaigns newest first, filtered by state', async () => {
    const fresh = await api.tenant();
    const token = await fresh.token(Role.OWNER);
    const ids: string[] = [];
    for (const name of ['one', 'two', 'three']) {
      ids.push((await launch({ name, startDate: await tomorrow() }, token)).data!.launchWinbackCampaign.id);
    }
    const agent = await fresh.token(Role.AGENT);
    const one = await api.gql(CAMPAIGN, { id: ids[0] }, agent);
    expect(one.data!.campaign).toMatchObject({ id: ids[0], name: 'one', state: 'QUEUED' });
    const page1 = await api.gql(CAMPAIGNS, { first: 2 }, agent);
    expect(page1.data!.campaigns.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([
      ids[2],
      ids[1],
    ]);
    expect(page1.data!.campaigns.pageInfo.hasNextPage).toBe(true);
    const page2 = await api.gql(
      CAMPAIGNS,
      { first: 2, after: page1.data!.campaigns.pageInfo.endCursor },
      agent,
    );
    expect(page2.data!.campaigns.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[0]]);
    await api.gql(CANCEL, { input: { campaignId: ids[1] } }, token);
    const cancelled = await api.gql(CAMPAIGNS, { states: ['CANCELLED'] }, agent);
    expect(cancelled.data!.campaigns.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([ids[1]]);
    expect(errorCode(await api.gql(CAMPAIGN, { id: newId() }, agent))).toBe('NOT_FOUND');
  });

  it('only owners and supervisors launch and cancel; field staff cannot read campaigns', async () => {
    const id = (await launch({ name: 'Roles' })).data!.launchWinbackCampaign.id;
    for (const role of [Role.AGENT, Role.FIELD_STAFF, Role.HR]) {
      const token = await t.token(role);
      expect(errorCode(await launch({ name: 'Not mine' }, token))).toBe('FORBIDDEN');
      expect(errorCode(await api.gql(CANCEL, { input: { campaignId: id } }, token))).toBe('FORBIDDEN');
    }
    const field = await t.token(Role.FIELD_STAFF);
    expect(errorCode(await api.gql(CAMPAIGN, { id }, field))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(CAMPAIGNS, {}, field))).toBe('FORBIDDEN');
    expect(errorCode(await api.gql(CAMPAIGN, { id }))).toBe('UNAUTHENTICATED');
    const hr = await t.token(Role.HR);
    expect((await api.gql(CAMPAIGN, { id }, hr)).data!.campaign.id).toBe(id);
  });

  describe('bad input', () => {
    const codesOf = (result: GraphqlResult) => (result.errors ?? []).map((error) => error.extensions?.code);

    it('refuses each bad launch with a clear message and writes nothing', async () => {
      const past = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
      const farAhead = new Date(Date.now() + 400 * 86_400_000).toISOString().slice(0, 10);
      const cases: Array<[Record<string, unknown>, string, RegExp]> = [
        [{ name: '' }, 'BAD_USER_INPUT', /name/],
        [{ name: '   ' }, 'BAD_USER_INPUT', /name must not be blank/],
        [{ name: 'x'.repeat(121) }, 'BAD_USER_INPUT', /name/],
        [{ name: 'a\u0000b' }, 'BAD_USER_INPUT', /NUL/],
        [{ name: 'ok', dailyCapPerAgent: 0 }, 'BAD_USER_INPUT', /dailyCapPerAgent/],
        [{ name: 'ok', dailyCapPerAgent: 1001 }, 'BAD_USER_INPUT', /dailyCapPerAgent/],
        [{ name: 'ok', noContactDays: -1 }, 'BAD_USER_INPUT', /noContactDays/],
        [{ name: 'ok', startDate: '2026-13-45' }, 'BAD_USER_INPUT', /startDate/],
        [{ name: 'ok', startDate: '2026-02-30' }, 'BAD_USER_INPUT', /startDate/],
        [{ name: 'ok', startDate: past }, 'BAD_USER_INPUT', /startDate must not be in the past/],
        [{ name: 'ok', startDate: farAhead }, 'BAD_USER_INPUT', /startDate must be within/],
        [
          { name: 'ok', lastVisitBefore: '2026-01-01T00:00:00Z', lastVisitAfter: '2026-02-01T00:00:00Z' },
          'BAD_USER_INPUT',
          /lastVisitAfter must be earlier/,
        ],
        [{ name: 'ok', minSpendLast12Months: 1.234 }, 'BAD_USER_INPUT', /minSpendLast12Months/],
        [{ name: 'ok', minSpendLast12Months: -5 }, 'BAD_USER_INPUT', /minSpendLast12Months/],
        [{ name: 'ok', agentIds: ['not-an-id'] }, 'BAD_USER_INPUT', /agentIds/],
        [{ name: 'ok', agentIds: [newId()] }, 'NOT_FOUND', /Agent not found/],
        [{ name: 'ok', agentIds: [t.users.FIELD_STAFF.id] }, 'BAD_USER_INPUT', /does not make revisits/],
        [{ name: 'ok', zoneId: newId() }, 'NOT_FOUND', /Zone not found/],
        [{ name: 'ok', statuses: ['GONE'] }, 'BAD_USER_INPUT', /GONE/],
        [{ name: 'ok', channel: 'FAX' }, 'BAD_USER_INPUT', /FAX/],
        [{ name: 'ok', idempotencyKey: '' }, 'BAD_USER_INPUT', /idempotencyKey/],
      ];
      const before = await footprint(t.tenantId);
      for (const [input, code, message] of cases) {
        const result = await launch(input);
        expect({ input, codes: codesOf(result) }).toEqual({ input, codes: [code] });
        expect(result.errors![0].message).toMatch(message);
      }
      expect(await footprint(t.tenantId)).toEqual(before);
    });

    it('refuses random launch inputs with client errors only, never INTERNAL or a partial write', async () => {
      const before = await footprint(t.tenantId);
      const junk = fc.oneof(
        fc.string(),
        fc.integer(),
        fc.double(),
        fc.constant(null),
        fc.array(fc.string(), { maxLength: 2 }),
        fc.constantFrom('\u0000', '', '2026-02-30', '9999-99-99', 'CHURNED', -1, 1e300),
      );
      await fc.assert(
        fc.asyncProperty(
          fc.record(
            {
              name: fc.oneof(fc.constant(''), junk),
              statuses: junk,
              tiers: junk,
              lastVisitBefore: junk,
              minSpendLast12Months: junk,
              agentIds: junk,
              dailyCapPerAgent: junk,
              noContactDays: junk,
              startDate: junk,
              channel: junk,
            },
            { requiredKeys: ['name'] },
          ),
          async (input) => {
            const result = await launch(input);
            expect(result.status).toBeLessThan(500);
            for (const code of codesOf(result)) expect(['BAD_USER_INPUT', 'NOT_FOUND']).toContain(code);
            expect(result.errors?.length ?? 0).toBeGreaterThan(0);
          },
        ),
        { numRuns: 40 },
      );
      expect(await footprint(t.tenantId)).toEqual(before);
    });

    it('refuses bad cancels and writes nothing', async () => {
      const before = await footprint(t.tenantId);
      for (const [input, code] of [
        [{ campaignId: 'nope' }, 'BAD_USER_INPUT'],
        [{ campaignId: '' }, 'BAD_USER_INPUT'],
        [{ campaignId: newId() }, 'NOT_FOUND'],
        [{ campaignId: newId(), reason: 'x'.repeat(1001) }, 'BAD_USER_INPUT'],
      ] as const) {
        expect(codesOf(await api.gql(CANCEL, { input }, owner))).toEqual([code]);
      }
      expect(await footprint(t.tenantId)).toEqual(before);
    });
  });
});
