import { describe, expect, it } from '@jest/globals';
import {
  behaviourScore,
  checkDistribution,
  classifyServiceType,
  compositeScore,
  forcedDistribution,
  gradeQuotas,
  levelScore,
  matrixAxes,
  ServiceType,
} from './scorecard-rules.js';

describe('behaviour score', () => {
  it('maps levels 1–5 to 0–100', () => {
    expect([1, 2, 3, 4, 5].map(levelScore)).toEqual([0, 25, 50, 75, 100]);
  });

  it('averages raters per scale, then weights scales; blends BOS at 25 %', () => {
    const result = behaviourScore(
      [
        { weight: 2, levels: [5, 3] }, // 75
        { weight: 1, levels: [2] }, // 25
        { weight: 5, levels: [] }, // no rating: not counted
      ],
      [5, 4], // 87.5
    );
    expect(result.bars).toBe(58.33);
    expect(result.bos).toBe(87.5);
    expect(result.behaviour).toBe(65.62);
  });

  it('uses whichever part exists, and is null with no ratings', () => {
    expect(behaviourScore([], [3]).behaviour).toBe(50);
    expect(behaviourScore([{ weight: 1, levels: [4] }], []).behaviour).toBe(75);
    expect(behaviourScore([], []).behaviour).toBeNull();
  });
});

describe('composite', () => {
  it('weights KPI and behaviour 50/50 by default', () => {
    expect(compositeScore(80, 60)).toBe(70);
  });

  it('follows the tenant weights', () => {
    expect(compositeScore(80, 60, { kpiWeight: 70, behaviourWeight: 30 })).toBe(74);
    expect(compositeScore(80, 60, { kpiWeight: 100, behaviourWeight: 0 })).toBe(80);
  });

  it('renormalises when one part is missing, and is null when both are', () => {
    expect(compositeScore(null, 60)).toBe(60);
    expect(compositeScore(80, null)).toBe(80);
    expect(compositeScore(null, null)).toBeNull();
  });
});

describe('service-type matrix', () => {
  it('classifies at and around the threshold (at the threshold counts as strong)', () => {
    expect(classifyServiceType(70, 70)).toBe(ServiceType.EXCELLENT);
    expect(classifyServiceType(70, 69.99)).toBe(ServiceType.BUREAUCRATIC);
    expect(classifyServiceType(69.99, 70)).toBe(ServiceType.FRIENDLY_DISORGANIZED);
    expect(classifyServiceType(69.99, 69.99)).toBe(ServiceType.INDIFFERENT);
    expect(classifyServiceType(80, 80, 85)).toBe(ServiceType.INDIFFERENT);
    expect(classifyServiceType(null, 90)).toBeNull();
  });

  it('explains each axis by its inputs', () => {
    const axes = matrixAxes(
      [
        { code: 'FIRST_REPLY_ON_TIME', score: 100, weight: 15 },
        { code: 'WORK_ORDER_ON_TIME', score: 40, weight: 15 },
        { code: 'REVISIT_ON_TIME', score: null, weight: 10 },
        { code: 'CSAT', score: 80, weight: 20 },
        { code: 'VOLUME', score: 10, weight: 2 },
      ],
      60,
    );
    expect(axes.procedural).toBe(70);
    expect(axes.personal).toBe(70);
    expect(axes.proceduralInputs.map((i) => i.input)).toEqual([
      'FIRST_REPLY_ON_TIME',
      'WORK_ORDER_ON_TIME',
      'REVISIT_ON_TIME',
    ]);
    expect(axes.personalInputs).toEqual([
      { input: 'CSAT', value: 80, weight: 1 },
      { input: 'BEHAVIOUR', value: 60, weight: 1 },
    ]);
  });
});

describe('forced distribution', () => {
  it('computes quotas with round half up; B takes the rest', () => {
    expect(gradeQuotas(10, { a: 0.2, c: 0.1 })).toEqual({ a: 2, c: 1 });
    expect(gradeQuotas(5, { a: 0.2, c: 0.1 })).toEqual({ a: 1, c: 1 });
    expect(gradeQuotas(1, { a: 0.2, c: 0.1 })).toEqual({ a: 0, c: 0 });
    expect(gradeQuotas(3, { a: 0.5, c: 0.5 })).toEqual({ a: 2, c: 1 });
  });

  it('grades 20/70/10 by rank', () => {
    const people = Array.from({ length: 10 }, (_, i) => ({ id: `p${i}`, score: 100 - i }));
    const grades = forcedDistribution(people);
    expect(people.map((p) => grades.get(p.id)!.grade).join('')).toBe('AABBBBBBBC');
    expect(grades.get('p0')!.rank).toBe(1);
  });

  it('gives tied people the same rank and grade: a tie at a boundary goes to the better grade', () => {
    const people = [
      { id: 'a', score: 90 },
      { id: 'b', score: 80 },
      { id: 'c', score: 80 },
      { id: 'd', score: 70 },
      { id: 'e', score: 60 },
      { id: 'f', score: 60 },
      { id: 'g', score: 50 },
      { id: 'h', score: 50 },
      { id: 'i', score: 40 },
      { id: 'j', score: 40 },
    ];
    const grades = forcedDistribution(people);
    expect(people.map((p) => grades.get(p.id)!.rank)).toEqual([1, 2, 2, 4, 5, 5, 7, 7, 9, 9]);
    // Quota A = 2: rank 2 is within it, so both 80s are A (3 A grades).
    // Quota C = 1: the last tie starts at rank 9 <= 10 − 1, so both 40s stay B (no C).
    expect(people.map((p) => grades.get(p.id)!.grade).join('')).toBe('AAABBBBBBB');
  });

  it('is deterministic whatever the input order, and leaves people without a score ungraded', () => {
    const people = [
      { id: 'x', score: 70 },
      { id: 'y', score: null },
      { id: 'z', score: 70 },
      { id: 'w', score: 10 },
    ];
    const one = forcedDistribution(people);
    const two = forcedDistribution([...people].reverse());
    expect([...one.entries()].sort()).toEqual([...two.entries()].sort());
    expect(one.has('y')).toBe(false);
  });

  it('flags calibrated grades that break the distribution', () => {
    const automatic = ['A', 'A', 'B', 'B', 'B', 'B', 'B', 'B', 'B', 'C'] as const;
    const kept = checkDistribution(automatic.map((g) => ({ automatic: g, final: g })));
    expect(kept.violations).toEqual([]);
    const inflated = checkDistribution(
      automatic.map((g, i) => ({ automatic: g, final: i === 2 ? 'A' : i === 9 ? 'B' : g })),
    );
    expect(inflated.countA).toBe(3);
    expect(inflated.violations).toEqual([
      '3 A grades where at most 2 are allowed',
      '0 C grades where at least 1 are required',
    ]);
    // A swap (one A down to B, one B up to A) keeps the distribution.
    const swapped = checkDistribution(
      automatic.map((g, i) => ({ automatic: g, final: i === 1 ? 'B' : i === 2 ? 'A' : g })),
    );
    expect(swapped.violations).toEqual([]);
  });
});
