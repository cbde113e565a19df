import { describe, expect, it } from '@jest/globals';
import { freezeSegment, winBackRate } from './segment.js';

describe('campaign segment', () => {
  it('targets churned customers by default and freezes dates as ISO strings', () => {
    expect(freezeSegment({})).toEqual({
      statuses: ['CHURNED'],
      tiers: null,
      lastVisitBefore: null,
      lastVisitAfter: null,
      minSpendLast12Months: null,
      zoneId: null,
    });
    const segment = freezeSegment({
      statuses: ['AT_RISK', 'CHURNED', 'AT_RISK'],
      tiers: ['GOLD'],
      lastVisitBefore: new Date('2026-09-01T00:00:00Z'),
      lastVisitAfter: new Date('2026-01-01T00:00:00Z'),
      minSpendLast12Months: 300,
    });
    expect(segment.statuses).toEqual(['AT_RISK', 'CHURNED']);
    expect(segment.lastVisitBefore).toBe('2026-09-01T00:00:00.000Z');
    expect(segment.minSpendLast12Months).toBe('300.00');
  });

  it('rejects an empty last-visit window and a negative spend', () => {
    expect(() =>
      freezeSegment({ lastVisitBefore: new Date('2026-01-01'), lastVisitAfter: new Date('2026-02-01') }),
    ).toThrow('lastVisitAfter must be earlier than lastVisitBefore');
    expect(() => freezeSegment({ minSpendLast12Months: -1 })).toThrow('must not be negative');
  });

  it('rate is won back over targeted', () => {
    expect(winBackRate(0, 0)).toBe(0);
    expect(winBackRate(1, 4)).toBe(0.25);
  });
});
