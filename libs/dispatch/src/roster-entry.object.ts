import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@service-desk/core';
import { ShiftObject } from './shift.object.js';
import { ZoneObject } from './zone.object.js';

@ObjectType('RosterEntry', { description: 'Who works which shift in which zone on which date (排班).' })
export class RosterEntryObject {
  @Field(() => ID, { description: 'Roster entry id.' })
  id!: string;

  @Field({ description: 'The tenant-local date the shift starts (YYYY-MM-DD).' })
  date!: string;

  @Field(() => ID, { description: 'The rostered staff member.' })
  userId!: string;

  @Field(() => ShiftObject, { description: 'The shift worked.' })
  shift!: ShiftObject;

  @Field(() => ID, { nullable: true, description: 'The zone (always set for field shifts).' })
  zoneId!: string | null;

  @Field(() => ZoneObject, { nullable: true, description: 'The zone, when there is one.' })
  zone!: ZoneObject | null;

  @Field(() => GraphQLISODateTime, {
    description: 'The instant the shift starts, from the date and start time in the tenant time zone.',
  })
  startsAt!: Date;

  @Field(() => GraphQLISODateTime, {
    description: 'The instant the shift ends (on the next day when it crosses midnight).',
  })
  endsAt!: Date;
}

@ObjectType({ description: 'A page of roster entries.' })
export class RosterEntryConnection extends ConnectionType(RosterEntryObject, 'RosterEntry') {}

@ObjectType('GeneratedRoster', { description: 'What a weekly rotation run wrote.' })
export class GeneratedRosterObject {
  @Field({ description: 'Monday of the week (YYYY-MM-DD).' })
  weekStart!: string;

  @Field({ description: 'Sunday of the week (YYYY-MM-DD).' })
  weekEnd!: string;

  @Field(() => Int, {
    description: 'Rotation week number (weeks since 1970-01-05): who works which shift follows it.',
  })
  rotationWeek!: number;

  @Field(() => Int, { description: 'Entries the week now has for the given staff.' })
  entries!: number;

  @Field(() => Int, {
    description: 'Entries created, changed or removed by this run (0 when run again with the same input).',
  })
  changed!: number;
}
