import { describe, expect, it } from '@jest/globals';
import {
  defaultKpiDefinitions,
  KPI_CATALOG,
  KpiCode,
  KpiDirection,
  kpiScore,
  scoreKpis,
  weightedMean,
} from './kpis.js';

const higher = { direction: KpiDirection.HIGHER, target: 0.9, minSample: 3 };
const lower = { direction: KpiDirection.LOWER, target: 48, minSample: 3 };

describe('kpiScore', () => {
  it('scores a higher-is-better KPI as value / target, capped at 100', () => {
    expect(kpiScore(0.9, 10, higher)).toBe(100);
    expect(kpiScore(1, 10, higher)).toBe(100);
    expect(kpiScore(0.45, 10, higher)).toBe(50);
    expect(kpiScore(0, 10, higher)).toBe(0);
  });

  it('scores a lower-is-better KPI as 100 up to the target, then target / value', () => {
    expect(kpiScore(0, 5, lower)).toBe(100);
    expect(kpiScore(48, 5, lower)).toBe(100);
    expect(kpiScore(96, 5, lower)).toBe(50);
    expect(kpiScore(144, 5, lower)).toBe(33.33);
  });

  it('answers "not enough data" (null) below the minimum sample, and with no cases at all', () => {
    expect(kpiScore(1, 2, higher)).toBeNull();
    expect(kpiScore(null, 0, higher)).toBeNull();
    expect(kpiScore(Number.NaN, 10, higher)).toBeNull();
    expect(kpiScore(1, 3, higher)).toBe(100);
  });
});

describe('weightedMean', () => {
  it('renormalises over the inputs that have a score', () => {
    expect(
      weightedMean([
        { score: 80, weight: 1 },
        { score: null, weight: 3 },
        { score: 40, weight: 3 },
      ]),
    ).toBe(50);
  });

  it('is null, not a division by zero, when nothing has a score or all weights are 0', () => {
    expect(weightedMean([{ score: null, weight: 1 }])).toBeNull();
    expect(weightedMean([{ score: 90, weight: 0 }])).toBeNull();
    expect(weightedMean([])).toBeNull();
  });
});

describe('scoreKpis', () => {
  it('scores every active KPI and leaves out those without enough data', () => {
    const definitions = defaultKpiDefinitions();
    const { kpis, kpiScore: total } = scoreKpis(
      [
        { code: KpiCode.FIRST_REPLY_ON_TIME, sample: 10, value: 0.95 },
        { code: KpiCode.CSAT, sample: 4, value: 3.6 },
        { code: KpiCode.REOPEN_RATE, sample: 1, value: 1 },
      ],
      definitions,
    );
    expect(kpis).toHaveLength(KPI_CATALOG.length);
    expect(kpis.find((k) => k.code === KpiCode.FIRST_REPLY_ON_TIME)?.score).toBe(100);
    expect(kpis.find((k) => k.code === KpiCode.CSAT)?.score).toBe(80);
    expect(kpis.find((k) => k.code === KpiCode.REOPEN_RATE)?.score).toBeNull();
    expect(kpis.find((k) => k.code === KpiCode.VOLUME)?.score).toBeNull();
    // 15 × 100 + 20 × 80 over weights 35.
    expect(total).toBe(88.57);
  });

  it('gives a person with no cases no KPI score at all', () => {
    expect(scoreKpis([], defaultKpiDefinitions()).kpiScore).toBeNull();
  });

  it('skips inactive KPIs', () => {
    const definitions = defaultKpiDefinitions().map((d) =>
      d.code === KpiCode.CSAT ? { ...d, active: false } : d,
    );
    const { kpis } = scoreKpis([{ code: KpiCode.CSAT, sample: 10, value: 5 }], definitions);
    expect(kpis.some((k) => k.code === KpiCode.CSAT)).toBe(false);
  });

  it('keeps volume a low-weight KPI (the manual warns against counting customers served)', () => {
    const volume = KPI_CATALOG.find((k) => k.code === KpiCode.VOLUME)!;
    expect(
      Math.max(...KPI_CATALOG.filter((k) => k.code !== KpiCode.VOLUME).map((k) => k.weight)),
    ).toBeGreaterThan(volume.weight * 5);
    expect(KPI_CATALOG.every((k) => k.target > 0)).toBe(true);
  });
});
