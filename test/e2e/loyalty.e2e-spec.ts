import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId, Role } from '@service-desk/core';
import {
  CHURN_HISTORIES,
  classifyChurn,
  DAY_MS,
  DEFAULT_LOYALTY_RULES,
  GoodwillPostingJob,
  LoyaltyNightlyJob,
} from '@service-desk/loyalty';
import { asOwner, errorCode } from '@service-desk/testing';
// The demo seeder is a tool, not a lib; the test checks what it leaves behind.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { seedLoyalty } from '../../tools/seed/loyalty.js';
import { type ApiHarness, startApi } from '../support/api.js';

type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const RECORD =
  'mutation($input: RecordVisitInput!) { recordVisit(input: $input) { id customerId visitedAt amount zoneId externalRef note } }';
const IMPORT =
  'mutation($input: ImportVisitsInput!) { importVisits(input: $input) { rows applied alreadyRecorded errors { row field message } } }';
const EARN =
  'mutation($input: EarnPointsInput!) { earnPoints(input: $input) { id kind points balanceAfter expiresAt } }';
const REDEEM =
  'mutation($input: RedeemPointsInput!) { redeemPoints(input: $input) { id kind points balanceAfter } }';
const ADJUST =
  'mutation($input: AdjustPointsInput!) { adjustPoints(input: $input) { id kind points balanceAfter reason } }';
const CUSTOMER =
  'query($id: ID!) { customer(id: $id) { id name tier status pointsBalance lastVisitAt visitCount phone } }';
const LEDGER =
  'query($id: ID!, $after: String) { pointsLedger(customerId: $id, first: 100, after: $after) { edges { node { id kind points balanceAfter complaintId } } pageInfo { hasNextPage endCursor } } }';

const daysAgo = (days: number, from = new Date()) => new Date(from.getTime() - days * DAY_MS);

