import { Injectable } from '@nestjs/common';
import {
  badInput,
  type Connection,
  Cursor,
  DomainError,
  ErrorCode,
  notFound,
  requireId,
  toConnection,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { RetryMessageInput } from './dto/retry-message.input.js';
import { MessageStatus, SkipReason } from './notification.enums.js';
import {
  type OutboundMessageObject,
  type OutboundMessageRow,
  toOutboundMessageObject,
} from './outbound-message.object.js';

export interface OutboundMessageFilter {
  first: number;
  after?: string | null;
  status?: MessageStatus;
  complaintId?: string;
}

/** Skipped messages that can be sent after all: only a channel that was switched off. */
const RETRYABLE_SKIPS: readonly SkipReason[] = [SkipReason.DISABLED];

/** What the store's managers see of the outbound queue, and the one thing they may do: retry. */
@Injectable()
export class OutboundMessages {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  list(filter: OutboundMessageFilter): Promise<Connection<OutboundMessageObject>> {
    const complaintId = filter.complaintId ? requireId(filter.complaintId, 'Complaint id') : null;
    const [afterAt, afterId] = filter.after
      ? (Cursor.decode(filter.after, 2) as [string, string])
      : [null, null];
    if (afterId !== null && (typeof afterAt !== 'string' || Number.isNaN(Date.parse(afterAt))))
      throw badInput('Malformed cursor');
    if (afterId !== null) requireId(String(afterId), 'Cursor');
    return this.db.transaction(async (tx) => {
      const rows: OutboundMessageRow[] = await tx.query(
        `SELECT * FROM outbound_messages
         WHERE tenant_id = app_tenant_id()
           AND ($1::text IS NULL OR status = $1) AND ($2::uuid IS NULL OR complaint_id = $2)
           AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
         ORDER BY created_at DESC, id DESC LIMIT $5`,
        [filter.status ?? null, complaintId, afterAt, afterId, filter.first + 1],
      );
      return toConnection(rows.map(toOutboundMessageObject), filter.first, (m) => [
        m.createdAt.toISOString(),
        m.id,
      ]);
    });
  }

  /** FAILED, or SKIPPED because the channel was off: back to PENDING with fresh attempts. */
  retry(input: RetryMessageInput): Promise<OutboundMessageObject> {
    const id = requireId(input.messageId, 'Message id');
    return this.db.transaction(async (tx) => {
      const [row]: OutboundMessageRow[] = await tx.query(
        `SELECT * FROM outbound_messages WHERE tenant_id = app_tenant_id() AND id = $1 FOR UPDATE`,
        [id],
      );
      if (!row) throw notFound('Message');
      const retryable =
        row.status === MessageStatus.FAILED ||
        (row.status === MessageStatus.SKIPPED &&
          row.skip_reason !== null &&
          RETRYABLE_SKIPS.includes(row.skip_reason));
      if (!retryable) {
        throw new DomainError(
          ErrorCode.INVALID_TRANSITION,
          row.status === MessageStatus.SKIPPED
            ? `A message skipped for ${row.skip_reason} cannot be sent`
            : `Only a FAILED message can be retried; this one is ${row.status}`,
          { status: row.status, skipReason: row.skip_reason },
        );
      }
      const [[fresh]]: [OutboundMessageRow[], number] = await tx.query(
        `UPDATE outbound_messages SET status = 'PENDING', skip_reason = NULL, attempts = 0, next_attempt_at = now(), updated_at = now()
         WHERE tenant_id = app_tenant_id() AND id = $1 RETURNING *`,
        [id],
      );
      await this.events.append(tx, {
        type: 'message.retry_requested',
        entity: { kind: 'message', id },
        data: { channel: row.channel, template: row.template, complaintId: row.complaint_id },
      });
      return toOutboundMessageObject(fresh);
    });
  }
}
