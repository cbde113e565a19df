/**
 * SERVQUAL arithmetic (DESIGN section 6.5), free of the database: a dimension's gap is
 * mean(P) − mean(E) over the responses that answered it (negative = the store falls short of what the
 * customers expect). Each response weighs the same: its own items of a dimension are averaged first,
 * so a template version with more items in a dimension does not count its respondents more.
 */

/** The five dimensions, in the order reports list them. */
export enum ServqualDimension {
  TANGIBLES = 'TANGIBLES',
  RELIABILITY = 'RELIABILITY',
  RESPONSIVENESS = 'RESPONSIVENESS',
  ASSURANCE = 'ASSURANCE',
  EMPATHY = 'EMPATHY',
}

export const SERVQUAL_DIMENSIONS: readonly ServqualDimension[] = [
  ServqualDimension.TANGIBLES,
  ServqualDimension.RELIABILITY,
  ServqualDimension.RESPONSIVENESS,
  ServqualDimension.ASSURANCE,
  ServqualDimension.EMPATHY,
];

/** Chinese names of the seed (有形因素, 可靠, 反应, 保证, 移情), for exports. */
export const DIMENSION_LABELS: Record<ServqualDimension, string> = {
  TANGIBLES: '有形性 Tangibles',
  RELIABILITY: '可靠性 Reliability',
  RESPONSIVENESS: '响应性 Responsiveness',
  ASSURANCE: '保证性 Assurance',
  EMPATHY: '移情性 Empathy',
};

/** Answers are on a 1–7 scale for both expectation and perception; CSAT on 1–5. */
export const SCALE_MIN = 1;
export const SCALE_MAX = 7;
export const CSAT_MAX = 5;

/**
 * One dimension of one group, summed over its responses: each response contributes the mean of its
 * expectation and of its perception answers in that dimension.
 */
export interface DimensionTotals {
  expectationSum: number;
  perceptionSum: number;
  responses: number;
}

export interface DimensionGap {
  dimension: ServqualDimension;
  meanExpectation: number | null;
  meanPerception: number | null;
  /** mean(P) − mean(E), from the unrounded means, then rounded. */
  gap: number | null;
  responses: number;
}

/** Rounds half away from zero to `places` decimals, without binary artefacts (1.005 → 1.01). */
export function roundTo(value: number, places = 2): number {
  if (!Number.isFinite(value)) throw new RangeError(`Cannot round ${value}`);
  const sign = value < 0 ? -1 : 1;
  const rounded = Number(`${Math.round(Number(`${Math.abs(value)}e${places}`))}e-${places}`);
  return rounded === 0 ? 0 : sign * rounded;
}

/** A dimension's means and gap; null (never NaN) when no response answered the dimension. */
export function dimensionGap(
  dimension: ServqualDimension,
  totals: DimensionTotals | undefined,
): DimensionGap {
  if (!totals || totals.responses === 0)
    return { dimension, meanExpectation: null, meanPerception: null, gap: null, responses: 0 };
  const meanExpectation = totals.expectationSum / totals.responses;
  const meanPerception = totals.perceptionSum / totals.responses;
  return {
    dimension,
    meanExpectation: roundTo(meanExpectation),
    meanPerception: roundTo(meanPerception),
    gap: roundTo(meanPerception - meanExpectation),
    responses: totals.responses,
  };
}

export interface GroupGaps {
  dimensions: DimensionGap[];
  /** The unweighted SERVQUAL score: the mean of the dimension gaps that have data; null with none. */
  servqualScore: number | null;
}

/** All five dimensions of a group (those without answers as nulls) and the group's overall score. */
export function groupGaps(totals: Partial<Record<ServqualDimension, DimensionTotals>>): GroupGaps {
  const dimensions = SERVQUAL_DIMENSIONS.map((dimension) => dimensionGap(dimension, totals[dimension]));
  const exact = SERVQUAL_DIMENSIONS.flatMap((dimension) => {
    const t = totals[dimension];
    return t && t.responses > 0 ? [(t.perceptionSum - t.expectationSum) / t.responses] : [];
  });
  const servqualScore =
    exact.length === 0 ? null : roundTo(exact.reduce((sum, gap) => sum + gap, 0) / exact.length);
  return { dimensions, servqualScore };
}

export interface CsatSummary {
  /** Mean of the CSAT answers (1–5), rounded to two decimals; null when nobody answered it. */
  mean: number | null;
  responses: number;
  /** How many answered 1, 2, 3, 4 and 5 (five counts, in that order). */
  distribution: number[];
}

/** The CSAT mean and distribution from the count of each answer 1–5. */
export function csatSummary(counts: readonly number[]): CsatSummary {
  if (counts.length !== CSAT_MAX) throw new RangeError(`Expected ${CSAT_MAX} counts, got ${counts.length}`);
  const responses = counts.reduce((sum, n) => sum + n, 0);
  const total = counts.reduce((sum, n, index) => sum + n * (index + 1), 0);
  return { mean: responses === 0 ? null : roundTo(total / responses), responses, distribution: [...counts] };
}

export interface AnswerDraft {
  itemId: string;
  expectation: number;
  perception: number;
}

export interface AnswerProblems {
  /** Items of the template without an answer. */
  missing: string[];
  /** Items answered more than once. */
  duplicated: string[];
  /** Answers naming an item that is not part of the template. */
  unknown: string[];
  /** Answers with a value outside 1–7 or not a whole number. */
  outOfScale: string[];
}

const onScale = (value: number) => Number.isInteger(value) && value >= SCALE_MIN && value <= SCALE_MAX;

/**
 * Checks a response against its template: every item answered exactly once (partial responses are
 * refused, so every response weighs the same in every dimension), on the 1–7 scale, and nothing else.
 */
export function answerProblems(itemIds: readonly string[], answers: readonly AnswerDraft[]): AnswerProblems {
  const known = new Set(itemIds);
  const seen = new Set<string>();
  const problems: AnswerProblems = { missing: [], duplicated: [], unknown: [], outOfScale: [] };
  for (const answer of answers) {
    const id = answer.itemId.toLowerCase();
    if (!known.has(id)) problems.unknown.push(answer.itemId);
    else if (seen.has(id)) problems.duplicated.push(answer.itemId);
    seen.add(id);
    if (!onScale(answer.expectation) || !onScale(answer.perception)) problems.outOfScale.push(answer.itemId);
  }
  problems.missing = itemIds.filter((id) => !seen.has(id));
  return problems;
}
