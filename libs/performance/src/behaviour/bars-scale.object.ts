import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType('BarsAnchor', {
  description: 'One level of a BARS scale and the observable behaviour that anchors it.',
})
export class BarsAnchorObject {
  @Field(() => Int, { description: 'Level, 1 (poorest) to 5 (best).' })
  level!: number;

  @Field({ description: 'The behaviour that earns this level (Chinese and English in the defaults).' })
  anchor!: string;
}

@ObjectType('BarsScale', {
  description: 'A behaviourally anchored rating scale (行为锚定等级评价法) for one behaviour dimension.',
})
export class BarsScaleObject {
  @Field(() => ID, { description: 'Scale id.' })
  id!: string;

  @Field({ description: 'Dimension code, unique in the tenant (e.g. LISTENING).' })
  dimension!: string;

  @Field({ description: 'Name shown to raters.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'What the dimension is about.' })
  description!: string | null;

  @Field(() => Float, { description: 'Weight of the dimension in the behaviour score (0 to 100).' })
  weight!: number;

  @Field({ description: 'False once retired: no new ratings on it.' })
  active!: boolean;

  @Field(() => Int, { description: 'Display order.' })
  position!: number;

  @Field(() => [BarsAnchorObject], { description: 'The five anchored levels, level 1 first.' })
  anchors!: BarsAnchorObject[];

  @Field(() => GraphQLISODateTime, { description: 'When the scale was created.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the scale last changed.' })
  updatedAt!: Date;
}
