import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { JsonObjectScalar } from '@service-desk/core';
import { Matches } from 'class-validator';
import { WorkOrderObject } from './work-order.object.js';

@ObjectType({ description: 'A field staff member on shift in a zone.' })
export class BoardStaff {
  @Field(() => ID, { description: 'User id.' })
  userId!: string;

  @Field({ description: 'Name.' })
  displayName!: string;

  @Field(() => Int, { description: 'Orders held (assigned, accepted or in progress).' })
  load!: number;

  @Field({ description: 'Connected to the live feed right now.' })
  online!: boolean;
}

@ObjectType({ description: "One zone's column group on the live board." })
export class BoardZone {
  @Field(() => ID, { description: 'Zone id.' })
  zoneId!: string;

  @Field({ description: 'Zone name.' })
  name!: string;

  @Field(() => [WorkOrderObject], { description: 'Waiting for someone (including the auto-dispatch queue).' })
  open!: WorkOrderObject[];

  @Field(() => [WorkOrderObject], { description: 'Dispatched, not yet accepted.' })
  assigned!: WorkOrderObject[];

  @Field(() => [WorkOrderObject], { description: 'Accepted, not yet on site.' })
  accepted!: WorkOrderObject[];

  @Field(() => [WorkOrderObject], { description: 'On site.' })
  inProgress!: WorkOrderObject[];

  @Field(() => [WorkOrderObject], { description: 'Reported done, waiting for the front desk to close.' })
  done!: WorkOrderObject[];

  @Field(() => [BoardStaff], {
    description: 'Field staff on shift in the zone now, with their load and presence.',
  })
  staff!: BoardStaff[];
}

@ObjectType({
  description:
    'Snapshot of the live dispatch board; subscribe to the live feed with `since: seq` afterwards.',
})
export class DispatchBoard {
  @Field(() => Int, { description: 'The latest event sequence number the snapshot includes.' })
  seq!: number;

  @Field(() => GraphQLISODateTime, { description: 'When the snapshot was taken.' })
  at!: Date;

  @Field(() => [BoardZone], { description: 'Active zones.' })
  zones!: BoardZone[];
}

@ObjectType({
  description: "A zone's daily briefing (班前会): today's roster and the open and overdue orders.",
})
export class BriefingObject {
  @Field(() => ID, { description: 'Zone id.' })
  zoneId!: string;

  @Field({ description: 'Local date, YYYY-MM-DD.' })
  date!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was published.' })
  publishedAt!: Date;

  @Field(() => JsonObjectScalar, { description: 'Zone name, roster, open and overdue orders.' })
  content!: Record<string, unknown>;
}

@InputType({ description: 'A local date.' })
export class BriefingDateInput {
  @Field({ description: 'Local date, YYYY-MM-DD.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date is YYYY-MM-DD' })
  date!: string;
}
