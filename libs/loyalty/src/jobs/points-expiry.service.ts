import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

/**
 * Points expire `pointsExpiryMonths` after they were credited (each credit carries its `expires_at`),
 * oldest first against redemptions (FIFO): of the credits already expired, whatever the debits so far
 * (redemptions, negative adjustments, earlier expiries) have not consumed expires now. Debits consume
 * the oldest credits first, so that amount is max(0, expired credits - all debits). Points stay
 * redeemable until this job has posted their expiry. Idempotent: a second run finds nothing left, and
 * the key `expire:<customer>:<date>` stops two concurrent runs of one day.
 */
@Injectable()
export class PointsExpiryService {
  async expire(
    tx: EntityManager,
    now: Date,
    localDate: string,
  ): Promise<{ customers: number; points: number }> {
    const due: Array<{ customer_id: string }> = await tx.query(
      `SELECT DISTINCT customer_id FROM points_ledger
       WHERE tenant_id = app_tenant_id() AND points > 0 AND expires_at <= $1`,
      [now],
    );
    if (due.length === 0) return { customers: 0, points: 0 };
    await tx.query(
      `SELECT 1 FROM loyalty_accounts WHERE tenant_id = app_tenant_id() AND customer_id = ANY($1::uuid[])
       ORDER BY customer_id FOR UPDATE`,
      [due.map((row) => row.customer_id)],
    );
    const [result] = await tx.query(
      `WITH totals AS (
         SELECT l.customer_id,
                coalesce(sum(l.points) FILTER (WHERE l.points > 0 AND l.expires_at <= $1), 0) AS expired_credits,
                coalesce(-sum(l.points) FILTER (WHERE l.points < 0), 0) AS debits
         FROM points_ledger l
         WHERE l.tenant_id = app_tenant_id() AND l.customer_id = ANY($3::uuid[])
         GROUP BY l.customer_id
       ), amounts AS (
         SELECT t.customer_id, least(t.expired_credits - t.debits, a.points_balance)::int AS points, a.points_balance
         FROM totals t JOIN loyalty_accounts a ON a.tenant_id = app_tenant_id() AND a.customer_id = t.customer_id
         WHERE t.expired_credits > t.debits AND a.points_balance > 0
       ), posted AS (
         INSERT INTO points_ledger (tenant_id, id, customer_id, kind, points, balance_after, idempotency_key, reason, created_at)
         SELECT app_tenant_id(), gen_random_uuid(), customer_id, 'EXPIRE', -points, points_balance - points,
                'expire:' || customer_id || ':' || $2, 'Points expired', $1
         FROM amounts
         ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
         RETURNING customer_id, points
       ), balances AS (
         UPDATE loyalty_accounts a SET points_balance = a.points_balance + p.points, updated_at = now()
         FROM posted p WHERE a.tenant_id = app_tenant_id() AND a.customer_id = p.customer_id
         RETURNING a.customer_id
       )
       SELECT (SELECT count(*) FROM balances)::int AS customers, coalesce((SELECT -sum(points) FROM posted), 0)::int AS points`,
      [now, localDate, due.map((row) => row.customer_id)],
    );
    return { customers: result.customers as number, points: result.points as number };
  }
}
