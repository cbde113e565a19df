import { KPI_CATALOG, type KpiCode, round2, weightedMean } from './kpis.js';

/** A BARS level 1–5 (or a BOS frequency 1–5) on the 0–100 scale: (level − 1) / 4 × 100. */
export const levelScore = (level: number): number => ((level - 1) / 4) * 100;

/** Share of the behaviour score that BOS frequencies take when a person has both BARS and BOS ratings. */
export const BOS_SHARE = 0.25;

export interface BarsScaleRatings {
  /** The scale's weight (bars_scales.weight); inactive scales are not passed. */
  weight: number;
  /** Each rater's latest level on this scale in the period. */
  levels: number[];
}

/**
 * Behaviour score of a person for a period:
 * - BARS: per active scale, the mean over raters (each rater's latest rating in the period counts) of
 *   the level score; then the mean over scales weighted by scale weight.
 * - BOS: the mean over active items of each rater's latest frequency score.
 * - Both present: (1 − BOS_SHARE) × BARS + BOS_SHARE × BOS; one present: that one; none: null.
 */
export function behaviourScore(
  bars: readonly BarsScaleRatings[],
  bosFrequencies: readonly number[],
): { bars: number | null; bos: number | null; behaviour: number | null } {
  const barsScore = weightedMean(
    bars
      .filter((scale) => scale.levels.length > 0)
      .map((scale) => ({
        score: scale.levels.reduce((sum, level) => sum + levelScore(level), 0) / scale.levels.length,
        weight: scale.weight,
      })),
  );
  const bosScore =
    bosFrequencies.length > 0
      ? round2(bosFrequencies.reduce((sum, f) => sum + levelScore(f), 0) / bosFrequencies.length)
      : null;
  const behaviour =
    barsScore !== null && bosScore !== null
      ? round2((1 - BOS_SHARE) * barsScore + BOS_SHARE * bosScore)
      : (barsScore ?? bosScore);
  return { bars: barsScore, bos: bosScore, behaviour };
}

export interface CompositeWeights {
  kpiWeight: number;
  behaviourWeight: number;
}

export const DEFAULT_COMPOSITE_WEIGHTS: CompositeWeights = { kpiWeight: 50, behaviourWeight: 50 };

/** Composite = weighted KPI score + weighted behaviour score; a missing part is left out (renormalised). */
export function compositeScore(
  kpi: number | null,
  behaviour: number | null,
  weights: CompositeWeights = DEFAULT_COMPOSITE_WEIGHTS,
): number | null {
  return weightedMean([
    { score: kpi, weight: weights.kpiWeight },
    { score: behaviour, weight: weights.behaviourWeight },
  ]);
}

// ---- Service-type matrix (seed 001: the four types of customer service) ----

export enum ServiceType {
  EXCELLENT = 'EXCELLENT',
  BUREAUCRATIC = 'BUREAUCRATIC',
  FRIENDLY_DISORGANIZED = 'FRIENDLY_DISORGANIZED',
  INDIFFERENT = 'INDIFFERENT',
}

export const DEFAULT_MATRIX_THRESHOLD = 70;

/** Both axes at or above the threshold → EXCELLENT; procedure only → BUREAUCRATIC; and so on. */
export function classifyServiceType(
  procedural: number | null,
  personal: number | null,
  threshold = DEFAULT_MATRIX_THRESHOLD,
): ServiceType | null {
  if (procedural === null || personal === null) return null;
  const proc = procedural >= threshold;
  const pers = personal >= threshold;
  if (proc && pers) return ServiceType.EXCELLENT;
  if (proc) return ServiceType.BUREAUCRATIC;
  if (pers) return ServiceType.FRIENDLY_DISORGANIZED;
  return ServiceType.INDIFFERENT;
}

/** The KPIs on the procedural axis (on-time rates and commitments kept), weighted by their KPI weight. */
export const PROCEDURAL_KPIS: readonly KpiCode[] = KPI_CATALOG.filter((k) => k.axis === 'PROCEDURAL').map(
  (k) => k.code,
);

/** The personal axis: CSAT and the behaviour score, each with this weight (equal halves). */
export const PERSONAL_INPUT_WEIGHT = 1;

export interface AxisInput {
  input: string;
  value: number | null;
  weight: number;
}

