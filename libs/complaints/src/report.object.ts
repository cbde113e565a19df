import { Field, Float, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsDate } from 'class-validator';

@InputType({ description: 'A reporting period [from, to).' })
export class PeriodInput {
  @Field({ description: 'Start (inclusive).' })
  @Type(() => Date)
  @IsDate()
  from!: Date;

  @Field({ description: 'End (exclusive).' })
  @Type(() => Date)
  @IsDate()
  to!: Date;
}

@ObjectType({ description: 'A count under a key.' })
export class CountByKey {
  @Field({ description: 'The key (category, channel, severity).' })
  key!: string;

  @Field(() => Int, { description: 'How many.' })
  count!: number;
}

@ObjectType({ description: 'A customer who complained more than once in the period.' })
export class RepeatCustomer {
  @Field(() => ID, { description: 'Customer id.' })
  customerId!: string;

  @Field({ description: 'Customer name.' })
  name!: string;

  @Field(() => Int, { description: 'Complaints in the period.' })
  count!: number;
}

@ObjectType({ description: 'A cause that came back in the period.' })
export class RepeatIssue {
  @Field({ description: 'Category.' })
  category!: string;

  @Field(() => String, { nullable: true, description: 'Subcategory.' })
  subcategory!: string | null;

  @Field(() => Int, { description: 'Complaints in the period.' })
  count!: number;
}

@ObjectType({ description: 'An improvement decided in an evaluation.' })
export class ImprovementAction {
  @Field(() => ID, { description: 'Complaint id.' })
  complaintId!: string;

  @Field(() => Int, { description: 'Complaint number.' })
  number!: number;

  @Field({ description: 'Root cause.' })
  rootCause!: string;

  @Field({ description: 'Preventive action.' })
  preventiveAction!: string;
}

@ObjectType({ description: 'Complaint circulation report of a period (投诉通报).' })
export class CirculationReport {
  @Field(() => GraphQLISODateTime, { description: 'Period start.' })
  from!: Date;

  @Field(() => GraphQLISODateTime, { description: 'Period end.' })
  to!: Date;

  @Field(() => Int, { description: 'Complaints received in the period.' })
  total!: number;

  @Field(() => [CountByKey], { description: 'By cause.' })
  byCategory!: CountByKey[];

  @Field(() => [CountByKey], { description: 'By channel.' })
  byChannel!: CountByKey[];

  @Field(() => [CountByKey], { description: 'By severity.' })
  bySeverity!: CountByKey[];

  @Field(() => [CountByKey], { description: 'By current state.' })
  byState!: CountByKey[];

  @Field(() => Float, {
    nullable: true,
    description: 'Share answered within the first-reply target (null without data).',
  })
  firstReplyOnTimeRate!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Share resolved within the resolution target (null without data).',
  })
  resolutionOnTimeRate!: number | null;

  @Field(() => Int, { description: 'Promises to customers broken in the period.' })
  brokenPromises!: number;

  @Field(() => [RepeatCustomer], { description: 'Customers who complained more than once.' })
  repeatCustomers!: RepeatCustomer[];

  @Field(() => [RepeatIssue], { description: 'Causes that came back.' })
  repeatIssues!: RepeatIssue[];

  @Field(() => [ImprovementAction], { description: 'Improvements decided for complaints of the period.' })
  improvementActions!: ImprovementAction[];

  @Field({ description: 'The report as CSV (UTF-8, with header lines per section).' })
  csv!: string;
}

@ObjectType({ description: "One complaint's full record (顾客投诉意见处理表)." })
export class ComplaintRecord {
  @Field(() => ID, { description: 'Complaint id.' })
  complaintId!: string;

  @Field({ description: 'The record as CSV (field, value rows, then the timeline).' })
  csv!: string;

  @Field({ description: 'The record as a printable HTML page.' })
  html!: string;
}
