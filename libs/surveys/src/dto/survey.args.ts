import { ArgsType, Field, ID } from '@nestjs/graphql';
import { PageArgs } from '@service-desk/core';
import { Type } from 'class-transformer';
import { IsBoolean, IsDate, IsEnum, IsOptional, IsString, IsUUID, Matches } from 'class-validator';
import { ServqualGrouping } from '../servqual-report.object.js';
import { TOKEN_PATTERN } from './survey-response.input.js';

@ArgsType()
export class SurveyTemplatesArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Only templates in use (true) or retired (false).' })
  @IsOptional()
  @IsBoolean()
  active?: boolean | null;
}

@ArgsType()
export class PublicSurveyArgs {
  @Field({ description: 'The token of the survey link.' })
  @IsString()
  @Matches(TOKEN_PATTERN, { message: 'token is not a survey link token' })
  token!: string;
}

@ArgsType()
export class ServqualReportArgs {
  @Field({ description: 'Period start (inclusive).' })
  @Type(() => Date)
  @IsDate()
  from!: Date;

  @Field({ description: 'Period end (exclusive); at most 400 days after the start.' })
  @Type(() => Date)
  @IsDate()
  to!: Date;

  @Field(() => ID, { nullable: true, description: 'Only responses about this zone.' })
  @IsOptional()
  @IsUUID()
  zoneId?: string | null;

  @Field(() => ServqualGrouping, {
    defaultValue: ServqualGrouping.TENANT,
    description: 'How to split the responses into groups.',
  })
  @IsEnum(ServqualGrouping)
  groupBy: ServqualGrouping = ServqualGrouping.TENANT;
}
