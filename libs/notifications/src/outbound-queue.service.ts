import { Injectable } from '@nestjs/common';
import { newId } from '@service-desk/core';
import type { EntityManager } from 'typeorm';
import {
  type MessageChannel,
  MessageStatus,
  type MessageTemplate,
  SkipReason,
} from './notification.enums.js';

/** A message to queue for a customer, written in the caller's transaction. */
export interface OutboundMessage {
  channel: MessageChannel;
  template: MessageTemplate;
  /** E-mail address or phone number; null records the message as SKIPPED (NO_ADDRESS). */
  recipient: string | null;
  subject: string;
  body: string;
  /** Unique per tenant: the same key queues the message once however often it is enqueued. */
  dedupeKey: string;
  customerId?: string | null;
  complaintId?: string | null;
  /**
   * The customer asked for this message (the answer to their own complaint), so it goes out without
   * `consent_to_contact`. Otherwise a message to a customer without consent is SKIPPED (NO_CONSENT).
   */
  solicited?: boolean;
  /** Recorded but not sent (the caller already knows why). */
  skip?: SkipReason | null;
}

export interface EnqueuedMessage {
  id: string;
  status: MessageStatus;
  /** False when a message with the same dedupe key was already queued. */
  created: boolean;
}

/**
 * The outbound queue's only writer. Other features call `enqueue` inside their own transaction, so a
 * message exists exactly when the change that caused it is committed; the worker delivers it.
 */
@Injectable()
export class OutboundQueue {
  async enqueue(tx: EntityManager, message: OutboundMessage): Promise<EnqueuedMessage> {
    let skip = message.skip ?? (message.recipient?.trim() ? null : SkipReason.NO_ADDRESS);
    if (!skip && message.customerId && !message.solicited) {
      const [customer] = await tx.query(
        `SELECT consent_to_contact FROM customers WHERE tenant_id = app_tenant_id() AND id = $1`,
        [message.customerId],
      );
      if (!customer?.consent_to_contact) skip = SkipReason.NO_CONSENT;
    }
    const status = skip ? MessageStatus.SKIPPED : MessageStatus.PENDING;
    const [row] = await tx.query(
      `INSERT INTO outbound_messages (tenant_id, id, customer_id, complaint_id, channel, template, recipient, subject, body,
         status, skip_reason, dedupe_key)
       VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (tenant_id, dedupe_key) DO NOTHING
       RETURNING id, status`,
      [
        newId(),
        message.customerId ?? null,
        message.complaintId ?? null,
        message.channel,
        message.template,
        message.recipient?.trim() || null,
        message.subject,
        message.body,
        status,
        skip,
        message.dedupeKey,
      ],
    );
    if (row) return { id: row.id, status: row.status, created: true };
    const [existing] = await tx.query(
      `SELECT id, status FROM outbound_messages WHERE tenant_id = app_tenant_id() AND dedupe_key = $1`,
      [message.dedupeKey],
    );
    return { id: existing.id, status: existing.status, created: false };
  }
}
