import type { CustomerStatusEnum, Tier } from '@service-desk/customers';
import type { CampaignState } from './campaign-lifecycle.js';
import type { CampaignChannel, CampaignKind, CampaignObject } from './campaign.object.js';
import { type Segment, winBackRate } from './segment.js';

export interface CampaignRow {
  tenant_id: string;
  id: string;
  name: string;
  kind: CampaignKind;
  segment: Segment;
  agent_ids: string[];
  daily_cap: number;
  no_contact_days: number;
  channel: CampaignChannel;
  start_date: string;
  state: CampaignState;
  targeted_count: number;
  scanned_count: number;
  progress_cursor: string | null;
  launched_at: Date;
  started_at: Date | null;
  completed_at: Date | null;
  cancelled_at: Date | null;
  cancel_reason: string | null;
  idempotency_key: string | null;
  created_by: string | null;
}

/** Reached and won-back counts of a campaign's revisits (targeted is kept on the campaign). */
export interface CampaignFigures {
  reached: number;
  wonBack: number;
}

/** Columns to select so that dates come back as text where GraphQL wants text. */
export const CAMPAIGN_COLUMNS = `tenant_id, id, name, kind, segment, agent_ids, daily_cap, no_contact_days, channel,
  start_date::text AS start_date, state, targeted_count, scanned_count, progress_cursor, launched_at, started_at,
  completed_at, cancelled_at, cancel_reason, idempotency_key, created_by`;

export const toCampaignObject = (
  row: CampaignRow,
  figures: CampaignFigures = { reached: 0, wonBack: 0 },
): CampaignObject => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  state: row.state,
  segment: {
    statuses: row.segment.statuses as CustomerStatusEnum[],
    tiers: row.segment.tiers as Tier[] | null,
    lastVisitBefore: row.segment.lastVisitBefore ? new Date(row.segment.lastVisitBefore) : null,
    lastVisitAfter: row.segment.lastVisitAfter ? new Date(row.segment.lastVisitAfter) : null,
    minSpendLast12Months:
      row.segment.minSpendLast12Months === null ? null : Number(row.segment.minSpendLast12Months),
    zoneId: row.segment.zoneId,
  },
  agentIds: row.agent_ids,
  dailyCapPerAgent: row.daily_cap,
  noContactDays: row.no_contact_days,
  channel: row.channel,
  startDate: row.start_date,
  targeted: row.targeted_count,
  reached: figures.reached,
  wonBack: figures.wonBack,
  winBackRate: winBackRate(figures.wonBack, row.targeted_count),
  customersScanned: row.scanned_count,
  launchedAt: row.launched_at,
  startedAt: row.started_at,
  completedAt: row.completed_at,
  cancelledAt: row.cancelled_at,
  cancelReason: row.cancel_reason,
  createdById: row.created_by,
});
