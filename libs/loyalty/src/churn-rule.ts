import type { LoyaltyRules } from './loyalty-settings.js';

export type LoyaltyStatus = 'ACTIVE' | 'AT_RISK' | 'CHURNED' | 'WON_BACK';

export const DAY_MS = 86_400_000;

export interface ChurnInput {
  /** Every visit of the customer (any order). */
  visits: readonly Date[];
  status: LoyaltyStatus;
  statusChangedAt: Date | null;
  now: Date;
}

export type ChurnRules = Pick<
  LoyaltyRules,
  'atRiskGapFactor' | 'atRiskFloorDays' | 'churnedGapFactor' | 'churnedFloorDays' | 'wonBackActiveDays'
>;

/** Median of the gaps (in days) between consecutive visits; null with fewer than two visits. */
export function medianGapDays(visits: readonly Date[]): number | null {
  const times = visits.map((v) => v.getTime()).sort((a, b) => a - b);
  if (times.length < 2) return null;
  const gaps = times
    .slice(1)
    .map((t, i) => (t - times[i]) / DAY_MS)
    .sort((a, b) => a - b);
  const mid = gaps.length >> 1;
  // Same as percentile_cont(0.5): the mean of the two middle gaps for an even count.
  return gaps.length % 2 ? gaps[mid] : (gaps[mid - 1] + gaps[mid]) / 2;
}

/** Days of absence after which the customer is AT_RISK and CHURNED: own cadence, with floors. */
export function churnThresholds(
  medianGap: number | null,
  rules: ChurnRules,
): { atRiskDays: number; churnedDays: number } {
  const gap = medianGap ?? 0;
  return {
    atRiskDays: Math.max(rules.atRiskGapFactor * gap, rules.atRiskFloorDays),
    churnedDays: Math.max(rules.churnedGapFactor * gap, rules.churnedFloorDays),
  };
}

/**
 * The nightly churn classification (DESIGN section 6.4), mirrored one to one by the SQL of
 * `ChurnDetectionService` (both are tested on the same histories):
 *
 * - no visits: the status stays as it is;
 * - CHURNED stays CHURNED until a visit after the churn (a visit recorded through the API wins the
 *   customer back at once; one that arrived otherwise is recognised here and gives WON_BACK);
 * - otherwise, absence (days since the last visit, exact) beyond max(churned factor x median gap,
 *   churned floor) gives CHURNED, beyond max(at-risk factor x median gap, at-risk floor) AT_RISK;
 *   one-visit customers have no gap and use the floors; "beyond" is strict: the boundary itself is fine;
 * - a recent visitor is ACTIVE, except WON_BACK, which stays WON_BACK until `wonBackActiveDays` after
 *   it was won back and then returns to ACTIVE (as long as the customer keeps visiting).
 */
export function classifyChurn(input: ChurnInput, rules: ChurnRules): LoyaltyStatus {
  if (input.visits.length === 0) return input.status;
  const last = Math.max(...input.visits.map((v) => v.getTime()));
  if (input.status === 'CHURNED') {
    return input.statusChangedAt && last > input.statusChangedAt.getTime() ? 'WON_BACK' : 'CHURNED';
  }
  const absentDays = (input.now.getTime() - last) / DAY_MS;
  const { atRiskDays, churnedDays } = churnThresholds(medianGapDays(input.visits), rules);
  if (absentDays > churnedDays) return 'CHURNED';
  if (absentDays > atRiskDays) return 'AT_RISK';
  if (input.status === 'WON_BACK') {
    const since = input.statusChangedAt
      ? (input.now.getTime() - input.statusChangedAt.getTime()) / DAY_MS
      : Infinity;
    return since >= rules.wonBackActiveDays ? 'ACTIVE' : 'WON_BACK';
  }
  return 'ACTIVE';
}
