import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '@service-desk/core';

/** Who works a shift: the front desk (dispatch centre) or the field staff out in the zones. */
export enum ShiftTeam {
  FRONT_DESK = 'FRONT_DESK',
  FIELD = 'FIELD',
}
registerEnumType(ShiftTeam, {
  name: 'ShiftTeam',
  description: 'The team a shift is for.',
  valuesMap: {
    FRONT_DESK: { description: 'Front desk (agents and supervisors): takes requests and dispatches them.' },
    FIELD: { description: 'Field staff: work orders on site, in a zone.' },
  },
});

@ObjectType('Shift', { description: 'A working time pattern (班次), e.g. EARLY 08:00–16:00.' })
export class ShiftObject {
  @Field(() => ID, { description: 'Shift id.' })
  id!: string;

  @Field({ description: 'Name, unique in the tenant (EARLY, MID, FIELD-DAY …).' })
  name!: string;

  @Field(() => ShiftTeam, { description: 'The team that works it.' })
  team!: ShiftTeam;

  @Field({ description: 'Start, HH:MM tenant-local time.' })
  start!: string;

  @Field({ description: 'End, HH:MM tenant-local time; not after the start means the next day.' })
  end!: string;

  @Field({ description: 'True when the shift crosses midnight and ends on the next day.' })
  crossesMidnight!: boolean;

  @Field(() => Int, {
    description: 'Nominal length in minutes (a DST change night adds or removes an hour).',
  })
  durationMinutes!: number;

  @Field(() => GraphQLISODateTime, { description: 'When the shift was created.' })
  createdAt!: Date;
}

@ObjectType({ description: 'A page of shifts.' })
export class ShiftConnection extends ConnectionType(ShiftObject, 'Shift') {}
