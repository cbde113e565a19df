import { describe, expect, it } from '@jest/globals';
import { CHURN_HISTORIES } from './churn-histories.js';
import { churnThresholds, classifyChurn, DAY_MS, medianGapDays } from './churn-rule.js';
import { DEFAULT_LOYALTY_RULES } from './loyalty-settings.js';

const now = new Date('2026-03-01T18:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);

describe('churn classification (pure rule)', () => {
  it.each(CHURN_HISTORIES.map((h) => [h.name, h] as const))('%s', (_name, history) => {
    const status = classifyChurn(
      {
        visits: history.visitDaysAgo.map(daysAgo),
        status: history.status,
        statusChangedAt: history.statusDaysAgo === null ? null : daysAgo(history.statusDaysAgo),
        now,
      },
      DEFAULT_LOYALTY_RULES,
    );
    expect(status).toBe(history.expected);
  });

  it('takes the median gap of the customer, whatever the order of the visits', () => {
    expect(medianGapDays([daysAgo(0)])).toBeNull();
    expect(medianGapDays([daysAgo(10), daysAgo(0), daysAgo(30)])).toBe(15);
    expect(medianGapDays([daysAgo(0), daysAgo(10), daysAgo(30), daysAgo(70)])).toBe(20);
  });

  it('uses the floors without a gap and the cadence above them', () => {
    expect(churnThresholds(null, DEFAULT_LOYALTY_RULES)).toEqual({ atRiskDays: 30, churnedDays: 90 });
    expect(churnThresholds(7, DEFAULT_LOYALTY_RULES)).toEqual({ atRiskDays: 30, churnedDays: 90 });
    expect(churnThresholds(40, DEFAULT_LOYALTY_RULES)).toEqual({ atRiskDays: 80, churnedDays: 120 });
  });

  it('follows the tenant thresholds', () => {
    const strict = { ...DEFAULT_LOYALTY_RULES, atRiskFloorDays: 10, churnedFloorDays: 20 };
    const input = { visits: [daysAgo(15)], status: 'ACTIVE' as const, statusChangedAt: null, now };
    expect(classifyChurn(input, strict)).toBe('AT_RISK');
    expect(classifyChurn({ ...input, visits: [daysAgo(21)] }, strict)).toBe('CHURNED');
    expect(classifyChurn(input, DEFAULT_LOYALTY_RULES)).toBe('ACTIVE');
  });
});
