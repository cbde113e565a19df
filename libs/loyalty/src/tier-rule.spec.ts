import { describe, expect, it } from '@jest/globals';
import { DEFAULT_LOYALTY_RULES } from './loyalty-settings.js';
import { recalculateTier, tierForSpend } from './tier-rule.js';

const day = 86_400_000;
const now = new Date('2026-03-01T00:00:00Z');
const daysAgo = (days: number) => new Date(now.getTime() - days * day);

describe('tiers from rolling spend', () => {
  it('earns a tier at its threshold exactly', () => {
    expect(tierForSpend(0, DEFAULT_LOYALTY_RULES)).toBe('STANDARD');
    expect(tierForSpend(1999.99, DEFAULT_LOYALTY_RULES)).toBe('STANDARD');
    expect(tierForSpend(2000, DEFAULT_LOYALTY_RULES)).toBe('SILVER');
    expect(tierForSpend(8000, DEFAULT_LOYALTY_RULES)).toBe('GOLD');
    expect(tierForSpend(20000, DEFAULT_LOYALTY_RULES)).toBe('PREMIUM');
  });

  it('upgrades at once and stops a running grace clock', () => {
    expect(
      recalculateTier({ tier: 'SILVER', belowSince: daysAgo(10) }, 9000, now, DEFAULT_LOYALTY_RULES),
    ).toEqual({
      tier: 'GOLD',
      belowSince: null,
    });
  });

  it('starts the grace clock when the spend falls below the tier, and downgrades only after the grace', () => {
    const started = recalculateTier({ tier: 'GOLD', belowSince: null }, 100, now, DEFAULT_LOYALTY_RULES);
    expect(started).toEqual({ tier: 'GOLD', belowSince: now });
    expect(
      recalculateTier({ tier: 'GOLD', belowSince: daysAgo(89) }, 2500, now, DEFAULT_LOYALTY_RULES),
    ).toEqual({
      tier: 'GOLD',
      belowSince: daysAgo(89),
    });
    expect(
      recalculateTier({ tier: 'GOLD', belowSince: daysAgo(90) }, 2500, now, DEFAULT_LOYALTY_RULES),
    ).toEqual({
      tier: 'SILVER',
      belowSince: null,
    });
  });

  it('stops the clock when the spend is back at the tier', () => {
    expect(
      recalculateTier({ tier: 'GOLD', belowSince: daysAgo(50) }, 8000, now, DEFAULT_LOYALTY_RULES),
    ).toEqual({
      tier: 'GOLD',
      belowSince: null,
    });
  });

  it('downgrades at once with no grace', () => {
    const rules = { ...DEFAULT_LOYALTY_RULES, downgradeGraceDays: 0 };
    expect(recalculateTier({ tier: 'PREMIUM', belowSince: null }, 0, now, rules)).toEqual({
      tier: 'STANDARD',
      belowSince: null,
    });
  });
});
