import { ArgsType, Field, GraphQLISODateTime, ID } from '@nestjs/graphql';
import { PageArgs } from '@service-desk/core';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { IncidentKind } from '../behaviour.enums.js';

@ArgsType()
export class StaffEvidenceArgs extends PageArgs {
  @Field(() => ID, { description: 'The staff member.' })
  @IsString()
  @MaxLength(40)
  staffId!: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'From this instant (inclusive).' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Before this instant (exclusive).' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date | null;
}

@ArgsType()
export class CriticalIncidentsArgs extends StaffEvidenceArgs {
  @Field(() => IncidentKind, { nullable: true, description: 'Only positive or only negative incidents.' })
  @IsOptional()
  @IsEnum(IncidentKind)
  kind?: IncidentKind | null;
}

@ArgsType()
export class ActiveFilterArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only active (true) or retired (false) entries.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;
}

@ArgsType()
export class PairedComparisonArgs {
  @Field(() => ID, { description: 'Session id.' })
  @IsString()
  @MaxLength(40)
  id!: string;
}
