import { Field, Float, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsMoney } from '@service-desk/core';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { SeverityLevel } from './complaint.enums.js';

@ObjectType('BusinessHours', { description: 'Opening hours in which SLA time counts.' })
@InputType('BusinessHoursInput', { description: 'Opening hours in which SLA time counts.' })
export class BusinessHoursType {
  @Field(() => [Int], { description: 'ISO weekdays that are working days (1 Monday … 7 Sunday).' })
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  @ArrayMaxSize(7)
  days!: number[];

  @Field({ description: 'Opening time HH:MM, tenant time zone.' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'start must be HH:MM' })
  start!: string;

  @Field({ description: 'Closing time HH:MM, tenant time zone.' })
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'end must be HH:MM' })
  end!: string;
}

@ObjectType('SeverityTargets', { description: 'SLA targets overriding the defaults for one severity.' })
@InputType('SeverityTargetsInput', { description: 'SLA targets overriding the defaults for one severity.' })
export class SeverityTargetsType {
  @Field(() => SeverityLevel, { description: 'The severity.' })
  @IsEnum(SeverityLevel)
  severity!: SeverityLevel;

  @Field(() => Int, { nullable: true, description: 'Minutes to the first reply.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(43200)
  firstReplyMinutes?: number;

  @Field(() => Int, { nullable: true, description: 'Minutes to resolution.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(129600)
  resolutionMinutes?: number;
}

@ObjectType('SlaPolicy', {
  description: "The tenant's service levels (defaults from the manual: 24 h, 48 h, 7 days).",
})
export class SlaPolicyObject {
  @Field(() => Int, { description: 'Minutes to the first reply.' })
  firstReplyMinutes!: number;

  @Field(() => Int, { description: 'Minutes to resolution (paused while waiting for the customer).' })
  resolutionMinutes!: number;

  @Field(() => Int, { description: 'Days after resolution the revisit is due.' })
  revisitDays!: number;

  @Field(() => [SeverityTargetsType], { description: 'Per-severity overrides.' })
  severityOverrides!: SeverityTargetsType[];

  @Field(() => BusinessHoursType, {
    nullable: true,
    description: 'Opening hours; null means the clock runs 24/7.',
  })
  businessHours!: BusinessHoursType | null;

  @Field(() => [String], { description: 'Holidays (YYYY-MM-DD) on which the clock stands still.' })
  holidays!: string[];

  @Field({ description: 'The tenant time zone the calendar is read in.' })
  timeZone!: string;

  @Field(() => SlaFloorObject, {
    nullable: true,
    description: "The chain's floor: targets may be tighter, never looser.",
  })
  chainFloor!: SlaFloorObject | null;
}

@ObjectType('SlaFloor', { description: 'Chain-wide maximum SLA targets published by HQ.' })
export class SlaFloorObject {
  @Field(() => Int, { nullable: true, description: 'Longest allowed first-reply target, minutes.' })
  firstReplyMinutes?: number;

  @Field(() => Int, { nullable: true, description: 'Longest allowed resolution target, minutes.' })
  resolutionMinutes?: number;

  @Field(() => Int, { nullable: true, description: 'Longest allowed revisit delay, days.' })
  revisitDays?: number;
}

@InputType({ description: 'Changes to the SLA policy; omitted fields stay.' })
export class UpdateSlaPolicyInput {
  @Field(() => Int, { nullable: true, description: 'Minutes to the first reply.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(43200)
  firstReplyMinutes?: number;

  @Field(() => Int, { nullable: true, description: 'Minutes to resolution.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(129600)
  resolutionMinutes?: number;

  @Field(() => Int, { nullable: true, description: 'Days to the revisit.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  revisitDays?: number;

  @Field(() => [SeverityTargetsType], { nullable: true, description: 'Replaces all per-severity overrides.' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => SeverityTargetsType)
  @ArrayMaxSize(4)
  severityOverrides?: SeverityTargetsType[];

  @Field(() => BusinessHoursType, {
    nullable: true,
    description: 'Opening hours (send clearBusinessHours to count 24/7).',
  })
  @IsOptional()
  @ValidateNested()
  @Type(() => BusinessHoursType)
  businessHours?: BusinessHoursType;

  @Field({ nullable: true, description: 'True: the clock runs 24/7.' })
  @IsOptional()
  @IsBoolean()
  clearBusinessHours?: boolean;

  @Field(() => [String], { nullable: true, description: 'Replaces the holiday list (YYYY-MM-DD).' })
  @IsOptional()
  @IsString({ each: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { each: true, message: 'holidays are YYYY-MM-DD dates' })
  @ArrayMaxSize(366)
  holidays?: string[];
}

@InputType({ description: 'Chain SLA floor.' })
export class PublishSlaFloorInput {
  @Field(() => Int, { nullable: true, description: 'Longest allowed first-reply target, minutes.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(43200)
  firstReplyMinutes?: number;

  @Field(() => Int, { nullable: true, description: 'Longest allowed resolution target, minutes.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(129600)
  resolutionMinutes?: number;

  @Field(() => Int, { nullable: true, description: 'Longest allowed revisit delay, days.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  revisitDays?: number;
}

@ObjectType('CompensationLimits', {
  description: 'How much each role may offer without escalating (the owner is unlimited).',
})
@InputType('CompensationLimitsInput', { description: 'How much each role may offer without escalating.' })
export class CompensationLimitsType {
  @Field(() => Float, { description: 'Agent authority per option.' })
  @IsMoney()
  @Min(0)
  @Max(10_000_000)
  agent!: number;

  @Field(() => Float, { description: 'Supervisor authority per option.' })
  @IsMoney()
  @Min(0)
  @Max(10_000_000)
  supervisor!: number;
}
