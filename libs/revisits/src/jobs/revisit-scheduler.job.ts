import { Injectable } from '@nestjs/common';
import { Role, RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import type { EntityManager } from 'typeorm';
import { RevisitSettingsService } from '../revisit-settings.service.js';
import { RevisitType } from '../revisit.enums.js';
import { sampleScoreSql } from '../scheduling.js';

export interface SchedulingResult {
  afterSales: number;
  maintenance: number;
  supervisory: number;
  assigned: number;
}

/** Visits older than the after-sales delay plus this grace are not followed up any more. */
const AFTER_SALES_GRACE_DAYS = 7;
/** Closed complaints and work orders are sampled for SUPERVISORY revisits within this window. */
const SUPERVISORY_WINDOW_DAYS = 30;

/** Who is given which scheduled revisits: agents do the customer care, supervisors the audits. */
const ASSIGNMENT: Array<{ role: Role; types: RevisitType[] }> = [
  { role: Role.AGENT, types: [RevisitType.AFTER_SALES, RevisitType.MAINTENANCE] },
  { role: Role.SUPERVISOR, types: [RevisitType.SUPERVISORY] },
];

const SCHEDULED_EVENT = `append_tenant_event('revisit.scheduled', 'revisit', id, NULL,
  jsonb_build_object('type', type, 'complaintId', complaint_id, 'workOrderId', work_order_id, 'visitId', visit_id,
    'zoneId', zone_id, 'dueAt', due_at))`;
const RETURNING = `RETURNING id, type, complaint_id, work_order_id, visit_id, zone_id, due_at`;

/**
 * Hourly per tenant (DESIGN sections 6.3 and 7): creates AFTER_SALES revisits N days after purchases,
 * MAINTENANCE revisits for premium members on the cadence, SUPERVISORY revisits for a deterministic
 * sample of closed complaints and work orders, then spreads the unassigned ones over the staff.
 * Everything is set-based SQL; the unique indexes of revisit_tasks and ON CONFLICT DO NOTHING make a
 * rerun add nothing, and a per-tenant advisory lock serialises concurrent runs.
 */
@Injectable()
export class RevisitSchedulerJob {
  constructor(
    private readonly db: Database,
    private readonly settings: RevisitSettingsService,
  ) {}

  run(tenantId: string): Promise<SchedulingResult> {
    return RequestContext.run(
      {
        requestId: `revisit-scheduler:${tenantId}`,
        actor: { userId: null, tenantId, chainId: '', role: 'SYSTEM' },
      },
      () =>
        this.db.asTenant({ tenantId }, async (tx) => {
          await tx.query(
            `SELECT pg_advisory_xact_lock(hashtextextended('revisits.scheduling:' || app_tenant_id()::text, 0))`,
          );
          const settings = await this.settings.load(tx);
          const afterSales = await tx.query(
            `WITH made AS (
               INSERT INTO revisit_tasks (tenant_id, id, type, customer_id, visit_id, zone_id, due_at)
               SELECT app_tenant_id(), uuidv7(), 'AFTER_SALES', v.customer_id, v.id, v.zone_id,
                 v.visited_at + make_interval(days => $1)
               FROM visits v JOIN customers c ON c.tenant_id = v.tenant_id AND c.id = v.customer_id
               WHERE v.tenant_id = app_tenant_id() AND v.amount > 0 AND c.consent_to_contact
                 AND v.visited_at <= now() AND v.visited_at > now() - make_interval(days => $1 + $2)
               ORDER BY v.visited_at, v.id
               ON CONFLICT DO NOTHING ${RETURNING}
             )
             SELECT ${SCHEDULED_EVENT} FROM made ORDER BY due_at, id`,
            [settings.afterSalesDelayDays, AFTER_SALES_GRACE_DAYS],
          );
          // A member is due again when no MAINTENANCE revisit is open or was due/done within the cadence.
          const maintenance = await tx.query(
            `WITH made AS (
               INSERT INTO revisit_tasks (tenant_id, id, type, customer_id, due_at)
               SELECT app_tenant_id(), uuidv7(), 'MAINTENANCE', c.id, now() + make_interval(days => $2)
               FROM customers c
               WHERE c.tenant_id = app_tenant_id() AND c.tier = 'PREMIUM' AND c.consent_to_contact
                 AND c.status <> 'CHURNED'
                 AND NOT EXISTS (
                   SELECT 1 FROM revisit_tasks r
                   WHERE r.tenant_id = c.tenant_id AND r.customer_id = c.id AND r.type = 'MAINTENANCE'
                     AND (r.status IN ('PENDING', 'IN_PROGRESS')
                       OR greatest(r.due_at, coalesce(r.completed_at, r.due_at)) > now() - make_interval(days => $1)))
               ORDER BY c.id
               ON CONFLICT DO NOTHING ${RETURNING}
             )
             SELECT ${SCHEDULED_EVENT} FROM made ORDER BY due_at, id`,
            [settings.maintenanceCadenceDays, settings.workDays],
          );
          const supervisory = await tx.query(
            `WITH made AS (
               INSERT INTO revisit_tasks (tenant_id, id, type, customer_id, complaint_id, work_order_id, zone_id, due_at)
               SELECT app_tenant_id(), uuidv7(), 'SUPERVISORY', customer_id, complaint_id, work_order_id, zone_id,
                 now() + make_interval(days => $2)
               FROM (
                 SELECT c.customer_id, c.id AS complaint_id, NULL::uuid AS work_order_id, NULL::uuid AS zone_id, c.closed_at
                 FROM complaints c
                 WHERE c.tenant_id = app_tenant_id() AND c.state = 'CLOSED'
                   AND c.closed_at > now() - make_interval(days => $3) AND ${sampleScoreSql('c.id')} < $1
                 UNION ALL
                 SELECT cp.customer_id, NULL::uuid, w.id, w.zone_id, w.closed_at
                 FROM work_orders w
                 LEFT JOIN complaints cp ON cp.tenant_id = w.tenant_id AND cp.id = w.complaint_id
                 WHERE w.tenant_id = app_tenant_id() AND w.state = 'CLOSED'
                   AND w.closed_at > now() - make_interval(days => $3) AND ${sampleScoreSql('w.id')} < $1
               ) sampled
               ORDER BY closed_at, complaint_id, work_order_id
               ON CONFLICT DO NOTHING ${RETURNING}
             )
             SELECT ${SCHEDULED_EVENT} FROM made ORDER BY due_at, id`,
            [settings.supervisoryShare, settings.workDays, SUPERVISORY_WINDOW_DAYS],
          );
          let assigned = 0;
          for (const group of ASSIGNMENT) {
            assigned += await this.assign(tx, group.role, group.types, settings.dailyCap);
          }
          return {
            afterSales: afterSales.length,
            maintenance: maintenance.length,
            supervisory: supervisory.length,
            assigned,
          };
        }),
    );
  }

  /**
   * Balanced assignment (the SQL twin of `balance` in scheduling.ts): per due day in the tenant's time
   * zone, the unassigned PENDING revisits in due order fill the free slots of active staff of the role,
   * lowest load first, never beyond the daily cap. Revisits beyond every free slot stay unassigned, in
   * the pool agents may claim from; the next run assigns them once someone has room.
   */
  private async assign(tx: EntityManager, role: Role, types: RevisitType[], cap: number): Promise<number> {
    const rows = await tx.query(
      `WITH tz AS (SELECT time_zone FROM tenants WHERE id = app_tenant_id()),
       todo AS (
         SELECT r.id, (r.due_at AT TIME ZONE tz.time_zone)::date AS day,
           row_number() OVER (PARTITION BY (r.due_at AT TIME ZONE tz.time_zone)::date ORDER BY r.due_at, r.id) AS n
         FROM revisit_tasks r, tz
         WHERE r.tenant_id = app_tenant_id() AND r.status = 'PENDING' AND r.assignee_id IS NULL AND r.type = ANY($2)
       ),
       staff AS (SELECT id FROM users WHERE tenant_id = app_tenant_id() AND role = $1 AND active),
       load AS (
         SELECT s.id AS staff_id, d.day, count(r.id)::int AS load
         FROM staff s
         CROSS JOIN (SELECT DISTINCT day FROM todo) d
         CROSS JOIN tz
         LEFT JOIN revisit_tasks r ON r.tenant_id = app_tenant_id() AND r.assignee_id = s.id
           AND r.status IN ('PENDING', 'IN_PROGRESS') AND (r.due_at AT TIME ZONE tz.time_zone)::date = d.day
         GROUP BY s.id, d.day
       ),
       slots AS (
         SELECT l.staff_id, l.day, row_number() OVER (PARTITION BY l.day ORDER BY level, l.staff_id) AS n
         FROM load l CROSS JOIN LATERAL generate_series(l.load + 1, $3) AS level
       ),
       pick AS (SELECT t.id, s.staff_id FROM todo t JOIN slots s ON s.day = t.day AND s.n = t.n),
       hit AS (
         UPDATE revisit_tasks r SET assignee_id = pick.staff_id, updated_at = now()
         FROM pick
         WHERE r.tenant_id = app_tenant_id() AND r.id = pick.id AND r.assignee_id IS NULL
         RETURNING r.id, r.type, r.assignee_id, r.zone_id, r.due_at
       )
       SELECT append_tenant_event('revisit.assigned', 'revisit', id, NULL,
         jsonb_build_object('type', type, 'assigneeId', assignee_id, 'zoneId', zone_id, 'dueAt', due_at))
       FROM hit ORDER BY due_at, id`,
      [role, types, cap],
    );
    return rows.length;
  }
}
