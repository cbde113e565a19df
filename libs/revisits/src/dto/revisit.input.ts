import { Field, Float, ID, InputType, Int } from '@nestjs/graphql';
import { MessageChannel } from '@service-desk/notifications';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { IsDecimal } from '@service-desk/core';
import { RevisitChannel } from '../revisit.enums.js';
import { SurveyAnswer } from '../revisit.object.js';

@InputType({ description: 'Identifies a revisit.' })
export class RevisitIdInput {
  @Field(() => ID, { description: 'Revisit id.' })
  @IsString()
  @MaxLength(40)
  revisitId!: string;
}

@InputType({ description: 'One try to reach the customer.' })
export class LogRevisitAttemptInput extends RevisitIdInput {
  @Field(() => RevisitChannel, { description: 'Channel tried.' })
  @IsEnum(RevisitChannel)
  channel!: RevisitChannel;

  @Field({ description: 'Whether the customer was reached.' })
  @IsBoolean()
  reached!: boolean;

  @Field({ nullable: true, description: 'What happened (up to 2000 characters).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;

  @Field({
    nullable: true,
    description: 'Makes a retried call log the attempt once (1 to 100 characters, unique in the tenant).',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  idempotencyKey?: string;
}

@InputType({ description: 'The outcome of a revisit once the customer was reached.' })
export class CompleteRevisitInput extends RevisitIdInput {
  @Field(() => Int, { description: 'Satisfaction 1 (very unhappy) to 5 (very happy).' })
  @IsInt()
  @Min(1)
  @Max(5)
  satisfaction!: number;

  @Field(() => [SurveyAnswer], { nullable: true, description: 'Answers to the questions asked (up to 50).' })
  @IsOptional()
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => SurveyAnswer)
  surveyAnswers?: SurveyAnswer[];

  @Field({ nullable: true, description: 'Notes on the conversation (up to 5000 characters).' })
  @IsOptional()
  @IsString()
  @MaxLength(5000)
  notes?: string;

  @Field({ nullable: true, description: 'Follow-up it calls for (up to 2000 characters).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  followUp?: string;

  @Field(() => MessageChannel, {
    nullable: true,
    description:
      "COMPLAINT revisits only: also creates a one-time SERVQUAL survey link for the revisit's customer and sends it by e-mail or SMS in the same transaction (consent respected; see surveyInvitation in the answer).",
  })
  @IsOptional()
  @IsEnum(MessageChannel)
  sendSurveyBy?: MessageChannel | null;
}

@InputType({ description: 'Cancels an open revisit.' })
export class CancelRevisitInput extends RevisitIdInput {
  @Field({ description: 'Why (1 to 1000 characters).' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason!: string;
}

@InputType({ description: 'Gives an open revisit to someone else.' })
export class ReassignRevisitInput extends RevisitIdInput {
  @Field(() => ID, {
    description: 'The new assignee: an active agent, supervisor or owner (SUPERVISORY: supervisor or owner).',
  })
  @IsString()
  @MaxLength(40)
  assigneeId!: string;
}

@InputType({ description: 'Changes to the revisit rules; omitted fields stay.' })
export class UpdateRevisitSettingsInput {
  @Field(() => Int, { nullable: true, description: 'Failed attempts before unreachable, 1 to 10.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10)
  maxAttempts?: number;

  @Field(() => Int, { nullable: true, description: 'Days after a purchase for AFTER_SALES, 0 to 90.' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(90)
  afterSalesDelayDays?: number;

  @Field(() => Int, { nullable: true, description: 'Days between MAINTENANCE revisits, 1 to 365.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(365)
  maintenanceCadenceDays?: number;

  @Field(() => Float, { nullable: true, description: 'Share sampled for SUPERVISORY revisits, 0 to 1.' })
  @IsOptional()
  @IsDecimal(3)
  @Min(0)
  @Max(1)
  supervisoryShare?: number;

  @Field(() => Int, { nullable: true, description: 'Most scheduled revisits per person and day, 1 to 500.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(500)
  dailyCap?: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Days a scheduled MAINTENANCE or SUPERVISORY revisit has, 0 to 30.',
  })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(30)
  workDays?: number;
}
