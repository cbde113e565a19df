import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@InputType({ description: 'Puts a staff member on a shift on a date, replacing what they had that date.' })
export class SetRosterInput {
  @Field(() => ID, { description: 'The staff member: an active agent or supervisor, or field staff.' })
  @IsString()
  @MaxLength(40)
  userId!: string;

  @Field({ description: 'The tenant-local date the shift starts (YYYY-MM-DD).' })
  @Matches(DATE, { message: 'date must be YYYY-MM-DD' })
  date!: string;

  @Field(() => ID, {
    description: 'The shift: a FIELD shift for field staff, a FRONT_DESK shift for the front desk.',
  })
  @IsString()
  @MaxLength(40)
  shiftId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The zone: required for field shifts, optional otherwise.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  zoneId?: string | null;
}

@InputType({ description: 'Identifies a roster entry.' })
export class RemoveRosterEntryInput {
  @Field(() => ID, { description: 'Roster entry id.' })
  @IsString()
  @MaxLength(40)
  entryId!: string;
}

@InputType({ description: 'A weekday a staff member does not work in the generated week.' })
export class RosterDayOffInput {
  @Field(() => ID, { description: 'The staff member (one of the userIds).' })
  @IsString()
  @MaxLength(40)
  userId!: string;

  @Field(() => Int, { description: 'ISO weekday: 1 Monday … 7 Sunday.' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday!: number;
}

@InputType({
  description:
    'A weekly rotation: every user works every day of the week (days off aside); the shift and zone of each user advance by one each week, so people alternate early and late shifts week by week.',
})
export class GenerateRosterInput {
  @Field({ description: 'Monday of the week (YYYY-MM-DD).' })
  @Matches(DATE, { message: 'weekStart must be YYYY-MM-DD' })
  weekStart!: string;

  @Field(() => [ID], {
    description: 'Staff in rotation order; each works the shifts of their team (front desk or field).',
  })
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  userIds!: string[];

  @Field(() => [ID], { description: 'Shifts to rotate through, in order (of one or both teams).' })
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  shiftIds!: string[];

  @Field(() => [ID], {
    nullable: true,
    description: 'Zones field staff rotate through, in order (required when field staff are rostered).',
  })
  @IsOptional()
  @IsString({ each: true })
  @MaxLength(40, { each: true })
  @ArrayMaxSize(50)
  @ArrayUnique()
  zoneIds?: string[];

  @Field(() => [RosterDayOffInput], { nullable: true, description: 'Days off: no entry on these days.' })
  @IsOptional()
  @ValidateNested({ each: true })
  @Type(() => RosterDayOffInput)
  @ArrayMaxSize(700)
  daysOff?: RosterDayOffInput[];
}
