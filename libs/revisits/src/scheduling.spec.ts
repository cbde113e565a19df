import { describe, expect, it } from '@jest/globals';
import { newId } from '@service-desk/core';
import { balance, isSampled, sampleScore } from './scheduling.js';

describe('supervisory sampling', () => {
  it('scores an id from the first 32 bits of its md5', () => {
    // md5('abc') = 900150983cd24fb0…
    expect(sampleScore('abc')).toBe(0x90015098 / 2 ** 32);
  });

  it('picks about the configured share, and a larger share picks a superset', () => {
    const ids = Array.from({ length: 2000 }, () => newId());
    const tenth = ids.filter((id) => isSampled(id, 0.1));
    const half = new Set(ids.filter((id) => isSampled(id, 0.5)));
    expect(tenth.length).toBeGreaterThan(120);
    expect(tenth.length).toBeLessThan(280);
    expect(tenth.every((id) => half.has(id))).toBe(true);
    expect(ids.filter((id) => isSampled(id, 0))).toEqual([]);
    expect(ids.filter((id) => isSampled(id, 1))).toHaveLength(ids.length);
  });
});

describe('balanced assignment', () => {
  const tasks = (day: string, n: number) => Array.from({ length: n }, (_, i) => ({ id: `${day}-${i}`, day }));

  it('fills the least-loaded staff first and spreads evenly', () => {
    const loads: Record<string, number> = { a: 2, b: 0, c: 1 };
    const result = balance(tasks('d1', 4), (s) => loads[s], ['a', 'b', 'c'], 20);
    // Levels: b1, b2, c2, then a3 / b3 / c3 by id.
    expect([...result.values()]).toEqual(['b', 'b', 'c', 'a']);
  });

  it('never goes beyond the daily cap; the rest stays unassigned', () => {
    const result = balance(tasks('d1', 5), (s) => (s === 'a' ? 1 : 0), ['a', 'b'], 2);
    expect([...result.values()]).toEqual(['b', 'a', 'b', null, null]);
  });

  it('counts load per day', () => {
    const result = balance(
      [...tasks('d1', 1), ...tasks('d2', 1)],
      (s, day) => (day === 'd1' && s === 'a' ? 5 : 0),
      ['a', 'b'],
      5,
    );
    expect(result.get('d1-0')).toBe('b');
    expect(result.get('d2-0')).toBe('a');
  });
});
