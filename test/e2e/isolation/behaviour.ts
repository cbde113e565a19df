import { Role } from '@service-desk/core';
import type { ApiHarness } from '../../support/api.js';
import type { FeatureIsolation, Victim } from './types.js';

/** Behaviour evidence (BARS, incidents, BOS, paired comparison): tenant B aims at tenant A's rows. */
async function prepare(api: ApiHarness, victim: Victim): Promise<Record<string, string>> {
  const owner = await victim.tenant.token(Role.OWNER);
  const call = async (query: string, variables: Record<string, unknown>) => {
    const result = await api.gql(query, variables, owner);
    if (result.errors || !result.data)
      throw new Error(`behaviour prepare failed: ${JSON.stringify(result.errors)}`);
    return result.data;
  };
  const staffId = victim.tenant.users.FIELD_STAFF.id;
  const scaleId = (await call('{ barsScales { id } }', {})).barsScales[0].id as string;
  const incident = await call(
    'mutation($input: RecordCriticalIncidentInput!) { recordCriticalIncident(input: $input) { id } }',
    {
      input: {
        staffId,
        kind: 'POSITIVE',
        description: '主动报修 Reported a hazard',
        occurredAt: new Date(Date.now() - 3_600_000).toISOString(),
        complaintId: victim.complaintId,
        workOrderId: victim.workOrderId,
      },
    },
  );
  const incidentId = incident.recordCriticalIncident.id as string;
  const rating = await call('mutation($input: RateBehaviorInput!) { rateBehavior(input: $input) { id } }', {
    input: { staffId, scaleId, level: 4, incidentIds: [incidentId] },
  });
  const bos = await call('mutation($input: CreateBosItemInput!) { createBosItem(input: $input) { id } }', {
    input: { behavior: '主动问候 Greets first' },
  });
  const session = await call(
    'mutation($input: StartPairedComparisonInput!) { startPairedComparison(input: $input) { id } }',
    { input: { name: 'Victim team', staffIds: [staffId, victim.tenant.users.AGENT.id] } },
  );
  return {
    barsScaleId: scaleId,
    criticalIncidentId: incidentId,
    behaviorRatingId: rating.rateBehavior.id as string,
    bosItemId: bos.createBosItem.id as string,
    pairedComparisonId: session.startPairedComparison.id as string,
  };
}

export const behaviourIsolation: FeatureIsolation = {
  feature: 'behaviour',
  tenantTables: [
    'bars_scales',
    'bars_anchors',
    'critical_incidents',
    'behavior_ratings',
    'behavior_rating_incidents',
    'bos_items',
    'bos_ratings',
    'paired_comparison_sessions',
    'paired_comparison_judgements',
  ],
  prepare,
  operations: [
    {
      name: 'updateBarsScale',
      role: Role.HR,
      table: 'bars_scales',
      target: (victim) => victim.more.barsScaleId,
      query: 'mutation($input: UpdateBarsScaleInput!) { updateBarsScale(input: $input) { id name } }',
      variables: (id) => ({ input: { scaleId: id, name: 'Hijacked', weight: 99, active: false } }),
    },
    {
      name: 'rateBehavior',
      role: Role.OWNER,
      table: 'bars_scales',
      target: (victim) => victim.more.barsScaleId,
      query: 'mutation($input: RateBehaviorInput!) { rateBehavior(input: $input) { id } }',
      // The attacker rates its own staff member on tenant A's scale.
      variables: (id, attacker) => ({
        input: { staffId: attacker.users.FIELD_STAFF.id, scaleId: id, level: 1 },
      }),
    },
    {
      name: 'behaviorRatings',
      role: Role.OWNER,
      table: 'users',
      target: (victim) => victim.tenant.users.FIELD_STAFF.id,
      query: 'query($id: ID!) { behaviorRatings(staffId: $id) { edges { node { id level } } } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'recordCriticalIncident',
      role: Role.OWNER,
      table: 'complaints',
      target: (victim) => victim.complaintId,
      query:
        'mutation($input: RecordCriticalIncidentInput!) { recordCriticalIncident(input: $input) { id } }',
      variables: (id, attacker) => ({
        input: {
          staffId: attacker.users.FIELD_STAFF.id,
          kind: 'NEGATIVE',
          description: 'Cites a foreign complaint',
          occurredAt: new Date(Date.now() - 60_000).toISOString(),
          complaintId: id,
        },
      }),
    },
    {
      name: 'criticalIncidents',
      role: Role.HR,
      table: 'users',
      target: (victim) => victim.tenant.users.FIELD_STAFF.id,
      query: 'query($id: ID!) { criticalIncidents(staffId: $id) { edges { node { id description } } } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'bosRatings',
      role: Role.HR,
      table: 'users',
      target: (victim) => victim.tenant.users.FIELD_STAFF.id,
      query: 'query($id: ID!) { bosRatings(staffId: $id) { edges { node { id frequency } } } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'rateBehaviorFrequency',
      role: Role.OWNER,
      table: 'bos_items',
      target: (victim) => victim.more.bosItemId,
      query: 'mutation($input: RateBehaviorFrequencyInput!) { rateBehaviorFrequency(input: $input) { id } }',
      variables: (id, attacker) => ({
        input: { staffId: attacker.users.FIELD_STAFF.id, itemId: id, frequency: 5 },
      }),
    },
    {
      name: 'judgePair',
      role: Role.OWNER,
      table: 'paired_comparison_sessions',
      target: (victim) => victim.more.pairedComparisonId,
      query: 'mutation($input: JudgePairInput!) { judgePair(input: $input) { id judgedPairs } }',
      variables: (id, attacker) => ({
        input: {
          sessionId: id,
          firstStaffId: attacker.users.FIELD_STAFF.id,
          secondStaffId: attacker.users.AGENT.id,
          winnerId: attacker.users.AGENT.id,
        },
      }),
    },
    {
      name: 'closePairedComparison',
      role: Role.OWNER,
      table: 'paired_comparison_sessions',
      target: (victim) => victim.more.pairedComparisonId,
      query:
        'mutation($input: PairedComparisonIdInput!) { closePairedComparison(input: $input) { id state } }',
      variables: (id) => ({ input: { sessionId: id } }),
    },
    {
      name: 'pairedComparison',
      role: Role.HR,
      table: 'paired_comparison_sessions',
      target: (victim) => victim.more.pairedComparisonId,
      query: 'query($id: ID!) { pairedComparison(id: $id) { id name ranking { staffId } } }',
      variables: (id) => ({ id }),
    },
  ],
};
