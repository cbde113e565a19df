import { Field, Float, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsMoney } from '@service-desk/core';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsBoolean,
  IsDate,
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
import { Category, NoteVisibility, Remedy, SeverityLevel } from '../complaint.enums.js';

@InputType({ description: 'Identifies a complaint.' })
export class ComplaintIdInput {
  @Field({ description: 'Complaint id.' })
  @IsString()
  @MaxLength(40)
  complaintId!: string;
}

@InputType({ description: 'First reply to the customer (告知), with the time an answer is promised.' })
export class AcknowledgeComplaintInput extends ComplaintIdInput {
  @Field({ description: 'When the customer was promised an answer; must be in the future.' })
  @Type(() => Date)
  @IsDate()
  promisedReplyAt!: Date;

  @Field({ nullable: true, description: 'Message to the customer (public).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  message?: string;
}

@InputType({ description: 'Initial assessment (初步评估): severity and cause.' })
export class AssessComplaintInput extends ComplaintIdInput {
  @Field(() => SeverityLevel, { nullable: true, description: 'Severity; a change recomputes the deadlines.' })
  @IsOptional()
  @IsEnum(SeverityLevel)
  severity?: SeverityLevel;

  @Field(() => Category, { nullable: true, description: 'Cause.' })
  @IsOptional()
  @IsEnum(Category)
  category?: Category;

  @Field({ nullable: true, description: 'Subcategory.' })
  @IsOptional()
  @IsString()
  @MaxLength(60)
  subcategory?: string;

  @Field({ nullable: true, description: 'Assessment note (internal).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  note?: string;
}

@InputType({ description: 'A question to the customer; the resolution clock pauses until the reply.' })
export class RequestCustomerInfoInput extends ComplaintIdInput {
  @Field({ description: 'What the customer is asked (shown to the customer).' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(/\S/, { message: 'question must not be blank' })
  question!: string;
}

@InputType({ description: "The customer's answer; the resolution clock runs again." })
export class RecordCustomerReplyInput extends ComplaintIdInput {
  @Field({ description: 'What the customer said.' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @Matches(/\S/, { message: 'reply must not be blank' })
  reply!: string;
}

@InputType({
  description: 'Hand the complaint to the next level, with a reply time agreed with the customer.',
})
export class EscalateComplaintInput extends ComplaintIdInput {
  @Field({ description: 'Why it is escalated.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;

  @Field({ description: 'Reply time agreed with the customer (协商回复时间); must be in the future.' })
  @Type(() => Date)
  @IsDate()
  agreedReplyAt!: Date;

  @Field({
    nullable: true,
    description: 'The new handler; the least busy eligible person of the next level when omitted.',
  })
  @IsOptional()
  @IsUUID()
  toUserId?: string;
}

@InputType({ description: 'One remedy offered.' })
export class ProposalOptionInput {
  @Field(() => Remedy, { description: 'Kind of remedy.' })
  @IsEnum(Remedy)
  remedy!: Remedy;

  @Field(() => Float, {
    description: 'Monetary value in the tenant currency; checked against your compensation authority.',
  })
  @IsMoney()
  @Min(0)
  @Max(10_000_000)
  amount!: number;

  @Field(() => Int, { nullable: true, description: 'Goodwill points; required for POINTS remedies.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  points?: number;

  @Field({ description: 'What exactly is offered.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(/\S/, { message: 'description must not be blank' })
  description!: string;
}

@InputType({ description: 'A resolution proposal with one or more options for the customer.' })
export class ProposeResolutionInput extends ComplaintIdInput {
  @Field(() => [ProposalOptionInput], { description: 'Options, 1 to 5.' })
  @ValidateNested({ each: true })
  @Type(() => ProposalOptionInput)
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  options!: ProposalOptionInput[];

  @Field({ nullable: true, description: 'Message to the customer (public).' })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  message?: string;
}

@InputType({ description: "The customer's decision on the pending proposal." })
export class RecordCustomerDecisionInput extends ComplaintIdInput {
  @Field({ description: 'True when the customer accepts the proposal (one or more of its options).' })
  @IsBoolean()
  accepted!: boolean;

  @Field(() => [String], {
    nullable: true,
    description: 'The accepted options (e.g. a replacement plus goodwill points); required when accepted.',
  })
  @IsOptional()
  @IsUUID('all', { each: true })
  @ArrayMaxSize(5)
  optionIds?: string[];

  @Field({ nullable: true, description: "The customer's words." })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  comment?: string;
}

@InputType({ description: 'Resolve after the customer accepted a proposal; schedules the revisit.' })
export class ResolveComplaintInput extends ComplaintIdInput {
  @Field({ description: 'What was done.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  @Matches(/\S/, { message: 'summary must not be blank' })
  summary!: string;
}

@InputType({
  description: 'Close the loop (终止). Needs the revisit done, unless the owner force-closes with a reason.',
})
export class CloseComplaintInput extends ComplaintIdInput {
  @Field({ nullable: true, description: 'Owner only: close although the revisit is not done.' })
  @IsOptional()
  @IsBoolean()
  force?: boolean;

  @Field({ nullable: true, description: 'Reason, required to force-close.' })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  reason?: string;
}

@InputType({ description: 'Reopen a resolved or closed complaint (within the reopen window).' })
export class ReopenComplaintInput extends ComplaintIdInput {
  @Field({ description: 'Why.' })
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  @Matches(/\S/, { message: 'reason must not be blank' })
  reason!: string;
}

@InputType({ description: 'Learning after closing (评价, 改进分析).' })
export class EvaluateComplaintInput extends ComplaintIdInput {
  @Field({ description: 'Root cause.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  rootCause!: string;

  @Field({ description: 'Preventive action.' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  preventiveAction!: string;

  @Field({ description: 'Add to the case library (案例资料库).' })
  @IsBoolean()
  addToCaseLibrary!: boolean;
}

@InputType({ description: 'A note on the timeline.' })
export class AddComplaintNoteInput extends ComplaintIdInput {
  @Field({ description: 'Text.' })
  @IsString()
  @MinLength(1)
  @MaxLength(5000)
  @Matches(/\S/, { message: 'body must not be blank' })
  body!: string;

  @Field(() => NoteVisibility, {
    defaultValue: NoteVisibility.INTERNAL,
    description: 'INTERNAL (default) or PUBLIC.',
  })
  @IsEnum(NoteVisibility)
  visibility: NoteVisibility = NoteVisibility.INTERNAL;
}
