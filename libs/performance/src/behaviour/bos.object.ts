import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { ConnectionType } from '@service-desk/core';

@ObjectType('BosItem', {
  description:
    'A behaviour of the behaviour observation scale (行为观察评价法), rated by how often it is seen.',
})
export class BosItemObject {
  @Field(() => ID, { description: 'Item id.' })
  id!: string;

  @Field({ description: 'The observable behaviour.' })
  behavior!: string;

  @Field({ description: 'False once retired.' })
  active!: boolean;

  @Field(() => Int, { description: 'Display order.' })
  position!: number;

  @Field(() => GraphQLISODateTime, { description: 'When the item was created.' })
  createdAt!: Date;
}

@ObjectType('BosRating', { description: 'How often a staff member was seen showing a BOS behaviour.' })
export class BosRatingObject {
  @Field(() => ID, { description: 'Rating id.' })
  id!: string;

  @Field(() => ID, { description: 'The staff member rated.' })
  staffId!: string;

  @Field(() => ID, { description: 'The BOS item.' })
  itemId!: string;

  @Field({ description: "The item's behaviour." })
  behavior!: string;

  @Field(() => Int, {
    description: 'Frequency: 1 almost never, 2 seldom, 3 sometimes, 4 often, 5 almost always.',
  })
  frequency!: number;

  @Field(() => ID, { description: 'Who rated.' })
  ratedById!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the rating was given.' })
  ratedAt!: Date;
}

@ObjectType({ description: 'A page of BOS frequency ratings.' })
export class BosRatingConnection extends ConnectionType(BosRatingObject, 'BosRating') {}
