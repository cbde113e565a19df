import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { MessageChannel } from '@service-desk/notifications';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { MAX_TEMPLATE_ITEMS } from './survey-template.input.js';

@InputType({
  description:
    'Expectation and perception for one statement, each 1 (strongly disagree) to 7 (strongly agree).',
})
export class SurveyAnswerInput {
  @Field(() => ID, { description: 'The statement (an item of the survey template).' })
  @IsUUID()
  itemId!: string;

  @Field(() => Int, { description: 'Expectation E: what an excellent store would do, 1–7.' })
  @IsInt()
  @Min(1)
  @Max(7)
  expectation!: number;

  @Field(() => Int, { description: 'Perception P: what this store does, 1–7.' })
  @IsInt()
  @Min(1)
  @Max(7)
  perception!: number;
}

/** Answers, CSAT and comment: what both the staff and the public submission carry. */
@InputType({ isAbstract: true })
abstract class SurveyAnswersInput {
  @Field(() => [SurveyAnswerInput], {
    description: `One answer per statement of the template, every statement answered (at most ${MAX_TEMPLATE_ITEMS}).`,
  })
  @ValidateNested({ each: true })
  @Type(() => SurveyAnswerInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_TEMPLATE_ITEMS)
  answers!: SurveyAnswerInput[];

  @Field(() => Int, {
    nullable: true,
    description: 'Overall satisfaction, 1 (very dissatisfied) to 5 (very satisfied).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(5)
  csat?: number | null;

  @Field(() => String, { nullable: true, description: 'Free comment (at most 2000 characters).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string | null;
}

@InputType({ description: 'A survey answered during a revisit, entered by staff.' })
export class SubmitSurveyResponseInput extends SurveyAnswersInput {
  @Field(() => ID, { description: 'The revisit the answers were given in (one survey per revisit).' })
  @IsUUID()
  revisitId!: string;

  @Field(() => ID, {
    nullable: true,
    description: "The template answered; the tenant's current template when omitted.",
  })
  @IsOptional()
  @IsUUID()
  templateId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The zone the survey is about; the zone of the revisit's work order when omitted.",
  })
  @IsOptional()
  @IsUUID()
  zoneId?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Retrying with the same key returns the response recorded the first time.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  idempotencyKey?: string | null;
}

/** Raw tokens are 32 random bytes in base64url: 43 characters. */
export const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

@InputType({ description: 'A survey answered by the customer through a one-time link (no login).' })
export class SubmitPublicSurveyResponseInput extends SurveyAnswersInput {
  @Field({ description: 'The token of the survey link.' })
  @IsString()
  @Matches(TOKEN_PATTERN, { message: 'token is not a survey link token' })
  token!: string;
}

@InputType({ description: 'A one-time survey link for a customer, a zone or a revisit.' })
export class CreateSurveyInvitationInput {
  @Field(() => ID, {
    nullable: true,
    description: "The template to answer; the tenant's current template when omitted.",
  })
  @IsOptional()
  @IsUUID()
  templateId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: "The customer invited; the revisit's customer when omitted.",
  })
  @IsOptional()
  @IsUUID()
  customerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The zone the survey is about.' })
  @IsOptional()
  @IsUUID()
  zoneId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The revisit the invitation belongs to.' })
  @IsOptional()
  @IsUUID()
  revisitId?: string | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Days the link stays valid, 1–90 (SURVEY_INVITATION_TTL when omitted).',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  expiresInDays?: number | null;

  @Field(() => MessageChannel, {
    nullable: true,
    description:
      'Also sends the link to the customer (e-mail or SMS) through the outbound queue, in the same transaction; a customer without consent to contact is recorded as SKIPPED. Nothing is sent when omitted.',
  })
  @IsOptional()
  @IsEnum(MessageChannel)
  sendBy?: MessageChannel | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Retrying with the same key returns the invitation created the first time (without its token).',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  idempotencyKey?: string | null;
}
