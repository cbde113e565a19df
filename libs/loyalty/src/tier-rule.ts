import type { LoyaltyRules } from './loyalty-settings.js';

export type LoyaltyTier = 'STANDARD' | 'SILVER' | 'GOLD' | 'PREMIUM';

const RANK: Record<LoyaltyTier, number> = { STANDARD: 0, SILVER: 1, GOLD: 2, PREMIUM: 3 };

export type TierRules = Pick<
  LoyaltyRules,
  'silverThreshold' | 'goldThreshold' | 'premiumThreshold' | 'downgradeGraceDays'
>;

/** The tier a rolling 12-month spend earns (a threshold reached exactly counts). */
export function tierForSpend(spend: number, rules: TierRules): LoyaltyTier {
  if (spend >= rules.premiumThreshold) return 'PREMIUM';
  if (spend >= rules.goldThreshold) return 'GOLD';
  if (spend >= rules.silverThreshold) return 'SILVER';
  return 'STANDARD';
}

export interface TierState {
  tier: LoyaltyTier;
  /** Since when the spend has been below the current tier (the grace clock), or null. */
  belowSince: Date | null;
}

/**
 * The nightly tier recalculation, mirrored by the SQL of `TierRecalculationService`: upgrades at once;
 * a spend below the current tier starts the grace clock, and the downgrade (to the tier the spend earns
 * then) happens once the clock has run `downgradeGraceDays`; back at or above the tier, the clock stops.
 */
export function recalculateTier(
  current: TierState,
  rollingSpend: number,
  now: Date,
  rules: TierRules,
): TierState {
  const earned = tierForSpend(rollingSpend, rules);
  if (RANK[earned] >= RANK[current.tier]) return { tier: earned, belowSince: null };
  const since = current.belowSince ?? now;
  const graceOver = now.getTime() - since.getTime() >= rules.downgradeGraceDays * 86_400_000;
  return graceOver ? { tier: earned, belowSince: null } : { tier: current.tier, belowSince: since };
}
