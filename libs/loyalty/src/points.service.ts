import { Injectable } from '@nestjs/common';
import {
  conflict,
  Cursor,
  newId,
  notFound,
  RequestContext,
  requireId,
  toConnection,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import { QueryFailedError, type EntityManager } from 'typeorm';
import type { AdjustPointsInput, EarnPointsInput, RedeemPointsInput } from './dto/loyalty.input.js';
import { PointsKind, type PointsPostingConnection, type PointsPostingObject } from './loyalty.objects.js';
import { LoyaltySettingsService } from './loyalty-settings.service.js';

export interface PostingRow {
  id: string;
  customer_id: string;
  kind: PointsKind;
  points: number;
  balance_after: number;
  idempotency_key: string;
  reason: string | null;
  expires_at: Date | null;
  complaint_id: string | null;
  visit_id: string | null;
  actor_id: string | null;
  created_at: Date;
}

export const toPostingObject = (row: PostingRow): PointsPostingObject => ({
  id: row.id,
  customerId: row.customer_id,
  kind: row.kind,
  points: row.points,
  balanceAfter: row.balance_after,
  reason: row.reason,
  idempotencyKey: row.idempotency_key,
  expiresAt: row.expires_at,
  complaintId: row.complaint_id,
  visitId: row.visit_id,
  actorId: row.actor_id,
  createdAt: row.created_at,
});

interface Posting {
  customerId: string;
  kind: PointsKind;
  /** Signed: credits positive, debits negative. */
  points: number;
  idempotencyKey: string;
  reason: string | null;
  visitId?: string | null;
}

/**
 * The points ledger (DESIGN section 6.4): append-only postings, each with an idempotency key; the
 * balance lives in the customer's loyalty account row, locked FOR UPDATE by every posting and guarded
 * by CHECK (points_balance >= 0), so concurrent redemptions can never overdraw it.
 */
@Injectable()
export class PointsService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  earn(input: EarnPointsInput): Promise<PointsPostingObject> {
    return this.post({
      customerId: requireId(input.customerId, 'Customer id'),
      kind: PointsKind.EARN,
      points: input.points,
      idempotencyKey: input.idempotencyKey,
      reason: input.reason?.trim() || null,
      visitId: input.visitId ? requireId(input.visitId, 'Visit id') : null,
    });
  }

  redeem(input: RedeemPointsInput): Promise<PointsPostingObject> {
    return this.post({
      customerId: requireId(input.customerId, 'Customer id'),
      kind: PointsKind.REDEEM,
      points: -input.points,
      idempotencyKey: input.idempotencyKey,
      reason: input.reason?.trim() || null,
    });
  }

  adjust(input: AdjustPointsInput): Promise<PointsPostingObject> {
    return this.post({
      customerId: requireId(input.customerId, 'Customer id'),
      kind: PointsKind.ADJUST,
      points: input.points,
      idempotencyKey: input.idempotencyKey,
      reason: input.reason.trim(),
    });
  }

  /** Newest first. */
  ledger(rawCustomerId: string, first: number, after?: string | null): Promise<PointsPostingConnection> {
    const customerId = requireId(rawCustomerId, 'Customer id');
    const [afterAt, afterId] = after ? (Cursor.decode(after, 2) as [string, string]) : [null, null];
    return this.db.transaction(async (tx) => {
      const customer = await tx.query(
        `SELECT 1 FROM customers WHERE tenant_id = app_tenant_id() AND id = $1`,
        [customerId],
      );
      if (customer.length === 0) throw notFound('Customer');
      const rows: PostingRow[] = await tx.query(
        `SELECT * FROM points_ledger WHERE tenant_id = app_tenant_id() AND customer_id = $1
           AND ($2::timestamptz IS NULL OR (created_at, id) < ($2::timestamptz, $3::uuid))
         ORDER BY created_at DESC, id DESC LIMIT $4`,
        [customerId, afterAt, afterId, first + 1],
      );
      return toConnection(rows.map(toPostingObject), first, (p) => [p.createdAt.toISOString(), p.id]);
    });
  }

  /** Balances of customers of the caller's tenant (0 for customers without an account yet). */
  balances(tenantId: string, customerIds: readonly string[]): Promise<number[]> {
    return this.db.asTenant({ tenantId }, async (tx) => {
      const rows: Array<{ customer_id: string; points_balance: number }> = await tx.query(
        `SELECT customer_id, points_balance FROM loyalty_accounts WHERE tenant_id = app_tenant_id() AND customer_id = ANY($1::uuid[])`,
        [customerIds],
      );
      const byId = new Map(rows.map((row) => [row.customer_id, row.points_balance]));
      return customerIds.map((id) => byId.get(id) ?? 0);
    });
  }

  private async post(posting: Posting): Promise<PointsPostingObject> {
    try {
      return await this.db.transaction(async (tx) => {
        const replay = await this.replay(tx, posting);
        if (replay) return replay;
        const customer = await tx.query(
          `SELECT 1 FROM customers WHERE tenant_id = app_tenant_id() AND id = $1`,
          [posting.customerId],
        );
        if (customer.length === 0) throw notFound('Customer');
        if (posting.visitId) {
          const visit = await tx.query(
            `SELECT 1 FROM visits WHERE tenant_id = app_tenant_id() AND id = $1 AND customer_id = $2`,
            [posting.visitId, posting.customerId],
          );
          if (visit.length === 0) throw notFound('Visit');
        }
        const balance = await lockAccount(tx, posting.customerId);
        // A posting with the same key may have committed while this one waited for the lock.
        const late = await this.replay(tx, posting);
        if (late) return late;
        if (balance + posting.points < 0)
          throw conflict(
            `Insufficient points: the balance is ${balance}, ${-posting.points} ${posting.kind === PointsKind.REDEEM ? 'requested' : 'to remove'}`,
          );
        const rules = await LoyaltySettingsService.rules(tx);
        const actorId = RequestContext.actorOrNull()?.userId ?? null;
        const [row]: PostingRow[] = await tx.query(
          `INSERT INTO points_ledger (tenant_id, id, customer_id, kind, points, balance_after, idempotency_key, reason,
             expires_at, visit_id, actor_id)
           VALUES (app_tenant_id(), $1, $2, $3, $4, $5, $6, $7,
             CASE WHEN $4::int > 0 THEN now() + make_interval(months => $8::int) END, $9, $10)
           ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
           RETURNING *`,
          [
            newId(),
            posting.customerId,
            posting.kind,
            posting.points,
            balance + posting.points,
            posting.idempotencyKey,
            posting.reason,
            rules.pointsExpiryMonths,
            posting.visitId ?? null,
            actorId,
          ],
        );
        // The key was taken concurrently (for another customer, or this one would have waited above).
        if (!row) return (await this.replay(tx, posting)) as PointsPostingObject;
        await tx.query(
          `UPDATE loyalty_accounts SET points_balance = $2, updated_at = now() WHERE tenant_id = app_tenant_id() AND customer_id = $1`,
          [posting.customerId, row.balance_after],
        );
        await this.events.append(tx, {
          type: 'points.posted',
          entity: { kind: 'customer', id: posting.customerId },
          data: { postingId: row.id, kind: posting.kind, points: posting.points, balance: row.balance_after },
        });
        return toPostingObject(row);
      });
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string }).code === '23514' &&
        String((error.driverError as { constraint?: string }).constraint).includes('balance')
      )
        throw conflict('Insufficient points');
      throw error;
    }
  }

  /** The posting made earlier with this key: returned as is when it is the same posting, else CONFLICT. */
  private async replay(tx: EntityManager, posting: Posting): Promise<PointsPostingObject | null> {
    const [existing]: PostingRow[] = await tx.query(
      `SELECT * FROM points_ledger WHERE tenant_id = app_tenant_id() AND idempotency_key = $1`,
      [posting.idempotencyKey],
    );
    if (!existing) return null;
    if (
      existing.customer_id !== posting.customerId ||
      existing.kind !== posting.kind ||
      existing.points !== posting.points
    )
      throw conflict(`idempotencyKey "${posting.idempotencyKey}" was already used for a different posting`);
    return toPostingObject(existing);
  }
}

/** Creates the customer's account when missing and locks it; returns the balance. */
export async function lockAccount(tx: EntityManager, customerId: string): Promise<number> {
  await tx.query(
    `INSERT INTO loyalty_accounts (tenant_id, customer_id) VALUES (app_tenant_id(), $1) ON CONFLICT DO NOTHING`,
    [customerId],
  );
  const [account] = await tx.query(
    `SELECT points_balance FROM loyalty_accounts WHERE tenant_id = app_tenant_id() AND customer_id = $1 FOR UPDATE`,
    [customerId],
  );
  return account.points_balance as number;
}
