import { Field, InputType, Int, ObjectType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min, ValidateNested } from 'class-validator';

@ObjectType('PriorityMinutes', { description: 'A number of minutes per priority.' })
@InputType('PriorityMinutesInput', { description: 'A number of minutes per priority.' })
export class PriorityMinutes {
  @Field(() => Int, { description: 'P1 (emergency).' })
  @IsInt()
  @Min(1)
  @Max(10080)
  P1!: number;

  @Field(() => Int, { description: 'P2 (urgent).' })
  @IsInt()
  @Min(1)
  @Max(10080)
  P2!: number;

  @Field(() => Int, { description: 'P3 (normal).' })
  @IsInt()
  @Min(1)
  @Max(10080)
  P3!: number;

  @Field(() => Int, { description: 'P4 (planned).' })
  @IsInt()
  @Min(1)
  @Max(43200)
  P4!: number;
}

@ObjectType('DispatchSettings', { description: "The tenant's dispatch rules." })
export class DispatchSettingsObject {
  @Field({ description: 'New orders (and declined ones) go to on-shift staff of the zone automatically.' })
  autoDispatch!: boolean;

  @Field(() => Int, { description: 'Most orders one person holds at once before auto-dispatch skips them.' })
  perPersonCap!: number;

  @Field(() => PriorityMinutes, { description: 'Minutes to accept, per priority.' })
  acceptMinutes!: PriorityMinutes;

  @Field(() => PriorityMinutes, { description: 'Minutes to be on site, per priority.' })
  onsiteMinutes!: PriorityMinutes;
}

@InputType({ description: 'Changes to the dispatch rules; omitted fields stay.' })
export class UpdateDispatchSettingsInput {
  @Field({ nullable: true, description: 'Auto-dispatch on or off.' })
  @IsOptional()
  @IsBoolean()
  autoDispatch?: boolean;

  @Field(() => Int, { nullable: true, description: 'Per-person cap, 1 to 100.' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(100)
  perPersonCap?: number;

  @Field(() => PriorityMinutes, { nullable: true, description: 'Minutes to accept, per priority.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PriorityMinutes)
  acceptMinutes?: PriorityMinutes;

  @Field(() => PriorityMinutes, { nullable: true, description: 'Minutes to be on site, per priority.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => PriorityMinutes)
  onsiteMinutes?: PriorityMinutes;
}
