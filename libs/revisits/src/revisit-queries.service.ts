import { Injectable } from '@nestjs/common';
import { contactVisibility, ContactVisibility } from '@service-desk/customers';
import {
  badInput,
  type Connection,
  Cursor,
  isUuid,
  maskPhone,
  notFound,
  RequestContext,
  requireId,
  Role,
  toConnection,
  toCsvRow,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import type { EntityManager } from 'typeorm';
import type { RevisitStatus } from '@service-desk/complaints';
import { type RevisitAttemptRow, type RevisitRow, toAttemptObject, toRevisitObject } from './revisit-row.js';
import type { RevisitType } from './revisit.enums.js';
import type {
  RevisitArchiveObject,
  RevisitAttemptObject,
  RevisitCount,
  RevisitObject,
  RevisitReportObject,
} from './revisit.object.js';

export interface RevisitFilter {
  types?: RevisitType[] | null;
  statuses?: RevisitStatus[] | null;
  assigneeId?: string | null;
  mine?: boolean | null;
  unassigned?: boolean | null;
  customerId?: string | null;
  zoneId?: string | null;
  dueBefore?: Date | null;
  overdue?: boolean | null;
  first: number;
  after?: string | null;
}

export interface ArchiveFilter {
  customerId?: string | null;
  zoneId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** Most rows one archive export holds (newest first). */
export const ARCHIVE_LIMIT = 5000;
/** Longest period a report covers. */
const MAX_REPORT_DAYS = 400;
const OPEN_SQL = `status IN ('PENDING', 'IN_PROGRESS')`;

type Row = RevisitRow & { due_key: string };

/** Where-clause builder with numbered parameters. */
class Where {
  readonly params: unknown[] = [];
  readonly clauses: string[];
  constructor(alias = '') {
    this.clauses = [`${alias}tenant_id = app_tenant_id()`];
  }
  add(clause: string, ...values: unknown[]): void {
    let sql = clause;
    for (const value of values) {
      this.params.push(value);
      sql = sql.replace('?', `$${this.params.length}`);
    }
    this.clauses.push(sql);
  }
  get sql(): string {
    return this.clauses.join(' AND ');
  }
}

/** A keyset cursor of (due_at as text, id); anything else is BAD_USER_INPUT, never a SQL error. */
function decodeCursor(after: string): [string, string] {
  const [due, id] = Cursor.decode(after, 2);
  if (typeof due !== 'string' || typeof id !== 'string' || !isUuid(id) || Number.isNaN(Date.parse(due))) {
    throw badInput('Malformed cursor');
  }
  return [due, id];
}

/**
 * SUPERVISORY revisits audit the front desk's work: agents do not see them (supervisors, the owner
 * and HR do).
 */
function hideAudits(where: Where, alias = ''): void {
  if (RequestContext.actor().role === Role.AGENT) where.add(`${alias}type <> 'SUPERVISORY'`);
}

type ArchiveRow = RevisitRow & {
  customer_name: string | null;
  phone: string | null;
  zone_name: string | null;
  assignee: string | null;
};

/** Reads of revisits: the work queue, one revisit, its attempts, the archive and the report. */
@Injectable()
export class RevisitQueries {
  constructor(private readonly db: Database) {}

  /** The work queue, soonest due first; keyset-paginated on (due_at, id). */
  list(filter: RevisitFilter): Promise<Connection<RevisitObject>> {
    const where = new Where();
    hideAudits(where);
    if (filter.types?.length) where.add('type = ANY(?)', filter.types);
    if (filter.statuses?.length) where.add('status = ANY(?)', filter.statuses);
    if (filter.assigneeId) where.add('assignee_id = ?', requireId(filter.assigneeId, 'Assignee id'));
    if (filter.mine) where.add('assignee_id = ?', RequestContext.actor().userId);
    if (filter.unassigned === true) where.add('assignee_id IS NULL');
    if (filter.unassigned === false) where.add('assignee_id IS NOT NULL');
    if (filter.customerId) where.add('customer_id = ?', requireId(filter.customerId, 'Customer id'));
    if (filter.zoneId) where.add('zone_id = ?', requireId(filter.zoneId, 'Zone id'));
    if (filter.dueBefore) where.add('due_at < ?', filter.dueBefore);
    if (filter.overdue === true) where.add(`${OPEN_SQL} AND due_at < now()`);
    if (filter.overdue === false) where.add(`NOT (${OPEN_SQL} AND due_at < now())`);
    if (filter.after) where.add('(due_at, id) > (?::timestamptz, ?::uuid)', ...decodeCursor(filter.after));
    return this.db.transaction((tx) => this.page(tx, where, 'due_at, id', filter.first));
  }

  /** A customer's or zone's revisits in a period, newest due first. */
  history(
    filter: ArchiveFilter & { first: number; after?: string | null },
  ): Promise<Connection<RevisitObject>> {
    return this.db.transaction(async (tx) => {
      const where = await this.archiveWhere(tx, filter);
      if (filter.after) where.add('(due_at, id) < (?::timestamptz, ?::uuid)', ...decodeCursor(filter.after));
      return this.page(tx, where, 'due_at DESC, id DESC', filter.first);
    });
  }

  private async page(
    tx: EntityManager,
    where: Where,
    order: string,
    first: number,
  ): Promise<Connection<RevisitObject>> {
    const rows: Row[] = await tx.query(
      `SELECT *, due_at::text AS due_key FROM revisit_tasks WHERE ${where.sql} ORDER BY ${order} LIMIT ${first + 1}`,
      where.params,
    );
    const keys = new Map(rows.map((row) => [row.id, row.due_key]));
    const now = new Date();
    return toConnection(
      rows.map((row) => toRevisitObject(row, now)),
      first,
      (revisit) => [keys.get(revisit.id), revisit.id],
    );
  }

  async get(rawId: string): Promise<RevisitObject> {
    const id = requireId(rawId, 'Revisit id');
    const where = new Where();
    hideAudits(where);
    where.add('id = ?', id);
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query(`SELECT * FROM revisit_tasks WHERE ${where.sql}`, where.params);
      if (!row) throw notFound('Revisit');
      return toRevisitObject(row);
    });
  }

  /** Attempts of many revisits at once (one statement per request, for the `attemptLog` field). */
  attempts(tenantId: string, ids: readonly string[]): Promise<RevisitAttemptObject[][]> {
    return this.db.asTenant({ tenantId }, async (tx) => {
      const rows: RevisitAttemptRow[] = await tx.query(
        `SELECT * FROM revisit_attempts WHERE tenant_id = app_tenant_id() AND revisit_id = ANY($1) ORDER BY revisit_id, number`,
        [ids],
      );
      const byRevisit = new Map<string, RevisitAttemptObject[]>();
      for (const row of rows) {
        byRevisit.set(row.revisit_id, [...(byRevisit.get(row.revisit_id) ?? []), toAttemptObject(row)]);
      }
      return ids.map((id) => byRevisit.get(id) ?? []);
    });
  }

  /** The revisit archive (回访档案) as CSV; the phone as the caller's role may see it. */
  archive(filter: ArchiveFilter): Promise<RevisitArchiveObject> {
    const visibility = contactVisibility(RequestContext.actor().role);
    return this.db.transaction(async (tx) => {
      const where = await this.archiveWhere(tx, filter, 'r.');
      const rows: ArchiveRow[] = await tx.query(
        `SELECT r.*, c.name AS customer_name, c.phone, z.name AS zone_name, u.display_name AS assignee
         FROM revisit_tasks r
         LEFT JOIN customers c ON c.tenant_id = r.tenant_id AND c.id = r.customer_id
         LEFT JOIN zones z ON z.tenant_id = r.tenant_id AND z.id = r.zone_id
         LEFT JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.assignee_id
         WHERE ${where.sql} ORDER BY r.due_at DESC, r.id DESC LIMIT ${ARCHIVE_LIMIT}`,
        where.params,
      );
      return toArchive(rows, visibility);
    });
  }

  /** Counts by type and status of the revisits due in [from, to), and the on-time rate. */
  async report(from: Date, to: Date): Promise<RevisitReportObject> {
    if (!(from < to)) throw badInput('The period must end after it starts');
    if (to.getTime() - from.getTime() > MAX_REPORT_DAYS * 86_400_000) {
      throw badInput(`A report covers at most ${MAX_REPORT_DAYS} days`);
    }
    return this.db.transaction(async (tx) => {
      const counts: RevisitCount[] = await tx.query(
        `SELECT type, status, count(*)::int AS count FROM revisit_tasks
         WHERE tenant_id = app_tenant_id() AND due_at >= $1 AND due_at < $2 GROUP BY type, status ORDER BY type, status`,
        [from, to],
      );
      const [totals]: Array<{ due: number; on_time: number; mean: string | null }> = await tx.query(
        `SELECT count(*) FILTER (WHERE status <> 'CANCELLED')::int AS due,
           count(*) FILTER (WHERE status = 'COMPLETED' AND completed_at <= due_at)::int AS on_time,
           avg(satisfaction) FILTER (WHERE status = 'COMPLETED') AS mean
         FROM revisit_tasks WHERE tenant_id = app_tenant_id() AND due_at >= $1 AND due_at < $2`,
        [from, to],
      );
      return {
        from,
        to,
        counts,
        due: totals.due,
        completedOnTime: totals.on_time,
        onTimeRate: totals.due ? totals.on_time / totals.due : null,
        meanSatisfaction: totals.mean === null ? null : Number(totals.mean),
      };
    });
  }

  /** Filter of a customer's or zone's archive; the customer or zone must exist in the tenant. */
  private async archiveWhere(tx: EntityManager, filter: ArchiveFilter, alias = ''): Promise<Where> {
    if (!filter.customerId && !filter.zoneId) throw badInput('Give a customer or a zone');
    if (filter.from && filter.to && !(filter.from < filter.to)) {
      throw badInput('The period must end after it starts');
    }
    const where = new Where(alias);
    hideAudits(where, alias);
    if (filter.customerId) {
      const customerId = requireId(filter.customerId, 'Customer id');
      await exists(tx, 'customers', customerId, 'Customer');
      where.add(`${alias}customer_id = ?`, customerId);
    }
    if (filter.zoneId) {
      const zoneId = requireId(filter.zoneId, 'Zone id');
      await exists(tx, 'zones', zoneId, 'Zone');
      where.add(`${alias}zone_id = ?`, zoneId);
    }
    if (filter.from) where.add(`${alias}due_at >= ?`, filter.from);
    if (filter.to) where.add(`${alias}due_at < ?`, filter.to);
    return where;
  }
}

