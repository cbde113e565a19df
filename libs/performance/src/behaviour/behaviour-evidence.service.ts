import { Injectable } from '@nestjs/common';
import { uniqueViolation } from '@service-desk/auth';
import {
  badInput,
  type Connection,
  newId,
  notFound,
  RequestContext,
  requireId,
  toConnection,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import { BehaviourTeam } from './behaviour-team.service.js';
import { decodeAfter, type EvidenceFilter } from './evidence-page.js';
import type { IncidentKind } from './behaviour.enums.js';
import type { BehaviorRatingObject, CriticalIncidentObject } from './behaviour-evidence.object.js';
import type { RateBehaviorInput, RecordCriticalIncidentInput } from './dto/behaviour-evidence.input.js';

interface IncidentRow {
  id: string;
  staff_id: string;
  kind: IncidentKind;
  description: string;
  occurred_at: Date;
  complaint_id: string | null;
  work_order_id: string | null;
  recorded_by: string;
  created_at: Date;
}

interface RatingRow {
  id: string;
  staff_id: string;
  scale_id: string;
  dimension: string;
  scale_name: string;
  level: number;
  anchor: string | null;
  comment: string | null;
  incident_ids: string[];
  rated_by: string;
  rated_at: Date;
  /** rated_at with microseconds, for the cursor. */
  sort_at: string;
}

const toIncidentObject = (row: IncidentRow): CriticalIncidentObject => ({
  id: row.id,
  staffId: row.staff_id,
  kind: row.kind,
  description: row.description,
  occurredAt: row.occurred_at,
  complaintId: row.complaint_id,
  workOrderId: row.work_order_id,
  recordedById: row.recorded_by,
  createdAt: row.created_at,
});

const toRatingObject = (row: RatingRow): BehaviorRatingObject => ({
  id: row.id,
  staffId: row.staff_id,
  scaleId: row.scale_id,
  dimension: row.dimension,
  scaleName: row.scale_name,
  level: row.level,
  anchor: row.anchor,
  comment: row.comment,
  incidentIds: row.incident_ids,
  ratedById: row.rated_by,
  ratedAt: row.rated_at,
});

const RATING_SELECT = `
  SELECT r.id, r.staff_id, r.scale_id, s.dimension, s.name AS scale_name, r.level, a.anchor, r.comment,
         r.rated_by, r.rated_at, to_char(r.rated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_at,
         coalesce((SELECT array_agg(ri.incident_id ORDER BY ri.incident_id) FROM behavior_rating_incidents ri
                    WHERE ri.tenant_id = r.tenant_id AND ri.rating_id = r.id), '{}') AS incident_ids
    FROM behavior_ratings r
    JOIN bars_scales s ON s.tenant_id = r.tenant_id AND s.id = r.scale_id
    LEFT JOIN bars_anchors a ON a.tenant_id = r.tenant_id AND a.scale_id = r.scale_id AND a.level = r.level`;

const INCIDENT_KEY_TAKEN = 'critical_incidents_tenant_id_idempotency_key_key';
/** Clock skew tolerated for an incident's time. */
const FUTURE_SKEW_MS = 5 * 60_000;

/**
 * Critical incidents and BARS ratings: supervisors record them for their team, the owner for anyone
 * (BehaviourTeam). One transaction per use case with its `incident.recorded` / `behavior.rated` event.
 * Events carry ids only, never the level or the kind: agents follow the whole tenant feed, and a
 * colleague's rating is confidential review evidence (read through the queries, with their rules).
 */
@Injectable()
export class BehaviourEvidenceService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
    private readonly team: BehaviourTeam,
  ) {}

  async recordIncident(input: RecordCriticalIncidentInput): Promise<CriticalIncidentObject> {
    const actor = RequestContext.actor();
    const staffId = requireId(input.staffId, 'Staff id');
    const complaintId = input.complaintId ? requireId(input.complaintId, 'Complaint id') : null;
    const workOrderId = input.workOrderId ? requireId(input.workOrderId, 'Work order id') : null;
    if (input.occurredAt.getTime() > Date.now() + FUTURE_SKEW_MS)
      throw badInput('occurredAt must not be in the future');
    try {
      return await this.db.transaction(async (tx) => {
        // Rights first: a replayed key answers only a caller who may record for this staff member.
        await this.team.requireRaterOf(tx, [staffId]);
        if (input.idempotencyKey) {
          const existing = await this.incidentByKey(tx, input.idempotencyKey);
          if (existing) return existing;
        }
        if (complaintId) {
          const [found] = await tx.query(
            `SELECT 1 FROM complaints WHERE tenant_id = app_tenant_id() AND id = $1`,
            [complaintId],
          );
          if (!found) throw notFound('Complaint');
        }
        if (workOrderId) {
          const [found] = await tx.query(
            `SELECT 1 FROM work_orders WHERE tenant_id = app_tenant_id() AND id = $1`,
            [workOrderId],
          );
          if (!found) throw notFound('Work order');
        }
        const [row]: IncidentRow[] = await tx.query(
          `INSERT INTO critical_incidents (tenant_id, id, staff_id, kind, description, occurred_at, complaint_id,
             work_order_id, recorded_by, idempotency_key)
           VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING *`,
          [
            newId(),
            staffId,
            input.kind,
            input.description.trim(),
            input.occurredAt,
            complaintId,
            workOrderId,
            actor.userId,
            input.idempotencyKey ?? null,
          ],
        );
        await this.events.append(tx, {
          type: 'incident.recorded',
          entity: { kind: 'critical_incident', id: row.id },
          data: { staffId, complaintId, workOrderId },
        });
        return toIncidentObject(row);
      });
    } catch (error) {
      // A concurrent call with the same key committed first: answer its incident.
      if (input.idempotencyKey && uniqueViolation(error) === INCIDENT_KEY_TAKEN) {
        const key = input.idempotencyKey;
        const existing = await this.db.transaction((tx) => this.incidentByKey(tx, key));
        if (existing) return existing;
      }
      throw error;
    }
  }

  async rate(input: RateBehaviorInput): Promise<BehaviorRatingObject> {
    const actor = RequestContext.actor();
    const staffId = requireId(input.staffId, 'Staff id');
    const scaleId = requireId(input.scaleId, 'Scale id');
    const incidentIds = [...new Set((input.incidentIds ?? []).map((id) => requireId(id, 'Incident id')))];
    return this.db.transaction(async (tx) => {
      await this.team.requireRaterOf(tx, [staffId]);
      const [scale]: Array<{ active: boolean; dimension: string }> = await tx.query(
        `SELECT active, dimension FROM bars_scales WHERE tenant_id = app_tenant_id() AND id = $1`,
        [scaleId],
      );
      if (!scale) throw notFound('BARS scale');
      if (!scale.active) throw badInput('The BARS scale is retired');
      if (incidentIds.length > 0) {
        const incidents: Array<{ id: string; staff_id: string }> = await tx.query(
          `SELECT id, staff_id FROM critical_incidents WHERE tenant_id = app_tenant_id() AND id = ANY($1::uuid[])`,
          [incidentIds],
        );
        if (incidents.length !== incidentIds.length) throw notFound('Critical incident');
        if (incidents.some((incident) => incident.staff_id !== staffId))
          throw badInput('Cited incidents must be about the staff member rated');
      }
      const id = newId();
      await tx.query(
        `INSERT INTO behavior_ratings (tenant_id, id, staff_id, scale_id, level, comment, rated_by)
         VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6)`,
        [id, staffId, scaleId, input.level, input.comment?.trim() || null, actor.userId],
      );
      if (incidentIds.length > 0) {
        await tx.query(
          `INSERT INTO behavior_rating_incidents (tenant_id, rating_id, incident_id)
           SELECT app_tenant_id(), $1, unnest($2::uuid[])`,
          [id, incidentIds],
        );
      }
      const [row]: RatingRow[] = await tx.query(
        `${RATING_SELECT} WHERE r.tenant_id = app_tenant_id() AND r.id = $1`,
        [id],
      );
      await this.events.append(tx, {
        type: 'behavior.rated',
        entity: { kind: 'behavior_rating', id },
        data: { staffId, scaleId, dimension: scale.dimension, incidentIds },
      });
      return toRatingObject(row);
    });
  }

  /** A staff member's incidents, newest first. */
  incidents(
    filter: EvidenceFilter & { kind?: IncidentKind | null },
  ): Promise<Connection<CriticalIncidentObject>> {
    const [afterAt, afterId] = decodeAfter(filter.after);
    return this.db.transaction(async (tx) => {
      const staff = await this.team.requireReaderOf(tx, filter.staffId);
      const rows: IncidentRow[] = await tx.query(
        `SELECT * FROM critical_incidents
          WHERE tenant_id = app_tenant_id() AND staff_id = $1
            AND ($2::timestamptz IS NULL OR occurred_at >= $2) AND ($3::timestamptz IS NULL OR occurred_at < $3)
            AND ($4::text IS NULL OR kind = $4)
            AND ($5::timestamptz IS NULL OR (occurred_at, id) < ($5::timestamptz, $6::uuid))
          ORDER BY occurred_at DESC, id DESC LIMIT $7`,
        [
          staff.id,
          filter.from ?? null,
          filter.to ?? null,
          filter.kind ?? null,
          afterAt,
          afterId,
          filter.first + 1,
        ],
      );
      return toConnection(rows.map(toIncidentObject), filter.first, (incident) => [
        incident.occurredAt.toISOString(),
        incident.id,
      ]);
    });
  }

  /** A staff member's BARS ratings, newest first. */
  ratings(filter: EvidenceFilter): Promise<Connection<BehaviorRatingObject>> {
    const [afterAt, afterId] = decodeAfter(filter.after);
    return this.db.transaction(async (tx) => {
      const staff = await this.team.requireReaderOf(tx, filter.staffId);
      const rows: RatingRow[] = await tx.query(
        `${RATING_SELECT}
          WHERE r.tenant_id = app_tenant_id() AND r.staff_id = $1
            AND ($2::timestamptz IS NULL OR r.rated_at >= $2) AND ($3::timestamptz IS NULL OR r.rated_at < $3)
            AND ($4::timestamptz IS NULL OR (r.rated_at, r.id) < ($4::timestamptz, $5::uuid))
          ORDER BY r.rated_at DESC, r.id DESC LIMIT $6`,
        [staff.id, filter.from ?? null, filter.to ?? null, afterAt, afterId, filter.first + 1],
      );
      const page = toConnection(rows, filter.first, (row) => [row.sort_at, row.id]);
      return {
        ...page,
        edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: toRatingObject(edge.node) })),
      };
    });
  }

  private async incidentByKey(tx: EntityManager, key: string): Promise<CriticalIncidentObject | null> {
    const [row]: IncidentRow[] = await tx.query(
      `SELECT * FROM critical_incidents WHERE tenant_id = app_tenant_id() AND idempotency_key = $1`,
      [key],
    );
    return row ? toIncidentObject(row) : null;
  }
}
