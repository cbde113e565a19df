import { describe, expect, it } from '@jest/globals';
import {
  answerProblems,
  csatSummary,
  dimensionGap,
  groupGaps,
  roundTo,
  ServqualDimension,
  SERVQUAL_DIMENSIONS,
} from './servqual.js';
import { DEFAULT_SERVQUAL_ITEMS } from './default-template.js';

const { TANGIBLES, RELIABILITY, EMPATHY } = ServqualDimension;

describe('SERVQUAL gap arithmetic', () => {
  it('computes mean E, mean P and gap = mean(P) − mean(E) from per-response means (hand-computed)', () => {
    // Response 1: E 7, 6 → 6.5; P 5, 4 → 4.5. Response 2: E 6, 6 → 6; P 6, 5 → 5.5.
    // mean E = (6.5 + 6) / 2 = 6.25; mean P = (4.5 + 5.5) / 2 = 5; gap = 5 − 6.25 = −1.25 (a shortfall).
    expect(dimensionGap(TANGIBLES, { expectationSum: 12.5, perceptionSum: 10, responses: 2 })).toEqual({
      dimension: TANGIBLES,
      meanExpectation: 6.25,
      meanPerception: 5,
      gap: -1.25,
      responses: 2,
    });
  });

  it('answers a positive gap when perception exceeds expectation', () => {
    // Three responses: E means 4, 5, 3 (sum 12, mean 4); P means 5, 6, 4 (sum 15, mean 5): gap +1.
    expect(dimensionGap(EMPATHY, { expectationSum: 12, perceptionSum: 15, responses: 3 }).gap).toBe(1);
  });

  it('gives null, never NaN, for a dimension nobody answered', () => {
    const empty = {
      dimension: RELIABILITY,
      meanExpectation: null,
      meanPerception: null,
      gap: null,
      responses: 0,
    };
    expect(dimensionGap(RELIABILITY, undefined)).toEqual(empty);
    expect(dimensionGap(RELIABILITY, { expectationSum: 0, perceptionSum: 0, responses: 0 })).toEqual(empty);
    const group = groupGaps({});
    expect(group.servqualScore).toBeNull();
    expect(group.dimensions.map((d) => d.dimension)).toEqual(SERVQUAL_DIMENSIONS);
    expect(group.dimensions.every((d) => d.gap === null && d.meanExpectation === null)).toBe(true);
    expect(JSON.stringify(group)).not.toContain('NaN');
  });

  it('rounds means to two decimals and takes the gap from the unrounded means', () => {
    // Thirds: E 20/3 = 6.666… → 6.67, P 14/3 = 4.666… → 4.67, gap exactly −2.
    expect(dimensionGap(TANGIBLES, { expectationSum: 20, perceptionSum: 14, responses: 3 })).toMatchObject({
      meanExpectation: 6.67,
      meanPerception: 4.67,
      gap: -2,
    });
    // E 5.125 → 5.13 and P 4.114 → 4.11: the rounded means differ by 1.02, the real gap is −1.011 → −1.01.
    expect(
      dimensionGap(TANGIBLES, { expectationSum: 5.125, perceptionSum: 4.114, responses: 1 }),
    ).toMatchObject({
      meanExpectation: 5.13,
      meanPerception: 4.11,
      gap: -1.01,
    });
  });

  it('rounds half away from zero without binary artefacts, and never answers −0', () => {
    expect(roundTo(1.005)).toBe(1.01);
    expect(roundTo(-1.005)).toBe(-1.01);
    expect(roundTo(2.675)).toBe(2.68);
    expect(roundTo(-0.375)).toBe(-0.38);
    expect(Object.is(roundTo(-0.004), 0)).toBe(true);
    expect(roundTo(4)).toBe(4);
    expect(() => roundTo(Number.NaN)).toThrow(RangeError);
  });

  it('scores a group as the unweighted mean of the gaps of the dimensions that have data', () => {
    const group = groupGaps({
      [TANGIBLES]: { expectationSum: 12.5, perceptionSum: 10, responses: 2 }, // −1.25
      [EMPATHY]: { expectationSum: 12, perceptionSum: 13.5, responses: 3 }, // +0.5
    });
    // (−1.25 + 0.5) / 2 = −0.375 → −0.38; the three empty dimensions do not count as zeros.
    expect(group.servqualScore).toBe(-0.38);
    expect(group.dimensions.map((d) => [d.dimension, d.gap])).toEqual([
      [TANGIBLES, -1.25],
      [RELIABILITY, null],
      [ServqualDimension.RESPONSIVENESS, null],
      [ServqualDimension.ASSURANCE, null],
      [EMPATHY, 0.5],
    ]);
  });
});

describe('CSAT summary', () => {
  it('computes the mean and keeps the distribution of answers 1–5', () => {
    // One 3, two 4s, one 5: (3 + 8 + 5) / 4 = 4.
    expect(csatSummary([0, 0, 1, 2, 1])).toEqual({ mean: 4, responses: 4, distribution: [0, 0, 1, 2, 1] });
    // One 1, two 5s: 11 / 3 = 3.666… → 3.67.
    expect(csatSummary([1, 0, 0, 0, 2]).mean).toBe(3.67);
  });

  it('answers null, not NaN, when nobody answered the CSAT question', () => {
    expect(csatSummary([0, 0, 0, 0, 0])).toEqual({ mean: null, responses: 0, distribution: [0, 0, 0, 0, 0] });
    expect(() => csatSummary([1, 2])).toThrow(RangeError);
  });
});

describe('answer checks', () => {
  const items = ['i1', 'i2', 'i3'];
  const answer = (itemId: string, expectation = 5, perception = 4) => ({ itemId, expectation, perception });

  it('accepts exactly one answer per item on the 1–7 scale, in any order', () => {
    expect(answerProblems(items, [answer('i3', 1, 7), answer('i1', 7, 1), answer('i2')])).toEqual({
      missing: [],
      duplicated: [],
      unknown: [],
      outOfScale: [],
    });
  });

  it('reports missing, duplicated, unknown and off-scale answers', () => {
    expect(
      answerProblems(items, [
        answer('i1'),
        answer('i1'),
        answer('other'),
        answer('i2', 0, 4),
        answer('i2', 5, 8),
      ]),
    ).toEqual({ missing: ['i3'], duplicated: ['i1', 'i2'], unknown: ['other'], outOfScale: ['i2', 'i2'] });
    expect(answerProblems(items, [answer('i1', 4.5, 4), answer('i2'), answer('i3')]).outOfScale).toEqual([
      'i1',
    ]);
    expect(answerProblems(items, []).missing).toEqual(items);
  });
});

describe('the default SERVQUAL template', () => {
  it('has the classic 22 statements: 4 tangibles, 5 reliability, 4 responsiveness, 4 assurance, 5 empathy', () => {
    const count = (dimension: ServqualDimension) =>
      DEFAULT_SERVQUAL_ITEMS.filter((item) => item.dimension === dimension).length;
    expect(DEFAULT_SERVQUAL_ITEMS).toHaveLength(22);
    expect(SERVQUAL_DIMENSIONS.map(count)).toEqual([4, 5, 4, 4, 5]);
    expect(
      DEFAULT_SERVQUAL_ITEMS.every((item) => item.text.length > 0 && (item.textEn ?? '').length > 0),
    ).toBe(true);
  });
});
