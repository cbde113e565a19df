import { Injectable } from '@nestjs/common';
import { RequestContext } from '@service-desk/core';
import type { EntityManager } from 'typeorm';

export interface NewEvent {
  type: string;
  entity: { kind: string; id: string };
  /** Ids, states and non-sensitive summary fields only: never customer PII. */
  data?: Record<string, unknown>;
}

/**
 * Appends to the tenant's sequenced event log inside the caller's transaction, so an event exists
 * exactly when the change it describes was committed.
 */
@Injectable()
export class EventLog {
  async append(tx: EntityManager, event: NewEvent): Promise<number> {
    const actorId = RequestContext.actorOrNull()?.userId ?? null;
    const rows: Array<{ seq: string }> = await tx.query(
      'SELECT append_tenant_event($1, $2, $3, $4, $5) AS seq',
      [event.type, event.entity.kind, event.entity.id, actorId, JSON.stringify(event.data ?? {})],
    );
    return Number(rows[0].seq);
  }
}
