import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { newId, Role } from '@service-desk/core';
import { asOwner, type GraphqlResult } from '@service-desk/testing';
import fc from 'fast-check';
import { type ApiHarness, startApi } from '../support/api.js';

/**
 * Bad input on every loyalty mutation: the answer is BAD_USER_INPUT with a message naming the problem,
 * never INTERNAL, and nothing is written (visits, ledger, accounts, settings, customers, events).
 */
type Tenant = Awaited<ReturnType<ApiHarness['tenant']>>;

const MUTATIONS = {
  recordVisit: ['RecordVisitInput', 'id'],
  importVisits: ['ImportVisitsInput', 'applied errors { row field message }'],
  earnPoints: ['EarnPointsInput', 'id'],
  redeemPoints: ['RedeemPointsInput', 'id'],
  adjustPoints: ['AdjustPointsInput', 'id'],
  updateLoyaltySettings: ['UpdateLoyaltySettingsInput', 'silverThreshold'],
} as const;
type Mutation = keyof typeof MUTATIONS;

const TABLES = ['visits', 'points_ledger', 'loyalty_accounts', 'loyalty_settings', 'tenant_events'] as const;

const snapshot = (tenantId: string) =>
  asOwner(tenantId, async (client) => {
    const columns = TABLES.map(
      (table) => `(SELECT count(*)::int FROM ${table} WHERE tenant_id = $1) AS ${table}`,
    );
    const counts = (await client.query(`SELECT ${columns.join(', ')}`, [tenantId])).rows[0];
    const customers = (
      await client.query(
        `SELECT md5(string_agg(to_jsonb(c)::text, ',' ORDER BY id)) AS h FROM customers c WHERE tenant_id = $1`,
        [tenantId],
      )
    ).rows[0].h;
    const settings = (
      await client.query(
        `SELECT to_jsonb(s) - 'updated_at' AS s FROM loyalty_settings s WHERE tenant_id = $1`,
        [tenantId],
      )
    ).rows[0]?.s;
    return { ...counts, customers, settings };
  });

const codesOf = (result: { errors?: GraphqlResult['errors'] }) =>
  (result.errors ?? []).map((error) => error.extensions?.code);

