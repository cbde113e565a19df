import { Injectable } from '@nestjs/common';
import { isUuid, RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type pg from 'pg';
import { PerformanceSetupService } from '../performance-setup.service.js';
import { COMPUTE_SCORECARDS_SQL } from '../scoring/scorecard-sql.js';

export interface ScorecardJobResult {
  /** Draft cards inserted or replaced. */
  written: number;
  /** Draft cards of people who no longer qualify, removed. */
  removed: number;
}

/**
 * Computes one period's scorecards for one tenant (DESIGN section 7): one transaction, one set-based
 * statement, under the tenant's RLS scope. A transaction-level advisory lock per tenant and period
 * serialises concurrent runs; the upsert only ever writes DRAFT cards, so running twice gives the same
 * drafts and never touches submitted, calibrated, published or acknowledged ones. A worker killed
 * mid-run rolls back and pg-boss retries the job.
 */
@Injectable()
export class ScorecardJob {
  constructor(
    private readonly db: Database,
    private readonly setup: PerformanceSetupService,
    private readonly events: EventLog,
  ) {}

  run(tenantId: string, periodId: string): Promise<ScorecardJobResult | null> {
    if (!isUuid(tenantId) || !isUuid(periodId))
      throw new Error('The scorecard job needs a tenantId and a periodId');
    return RequestContext.run(
      {
        requestId: `scorecards:${tenantId}:${periodId}`,
        actor: { userId: null, tenantId, chainId: '', role: 'SYSTEM' },
      },
      () =>
        this.db.asTenant({ tenantId }, async (tx) => {
          await tx.query(
            `SELECT pg_advisory_xact_lock(hashtextextended('scorecards:' || $1 || ':' || $2, 0))`,
            [tenantId, periodId],
          );
          const [period]: Array<{ id: string }> = await tx.query(
            `SELECT id FROM performance_periods WHERE tenant_id = app_tenant_id() AND id = $1`,
            [periodId],
          );
          // A job for a period that does not exist in this tenant has nothing to do (and must not retry).
          if (!period) return null;
          await this.setup.ensureDefaults(tx);
          // A named prepared statement with a generic plan: planning this statement costs more than
          // running it on a small tenant, and so each connection plans it once.
          await tx.query(`SET LOCAL plan_cache_mode = force_generic_plan`);
          const client = (await tx.queryRunner!.connect()) as pg.ClientBase;
          const {
            rows: [result],
          } = await client.query<ScorecardJobResult>({
            name: 'performance.compute-scorecards',
            text: COMPUTE_SCORECARDS_SQL,
            values: [periodId],
          });
          await tx.query(
            `UPDATE performance_periods SET last_computed_at = now() WHERE tenant_id = app_tenant_id() AND id = $1`,
            [periodId],
          );
          await this.events.append(tx, {
            type: 'performance.scorecards_computed',
            entity: { kind: 'performance_period', id: periodId },
            data: { written: result.written, removed: result.removed },
          });
          return result;
        }),
    );
  }
}