describe('loyalty', () => {
  let api: ApiHarness;
  let nightly: LoyaltyNightlyJob;
  beforeAll(async () => {
    api = await startApi();
    nightly = api.app.get(LoyaltyNightlyJob, { strict: false });
  });
  afterAll(() => api.close());

  const customer = async (t: Tenant, input: Record<string, unknown> = {}) => {
    const result = await api.gql<{ createCustomer: { id: string } }>(
      'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
      { input: { name: '李娜', phone: '13812340000', ...input } },
      await t.token(Role.AGENT),
    );
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.createCustomer.id;
  };
  const customerRow = (t: Tenant, id: string) =>
    asOwner(t.tenantId, async (client) => {
      const { rows } = await client.query(
        `SELECT status, tier, visit_count, last_visit_at, status_changed_at, tier_below_since,
                (SELECT points_balance FROM loyalty_accounts WHERE tenant_id = $1 AND customer_id = $2) AS balance
         FROM customers WHERE tenant_id = $1 AND id = $2`,
        [t.tenantId, id],
      );
      return rows[0];
    });
  const events = (t: Tenant, type: string) =>
    asOwner(t.tenantId, async (client) => {
      const { rows } = await client.query(
        `SELECT entity_id, data FROM tenant_events WHERE tenant_id = $1 AND type = $2 ORDER BY seq`,
        [t.tenantId, type],
      );
      return rows as Array<{ entity_id: string; data: Record<string, unknown> }>;
    });

  describe('visits', () => {
    it('records a visit once per external reference and keeps the customer current', async () => {
      const t = await api.tenant();
      const agent = await t.token(Role.AGENT);
      const id = await customer(t);
      const input = {
        customerId: id,
        visitedAt: daysAgo(1).toISOString(),
        amount: 88.5,
        externalRef: 'TILL-0001',
        note: '周末购物',
      };
      const first = await api.gql(RECORD, { input }, agent);
      expect(first.errors).toBeUndefined();
      const again = await api.gql(RECORD, { input }, agent);
      expect(again.data?.recordVisit.id).toBe(first.data?.recordVisit.id);
      const different = await api.gql(RECORD, { input: { ...input, amount: 99 } }, agent);
      expect(errorCode(different)).toBe('CONFLICT');
      expect(different.errors?.[0].message).toMatch(/TILL-0001.*different visit/);

      const later = daysAgo(0.5).toISOString();
      await api.gql(RECORD, { input: { ...input, visitedAt: later, externalRef: 'TILL-0002' } }, agent);
      // An older visit recorded late does not move the last visit back.
      await api.gql(
        RECORD,
        { input: { ...input, visitedAt: daysAgo(20).toISOString(), externalRef: 'TILL-0003' } },
        agent,
      );
      const row = await customerRow(t, id);
      expect(row.visit_count).toBe(3);
      expect(new Date(row.last_visit_at).toISOString()).toBe(later);
      const seen = await api.gql(CUSTOMER, { id }, agent);
      expect(seen.data?.customer).toMatchObject({ visitCount: 3, lastVisitAt: later, pointsBalance: 0 });
      expect((await events(t, 'visit.recorded')).length).toBe(3);

      const page1 = await api.gql(
        'query($id: ID!) { visits(customerId: $id, first: 2) { edges { node { externalRef } } pageInfo { hasNextPage endCursor } } }',
        { id },
        agent,
      );
      expect(
        page1.data?.visits.edges.map((e: { node: { externalRef: string } }) => e.node.externalRef),
      ).toEqual(['TILL-0002', 'TILL-0001']);
      const page2 = await api.gql(
        'query($id: ID!, $after: String) { visits(customerId: $id, first: 2, after: $after) { edges { node { externalRef } } pageInfo { hasNextPage } } }',
        { id, after: page1.data?.visits.pageInfo.endCursor },
        agent,
      );
      expect(page2.data?.visits).toEqual({
        edges: [{ node: { externalRef: 'TILL-0003' } }],
        pageInfo: { hasNextPage: false },
      });
    });

    it('wins back a churned customer at the first visit and brings an at-risk one back to ACTIVE', async () => {
      const t = await api.tenant();
      const agent = await t.token(Role.AGENT);
      const churned = await customer(t, { name: '流失客户' });
      const atRisk = await customer(t, { name: '风险客户' });
      await asOwner(t.tenantId, (client) =>
        client.query(
          `UPDATE customers SET status = CASE WHEN id = $2 THEN 'CHURNED' ELSE 'AT_RISK' END,
             status_changed_at = now() - interval '10 days' WHERE tenant_id = $1 AND id IN ($2, $3)`,
          [t.tenantId, churned, atRisk],
        ),
      );
      for (const [id, ref] of [
        [churned, 'WB-1'],
        [atRisk, 'WB-2'],
      ])
        await api.gql(
          RECORD,
          { input: { customerId: id, visitedAt: new Date().toISOString(), amount: 10, externalRef: ref } },
          agent,
        );
      expect((await customerRow(t, churned)).status).toBe('WON_BACK');
      expect((await customerRow(t, atRisk)).status).toBe('ACTIVE');
      const changes = await events(t, 'customer.status_changed');
      expect(changes.map((e) => [e.entity_id, e.data.from, e.data.to])).toEqual(
        expect.arrayContaining([
          [churned, 'CHURNED', 'WON_BACK'],
          [atRisk, 'AT_RISK', 'ACTIVE'],
        ]),
      );
    });

    it('imports a CSV: valid rows applied set-based, bad rows reported, a rerun applies nothing twice', async () => {
      const t = await api.tenant();
      const supervisor = await t.token(Role.SUPERVISOR);
      const a = await customer(t, { memberNumber: 'HM1001' });
      const b = await customer(t, { memberNumber: 'HM1002', phone: '13812340001' });
      const zone = await api.gql(
        'mutation($input: CreateZoneInput!) { createZone(input: $input) { id } }',
        { input: { name: 'Building A' } },
        supervisor,
      );
      const iso = (days: number) => daysAgo(days).toISOString();
      const csv = [
        'memberNumber,customerId,visitedAt,amount,externalRef,zone',
        `HM1001,,${iso(10)},120.50,R-1,Building A`,
        `,${b},${iso(9)},30,R-2,`,
        `HM1001,,${iso(8)},0,R-3,`,
        `HM9999,,${iso(8)},5,R-4,`,
        `HM1002,,not a date,5,R-5,`,
        `HM1002,,${iso(7)},5,R-6,Nowhere`,
        `HM1002,${a},${iso(7)},5,R-7,`,
        `HM1002,,${iso(6)},-3,R-8,`,
        `HM1001,,${iso(8)},0,R-3,`,
        `HM1002,,${iso(5)},7,R-3,`,
      ].join('\n');
      const first = await api.gql(IMPORT, { input: { csv } }, supervisor);
      expect(first.errors).toBeUndefined();
      expect(first.data?.importVisits).toMatchObject({ rows: 10, applied: 3, alreadyRecorded: 1 });
      expect(first.data?.importVisits.errors).toEqual([
        { row: 5, field: 'memberNumber', message: 'No such customer' },
        { row: 6, field: 'visitedAt', message: expect.stringMatching(/ISO date-time/) },
        { row: 7, field: 'zone', message: 'No zone named "Nowhere"' },
        { row: 8, field: 'customer', message: 'memberNumber and customerId name different customers' },
        { row: 9, field: 'amount', message: expect.stringMatching(/amount/) },
        { row: 11, field: 'externalRef', message: 'Appears earlier in the file with different data' },
      ]);
      expect((await customerRow(t, a)).visit_count).toBe(2);
      expect((await customerRow(t, b)).visit_count).toBe(1);
      const zoned = await asOwner(
        t.tenantId,
        async (client) =>
          (
            await client.query(`SELECT zone_id FROM visits WHERE tenant_id = $1 AND external_ref = 'R-1'`, [
              t.tenantId,
            ])
          ).rows[0].zone_id,
      );
      expect(zoned).toBe(zone.data?.createZone.id);

      const rerun = await api.gql(IMPORT, { input: { csv } }, supervisor);
      expect(rerun.data?.importVisits).toMatchObject({ rows: 10, applied: 0, alreadyRecorded: 4 });
      expect((await customerRow(t, a)).visit_count).toBe(2);
      expect((await events(t, 'visits.imported')).length).toBe(1);

      const noHeader = await api.gql(IMPORT, { input: { csv: 'a,b\n1,2' } }, supervisor);
      expect(noHeader.data?.importVisits.errors[0]).toMatchObject({ row: 0, field: 'header' });
      expect(errorCode(await api.gql(IMPORT, { input: { csv } }, await t.token(Role.AGENT)))).toBe(
        'FORBIDDEN',
      );

      // Another tenant naming this tenant's customer and member number reaches nothing.
      const other = await api.tenant();
      const probe = await api.gql(
        IMPORT,
        {
          input: {
            csv: `customerId,memberNumber,visitedAt,amount,externalRef\n${a},,${iso(1)},5,X-1\n,HM1002,${iso(1)},5,X-2`,
          },
        },
        await other.token(Role.OWNER),
      );
      expect(probe.data?.importVisits).toMatchObject({
        applied: 0,
        errors: [
          { row: 2, field: 'customerId', message: 'No such customer' },
          { row: 3, field: 'memberNumber', message: 'No such customer' },
        ],
      });
      expect((await customerRow(t, a)).visit_count).toBe(2);
    });
  });

  describe('points', () => {
    it('earns, redeems and adjusts on an append-only ledger with idempotency keys', async () => {
      const t = await api.tenant();
      const agent = await t.token(Role.AGENT);
      const id = await customer(t);
      const earned = await api.gql(
        EARN,
        { input: { customerId: id, points: 500, idempotencyKey: 'e-1' } },
        agent,
      );
      expect(earned.data?.earnPoints).toMatchObject({ kind: 'EARN', points: 500, balanceAfter: 500 });
      const expires = new Date(earned.data?.earnPoints.expiresAt);
      expect(expires.getTime() - Date.now()).toBeGreaterThan(700 * DAY_MS);
      const replay = await api.gql(
        EARN,
        { input: { customerId: id, points: 500, idempotencyKey: 'e-1' } },
        agent,
      );
      expect(replay.data?.earnPoints.id).toBe(earned.data?.earnPoints.id);
      const reused = await api.gql(
        EARN,
        { input: { customerId: id, points: 400, idempotencyKey: 'e-1' } },
        agent,
      );
      expect(errorCode(reused)).toBe('CONFLICT');

      const redeemed = await api.gql(
        REDEEM,
        { input: { customerId: id, points: 200, idempotencyKey: 'r-1', reason: '兑换礼品' } },
        agent,
      );
      expect(redeemed.data?.redeemPoints).toMatchObject({ kind: 'REDEEM', points: -200, balanceAfter: 300 });
      const tooMuch = await api.gql(
        REDEEM,
        { input: { customerId: id, points: 301, idempotencyKey: 'r-2' } },
        agent,
      );
      expect(errorCode(tooMuch)).toBe('CONFLICT');
      expect(tooMuch.errors?.[0].message).toBe('Insufficient points: the balance is 300, 301 requested');

      expect(
        errorCode(
          await api.gql(
            ADJUST,
            { input: { customerId: id, points: 5, reason: 'Typo', idempotencyKey: 'a-1' } },
            agent,
          ),
        ),
      ).toBe('FORBIDDEN');
      const adjusted = await api.gql(
        ADJUST,
        {
          input: { customerId: id, points: -50, reason: 'Duplicate earn at the till', idempotencyKey: 'a-1' },
        },
        await t.token(Role.SUPERVISOR),
      );
      expect(adjusted.data?.adjustPoints).toMatchObject({ kind: 'ADJUST', points: -50, balanceAfter: 250 });
      const below = await api.gql(
        ADJUST,
        { input: { customerId: id, points: -251, reason: 'Too far', idempotencyKey: 'a-2' } },
        await t.token(Role.OWNER),
      );
      expect(errorCode(below)).toBe('CONFLICT');

      const ledger = await api.gql(LEDGER, { id }, await t.token(Role.HR));
      expect(
        ledger.data?.pointsLedger.edges.map((e: { node: { kind: string; points: number } }) => [
          e.node.kind,
          e.node.points,
        ]),
      ).toEqual([
        ['ADJUST', -50],
        ['REDEEM', -200],
        ['EARN', 500],
      ]);
      expect((await api.gql(CUSTOMER, { id }, agent)).data?.customer.pointsBalance).toBe(250);
      // Field staff see name and location only.
      const field = await api.gql(CUSTOMER, { id }, await t.token(Role.FIELD_STAFF));
      expect(field.data?.customer).toMatchObject({
        pointsBalance: null,
        visitCount: null,
        lastVisitAt: null,
        phone: null,
      });
      expect(errorCode(await api.gql(LEDGER, { id }, await t.token(Role.FIELD_STAFF)))).toBe('FORBIDDEN');

      // The ledger is append-only, even for the owner role.
      await expect(
        asOwner(t.tenantId, (client) =>
          client.query(`UPDATE points_ledger SET points = 1 WHERE tenant_id = $1`, [t.tenantId]),
        ),
      ).rejects.toThrow(/append-only/);
    });

    it('never overdraws under 50 concurrent redemptions', async () => {
      const t = await api.tenant();
      const agent = await t.token(Role.AGENT);
      const id = await customer(t);
      await api.gql(EARN, { input: { customerId: id, points: 1000, idempotencyKey: 'seed' } }, agent);
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          api.gql(REDEEM, { input: { customerId: id, points: 30, idempotencyKey: `redeem-${i}` } }, agent),
        ),
      );
      const ok = results.filter((r) => r.data?.redeemPoints);
      const refused = results.filter((r) => errorCode(r) === 'CONFLICT');
      expect(ok.length).toBe(33);
      expect(refused.length).toBe(17);
      expect(refused.every((r) => /^Insufficient points/.test(r.errors?.[0].message ?? ''))).toBe(true);
      const balances = ok.map((r) => r.data?.redeemPoints.balanceAfter as number).sort((x, y) => x - y);
      expect(balances).toEqual(Array.from({ length: 33 }, (_, i) => 10 + 30 * i));
      const row = await customerRow(t, id);
      expect(row.balance).toBe(10);
      const sum = await asOwner(
        t.tenantId,
        async (client) =>
          (
            await client.query(
              `SELECT sum(points)::int AS s FROM points_ledger WHERE tenant_id = $1 AND customer_id = $2`,
              [t.tenantId, id],
            )
          ).rows[0].s,
      );
      expect(sum).toBe(10);
    });

    it('applies concurrent postings with the same key once and returns the original to all', async () => {
      const t = await api.tenant();
      const agent = await t.token(Role.AGENT);
      const id = await customer(t);
      const results = await Promise.all(
        Array.from({ length: 20 }, () =>
          api.gql(EARN, { input: { customerId: id, points: 70, idempotencyKey: 'same-key' } }, agent),
        ),
      );
      expect(results.every((r) => r.errors === undefined)).toBe(true);
      expect(new Set(results.map((r) => r.data?.earnPoints.id)).size).toBe(1);
      expect((await customerRow(t, id)).balance).toBe(70);
      expect((await events(t, 'points.posted')).length).toBe(1);
    });

    it('expires unused points oldest first, once', async () => {
      const t = await api.tenant();
      const owner = await t.token(Role.OWNER);
      const id = await customer(t);
      await api.gql(
        'mutation { updateLoyaltySettings(input: { pointsExpiryMonths: 1 }) { pointsExpiryMonths } }',
        {},
        owner,
      );
      await api.gql(EARN, { input: { customerId: id, points: 100, idempotencyKey: 'old' } }, owner);
      await api.gql(
        'mutation { updateLoyaltySettings(input: { pointsExpiryMonths: 24 }) { pointsExpiryMonths } }',
        {},
        owner,
      );
      await api.gql(EARN, { input: { customerId: id, points: 50, idempotencyKey: 'new' } }, owner);
      await api.gql(REDEEM, { input: { customerId: id, points: 30, idempotencyKey: 'spent' } }, owner);
      const later = new Date(Date.now() + 40 * DAY_MS);
      expect(await nightly.expirePoints(t.tenantId, later)).toEqual({ customers: 1, points: 70 });
      expect((await customerRow(t, id)).balance).toBe(50);
      expect(await nightly.expirePoints(t.tenantId, later)).toEqual({ customers: 0, points: 0 });
      expect(await nightly.expirePoints(t.tenantId, new Date(later.getTime() + DAY_MS))).toEqual({
        customers: 0,
        points: 0,
      });
      const ledger = await api.gql(LEDGER, { id }, owner);
      expect(ledger.data?.pointsLedger.edges[0].node).toMatchObject({
        kind: 'EXPIRE',
        points: -70,
        balanceAfter: 50,
      });
    });

    it('posts goodwill points of a really resolved complaint once', async () => {
      const t = await api.tenant();
      const supervisor = await t.token(Role.SUPERVISOR);
      const id = await customer(t);
      const mutate = (name: string, type: string, input: Record<string, unknown>) =>
        api.gql(`mutation($input: ${type}!) { ${name}(input: $input) { id state } }`, { input }, supervisor);
      const submitted = await mutate('submitComplaint', 'SubmitComplaintInput', {
        customerId: id,
        channel: 'PHONE',
        category: 'PRODUCT_QUALITY',
        title: '酸奶过期',
        description: '买到的酸奶过期了',
      });
      const complaintId = submitted.data?.submitComplaint.id as string;
      await mutate('acknowledgeComplaint', 'AcknowledgeComplaintInput', {
        complaintId,
        promisedReplyAt: new Date(Date.now() + 3_600_000).toISOString(),
      });
      await mutate('startInvestigation', 'ComplaintIdInput', { complaintId });
      await mutate('proposeResolution', 'ProposeResolutionInput', {
        complaintId,
        options: [{ remedy: 'POINTS', amount: 20, points: 2000, description: '2000 goodwill points' }],
      });
      const detail = await api.gql(
        'query($id: ID!) { complaint(id: $id) { proposals { options { id } } } }',
        { id: complaintId },
        supervisor,
      );
      await mutate('recordCustomerDecision', 'RecordCustomerDecisionInput', {
        complaintId,
        accepted: true,
        optionIds: [detail.data?.complaint.proposals[0].options[0].id],
      });
      const resolved = await mutate('resolveComplaint', 'ResolveComplaintInput', {
        complaintId,
        summary: '补偿积分',
      });
      expect(resolved.data?.resolveComplaint.state).toBe('RESOLVED');

      const job = api.app.get(GoodwillPostingJob, { strict: false });
      expect(await job.run(t.tenantId)).toEqual({ posted: 1 });
      expect(await job.run(t.tenantId)).toEqual({ posted: 0 });
      const ledger = await api.gql(LEDGER, { id }, supervisor);
      expect(ledger.data?.pointsLedger.edges.map((e: { node: unknown }) => e.node)).toEqual([
        { id: expect.any(String), kind: 'GOODWILL', points: 2000, balanceAfter: 2000, complaintId },
      ]);
      expect((await customerRow(t, id)).balance).toBe(2000);
      const posted = await asOwner(
        t.tenantId,
        async (client) =>
          (await client.query(`SELECT posted_at FROM goodwill_points WHERE tenant_id = $1`, [t.tenantId]))
            .rows,
      );
      expect(posted).toEqual([{ posted_at: expect.any(Date) }]);
    });
  });

  describe('churn detection', () => {
    it('classifies hand-built histories through the real job exactly as the pure rule does', async () => {
      const t = await api.tenant();
      const now = new Date();
      const ids = new Map<string, string>();
      await asOwner(t.tenantId, async (client) => {
        for (const history of CHURN_HISTORIES) {
          const id = newId();
          ids.set(history.name, id);
          const visits = history.visitDaysAgo.map((d) => daysAgo(d, now));
          const last = visits.length ? new Date(Math.max(...visits.map((v) => v.getTime()))) : null;
          await client.query(
            `INSERT INTO customers (tenant_id, id, name, status, status_changed_at, last_visit_at, visit_count)
             VALUES ($1, $2, $3, $4, $5, $6, $7)`,
            [
              t.tenantId,
              id,
              history.name.slice(0, 100),
              history.status,
              history.statusDaysAgo === null ? null : daysAgo(history.statusDaysAgo, now),
              last,
              visits.length,
            ],
          );
          for (const visit of visits)
            await client.query(
              `INSERT INTO visits (tenant_id, id, customer_id, visited_at, amount) VALUES ($1, $2, $3, $4, 0)`,
              [t.tenantId, newId(), id, visit],
            );
        }
      });
      const transitions = await nightly.detectChurn(t.tenantId, now);
      const rows = await asOwner(
        t.tenantId,
        async (client) =>
          (
            await client.query(`SELECT id, status, status_changed_at FROM customers WHERE tenant_id = $1`, [
              t.tenantId,
            ])
          ).rows as Array<{ id: string; status: string; status_changed_at: Date | null }>,
      );
      const byId = new Map(rows.map((row) => [row.id, row]));
      const outcome = CHURN_HISTORIES.map((history) => {
        const pure = classifyChurn(
          {
            visits: history.visitDaysAgo.map((d) => daysAgo(d, now)),
            status: history.status,
            statusChangedAt: history.statusDaysAgo === null ? null : daysAgo(history.statusDaysAgo, now),
            now,
          },
          DEFAULT_LOYALTY_RULES,
        );
        return [history.name, byId.get(ids.get(history.name)!)?.status, pure];
      });
      expect(outcome).toEqual(CHURN_HISTORIES.map((h) => [h.name, h.expected, h.expected]));
      // Changed customers carry the time of the run.
      for (const history of CHURN_HISTORIES.filter((h) => h.expected !== h.status)) {
        expect(byId.get(ids.get(history.name)!)?.status_changed_at?.getTime()).toBe(now.getTime());
      }
      const changed = CHURN_HISTORIES.filter((h) => h.expected !== h.status).length;
      expect(transitions.reduce((sum, x) => sum + x.customers, 0)).toBe(changed);
      const summary = await events(t, 'loyalty.churn_detected');
      expect(summary).toHaveLength(1);
      expect(summary[0].data.changed).toBe(changed);

      // Running again at the same moment changes nothing.
      expect(await nightly.detectChurn(t.tenantId, now)).toEqual([]);
    });

    it('follows the tenant thresholds', async () => {
      const t = await api.tenant();
      const id = await customer(t);
      await api.gql(
        RECORD,
        { input: { customerId: id, visitedAt: daysAgo(15).toISOString(), amount: 1, externalRef: 'x' } },
        await t.token(Role.AGENT),
      );
      await nightly.detectChurn(t.tenantId);
      expect((await customerRow(t, id)).status).toBe('ACTIVE');
      const changed = await api.gql(
        'mutation { updateLoyaltySettings(input: { atRiskFloorDays: 10, churnedFloorDays: 40 }) { atRiskFloorDays churnedFloorDays } }',
        {},
        await t.token(Role.OWNER),
      );
      expect(changed.data?.updateLoyaltySettings).toEqual({ atRiskFloorDays: 10, churnedFloorDays: 40 });
      await nightly.detectChurn(t.tenantId);
      expect((await customerRow(t, id)).status).toBe('AT_RISK');
    });

    it('runs the nightly work once per local date, after 02:00 in the tenant time zone', async () => {
      const t = await api.tenant();
      // Asia/Shanghai (UTC+8): 01:59 local is 17:59 UTC of the day before.
      const before = new Date('2026-01-14T17:59:00Z');
      const after = new Date('2026-01-14T18:05:00Z');
      expect(await nightly.runDue(t.tenantId, before)).toEqual({});
      const ran = await nightly.runDue(t.tenantId, after);
      expect(Object.keys(ran).sort()).toEqual(['CHURN_DETECTION', 'POINTS_EXPIRY', 'TIER_RECALCULATION']);
      expect(await nightly.runDue(t.tenantId, new Date('2026-01-15T10:00:00Z'))).toEqual({});
      const marks = await asOwner(
        t.tenantId,
        async (client) =>
          (
            await client.query(
              `SELECT job, local_date::text AS date FROM loyalty_job_runs WHERE tenant_id = $1 ORDER BY job`,
              [t.tenantId],
            )
          ).rows,
      );
      expect(marks).toEqual([
        { job: 'CHURN_DETECTION', date: '2026-01-15' },
        { job: 'POINTS_EXPIRY', date: '2026-01-15' },
        { job: 'TIER_RECALCULATION', date: '2026-01-15' },
      ]);
    });
  });

  describe('tiers', () => {
    it('upgrades at once and downgrades only after the grace period', async () => {
      const t = await api.tenant();
      const agent = await t.token(Role.AGENT);
      const big = await customer(t, { name: '大客户' });
      const slipping = await customer(t, { name: '金卡客户', tier: 'GOLD' });
      const visit = (id: string, ref: string, amount: number, days: number) =>
        api.gql(
          RECORD,
          { input: { customerId: id, visitedAt: daysAgo(days).toISOString(), amount, externalRef: ref } },
          agent,
        );
      await visit(big, 'B-1', 15000, 30);
      await visit(big, 'B-2', 6000, 10);
      // 400 days ago: outside the rolling 12 months.
      await visit(slipping, 'S-0', 50000, 400);
      await visit(slipping, 'S-1', 2500, 5);

      const now = new Date();
      expect(await nightly.recalculateTiers(t.tenantId, now)).toEqual({
        upgraded: 1,
        downgraded: 0,
        graceStarted: 1,
      });
      expect((await customerRow(t, big)).tier).toBe('PREMIUM');
      const graced = await customerRow(t, slipping);
      expect(graced.tier).toBe('GOLD');
      expect(new Date(graced.tier_below_since).getTime()).toBe(now.getTime());

      const day89 = new Date(now.getTime() + 89 * DAY_MS);
      expect(await nightly.recalculateTiers(t.tenantId, day89)).toEqual({
        upgraded: 0,
        downgraded: 0,
        graceStarted: 0,
      });
      expect((await customerRow(t, slipping)).tier).toBe('GOLD');
      const day90 = new Date(now.getTime() + 90 * DAY_MS);
      expect(await nightly.recalculateTiers(t.tenantId, day90)).toEqual({
        upgraded: 0,
        downgraded: 1,
        graceStarted: 0,
      });
      expect(await customerRow(t, slipping)).toMatchObject({ tier: 'SILVER', tier_below_since: null });
      const changes = await events(t, 'customer.tier_changed');
      expect(changes.map((e) => [e.entity_id, e.data.from, e.data.to])).toEqual([
        [big, 'STANDARD', 'PREMIUM'],
        [slipping, 'GOLD', 'SILVER'],
      ]);
    });
  });

  describe('settings', () => {
    it('lets the owner change the rules, refuses inconsistent ones and others', async () => {
      const t = await api.tenant();
      const read = await api.gql(
        '{ loyaltySettings { silverThreshold goldThreshold premiumThreshold downgradeGraceDays pointsExpiryMonths wonBackActiveDays } }',
        {},
        await t.token(Role.AGENT),
      );
      expect(read.data?.loyaltySettings).toEqual({
        silverThreshold: 2000,
        goldThreshold: 8000,
        premiumThreshold: 20000,
        downgradeGraceDays: 90,
        pointsExpiryMonths: 24,
        wonBackActiveDays: 90,
      });
      const owner = await t.token(Role.OWNER);
      const update =
        'mutation($input: UpdateLoyaltySettingsInput!) { updateLoyaltySettings(input: $input) { silverThreshold goldThreshold } }';
      expect(
        (await api.gql(update, { input: { silverThreshold: 1500 } }, owner)).data?.updateLoyaltySettings,
      ).toEqual({
        silverThreshold: 1500,
        goldThreshold: 8000,
      });
      const wrong = await api.gql(update, { input: { goldThreshold: 1000 } }, owner);
      expect(errorCode(wrong)).toBe('BAD_USER_INPUT');
      expect(wrong.errors?.[0].message).toBe('Tier thresholds must rise: silver < gold < premium');
      expect(
        errorCode(await api.gql(update, { input: { silverThreshold: 100 } }, await t.token(Role.SUPERVISOR))),
      ).toBe('FORBIDDEN');
    });
  });
  describe('demo data', () => {
    it('leaves regulars, premium members, customers at risk and churned, and points ledgers', async () => {
      const t = await api.tenant();
      const customerIds = await asOwner(t.tenantId, async (client) => {
        const ids = Array.from({ length: 12 }, () => newId());
        for (const [i, id] of ids.entries())
          await client.query(`INSERT INTO customers (tenant_id, id, name) VALUES ($1, $2, $3)`, [
            t.tenantId,
            id,
            `Demo ${i}`,
          ]);
        return ids;
      });
      const actor = (role: Role.OWNER | Role.SUPERVISOR | Role.AGENT) => ({
        userId: t.users[role].id,
        tenantId: t.tenantId,
        chainId: t.chainId,
        role,
      });
      await seedLoyalty(api.app, {
        slug: t.slug,
        tenantId: t.tenantId,
        timeZone: 'Asia/Shanghai',
        owner: actor(Role.OWNER),
        agent: actor(Role.AGENT),
        supervisor: actor(Role.SUPERVISOR),
        field: [],
        customerIds,
      });
      const summary = await asOwner(t.tenantId, async (client) =>
        Object.fromEntries(
          (
            await client.query(
              `SELECT status || '/' || tier AS k, count(*)::int AS n FROM customers WHERE tenant_id = $1 GROUP BY 1`,
              [t.tenantId],
            )
          ).rows.map((row) => [row.k, row.n]),
        ),
      );
      expect(summary).toEqual({
        'ACTIVE/SILVER': 2,
        'AT_RISK/STANDARD': 4,
        'CHURNED/STANDARD': 2,
        'ACTIVE/PREMIUM': 2,
        'ACTIVE/STANDARD': 2,
      });
      const ledger = await api.gql(LEDGER, { id: customerIds[0] }, await t.token(Role.AGENT));
      expect(ledger.data?.pointsLedger.edges.map((e: { node: { kind: string } }) => e.node.kind)).toEqual([
        'ADJUST',
        'REDEEM',
        'EARN',
      ]);
    });
  });
});
