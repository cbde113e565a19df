import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '@service-desk/core';
import { CustomerStatusEnum, Tier } from '@service-desk/customers';
import { CampaignState } from './campaign-lifecycle.js';

export enum CampaignKind {
  WINBACK = 'WINBACK',
}

export enum CampaignChannel {
  PHONE = 'PHONE',
  SMS = 'SMS',
  EMAIL = 'EMAIL',
  IM = 'IM',
}

registerEnumType(CampaignState, {
  name: 'CampaignState',
  description: 'Where a campaign is.',
  valuesMap: {
    QUEUED: { description: 'Launched; its job has not started yet.' },
    RUNNING: { description: 'Its job is creating the revisits, batch by batch.' },
    COMPLETED: { description: 'Every targeted customer has its revisit.' },
    CANCELLED: { description: 'Stopped; its pending revisits were cancelled.' },
  },
});
registerEnumType(CampaignKind, {
  name: 'CampaignKind',
  description: 'What a campaign is for.',
  valuesMap: { WINBACK: { description: 'Win back churned customers (流失客户回访).' } },
});
registerEnumType(CampaignChannel, {
  name: 'CampaignChannel',
  description: 'How the campaign revisits contact the customer.',
  valuesMap: {
    PHONE: { description: 'Phone call.' },
    SMS: { description: 'Text message.' },
    EMAIL: { description: 'E-mail.' },
    IM: { description: 'Instant messaging.' },
  },
});

@ObjectType('CampaignSegment', { description: 'Which customers a campaign targets, as frozen at launch.' })
export class CampaignSegmentObject {
  @Field(() => [CustomerStatusEnum], { description: 'Customer statuses targeted.' })
  statuses!: CustomerStatusEnum[];

  @Field(() => [Tier], { nullable: true, description: 'Only these tiers (all when null).' })
  tiers!: Tier[] | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Only customers whose last visit was before this.',
  })
  lastVisitBefore!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Only customers whose last visit was at or after this.',
  })
  lastVisitAfter!: Date | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Only customers who spent at least this much in the 12 months before launch.',
  })
  minSpendLast12Months!: number | null;

  @Field(() => ID, { nullable: true, description: 'Only customers with a visit in this zone.' })
  zoneId!: string | null;
}

@ObjectType('Campaign', {
  description: 'A win-back campaign (流失客户回访): one revisit per targeted customer.',
})
export class CampaignObject {
  @Field(() => ID, { description: 'Campaign id.' })
  id!: string;

  @Field({ description: 'Name.' })
  name!: string;

  @Field(() => CampaignKind, { description: 'Kind.' })
  kind!: CampaignKind;

  @Field(() => CampaignState, { description: 'State.' })
  state!: CampaignState;

  @Field(() => CampaignSegmentObject, {
    description: 'Targeted customers (consent and no recent contact apply too).',
  })
  segment!: CampaignSegmentObject;

  @Field(() => [ID], { description: 'Agents the revisits are balanced across.' })
  agentIds!: string[];

  @Field(() => Int, {
    description: 'At most this many revisits per agent per day; more spill to later days.',
  })
  dailyCapPerAgent!: number;

  @Field(() => Int, {
    description:
      'Customers with any revisit created or completed in this many days before launch are skipped.',
  })
  noContactDays!: number;

  @Field(() => CampaignChannel, { description: 'Channel of the revisits.' })
  channel!: CampaignChannel;

  @Field({ description: 'First day revisits are due (YYYY-MM-DD, tenant time zone).' })
  startDate!: string;

  @Field(() => Int, {
    description: 'Customers with a revisit of this campaign (so far, while RUNNING; final once COMPLETED).',
  })
  targeted!: number;

  @Field(() => Int, { description: 'Revisits of this campaign completed (the customer was reached).' })
  reached!: number;

  @Field(() => Int, { description: 'Reached customers who visited within 30 days after their revisit.' })
  wonBack!: number;

  @Field(() => Float, { description: 'Won back ÷ targeted (0 when nobody is targeted).' })
  winBackRate!: number;

  @Field(() => Int, { description: 'Progress: customers the job has looked at so far.' })
  customersScanned!: number;

  @Field(() => GraphQLISODateTime, { description: 'When it was launched.' })
  launchedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When its job started.' })
  startedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the last revisit was created.' })
  completedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was cancelled.' })
  cancelledAt!: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled.' })
  cancelReason!: string | null;

  @Field(() => ID, { nullable: true, description: 'Who launched it.' })
  createdById!: string | null;
}

@ObjectType('CampaignConnection', { description: 'A page of campaigns, newest first.' })
export class CampaignConnection extends ConnectionType(CampaignObject, 'Campaign') {}
