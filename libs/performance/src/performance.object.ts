import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType, Role } from '@service-desk/core';
import { ScorecardState } from './review/review-lifecycle.js';
import { KpiCode, KpiDirection } from './scoring/kpis.js';
import { ServiceType } from './scoring/scorecard-rules.js';

registerEnumType(KpiCode, {
  name: 'KpiCode',
  description: 'A KPI of DESIGN section 6.6.',
  valuesMap: {
    FIRST_REPLY_ON_TIME: { description: 'Share of complaints acknowledged by the first-reply deadline.' },
    RESOLUTION_ON_TIME: { description: 'Share of complaints resolved by the resolution deadline.' },
    COMMITMENTS_KEPT: { description: 'Share of reply promises kept.' },
    MEAN_RESOLUTION_HOURS: { description: 'Mean hours from receipt to resolution.' },
    CSAT: { description: 'Mean satisfaction (1–5) of COMPLAINT revisits of complaints handled.' },
    REOPEN_RATE: { description: 'Share of resolved complaints that were reopened.' },
    REVISIT_ON_TIME: { description: 'Share of revisits completed by their due time.' },
    WORK_ORDER_ON_TIME: { description: 'Share of work orders started on site by the target.' },
    WINBACK_RATE: { description: 'Share of win-back revisits followed by a visit within 30 days.' },
    VOLUME: { description: 'Cases finished (low default weight: volume alone degrades quality).' },
  },
});

registerEnumType(KpiDirection, {
  name: 'KpiDirection',
  description: 'Whether a higher or a lower value is better.',
  valuesMap: {
    HIGHER: { description: 'Higher is better.' },
    LOWER: { description: 'Lower is better.' },
  },
});

registerEnumType(ScorecardState, {
  name: 'ScorecardState',
  description: 'Review workflow: DRAFT → SUBMITTED → CALIBRATED → PUBLISHED → ACKNOWLEDGED.',
  valuesMap: {
    DRAFT: { description: 'Computed; recomputing the period replaces it.' },
    SUBMITTED: { description: 'Submitted by a supervisor or the owner; frozen.' },
    CALIBRATED: { description: 'Calibrated by HR.' },
    PUBLISHED: { description: 'Published by HR; the employee sees it.' },
    ACKNOWLEDGED: { description: 'Acknowledged by the employee, with a comment.' },
  },
});

registerEnumType(ServiceType, {
  name: 'ServiceType',
  description: 'The four types of customer service (procedure × personal warmth).',
  valuesMap: {
    EXCELLENT: { description: 'Strong procedure and personal warmth (优质服务型).' },
    BUREAUCRATIC: { description: 'Strong procedure, weak warmth (按部就班型).' },
    FRIENDLY_DISORGANIZED: { description: 'Warm but disorganised (热情友好型).' },
    INDIFFERENT: { description: 'Weak on both (漠不关心型).' },
  },
});

export enum GradeEnum {
  A = 'A',
  B = 'B',
  C = 'C',
}
registerEnumType(GradeEnum, {
  name: 'Grade',
  description: 'Forced-distribution grade.',
  valuesMap: {
    A: { description: 'Top share (default 20 %).' },
    B: { description: 'Middle share (default 70 %).' },
    C: { description: 'Bottom share (default 10 %).' },
  },
});

@ObjectType('KpiDefinition', {
  description: 'One KPI as the tenant uses it: target, weight and sample floor.',
})
export class KpiDefinitionObject {
  @Field(() => KpiCode, { description: 'Which KPI.' })
  code!: KpiCode;

  @Field(() => KpiDirection, { description: 'Whether higher or lower values are better.' })
  direction!: KpiDirection;

  @Field(() => Float, { description: 'Target value (rates as fractions 0–1, CSAT 1–5, hours, counts).' })
  target!: number;

  @Field(() => Float, { description: 'Weight in the KPI score (renormalised over KPIs with enough data).' })
  weight!: number;

  @Field(() => Int, { description: 'Fewer cases than this: "not enough data", left out of the score.' })
  minSample!: number;

  @Field({ description: 'False: the KPI is not scored.' })
  active!: boolean;

  @Field({ description: 'What is counted.' })
  definition!: string;
}

@ObjectType('PerformanceSettings', {
  description: "The tenant's scorecard weighting, grade shares and matrix threshold.",
})
export class PerformanceSettingsObject {
  @Field(() => Float, { description: 'Weight of the KPI score in the composite.' })
  kpiWeight!: number;

