import { Injectable } from '@nestjs/common';
import {
  badInput,
  Cursor,
  DomainError,
  ErrorCode,
  newId,
  notFound,
  RequestContext,
  requireId,
  Role,
  toConnection,
} from '@service-desk/core';
import { Database, nextTenantNumber } from '@service-desk/db';
import { EventLog, type TenantEvent, toTenantEvent } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import type {
  AssignWorkOrderInput,
  CancelWorkOrderInput,
  CompleteWorkOrderInput,
  CreateWorkOrderInput,
  DeclineWorkOrderInput,
} from './dto/work-order.input.js';
import { RosterService } from './roster.service.js';
import {
  ACTIVE_STATES,
  type DispatchActor,
  nextWorkOrderState,
  pickAssignee,
  type WorkOrderAction,
  WorkOrderState,
} from './work-order-lifecycle.js';
import type { Priority, WorkOrderConnection, WorkOrderObject, WorkOrderSource } from './work-order.object.js';

export interface WorkOrderRow {
  tenant_id: string;
  id: string;
  number: number;
  source: WorkOrderSource;
  complaint_id: string | null;
  zone_id: string;
  location: string;
  priority: Priority;
  description: string;
  state: WorkOrderState;
  assignee_id: string | null;
  queued: boolean;
  assigned_at: Date | null;
  accepted_at: Date | null;
  started_at: Date | null;
  completed_at: Date | null;
  closed_at: Date | null;
  accept_due_at: Date;
  onsite_due_at: Date;
  decline_count: number;
  declined_by: string[];
  last_decline_reason: string | null;
  completion_report: string | null;
  cancel_reason: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface DispatchSettings {
  autoDispatch: boolean;
  perPersonCap: number;
  acceptMinutes: Record<Priority, number>;
  onsiteMinutes: Record<Priority, number>;
}

export interface WorkOrderFilter {
  states?: WorkOrderState[] | null;
  zoneId?: string | null;
  assigneeId?: string | null;
  complaintId?: string | null;
  priority?: Priority | null;
  queued?: boolean | null;
  first: number;
  after?: string | null;
}

export const toWorkOrderObject = (row: WorkOrderRow): WorkOrderObject => ({
  id: row.id,
  number: row.number,
  state: row.state,
  source: row.source,
  complaintId: row.complaint_id,
  zoneId: row.zone_id,
  location: row.location,
  priority: row.priority,
  description: row.description,
  assigneeId: row.assignee_id,
  queued: row.queued,
  acceptDueAt: row.accept_due_at,
  onsiteDueAt: row.onsite_due_at,
  assignedAt: row.assigned_at,
  acceptedAt: row.accepted_at,
  startedAt: row.started_at,
  completedAt: row.completed_at,
  closedAt: row.closed_at,
  declineCount: row.decline_count,
  lastDeclineReason: row.last_decline_reason,
  completionReport: row.completion_report,
  cancelReason: row.cancel_reason,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

const MINUTE = 60_000;

/**
 * Work orders: creation (with auto-dispatch when the tenant has it on), the field staff's accept,
 * decline, start and complete, the front desk's close and cancel. One transaction per use case, with
 * its `workorder.*` event; the event data carries zoneId and assigneeId so the live feed can route it.
 */
@Injectable()
export class WorkOrdersService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
    private readonly roster: RosterService,
  ) {}

  async create(input: CreateWorkOrderInput): Promise<WorkOrderObject> {
    const actor = RequestContext.actor();
    if (input.source === 'COMPLAINT' && !input.complaintId)
      throw badInput('A work order from a complaint names the complaint');
    return this.db.transaction(async (tx) => {
      if (input.idempotencyKey) {
        const [existing] = await tx.query(
          `SELECT * FROM work_orders WHERE tenant_id = app_tenant_id() AND idempotency_key = $1`,
          [input.idempotencyKey],
        );
        if (existing) return toWorkOrderObject(existing);
      }
      const zoneId = requireId(input.zoneId, 'Zone id');
      const [zone] = await tx.query(
        `SELECT active FROM zones WHERE tenant_id = app_tenant_id() AND id = $1`,
        [zoneId],
      );
      if (!zone) throw notFound('Zone');
      if (!zone.active) throw badInput('The zone is not active');
      if (input.complaintId) {
        const [complaint] = await tx.query(
          `SELECT 1 FROM complaints WHERE tenant_id = app_tenant_id() AND id = $1`,
          [requireId(input.complaintId, 'Complaint id')],
        );
        if (!complaint) throw notFound('Complaint');
      }
      const settings = await this.settings(tx);
      const number = await nextTenantNumber(tx, 'work_order');
      const now = Date.now();
      const id = newId();
      await tx.query(
        `INSERT INTO work_orders (tenant_id, id, number, source, complaint_id, zone_id, location, priority, description, state,
           accept_due_at, onsite_due_at, idempotency_key, created_by)
         VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, 'OPEN', $9, $10, $11, $12)`,
        [
          id,
          number,
          input.source,
          input.complaintId ?? null,
          zoneId,
          input.location.trim(),
          input.priority,
          input.description.trim(),
          new Date(now + settings.acceptMinutes[input.priority] * MINUTE),
          new Date(now + settings.onsiteMinutes[input.priority] * MINUTE),
          input.idempotencyKey ?? null,
          actor.userId,
        ],
      );
      let row = await this.find(tx, id);
      await this.event(tx, 'workorder.created', row, { source: row.source });
      if (input.assigneeId) {
        row = await this.assignIn(tx, row, requireId(input.assigneeId, 'Assignee id'), false);
      } else if (settings.autoDispatch) {
        row = await this.autoDispatch(tx, row, settings);
      }
      return toWorkOrderObject(row);
    });
  }

  assign(input: AssignWorkOrderInput): Promise<WorkOrderObject> {
    return this.act(input.workOrderId, 'assign', (tx, row) =>
      this.assignIn(tx, row, requireId(input.assigneeId, 'Assignee id'), false),
    );
  }

  /** The assignee accepts; field staff may also take an open order. Of concurrent accepts one wins (CONFLICT). */
  accept(rawId: string): Promise<WorkOrderObject> {
    const me = RequestContext.actor().userId;
    return this.act(
      rawId,
      (row) => (row.state === WorkOrderState.OPEN ? 'claim' : 'accept'),
      async (tx, row) => {
        await tx.query(
          `UPDATE work_orders SET state = 'ACCEPTED', assignee_id = $2, accepted_at = now(), assigned_at = coalesce(assigned_at, now()),
           queued = false, updated_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
          [row.id, me],
        );
        const fresh = await this.find(tx, row.id);
        await this.event(tx, 'workorder.accepted', fresh);
        return fresh;
      },
    );
  }

  /** Back to OPEN with the reason; auto-dispatch then tries someone else. */
  decline(input: DeclineWorkOrderInput): Promise<WorkOrderObject> {
    return this.act(input.workOrderId, 'decline', async (tx, row) => {
      await tx.query(
        `UPDATE work_orders SET state = 'OPEN', assignee_id = NULL, assigned_at = NULL, decline_count = decline_count + 1,
           declined_by = array_append(declined_by, $3::uuid), last_decline_reason = $2, updated_at = now()
         WHERE tenant_id = app_tenant_id() AND id = $1`,
        [row.id, input.reason.trim(), row.assignee_id],
      );
      let fresh = await this.find(tx, row.id);
      // The decliner is named so that the live feed tells them the order left them.
      await this.event(tx, 'workorder.declined', fresh, { assigneeId: row.assignee_id });
      const settings = await this.settings(tx);
      if (settings.autoDispatch) fresh = await this.autoDispatch(tx, fresh, settings);
      return fresh;
    });
  }

  start(rawId: string): Promise<WorkOrderObject> {
    return this.act(rawId, 'start', async (tx, row) => {
      await tx.query(
        `UPDATE work_orders SET state = 'IN_PROGRESS', started_at = now(), updated_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
        [row.id],
      );
      const fresh = await this.find(tx, row.id);
      await this.event(tx, 'workorder.started', fresh);
      return fresh;
    });
  }

  /** Reported done: capacity frees up, so queued orders are dispatched. */
  complete(input: CompleteWorkOrderInput): Promise<WorkOrderObject> {
    return this.act(input.workOrderId, 'complete', async (tx, row) => {
      await tx.query(
        `UPDATE work_orders SET state = 'DONE', completed_at = now(), completion_report = $2, updated_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
        [row.id, input.report.trim()],
      );
      const fresh = await this.find(tx, row.id);
      await this.event(tx, 'workorder.completed', fresh);
      await this.drainQueue(tx);
      return fresh;
    });
  }

  /** The front desk confirms with the customer (消单). */
  close(rawId: string): Promise<WorkOrderObject> {
    return this.act(rawId, 'close', async (tx, row) => {
      await tx.query(
        `UPDATE work_orders SET state = 'CLOSED', closed_at = now(), updated_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
        [row.id],
      );
      const fresh = await this.find(tx, row.id);
      await this.event(tx, 'workorder.closed', fresh);
      return fresh;
    });
  }

  cancel(input: CancelWorkOrderInput): Promise<WorkOrderObject> {
    return this.act(input.workOrderId, 'cancel', async (tx, row) => {
      await tx.query(
        `UPDATE work_orders SET state = 'CANCELLED', cancelled_at = now(), cancel_reason = $2, queued = false, updated_at = now()
         WHERE tenant_id = app_tenant_id() AND id = $1`,
        [row.id, input.reason.trim()],
      );
      const fresh = await this.find(tx, row.id);
      await this.event(tx, 'workorder.cancelled', fresh, { assigneeId: row.assignee_id });
      if (row.assignee_id) await this.drainQueue(tx);
      return fresh;
    });
  }

  /** Field staff see their own orders and open ones they could take; the front desk sees all. */
  async get(rawId: string): Promise<WorkOrderObject> {
    const id = requireId(rawId, 'Work order id');
    const actor = RequestContext.actor();
    return this.db.transaction(async (tx) => {
      const row = await this.find(tx, id);
      if (
        actor.role === Role.FIELD_STAFF &&
        row.assignee_id !== actor.userId &&
        row.state !== WorkOrderState.OPEN
      )
        throw notFound('Work order');
      return toWorkOrderObject(row);
    });
  }

  list(filter: WorkOrderFilter): Promise<WorkOrderConnection> {
    const actor = RequestContext.actor();
    const params: unknown[] = [];
    const where = ['tenant_id = app_tenant_id()'];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (actor.role === Role.FIELD_STAFF) add(`(assignee_id = ? OR state = 'OPEN')`, actor.userId);
    if (filter.states?.length) add('state = ANY(?)', filter.states);
    if (filter.zoneId) add('zone_id = ?', requireId(filter.zoneId, 'Zone id'));
    if (filter.assigneeId) add('assignee_id = ?', requireId(filter.assigneeId, 'Assignee id'));
    if (filter.complaintId) add('complaint_id = ?', requireId(filter.complaintId, 'Complaint id'));
    if (filter.priority) add('priority = ?', filter.priority);
    if (filter.queued !== null && filter.queued !== undefined) add('queued = ?', filter.queued);
    if (filter.after) {
      const [priority, id] = Cursor.decode(filter.after, 2) as [string, string];
      params.push(priority, id);
      where.push(`(priority, id) > ($${params.length - 1}, $${params.length}::uuid)`);
    }
    params.push(filter.first + 1);
    return this.db.transaction(async (tx) => {
      const rows: WorkOrderRow[] = await tx.query(
        `SELECT * FROM work_orders WHERE ${where.join(' AND ')} ORDER BY priority, id LIMIT $${params.length}`,
        params,
      );
      return toConnection(rows.map(toWorkOrderObject), filter.first, (w) => [w.priority, w.id]);
    });
  }

  /** Work orders of complaints, batched (the complaint's `workOrders` field). */
  byComplaints(tenantId: string, complaintIds: readonly string[]): Promise<WorkOrderObject[][]> {
    return this.db.asTenant({ tenantId }, async (tx) => {
      const rows: WorkOrderRow[] = await tx.query(
        `SELECT * FROM work_orders WHERE tenant_id = app_tenant_id() AND complaint_id = ANY($1) ORDER BY number`,
        [complaintIds],
      );
      return complaintIds.map((id) => rows.filter((row) => row.complaint_id === id).map(toWorkOrderObject));
    });
  }

  /** Events of work orders and of the complaints they serve, in order (the order's timeline), batched. */
  timelines(tenantId: string, ids: readonly string[]): Promise<TenantEvent[][]> {
    return this.db.asTenant({ tenantId }, async (tx) => {
      const rows = await tx.query(
        `SELECT w.id AS work_order_id, e.seq, e.type, e.at, e.entity_kind, e.entity_id, e.actor_id, e.data
         FROM work_orders w JOIN tenant_events e ON e.tenant_id = w.tenant_id
           AND (e.entity_id = w.id OR (w.complaint_id IS NOT NULL AND e.entity_kind = 'complaint' AND e.entity_id = w.complaint_id))
         WHERE w.tenant_id = app_tenant_id() AND w.id = ANY($1)
         ORDER BY e.seq`,
        [ids],
      );
      return ids.map((id) =>
        rows.filter((row: { work_order_id: string }) => row.work_order_id === id).map(toTenantEvent),
      );
    });
  }

  /**
   * Dispatches queued orders, oldest first, while someone on shift has capacity. Called when
   * capacity frees up and by the worker every minute (people come on shift).
   */
  async drainQueue(tx: EntityManager): Promise<number> {
    const settings = await this.settings(tx);
    if (!settings.autoDispatch) return 0;
    const queued: WorkOrderRow[] = await tx.query(
      `SELECT * FROM work_orders WHERE tenant_id = app_tenant_id() AND queued AND state = 'OPEN' ORDER BY created_at, id LIMIT 100 FOR UPDATE SKIP LOCKED`,
    );
    let dispatched = 0;
    for (const row of queued) {
      const after = await this.autoDispatch(tx, row, settings);
      if (after.state === WorkOrderState.ASSIGNED) dispatched++;
    }
    return dispatched;
  }

  /**
   * Auto-dispatch one open order, or queue it when nobody on shift in its zone has capacity. Whoever
   * declined the order is not offered it again.
   */
  private async autoDispatch(
    tx: EntityManager,
    row: WorkOrderRow,
    settings: DispatchSettings,
  ): Promise<WorkOrderRow> {
    const onShift = (await this.roster.onShiftFieldStaff(tx, row.zone_id, new Date())).filter(
      (id) => !row.declined_by.includes(id),
    );
    const candidates: Array<{ user_id: string; open_count: number; last_assigned_at: Date | null }> =
      onShift.length
        ? await tx.query(
            `SELECT u.id AS user_id,
             count(w.id) FILTER (WHERE w.state = ANY($2))::int AS open_count,
             max(w.assigned_at) AS last_assigned_at
           FROM users u LEFT JOIN work_orders w ON w.tenant_id = u.tenant_id AND w.assignee_id = u.id
           WHERE u.tenant_id = app_tenant_id() AND u.id = ANY($1) AND u.active AND u.role = 'FIELD_STAFF'
           GROUP BY u.id`,
            [onShift, ACTIVE_STATES],
          )
        : [];
    const pick = pickAssignee(
      candidates.map((c) => ({
        userId: c.user_id,
        openCount: c.open_count,
        lastAssignedAt: c.last_assigned_at,
      })),
      settings.perPersonCap,
    );
    if (pick) return this.assignIn(tx, row, pick, true);
    if (!row.queued) {
      await tx.query(
        `UPDATE work_orders SET queued = true, updated_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
        [row.id],
      );
      const fresh = await this.find(tx, row.id);
      await this.event(tx, 'workorder.queued', fresh);
      return fresh;
    }
    return row;
  }

  private async assignIn(
    tx: EntityManager,
    row: WorkOrderRow,
    assigneeId: string,
    bySystem: boolean,
  ): Promise<WorkOrderRow> {
    nextWorkOrderState(
      row.state,
      'assign',
      bySystem ? { role: 'SYSTEM', userId: null } : actorOf(),
      row.assignee_id,
    );
    const [user] = await tx.query(
      `SELECT role, active FROM users WHERE tenant_id = app_tenant_id() AND id = $1`,
      [assigneeId],
    );
    if (!user) throw notFound('User');
    if (user.role !== Role.FIELD_STAFF || !user.active)
      throw badInput('Work orders go to active field staff');
    await tx.query(
      `UPDATE work_orders SET state = 'ASSIGNED', assignee_id = $2, assigned_at = now(), queued = false, updated_at = now()
       WHERE tenant_id = app_tenant_id() AND id = $1`,
      [row.id, assigneeId],
    );
    const fresh = await this.find(tx, row.id);
    await this.event(tx, 'workorder.assigned', fresh, { bySystem, previousAssigneeId: row.assignee_id });
    return fresh;
  }

  private act(
    rawId: string,
    action: WorkOrderAction | ((row: WorkOrderRow) => WorkOrderAction),
    change: (tx: EntityManager, row: WorkOrderRow) => Promise<WorkOrderRow>,
  ): Promise<WorkOrderObject> {
    const id = requireId(rawId, 'Work order id');
    return this.db.transaction(async (tx) => {
      const row = await this.find(tx, id, true);
      const actor = actorOf();
      const attempted = typeof action === 'function' ? action(row) : action;
      // Field staff see only their own orders and open ones; a late taker of an order lost the race.
      if (
        actor.role === Role.FIELD_STAFF &&
        row.assignee_id !== actor.userId &&
        row.state !== WorkOrderState.OPEN
      ) {
        if (attempted === 'accept' || attempted === 'claim')
          throw new DomainError(ErrorCode.CONFLICT, 'The work order was already taken');
        throw notFound('Work order');
      }
      nextWorkOrderState(row.state, attempted, actor, row.assignee_id);
      return toWorkOrderObject(await change(tx, row));
    });
  }

  private async find(tx: EntityManager, id: string, lock = false): Promise<WorkOrderRow> {
    const [row] = await tx.query(
      `SELECT * FROM work_orders WHERE tenant_id = app_tenant_id() AND id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) throw notFound('Work order');
    return row;
  }

  getSettings(): Promise<DispatchSettings> {
    return this.db.transaction((tx) => this.settings(tx));
  }

  /** Turning auto-dispatch on (or raising the cap) dispatches what is queued at once. */
  updateSettings(changes: Partial<DispatchSettings>): Promise<DispatchSettings> {
    return this.db.transaction(async (tx) => {
      const next = {
        ...(await this.settings(tx)),
        ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined && v !== null)),
      };
      await tx.query(
        `UPDATE dispatch_settings SET auto_dispatch = $1, per_person_cap = $2, accept_minutes = $3, onsite_minutes = $4, updated_at = now()
         WHERE tenant_id = app_tenant_id()`,
        [
          next.autoDispatch,
          next.perPersonCap,
          JSON.stringify(next.acceptMinutes),
          JSON.stringify(next.onsiteMinutes),
        ],
      );
      await this.events.append(tx, {
        type: 'policy.dispatch_updated',
        entity: { kind: 'tenant', id: RequestContext.actor().tenantId },
        data: { autoDispatch: next.autoDispatch, perPersonCap: next.perPersonCap },
      });
      await this.drainQueue(tx);
      return this.settings(tx);
    });
  }

