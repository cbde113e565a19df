import { Injectable } from '@nestjs/common';
import {
  badInput,
  conflict,
  Cursor,
  newId,
  notFound,
  requireId,
  RequestContext,
  toConnection,
} from '@service-desk/core';
import { Database, PGBOSS_SCHEMA, Queue } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import type { CreatePerformancePeriodInput, PerformancePeriodsArgs } from './dto/performance.input.js';
import type {
  PerformancePeriodConnection,
  PerformancePeriodObject,
  ScorecardComputationObject,
} from './performance.object.js';

export interface PeriodRow {
  id: string;
  label: string;
  starts_on: string;
  ends_on: string;
  last_computed_at: Date | null;
}

export const toPeriod = (row: PeriodRow): PerformancePeriodObject => ({
  id: row.id,
  label: row.label,
  startsOn: row.starts_on,
  endsOn: row.ends_on,
  lastComputedAt: row.last_computed_at,
});

const PERIOD_COLUMNS = `id, label, to_char(starts_on, 'YYYY-MM-DD') AS starts_on, to_char(ends_on, 'YYYY-MM-DD') AS ends_on, last_computed_at`;

/** A calendar date that exists (2026-02-30 does not). */
export function isCalendarDate(text: string): boolean {
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** The period of the tenant in scope, or NOT_FOUND (another tenant's id looks exactly like a missing one). */
export async function requirePeriod(tx: EntityManager, periodId: string, lock = false): Promise<PeriodRow> {
  const id = requireId(periodId, 'Period id');
  const [row]: PeriodRow[] = await tx.query(
    `SELECT ${PERIOD_COLUMNS} FROM performance_periods WHERE tenant_id = app_tenant_id() AND id = $1 ${lock ? 'FOR UPDATE' : ''}`,
    [id],
  );
  if (!row) throw notFound('Period');
  return row;
}

/** Review periods, and handing a period's scorecard computation to the worker. */
@Injectable()
export class PeriodsService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  create(input: CreatePerformancePeriodInput): Promise<PerformancePeriodObject> {
    for (const field of ['startsOn', 'endsOn'] as const) {
      if (!isCalendarDate(input[field]))
        throw badInput(`${field} is not a calendar date`, { fields: [field] });
    }
    if (input.endsOn < input.startsOn)
      throw badInput('endsOn must not be before startsOn', { fields: ['endsOn'] });
    const days = (Date.parse(input.endsOn) - Date.parse(input.startsOn)) / 86_400_000;
    if (days > 366) throw badInput('A period spans at most 366 days', { fields: ['endsOn'] });
    const label = input.label.trim();
    return this.db.transaction(async (tx) => {
      if (input.idempotencyKey) {
        const [existing]: PeriodRow[] = await tx.query(
          `SELECT ${PERIOD_COLUMNS} FROM performance_periods WHERE tenant_id = app_tenant_id() AND idempotency_key = $1`,
          [input.idempotencyKey],
        );
        if (existing) return toPeriod(existing);
      }
      const [row]: PeriodRow[] = await tx.query(
        `INSERT INTO performance_periods (tenant_id, id, label, starts_on, ends_on, idempotency_key, created_by)
         VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING
         RETURNING ${PERIOD_COLUMNS}`,
        [
          newId(),
          label,
          input.startsOn,
          input.endsOn,
          input.idempotencyKey ?? null,
          RequestContext.actor().userId,
        ],
      );
      if (!row) {
        if (input.idempotencyKey) {
          const [raced]: PeriodRow[] = await tx.query(
            `SELECT ${PERIOD_COLUMNS} FROM performance_periods WHERE tenant_id = app_tenant_id() AND idempotency_key = $1`,
            [input.idempotencyKey],
          );
          if (raced) return toPeriod(raced);
        }
        throw conflict(`A period labelled ${label} exists`);
      }
      await this.events.append(tx, {
        type: 'performance.period_created',
        entity: { kind: 'performance_period', id: row.id },
        data: { label: row.label, startsOn: row.starts_on, endsOn: row.ends_on },
      });
      return toPeriod(row);
    });
  }

  list(args: PerformancePeriodsArgs): Promise<PerformancePeriodConnection> {
    const after = args.after ? (Cursor.decode(args.after, 2) as [string, string]) : null;
    return this.db.transaction(async (tx) => {
      const rows: PeriodRow[] = await tx.query(
        `SELECT ${PERIOD_COLUMNS} FROM performance_periods WHERE tenant_id = app_tenant_id()
           AND ($1::date IS NULL OR (starts_on, id) < ($1::date, $2::uuid))
         ORDER BY starts_on DESC, id DESC LIMIT $3`,
        [after?.[0] ?? null, after?.[1] ?? null, args.first + 1],
      );
      return toConnection(rows.map(toPeriod), args.first, (p) => [p.startsOn, p.id]);
    });
  }

  /**
   * Queues the period's computation for the worker in the same transaction as the request's event
   * (the job row is committed with it, or not at all). The job is idempotent, so a second request or
   * a retry only recomputes the drafts.
   */
  requestComputation(periodId: string): Promise<ScorecardComputationObject> {
    const actor = RequestContext.actor();
    return this.db.transaction(async (tx) => {
      const period = await requirePeriod(tx, periodId);
      const [job]: Array<{ id: string }> = await tx.query(
        `INSERT INTO ${PGBOSS_SCHEMA}.job (name, data, retry_limit, retry_delay, retry_backoff, policy, singleton_key)
         SELECT q.name, $2::jsonb, q.retry_limit, greatest(q.retry_delay, 1), q.retry_backoff, q.policy, $3
         FROM ${PGBOSS_SCHEMA}.queue q WHERE q.name = $1
         RETURNING id`,
        [
          Queue.Scorecards,
          JSON.stringify({ tenantId: actor.tenantId, periodId: period.id }),
          `${actor.tenantId}:${period.id}`,
        ],
      );
      if (!job) throw new Error(`Queue ${Queue.Scorecards} is missing: run the migrations`);
      await this.events.append(tx, {
        type: 'performance.scorecards_requested',
        entity: { kind: 'performance_period', id: period.id },
        data: { jobId: job.id },
      });
      return { periodId: period.id, jobId: job.id };
    });
  }
}