  @Field(() => Float, { description: 'Weight of the behaviour score in the composite.' })
  behaviourWeight!: number;

  @Field(() => Float, { description: 'Share of A grades (0–1).' })
  gradeAShare!: number;

  @Field(() => Float, { description: 'Share of B grades (the rest).' })
  gradeBShare!: number;

  @Field(() => Float, { description: 'Share of C grades (0–1).' })
  gradeCShare!: number;

  @Field(() => Float, { description: 'Service-type matrix threshold on both axes (0–100).' })
  matrixThreshold!: number;
}

@ObjectType('PerformancePeriod', { description: 'A review period of the tenant.' })
export class PerformancePeriodObject {
  @Field(() => ID, { description: 'Period id.' })
  id!: string;

  @Field({ description: 'Label, unique in the tenant (HQ compares stores by it).' })
  label!: string;

  @Field({ description: 'First day (YYYY-MM-DD, tenant-local).' })
  startsOn!: string;

  @Field({ description: 'Last day, inclusive (YYYY-MM-DD, tenant-local).' })
  endsOn!: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When scorecards were last computed.' })
  lastComputedAt!: Date | null;
}

@ObjectType({ description: 'A page of review periods.' })
export class PerformancePeriodConnection extends ConnectionType(
  PerformancePeriodObject,
  'PerformancePeriod',
) {}

@ObjectType('KpiResult', { description: 'One KPI of a scorecard.' })
export class KpiResultObject {
  @Field(() => KpiCode, { description: 'Which KPI.' })
  code!: KpiCode;

  @Field(() => Int, { description: 'Cases counted.' })
  sample!: number;

  @Field(() => Float, { nullable: true, description: 'Measured value; null without cases.' })
  value!: number | null;

  @Field(() => KpiDirection, { description: 'Whether higher or lower is better.' })
  direction!: KpiDirection;

  @Field(() => Float, { description: 'Target at computation.' })
  target!: number;

  @Field(() => Float, { description: 'Weight at computation.' })
  weight!: number;

  @Field(() => Int, { description: 'Minimum sample at computation.' })
  minSample!: number;

  @Field(() => Float, { nullable: true, description: 'Score 0–100; null = not enough data (excluded).' })
  score!: number | null;

  @Field({ description: 'True when the sample was below the minimum (the KPI did not count).' })
  notEnoughData!: boolean;
}

@ObjectType('Scorecard', {
  description: "A staff member's scorecard for a period. It holds no customer data.",
})
export class ScorecardObject {
  @Field(() => ID, { description: 'Scorecard id.' })
  id!: string;

  @Field(() => ID, { description: 'The period.' })
  periodId!: string;

  @Field(() => ID, { description: 'The staff member reviewed.' })
  staffId!: string;

  @Field({ description: "The staff member's display name." })
  staffName!: string;

  @Field(() => Role, { description: "The staff member's role (ranking is within tenant and role)." })
  role!: Role;

  @Field(() => ScorecardState, { description: 'Where the review stands.' })
  state!: ScorecardState;

  @Field(() => [KpiResultObject], { description: 'Each active KPI with value, target, weight and score.' })
  kpis!: KpiResultObject[];

  @Field(() => Float, { nullable: true, description: 'Weighted KPI score 0–100.' })
  kpiScore!: number | null;

  @Field(() => Float, { nullable: true, description: 'BARS part of the behaviour score.' })
  barsScore!: number | null;