async function exists(
  tx: EntityManager,
  table: 'customers' | 'zones',
  id: string,
  what: string,
): Promise<void> {
  const [row] = await tx.query(`SELECT 1 FROM ${table} WHERE tenant_id = app_tenant_id() AND id = $1`, [id]);
  if (!row) throw notFound(what);
}

/** The archive rows as CSV, header first. */
function toArchive(rows: ArchiveRow[], visibility: ContactVisibility): RevisitArchiveObject {
  const phone = (value: string | null) =>
    visibility === ContactVisibility.FULL
      ? value
      : visibility === ContactVisibility.MASKED
        ? maskPhone(value)
        : null;
  const lines = [
    toCsvRow([
      'Due',
      'Type',
      'Status',
      'Customer',
      'Phone',
      'Zone',
      'Assignee',
      'Attempts',
      'Satisfaction',
      'Completed',
      'Notes',
      'Follow-up',
      'Survey answers',
      'Cancel reason',
    ]),
    ...rows.map((row) =>
      toCsvRow([
        row.due_at.toISOString(),
        row.type,
        row.status,
        row.customer_name,
        phone(row.phone),
        row.zone_name,
        row.assignee,
        row.attempts,
        row.satisfaction,
        row.completed_at?.toISOString(),
        row.notes,
        row.follow_up,
        (row.survey_answers ?? []).map((a) => `${a.question}: ${a.answer}`).join(' | '),
        row.cancel_reason,
      ]),
    ),
  ];
  return { count: rows.length, csv: `${lines.join('\r\n')}\r\n` };
}
