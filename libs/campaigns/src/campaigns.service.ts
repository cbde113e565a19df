import { Injectable } from '@nestjs/common';
import {
  badInput,
  Cursor,
  newId,
  notFound,
  RequestContext,
  requireId,
  toConnection,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import { CampaignJobs } from './campaign-jobs.js';
import { nextCampaignState } from './campaign-lifecycle.js';
import {
  CAMPAIGN_COLUMNS,
  type CampaignFigures,
  type CampaignRow,
  toCampaignObject,
} from './campaign-row.js';
import type { CampaignConnection, CampaignObject } from './campaign.object.js';
import type { CancelCampaignInput, LaunchWinbackCampaignInput } from './dto/campaign.input.js';
import { freezeSegment, WON_BACK_WINDOW_DAYS } from './segment.js';

/** Roles that may be given win-back revisits (DESIGN section 4: revisits). */
const CALLER_ROLES = ['AGENT', 'SUPERVISOR', 'OWNER'];
/** How far ahead a campaign may start. */
const MAX_START_DAYS_AHEAD = 365;

const isUniqueViolation = (error: unknown): boolean =>
  (error as { driverError?: { code?: string } } | null)?.driverError?.code === '23505';

/**
 * Win-back campaigns: launch (the campaign and its job in one transaction), cancel, and the figures
 * (targeted, reached, won back, rate) computed from the campaign's revisits and the customers' visits.
 */
@Injectable()
export class CampaignsService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
    private readonly jobs: CampaignJobs,
  ) {}

  async launchWinback(input: LaunchWinbackCampaignInput): Promise<CampaignObject> {
    const segment = freezeSegment({
      statuses: input.statuses,
      tiers: input.tiers,
      lastVisitBefore: input.lastVisitBefore,
      lastVisitAfter: input.lastVisitAfter,
      minSpendLast12Months: input.minSpendLast12Months,
      zoneId: input.zoneId ? requireId(input.zoneId, 'Zone id') : null,
    });
    const name = input.name.trim();
    try {
      return await this.db.transaction(async (tx) => {
        if (input.idempotencyKey) {
          const existing = await this.byIdempotencyKey(tx, input.idempotencyKey);
          if (existing) return existing;
        }
        const [{ time_zone: timeZone, today }] = await tx.query(
          `SELECT time_zone, (now() AT TIME ZONE time_zone)::date::text AS today FROM tenants WHERE id = app_tenant_id()`,
        );
        const startDate = input.startDate ?? today;
        await this.checkStartDate(tx, startDate, today);
        if (segment.zoneId) {
          const [zone] = await tx.query(`SELECT 1 FROM zones WHERE tenant_id = app_tenant_id() AND id = $1`, [
            segment.zoneId,
          ]);
          if (!zone) throw notFound('Zone');
        }
        const agentIds = await this.agentPool(tx, input.agentIds);
        const id = newId();
        const tenantId = RequestContext.actor().tenantId;
        await tx.query(
          `INSERT INTO campaigns (tenant_id, id, name, kind, segment, agent_ids, daily_cap, no_contact_days, channel,
             start_date, idempotency_key, created_by)
           VALUES (app_tenant_id(), $1, $2, 'WINBACK', $3, $4, $5, $6, $7, $8, $9, $10)`,
          [
            id,
            name,
            JSON.stringify(segment),
            agentIds,
            input.dailyCapPerAgent,
            input.noContactDays,
            input.channel,
            startDate,
            input.idempotencyKey ?? null,
            RequestContext.actor().userId,
          ],
        );
        await this.events.append(tx, {
          type: 'campaign.launched',
          entity: { kind: 'campaign', id },
          data: {
            kind: 'WINBACK',
            agents: agentIds.length,
            dailyCapPerAgent: input.dailyCapPerAgent,
            channel: input.channel,
            startDate,
            timeZone,
          },
        });
        const [{ starts_at: startsAt }] = await tx.query(
          `SELECT ($1::date::timestamp AT TIME ZONE time_zone) AS starts_at FROM tenants WHERE id = app_tenant_id()`,
          [startDate],
        );
        await this.jobs.enqueueRun(tx, { tenantId, campaignId: id }, startsAt);
        return toCampaignObject(await this.find(tx, id));
      });
    } catch (error) {
      // A concurrent launch with the same key won: answer with its campaign.
      if (input.idempotencyKey && isUniqueViolation(error)) {
        const existing = await this.db.transaction((tx) => this.byIdempotencyKey(tx, input.idempotencyKey!));
        if (existing) return existing;
      }
      throw error;
    }
  }

  cancel(input: CancelCampaignInput): Promise<CampaignObject> {
    const id = requireId(input.campaignId, 'Campaign id');
    return this.db.transaction(async (tx) => {
      const row = await this.find(tx, id, true);
      nextCampaignState(row.state, 'cancel');
      await tx.query(
        `UPDATE campaigns SET state = 'CANCELLED', cancelled_at = now(), cancel_reason = $2, updated_at = now()
         WHERE tenant_id = app_tenant_id() AND id = $1`,
        [id, input.reason?.trim() || null],
      );
      const [cancelled] = await tx.query(
        `WITH hit AS (
           UPDATE revisit_tasks SET status = 'CANCELLED', updated_at = now()
           WHERE tenant_id = app_tenant_id() AND campaign_id = $1 AND status = 'PENDING' RETURNING 1)
         SELECT count(*)::int AS n FROM hit`,
        [id],
      );
      await this.events.append(tx, {
        type: 'campaign.cancelled',
        entity: { kind: 'campaign', id },
        data: { targeted: row.targeted_count, revisitsCancelled: cancelled.n },
      });
      const updated = await this.find(tx, id);
      return toCampaignObject(updated, (await this.figures(tx, [id])).get(id));
    });
  }

  get(rawId: string): Promise<CampaignObject> {
    const id = requireId(rawId, 'Campaign id');
    return this.db.transaction(async (tx) => {
      const row = await this.find(tx, id);
      return toCampaignObject(row, (await this.figures(tx, [id])).get(id));
    });
  }

  /** Newest first; the figures of the whole page come from one query. */
  list(filter: {
    first: number;
    after?: string | null;
    states?: string[] | null;
  }): Promise<CampaignConnection> {
    const params: unknown[] = [];
    const where = ['tenant_id = app_tenant_id()'];
    if (filter.states?.length) {
      params.push(filter.states);
      where.push(`state = ANY($${params.length})`);
    }
    if (filter.after) {
      const [launchedAt, id] = Cursor.decode(filter.after, 2) as [string, string];
      if (typeof launchedAt !== 'string' || Number.isNaN(Date.parse(launchedAt)))
        throw badInput('Malformed cursor');
      params.push(launchedAt, requireId(String(id), 'Cursor'));
      where.push(`(launched_at, id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(filter.first + 1);
    return this.db.transaction(async (tx) => {
      const rows: CampaignRow[] = await tx.query(
        `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE ${where.join(' AND ')}
         ORDER BY launched_at DESC, id DESC LIMIT $${params.length}`,
        params,
      );
      const figures = await this.figures(
        tx,
        rows.map((row) => row.id),
      );
      return toConnection(
        rows.map((row) => toCampaignObject(row, figures.get(row.id))),
        filter.first,
        (campaign) => [campaign.launchedAt.toISOString(), campaign.id],
      );
    });
  }

  /**
   * Reached = revisits COMPLETED; won back = reached customers with a visit within 30 days after the
   * revisit was completed. Set-based over all the given campaigns at once.
   */
  private async figures(tx: EntityManager, ids: string[]): Promise<Map<string, CampaignFigures>> {
    const result = new Map<string, CampaignFigures>();
    if (ids.length === 0) return result;
    const rows: Array<{ campaign_id: string; reached: number; won_back: number }> = await tx.query(
      `SELECT r.campaign_id,
              count(*)::int AS reached,
              count(*) FILTER (WHERE EXISTS (
                SELECT 1 FROM visits v
                WHERE v.tenant_id = r.tenant_id AND v.customer_id = r.customer_id
                  AND v.visited_at > r.completed_at
                  AND v.visited_at <= r.completed_at + make_interval(days => ${WON_BACK_WINDOW_DAYS})))::int AS won_back
       FROM revisit_tasks r
       WHERE r.tenant_id = app_tenant_id() AND r.campaign_id = ANY($1) AND r.status = 'COMPLETED'
       GROUP BY r.campaign_id`,
      [ids],
    );
    for (const row of rows) result.set(row.campaign_id, { reached: row.reached, wonBack: row.won_back });
    return result;
  }

  private async find(tx: EntityManager, id: string, lock = false): Promise<CampaignRow> {
    const [row] = await tx.query(
      `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE tenant_id = app_tenant_id() AND id = $1${lock ? ' FOR UPDATE' : ''}`,
      [id],
    );
    if (!row) throw notFound('Campaign');
    return row;
  }

  private async byIdempotencyKey(tx: EntityManager, key: string): Promise<CampaignObject | null> {
    const [row] = await tx.query(
      `SELECT ${CAMPAIGN_COLUMNS} FROM campaigns WHERE tenant_id = app_tenant_id() AND idempotency_key = $1`,
      [key],
    );
    if (!row) return null;
    return toCampaignObject(row, (await this.figures(tx, [row.id])).get(row.id));
  }

  private async checkStartDate(tx: EntityManager, startDate: string, today: string): Promise<void> {
    const [{ valid, ahead }] = await tx.query(
      `SELECT to_char(to_date($1, 'YYYY-MM-DD'), 'YYYY-MM-DD') = $1 AS valid,
              to_date($1, 'YYYY-MM-DD') - $2::date AS ahead`,
      [startDate, today],
    );
    if (!valid) throw badInput('startDate is not a valid date');
    if (ahead < 0) throw badInput('startDate must not be in the past');
    if (ahead > MAX_START_DAYS_AHEAD) throw badInput(`startDate must be within ${MAX_START_DAYS_AHEAD} days`);
  }

  /** The given agents (each must exist, be active and take revisits), or every active agent. */
  private async agentPool(tx: EntityManager, requested: string[] | undefined): Promise<string[]> {
    if (!requested?.length) {
      const rows: Array<{ id: string }> = await tx.query(
        `SELECT id FROM users WHERE tenant_id = app_tenant_id() AND role = 'AGENT' AND active ORDER BY id`,
      );
      if (rows.length === 0) throw badInput('The store has no active agent to give the revisits to');
      return rows.map((row) => row.id);
    }
    const ids = [...new Set(requested.map((id) => requireId(id, 'Agent id')))];
    const rows: Array<{ id: string; role: string; active: boolean }> = await tx.query(
      `SELECT id, role, active FROM users WHERE tenant_id = app_tenant_id() AND id = ANY($1)`,
      [ids],
    );
    const found = new Map(rows.map((row) => [row.id, row]));
    for (const id of ids) {
      const user = found.get(id);
      if (!user) throw notFound('Agent');
      if (!user.active) throw badInput(`Agent ${id} is not active`);
      if (!CALLER_ROLES.includes(user.role)) throw badInput(`User ${id} does not make revisits`);
    }
    return ids;
  }
}
