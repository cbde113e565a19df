import { ArgsType, Field } from '@nestjs/graphql';
import { PageArgs } from '@service-desk/core';
import { IsBoolean, IsOptional } from 'class-validator';

@ArgsType()
export class ZonesArgs extends PageArgs {
  @Field({ nullable: true, description: 'Only active (true) or retired (false) zones.' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}
