import { Role } from '@service-desk/core';
import type { FeatureIsolation, IdOperation, Victim } from './types.js';

const now = () => new Date().toISOString();

/** A points posting of tenant B aimed at tenant A's customer. */
const posting = (
  name: string,
  inputType: string,
  role: Role,
  input: Record<string, unknown>,
): IdOperation => ({
  name,
  role,
  table: 'customers',
  target: (victim) => victim.customerId,
  query: `mutation($input: ${inputType}!) { ${name}(input: $input) { id points balanceAfter } }`,
  variables: (id) => ({ input: { customerId: id, ...input } }),
});

const RECORD = 'mutation($input: RecordVisitInput!) { recordVisit(input: $input) { id } }';

/** Loyalty: visits, the points ledger and the customer's loyalty fields. */
export const loyaltyIsolation: FeatureIsolation = {
  feature: 'loyalty',
  tenantTables: ['loyalty_settings', 'loyalty_accounts', 'points_ledger', 'loyalty_job_runs', 'visits'],
  async prepare(api, victim: Victim) {
    const agent = await victim.tenant.token(Role.AGENT);
    const visit = await api.gql<{ recordVisit: { id: string } }>(
      RECORD,
      { input: { customerId: victim.customerId, visitedAt: now(), amount: 50, externalRef: 'ISO-1' } },
      agent,
    );
    const earned = await api.gql<{ earnPoints: { id: string } }>(
      'mutation($input: EarnPointsInput!) { earnPoints(input: $input) { id } }',
      { input: { customerId: victim.customerId, points: 300, idempotencyKey: 'iso-earn' } },
      agent,
    );
    const settings = await api.gql(
      'mutation { updateLoyaltySettings(input: { silverThreshold: 1000 }) { silverThreshold } }',
      {},
      await victim.tenant.token(Role.OWNER),
    );
    if (!visit.data || !earned.data || !settings.data)
      throw new Error(`loyalty prepare failed: ${JSON.stringify([visit, earned, settings])}`);
    return { visitId: visit.data.recordVisit.id, postingId: earned.data.earnPoints.id };
  },
  operations: [
    {
      name: 'recordVisit',
      role: Role.AGENT,
      table: 'customers',
      target: (victim) => victim.customerId,
      query: RECORD,
      variables: (id) => ({
        input: { customerId: id, visitedAt: now(), amount: 10, externalRef: `probe-${id}` },
      }),
    },
    // Zone and staff are checked before the customer: a made-up customer id still reaches them.
    {
      name: 'recordVisit',
      role: Role.AGENT,
      table: 'zones',
      target: (victim) => victim.zoneId,
      query: RECORD,
      variables: (id) => ({
        input: { customerId: id, zoneId: id, visitedAt: now(), amount: 10, externalRef: `probe-zone-${id}` },
      }),
    },
    {
      name: 'recordVisit',
      role: Role.AGENT,
      table: 'users',
      target: (victim) => victim.userId,
      query: RECORD,
      variables: (id) => ({
        input: {
          customerId: id,
          staffId: id,
          visitedAt: now(),
          amount: 10,
          externalRef: `probe-staff-${id}`,
        },
      }),
    },
    {
      name: 'visits',
      role: Role.AGENT,
      table: 'customers',
      target: (victim) => victim.customerId,
      query: 'query($id: ID!) { visits(customerId: $id, first: 10) { edges { node { id amount } } } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'pointsLedger',
      role: Role.HR,
      table: 'customers',
      target: (victim) => victim.customerId,
      query: 'query($id: ID!) { pointsLedger(customerId: $id, first: 10) { edges { node { id points } } } }',
      variables: (id) => ({ id }),
    },
    posting('earnPoints', 'EarnPointsInput', Role.AGENT, { points: 100, idempotencyKey: 'probe-earn' }),
    posting('redeemPoints', 'RedeemPointsInput', Role.AGENT, { points: 100, idempotencyKey: 'probe-redeem' }),
    posting('adjustPoints', 'AdjustPointsInput', Role.SUPERVISOR, {
      points: -100,
      reason: 'Cross-tenant probe',
      idempotencyKey: 'probe-adjust',
    }),
  ],
};
