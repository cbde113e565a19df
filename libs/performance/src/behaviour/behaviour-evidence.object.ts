import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@service-desk/core';
import { IncidentKind } from './behaviour.enums.js';

@ObjectType('CriticalIncident', {
  description:
    'A critical incident (关键事件): an observed example of good or poor behaviour, with its context.',
})
export class CriticalIncidentObject {
  @Field(() => ID, { description: 'Incident id.' })
  id!: string;

  @Field(() => ID, { description: 'The staff member it is about.' })
  staffId!: string;

  @Field(() => IncidentKind, { description: 'Good or poor behaviour.' })
  kind!: IncidentKind;

  @Field({ description: 'What happened, as observed.' })
  description!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it happened.' })
  occurredAt!: Date;

  @Field(() => ID, { nullable: true, description: 'The complaint it happened in, if any.' })
  complaintId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The work order it happened in, if any.' })
  workOrderId!: string | null;

  @Field(() => ID, { description: 'Who recorded it.' })
  recordedById!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was recorded.' })
  createdAt!: Date;
}

@ObjectType({ description: 'A page of critical incidents.' })
export class CriticalIncidentConnection extends ConnectionType(CriticalIncidentObject, 'CriticalIncident') {}

@ObjectType('BehaviorRating', {
  description: "A rater's BARS rating of a staff member on one scale, citing critical incidents as evidence.",
})
export class BehaviorRatingObject {
  @Field(() => ID, { description: 'Rating id.' })
  id!: string;

  @Field(() => ID, { description: 'The staff member rated.' })
  staffId!: string;

  @Field(() => ID, { description: 'The BARS scale.' })
  scaleId!: string;

  @Field({ description: "The scale's dimension code." })
  dimension!: string;

  @Field({ description: "The scale's name." })
  scaleName!: string;

  @Field(() => Int, { description: 'Level picked, 1 to 5.' })
  level!: number;

  @Field(() => String, { nullable: true, description: "The level's anchor as the scale reads now." })
  anchor!: string | null;

  @Field(() => String, { nullable: true, description: "The rater's comment." })
  comment!: string | null;

  @Field(() => [ID], { description: 'Critical incidents of the same staff member cited as evidence.' })
  incidentIds!: string[];

  @Field(() => ID, { description: 'Who rated.' })
  ratedById!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the rating was given.' })
  ratedAt!: Date;
}

@ObjectType({ description: 'A page of behaviour ratings.' })
export class BehaviorRatingConnection extends ConnectionType(BehaviorRatingObject, 'BehaviorRating') {}
