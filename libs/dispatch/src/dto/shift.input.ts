import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ShiftTeam } from '../shift.object.js';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

@InputType({ description: 'A new shift. An end not after the start means the shift ends the next day.' })
export class CreateShiftInput {
  @Field({ description: 'Name, unique in the tenant (at most 40 characters).' })
  @IsString()
  @MinLength(1)
  @MaxLength(40)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @Field(() => ShiftTeam, { description: 'The team that works it.' })
  @IsEnum(ShiftTeam)
  team!: ShiftTeam;

  @Field({ description: 'Start, HH:MM tenant-local time.' })
  @Matches(CLOCK, { message: 'start must be HH:MM' })
  start!: string;

  @Field({ description: 'End, HH:MM tenant-local time; different from the start.' })
  @Matches(CLOCK, { message: 'end must be HH:MM' })
  end!: string;
}
