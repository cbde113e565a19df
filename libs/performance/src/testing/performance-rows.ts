import { newId } from '@service-desk/core';
import type pg from 'pg';

/**
 * Hand-built rows for scorecard tests and demo data, written with an owner connection (which bypasses
 * RLS: every statement names the tenant explicitly). Times are ISO strings.
 */
export class PerformanceRows {
  private numbers = 0;

  constructor(
    private readonly client: pg.Client,
    readonly tenantId: string,
  ) {}

  async user(role: 'AGENT' | 'FIELD_STAFF' | 'SUPERVISOR', name: string): Promise<string> {
    const id = newId();
    await this.client.query(
      `INSERT INTO users (tenant_id, id, email, display_name, role, password_hash) VALUES ($1, $2, $3, $4, $5, 'not-a-hash')`,
      [this.tenantId, id, `${id}@rows.test`, name, role],
    );
    return id;
  }

  async period(label: string, startsOn: string, endsOn: string): Promise<string> {
    const id = newId();
    await this.client.query(
      `INSERT INTO performance_periods (tenant_id, id, label, starts_on, ends_on) VALUES ($1, $2, $3, $4, $5)`,
      [this.tenantId, id, label, startsOn, endsOn],
    );
    return id;
  }

  async customer(name = 'Customer'): Promise<string> {
    const id = newId();
    await this.client.query(`INSERT INTO customers (tenant_id, id, name) VALUES ($1, $2, $3)`, [
      this.tenantId,
      id,
      name,
    ]);
    return id;
  }

  private async nextNumber(table: 'complaints' | 'work_orders'): Promise<number> {
    const { rows } = await this.client.query(
      `SELECT coalesce(max(number), 0)::int AS n FROM ${table} WHERE tenant_id = $1`,
      [this.tenantId],
    );
    this.numbers = Math.max(this.numbers, rows[0].n) + 1;
    return this.numbers;
  }

  async complaint(c: {
    handlerId: string;
    receivedAt: string;
    firstReplyDueAt: string;
    acknowledgedAt?: string | null;
    resolutionDueAt?: string | null;
    resolvedAt?: string | null;
    reopenCount?: number;
  }): Promise<string> {
    const id = newId();
    await this.client.query(
      `INSERT INTO complaints (tenant_id, id, number, tracking_code, channel, category, severity, title, description, state,
         handler_id, received_at, clock_started_at, acknowledged_at, first_reply_due_at, first_reply_warn_at,
         resolution_due_at, resolved_at, reopen_count)
       VALUES ($1, $2, $3, $4, 'PHONE', 'OTHER', 'NORMAL', 'Case', 'Case', $5, $6, $7, $7, $8, $9, $9, $10, $11, $12)`,
      [
        this.tenantId,
        id,
        await this.nextNumber('complaints'),
        `T${id.replace(/-/g, '').slice(-16)}`,
        c.resolvedAt ? 'RESOLVED' : c.acknowledgedAt ? 'INVESTIGATING' : 'RECEIVED',
        c.handlerId,
        c.receivedAt,
        c.acknowledgedAt ?? null,
        c.firstReplyDueAt,
        c.resolutionDueAt ?? null,
        c.resolvedAt ?? null,
        c.reopenCount ?? 0,
      ],
    );
    return id;
  }

  async promise(p: {
    complaintId: string;
    promisedBy: string;
    dueAt: string;
    keptAt?: string | null;
    brokenAt?: string | null;
  }): Promise<void> {
    await this.client.query(
      `INSERT INTO complaint_promises (tenant_id, id, complaint_id, kind, promised_by, made_at, due_at, kept_at, broken_at)
       VALUES ($1, $2, $3, 'ACKNOWLEDGEMENT', $4, $5::timestamptz - interval '1 hour', $5, $6, $7)`,
      [this.tenantId, newId(), p.complaintId, p.promisedBy, p.dueAt, p.keptAt ?? null, p.brokenAt ?? null],
    );
  }

