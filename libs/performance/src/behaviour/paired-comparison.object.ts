import { Field, GraphQLISODateTime, ID, Int, ObjectType } from '@nestjs/graphql';
import { PairedComparisonState } from './behaviour.enums.js';

@ObjectType('PairedStanding', { description: "A team member's place in a paired comparison." })
export class PairedStandingObject {
  @Field(() => ID, { description: 'The staff member.' })
  staffId!: string;

  @Field({ description: "The staff member's name." })
  name!: string;

  @Field(() => Int, { description: 'Pairs won: the score.' })
  wins!: number;

  @Field(() => Int, { description: 'Pairs lost.' })
  losses!: number;

  @Field(() => Int, { description: 'Pairs judged that involve this member.' })
  judged!: number;

  @Field(() => Int, {
    description:
      'Position, 1 the best; equal wins are split by the wins among the tied members, then by name.',
  })
  rank!: number;
}

@ObjectType('PairJudgement', { description: 'Which of two team members was judged better.' })
export class PairJudgementObject {
  @Field(() => ID, { description: 'One member of the pair (the smaller id).' })
  firstStaffId!: string;

  @Field(() => ID, { description: 'The other member of the pair.' })
  secondStaffId!: string;

  @Field(() => ID, { description: 'The member judged better.' })
  winnerId!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the pair was (last) judged.' })
  judgedAt!: Date;
}

@ObjectType('PairedComparison', {
  description: 'A paired comparison (成对比较法) of a team: every pair judged once, turned into a rank.',
})
export class PairedComparisonObject {
  @Field(() => ID, { description: 'Session id.' })
  id!: string;

  @Field({ description: 'Name of the session (e.g. "Front desk, Q2").' })
  name!: string;

  @Field(() => PairedComparisonState, { description: 'Open for judgements or closed.' })
  state!: PairedComparisonState;

  @Field(() => [ID], { description: 'The team members compared.' })
  staffIds!: string[];

  @Field(() => Int, { description: 'Pairs judged so far.' })
  judgedPairs!: number;

  @Field(() => Int, { description: 'All pairs: n(n-1)/2 for n members.' })
  totalPairs!: number;

  @Field({ description: 'True when every pair has been judged.' })
  complete!: boolean;

  @Field(() => [PairedStandingObject], { description: 'The rank from the pairs judged so far, best first.' })
  ranking!: PairedStandingObject[];

  @Field(() => [PairJudgementObject], { description: 'The judgements so far.' })
  judgements!: PairJudgementObject[];

  @Field(() => ID, { description: 'Who started the session.' })
  createdById!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the session started.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the session was closed.' })
  closedAt!: Date | null;
}
