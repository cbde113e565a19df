import { Field, GraphQLISODateTime, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsDate,
  IsEnum,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { IsMoney } from '@service-desk/core';
import { CustomerStatusEnum, Tier } from '@service-desk/customers';
import { CampaignChannel } from '../campaign.object.js';

@InputType({ description: 'Launch a win-back campaign.' })
export class LaunchWinbackCampaignInput {
  @Field({ description: 'Name.' })
  @IsString()
  @MinLength(1)
  @MaxLength(120)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @Field(() => [CustomerStatusEnum], {
    nullable: true,
    description: 'Customer statuses to target (default CHURNED).',
  })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsEnum(CustomerStatusEnum, { each: true })
  statuses?: CustomerStatusEnum[];

  @Field(() => [Tier], { nullable: true, description: 'Only these tiers (default all).' })
  @IsOptional()
  @ArrayMaxSize(4)
  @IsEnum(Tier, { each: true })
  tiers?: Tier[];

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Only customers whose last visit was before this.',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  lastVisitBefore?: Date;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Only customers whose last visit was at or after this.',
  })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  lastVisitAfter?: Date;

  @Field({
    nullable: true,
    description: 'Only customers who spent at least this much in the last 12 months.',
  })
  @IsOptional()
  @IsMoney()
  @Min(0)
  @Max(100_000_000)
  minSpendLast12Months?: number;

  @Field(() => ID, { nullable: true, description: 'Only customers with a visit in this zone.' })
  @IsOptional()
  @IsUUID()
  zoneId?: string;

  @Field(() => [ID], {
    nullable: true,
    description: 'Agents to balance the revisits across (default: every active agent of the store).',
  })
  @IsOptional()
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  agentIds?: string[];

  @Field(() => Int, {
    defaultValue: 20,
    description: 'At most this many revisits per agent per day (1–1000).',
  })
  @IsInt()
  @Min(1)
  @Max(1000)
  dailyCapPerAgent: number = 20;

  @Field(() => Int, {
    defaultValue: 30,
    description: 'Skip customers with any revisit created or completed in this many days (0–3650).',
  })
  @IsInt()
  @Min(0)
  @Max(3650)
  noContactDays: number = 30;

  @Field(() => CampaignChannel, {
    defaultValue: CampaignChannel.PHONE,
    description: 'Channel of the revisits.',
  })
  @IsEnum(CampaignChannel)
  channel: CampaignChannel = CampaignChannel.PHONE;

  @Field({
    nullable: true,
    description: 'First day revisits are due, YYYY-MM-DD in the store time zone (default today).',
  })
  @IsOptional()
  @IsString()
  @IsISO8601({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'startDate must be a date like 2026-12-01' })
  startDate?: string;

  @Field({
    nullable: true,
    description: 'Retrying with the same key returns the campaign launched the first time.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  idempotencyKey?: string;
}

@InputType({ description: 'Cancel a campaign that is still queued or running.' })
export class CancelCampaignInput {
  @Field(() => ID, { description: 'Campaign id.' })
  @IsString()
  @MaxLength(40)
  campaignId!: string;

  @Field({ nullable: true, description: 'Why.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}
