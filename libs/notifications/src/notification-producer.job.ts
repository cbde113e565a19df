import { Injectable } from '@nestjs/common';
import { RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import type { EntityManager } from 'typeorm';
import { routeComplaintMessage } from './delivery-policy.js';
import { acknowledgementMessage, type ComplaintFacts, resolutionMessage } from './message-templates.js';
import { MessageTemplate } from './notification.enums.js';
import { OutboundQueue } from './outbound-queue.service.js';

const BATCH = 200;
const MAX_BATCHES = 20;

/** Which events become which customer message. */
const TEMPLATE_OF_EVENT: Record<string, MessageTemplate> = {
  'complaint.acknowledged': MessageTemplate.ACKNOWLEDGEMENT,
  'complaint.resolved': MessageTemplate.RESOLUTION,
};

interface EventRow {
  seq: string;
  type: string;
  data: { promisedReplyAt?: string };
  complaint_id: string;
  tracking_code: string;
  title: string;
  channel: string;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  filed_by_customer: boolean;
  resolution_summary: string | null;
  customer_id: string | null;
  customer_name: string | null;
  customer_email: string | null;
  customer_phone: string | null;
  consent_to_contact: boolean | null;
}

export interface ProducerResult {
  events: number;
  enqueued: number;
}

/**
 * Reads the tenant's event log after its cursor and queues the customer messages the events call for.
 * The cursor row is locked and moved in the same transaction that queues the messages, and every
 * message's dedupe key is its event's sequence number: a second run, or two at once, queues nothing
 * twice, and a run killed midway leaves the cursor where its last commit put it.
 */
@Injectable()
export class NotificationProducerJob {
  constructor(
    private readonly db: Database,
    private readonly queue: OutboundQueue,
  ) {}

  async run(tenantId: string): Promise<ProducerResult> {
    const total: ProducerResult = { events: 0, enqueued: 0 };
    return RequestContext.run(
      {
        requestId: `notification-producer:${tenantId}`,
        actor: { userId: null, tenantId, chainId: '', role: 'SYSTEM' },
      },
      async () => {
        for (let batch = 0; batch < MAX_BATCHES; batch++) {
          const result = await this.db.asTenant({ tenantId }, (tx) => this.batch(tx));
          total.events += result.events;
          total.enqueued += result.enqueued;
          if (!result.more) break;
        }
        return total;
      },
    );
  }

  private async batch(tx: EntityManager): Promise<ProducerResult & { more: boolean }> {
    await tx.query(
      `INSERT INTO notification_cursors (tenant_id) VALUES (app_tenant_id()) ON CONFLICT (tenant_id) DO NOTHING`,
    );
    const [cursor] = await tx.query(
      `SELECT last_seq FROM notification_cursors WHERE tenant_id = app_tenant_id() FOR UPDATE`,
    );
    const from = Number(cursor.last_seq);
    // The head is read first: every event up to it is committed (seq is handed out in commit order).
    const [{ head }] = await tx.query(
      `SELECT coalesce(max(seq), 0) AS head FROM tenant_events WHERE tenant_id = app_tenant_id()`,
    );
    const upTo = Number(head);
    if (upTo <= from) return { events: 0, enqueued: 0, more: false };
    const rows: EventRow[] = await tx.query(
      `SELECT e.seq, e.type, e.data, c.id AS complaint_id, c.tracking_code, c.title, c.channel, c.contact_name,
         c.contact_email, c.contact_phone, c.submitted_by IS NULL AS filed_by_customer, c.resolution_summary,
         c.customer_id, cu.name AS customer_name, cu.email AS customer_email, cu.phone AS customer_phone,
         cu.consent_to_contact
       FROM tenant_events e
       JOIN complaints c ON c.tenant_id = e.tenant_id AND c.id = e.entity_id
       LEFT JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
       WHERE e.tenant_id = app_tenant_id() AND e.seq > $1 AND e.seq <= $2 AND e.entity_kind = 'complaint'
         AND e.type = ANY($3)
       ORDER BY e.seq LIMIT $4`,
      [from, upTo, Object.keys(TEMPLATE_OF_EVENT), BATCH],
    );
    const more = rows.length === BATCH;
    const reached = more ? Number(rows[rows.length - 1].seq) : upTo;
    let enqueued = 0;
    if (rows.length > 0) {
      const [store] = await tx.query(`SELECT name, time_zone FROM tenants WHERE id = app_tenant_id()`);
      for (const row of rows) {
        const template = TEMPLATE_OF_EVENT[row.type];
        const route = routeComplaintMessage(
          {
            complaintChannel: row.channel,
            customerEmail: row.customer_email,
            customerPhone: row.customer_phone,
            consentToContact: Boolean(row.consent_to_contact),
            contactEmail: row.contact_email,
            contactPhone: row.contact_phone,
            filedByCustomer: row.filed_by_customer,
          },
          template,
        );
        const facts: ComplaintFacts = {
          storeName: store.name,
          timeZone: store.time_zone,
          trackingCode: row.tracking_code,
          title: row.title,
          customerName: row.customer_name ?? row.contact_name,
          promisedReplyAt: row.data.promisedReplyAt ? new Date(row.data.promisedReplyAt) : null,
          resolutionSummary: row.resolution_summary,
        };
        const text =
          template === MessageTemplate.ACKNOWLEDGEMENT
            ? acknowledgementMessage(facts, route.channel)
            : resolutionMessage(facts, route.channel);
        const result = await this.queue.enqueue(tx, {
          channel: route.channel,
          template,
          recipient: route.recipient,
          subject: text.subject,
          body: text.body,
          dedupeKey: `event:${row.seq}`,
          customerId: row.customer_id,
          complaintId: row.complaint_id,
          // The route already applied the consent rule (including the complaint's own answer).
          solicited: true,
          skip: route.skip,
        });
        if (result.created) enqueued++;
      }
    }
    await tx.query(
      `UPDATE notification_cursors SET last_seq = $1, updated_at = now() WHERE tenant_id = app_tenant_id()`,
      [reached],
    );
    return { events: rows.length, enqueued, more };
  }
}
