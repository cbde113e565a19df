import { Injectable } from '@nestjs/common';
import { RateLimiter } from '@service-desk/auth';
import { config, DomainError, ErrorCode, notFound, RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import type { EntityManager } from 'typeorm';
import { Category, SeverityLevel } from './complaint.enums.js';
import type { PublicComplaintReceipt, PublicComplaintStatus } from './complaint.object.js';
import { ComplaintsService } from './complaints.service.js';
import type { SubmitPublicComplaintInput } from './dto/submit-complaint.input.js';

const HOUR = 3_600_000;

/**
 * The public side of the desk: a customer files a complaint on the web without an account and follows
 * it with a tracking code. Nothing here reveals staff names or internal notes.
 */
@Injectable()
export class PublicIntakeService {
  constructor(
    private readonly db: Database,
    private readonly complaints: ComplaintsService,
    private readonly limiter: RateLimiter,
  ) {}

  async submit(input: SubmitPublicComplaintInput, address: string): Promise<PublicComplaintReceipt> {
    const [tenant] = await this.db.query<{ id: string }>('SELECT id FROM public_tenant_by_slug($1)', [
      input.tenantSlug,
    ]);
    if (!tenant) throw notFound('Store');
    if (!input.phone && !input.email)
      throw new DomainError(
        ErrorCode.BAD_USER_INPUT,
        'Give a phone number or an e-mail so the store can answer you',
      );
    const hits = await this.limiter.hit(`public-intake:${tenant.id}:${address}`, HOUR);
    if (hits > config().PUBLIC_INTAKE_MAX_PER_HOUR)
      throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many complaints from this address; try again later');
    return RequestContext.run({ requestId: RequestContext.requestId() ?? 'public' }, () =>
      this.db.asTenant({ tenantId: tenant.id }, async (tx) => {
        const description = input.description.trim();
        const row = await this.complaints.insert(tx, {
          customerId: null,
          contactName: input.name.trim(),
          contactPhone: input.phone ?? null,
          contactEmail: input.email ?? null,
          channel: 'WEB',
          category: input.category ?? Category.OTHER,
          subcategory: null,
          severity: SeverityLevel.NORMAL,
          title: titleOf(description),
          description,
          idempotencyKey: input.idempotencyKey ? `public:${input.idempotencyKey}` : null,
          submittedBy: null,
          handlerId: await this.firstHandler(tx),
        });
        return { trackingCode: row.tracking_code, firstReplyDueAt: row.first_reply_due_at };
      }),
    );
  }

  async status(code: string, address: string): Promise<PublicComplaintStatus> {
    if ((await this.limiter.hit(`public-status:${address}`, 60_000)) > 60) {
      throw new DomainError(ErrorCode.RATE_LIMITED, 'Too many look-ups; try again in a minute');
    }
    const [hit] = await this.db.query<{ tenant_id: string; id: string }>(
      'SELECT * FROM complaint_by_tracking_code($1)',
      [code.trim().toUpperCase()],
    );
    if (!hit) throw notFound('Complaint');
    return this.db.asTenant({ tenantId: hit.tenant_id }, async (tx) => {
      const [row] = await tx.query(
        `SELECT tracking_code, state, title, received_at, updated_at FROM complaints WHERE tenant_id = app_tenant_id() AND id = $1`,
        [hit.id],
      );
      const messages = await tx.query(
        `SELECT body, at FROM complaint_notes WHERE tenant_id = app_tenant_id() AND complaint_id = $1 AND visibility = 'PUBLIC' ORDER BY at, id`,
        [hit.id],
      );
      return {
        trackingCode: row.tracking_code,
        state: row.state,
        title: row.title,
        receivedAt: row.received_at,
        updatedAt: row.updated_at,
        messages: messages.map((m: { body: string; at: Date }) => ({ body: m.body, at: m.at })),
      };
    });
  }

  /**
   * The least busy active agent takes a web (or e-mailed) complaint; supervisors and the owner when
   * there is none.
   */
  async firstHandler(tx: EntityManager): Promise<string | null> {
    const [candidate] = await tx.query(
      `SELECT u.id FROM users u
       LEFT JOIN complaints c ON c.tenant_id = u.tenant_id AND c.handler_id = u.id AND c.state NOT IN ('RESOLVED', 'CLOSED')
       WHERE u.tenant_id = app_tenant_id() AND u.active AND u.role IN ('AGENT', 'SUPERVISOR', 'OWNER')
       GROUP BY u.id, u.role
       ORDER BY CASE u.role WHEN 'AGENT' THEN 0 WHEN 'SUPERVISOR' THEN 1 ELSE 2 END, count(c.id), u.id LIMIT 1`,
    );
    return candidate?.id ?? null;
  }
}

/** The first 60 characters (code points, so no emoji is cut in half) of the description. */
export function titleOf(description: string): string {
  const characters = Array.from(description);
  return characters.length > 60 ? `${characters.slice(0, 57).join('')}...` : description;
}
