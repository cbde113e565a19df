import { Injectable } from '@nestjs/common';
import {
  badInput,
  conflict,
  Cursor,
  newId,
  notFound,
  RequestContext,
  requireId,
  toConnection,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import type { RecordVisitInput } from './dto/loyalty.input.js';
import type { VisitConnection, VisitImportResultObject, VisitObject } from './loyalty.objects.js';
import { parseVisitCsv, type VisitImportProblem, type VisitImportRow } from './visit-csv.js';

export interface VisitRow {
  id: string;
  customer_id: string;
  visited_at: Date;
  amount: string;
  zone_id: string | null;
  staff_id: string | null;
  external_ref: string | null;
  note: string | null;
  created_at: Date;
}

export const toVisitObject = (row: VisitRow): VisitObject => ({
  id: row.id,
  customerId: row.customer_id,
  visitedAt: row.visited_at,
  amount: Number(row.amount),
  zoneId: row.zone_id,
  staffId: row.staff_id,
  externalRef: row.external_ref,
  note: row.note,
  createdAt: row.created_at,
});

/** A visit ready to be written: every id already checked against the tenant. */
export interface NewVisit {
  customerId: string;
  visitedAt: Date;
  amount: number;
  zoneId: string | null;
  staffId: string | null;
  externalRef: string;
  note: string | null;
}

/** Latest allowed visit time: a little clock skew between tills and the server is fine. */
const SKEW_MS = 5 * 60_000;

const sameVisit = (existing: VisitRow, visit: NewVisit) =>
  existing.customer_id === visit.customerId &&
  existing.visited_at.getTime() === visit.visitedAt.getTime() &&
  Number(existing.amount) === visit.amount &&
  (visit.zoneId === null || existing.zone_id === visit.zoneId) &&
  (visit.staffId === null || existing.staff_id === visit.staffId);

/**
 * Visits (DESIGN section 6.4): recorded one by one at the desk or imported from a till's CSV export.
 * Both go through `applyVisits`, one set-based statement that inserts (idempotent by external
 * reference) and keeps the customer's last visit, visit count and status in the same transaction.
 */
@Injectable()
export class VisitsService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  async record(input: RecordVisitInput): Promise<VisitObject> {
    const customerId = requireId(input.customerId, 'Customer id');
    const zoneId = input.zoneId ? requireId(input.zoneId, 'Zone id') : null;
    const staffId = input.staffId ? requireId(input.staffId, 'Staff id') : null;
    const visitedAt = new Date(input.visitedAt);
    if (Number.isNaN(visitedAt.getTime())) throw badInput('visitedAt is not a valid date-time');
    if (visitedAt.getTime() > Date.now() + SKEW_MS) throw badInput('visitedAt must not be in the future');
    if (visitedAt.getUTCFullYear() < 2000) throw badInput('visitedAt must not be before the year 2000');
    const externalRef = input.externalRef.trim();
    const visit: NewVisit = {
      customerId,
      visitedAt,
      amount: input.amount,
      zoneId,
      staffId,
      externalRef,
      note: input.note?.trim() || null,
    };
    return this.db.transaction(async (tx) => {
      // Zone and staff first: with a made-up customer, a foreign zone still answers "Zone not found".
      if (zoneId && !(await exists(tx, 'zones', zoneId))) throw notFound('Zone');
      if (staffId && !(await exists(tx, 'users', staffId))) throw notFound('Staff member');
      if (!(await exists(tx, 'customers', customerId))) throw notFound('Customer');
      const existing = await this.byRef(tx, externalRef);
      if (existing) return this.replay(existing, visit);
      const { insertedIds } = await applyVisits(tx, [{ id: newId(), ...visit }]);
      if (insertedIds.length === 0)
        return this.replay((await this.byRef(tx, externalRef)) as VisitRow, visit);
      const row = (await this.byRef(tx, externalRef)) as VisitRow;
      await this.events.append(tx, {
        type: 'visit.recorded',
        entity: { kind: 'customer', id: customerId },
        data: { visitId: row.id, amount: visit.amount, zoneId, visitedAt: visitedAt.toISOString() },
      });
      return toVisitObject(row);
    });
  }

  /** Newest first. */
  list(rawCustomerId: string, first: number, after?: string | null): Promise<VisitConnection> {
    const customerId = requireId(rawCustomerId, 'Customer id');
    const [afterAt, afterId] = after ? (Cursor.decode(after, 2) as [string, string]) : [null, null];
    return this.db.transaction(async (tx) => {
      if (!(await exists(tx, 'customers', customerId))) throw notFound('Customer');
      const rows: VisitRow[] = await tx.query(
        `SELECT * FROM visits WHERE tenant_id = app_tenant_id() AND customer_id = $1
           AND ($2::timestamptz IS NULL OR (visited_at, id) < ($2::timestamptz, $3::uuid))
         ORDER BY visited_at DESC, id DESC LIMIT $4`,
        [customerId, afterAt, afterId, first + 1],
      );
      return toConnection(rows.map(toVisitObject), first, (v) => [v.visitedAt.toISOString(), v.id]);
    });
  }

  /**
   * A till's CSV export: every row checked (format in Node, references in one query), the valid ones
   * applied in one statement; a row whose external reference is already recorded with the same data
   * counts as already recorded, so importing a file again applies nothing twice.
   */
  async import(csv: string): Promise<VisitImportResultObject> {
    const parsed = parseVisitCsv(csv, new Date());
    const total = parsed.problems.some((p) => p.row === 0) ? 0 : parsed.rows.length + countRows(parsed);
    if (parsed.rows.length === 0)
      return { rows: total, applied: 0, alreadyRecorded: 0, errors: parsed.problems };
    const problems: VisitImportProblem[] = [...parsed.problems];
    return this.db.transaction(async (tx) => {
      const resolved = await resolveImport(tx, parsed.rows);
      const toApply: Array<NewVisit & { id: string }> = [];
      let already = 0;
      const seen = new Map<string, NewVisit>();
      for (const row of parsed.rows) {
        const match = resolved.get(row.row);
        const problem = (field: string, message: string) => problems.push({ row: row.row, field, message });
        if (!match?.customer_id) {
          problem(row.customerId ? 'customerId' : 'memberNumber', 'No such customer');
          continue;
        }
        if (match.conflicting_customer) {
          problem('customer', 'memberNumber and customerId name different customers');
          continue;
        }
        if (row.zoneName && !match.zone_id) {
          problem('zone', `No zone named "${row.zoneName}"`);
          continue;
        }
        const visit: NewVisit = {
          customerId: match.customer_id,
          visitedAt: row.visitedAt,
          amount: row.amount,
          zoneId: match.zone_id,
          staffId: null,
          externalRef: row.externalRef,
          note: row.note,
        };
        const earlier = seen.get(row.externalRef);
        if (earlier) {
          if (sameVisit(asRow(earlier), visit)) already++;
          else problem('externalRef', 'Appears earlier in the file with different data');
          continue;
        }
        seen.set(row.externalRef, visit);
        if (match.existing) {
          if (sameVisit(match.existing, visit)) already++;
          else problem('externalRef', 'Already records a different visit');
          continue;
        }
        toApply.push({ id: newId(), ...visit });
      }
      const { insertedIds, statusChanges } = await applyVisits(tx, toApply);
      already += toApply.length - insertedIds.length;
      if (insertedIds.length > 0) {
        const [tenant] = await tx.query(`SELECT app_tenant_id() AS id`);
        await this.events.append(tx, {
          type: 'visits.imported',
          entity: { kind: 'tenant', id: tenant.id },
          data: { rows: total, applied: insertedIds.length, alreadyRecorded: already, statusChanges },
        });
      }
      problems.sort((a, b) => a.row - b.row);
      return { rows: total, applied: insertedIds.length, alreadyRecorded: already, errors: problems };
    });
  }

  private byRef(tx: EntityManager, externalRef: string): Promise<VisitRow | undefined> {
    return tx
      .query(`SELECT * FROM visits WHERE tenant_id = app_tenant_id() AND external_ref = $1`, [externalRef])
      .then((rows: VisitRow[]) => rows[0]);
  }

  private replay(existing: VisitRow, visit: NewVisit): VisitObject {
    if (!sameVisit(existing, visit))
      throw conflict(`externalRef "${visit.externalRef}" already records a different visit`);
    return toVisitObject(existing);
  }
}

