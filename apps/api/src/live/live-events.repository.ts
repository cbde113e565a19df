import { Injectable } from '@nestjs/common';
import { Database } from '@service-desk/db';
import type { LiveEnvelope } from '@service-desk/live-client';

interface EventRow {
  seq: string;
  type: string;
  at: Date;
  entity_kind: string;
  entity_id: string;
  data: Record<string, unknown>;
}

const toEnvelope = (row: EventRow): LiveEnvelope => ({
  seq: Number(row.seq),
  type: row.type,
  at: row.at.toISOString(),
  entity: { kind: row.entity_kind, id: row.entity_id },
  data: row.data,
});

/** Reads of the tenant event log for the live feed, each under the tenant's RLS scope. */
@Injectable()
export class LiveEventsRepository {
  constructor(private readonly db: Database) {}

  /** Committed events with seq > after, oldest first, at most `limit`. */
  after(tenantId: string, after: number, limit: number): Promise<LiveEnvelope[]> {
    return this.db.asTenant({ tenantId }, async (tx) => {
      const rows: EventRow[] = await tx.query(
        `SELECT seq, type, at, entity_kind, entity_id, data FROM tenant_events
         WHERE tenant_id = app_tenant_id() AND seq > $1 ORDER BY seq LIMIT $2`,
        [after, limit],
      );
      return rows.map(toEnvelope);
    });
  }

  /** The tenant's last committed seq (0 before its first event). */
  latestSeq(tenantId: string): Promise<number> {
    return this.db.asTenant({ tenantId }, async (tx) => {
      const rows: Array<{ last_seq: string }> = await tx.query(
        'SELECT last_seq FROM tenant_event_counters WHERE tenant_id = app_tenant_id()',
      );
      return Number(rows[0]?.last_seq ?? 0);
    });
  }

  /** A replay: up to `limit` events after `since`, then the latest seq (read after them). */
  replay(
    tenantId: string,
    since: number,
    limit: number,
  ): Promise<{ events: LiveEnvelope[]; latest: number }> {
    return this.db.asTenant({ tenantId }, async (tx) => {
      const rows: EventRow[] = await tx.query(
        `SELECT seq, type, at, entity_kind, entity_id, data FROM tenant_events
         WHERE tenant_id = app_tenant_id() AND seq > $1 ORDER BY seq LIMIT $2`,
        [since, limit],
      );
      const latest: Array<{ last_seq: string }> = await tx.query(
        'SELECT last_seq FROM tenant_event_counters WHERE tenant_id = app_tenant_id()',
      );
      return { events: rows.map(toEnvelope), latest: Number(latest[0]?.last_seq ?? 0) };
    });
  }
}
