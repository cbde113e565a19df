import { Injectable } from '@nestjs/common';
import { badInput, newId, notFound, RequestContext, requireId } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
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
        data: { staffId, itemId, frequency: input.frequency },
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
}