describe('loyalty mutations refuse bad input', () => {
  let api: ApiHarness;
  let tenant: Tenant;
  let customerId: string;
  let owner: string;
  const call = (name: Mutation, input: unknown, token = owner) => {
    const [type, fields] = MUTATIONS[name];
    return api.gql(`mutation($input: ${type}!) { ${name}(input: $input) { ${fields} } }`, { input }, token);
  };

  beforeAll(async () => {
    api = await startApi();
    tenant = await api.tenant();
    owner = await tenant.token(Role.OWNER);
    const created = await api.gql(
      'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }',
      { input: { name: '赵敏', memberNumber: 'HM2001' } },
      owner,
    );
    customerId = created.data?.createCustomer.id;
    const earned = await call('earnPoints', { customerId, points: 100, idempotencyKey: 'start' });
    expect(earned.errors).toBeUndefined();
  });
  afterAll(() => api.close());

  const now = new Date().toISOString();
  const visit = { visitedAt: now, amount: 10, externalRef: 'BAD-1' };
  const CASES: Array<[Mutation, () => Record<string, unknown>, RegExp]> = [
    ['recordVisit', () => ({ customerId: 'not-an-id', ...visit }), /Customer id is not a valid id/],
    ['recordVisit', () => ({ customerId, ...visit, visitedAt: 'yesterday' }), /visitedAt/],
    [
      'recordVisit',
      () => ({ customerId, ...visit, visitedAt: '2999-01-01T00:00:00Z' }),
      /must not be in the future/,
    ],
    [
      'recordVisit',
      () => ({ customerId, ...visit, visitedAt: '1999-12-31T00:00:00Z' }),
      /before the year 2000/,
    ],
    ['recordVisit', () => ({ customerId, ...visit, amount: -1 }), /amount/],
    [
      'recordVisit',
      () => ({ customerId, ...visit, amount: 1.234 }),
      /amount must be an amount with at most two decimals/,
    ],
    ['recordVisit', () => ({ customerId, ...visit, amount: 1e12 }), /amount/],
    ['recordVisit', () => ({ customerId, ...visit, externalRef: '' }), /externalRef/],
    ['recordVisit', () => ({ customerId, ...visit, externalRef: '   ' }), /externalRef must not be blank/],
    ['recordVisit', () => ({ customerId, ...visit, externalRef: 'r'.repeat(101) }), /externalRef/],
    ['recordVisit', () => ({ customerId, ...visit, note: 'n'.repeat(501) }), /note/],
    ['recordVisit', () => ({ customerId, ...visit, note: 'a\u0000b' }), /NUL/],
    ['recordVisit', () => ({ customerId, ...visit, zoneId: 'zone-1' }), /Zone id is not a valid id/],
    ['recordVisit', () => ({ customerId, ...visit, staffId: '123' }), /Staff id is not a valid id/],
    ['importVisits', () => ({ csv: '' }), /csv/],
    ['importVisits', () => ({ csv: 42 }), /String cannot represent/],
    ['earnPoints', () => ({ customerId, points: 0, idempotencyKey: 'k' }), /points must not be less than 1/],
    ['earnPoints', () => ({ customerId, points: 1.5, idempotencyKey: 'k' }), /Int cannot represent/],
    [
      'earnPoints',
      () => ({ customerId, points: 2_000_000, idempotencyKey: 'k' }),
      /points must not be greater than/,
    ],
    ['earnPoints', () => ({ customerId, points: 5, idempotencyKey: '' }), /idempotencyKey/],
    ['earnPoints', () => ({ customerId, points: 5 }), /idempotencyKey/],
    ['earnPoints', () => ({ customerId, points: 5, idempotencyKey: 'k'.repeat(101) }), /idempotencyKey/],
    [
      'earnPoints',
      () => ({ customerId, points: 5, idempotencyKey: 'k', visitId: 'v' }),
      /Visit id is not a valid id/,
    ],
    [
      'earnPoints',
      () => ({ customerId: 'x', points: 5, idempotencyKey: 'k' }),
      /Customer id is not a valid id/,
    ],
    [
      'redeemPoints',
      () => ({ customerId, points: -5, idempotencyKey: 'k' }),
      /points must not be less than 1/,
    ],
    [
      'redeemPoints',
      () => ({ customerId, points: 5, idempotencyKey: 'k', reason: 'r'.repeat(501) }),
      /reason/,
    ],
    [
      'adjustPoints',
      () => ({ customerId, points: 0, reason: 'Fix', idempotencyKey: 'k' }),
      /points should not be equal to 0/,
    ],
    ['adjustPoints', () => ({ customerId, points: 5, reason: '', idempotencyKey: 'k' }), /reason/],
    [
      'adjustPoints',
      () => ({ customerId, points: 5, reason: '      ', idempotencyKey: 'k' }),
      /reason must not be blank/,
    ],
    ['adjustPoints', () => ({ customerId, points: 5, idempotencyKey: 'k' }), /reason/],
    ['updateLoyaltySettings', () => ({ silverThreshold: 0 }), /silverThreshold/],
    ['updateLoyaltySettings', () => ({ goldThreshold: 100 }), /Tier thresholds must rise/],
    [
      'updateLoyaltySettings',
      () => ({ atRiskFloorDays: 120 }),
      /atRiskFloorDays must be below churnedFloorDays/,
    ],
    [
      'updateLoyaltySettings',
      () => ({ atRiskGapFactor: 3.5 }),
      /atRiskGapFactor must be below churnedGapFactor/,
    ],
    ['updateLoyaltySettings', () => ({ atRiskGapFactor: 1.234 }), /atRiskGapFactor/],
    ['updateLoyaltySettings', () => ({ pointsExpiryMonths: 0 }), /pointsExpiryMonths/],
    ['updateLoyaltySettings', () => ({ downgradeGraceDays: -1 }), /downgradeGraceDays/],
    ['updateLoyaltySettings', () => ({ churnedFloorDays: 1e9 }), /churnedFloorDays/],
  ];

  it.each(CASES.map(([name, input, message], i) => [`${name} #${i}`, name, input, message] as const))(
    '%s',
    async (_label, name, input, message) => {
      const before = await snapshot(tenant.tenantId);
      const result = await call(name, input());
      expect(result.status).toBeLessThan(500);
      expect(codesOf(result)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0].message).toMatch(message);
      expect(await snapshot(tenant.tenantId)).toEqual(before);
    },
  );

  it('a refused import row writes nothing and the file answers a report, not an error', async () => {
    const before = await snapshot(tenant.tenantId);
    const result = await call('importVisits', {
      csv: `memberNumber,visitedAt,amount,externalRef\nHM2001,2999-01-01T00:00:00Z,5,F-1\nNOPE,${now},5,F-2\n`,
    });
    expect(result.data?.importVisits).toEqual({
      applied: 0,
      errors: [
        { row: 2, field: 'visitedAt', message: 'In the future' },
        { row: 3, field: 'memberNumber', message: 'No such customer' },
      ],
    });
    expect(await snapshot(tenant.tenantId)).toEqual(before);
  });

  it('arbitrary input to every mutation is data or a client error, never INTERNAL; refusals write nothing', async () => {
    const junk: fc.Arbitrary<unknown> = fc.oneof(
      fc.string(),
      fc.constantFrom('', ' ', '\u0000', 'a\u0000b', 'x'.repeat(5_000), '王秀英', "' OR 1=1 --"),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(newId()),
    );
    const input = fc.record(
      {
        customerId: fc.oneof(fc.constant(customerId), fc.constant(newId()), junk),
        visitedAt: fc.oneof(fc.constant(now), junk),
        amount: fc.oneof(fc.constantFrom(0, 10, 12.5), junk),
        externalRef: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), junk),
        points: fc.oneof(fc.integer({ min: -200, max: 200 }), junk),
        idempotencyKey: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), junk),
        reason: fc.oneof(fc.constant('Correction'), junk),
        csv: fc.oneof(
          fc.constant(`customerId,visitedAt,amount,externalRef\n${customerId},${now},1,P-1`),
          junk,
        ),
        silverThreshold: fc.oneof(fc.constantFrom(1500, 2500), junk),
      },
      { requiredKeys: [] },
    );
    const allowed = new Set(['BAD_USER_INPUT', 'CONFLICT', 'NOT_FOUND']);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...(Object.keys(MUTATIONS) as Mutation[])),
        input,
        async (name, value) => {
          const before = await snapshot(tenant.tenantId);
          const result = await call(name, value);
          expect(result.status).toBeLessThan(500);
          const codes = codesOf(result);
          if (codes.length > 0) {
            expect(codes.filter((code) => !allowed.has(code ?? ''))).toEqual([]);
            expect(await snapshot(tenant.tenantId)).toEqual(before);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
