import { badInput } from '@service-desk/core';

export const CUSTOMER_STATUSES = ['ACTIVE', 'AT_RISK', 'CHURNED', 'WON_BACK'] as const;
export const CUSTOMER_TIERS = ['STANDARD', 'SILVER', 'GOLD', 'PREMIUM'] as const;

/**
 * Which customers a win-back campaign targets, frozen at launch (stored as the campaign's `segment`):
 * dates are absolute, so the job selects the same segment however late it runs. Consent and "no
 * contact in the last N days" always apply on top.
 */
export interface Segment {
  statuses: string[];
  tiers: string[] | null;
  lastVisitBefore: string | null;
  lastVisitAfter: string | null;
  /** Minimum spend over the 12 months before launch, as a decimal string. */
  minSpendLast12Months: string | null;
  zoneId: string | null;
}

export interface SegmentRequest {
  statuses?: string[] | null;
  tiers?: string[] | null;
  lastVisitBefore?: Date | null;
  lastVisitAfter?: Date | null;
  minSpendLast12Months?: number | null;
  zoneId?: string | null;
}

/** Checks a requested segment and freezes it; statuses default to CHURNED. */
export function freezeSegment(request: SegmentRequest): Segment {
  const statuses = [...new Set(request.statuses?.length ? request.statuses : ['CHURNED'])];
  const tiers = request.tiers?.length ? [...new Set(request.tiers)] : null;
  const before = request.lastVisitBefore ?? null;
  const after = request.lastVisitAfter ?? null;
  for (const date of [before, after]) {
    if (date && Number.isNaN(date.getTime())) throw badInput('A last-visit bound is not a valid date');
  }
  if (before && after && after.getTime() >= before.getTime()) {
    throw badInput('lastVisitAfter must be earlier than lastVisitBefore');
  }
  const minSpend = request.minSpendLast12Months ?? null;
  if (minSpend !== null && minSpend < 0) throw badInput('minSpendLast12Months must not be negative');
  return {
    statuses,
    tiers,
    lastVisitBefore: before?.toISOString() ?? null,
    lastVisitAfter: after?.toISOString() ?? null,
    minSpendLast12Months: minSpend === null ? null : minSpend.toFixed(2),
    zoneId: request.zoneId ?? null,
  };
}

/** Won back: a visit within this many days after the revisit was completed (DESIGN section 6.4). */
export const WON_BACK_WINDOW_DAYS = 30;

/** Won back ÷ targeted, 0 before anyone is targeted. */
export function winBackRate(wonBack: number, targeted: number): number {
  return targeted === 0 ? 0 : wonBack / targeted;
}