  @Field(() => Float, { nullable: true, description: 'BOS part of the behaviour score.' })
  bosScore!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Behaviour score 0–100 (BARS 75 %, BOS 25 % when both).',
  })
  behaviourScore!: number | null;

  @Field(() => Float, { nullable: true, description: 'Computed composite 0–100.' })
  composite!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Calibrated score if HR overrode it, else the composite.',
  })
  finalScore!: number | null;

  @Field(() => Float, { nullable: true, description: 'Procedural axis of the service-type matrix.' })
  proceduralScore!: number | null;

  @Field(() => Float, { nullable: true, description: 'Personal axis of the service-type matrix.' })
  personalScore!: number | null;

  @Field(() => ServiceType, { nullable: true, description: 'Service type; null when an axis lacks data.' })
  serviceType!: ServiceType | null;

  @Field(() => Int, { nullable: true, description: 'Rank within tenant and role (ties share a rank).' })
  rank!: number | null;

  @Field(() => GradeEnum, { nullable: true, description: 'Forced-distribution grade as computed.' })
  grade!: GradeEnum | null;

  @Field(() => GradeEnum, {
    nullable: true,
    description: 'Calibrated grade if HR overrode it, else the grade.',
  })
  finalGrade!: GradeEnum | null;

  @Field(() => String, { nullable: true, description: "HR's reason for the latest calibration." })
  calibrationReason!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was submitted.' })
  submittedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When HR last calibrated it.' })
  calibratedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was published.' })
  publishedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the employee acknowledged it.' })
  acknowledgedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The employee's comment on acknowledging." })
  acknowledgementComment!: string | null;
}

@ObjectType({ description: 'A page of scorecards.' })
export class ScorecardConnection extends ConnectionType(ScorecardObject, 'Scorecard') {}

@ObjectType('ScorecardComputation', { description: 'A scorecard computation handed to the worker.' })
export class ScorecardComputationObject {
  @Field(() => ID, { description: 'The period.' })
  periodId!: string;

  @Field(() => ID, { description: 'The queued job.' })
  jobId!: string;
}

@ObjectType('GradeDistribution', { description: 'Final grades of one role against the forced distribution.' })
export class GradeDistributionObject {
  @Field(() => Role, { description: 'The role group.' })
  role!: Role;

  @Field(() => Int, { description: 'People with a grade.' })
  ranked!: number;

  @Field(() => Int, { description: 'A grades by the share.' })
  quotaA!: number;

  @Field(() => Int, { description: 'C grades by the share.' })
  quotaC!: number;

  @Field(() => Int, { description: 'Final A grades.' })
  countA!: number;

  @Field(() => Int, { description: 'Final B grades.' })
  countB!: number;

  @Field(() => Int, { description: 'Final C grades.' })
  countC!: number;

  @Field(() => [String], {
    description: 'How the final grades break the distribution; empty when they keep it.',
  })
  violations!: string[];
}

@ObjectType('PublishScorecardsResult', { description: 'What publishing a period did.' })
export class PublishScorecardsResultObject {
  @Field(() => ID, { description: 'The period.' })
  periodId!: string;

  @Field(() => Int, { description: 'Cards published now.' })
  published!: number;

  @Field(() => [GradeDistributionObject], { description: 'The distribution check of the published grades.' })
  distribution!: GradeDistributionObject[];
}

@ObjectType('CsvExport', { description: 'A CSV document.' })
export class CsvExportObject {
  @Field({ description: 'CSV text, one header line then one line per row.' })
  csv!: string;
}

@ObjectType('AxisInput', { description: 'One input of a service-type axis.' })
export class AxisInputObject {
  @Field({ description: 'KPI code, or BEHAVIOUR.' })
  input!: string;

  @Field(() => Float, {
    nullable: true,
    description: 'Its score 0–100; null = not enough data (not counted).',
  })
  value!: number | null;

  @Field(() => Float, { description: 'Its weight on the axis.' })
  weight!: number;
}

@ObjectType('ServiceTypePerson', { description: 'One staff member on the service-type matrix.' })
export class ServiceTypePersonObject {
  @Field(() => ID, { description: 'Staff member.' })
  staffId!: string;

  @Field({ description: 'Display name.' })
  staffName!: string;

  @Field(() => Role, { description: 'Role.' })
  role!: Role;

  @Field(() => Float, { nullable: true, description: 'Procedural score 0–100.' })
  procedural!: number | null;

  @Field(() => Float, { nullable: true, description: 'Personal score 0–100.' })
  personal!: number | null;

  @Field(() => ServiceType, { nullable: true, description: 'Type; null when an axis lacks data.' })
  serviceType!: ServiceType | null;

  @Field(() => [AxisInputObject], { description: 'What drove the procedural axis.' })
  proceduralInputs!: AxisInputObject[];

  @Field(() => [AxisInputObject], { description: 'What drove the personal axis.' })
  personalInputs!: AxisInputObject[];
}

@ObjectType('ServiceTypeMatrix', {
  description: 'Procedural × personal scores per staff member and for the store.',
})
export class ServiceTypeMatrixObject {
  @Field(() => ID, { description: 'The period.' })
  periodId!: string;