  async settings(tx: EntityManager): Promise<DispatchSettings> {
    await tx.query(
      `INSERT INTO dispatch_settings (tenant_id) VALUES (app_tenant_id()) ON CONFLICT DO NOTHING`,
    );
    const [row] = await tx.query(`SELECT * FROM dispatch_settings WHERE tenant_id = app_tenant_id()`);
    return {
      autoDispatch: row.auto_dispatch,
      perPersonCap: row.per_person_cap,
      acceptMinutes: row.accept_minutes,
      onsiteMinutes: row.onsite_minutes,
    };
  }

  /** Events name the zone, the assignee and the complaint (for the live feed and the complaint timeline). */
  private async event(
    tx: EntityManager,
    type: string,
    row: WorkOrderRow,
    data: Record<string, unknown> = {},
  ): Promise<void> {
    await this.events.append(tx, {
      type,
      entity: { kind: 'workorder', id: row.id },
      data: {
        number: row.number,
        state: row.state,
        priority: row.priority,
        zoneId: row.zone_id,
        assigneeId: row.assignee_id,
        ...(row.complaint_id ? { complaintId: row.complaint_id } : {}),
        ...data,
      },
    });
  }
}

function actorOf(): { role: DispatchActor; userId: string | null } {
  const actor = RequestContext.actor();
  return { role: actor.role, userId: actor.userId };
}
