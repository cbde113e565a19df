import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { PageArgs, Role } from '@service-desk/core';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsEnum,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ScorecardState } from '../review/review-lifecycle.js';
import { KpiCode } from '../scoring/kpis.js';
import { GradeEnum } from '../performance.object.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const NOT_BLANK = /\S/;

@InputType({ description: 'A new review period.' })
export class CreatePerformancePeriodInput {
  @Field({ description: 'Label, unique in the tenant, e.g. 2026-Q3 (HQ compares stores by label).' })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  @Matches(NOT_BLANK, { message: 'label must not be blank' })
  label!: string;

  @Field({ description: 'First day (YYYY-MM-DD, tenant-local).' })
  @Matches(DATE, { message: 'startsOn must be YYYY-MM-DD' })
  startsOn!: string;

  @Field({ description: 'Last day, inclusive (YYYY-MM-DD); at most 366 days after the first.' })
  @Matches(DATE, { message: 'endsOn must be YYYY-MM-DD' })
  endsOn!: string;

  @Field({
    nullable: true,
    description: 'Retrying with the same key returns the period created the first time.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  idempotencyKey?: string;
}

@ArgsType()
export class PerformancePeriodsArgs extends PageArgs {}

@InputType({ description: 'Changes to one KPI of the tenant; omitted fields stay.' })
export class UpdateKpiDefinitionInput {
  @Field(() => KpiCode, { description: 'Which KPI.' })
  @IsEnum(KpiCode)
  code!: KpiCode;

  @Field(() => Float, {
    nullable: true,
    description: 'Target, above 0 (rates 0–1, CSAT 1–5, hours, counts).',
  })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.0001)
  @Max(100000)
  target?: number;

  @Field(() => Float, { nullable: true, description: 'Weight 0–100.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  weight?: number;

  @Field(() => Int, { nullable: true, description: 'Minimum sample 1–10000.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10000)
  minSample?: number;

  @Field({ nullable: true, description: 'False stops scoring the KPI.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

@InputType({ description: 'Changes to the scorecard settings; omitted fields stay.' })
export class UpdatePerformanceSettingsInput {
  @Field(() => Float, { nullable: true, description: 'Weight of the KPI score (0–100).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  kpiWeight?: number;

  @Field(() => Float, { nullable: true, description: 'Weight of the behaviour score (0–100).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  behaviourWeight?: number;

  @Field(() => Float, { nullable: true, description: 'Share of A grades (0–1).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  gradeAShare?: number;

  @Field(() => Float, { nullable: true, description: 'Share of C grades (0–1); A + C at most 1.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  gradeCShare?: number;

  @Field(() => Float, { nullable: true, description: 'Matrix threshold (0–100).' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  matrixThreshold?: number;
}

@InputType({ description: 'Identifies a review period.' })
export class PeriodIdInput {
  @Field(() => ID, { description: 'Period id.' })
  @IsString()
  @MaxLength(40)
  periodId!: string;
}

@ArgsType()
export class ScorecardsArgs extends PageArgs {
  @Field(() => ID, { description: 'The period.' })
  @IsString()
  @MaxLength(40)
  periodId!: string;

  @Field(() => Role, { nullable: true, description: 'Only this role.' })
  @IsOptional()
  @IsIn([Role.SUPERVISOR, Role.AGENT, Role.FIELD_STAFF])
  role?: Role;

  @Field(() => ScorecardState, { nullable: true, description: 'Only this state.' })
  @IsOptional()
  @IsEnum(ScorecardState)
  state?: ScorecardState;
}

@InputType({ description: "Submits a staff member's draft scorecard of a period for calibration." })
export class SubmitReviewInput {
  @Field(() => ID, { description: 'The period.' })
  @IsString()
  @MaxLength(40)
  periodId!: string;

  @Field(() => ID, { description: 'The staff member reviewed (not yourself).' })
  @IsString()
  @MaxLength(40)
  staffId!: string;
}

@InputType({ description: "HR's override of a submitted scorecard's grade and/or score." })
export class CalibrateScorecardInput {
  @Field(() => ID, { description: 'Scorecard id.' })
  @IsString()
  @MaxLength(40)
  scorecardId!: string;

  @Field(() => GradeEnum, { nullable: true, description: 'New grade.' })
  @IsOptional()
  @IsEnum(GradeEnum)
  grade?: GradeEnum;

  @Field(() => Float, { nullable: true, description: 'New score 0–100.' })
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  score?: number;

  @Field({ description: 'Why (1–1000 characters); kept in the calibration audit.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(NOT_BLANK, { message: 'reason must not be blank' })
  reason!: string;
}

@InputType({ description: 'The employee acknowledges their published scorecard.' })
export class AcknowledgeScorecardInput {
  @Field(() => ID, { description: 'Scorecard id.' })
  @IsString()
  @MaxLength(40)
  scorecardId!: string;

  @Field({ description: 'Comment (1–2000 characters).' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(NOT_BLANK, { message: 'comment must not be blank' })
  comment!: string;
}

@InputType({ description: 'One KPI of the chain template.' })
export class KpiTemplateEntryInput {
  @Field(() => KpiCode, { description: 'Which KPI.' })
  @IsEnum(KpiCode)
  code!: KpiCode;

  @Field(() => Float, { description: 'Target, above 0.' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.0001)
  @Max(100000)
  target!: number;

  @Field(() => Float, { description: 'Weight 0–100.' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  weight!: number;

  @Field(() => Int, { description: 'Minimum sample 1–10000.' })
  @IsInt()
  @Min(1)
  @Max(10000)
  minSample!: number;
}

@InputType({ description: "HQ's KPI template for the chain's stores." })
export class PublishKpiTemplateInput {
  @Field(() => [KpiTemplateEntryInput], { description: 'One entry per KPI (1 to 10, codes distinct).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => KpiTemplateEntryInput)
  kpis!: KpiTemplateEntryInput[];
}

@InputType({ description: 'One BARS scale of the chain template.' })
export class BarsTemplateScaleInput {
  @Field({ description: 'Dimension code: capitals, digits and underscores (e.g. LISTENING).' })
  @IsString()
  @Matches(/^[A-Z][A-Z0-9_]{1,39}$/, { message: 'dimension must be like LISTENING' })
  dimension!: string;

  @Field({ description: 'Name (1–80 characters).' })
  @IsString()
  @MinLength(1)
  @MaxLength(80)
  @Matches(NOT_BLANK, { message: 'name must not be blank' })
  name!: string;

  @Field(() => Float, { description: 'Weight 0–100.' })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  weight!: number;

  @Field(() => [String], { description: 'Exactly five anchor texts, level 1 to 5 (1–500 characters each).' })
  @IsArray()
  @ArrayMinSize(5)
  @ArrayMaxSize(5)
  @IsString({ each: true })
  @MinLength(1, { each: true })
  @MaxLength(500, { each: true })
  @Matches(NOT_BLANK, { each: true, message: 'anchors must not be blank' })
  anchors!: string[];
}

@InputType({ description: "HQ's default BARS scales for the chain's stores." })
export class PublishBarsTemplateInput {
  @Field(() => [BarsTemplateScaleInput], { description: 'The scales (1 to 20, dimensions distinct).' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => BarsTemplateScaleInput)
  scales!: BarsTemplateScaleInput[];
}

@ArgsType()
export class ChainBenchmarkArgs {
  @Field({ description: 'The period label stores share (e.g. 2026-Q3).' })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  periodLabel!: string;
}

@ArgsType()
export class PeriodArgs {
  @Field(() => ID, { description: 'The period.' })
  @IsString()
  @MaxLength(40)
  periodId!: string;
}

@ArgsType()
export class ScorecardArgs {
  @Field(() => ID, { description: 'Scorecard id.' })
  @IsString()
  @MaxLength(40)
  id!: string;
}