  @Field(() => Float, { description: 'Threshold used on both axes.' })
  threshold!: number;

  @Field(() => Float, { nullable: true, description: "The store's procedural score (mean over staff)." })
  procedural!: number | null;

  @Field(() => Float, { nullable: true, description: "The store's personal score (mean over staff)." })
  personal!: number | null;

  @Field(() => ServiceType, { nullable: true, description: "The store's service type." })
  serviceType!: ServiceType | null;

  @Field(() => [ServiceTypePersonObject], {
    description: 'Every staff member with a card in the period (one per person, so bounded by the staff).',
  })
  people!: ServiceTypePersonObject[];

  @Field({ description: 'The matrix as CSV.' })
  csv!: string;
}

@ObjectType('KpiMean', { description: "A store's mean score of one KPI." })
export class KpiMeanObject {
  @Field(() => KpiCode, { description: 'Which KPI.' })
  code!: KpiCode;

  @Field(() => Float, { description: 'Mean score 0–100 over staff with enough data.' })
  meanScore!: number;
}

@ObjectType('StoreBenchmark', {
  description: "One store's aggregates in the chain benchmark (no personal data).",
})
export class StoreBenchmarkObject {
  @Field(() => ID, { description: 'The store tenant.' })
  tenantId!: string;

  @Field({ description: 'Store name.' })
  tenantName!: string;

  @Field(() => Int, { description: 'Scorecards in the period.' })
  staffCount!: number;

  @Field(() => Int, { description: 'Scorecards with a composite.' })
  scoredCount!: number;

  @Field(() => Float, { nullable: true, description: 'Mean KPI score.' })
  kpiScore!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean behaviour score.' })
  behaviourScore!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean final composite.' })
  composite!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean procedural score.' })
  procedural!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean personal score.' })
  personal!: number | null;

  @Field(() => ServiceType, { nullable: true, description: "The store's service type." })
  serviceType!: ServiceType | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Rank across the chain by composite (ties share a rank).',
  })
  rank!: number | null;

  @Field(() => [KpiMeanObject], { description: 'Mean score per KPI.' })
  kpis!: KpiMeanObject[];
}

@ObjectType('ChainBenchmark', { description: 'Cross-store benchmark of one period label (aggregates only).' })
export class ChainBenchmarkObject {
  @Field({ description: 'The period label compared.' })
  periodLabel!: string;

  @Field(() => [StoreBenchmarkObject], { description: 'One row per store of the chain with that period.' })
  stores!: StoreBenchmarkObject[];

  @Field({ description: 'The benchmark as CSV.' })
  csv!: string;
}

@ObjectType('KpiTemplateEntry', { description: 'One KPI of the chain template.' })
export class KpiTemplateEntryObject {
  @Field(() => KpiCode, { description: 'Which KPI.' })
  code!: KpiCode;

  @Field(() => Float, { description: 'Target.' })
  target!: number;

  @Field(() => Float, { description: 'Weight.' })
  weight!: number;

  @Field(() => Int, { description: 'Minimum sample.' })
  minSample!: number;
}

@ObjectType('BarsTemplateScale', { description: 'One BARS scale of the chain template.' })
export class BarsTemplateScaleObject {
  @Field({ description: 'Dimension code (e.g. LISTENING).' })
  dimension!: string;

  @Field({ description: 'Name.' })
  name!: string;

  @Field(() => Float, { description: 'Weight.' })
  weight!: number;

  @Field(() => [String], { description: 'Anchor texts of levels 1 to 5.' })
  anchors!: string[];
}

@ObjectType('PerformanceStandards', {
  description: "The chain's published KPI template and default BARS scales.",
})
export class PerformanceStandardsObject {
  @Field(() => [KpiTemplateEntryObject], {
    nullable: true,
    description: 'KPI template; null until published.',
  })
  kpiTemplate!: KpiTemplateEntryObject[] | null;

  @Field(() => [BarsTemplateScaleObject], {
    nullable: true,
    description: 'BARS scales; null until published.',
  })
  barsTemplate!: BarsTemplateScaleObject[] | null;
}

@ObjectType('AdoptionResult', { description: 'What adopting a chain standard changed.' })
export class AdoptionResultObject {
  @Field(() => Int, { description: 'Rows created or updated.' })
  adopted!: number;
}
