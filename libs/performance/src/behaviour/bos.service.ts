import { Injectable } from '@nestjs/common';
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
import { decodeAfter, type EvidenceFilter } from './evidence-page.js';
import { BehaviourTeam } from './behaviour-team.service.js';
import type { BosItemObject, BosRatingObject } from './bos.object.js';
import type { CreateBosItemInput, RateBehaviorFrequencyInput } from './dto/behaviour-evidence.input.js';

interface ItemRow {
  id: string;
  behavior: string;
  active: boolean;
  position: number;
  created_at: Date;
}

interface RatingRow {
  id: string;
  staff_id: string;
  item_id: string;
  behavior: string;
  frequency: number;
  rated_by: string;
  rated_at: Date;
  sort_at: string;
}

const toItemObject = (row: ItemRow): BosItemObject => ({
  id: row.id,
  behavior: row.behavior,
  active: row.active,
  position: row.position,
  createdAt: row.created_at,
});

/**
 * Behaviour observation scale (行为观察评价法): owners and HR define the behaviours, supervisors
 * (their team) and the owner rate how often each is seen, 1 almost never … 5 almost always.
 */
@Injectable()
export class BosService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
    private readonly team: BehaviourTeam,
  ) {}

  items(filter: { active?: boolean | null }): Promise<BosItemObject[]> {
    return this.db.transaction(async (tx) => {
      const rows: ItemRow[] = await tx.query(
        `SELECT * FROM bos_items WHERE tenant_id = app_tenant_id() AND ($1::boolean IS NULL OR active = $1)
         ORDER BY position, id`,
        [filter.active ?? null],
      );
      return rows.map(toItemObject);
    });
  }

  createItem(input: CreateBosItemInput): Promise<BosItemObject> {
    return this.db.transaction(async (tx) => {
      const [row]: ItemRow[] = await tx.query(
        `INSERT INTO bos_items (tenant_id, id, behavior, position)
         VALUES (app_tenant_id(), $1, $2,
                 (SELECT coalesce(max(position), 0) + 1 FROM bos_items WHERE tenant_id = app_tenant_id()))
         RETURNING *`,
        [newId(), input.behavior.trim()],
      );
      await this.events.append(tx, {
        type: 'bos.item_created',
        entity: { kind: 'bos_item', id: row.id },
        data: { behavior: row.behavior, position: row.position },
      });
      return toItemObject(row);
    });
  }

  rateFrequency(input: RateBehaviorFrequencyInput): Promise<BosRatingObject> {
    const actor = RequestContext.actor();
    const staffId = requireId(input.staffId, 'Staff id');
    const itemId = requireId(input.itemId, 'BOS item id');
    return this.db.transaction(async (tx) => {
      await this.team.requireRaterOf(tx, [staffId]);
      const [item]: ItemRow[] = await tx.query(
        `SELECT * FROM bos_items WHERE tenant_id = app_tenant_id() AND id = $1`,
        [itemId],
      );
      if (!item) throw notFound('BOS item');
      if (!item.active) throw badInput('The BOS item is retired');
      const [row]: Array<{ id: string; rated_at: Date }> = await tx.query(
        `INSERT INTO bos_ratings (tenant_id, id, staff_id, item_id, frequency, rated_by)
         VALUES (app_tenant_id(), $1, $2, $3, $4, $5) RETURNING id, rated_at`,
        [newId(), staffId, itemId, input.frequency, actor.userId],
      );
      await this.events.append(tx, {
        type: 'bos.rated',
        entity: { kind: 'bos_rating', id: row.id },
        data: { staffId, itemId },
      });
      return {
        id: row.id,
        staffId,
        itemId,
        behavior: item.behavior,
        frequency: input.frequency,
        ratedById: actor.userId as string,
        ratedAt: row.rated_at,
      };
    });
  }

  /** A staff member's BOS frequency ratings, newest first. */
  ratings(filter: EvidenceFilter): Promise<Connection<BosRatingObject>> {
    const [afterAt, afterId] = decodeAfter(filter.after);
    return this.db.transaction(async (tx) => {
      const staff = await this.team.requireReaderOf(tx, filter.staffId);
      const rows: Array<RatingRow> = await tx.query(
        `SELECT r.id, r.staff_id, r.item_id, i.behavior, r.frequency, r.rated_by, r.rated_at,
                to_char(r.rated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS sort_at
           FROM bos_ratings r JOIN bos_items i ON i.tenant_id = r.tenant_id AND i.id = r.item_id
          WHERE r.tenant_id = app_tenant_id() AND r.staff_id = $1
            AND ($2::timestamptz IS NULL OR r.rated_at >= $2) AND ($3::timestamptz IS NULL OR r.rated_at < $3)
            AND ($4::timestamptz IS NULL OR (r.rated_at, r.id) < ($4::timestamptz, $5::uuid))
          ORDER BY r.rated_at DESC, r.id DESC LIMIT $6`,
        [staff.id, filter.from ?? null, filter.to ?? null, afterAt, afterId, filter.first + 1],
      );
      const page = toConnection(rows, filter.first, (row) => [row.sort_at, row.id]);
      return {
        ...page,
        edges: page.edges.map((edge) => ({
          cursor: edge.cursor,
          node: {
            id: edge.node.id,
            staffId: edge.node.staff_id,
            itemId: edge.node.item_id,
            behavior: edge.node.behavior,
            frequency: edge.node.frequency,
            ratedById: edge.node.rated_by,
            ratedAt: edge.node.rated_at,
          },
        })),
      };
    });
  }
}
