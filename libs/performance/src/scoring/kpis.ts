/** The KPIs of DESIGN section 6.6, each computed per staff member and period from the desk's data. */
export enum KpiCode {
  FIRST_REPLY_ON_TIME = 'FIRST_REPLY_ON_TIME',
  RESOLUTION_ON_TIME = 'RESOLUTION_ON_TIME',
  COMMITMENTS_KEPT = 'COMMITMENTS_KEPT',
  MEAN_RESOLUTION_HOURS = 'MEAN_RESOLUTION_HOURS',
  CSAT = 'CSAT',
  REOPEN_RATE = 'REOPEN_RATE',
  REVISIT_ON_TIME = 'REVISIT_ON_TIME',
  WORK_ORDER_ON_TIME = 'WORK_ORDER_ON_TIME',
  WINBACK_RATE = 'WINBACK_RATE',
  VOLUME = 'VOLUME',
}

/** Whether a higher or a lower value is better. */
export enum KpiDirection {
  HIGHER = 'HIGHER',
  LOWER = 'LOWER',
}

/** The axis of the service-type matrix a KPI feeds (seed 001: procedure × personal warmth). */
export type MatrixAxis = 'PROCEDURAL' | 'PERSONAL' | null;

export interface KpiSpec {
  code: KpiCode;
  direction: KpiDirection;
  /** Defaults a tenant starts from until HQ's template is adopted or the tenant tunes them. */
  target: number;
  weight: number;
  minSample: number;
  axis: MatrixAxis;
  /** What is counted (the SQL of the scorecard job implements exactly this). */
  definition: string;
}

const H = KpiDirection.HIGHER;
const L = KpiDirection.LOWER;

/**
 * The catalogue, in display order. Rates are fractions 0–1; CSAT is the mean satisfaction 1–5.
 * Volume's weight is deliberately low: the manual warns that counting customers served, on its own,
 * degrades the quality of service.
 */
export const KPI_CATALOG: readonly KpiSpec[] = [
  {
    code: KpiCode.FIRST_REPLY_ON_TIME,
    direction: H,
    target: 0.95,
    weight: 15,
    minSample: 3,
    axis: 'PROCEDURAL',
    definition:
      'Complaints handled, received in the period, whose first-reply deadline passed or that were acknowledged: share acknowledged by the deadline.',
  },
  {
    code: KpiCode.RESOLUTION_ON_TIME,
    direction: H,
    target: 0.9,
    weight: 15,
    minSample: 3,
    axis: 'PROCEDURAL',
    definition:
      'Complaints handled that were resolved in the period, or whose resolution deadline fell in the period and passed unresolved: share resolved by the deadline.',
  },
  {
    code: KpiCode.COMMITMENTS_KEPT,
    direction: H,
    target: 0.95,
    weight: 15,
    minSample: 3,
    axis: 'PROCEDURAL',
    definition: 'Reply promises made by the person, due in the period and settled: share kept.',
  },
  {
    code: KpiCode.MEAN_RESOLUTION_HOURS,
    direction: L,
    target: 48,
    weight: 5,
    minSample: 3,
    axis: null,
    definition: 'Complaints handled and resolved in the period: mean hours from receipt to resolution.',
  },
  {
    code: KpiCode.CSAT,
    direction: H,
    target: 4.5,
    weight: 20,
    minSample: 3,
    axis: 'PERSONAL',
    definition:
      'Completed COMPLAINT revisits in the period of complaints the person handles: mean satisfaction (1–5).',
  },
  {
    code: KpiCode.REOPEN_RATE,
    direction: L,
    target: 0.05,
    weight: 10,
    minSample: 3,
    axis: null,
    definition: 'Complaints handled, received in the period and resolved at least once: share reopened.',
  },
  {
    code: KpiCode.REVISIT_ON_TIME,
    direction: H,
    target: 0.9,
    weight: 10,
    minSample: 3,
    axis: 'PROCEDURAL',
    definition:
      'Revisits assigned to the person, due in the period, finished or overdue (not cancelled): share completed by the due time.',
  },
  {
    code: KpiCode.WORK_ORDER_ON_TIME,
    direction: H,
    target: 0.9,
    weight: 15,
    minSample: 3,
    axis: 'PROCEDURAL',
    definition:
      'Work orders assigned to the person with the on-site target in the period, started or overdue (not cancelled): share started on site by the target.',
  },
  {
    code: KpiCode.WINBACK_RATE,
    direction: H,
    target: 0.2,
    weight: 5,
    minSample: 3,
    axis: null,
    definition:
      'CHURN_WINBACK revisits the person completed in the period: share followed by a visit of that customer within 30 days.',
  },
  {
    code: KpiCode.VOLUME,
    direction: H,
    target: 60,
    weight: 2,
    minSample: 1,
    axis: null,
    definition:
      'Complaints resolved, work orders completed and revisits completed by the person in the period.',
  },
];

