import { Injectable } from '@nestjs/common';
import { RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import type { EntityManager } from 'typeorm';
import { ChurnDetectionService } from './churn-detection.service.js';
import { PointsExpiryService } from './points-expiry.service.js';
import { TierRecalculationService } from './tier-recalculation.service.js';

export type NightlyTask = 'CHURN_DETECTION' | 'TIER_RECALCULATION' | 'POINTS_EXPIRY';

/** Local time of day after which the night's loyalty work is due (DESIGN section 7). */
export const NIGHTLY_AT = '02:00';

/**
 * The nightly loyalty work per tenant: churn detection, tier recalculation and points expiry, each
 * once per local date after 02:00 in the tenant's time zone. The worker calls `runDue` every few
 * minutes; the mark in `loyalty_job_runs` is written in the same transaction as the work, so a worker
 * killed mid-run leaves nothing done and the next tick does it, and two workers never both do it.
 */
@Injectable()
export class LoyaltyNightlyJob {
  constructor(
    private readonly db: Database,
    private readonly churn: ChurnDetectionService,
    private readonly tiers: TierRecalculationService,
    private readonly expiry: PointsExpiryService,
  ) {}

  async runDue(tenantId: string, now = new Date()): Promise<Partial<Record<NightlyTask, unknown>>> {
    const local = await this.system(tenantId, () =>
      this.db.asTenant({ tenantId }, async (tx) => {
        const [row] = await tx.query(
          `SELECT (($1::timestamptz) AT TIME ZONE t.time_zone)::date::text AS date,
                  (($1::timestamptz) AT TIME ZONE t.time_zone)::time >= time '${NIGHTLY_AT}' AS due
           FROM tenants t WHERE t.id = app_tenant_id()`,
          [now],
        );
        return row as { date: string; due: boolean } | undefined;
      }),
    );
    if (!local?.due) return {};
    const done: Partial<Record<NightlyTask, unknown>> = {};
    const tasks: Array<[NightlyTask, (tx: EntityManager) => Promise<unknown>]> = [
      ['CHURN_DETECTION', (tx) => this.churn.detect(tx, now)],
      ['TIER_RECALCULATION', (tx) => this.tiers.recalculate(tx, now)],
      ['POINTS_EXPIRY', (tx) => this.expiry.expire(tx, now, local.date)],
    ];
    for (const [task, work] of tasks) {
      const result = await this.once(tenantId, task, local.date, work);
      if (result !== undefined) done[task] = result;
    }
    return done;
  }

  /** Runs one task now, regardless of the time of day and of earlier runs (tests, demo data). */
  run<T>(tenantId: string, work: (tx: EntityManager) => Promise<T>): Promise<T> {
    return this.system(tenantId, () => this.db.asTenant({ tenantId }, work));
  }

  detectChurn(tenantId: string, now = new Date()) {
    return this.run(tenantId, (tx) => this.churn.detect(tx, now));
  }

  recalculateTiers(tenantId: string, now = new Date()) {
    return this.run(tenantId, (tx) => this.tiers.recalculate(tx, now));
  }

  expirePoints(tenantId: string, now = new Date()) {
    return this.run(tenantId, (tx) => this.expiry.expire(tx, now, now.toISOString().slice(0, 10)));
  }

  private once(
    tenantId: string,
    task: NightlyTask,
    date: string,
    work: (tx: EntityManager) => Promise<unknown>,
  ): Promise<unknown> {
    return this.system(tenantId, () =>
      this.db.asTenant({ tenantId }, async (tx) => {
        const marked = await tx.query(
          `INSERT INTO loyalty_job_runs (tenant_id, job, local_date) VALUES (app_tenant_id(), $1, $2::date)
           ON CONFLICT DO NOTHING RETURNING job`,
          [task, date],
        );
        if (marked.length === 0) return undefined;
        const result = await work(tx);
        await tx.query(
          `UPDATE loyalty_job_runs SET result = $3::jsonb WHERE tenant_id = app_tenant_id() AND job = $1 AND local_date = $2::date`,
          [task, date, JSON.stringify(result ?? {})],
        );
        return result;
      }),
    );
  }

  private system<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    return RequestContext.run(
      {
        requestId: `loyalty-nightly:${tenantId}`,
        actor: { userId: null, tenantId, chainId: '', role: 'SYSTEM' },
      },
      work,
    );
  }
}
