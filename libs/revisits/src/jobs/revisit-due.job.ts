import { Injectable } from '@nestjs/common';
import { RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';

/**
 * Every few minutes per tenant: `revisit.due` once per open revisit whose due time has passed. One
 * guarded UPDATE (`due_notified_at IS NULL`) marks and emits together, so a rerun, or two workers at
 * once, emit nothing twice: the second UPDATE waits for the row lock and then no longer matches.
 */
@Injectable()
export class RevisitDueJob {
  constructor(private readonly db: Database) {}

  run(tenantId: string): Promise<{ reminded: number }> {
    return RequestContext.run(
      {
        requestId: `revisit-due:${tenantId}`,
        actor: { userId: null, tenantId, chainId: '', role: 'SYSTEM' },
      },
      () =>
        this.db.asTenant({ tenantId }, async (tx) => {
          const rows = await tx.query(`
            WITH hit AS (
              UPDATE revisit_tasks SET due_notified_at = now()
              WHERE tenant_id = app_tenant_id() AND status IN ('PENDING', 'IN_PROGRESS')
                AND due_notified_at IS NULL AND due_at <= now()
              RETURNING id, type, status, assignee_id, complaint_id, work_order_id, zone_id, due_at
            )
            SELECT append_tenant_event('revisit.due', 'revisit', id, NULL,
              jsonb_build_object('type', type, 'status', status, 'assigneeId', assignee_id, 'complaintId', complaint_id,
                'workOrderId', work_order_id, 'zoneId', zone_id, 'dueAt', due_at))
            FROM hit ORDER BY due_at, id`);
          return { reminded: rows.length };
        }),
    );
  }
}
