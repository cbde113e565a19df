import { Injectable } from '@nestjs/common';
import { Cursor, toConnection } from '@service-desk/core';
import { Database } from '@service-desk/db';
import type { TenantEvent, TenantEventConnection } from './tenant-event.object.js';

interface EventRow {
  seq: string;
  type: string;
  at: Date;
  entity_kind: string;
  entity_id: string;
  actor_id: string | null;
  data: Record<string, unknown>;
}

export const toTenantEvent = (row: EventRow): TenantEvent => ({
  seq: Number(row.seq),
  type: row.type,
  at: row.at,
  entity: { kind: row.entity_kind, id: row.entity_id },
  actorId: row.actor_id,
  data: row.data,
});

@Injectable()
export class EventsService {
  constructor(private readonly db: Database) {}

  /** Events with seq > since, in order; a client fills a gap or catches up with this. */
  page(since: number, first: number, after?: string | null): Promise<TenantEventConnection> {
    const from = after ? Number(Cursor.decode(after, 1)[0]) : since;
    return this.db.transaction(async (tx) => {
      const rows: EventRow[] = await tx.query(
        `SELECT seq, type, at, entity_kind, entity_id, actor_id, data FROM tenant_events
         WHERE tenant_id = app_tenant_id() AND seq > $1 ORDER BY seq LIMIT $2`,
        [from, first + 1],
      );
      const latest: Array<{ last_seq: string }> = await tx.query(
        'SELECT last_seq FROM tenant_event_counters WHERE tenant_id = app_tenant_id()',
      );
      const connection = toConnection(rows.map(toTenantEvent), first, (event) => [event.seq]);
      return { ...connection, latestSeq: Number(latest[0]?.last_seq ?? 0) };
    });
  }
}
