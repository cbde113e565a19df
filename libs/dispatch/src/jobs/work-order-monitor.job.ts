import { Injectable } from '@nestjs/common';
import { RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { WorkOrdersService } from '../work-orders.service.js';

export interface WorkOrderMonitorResult {
  acceptBreaches: number;
  onsiteBreaches: number;
  dispatched: number;
}

/**
 * Every minute per tenant: work orders past their accept or on-site target become `sla.breached`
 * events (once each: guarded UPDATEs), and the auto-dispatch queue drains to staff who came on shift.
 */
@Injectable()
export class WorkOrderMonitorJob {
  constructor(
    private readonly db: Database,
    private readonly workOrders: WorkOrdersService,
  ) {}

  run(tenantId: string): Promise<WorkOrderMonitorResult> {
    return RequestContext.run(
      {
        requestId: `workorder-monitor:${tenantId}`,
        actor: { userId: null, tenantId, chainId: '', role: 'SYSTEM' },
      },
      () =>
        this.db.asTenant({ tenantId }, async (tx) => {
          const breach = async (clock: 'ACCEPT' | 'ONSITE', column: string, due: string, states: string) =>
            (
              await tx.query(`
              WITH hit AS (
                UPDATE work_orders SET ${column} = now()
                WHERE tenant_id = app_tenant_id() AND ${column} IS NULL AND ${due} <= now() AND state IN ${states}
                RETURNING id, number, priority, zone_id, assignee_id, ${due} AS due_at
              )
              SELECT append_tenant_event('sla.breached', 'workorder', id, NULL,
                jsonb_build_object('clock', '${clock}', 'number', number, 'priority', priority, 'zoneId', zone_id,
                  'assigneeId', assignee_id, 'dueAt', due_at))
              FROM hit ORDER BY due_at, id`)
            ).length;
          const acceptBreaches = await breach(
            'ACCEPT',
            'accept_breached_at',
            'accept_due_at',
            `('OPEN', 'ASSIGNED')`,
          );
          const onsiteBreaches = await breach(
            'ONSITE',
            'onsite_breached_at',
            'onsite_due_at',
            `('OPEN', 'ASSIGNED', 'ACCEPTED')`,
          );
          const dispatched = await this.workOrders.drainQueue(tx);
          return { acceptBreaches, onsiteBreaches, dispatched };
        }),
    );
  }
}
