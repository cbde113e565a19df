import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { winbackDays, winbackLoad, winbackSlot } from './winback-schedule.js';

describe('win-back schedule', () => {
  it('fills the first day round robin, then moves to the next day', () => {
    // Pool of 3, cap 2: six revisits a day.
    const slots = Array.from({ length: 8 }, (_, n) => winbackSlot(n, 3, 2));
    expect(slots.map((s) => s.agentIndex)).toEqual([0, 1, 2, 0, 1, 2, 0, 1]);
    expect(slots.map((s) => s.dayOffset)).toEqual([0, 0, 0, 0, 0, 0, 1, 1]);
  });

  it('keeps everything on the start day while pool × cap covers it', () => {
    expect(winbackDays(50, 5, 10)).toBe(1);
    expect(winbackDays(51, 5, 10)).toBe(2);
    expect(winbackDays(0, 5, 10)).toBe(0);
  });

  it('never gives an agent more than the cap on a day, and agents differ by at most one in total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 30 }),
        (targets, pool, cap) => {
          const load = winbackLoad(targets, pool, cap);
          const totals = load.map((days) => days.reduce((a, b) => a + b, 0));
          expect(totals.reduce((a, b) => a + b, 0)).toBe(targets);
          expect(Math.max(...totals) - Math.min(...totals)).toBeLessThanOrEqual(1);
          for (const days of load) for (const n of days) expect(n).toBeLessThanOrEqual(cap);
          // Every day but the last is full: the campaign takes the fewest days the caps allow.
          for (const days of load) days.slice(0, -1).forEach((n) => expect(n).toBe(cap));
        },
      ),
    );
  });

  it('rejects an empty pool, a zero cap and a negative ordinal', () => {
    expect(() => winbackSlot(0, 0, 5)).toThrow(RangeError);
    expect(() => winbackSlot(0, 3, 0)).toThrow(RangeError);
    expect(() => winbackSlot(-1, 3, 5)).toThrow(RangeError);
  });
});
