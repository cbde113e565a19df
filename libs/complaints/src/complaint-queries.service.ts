import { Injectable } from '@nestjs/common';
import { Cursor, requireId, toConnection } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { toTenantEvent, type TenantEvent } from '@service-desk/events';
import type { ComplaintState } from './complaint-lifecycle.js';
import { type ComplaintRow, toComplaintObject } from './complaint-row.js';
import type { Category, Channel, SeverityLevel } from './complaint.enums.js';
import type {
  ComplaintConnection,
  ComplaintNoteObject,
  EscalationObject,
  PauseObject,
  PromiseObject,
  ProposalObject,
  RevisitTaskObject,
} from './complaint.object.js';

export interface ComplaintFilter {
  states?: ComplaintState[] | null;
  category?: Category | null;
  severity?: SeverityLevel | null;
  channel?: Channel | null;
  handlerId?: string | null;
  customerId?: string | null;
  overdue?: boolean | null;
  text?: string | null;
  first: number;
  after?: string | null;
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The deadline that matters in the state, as SQL (matches dueAtOf); open-ended ones sort last. */
const DUE_SQL = `CASE WHEN state = 'RECEIVED' THEN first_reply_due_at WHEN state IN ('RESOLVED', 'CLOSED') THEN NULL ELSE resolution_due_at END`;
const SORT_SQL = `coalesce(${DUE_SQL}, 'infinity'::timestamptz)`;

/** Reads of complaints: the queue, the case library and the per-complaint details, batched per request. */
@Injectable()
export class ComplaintQueries {
  constructor(private readonly db: Database) {}

