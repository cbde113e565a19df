import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import {
  Category,
  ComplaintsService,
  ComplaintState,
  PublicIntakeService,
  SeverityLevel,
  titleOf,
} from '@service-desk/complaints';
import { RateLimiter } from '@service-desk/auth';
import { badInput, config, DomainError, ErrorCode, newId, RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import { clip, stripQuotedHistory, trackingCodeIn } from './mail-rules.js';

const HOUR = 3_600_000;

/** One parsed inbound mail, already checked for size, loops and sender. */
export interface InboundMail {
  /** The Message-ID header; a mail delivered twice is recorded once. */
  messageId: string | null;
  fromAddress: string;
  fromName: string | null;
  subject: string;
  text: string;
  sizeBytes: number;
}

export interface IntakeOutcome {
  kind: 'COMPLAINT' | 'CUSTOMER_REPLY';
  complaintId: string;
  trackingCode: string;
  /** The same Message-ID had already been received: nothing new was written. */
  duplicate: boolean;
}

/**
 * Turns a mail to a store's intake address into a complaint (channel EMAIL, so the manual's 24 h first
 * reply clock runs) or, when the subject carries one of this store's tracking codes and the sender is
 * that complaint's customer, into the customer's reply on it. One transaction under the store's RLS
 * scope, acting as the system.
 */
@Injectable()
export class MailIntakeService {
  constructor(
    private readonly db: Database,
    private readonly complaints: ComplaintsService,
    private readonly intake: PublicIntakeService,
    private readonly events: EventLog,
    private readonly limiter: RateLimiter,
  ) {}

  /** The store tenant behind an intake slug, or null. */
  async storeBySlug(slug: string): Promise<string | null> {
    const [tenant] = await this.db.query<{ id: string }>('SELECT id FROM public_tenant_by_slug($1)', [slug]);
    return tenant?.id ?? null;
  }

  /** Counts against the public intake's limit per sender and store (PUBLIC_INTAKE_MAX_PER_HOUR). */
  async receive(tenantId: string, mail: InboundMail): Promise<IntakeOutcome> {
    const hits = await this.limiter.hit(`mail-intake:${tenantId}:${mail.fromAddress.toLowerCase()}`, HOUR);
    if (hits > config().PUBLIC_INTAKE_MAX_PER_HOUR)
      throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many mails from this sender; try again later');
    return RequestContext.run(
      {
        requestId: `mail-intake:${tenantId}`,
        actor: { userId: null, tenantId, chainId: '', role: 'SYSTEM' },
      },
      () => this.db.asTenant({ tenantId }, (tx) => this.record(tx, mail)),
    );
  }

  private async record(tx: EntityManager, mail: InboundMail): Promise<IntakeOutcome> {
    const messageId = clip(mail.messageId?.trim() || `generated:${newId()}`, 500);
    const [seen] = await tx.query(
      `SELECT m.kind, m.complaint_id, c.tracking_code FROM inbound_mails m
       JOIN complaints c ON c.tenant_id = m.tenant_id AND c.id = m.complaint_id
       WHERE m.tenant_id = app_tenant_id() AND m.message_id = $1`,
      [messageId],
    );
    if (seen)
      return {
        kind: seen.kind,
        complaintId: seen.complaint_id,
        trackingCode: seen.tracking_code,
        duplicate: true,
      };

    const subject = clip(mail.subject.replace(/\s+/g, ' ').trim(), 300);
    const words = stripQuotedHistory(mail.text);
    const reply = await this.replyTarget(tx, trackingCodeIn(subject), mail.fromAddress);
    let outcome: IntakeOutcome;
    let customerId: string | null;
    if (reply) {
      if (!words) throw badInput('The reply has no text of its own');
      const body = clip(words, 4900);
      if (reply.state === ComplaintState.AWAITING_CUSTOMER) {
        await this.complaints.recordCustomerReply({ complaintId: reply.id, reply: body }, tx);
      } else {
        await this.complaints.recordCustomerMessage(
          { complaintId: reply.id, message: body, via: 'e-mail' },
          tx,
        );
      }
      customerId = reply.customer_id;
      outcome = {
        kind: 'CUSTOMER_REPLY',
        complaintId: reply.id,
        trackingCode: reply.tracking_code,
        duplicate: false,
      };
    } else {
      const description = clip(words || subject, 5000);
      if (!description) throw badInput('The mail has neither a subject nor any text');
      customerId = await this.customerFor(tx, mail);
      const row = await this.complaints.insert(tx, {
        customerId,
        contactName: mail.fromName ? clip(mail.fromName, 120) : null,
        contactPhone: null,
        contactEmail: mail.fromAddress,
        channel: 'EMAIL',
        category: Category.OTHER,
        subcategory: null,
        severity: SeverityLevel.NORMAL,
        title: subject ? clip(subject, 200) : titleOf(description),
        description,
        idempotencyKey: `email:${createHash('sha256').update(messageId).digest('hex').slice(0, 48)}`,
        submittedBy: null,
        handlerId: await this.intake.firstHandler(tx),
      });
      outcome = { kind: 'COMPLAINT', complaintId: row.id, trackingCode: row.tracking_code, duplicate: false };
    }
    await tx.query(
      `INSERT INTO inbound_mails (tenant_id, id, message_id, sender, subject, kind, complaint_id, customer_id, size_bytes)
       VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        newId(),
        messageId,
        mail.fromAddress,
        subject || null,
        outcome.kind,
        outcome.complaintId,
        customerId,
        mail.sizeBytes,
      ],
    );
    return outcome;
  }

  /**
   * The complaint a reply belongs to: the tracking code must be one of this store's (RLS sees no other)
   * and the sender must be the complaint's customer; otherwise the mail is a new complaint.
   */
  private async replyTarget(
    tx: EntityManager,
    code: string | null,
    from: string,
  ): Promise<{
    id: string;
    state: ComplaintState;
    tracking_code: string;
    customer_id: string | null;
  } | null> {
    if (!code) return null;
    const [row] = await tx.query(
      `SELECT c.id, c.state, c.tracking_code, c.customer_id FROM complaints c
       LEFT JOIN customers cu ON cu.tenant_id = c.tenant_id AND cu.id = c.customer_id
       WHERE c.tenant_id = app_tenant_id() AND c.tracking_code = $1
         AND lower(coalesce(cu.email, c.contact_email)) = lower($2)`,
      [code, from],
    );
    return row ?? null;
  }

  /** The store's customer with this address, or a new one (no consent to contact until they give it). */
  private async customerFor(tx: EntityManager, mail: InboundMail): Promise<string> {
    const [existing] = await tx.query(
      `SELECT id FROM customers WHERE tenant_id = app_tenant_id() AND lower(email) = lower($1) ORDER BY created_at, id LIMIT 1`,
      [mail.fromAddress],
    );
    if (existing) return existing.id;
    const id = newId();
    const name = clip(
      mail.fromName?.trim() || mail.fromAddress.slice(0, mail.fromAddress.lastIndexOf('@')),
      120,
    );
    await tx.query(
      `INSERT INTO customers (tenant_id, id, name, email) VALUES (app_tenant_id(), $1, $2, $3)`,
      [id, name, mail.fromAddress],
    );
    await this.events.append(tx, {
      type: 'customer.created',
      entity: { kind: 'customer', id },
      data: { tier: 'STANDARD', via: 'EMAIL' },
    });
    return id;
  }
}
