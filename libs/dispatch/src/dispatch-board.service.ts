import { Injectable } from '@nestjs/common';
import { badInput, RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import type { BoardZone, BriefingObject, DispatchBoard } from './dispatch-board.object.js';
import { RosterService } from './roster.service.js';
import { WorkOrderState } from './work-order-lifecycle.js';
import { toWorkOrderObject, type WorkOrderRow } from './work-orders.service.js';

/** The live board snapshot and the daily briefings. */
@Injectable()
export class DispatchBoardService {
  constructor(
    private readonly db: Database,
    private readonly roster: RosterService,
    private readonly events: EventLog,
  ) {}

  board(): Promise<DispatchBoard> {
    return this.db.transaction(async (tx) => {
      // REPEATABLE READ would be stricter; reading the counter first makes the snapshot include at
      // least everything up to seq, and clients de-duplicate what the feed replays after it.
      const [counter] = await tx.query(
        `SELECT last_seq FROM tenant_event_counters WHERE tenant_id = app_tenant_id()`,
      );
      const zones: Array<{ id: string; name: string }> = await tx.query(
        `SELECT id, name FROM zones WHERE tenant_id = app_tenant_id() AND active ORDER BY name`,
      );
      const orders: WorkOrderRow[] = await tx.query(
        `SELECT * FROM work_orders WHERE tenant_id = app_tenant_id() AND state NOT IN ('CLOSED', 'CANCELLED') ORDER BY priority, created_at`,
      );
      const presence = await this.presence(tx);
      const now = new Date();
      const result: BoardZone[] = [];
      for (const zone of zones) {
        const mine = orders.filter((o) => o.zone_id === zone.id).map(toWorkOrderObject);
        const by = (state: WorkOrderState) => mine.filter((o) => o.state === state);
        const onShift = await this.roster.onShiftFieldStaff(tx, zone.id, now);
        const staff: Array<{ id: string; display_name: string; load: number }> = onShift.length
          ? await tx.query(
              `SELECT u.id, u.display_name, count(w.id) FILTER (WHERE w.state IN ('ASSIGNED', 'ACCEPTED', 'IN_PROGRESS'))::int AS load
               FROM users u LEFT JOIN work_orders w ON w.tenant_id = u.tenant_id AND w.assignee_id = u.id
               WHERE u.tenant_id = app_tenant_id() AND u.id = ANY($1) GROUP BY u.id, u.display_name ORDER BY u.display_name`,
              [onShift],
            )
          : [];
        result.push({
          zoneId: zone.id,
          name: zone.name,
          open: by(WorkOrderState.OPEN),
          assigned: by(WorkOrderState.ASSIGNED),
          accepted: by(WorkOrderState.ACCEPTED),
          inProgress: by(WorkOrderState.IN_PROGRESS),
          done: by(WorkOrderState.DONE),
          staff: staff.map((s) => ({
            userId: s.id,
            displayName: s.display_name,
            load: s.load,
            online: presence.get(s.id) ?? false,
          })),
        });
      }
      return { seq: Number(counter?.last_seq ?? 0), at: now, zones: result };
    });
  }

  /** The latest `presence.changed` per user, from the event log (written by every API process). */
  private async presence(tx: EntityManager): Promise<Map<string, boolean>> {
    const rows: Array<{ user_id: string; online: boolean }> = await tx.query(
      `SELECT DISTINCT ON (data->>'userId') data->>'userId' AS user_id, (data->>'online')::boolean AS online
       FROM tenant_events WHERE tenant_id = app_tenant_id() AND type = 'presence.changed'
       ORDER BY data->>'userId', seq DESC`,
    );
    return new Map(rows.map((row) => [row.user_id, row.online]));
  }

  briefings(date: string): Promise<BriefingObject[]> {
    if (Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw badInput('date is not a valid date');
    return this.db.transaction(async (tx) => {
      const rows = await tx.query(
        `SELECT b.zone_id, to_char(b.date, 'YYYY-MM-DD') AS date, b.published_at, b.content FROM briefings b
         JOIN zones z ON z.tenant_id = b.tenant_id AND z.id = b.zone_id
         WHERE b.tenant_id = app_tenant_id() AND b.date = $1::date ORDER BY z.name`,
        [date],
      );
      return rows.map(
        (r: { zone_id: string; date: string; published_at: Date; content: Record<string, unknown> }) => ({
          zoneId: r.zone_id,
          date: r.date,
          publishedAt: r.published_at,
          content: r.content,
        }),
      );
    });
  }

  /**
   * Publishes today's briefing per zone once local time is past 08:40 (班前会): the day's roster and
   * the open and overdue orders. Idempotent per (date, zone); the worker calls it every few minutes.
   */
  publishDue(tenantId: string, now = new Date()): Promise<number> {
    return RequestContext.run(
      { requestId: `briefing:${tenantId}`, actor: { userId: null, tenantId, chainId: '', role: 'SYSTEM' } },
      () =>
        this.db.asTenant({ tenantId }, async (tx) => {
          const [local] = await tx.query(
            `SELECT (($1::timestamptz) AT TIME ZONE t.time_zone)::date::text AS date,
                  (($1::timestamptz) AT TIME ZONE t.time_zone)::time >= time '08:40' AS due
           FROM tenants t WHERE t.id = app_tenant_id()`,
            [now],
          );
          if (!local?.due) return 0;
          const published = await tx.query(
            `WITH content AS (
             SELECT z.id AS zone_id, jsonb_build_object(
               'zone', z.name,
               'roster', coalesce((SELECT jsonb_agg(jsonb_build_object('userId', u.id, 'name', u.display_name, 'shift', s.name,
                   'start', to_char(s.starts_at, 'HH24:MI'), 'end', to_char(s.ends_at, 'HH24:MI')) ORDER BY s.starts_at, u.display_name)
                 FROM roster_entries r JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.user_id
                 JOIN shifts s ON s.tenant_id = r.tenant_id AND s.id = r.shift_id
                 WHERE r.tenant_id = z.tenant_id AND r.zone_id = z.id AND r.date = $1::date), '[]'::jsonb),
               'openOrders', coalesce((SELECT jsonb_agg(jsonb_build_object('id', w.id, 'number', w.number, 'priority', w.priority,
                   'state', w.state, 'location', w.location) ORDER BY w.priority, w.number)
                 FROM work_orders w WHERE w.tenant_id = z.tenant_id AND w.zone_id = z.id AND w.state NOT IN ('DONE', 'CLOSED', 'CANCELLED')), '[]'::jsonb),
               'overdueOrders', coalesce((SELECT jsonb_agg(jsonb_build_object('id', w.id, 'number', w.number, 'priority', w.priority,
                   'state', w.state, 'onsiteDueAt', w.onsite_due_at) ORDER BY w.onsite_due_at)
                 FROM work_orders w WHERE w.tenant_id = z.tenant_id AND w.zone_id = z.id AND w.state IN ('OPEN', 'ASSIGNED', 'ACCEPTED')
                   AND w.onsite_due_at < now()), '[]'::jsonb)
             ) AS content
             FROM zones z WHERE z.tenant_id = app_tenant_id() AND z.active
           ), inserted AS (
             INSERT INTO briefings (tenant_id, id, date, zone_id, content)
             SELECT app_tenant_id(), gen_random_uuid(), $1::date, zone_id, content FROM content
             ON CONFLICT (tenant_id, date, zone_id) DO NOTHING
             RETURNING id, zone_id
           )
           SELECT zone_id FROM inserted`,
            [local.date],
          );
          for (const row of published) {
            await this.events.append(tx, {
              type: 'briefing.published',
              entity: { kind: 'zone', id: row.zone_id },
              data: { zoneId: row.zone_id, date: local.date },
            });
          }
          return published.length;
        }),
    );
  }
}
