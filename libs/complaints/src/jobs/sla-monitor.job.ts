import { Injectable } from '@nestjs/common';
import { RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import type { EntityManager } from 'typeorm';
import { ComplaintsService } from '../complaints.service.js';

export interface SlaMonitorResult {
  warnings: number;
  breaches: number;
  escalations: number;
  brokenPromises: number;
}

/** The clocks: first reply until acknowledged, resolution while it runs (never while paused). */
const CLOCKS = [
  {
    clock: 'FIRST_REPLY',
    states: `('RECEIVED')`,
    warn: 'first_reply_warn_at',
    due: 'first_reply_due_at',
    warned: 'first_reply_warned_at',
    breached: 'first_reply_breached_at',
  },
  {
    clock: 'RESOLUTION',
    states: `('RECEIVED', 'ACKNOWLEDGED', 'INVESTIGATING', 'PROPOSED')`,
    warn: 'resolution_warn_at',
    due: 'resolution_due_at',
    warned: 'resolution_warned_at',
    breached: 'resolution_breached_at',
  },
];

/**
 * Every minute per tenant: `sla.warning` at 80 %, `sla.breached` at 100 % with escalation to the next
 * level, and broken promises. Each step is one guarded UPDATE (… IS NULL), so running it twice, or in
 * two workers at once, emits nothing twice: the second UPDATE waits for the row lock and then no
 * longer matches.
 */
@Injectable()
export class SlaMonitorJob {
  constructor(
    private readonly db: Database,
    private readonly complaints: ComplaintsService,
  ) {}

  run(tenantId: string): Promise<SlaMonitorResult> {
    return RequestContext.run(
      {
        requestId: `sla-monitor:${tenantId}`,
        actor: { userId: null, tenantId, chainId: '', role: 'SYSTEM' },
      },
      () =>
        this.db.asTenant({ tenantId }, async (tx) => {
          let warnings = 0;
          let breaches = 0;
          const breachedIds = new Set<string>();
          for (const c of CLOCKS) {
            warnings += await this.mark(
              tx,
              'sla.warning',
              c.clock,
              `
            UPDATE complaints SET ${c.warned} = now()
            WHERE tenant_id = app_tenant_id() AND state IN ${c.states} AND ${c.warned} IS NULL
              AND ${c.warn} <= now() AND ${c.due} > now()
            RETURNING id, number, severity, handler_id, ${c.due} AS due_at`,
            );
            const breached: Array<{ id: string }> = await tx.query(`
            WITH hit AS (
              UPDATE complaints SET ${c.breached} = now(), ${c.warned} = coalesce(${c.warned}, now())
              WHERE tenant_id = app_tenant_id() AND state IN ${c.states} AND ${c.breached} IS NULL AND ${c.due} <= now()
              RETURNING id, number, severity, handler_id, ${c.due} AS due_at
            )
            SELECT id, append_tenant_event('sla.breached', 'complaint', id, NULL,
              jsonb_build_object('clock', '${c.clock}', 'number', number, 'severity', severity, 'handlerId', handler_id, 'dueAt', due_at)) AS seq
            FROM hit ORDER BY due_at, id`);
            breaches += breached.length;
            for (const row of breached) breachedIds.add(row.id);
          }
          let escalations = 0;
          for (const id of breachedIds) if (await this.escalate(tx, id)) escalations++;
          const broken = await tx.query(`
          WITH hit AS (
            UPDATE complaint_promises SET broken_at = now()
            WHERE tenant_id = app_tenant_id() AND kept_at IS NULL AND broken_at IS NULL AND due_at <= now()
            RETURNING complaint_id, id, kind, due_at
          )
          SELECT append_tenant_event('complaint.promise_broken', 'complaint', complaint_id, NULL,
            jsonb_build_object('promiseId', id, 'kind', kind, 'dueAt', due_at)) FROM hit ORDER BY due_at, id`);
          return { warnings, breaches, escalations, brokenPromises: broken.length };
        }),
    );
  }

  private async mark(tx: EntityManager, type: string, clock: string, update: string): Promise<number> {
    const rows = await tx.query(`
      WITH hit AS (${update})
      SELECT append_tenant_event('${type}', 'complaint', id, NULL,
        jsonb_build_object('clock', '${clock}', 'number', number, 'severity', severity, 'handlerId', handler_id, 'dueAt', due_at))
      FROM hit ORDER BY due_at, id`);
    return rows.length;
  }

  /** A breach hands the complaint to the next level (supervisor, then owner), once per breach. */
  private async escalate(tx: EntityManager, id: string): Promise<boolean> {
    const row = await this.complaints.find(tx, id, true);
    const level = row.escalation_level + 1;
    if (level > 2) return false;
    let handlerId: string;
    try {
      handlerId = await this.complaints.escalationTarget(tx, row, level);
    } catch {
      return false; // nobody at that level: the breach event stands, the handler stays
    }
    await this.complaints.recordEscalation(tx, row, level, handlerId, 'SLA breached', null, true);
    await this.complaints.event(tx, 'complaint.escalated', await this.complaints.find(tx, id), {
      level,
      handlerId,
      bySystem: true,
    });
    return true;
  }
}
