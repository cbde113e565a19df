import { Injectable } from '@nestjs/common';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import { SETTINGS_RELATION } from '../loyalty-settings.js';

/**
 * The churn classification of `classifyChurn` (churn-rule.ts) as one UPDATE over the tenant's customers,
 * $1 being "now". The median gap between visits is only computed for customers absent longer than the
 * at-risk floor: below it nobody can be at risk whatever their cadence. The last visit is the
 * customer's `last_visit_at`, kept in the same transaction as every visit written.
 */
export const CHURN_DETECTION_SQL = `
WITH s AS ${SETTINGS_RELATION},
stale AS (
  SELECT c.id FROM customers c CROSS JOIN s
  WHERE c.tenant_id = app_tenant_id() AND c.status <> 'CHURNED'
    AND c.last_visit_at < $1::timestamptz - make_interval(days => s.at_risk_floor_days)
),
gaps AS (
  SELECT v.customer_id,
         extract(epoch FROM v.visited_at - lag(v.visited_at) OVER (PARTITION BY v.customer_id ORDER BY v.visited_at))::float8 / 86400 AS gap_days
  FROM visits v JOIN stale ON stale.id = v.customer_id
  WHERE v.tenant_id = app_tenant_id()
),
cadence AS (
  SELECT customer_id, percentile_cont(0.5) WITHIN GROUP (ORDER BY gap_days) AS median_gap
  FROM gaps WHERE gap_days IS NOT NULL GROUP BY customer_id
),
classified AS (
  SELECT c.id, c.status AS old_status,
    CASE
      WHEN c.status = 'CHURNED' THEN
        CASE WHEN c.last_visit_at > c.status_changed_at THEN 'WON_BACK' ELSE 'CHURNED' END
      WHEN a.absent > greatest(s.churned_gap_factor * coalesce(k.median_gap, 0), s.churned_floor_days) THEN 'CHURNED'
      WHEN a.absent > greatest(s.at_risk_gap_factor * coalesce(k.median_gap, 0), s.at_risk_floor_days) THEN 'AT_RISK'
      WHEN c.status = 'WON_BACK' AND c.status_changed_at IS NOT NULL
        AND extract(epoch FROM $1::timestamptz - c.status_changed_at)::float8 / 86400 < s.won_back_active_days THEN 'WON_BACK'
      ELSE 'ACTIVE'
    END AS new_status
  FROM customers c CROSS JOIN s
  LEFT JOIN cadence k ON k.customer_id = c.id
  CROSS JOIN LATERAL (SELECT extract(epoch FROM $1::timestamptz - c.last_visit_at)::float8 / 86400 AS absent) a
  WHERE c.tenant_id = app_tenant_id() AND c.last_visit_at IS NOT NULL
),
changed AS (
  UPDATE customers c SET status = k.new_status, status_changed_at = $1::timestamptz, updated_at = now()
  FROM classified k
  WHERE c.tenant_id = app_tenant_id() AND c.id = k.id AND k.new_status <> k.old_status
  RETURNING k.old_status, k.new_status
)
SELECT old_status, new_status, count(*)::int AS customers FROM changed GROUP BY old_status, new_status
ORDER BY old_status, new_status`;

export interface ChurnTransition {
  from: string;
  to: string;
  customers: number;
}

/** Runs the classification for the tenant of the transaction and writes one summary event. */
@Injectable()
export class ChurnDetectionService {
  constructor(private readonly events: EventLog) {}

  async detect(tx: EntityManager, now: Date): Promise<ChurnTransition[]> {
    const rows: Array<{ old_status: string; new_status: string; customers: number }> = await tx.query(
      CHURN_DETECTION_SQL,
      [now],
    );
    const transitions = rows.map((row) => ({
      from: row.old_status,
      to: row.new_status,
      customers: row.customers,
    }));
    const [tenant] = await tx.query(`SELECT app_tenant_id() AS id`);
    await this.events.append(tx, {
      type: 'loyalty.churn_detected',
      entity: { kind: 'tenant', id: tenant.id },
      data: {
        at: now.toISOString(),
        changed: transitions.reduce((sum, t) => sum + t.customers, 0),
        transitions,
      },
    });
    return transitions;
  }
}
