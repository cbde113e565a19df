import { Injectable } from '@nestjs/common';
import { RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';

/** Most goodwill rows posted per run (the next run continues). */
const BATCH = 1000;

/**
 * Posts the goodwill points of resolved complaints (POINTS remedies, table `goodwill_points`) to the
 * ledger as GOODWILL credits, set-based: accounts locked, one ledger row per goodwill row with key
 * `goodwill:<goodwill key>`, balances raised, rows marked posted. Running twice posts nothing twice.
 */
@Injectable()
export class GoodwillPostingJob {
  constructor(private readonly db: Database) {}

  run(tenantId: string): Promise<{ posted: number }> {
    return RequestContext.run(
      { requestId: `goodwill:${tenantId}`, actor: { userId: null, tenantId, chainId: '', role: 'SYSTEM' } },
      () =>
        this.db.asTenant({ tenantId }, async (tx) => {
          const pending: Array<{ customer_id: string }> = await tx.query(
            `SELECT DISTINCT customer_id FROM goodwill_points WHERE tenant_id = app_tenant_id() AND posted_at IS NULL`,
          );
          if (pending.length === 0) return { posted: 0 };
          const customers = pending.map((row) => row.customer_id);
          await tx.query(
            `INSERT INTO loyalty_accounts (tenant_id, customer_id)
             SELECT app_tenant_id(), unnest($1::uuid[]) ON CONFLICT DO NOTHING`,
            [customers],
          );
          // Accounts first, in a fixed order (as single postings lock them), then the goodwill rows.
          await tx.query(
            `SELECT 1 FROM loyalty_accounts WHERE tenant_id = app_tenant_id() AND customer_id = ANY($1::uuid[])
             ORDER BY customer_id FOR UPDATE`,
            [customers],
          );
          const [result] = await tx.query(
            `WITH settings AS (
               SELECT coalesce((SELECT points_expiry_months FROM loyalty_settings WHERE tenant_id = app_tenant_id()), 24) AS months
             ), batch AS (
               SELECT g.id, g.complaint_id, g.customer_id, g.points, g.idempotency_key, g.created_at
               FROM goodwill_points g WHERE g.tenant_id = app_tenant_id() AND g.posted_at IS NULL
               ORDER BY g.created_at, g.id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED
             ), fresh AS (
               SELECT b.* FROM batch b
               WHERE NOT EXISTS (SELECT 1 FROM points_ledger l WHERE l.tenant_id = app_tenant_id()
                                 AND l.idempotency_key = 'goodwill:' || b.idempotency_key)
             ), running AS (
               SELECT f.*, a.points_balance + sum(f.points) OVER (PARTITION BY f.customer_id ORDER BY f.created_at, f.id) AS balance_after
               FROM fresh f JOIN loyalty_accounts a ON a.tenant_id = app_tenant_id() AND a.customer_id = f.customer_id
             ), posted AS (
               INSERT INTO points_ledger (tenant_id, id, customer_id, kind, points, balance_after, idempotency_key, reason,
                 expires_at, complaint_id)
               SELECT app_tenant_id(), gen_random_uuid(), r.customer_id, 'GOODWILL', r.points, r.balance_after,
                 'goodwill:' || r.idempotency_key, 'Complaint remedy', now() + make_interval(months => s.months), r.complaint_id
               FROM running r CROSS JOIN settings s
               ON CONFLICT (tenant_id, idempotency_key) DO NOTHING
               RETURNING id, customer_id, points, complaint_id, balance_after
             ), balances AS (
               UPDATE loyalty_accounts a SET points_balance = a.points_balance + t.total, updated_at = now()
               FROM (SELECT customer_id, sum(points)::int AS total FROM posted GROUP BY customer_id) t
               WHERE a.tenant_id = app_tenant_id() AND a.customer_id = t.customer_id
               RETURNING a.customer_id
             ), marked AS (
               UPDATE goodwill_points g SET posted_at = now() FROM batch b
               WHERE g.tenant_id = app_tenant_id() AND g.id = b.id
               RETURNING g.id
             ), events AS (
               SELECT append_tenant_event('points.posted', 'customer', customer_id, NULL,
                        jsonb_build_object('postingId', id, 'kind', 'GOODWILL', 'points', points,
                          'complaintId', complaint_id, 'balance', balance_after))
               FROM posted
             )
             SELECT (SELECT count(*) FROM posted)::int AS posted, (SELECT count(*) FROM marked)::int AS marked,
                    (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM balances)::int AS accounts`,
          );
          return { posted: result.posted as number };
        }),
    );
  }
}
