import { Role } from '@service-desk/core';
import { ScorecardJob } from '@service-desk/performance';
import type { FeatureIsolation, IdOperation, Victim } from './types.js';

/**
 * Performance reviews: the victim has a review period whose scorecards were computed, with the
 * agent's card submitted and published. Every operation aimed at those ids from another tenant
 * answers NOT_FOUND and changes nothing.
 */
const period = (victim: Victim) => victim.more.performancePeriodId;
const card = (victim: Victim) => victim.more.scorecardId;

const periodQuery = (name: string, selection: string): IdOperation => ({
  name,
  role: Role.HR,
  table: 'performance_periods',
  target: period,
  query: `query($periodId: ID!) { ${name}(periodId: $periodId) ${selection} }`,
  variables: (id) => ({ periodId: id }),
});

export const PERFORMANCE_ISOLATION: FeatureIsolation = {
  feature: 'performance',
  tenantTables: [
    'performance_periods',
    'kpi_definitions',
    'performance_settings',
    'scorecards',
    'scorecard_calibrations',
  ],
  async prepare(api, victim) {
    const owner = await victim.tenant.token(Role.OWNER);
    const created = await api.gql<{ createPerformancePeriod: { id: string } }>(
      'mutation($input: CreatePerformancePeriodInput!) { createPerformancePeriod(input: $input) { id } }',
      { input: { label: '2025-Q2', startsOn: '2025-04-01', endsOn: '2025-06-30' } },
      owner,
    );
    const periodId = created.data?.createPerformancePeriod.id;
    if (!periodId) throw new Error(`createPerformancePeriod failed: ${JSON.stringify(created.errors)}`);
    await api.app.get(ScorecardJob).run(victim.tenant.tenantId, periodId);
    const submitted = await api.gql<{ submitReview: { id: string } }>(
      'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }',
      { input: { periodId, staffId: victim.tenant.users.AGENT.id } },
      await victim.tenant.token(Role.SUPERVISOR),
    );
    const scorecardId = submitted.data?.submitReview.id;
    if (!scorecardId) throw new Error(`submitReview failed: ${JSON.stringify(submitted.errors)}`);
    const published = await api.gql(
      'mutation($input: PeriodIdInput!) { publishScorecards(input: $input) { published } }',
      { input: { periodId } },
      await victim.tenant.token(Role.HR),
    );
    if (published.errors) throw new Error(`publishScorecards failed: ${JSON.stringify(published.errors)}`);
    return { performancePeriodId: periodId, scorecardId };
  },
  operations: [
    periodQuery('scorecards', '{ edges { node { id } } }'),
    periodQuery('gradeDistribution', '{ role }'),
    periodQuery('scorecardExport', '{ csv }'),
    periodQuery('serviceTypeMatrix', '{ csv }'),
    {
      name: 'scorecard',
      role: Role.HR,
      table: 'scorecards',
      target: card,
      query: 'query($id: ID!) { scorecard(id: $id) { id composite } }',
      variables: (id) => ({ id }),
    },
    {
      name: 'computeScorecards',
      role: Role.HR,
      table: 'performance_periods',
      target: period,
      query: 'mutation($input: PeriodIdInput!) { computeScorecards(input: $input) { jobId } }',
      variables: (id) => ({ input: { periodId: id } }),
    },
    {
      name: 'publishScorecards',
      role: Role.HR,
      table: 'performance_periods',
      target: period,
      query: 'mutation($input: PeriodIdInput!) { publishScorecards(input: $input) { published } }',
      variables: (id) => ({ input: { periodId: id } }),
    },
    {
      name: 'submitReview',
      role: Role.OWNER,
      table: 'performance_periods',
      target: period,
      query: 'mutation($input: SubmitReviewInput!) { submitReview(input: $input) { id } }',
      variables: (id, attacker) => ({ input: { periodId: id, staffId: attacker.users.AGENT.id } }),
    },
    {
      name: 'calibrateScorecard',
      role: Role.HR,
      table: 'scorecards',
      target: card,
      query: 'mutation($input: CalibrateScorecardInput!) { calibrateScorecard(input: $input) { id } }',
      variables: (id) => ({ input: { scorecardId: id, grade: 'A', reason: 'Cross-tenant probe' } }),
    },
    {
      name: 'acknowledgeScorecard',
      role: Role.AGENT,
      table: 'scorecards',
      target: card,
      query: 'mutation($input: AcknowledgeScorecardInput!) { acknowledgeScorecard(input: $input) { id } }',
      variables: (id) => ({ input: { scorecardId: id, comment: 'Probe' } }),
    },
  ],
};