const asRow = (visit: NewVisit): VisitRow => ({
  id: '',
  customer_id: visit.customerId,
  visited_at: visit.visitedAt,
  amount: String(visit.amount),
  zone_id: visit.zoneId,
  staff_id: visit.staffId,
  external_ref: visit.externalRef,
  note: visit.note,
  created_at: visit.visitedAt,
});

/** Data rows refused by the parser (distinct rows with a problem). */
const countRows = (parsed: { problems: VisitImportProblem[] }) =>
  new Set(parsed.problems.filter((p) => p.row > 0).map((p) => p.row)).size;

async function exists(
  tx: EntityManager,
  table: 'zones' | 'users' | 'customers',
  id: string,
): Promise<boolean> {
  const rows = await tx.query(`SELECT 1 FROM ${table} WHERE tenant_id = app_tenant_id() AND id = $1`, [id]);
  return rows.length > 0;
}

interface ResolvedImportRow {
  row_no: number;
  customer_id: string | null;
  conflicting_customer: boolean;
  zone_id: string | null;
  existing: VisitRow | null;
}

/** Customers (by id or member number), zones (by name) and already recorded references: one query. */
async function resolveImport(
  tx: EntityManager,
  rows: VisitImportRow[],
): Promise<Map<number, ResolvedImportRow>> {
  const result: ResolvedImportRow[] = await tx.query(
    `SELECT i.row_no, coalesce(c1.id, c2.id) AS customer_id,
            (c1.id IS NOT NULL AND c2.id IS NOT NULL AND c1.id <> c2.id) AS conflicting_customer,
            z.id AS zone_id, CASE WHEN v.id IS NULL THEN NULL ELSE to_jsonb(v) END AS existing
     FROM unnest($1::int[], $2::uuid[], $3::text[], $4::text[], $5::text[])
       AS i(row_no, customer_id, member_number, zone_name, external_ref)
     LEFT JOIN customers c1 ON c1.tenant_id = app_tenant_id() AND c1.id = i.customer_id
     LEFT JOIN customers c2 ON c2.tenant_id = app_tenant_id() AND c2.member_number = i.member_number
     LEFT JOIN zones z ON z.tenant_id = app_tenant_id() AND z.name = i.zone_name
     LEFT JOIN visits v ON v.tenant_id = app_tenant_id() AND v.external_ref = i.external_ref`,
    [
      rows.map((r) => r.row),
      rows.map((r) => r.customerId),
      rows.map((r) => r.memberNumber),
      rows.map((r) => r.zoneName),
      rows.map((r) => r.externalRef),
    ],
  );
  return new Map(
    result.map((r) => {
      const existing = r.existing as unknown as Record<string, unknown> | null;
      return [
        r.row_no,
        {
          ...r,
          existing: existing
            ? ({
                ...existing,
                visited_at: new Date(existing.visited_at as string),
                amount: String(existing.amount),
              } as unknown as VisitRow)
            : null,
        },
      ];
    }),
  );
}

