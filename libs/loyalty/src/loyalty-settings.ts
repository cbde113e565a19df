/** A tenant's loyalty rules (DESIGN section 6.4); the defaults apply until the owner changes them. */
export interface LoyaltyRules {
  silverThreshold: number;
  goldThreshold: number;
  premiumThreshold: number;
  downgradeGraceDays: number;
  pointsExpiryMonths: number;
  atRiskGapFactor: number;
  atRiskFloorDays: number;
  churnedGapFactor: number;
  churnedFloorDays: number;
  wonBackActiveDays: number;
}

export const DEFAULT_LOYALTY_RULES: LoyaltyRules = {
  silverThreshold: 2000,
  goldThreshold: 8000,
  premiumThreshold: 20000,
  downgradeGraceDays: 90,
  pointsExpiryMonths: 24,
  atRiskGapFactor: 2,
  atRiskFloorDays: 30,
  churnedGapFactor: 3,
  churnedFloorDays: 90,
  wonBackActiveDays: 90,
};

/** Why a combination of rules cannot work, or null when it can. */
export function rulesProblem(rules: LoyaltyRules): string | null {
  if (!(rules.silverThreshold < rules.goldThreshold && rules.goldThreshold < rules.premiumThreshold))
    return 'Tier thresholds must rise: silver < gold < premium';
  if (!(rules.atRiskFloorDays < rules.churnedFloorDays))
    return 'atRiskFloorDays must be below churnedFloorDays';
  if (!(rules.atRiskGapFactor < rules.churnedGapFactor))
    return 'atRiskGapFactor must be below churnedGapFactor';
  return null;
}

/** Row of `loyalty_settings` (or the defaults) as read by SQL, with numeric columns as strings. */
export interface LoyaltySettingsRow {
  silver_threshold: string | number;
  gold_threshold: string | number;
  premium_threshold: string | number;
  downgrade_grace_days: number;
  points_expiry_months: number;
  at_risk_gap_factor: string | number;
  at_risk_floor_days: number;
  churned_gap_factor: string | number;
  churned_floor_days: number;
  won_back_active_days: number;
}

export function toLoyaltyRules(row: LoyaltySettingsRow | undefined): LoyaltyRules {
  if (!row) return { ...DEFAULT_LOYALTY_RULES };
  return {
    silverThreshold: Number(row.silver_threshold),
    goldThreshold: Number(row.gold_threshold),
    premiumThreshold: Number(row.premium_threshold),
    downgradeGraceDays: row.downgrade_grace_days,
    pointsExpiryMonths: row.points_expiry_months,
    atRiskGapFactor: Number(row.at_risk_gap_factor),
    atRiskFloorDays: row.at_risk_floor_days,
    churnedGapFactor: Number(row.churned_gap_factor),
    churnedFloorDays: row.churned_floor_days,
    wonBackActiveDays: row.won_back_active_days,
  };
}

/**
 * The tenant's settings row, or the column defaults when the tenant never saved any: a one-row
 * relation `s` for the set-based jobs (same defaults as the table, so both paths agree).
 */
export const SETTINGS_RELATION = `(
  SELECT silver_threshold, gold_threshold, premium_threshold, downgrade_grace_days, points_expiry_months,
         at_risk_gap_factor, at_risk_floor_days, churned_gap_factor, churned_floor_days, won_back_active_days
  FROM loyalty_settings WHERE tenant_id = app_tenant_id()
  UNION ALL
  SELECT ${DEFAULT_LOYALTY_RULES.silverThreshold}, ${DEFAULT_LOYALTY_RULES.goldThreshold}, ${DEFAULT_LOYALTY_RULES.premiumThreshold},
         ${DEFAULT_LOYALTY_RULES.downgradeGraceDays}, ${DEFAULT_LOYALTY_RULES.pointsExpiryMonths},
         ${DEFAULT_LOYALTY_RULES.atRiskGapFactor}, ${DEFAULT_LOYALTY_RULES.atRiskFloorDays},
         ${DEFAULT_LOYALTY_RULES.churnedGapFactor}, ${DEFAULT_LOYALTY_RULES.churnedFloorDays},
         ${DEFAULT_LOYALTY_RULES.wonBackActiveDays}
  WHERE NOT EXISTS (SELECT 1 FROM loyalty_settings WHERE tenant_id = app_tenant_id())
)`;