  async revisit(r: {
    type: 'COMPLAINT' | 'CHURN_WINBACK' | 'MAINTENANCE';
    assigneeId: string;
    dueAt: string;
    status: 'PENDING' | 'COMPLETED' | 'UNREACHABLE' | 'CANCELLED';
    completedAt?: string | null;
    satisfaction?: number | null;
    complaintId?: string | null;
    customerId?: string | null;
  }): Promise<void> {
    await this.client.query(
      `INSERT INTO revisit_tasks (tenant_id, id, type, customer_id, complaint_id, assignee_id, status, due_at, satisfaction, completed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        this.tenantId,
        newId(),
        r.type,
        r.customerId ?? null,
        r.complaintId ?? null,
        r.assigneeId,
        r.status,
        r.dueAt,
        r.satisfaction ?? null,
        r.completedAt ?? null,
      ],
    );
  }

  async visit(customerId: string, visitedAt: string): Promise<void> {
    await this.client.query(
      `INSERT INTO visits (tenant_id, id, customer_id, visited_at) VALUES ($1, $2, $3, $4)`,
      [this.tenantId, newId(), customerId, visitedAt],
    );
  }

  async zone(name = 'Building A'): Promise<string> {
    const id = newId();
    await this.client.query(`INSERT INTO zones (tenant_id, id, name) VALUES ($1, $2, $3)`, [
      this.tenantId,
      id,
      `${name} ${id.slice(-6)}`,
    ]);
    return id;
  }

  async workOrder(w: {
    zoneId: string;
    assigneeId: string;
    onsiteDueAt: string;
    startedAt?: string | null;
    completedAt?: string | null;
    cancelled?: boolean;
  }): Promise<void> {
    const state = w.cancelled
      ? 'CANCELLED'
      : w.completedAt
        ? 'DONE'
        : w.startedAt
          ? 'IN_PROGRESS'
          : 'ASSIGNED';
    await this.client.query(
      `INSERT INTO work_orders (tenant_id, id, number, source, zone_id, location, priority, description, state, assignee_id,
         accept_due_at, onsite_due_at, started_at, completed_at, cancelled_at)
       VALUES ($1, $2, $3, 'CALL', $4, 'Room 1', 'P3', 'Fix it', $5, $6, $7::timestamptz - interval '1 hour', $7, $8, $9, $10)`,
      [
        this.tenantId,
        newId(),
        await this.nextNumber('work_orders'),
        w.zoneId,
        state,
        w.assigneeId,
        w.onsiteDueAt,
        w.startedAt ?? null,
        w.completedAt ?? null,
        w.cancelled ? w.onsiteDueAt : null,
      ],
    );
  }

  async barsScale(dimension: string, weight: number, active = true): Promise<string> {
    const id = newId();
    await this.client.query(
      `INSERT INTO bars_scales (tenant_id, id, dimension, name, weight, active) VALUES ($1, $2, $3, $3, $4, $5)`,
      [this.tenantId, id, dimension, weight, active],
    );
    return id;
  }

  async rating(
    staffId: string,
    scaleId: string,
    level: number,
    ratedBy: string,
    ratedAt: string,
  ): Promise<void> {
    await this.client.query(
      `INSERT INTO behavior_ratings (tenant_id, id, staff_id, scale_id, level, rated_by, rated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [this.tenantId, newId(), staffId, scaleId, level, ratedBy, ratedAt],
    );
  }

  async bosItem(behavior: string): Promise<string> {
    const id = newId();
    await this.client.query(`INSERT INTO bos_items (tenant_id, id, behavior) VALUES ($1, $2, $3)`, [
      this.tenantId,
      id,
      behavior,
    ]);
    return id;
  }

  async bosRating(
    staffId: string,
    itemId: string,
    frequency: number,
    ratedBy: string,
    ratedAt: string,
  ): Promise<void> {
    await this.client.query(
      `INSERT INTO bos_ratings (tenant_id, id, staff_id, item_id, frequency, rated_by, rated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [this.tenantId, newId(), staffId, itemId, frequency, ratedBy, ratedAt],
    );
  }
}