/**
 * Writes visits in one statement: inserts (a reference already recorded is skipped), then per customer
 * adds the new visits to the count, moves the last visit forward and, for a visit after the customer
 * was marked CHURNED or AT_RISK, wins them back at once (CHURNED → WON_BACK, AT_RISK → ACTIVE), with a
 * `customer.status_changed` event each. Customers are locked (in id order, as references are inserted
 * in order, so that concurrent imports cannot deadlock), so concurrent visits add up.
 */
export async function applyVisits(
  tx: EntityManager,
  visits: Array<NewVisit & { id: string }>,
): Promise<{ insertedIds: string[]; statusChanges: number }> {
  if (visits.length === 0) return { insertedIds: [], statusChanges: 0 };
  const actorId = RequestContext.actorOrNull()?.userId ?? null;
  const [result] = await tx.query(
    `WITH input AS (
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::numeric[], $5::uuid[], $6::uuid[], $7::text[], $8::text[])
         AS i(id, customer_id, visited_at, amount, zone_id, staff_id, external_ref, note)
     ), inserted AS (
       INSERT INTO visits (tenant_id, id, customer_id, visited_at, amount, zone_id, staff_id, external_ref, note, created_by)
       SELECT app_tenant_id(), id, customer_id, visited_at, amount, zone_id, staff_id, external_ref, note, $9::uuid FROM input
       ORDER BY external_ref
       ON CONFLICT (tenant_id, external_ref) DO NOTHING
       RETURNING id, customer_id, visited_at
     ), per_customer AS (
       SELECT customer_id, count(*)::int AS n, max(visited_at) AS last FROM inserted GROUP BY customer_id
     ), before AS (
       SELECT c.id, c.status, c.status_changed_at,
              c.status IN ('CHURNED', 'AT_RISK') AND p.last > coalesce(c.status_changed_at, '-infinity') AS wins_back
       FROM customers c JOIN per_customer p ON p.customer_id = c.id
       WHERE c.tenant_id = app_tenant_id() ORDER BY c.id FOR UPDATE OF c
     ), updated AS (
       UPDATE customers c SET
         visit_count = c.visit_count + p.n,
         last_visit_at = greatest(c.last_visit_at, p.last),
         status = CASE WHEN b.wins_back THEN (CASE b.status WHEN 'CHURNED' THEN 'WON_BACK' ELSE 'ACTIVE' END) ELSE c.status END,
         status_changed_at = CASE WHEN b.wins_back THEN now() ELSE c.status_changed_at END,
         updated_at = now()
       FROM per_customer p JOIN before b ON b.id = p.customer_id
       WHERE c.tenant_id = app_tenant_id() AND c.id = p.customer_id
       RETURNING c.id, b.status AS old_status, c.status AS new_status
     ), events AS (
       SELECT append_tenant_event('customer.status_changed', 'customer', id, $9::uuid,
                jsonb_build_object('from', old_status, 'to', new_status, 'reason', 'VISIT'))
       FROM updated WHERE old_status <> new_status
     )
     SELECT (SELECT coalesce(json_agg(id), '[]') FROM inserted) AS inserted_ids,
            (SELECT count(*) FROM events)::int AS status_changes,
            (SELECT count(*) FROM updated)::int AS customers`,
    [
      visits.map((v) => v.id),
      visits.map((v) => v.customerId),
      visits.map((v) => v.visitedAt.toISOString()),
      visits.map((v) => v.amount),
      visits.map((v) => v.zoneId),
      visits.map((v) => v.staffId),
      visits.map((v) => v.externalRef),
      visits.map((v) => v.note),
      actorId,
    ],
  );
  return { insertedIds: result.inserted_ids as string[], statusChanges: result.status_changes as number };
}
