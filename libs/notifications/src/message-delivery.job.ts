import { Injectable } from '@nestjs/common';
import { config, durationMs, logger } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { afterFailure, retryDelayMs } from './delivery-policy.js';
import { MessageTransports } from './message-transports.js';
import { type MessageChannel, MessageStatus, SkipReason } from './notification.enums.js';

/** A claimed message is hidden from other workers this long; a worker that died mid-send is retried after it. */
const CLAIM_LEASE = '5 minutes';

interface ClaimedMessage {
  id: string;
  channel: MessageChannel;
  recipient: string;
  subject: string;
  body: string;
  attempts: number;
  store_slug: string;
}

export interface DeliveryResult {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

export interface DeliveryOptions {
  batchSize?: number;
  maxBatches?: number;
}

/**
 * Delivers due PENDING messages of one tenant in small batches. Claiming is one UPDATE over rows picked
 * with FOR UPDATE SKIP LOCKED that counts the attempt and moves `next_attempt_at` a lease ahead, and it
 * commits before anything is sent: two workers never hold the same message, and no transaction stays
 * open during SMTP or HTTP. The outcome is written only if the message is still the claimed attempt.
 */
@Injectable()
export class MessageDeliveryJob {
  constructor(
    private readonly db: Database,
    private readonly transports: MessageTransports,
  ) {}

  async run(tenantId: string, options: DeliveryOptions = {}): Promise<DeliveryResult> {
    const batchSize = options.batchSize ?? 10;
    const maxBatches = options.maxBatches ?? 20;
    const result: DeliveryResult = { sent: 0, retried: 0, failed: 0, skipped: 0 };
    for (let batch = 0; batch < maxBatches; batch++) {
      const claimed = await this.claim(tenantId, batchSize);
      for (const message of claimed) result[await this.deliver(tenantId, message)]++;
      if (claimed.length < batchSize) break;
    }
    return result;
  }

  private claim(tenantId: string, batchSize: number): Promise<ClaimedMessage[]> {
    return this.db.asTenant({ tenantId }, async (tx) => {
      // TypeORM answers an UPDATE … RETURNING with [rows, rowCount].
      const [rows] = await tx.query(
        `UPDATE outbound_messages m
         SET attempts = m.attempts + 1, next_attempt_at = now() + interval '${CLAIM_LEASE}', updated_at = now()
         FROM (
           SELECT id FROM outbound_messages
           WHERE tenant_id = app_tenant_id() AND status = 'PENDING' AND next_attempt_at <= now()
           ORDER BY next_attempt_at, id LIMIT $1
           FOR UPDATE SKIP LOCKED
         ) due
         WHERE m.tenant_id = app_tenant_id() AND m.id = due.id
         RETURNING m.id, m.channel, m.recipient, m.subject, m.body, m.attempts,
           (SELECT slug FROM tenants WHERE id = app_tenant_id()) AS store_slug`,
        [batchSize],
      );
      return rows as ClaimedMessage[];
    });
  }

  private async deliver(tenantId: string, message: ClaimedMessage): Promise<keyof DeliveryResult> {
    if (!this.transports.enabled(message.channel)) {
      await this.finish(tenantId, message, {
        status: MessageStatus.SKIPPED,
        skip: SkipReason.DISABLED,
        error: null,
      });
      return 'skipped';
    }
    try {
      const { INBOUND_SMTP_PORT, INBOUND_MAIL_DOMAIN } = config();
      const providerId = await this.transports.send({
        ...message,
        // With the intake listening, a reply to the e-mail lands on the complaint it quotes.
        replyTo: INBOUND_SMTP_PORT !== undefined ? `${message.store_slug}@${INBOUND_MAIL_DOMAIN}` : null,
      });
      await this.finish(tenantId, message, { status: MessageStatus.SENT, providerId, error: null });
      return 'sent';
    } catch (error) {
      const reason = (error instanceof Error ? error.message : String(error)).slice(0, 1000);
      const { NOTIFY_MAX_ATTEMPTS, NOTIFY_RETRY_BASE } = config();
      if (afterFailure(message.attempts, NOTIFY_MAX_ATTEMPTS) === 'FAIL') {
        logger().warn({ tenantId, messageId: message.id, attempts: message.attempts }, 'message failed');
        await this.finish(tenantId, message, { status: MessageStatus.FAILED, error: reason });
        return 'failed';
      }
      const delay = retryDelayMs(message.attempts, durationMs(NOTIFY_RETRY_BASE));
      await this.finish(tenantId, message, {
        status: MessageStatus.PENDING,
        error: reason,
        retryInMs: delay,
      });
      return 'retried';
    }
  }

  private async finish(
    tenantId: string,
    message: ClaimedMessage,
    outcome: {
      status: MessageStatus;
      error: string | null;
      skip?: SkipReason;
      providerId?: string | null;
      retryInMs?: number;
    },
  ): Promise<void> {
    await this.db.asTenant({ tenantId }, (tx) =>
      tx.query(
        `UPDATE outbound_messages
         SET status = $3, skip_reason = $4, last_error = coalesce($5, last_error), provider_id = coalesce($6, provider_id),
           sent_at = CASE WHEN $3 = 'SENT' THEN now() ELSE sent_at END,
           next_attempt_at = CASE WHEN $7::integer IS NULL THEN next_attempt_at ELSE now() + make_interval(secs => $7::integer / 1000.0) END,
           updated_at = now()
         WHERE tenant_id = app_tenant_id() AND id = $1 AND attempts = $2 AND status = 'PENDING'`,
        [
          message.id,
          message.attempts,
          outcome.status,
          outcome.skip ?? null,
          outcome.error,
          outcome.providerId ?? null,
          outcome.retryInMs ?? null,
        ],
      ),
    );
  }
}
