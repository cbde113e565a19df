import { ArgsType, Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { PageArgs, IsMoney } from '@service-desk/core';
import {
  IsInt,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  NotEquals,
} from 'class-validator';

const MAX_POINTS = 1_000_000;

@InputType({ description: 'A visit to record; retrying with the same externalRef records it once.' })
export class RecordVisitInput {
  @Field({ description: 'Customer id.' })
  @IsString()
  @MaxLength(40)
  customerId!: string;

  @Field({ description: 'When the visit happened (ISO 8601, not in the future).' })
  @IsISO8601({ strict: true })
  visitedAt!: string;

  @Field(() => Float, { description: 'Amount spent, 0 to 9999999.99.' })
  @IsNumber()
  @IsMoney()
  @Min(0)
  @Max(9_999_999.99)
  amount!: number;

  @Field({ nullable: true, description: 'Zone of the visit.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  zoneId?: string;

  @Field({ nullable: true, description: 'Staff member who served the customer.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  staffId?: string;

  @Field({ description: 'External reference (e.g. the till receipt number); unique per visit.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  @Matches(/\S/, { message: 'externalRef must not be blank' })
  externalRef!: string;

  @Field({ nullable: true, description: 'Note, up to 500 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  note?: string;
}

@InputType({ description: 'A CSV file of visits.' })
export class ImportVisitsInput {
  @Field({
    description:
      'CSV with a header row. Columns: memberNumber or customerId, visitedAt (ISO 8601), amount, externalRef; optional zone (zone name) and note.',
  })
  @IsString()
  @MinLength(1)
  csv!: string;
}

@InputType({ description: 'Points to credit to a customer.' })
export class EarnPointsInput {
  @Field({ description: 'Customer id.' })
  @IsString()
  @MaxLength(40)
  customerId!: string;

  @Field(() => Int, { description: `Points, 1 to ${MAX_POINTS}.` })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  points!: number;

  @Field({ nullable: true, description: 'Visit the points were earned on.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  visitId?: string;

  @Field({ nullable: true, description: 'Reason or note, up to 500 characters.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @Field({ description: 'Every posting has a key: retrying with it returns the original posting.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  idempotencyKey!: string;
}

@InputType({ description: 'Points the customer spends.' })
export class RedeemPointsInput {
  @Field({ description: 'Customer id.' })
  @IsString()
  @MaxLength(40)
  customerId!: string;

  @Field(() => Int, { description: `Points, 1 to ${MAX_POINTS}; never more than the balance.` })
  @IsInt()
  @Min(1)
  @Max(MAX_POINTS)
  points!: number;

  @Field({ nullable: true, description: 'What the points were spent on.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string;

  @Field({ description: 'Every posting has a key: retrying with it returns the original posting.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  idempotencyKey!: string;
}

@InputType({ description: 'A manual correction of a balance, with a reason.' })
export class AdjustPointsInput {
  @Field({ description: 'Customer id.' })
  @IsString()
  @MaxLength(40)
  customerId!: string;

  @Field(() => Int, {
    description: `Points to add (positive) or remove (negative), up to ${MAX_POINTS} either way.`,
  })
  @IsInt()
  @NotEquals(0)
  @Min(-MAX_POINTS)
  @Max(MAX_POINTS)
  points!: number;

  @Field({ description: 'Why the balance is corrected (kept on the ledger).' })
  @IsString()
  @MinLength(3)
  @MaxLength(500)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;

  @Field({ description: 'Every posting has a key: retrying with it returns the original posting.' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  idempotencyKey!: string;
}

@ArgsType()
export class CustomerPageArgs extends PageArgs {
  @Field(() => ID, { description: 'Customer id.' })
  @IsString()
  @MaxLength(40)
  customerId!: string;
}

@InputType({ description: 'Changes to the loyalty rules; omitted fields stay as they are.' })
export class UpdateLoyaltySettingsInput {
  @Field(() => Float, { nullable: true, description: 'Spend for SILVER (above 0).' })
  @IsOptional()
  @IsNumber()
  @IsMoney()
  @Min(0.01)
  @Max(9_999_999_999)
  silverThreshold?: number;

  @Field(() => Float, { nullable: true, description: 'Spend for GOLD (above SILVER).' })
  @IsOptional()
  @IsNumber()
  @IsMoney()
  @Min(0.01)
  @Max(9_999_999_999)
  goldThreshold?: number;

  @Field(() => Float, { nullable: true, description: 'Spend for PREMIUM (above GOLD).' })
  @IsOptional()
  @IsNumber()
  @IsMoney()
  @Min(0.01)
  @Max(9_999_999_999)
  premiumThreshold?: number;

  @Field(() => Int, { nullable: true, description: 'Downgrade grace in days, 0 to 730.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(730)
  downgradeGraceDays?: number;

  @Field(() => Int, { nullable: true, description: 'Points expiry in months, 1 to 120.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(120)
  pointsExpiryMonths?: number;

  @Field(() => Float, { nullable: true, description: 'AT_RISK factor of the median gap, 1 to 10.' })
  @IsOptional()
  @IsNumber()
  @IsMoney()
  @Min(1)
  @Max(10)
  atRiskGapFactor?: number;

  @Field(() => Int, { nullable: true, description: 'AT_RISK floor in days, 1 to 3650.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  atRiskFloorDays?: number;

  @Field(() => Float, { nullable: true, description: 'CHURNED factor of the median gap, 1 to 20.' })
  @IsOptional()
  @IsNumber()
  @IsMoney()
  @Min(1)
  @Max(20)
  churnedGapFactor?: number;

  @Field(() => Int, { nullable: true, description: 'CHURNED floor in days, 1 to 3650.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  churnedFloorDays?: number;

  @Field(() => Int, { nullable: true, description: 'Days a won-back customer stays WON_BACK, 1 to 3650.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(3650)
  wonBackActiveDays?: number;
}
