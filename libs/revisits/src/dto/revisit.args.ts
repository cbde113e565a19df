import { ArgsType, Field, GraphQLISODateTime, ID } from '@nestjs/graphql';
import { RevisitStatus } from '@service-desk/complaints';
import { PageArgs } from '@service-desk/core';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { RevisitType } from '../revisit.enums.js';

@ArgsType()
export class RevisitTasksArgs extends PageArgs {
  @Field(() => [RevisitType], { nullable: true, description: 'Only these types.' })
  @IsOptional()
  @IsEnum(RevisitType, { each: true })
  types?: RevisitType[];

  @Field(() => [RevisitStatus], { nullable: true, description: 'Only these statuses.' })
  @IsOptional()
  @IsEnum(RevisitStatus, { each: true })
  statuses?: RevisitStatus[];

  @Field(() => ID, { nullable: true, description: 'Only revisits assigned to this user.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  assigneeId?: string;

  @Field({ nullable: true, description: 'True: only my revisits.' })
  @IsOptional()
  @IsBoolean()
  mine?: boolean;

  @Field({ nullable: true, description: 'True: only revisits nobody holds yet (the pool).' })
  @IsOptional()
  @IsBoolean()
  unassigned?: boolean;

  @Field(() => ID, { nullable: true, description: 'Only revisits of this customer.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  customerId?: string;

  @Field(() => ID, { nullable: true, description: 'Only revisits of this zone.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  zoneId?: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Only revisits due before this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  dueBefore?: Date;

  @Field({ nullable: true, description: 'True: open and past due; false: not overdue.' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;
}

@ArgsType()
export class RevisitArchiveArgs {
  @Field(() => ID, { nullable: true, description: 'The customer whose revisits to list.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  customerId?: string;

  @Field(() => ID, { nullable: true, description: 'The zone whose revisits to list.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  zoneId?: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Due at or after this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Due before this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

@ArgsType()
export class RevisitHistoryArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'The customer whose revisits to list.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  customerId?: string;

  @Field(() => ID, { nullable: true, description: 'The zone whose revisits to list.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  zoneId?: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Due at or after this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Due before this time.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}

@ArgsType()
export class RevisitReportArgs {
  @Field(() => GraphQLISODateTime, { description: 'Start of the period (inclusive).' })
  @Type(() => Date)
  @IsDate()
  from!: Date;

  @Field(() => GraphQLISODateTime, { description: 'End of the period (exclusive).' })
  @Type(() => Date)
  @IsDate()
  to!: Date;
}
