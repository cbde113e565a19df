import { ArgsType, Field, ID } from '@nestjs/graphql';
import { PageArgs } from '@service-desk/core';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@ArgsType()
export class MyRosterArgs extends PageArgs {
  @Field({ description: 'First date (YYYY-MM-DD, tenant-local), inclusive.' })
  @Matches(DATE, { message: 'from must be YYYY-MM-DD' })
  from!: string;

  @Field({ description: 'Last date (YYYY-MM-DD), inclusive; at most 62 days after from.' })
  @Matches(DATE, { message: 'to must be YYYY-MM-DD' })
  to!: string;
}

@ArgsType()
export class RosterArgs extends MyRosterArgs {
  @Field(() => ID, { nullable: true, description: 'Only entries in this zone.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  zoneId?: string;

  @Field(() => ID, { nullable: true, description: 'Only entries of this staff member.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  userId?: string;
}

@ArgsType()
export class OnShiftNowArgs {
  @Field(() => ID, { nullable: true, description: 'Only people on shift in this zone.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  zoneId?: string;
}
