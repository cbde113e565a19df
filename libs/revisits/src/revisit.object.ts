import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { RevisitStatus } from '@service-desk/complaints';
import { ConnectionType } from '@service-desk/core';
import { SurveyInvitationLinkObject } from '@service-desk/surveys';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { RevisitChannel, RevisitType } from './revisit.enums.js';

@ObjectType('RevisitAnswer', { description: 'One question of the revisit and what the customer answered.' })
@InputType('RevisitAnswerInput', {
  description: 'One question of the revisit and what the customer answered.',
})
export class SurveyAnswer {
  @Field({ description: 'The question asked (1 to 300 characters).' })
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  question!: string;

  @Field({ description: "The customer's answer (up to 1000 characters)." })
  @IsString()
  @MaxLength(1000)
  answer!: string;
}

@ObjectType('RevisitAttempt', { description: 'One try to reach the customer.' })
export class RevisitAttemptObject {
  @Field(() => ID, { description: 'Attempt id.' })
  id!: string;

  @Field(() => Int, { description: 'Number of the attempt within the revisit, from 1.' })
  number!: number;

  @Field(() => RevisitChannel, { description: 'Channel tried.' })
  channel!: RevisitChannel;

  @Field({ description: 'Whether the customer was reached.' })
  reached!: boolean;

  @Field(() => String, { nullable: true, description: 'What happened.' })
  note!: string | null;

  @Field(() => ID, { nullable: true, description: 'Who tried.' })
  attemptedById!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When.' })
  at!: Date;
}

@ObjectType('Revisit', {
  description: 'A revisit task (回访): who calls which customer about what, by when.',
})
export class RevisitObject {
  @Field(() => ID, { description: 'Revisit id.' })
  id!: string;

  @Field(() => RevisitType, { description: 'Why the customer is revisited.' })
  type!: RevisitType;

  @Field(() => RevisitStatus, { description: 'Status.' })
  status!: RevisitStatus;

  @Field(() => RevisitChannel, { description: 'Planned channel.' })
  channel!: RevisitChannel;

  @Field(() => ID, { nullable: true, description: 'The customer (null for a contact without a record).' })
  customerId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The complaint it follows up or audits.' })
  complaintId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The work order it audits.' })
  workOrderId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The win-back campaign that created it.' })
  campaignId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The purchase visit an AFTER_SALES revisit follows.' })
  visitId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Zone it belongs to (where the visit happened).' })
  zoneId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Who does it; null while in the unassigned pool.' })
  assigneeId!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it is due.' })
  dueAt!: Date;

  @Field({ description: 'Still open and past its due time.' })
  overdue!: boolean;

  @Field(() => Int, { description: 'Attempts made so far.' })
  attempts!: number;

  @Field(() => Int, { nullable: true, description: 'Satisfaction 1 (very unhappy) to 5 (very happy).' })
  satisfaction!: number | null;

  @Field(() => [SurveyAnswer], { description: 'Answers to the survey questions asked.' })
  surveyAnswers!: SurveyAnswer[];

  @Field(() => String, { nullable: true, description: 'Notes on the outcome.' })
  notes!: string | null;

  @Field(() => String, { nullable: true, description: 'Follow-up the conversation calls for.' })
  followUp!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled.' })
  cancelReason!: string | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'First attempt.' })
  startedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was completed.' })
  completedAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'Who completed it.' })
  completedById!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'Last change.' })
  updatedAt!: Date;

  @Field(() => SurveyInvitationLinkObject, {
    nullable: true,
    description:
      'The survey link sent to the customer, only in the answer of the completeRevisit that sent it (sendSurveyBy); null everywhere else.',
  })
  surveyInvitation?: SurveyInvitationLinkObject | null;
}

@ObjectType({ description: 'A page of revisits.' })
export class RevisitConnection extends ConnectionType(RevisitObject, 'Revisit') {}

@ObjectType('RevisitSettings', { description: "The tenant's revisit rules." })
export class RevisitSettingsObject {
  @Field(() => Int, { description: 'Failed attempts after which the customer counts as unreachable.' })
  maxAttempts!: number;

  @Field(() => Int, { description: 'Days after a purchase an AFTER_SALES revisit is due.' })
  afterSalesDelayDays!: number;

  @Field(() => Int, { description: 'Days between MAINTENANCE revisits of a premium member.' })
  maintenanceCadenceDays!: number;

  @Field(() => Float, {
    description: 'Share (0 to 1) of closed complaints and work orders sampled for SUPERVISORY revisits.',
  })
  supervisoryShare!: number;

  @Field(() => Int, { description: 'Most scheduled revisits one person is given per day.' })
  dailyCap!: number;

  @Field(() => Int, {
    description: 'Days a scheduled MAINTENANCE or SUPERVISORY revisit has before it is due.',
  })
  workDays!: number;
}

@ObjectType('RevisitCount', { description: 'Revisits of one type in one status.' })
export class RevisitCount {
  @Field(() => RevisitType, { description: 'Type.' })
  type!: RevisitType;

  @Field(() => RevisitStatus, { description: 'Status.' })
  status!: RevisitStatus;

  @Field(() => Int, { description: 'How many.' })
  count!: number;
}

@ObjectType('RevisitReport', { description: 'Revisits due in a period: counts and timeliness.' })
export class RevisitReportObject {
  @Field(() => GraphQLISODateTime, { description: 'Start of the period (inclusive).' })
  from!: Date;

  @Field(() => GraphQLISODateTime, { description: 'End of the period (exclusive).' })
  to!: Date;

  @Field(() => [RevisitCount], { description: 'Revisits due in the period, by type and status.' })
  counts!: RevisitCount[];

  @Field(() => Int, { description: 'Revisits due in the period, cancelled ones excepted.' })
  due!: number;

  @Field(() => Int, { description: 'Of those, completed by their due time.' })
  completedOnTime!: number;

  @Field(() => Float, {
    nullable: true,
    description: 'Revisit on-time rate: completedOnTime / due (null when nothing was due).',
  })
  onTimeRate!: number | null;

  @Field(() => Float, { nullable: true, description: 'Mean satisfaction of the completed ones.' })
  meanSatisfaction!: number | null;
}

@ObjectType('RevisitArchive', { description: 'The revisit archive (回访档案) of a customer or zone.' })
export class RevisitArchiveObject {
  @Field(() => Int, { description: 'Revisits in the archive.' })
  count!: number;

  @Field({
    description: 'The archive as CSV, header first; the phone is masked for roles that may not see it.',
  })
  csv!: string;
}
