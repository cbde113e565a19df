import { Field, GraphQLISODateTime, ID, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@service-desk/core';

@ObjectType('Zone', {
  description: 'An area field staff are rostered to (Building A, Garden …), with a responsible person.',
})
export class ZoneObject {
  @Field(() => ID, { description: 'Zone id.' })
  id!: string;

  @Field({ description: 'Name, unique in the tenant.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the zone covers.' })
  description!: string | null;

  @Field(() => ID, { nullable: true, description: 'The person responsible for the zone.' })
  responsibleId!: string | null;

  @Field({ description: 'False once retired: no new roster entries go to it.' })
  active!: boolean;

  @Field(() => GraphQLISODateTime, { description: 'When the zone was created.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the zone last changed.' })
  updatedAt!: Date;
}

@ObjectType({ description: 'A page of zones.' })
export class ZoneConnection extends ConnectionType(ZoneObject, 'Zone') {}