export const KPI_CODES: readonly KpiCode[] = KPI_CATALOG.map((kpi) => kpi.code);

export const kpiSpec = (code: KpiCode): KpiSpec => KPI_CATALOG.find((kpi) => kpi.code === code)!;

/** A tenant's tuning of one KPI. */
export interface KpiDefinition {
  code: KpiCode;
  direction: KpiDirection;
  target: number;
  weight: number;
  minSample: number;
  active: boolean;
}

export const defaultKpiDefinitions = (): KpiDefinition[] =>
  KPI_CATALOG.map(({ code, direction, target, weight, minSample }) => ({
    code,
    direction,
    target,
    weight,
    minSample,
    active: true,
  }));

export const round2 = (value: number): number => Math.round(value * 100) / 100;

/**
 * Achievement normalised to 0–100. HIGHER: value / target, capped at 100. LOWER: 100 at or below the
 * target, then target / value. Below the minimum sample the KPI is "not enough data" (null): it is
 * left out and the remaining weights are renormalised. The target is positive (checked on input), so
 * neither branch divides by zero.
 */
export function kpiScore(
  value: number | null,
  sample: number,
  definition: Pick<KpiDefinition, 'direction' | 'target' | 'minSample'>,
): number | null {
  if (value === null || !Number.isFinite(value) || sample < definition.minSample) return null;
  const { target } = definition;
  if (definition.direction === KpiDirection.HIGHER) return round2(Math.min(100, (100 * value) / target));
  return round2(value <= target ? 100 : (100 * target) / value);
}

/** Weighted mean of the inputs that have a score; null when none has (or all their weights are 0). */
export function weightedMean(inputs: ReadonlyArray<{ score: number | null; weight: number }>): number | null {
  let sum = 0;
  let weights = 0;
  for (const { score, weight } of inputs) {
    if (score === null) continue;
    sum += score * weight;
    weights += weight;
  }
  return weights > 0 ? round2(sum / weights) : null;
}

/** The raw count behind a KPI for one person: how many cases and what was measured. */
export interface KpiMeasure {
  code: KpiCode;
  sample: number;
  value: number | null;
}

export interface KpiResult extends KpiMeasure {
  direction: KpiDirection;
  target: number;
  weight: number;
  minSample: number;
  score: number | null;
}

/** Scores the measures of one person against the tenant's active definitions. */
export function scoreKpis(
  measures: readonly KpiMeasure[],
  definitions: readonly KpiDefinition[],
): { kpis: KpiResult[]; kpiScore: number | null } {
  const kpis: KpiResult[] = [];
  for (const definition of definitions) {
    if (!definition.active) continue;
    const measure = measures.find((m) => m.code === definition.code) ?? {
      code: definition.code,
      sample: 0,
      value: null,
    };
    kpis.push({
      ...measure,
      direction: definition.direction,
      target: definition.target,
      weight: definition.weight,
      minSample: definition.minSample,
      score: kpiScore(measure.value, measure.sample, definition),
    });
  }
  return { kpis, kpiScore: weightedMean(kpis) };
}
