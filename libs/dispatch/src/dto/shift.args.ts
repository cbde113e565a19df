import { ArgsType, Field } from '@nestjs/graphql';
import { PageArgs } from '@service-desk/core';
import { IsEnum, IsOptional } from 'class-validator';
import { ShiftTeam } from '../shift.object.js';

@ArgsType()
export class ShiftsArgs extends PageArgs {
  @Field(() => ShiftTeam, { nullable: true, description: 'Only shifts of this team.' })
  @IsOptional()
  @IsEnum(ShiftTeam)
  team?: ShiftTeam;
}
