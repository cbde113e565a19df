import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ServqualDimension } from './servqual.js';

export enum ServqualGrouping {
  TENANT = 'TENANT',
  ZONE = 'ZONE',
  MONTH = 'MONTH',
  ZONE_MONTH = 'ZONE_MONTH',
}

registerEnumType(ServqualGrouping, {
  name: 'ServqualGrouping',
  description: 'How a SERVQUAL report splits its responses into groups (the tenant total is always given).',
  valuesMap: {
    TENANT: { description: 'No groups: the tenant total only.' },
    ZONE: { description: 'One group per zone (responses without a zone form their own group).' },
    MONTH: { description: "One group per calendar month, in the tenant's time zone." },
    ZONE_MONTH: { description: 'One group per zone and month.' },
  },
});

@ObjectType('ServqualDimensionGap', {
  description: 'Expectation, perception and their gap in one dimension.',
})
export class ServqualDimensionGapObject {
  @Field(() => ServqualDimension, { description: 'The dimension.' })
  dimension!: ServqualDimension;

  @Field(() => Float, {
    nullable: true,
    description: 'Mean expectation E (1–7), two decimals; null without answers.',
  })
  meanExpectation!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Mean perception P (1–7), two decimals; null without answers.',
  })
  meanPerception!: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Gap = mean(P) − mean(E), two decimals; negative is a shortfall. Null without answers.',
  })
  gap!: number | null;

  @Field(() => Int, { description: 'Responses that answered the dimension.' })
  responses!: number;
}

@ObjectType('CsatSummary', { description: 'Overall satisfaction (CSAT, 1–5) of a group.' })
export class CsatSummaryObject {
  @Field(() => Float, { nullable: true, description: 'Mean CSAT, two decimals; null when nobody answered.' })
  mean!: number | null;

  @Field(() => Int, { description: 'Responses that answered the CSAT question.' })
  responses!: number;

  @Field(() => [Int], { description: 'How many answered 1, 2, 3, 4 and 5 (five counts, in that order).' })
  distribution!: number[];
}

@ObjectType('ServqualGroup', { description: 'The SERVQUAL figures of one group of responses.' })
export class ServqualGroupObject {
  @Field(() => ID, {
    nullable: true,
    description: 'The zone of the group; null for the total or for responses without a zone.',
  })
  zoneId!: string | null;

  @Field(() => String, { nullable: true, description: 'Name of the zone, when the group has one.' })
  zoneName!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The month of the group (YYYY-MM, tenant time zone); null when not grouped by month.',
  })
  period!: string | null;

  @Field(() => Int, { description: 'Responses in the group.' })
  responses!: number;

  @Field(() => [ServqualDimensionGapObject], {
    description: 'The five dimensions, always all five, in the standard order.',
  })
  dimensions!: ServqualDimensionGapObject[];

  @Field(() => Float, {
    nullable: true,
    description: 'Unweighted SERVQUAL score: mean of the dimension gaps that have answers; null with none.',
  })
  servqualScore!: number | null;

  @Field(() => CsatSummaryObject, { description: 'Overall satisfaction of the group.' })
  csat!: CsatSummaryObject;
}

@ObjectType('ServqualReport', { description: 'SERVQUAL service-quality gaps of a period (服务质量差距).' })
export class ServqualReportObject {
  @Field(() => GraphQLISODateTime, { description: 'Period start (inclusive).' })
  from!: Date;

  @Field(() => GraphQLISODateTime, { description: 'Period end (exclusive).' })
  to!: Date;

  @Field(() => ID, { nullable: true, description: 'The zone the report is limited to, if any.' })
  zoneId!: string | null;

  @Field(() => ServqualGrouping, { description: 'How the groups are split.' })
  groupBy!: ServqualGrouping;

  @Field({ description: 'Time zone the months are counted in.' })
  timeZone!: string;

  @Field(() => ServqualGroupObject, { description: 'All responses of the period (and zone, if limited).' })
  total!: ServqualGroupObject;

  @Field(() => [ServqualGroupObject], {
    description: 'The groups, by zone name and month; empty when grouped by TENANT.',
  })
  groups!: ServqualGroupObject[];

  @Field({ description: 'The report as CSV: one line per group and dimension, then CSAT per group.' })
  csv!: string;
}
