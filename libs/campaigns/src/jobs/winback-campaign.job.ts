import { Injectable } from '@nestjs/common';
import { hostname } from 'node:os';
import { config, durationMs, logger, RequestContext } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import { UNFINISHED_STATES } from '../campaign-lifecycle.js';
import { CAMPAIGN_COLUMNS, type CampaignRow } from '../campaign-row.js';
import { winbackSlotSql } from '../winback-schedule.js';

export interface BatchResult {
  /** Revisits created by this batch. */
  created: number;
  /** Customers looked at by this batch. */
  scanned: number;
  /** Whether the campaign is finished (completed now, or already finished or cancelled). */
  done: boolean;
  /** Whether it was finished (or cancelled) before this batch: nothing to do. */
  finishedBefore: boolean;
  /** Whether its start date has not come yet in the store's time zone: nothing to do yet. */
  notDue?: boolean;
  /** Whether another worker holds the campaign's lease: not ours to run. */
  heldElsewhere?: boolean;
}

/**
 * Who this worker is for campaign leases: `WORKER_ID` when set (stable across restarts, e.g. a pod
 * name, so a restarted worker resumes its own campaigns at once), else host and process id.
 */
export const workerIdentity = (): string => config().WORKER_ID ?? `${hostname()}:${process.pid}`;

export type RunOutcome = 'completed' | 'finished-before' | 'not-due' | 'busy';

/** Whether the campaign's start date has come in the store's time zone (SQL, campaigns aliased c). */
const DUE_SQL = `c.start_date <= (now() AT TIME ZONE (SELECT time_zone FROM tenants WHERE id = app_tenant_id()))::date`;

/** Advisory-lock namespace of campaign runs (the second key is derived from the campaign id). */
const RUN_LOCK_NAMESPACE = 7351320;

/** A UUIDv7 in SQL (time-ordered like `newId()`), for ids created set-based. */
const UUID_V7_SQL = `encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) placing
  substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid`;

const slot = winbackSlotSql('e.ordinal', 'c.agent_ids', 'c.daily_cap', 'c.start_date', 't.time_zone');

/**
 * One batch: the next customers after the campaign's cursor (in id order), those eligible get one
 * CHURN_WINBACK revisit each, balanced round robin across the pool with the daily cap; the cursor,
 * counts and the progress event move in the same transaction. Eligible = matches the frozen segment,
 * existed at launch, consents to contact and had no revisit created or completed in the no-contact
 * window before launch (this campaign's own revisits aside). ON CONFLICT on the unique index
 * (tenant_id, campaign_id, customer_id) is the last line of defence for "exactly once".
 */
const BATCH_SQL = `
  WITH c AS (
    SELECT * FROM campaigns WHERE tenant_id = app_tenant_id() AND id = $1
  ), t AS (
    SELECT time_zone FROM tenants WHERE id = app_tenant_id()
  ), scan AS (
    SELECT cu.id FROM customers cu
    WHERE cu.tenant_id = app_tenant_id() AND ($2::uuid IS NULL OR cu.id > $2::uuid)
    ORDER BY cu.id LIMIT $3
  ), eligible AS (
    SELECT cu.id, c.targeted_count + row_number() OVER (ORDER BY cu.id) - 1 AS ordinal
    FROM scan JOIN customers cu ON cu.tenant_id = app_tenant_id() AND cu.id = scan.id
    CROSS JOIN c
    WHERE cu.consent_to_contact
      AND cu.created_at <= c.launched_at
      AND cu.status IN (SELECT jsonb_array_elements_text(c.segment -> 'statuses'))
      AND (jsonb_typeof(c.segment -> 'tiers') IS DISTINCT FROM 'array'
           OR cu.tier IN (SELECT jsonb_array_elements_text(c.segment -> 'tiers')))
      AND (c.segment ->> 'lastVisitBefore' IS NULL OR cu.last_visit_at < (c.segment ->> 'lastVisitBefore')::timestamptz)
      AND (c.segment ->> 'lastVisitAfter' IS NULL OR cu.last_visit_at >= (c.segment ->> 'lastVisitAfter')::timestamptz)
      AND (c.segment ->> 'zoneId' IS NULL OR EXISTS (
        SELECT 1 FROM visits v
        WHERE v.tenant_id = app_tenant_id() AND v.customer_id = cu.id
          AND v.zone_id = (c.segment ->> 'zoneId')::uuid AND v.visited_at <= c.launched_at))
      AND (c.segment ->> 'minSpendLast12Months' IS NULL OR (
        SELECT coalesce(sum(v.amount), 0) FROM visits v
        WHERE v.tenant_id = app_tenant_id() AND v.customer_id = cu.id
          AND v.visited_at > c.launched_at - interval '12 months' AND v.visited_at <= c.launched_at
      ) >= (c.segment ->> 'minSpendLast12Months')::numeric)
      AND NOT EXISTS (
        SELECT 1 FROM revisit_tasks r
        WHERE r.tenant_id = app_tenant_id() AND r.customer_id = cu.id
          AND r.campaign_id IS DISTINCT FROM c.id
          AND (r.created_at > c.launched_at - make_interval(days => c.no_contact_days)
               OR r.completed_at > c.launched_at - make_interval(days => c.no_contact_days)))
  ), created AS (
    INSERT INTO revisit_tasks (tenant_id, id, type, customer_id, campaign_id, assignee_id, channel, status, due_at)
    SELECT app_tenant_id(), ${UUID_V7_SQL}, 'CHURN_WINBACK', e.id, c.id, ${slot.assignee}, c.channel, 'PENDING',
           ${slot.dueAt}
    FROM eligible e CROSS JOIN c CROSS JOIN t
    ORDER BY e.id
    ON CONFLICT (tenant_id, campaign_id, customer_id) WHERE campaign_id IS NOT NULL DO NOTHING
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM created)::int AS created,
         (SELECT count(*) FROM scan)::int AS scanned,
         (SELECT id FROM scan ORDER BY id DESC LIMIT 1) AS last_id`;

