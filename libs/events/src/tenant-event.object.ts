import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType, JsonObjectScalar } from '@service-desk/core';

@ObjectType({ description: 'The entity an event is about.' })
export class EventEntity {
  @Field({ description: 'Entity kind, e.g. complaint, workorder, customer, user.' })
  kind!: string;

  @Field(() => ID, { description: 'Entity id.' })
  id!: string;
}

@ObjectType({
  description: "One entry of the tenant's sequenced event log: the live feed envelope and the audit trail.",
})
export class TenantEvent {
  @Field(() => Int, { description: 'Gap-free sequence number within the tenant.' })
  seq!: number;

  @Field({ description: 'Event type, e.g. complaint.submitted.' })
  type!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the change was made.' })
  at!: Date;

  @Field(() => EventEntity, { description: 'What the event is about.' })
  entity!: EventEntity;

  @Field(() => ID, { nullable: true, description: 'The user who made the change; null for the system.' })
  actorId!: string | null;

  @Field(() => JsonObjectScalar, { description: 'Ids, states and non-sensitive summary fields.' })
  data!: Record<string, unknown>;
}

@ObjectType({ description: 'A page of tenant events in sequence order.' })
export class TenantEventConnection extends ConnectionType(TenantEvent, 'TenantEvent') {
  @Field(() => Int, { description: 'The latest sequence number of the tenant at the time of the query.' })
  latestSeq!: number;
}
