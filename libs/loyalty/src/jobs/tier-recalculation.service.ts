import { Injectable } from '@nestjs/common';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import { SETTINGS_RELATION } from '../loyalty-settings.js';

/** Customers whose tier changed get their own event while a run changes at most this many. */
const TIER_EVENTS_MAX = 100;

const RANK = `ARRAY['STANDARD', 'SILVER', 'GOLD', 'PREMIUM']`;

/**
 * `recalculateTier` (tier-rule.ts) as one UPDATE, $1 being "now": rolling 12-month spend from visits,
 * upgrades at once, downgrades after the grace period below the tier (`tier_below_since`).
 */
export const TIER_RECALCULATION_SQL = `
WITH s AS ${SETTINGS_RELATION},
spend AS (
  SELECT v.customer_id, sum(v.amount) AS total FROM visits v
  WHERE v.tenant_id = app_tenant_id() AND v.visited_at > $1::timestamptz - interval '12 months' AND v.visited_at <= $1::timestamptz
  GROUP BY v.customer_id
),
earned AS (
  SELECT c.id, c.tier AS old_tier, c.tier_below_since,
    CASE WHEN coalesce(sp.total, 0) >= s.premium_threshold THEN 'PREMIUM'
         WHEN coalesce(sp.total, 0) >= s.gold_threshold THEN 'GOLD'
         WHEN coalesce(sp.total, 0) >= s.silver_threshold THEN 'SILVER'
         ELSE 'STANDARD' END AS tier,
    coalesce(c.tier_below_since, $1::timestamptz) <= $1::timestamptz - make_interval(days => s.downgrade_grace_days) AS grace_over
  FROM customers c CROSS JOIN s LEFT JOIN spend sp ON sp.customer_id = c.id
  WHERE c.tenant_id = app_tenant_id()
),
decided AS (
  SELECT id, old_tier, tier_below_since,
    CASE WHEN array_position(${RANK}, tier) >= array_position(${RANK}, old_tier) OR grace_over THEN tier ELSE old_tier END AS new_tier,
    CASE WHEN array_position(${RANK}, tier) >= array_position(${RANK}, old_tier) OR grace_over THEN NULL
         ELSE coalesce(tier_below_since, $1::timestamptz) END AS new_below_since
  FROM earned
),
changed AS (
  UPDATE customers c SET tier = d.new_tier, tier_below_since = d.new_below_since, updated_at = now()
  FROM decided d
  WHERE c.tenant_id = app_tenant_id() AND c.id = d.id
    AND (d.new_tier <> d.old_tier OR d.new_below_since IS DISTINCT FROM d.tier_below_since)
  RETURNING c.id, d.old_tier, d.new_tier, d.tier_below_since AS old_below_since, d.new_below_since
),
tier_changes AS (SELECT * FROM changed WHERE new_tier <> old_tier),
tier_events AS (
  SELECT append_tenant_event('customer.tier_changed', 'customer', id, NULL,
           jsonb_build_object('from', old_tier, 'to', new_tier))
  FROM tier_changes WHERE (SELECT count(*) FROM tier_changes) <= ${TIER_EVENTS_MAX}
)
SELECT
  (SELECT count(*) FROM tier_changes WHERE array_position(${RANK}, new_tier) > array_position(${RANK}, old_tier))::int AS upgraded,
  (SELECT count(*) FROM tier_changes WHERE array_position(${RANK}, new_tier) < array_position(${RANK}, old_tier))::int AS downgraded,
  (SELECT count(*) FROM changed WHERE old_below_since IS NULL AND new_below_since IS NOT NULL)::int AS grace_started,
  (SELECT count(*) FROM tier_events)::int AS tier_events`;

export interface TierRun {
  upgraded: number;
  downgraded: number;
  graceStarted: number;
}

/** Recalculates every customer's tier in the tenant of the transaction; one summary event. */
@Injectable()
export class TierRecalculationService {
  constructor(private readonly events: EventLog) {}

  async recalculate(tx: EntityManager, now: Date): Promise<TierRun> {
    const [row] = await tx.query(TIER_RECALCULATION_SQL, [now]);
    const run = { upgraded: row.upgraded, downgraded: row.downgraded, graceStarted: row.grace_started };
    const [tenant] = await tx.query(`SELECT app_tenant_id() AS id`);
    await this.events.append(tx, {
      type: 'loyalty.tiers_recalculated',
      entity: { kind: 'tenant', id: tenant.id },
      data: { at: now.toISOString(), ...run },
    });
    return run;
  }
}