/**
 * The win-back campaign job (DESIGN section 7): creates the campaign's revisits set-based, batch by
 * batch, resuming from the campaign's cursor after any crash. A session advisory lock keeps two live
 * processes from running the same campaign at once (it dies with the worker's connection), and the
 * campaign's lease (`runner`, renewed by every batch) keeps it with the worker that runs it across a
 * restart. Correctness depends on neither: each batch locks the campaign row, and the unique index
 * refuses a second revisit for a customer.
 */
@Injectable()
export class WinbackCampaignJob {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  /** Runs a campaign to its end (or returns at once when another worker holds it). */
  run(tenantId: string, campaignId: string, batchSize = config().CAMPAIGN_BATCH_SIZE): Promise<RunOutcome> {
    return RequestContext.run(
      {
        requestId: `campaign:${campaignId}`,
        actor: { userId: null, tenantId, chainId: '', role: 'SYSTEM' },
      },
      async () => {
        const session = this.db.dataSource.createQueryRunner();
        await session.connect();
        const lockKey = [RUN_LOCK_NAMESPACE, lockKeyOf(campaignId)];
        try {
          const [{ locked }] = await session.query('SELECT pg_try_advisory_lock($1, $2) AS locked', lockKey);
          if (!locked) return 'busy';
          try {
            for (;;) {
              const result = await this.db.asTenant({ tenantId }, (tx) =>
                this.runBatch(tx, campaignId, batchSize),
              );
              if (result.heldElsewhere) return 'busy';
              if (result.notDue) return 'not-due';
              if (result.finishedBefore) return 'finished-before';
              if (result.done) return 'completed';
            }
          } finally {
            await session.query('SELECT pg_advisory_unlock($1, $2)', lockKey);
          }
        } finally {
          await session.release();
        }
      },
    );
  }

  /** Runs every unfinished, due campaign of the tenant (after a crash, or a job that never arrived). */
  async resumeUnfinished(tenantId: string): Promise<number> {
    const ids = await this.db.asTenant({ tenantId }, async (tx) =>
      (
        await tx.query(
          `SELECT id FROM campaigns c WHERE tenant_id = app_tenant_id() AND state = ANY($1) AND ${DUE_SQL}
           ORDER BY launched_at, id`,
          [UNFINISHED_STATES],
        )
      ).map((row: { id: string }) => row.id),
    );
    let resumed = 0;
    for (const id of ids) {
      if ((await this.run(tenantId, id)) === 'completed') resumed += 1;
    }
    if (resumed > 0) logger().info({ tenantId, resumed }, 'unfinished campaigns resumed');
    return resumed;
  }

  /** One batch in the caller's transaction (the tenant's). */
  async runBatch(tx: EntityManager, campaignId: string, batchSize: number): Promise<BatchResult> {
    const worker = workerIdentity();
    const leaseSeconds = durationMs(config().CAMPAIGN_LEASE) / 1000;
    // Another worker's lease counts while it is fresh: a killed worker restarted under the same identity
    // resumes at once, others take over only when the lease has run out.
    const [campaign]: Array<CampaignRow & { due: boolean; ours: boolean }> = await tx.query(
      `SELECT ${CAMPAIGN_COLUMNS}, ${DUE_SQL} AS due,
              (runner IS NULL OR runner = $2 OR runner_seen_at < now() - make_interval(secs => $3)) AS ours
       FROM campaigns c WHERE tenant_id = app_tenant_id() AND id = $1 FOR UPDATE`,
      [campaignId, worker, leaseSeconds],
    );
    const idle = { created: 0, scanned: 0, done: true, finishedBefore: true };
    if (!campaign || !UNFINISHED_STATES.includes(campaign.state)) return idle;
    if (!campaign.due) return { ...idle, notDue: true };
    if (!campaign.ours) return { ...idle, heldElsewhere: true };
    const [batch]: Array<{ created: number; scanned: number; last_id: string | null }> = await tx.query(
      BATCH_SQL,
      [campaignId, campaign.progress_cursor, batchSize],
    );
    const done = batch.scanned < batchSize;
    await tx.query(
      `UPDATE campaigns SET
         progress_cursor = coalesce($2, progress_cursor),
         targeted_count = targeted_count + $3,
         scanned_count = scanned_count + $4,
         state = CASE WHEN $5 THEN 'COMPLETED' ELSE 'RUNNING' END,
         started_at = coalesce(started_at, now()),
         completed_at = CASE WHEN $5 THEN now() END,
         runner = $6,
         runner_seen_at = now(),
         updated_at = now()
       WHERE tenant_id = app_tenant_id() AND id = $1`,
      [campaignId, batch.last_id, batch.created, batch.scanned, done, worker],
    );
    const targeted = campaign.targeted_count + batch.created;
    const scanned = campaign.scanned_count + batch.scanned;
    await this.events.append(tx, {
      type: done ? 'campaign.completed' : 'campaign.progress',
      entity: { kind: 'campaign', id: campaignId },
      data: { targeted, customersScanned: scanned, createdInBatch: batch.created },
    });
    return { created: batch.created, scanned: batch.scanned, done, finishedBefore: false };
  }
}

/** The second advisory-lock key: 32 bits of the campaign id's random tail. */
function lockKeyOf(campaignId: string): number {
  return Number.parseInt(campaignId.replace(/-/g, '').slice(-8), 16) | 0;
}