  /** The queue, soonest deadline first; keyset-paginated on (deadline, id). */
  list(filter: ComplaintFilter): Promise<ComplaintConnection> {
    const params: unknown[] = [];
    const where: string[] = ['tenant_id = app_tenant_id()'];
    const add = (clause: string, value: unknown) => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (filter.states?.length) add('state = ANY(?)', filter.states);
    if (filter.category) add('category = ?', filter.category);
    if (filter.severity) add('severity = ?', filter.severity);
    if (filter.channel) add('channel = ?', filter.channel);
    if (filter.handlerId) add('handler_id = ?', requireId(filter.handlerId, 'Handler id'));
    if (filter.customerId) add('customer_id = ?', requireId(filter.customerId, 'Customer id'));
    if (filter.overdue === true) where.push(`${DUE_SQL} < now()`);
    if (filter.overdue === false) where.push(`(${DUE_SQL} IS NULL OR ${DUE_SQL} >= now())`);
    if (filter.text?.trim())
      add(`(title || ' ' || description) ILIKE ?`, `%${escapeLike(filter.text.trim())}%`);
    if (filter.after) {
      const [due, id] = Cursor.decode(filter.after, 2) as [string, string];
      params.push(due, id);
      where.push(`(${SORT_SQL}, id) > ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(filter.first + 1);
    return this.db.transaction(async (tx) => {
      const rows: Array<ComplaintRow & { sort_key: Date | string }> = await tx.query(
        `SELECT *, ${SORT_SQL} AS sort_key FROM complaints WHERE ${where.join(' AND ')}
         ORDER BY ${SORT_SQL}, id LIMIT $${params.length}`,
        params,
      );
      const byId = new Map(rows.map((row) => [row.id, row.sort_key]));
      return toConnection(rows.map(toComplaintObject), filter.first, (c) => [
        sortKeyText(byId.get(c.id)),
        c.id,
      ]);
    });
  }

  /** Evaluated cases in the library, matching Chinese or English text anywhere (substring, trigram-indexed). */
  caseLibrary(
    search: string | null | undefined,
    first: number,
    after?: string | null,
  ): Promise<ComplaintConnection> {
    const [afterAt, afterId] = after ? (Cursor.decode(after, 2) as [string, string]) : [null, null];
    return this.db.transaction(async (tx) => {
      const rows: ComplaintRow[] = await tx.query(
        `SELECT * FROM complaints
         WHERE tenant_id = app_tenant_id() AND in_case_library AND state = 'CLOSED'
           AND ($1::text IS NULL OR (title || ' ' || description || ' ' || coalesce(root_cause, '') || ' ' || coalesce(preventive_action, '')) ILIKE $1)
           AND ($2::timestamptz IS NULL OR (evaluated_at, id) < ($2::timestamptz, $3::uuid))
         ORDER BY evaluated_at DESC, id DESC LIMIT $4`,
        [search?.trim() ? `%${escapeLike(search.trim())}%` : null, afterAt, afterId, first + 1],
      );
      return toConnection(rows.map(toComplaintObject), first, (c) => [c.evaluatedAt?.toISOString(), c.id]);
    });
  }

  notes(tenantId: string, ids: readonly string[]): Promise<ComplaintNoteObject[][]> {
    return this.grouped(
      tenantId,
      ids,
      `SELECT complaint_id, id, visibility, body, author_id, at FROM complaint_notes WHERE tenant_id = app_tenant_id() AND complaint_id = ANY($1) ORDER BY at, id`,
      (r) => ({
        id: r.id,
        visibility: r.visibility,
        body: r.body,
        authorId: r.author_id,
        at: r.at,
      }),
    );
  }

  escalations(tenantId: string, ids: readonly string[]): Promise<EscalationObject[][]> {
    return this.grouped(
      tenantId,
      ids,
      `SELECT * FROM complaint_escalations WHERE tenant_id = app_tenant_id() AND complaint_id = ANY($1) ORDER BY at, id`,
      (r) => ({
        id: r.id,
        fromLevel: r.from_level,
        toLevel: r.to_level,
        fromHandlerId: r.from_handler_id,
        toHandlerId: r.to_handler_id,
        reason: r.reason,
        agreedReplyAt: r.agreed_reply_at,
        bySystem: r.by_system,
        at: r.at,
      }),
    );
  }

  promises(tenantId: string, ids: readonly string[]): Promise<PromiseObject[][]> {
    return this.grouped(
      tenantId,
      ids,
      `SELECT * FROM complaint_promises WHERE tenant_id = app_tenant_id() AND complaint_id = ANY($1) ORDER BY made_at, id`,
      (r) => ({
        id: r.id,
        kind: r.kind,
        dueAt: r.due_at,
        madeAt: r.made_at,
        keptAt: r.kept_at,
        brokenAt: r.broken_at,
      }),
    );
  }

  pauses(tenantId: string, ids: readonly string[]): Promise<PauseObject[][]> {
    return this.grouped(
      tenantId,
      ids,
      `SELECT * FROM complaint_pauses WHERE tenant_id = app_tenant_id() AND complaint_id = ANY($1) ORDER BY started_at, id`,
      (r) => ({
        reason: r.reason,
        startedAt: r.started_at,
        endedAt: r.ended_at,
      }),
    );
  }

  revisits(tenantId: string, ids: readonly string[]): Promise<RevisitTaskObject[][]> {
    return this.grouped(
      tenantId,
      ids,
      `SELECT * FROM revisit_tasks WHERE tenant_id = app_tenant_id() AND complaint_id = ANY($1) ORDER BY created_at, id`,
      (r) => ({
        id: r.id,
        type: r.type,
        status: r.status,
        dueAt: r.due_at,
        assigneeId: r.assignee_id,
        satisfaction: r.satisfaction,
      }),
    );
  }

  async proposals(tenantId: string, ids: readonly string[]): Promise<ProposalObject[][]> {
    return this.db.asTenant({ tenantId }, async (tx) => {
      const proposals = await tx.query(
        `SELECT * FROM complaint_proposals WHERE tenant_id = app_tenant_id() AND complaint_id = ANY($1) ORDER BY round, id`,
        [ids],
      );
      const options = await tx.query(
        `SELECT * FROM complaint_proposal_options WHERE tenant_id = app_tenant_id() AND proposal_id = ANY($1) ORDER BY position`,
        [proposals.map((p: { id: string }) => p.id)],
      );
      const byComplaint = new Map<string, ProposalObject[]>(ids.map((id) => [id, []]));
      for (const p of proposals) {
        byComplaint.get(p.complaint_id)?.push({
          id: p.id,
          round: p.round,
          status: p.status,
          proposedById: p.proposed_by,
          proposedAt: p.proposed_at,
          decidedAt: p.decided_at,
          customerComment: p.customer_comment,
          options: options
            .filter((o: { proposal_id: string }) => o.proposal_id === p.id)
            .map(
              (o: {
                id: string;
                remedy: never;
                amount: string;
                points: number | null;
                description: string;
                accepted: boolean;
              }) => ({
                id: o.id,
                remedy: o.remedy,
                amount: Number(o.amount),
                points: o.points,
                description: o.description,
                accepted: o.accepted,
              }),
            ),
        });
      }
      return ids.map((id) => byComplaint.get(id) ?? []);
    });
  }

  /** Every event about the complaints (and the revisits and work orders that name them). */
  timeline(tenantId: string, ids: readonly string[]): Promise<TenantEvent[][]> {
    return this.grouped(
      tenantId,
      ids,
      `SELECT coalesce(CASE WHEN entity_kind = 'complaint' THEN entity_id END, (data->>'complaintId')::uuid) AS complaint_id,
              seq, type, at, entity_kind, entity_id, actor_id, data
       FROM tenant_events
       WHERE tenant_id = app_tenant_id()
         AND ((entity_kind = 'complaint' AND entity_id = ANY($1)) OR (data ? 'complaintId' AND (data->>'complaintId')::uuid = ANY($1)))
       ORDER BY seq`,
      toTenantEvent,
    );
  }

  private grouped<T>(
    tenantId: string,
    ids: readonly string[],
    sql: string,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    map: (row: any) => T,
  ): Promise<T[][]> {
    return this.db.asTenant({ tenantId }, async (tx) => {
      const rows: Array<{ complaint_id: string }> = await tx.query(sql, [ids]);
      const groups = new Map<string, T[]>(ids.map((id) => [id, []]));
      for (const row of rows) groups.get(row.complaint_id)?.push(map(row));
      return ids.map((id) => groups.get(id) ?? []);
    });
  }
}

function sortKeyText(value: Date | string | undefined): string {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'infinity' : value.toISOString();
  return String(value ?? 'infinity');
}