/** The inputs of both axes for one person, from the scored KPIs and the behaviour score. */
export function matrixAxes(
  kpis: ReadonlyArray<{ code: string; score: number | null; weight: number }>,
  behaviour: number | null,
): {
  procedural: number | null;
  personal: number | null;
  proceduralInputs: AxisInput[];
  personalInputs: AxisInput[];
} {
  const proceduralInputs = kpis
    .filter((k) => (PROCEDURAL_KPIS as readonly string[]).includes(k.code))
    .map((k) => ({ input: k.code, value: k.score, weight: k.weight }));
  const csat = kpis.find((k) => k.code === 'CSAT');
  const personalInputs: AxisInput[] = [
    { input: 'CSAT', value: csat?.score ?? null, weight: PERSONAL_INPUT_WEIGHT },
    { input: 'BEHAVIOUR', value: behaviour, weight: PERSONAL_INPUT_WEIGHT },
  ];
  const mean = (inputs: AxisInput[]) =>
    weightedMean(inputs.map((i) => ({ score: i.value, weight: i.weight })));
  return {
    procedural: mean(proceduralInputs),
    personal: mean(personalInputs),
    proceduralInputs,
    personalInputs,
  };
}

// ---- Forced distribution ----

export type Grade = 'A' | 'B' | 'C';

export interface GradeShares {
  a: number;
  c: number;
}

export const DEFAULT_GRADE_SHARES: GradeShares = { a: 0.2, c: 0.1 };

/** How many A and C grades a group of n ranked people gets (round half up; B takes the rest). */
export function gradeQuotas(n: number, shares: GradeShares): { a: number; c: number } {
  const a = Math.floor(n * shares.a + 0.5 + 1e-9);
  const c = Math.min(n - a, Math.floor(n * shares.c + 0.5 + 1e-9));
  return { a, c };
}

/**
 * Forced distribution within one group (tenant and role). People are ranked by score, best first;
 * equal scores share the best rank of their group (competition ranking: 1, 2, 2, 4). A person gets A
 * when their rank is within the A quota, C when their rank falls past n − C quota, B otherwise. So a
 * tie that straddles a boundary goes to the better grade, for everyone in it: people with equal scores
 * always get equal grades, and the order of ids never decides a grade. People without a score are not
 * ranked and get no grade. The scorecard job implements the same rule in SQL.
 */
export function forcedDistribution(
  people: ReadonlyArray<{ id: string; score: number | null }>,
  shares: GradeShares = DEFAULT_GRADE_SHARES,
): Map<string, { rank: number; grade: Grade }> {
  const scored = people.filter((p): p is { id: string; score: number } => p.score !== null);
  const sorted = [...scored].sort((x, y) => y.score - x.score || x.id.localeCompare(y.id));
  const quotas = gradeQuotas(sorted.length, shares);
  const result = new Map<string, { rank: number; grade: Grade }>();
  sorted.forEach((person, index) => {
    const rank =
      index > 0 && sorted[index - 1].score === person.score
        ? result.get(sorted[index - 1].id)!.rank
        : index + 1;
    const grade: Grade = rank <= quotas.a ? 'A' : rank > sorted.length - quotas.c ? 'C' : 'B';
    result.set(person.id, { rank, grade });
  });
  return result;
}

export interface DistributionCheck {
  ranked: number;
  quotaA: number;
  quotaC: number;
  /** A grades the rule allows (the quota, widened when a tie at the boundary took more). */
  allowedA: number;
  /** C grades the rule requires (the quota, narrowed when a tie at the boundary kept people at B). */
  requiredC: number;
  countA: number;
  countB: number;
  countC: number;
  violations: string[];
}

/**
 * Whether final (calibrated) grades keep the forced distribution: no more A grades than the
 * automatic grading allowed, and no fewer C grades than it required.
 */
export function checkDistribution(
  cards: ReadonlyArray<{ automatic: Grade | null; final: Grade | null }>,
  shares: GradeShares = DEFAULT_GRADE_SHARES,
): DistributionCheck {
  const graded = cards.filter((c) => c.automatic !== null);
  const quotas = gradeQuotas(graded.length, shares);
  const count = (grade: Grade, pick: 'automatic' | 'final') => cards.filter((c) => c[pick] === grade).length;
  const allowedA = Math.max(quotas.a, count('A', 'automatic'));
  const requiredC = Math.min(quotas.c, count('C', 'automatic'));
  const countA = count('A', 'final');
  const countC = count('C', 'final');
  const violations: string[] = [];
  if (countA > allowedA) violations.push(`${countA} A grades where at most ${allowedA} are allowed`);
  if (countC < requiredC) violations.push(`${countC} C grades where at least ${requiredC} are required`);
  return {
    ranked: graded.length,
    quotaA: quotas.a,
    quotaC: quotas.c,
    allowedA,
    requiredC,
    countA,
    countB: count('B', 'final'),
    countC,
    violations,
  };
}
