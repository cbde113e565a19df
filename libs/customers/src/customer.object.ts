import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '@service-desk/core';

export enum Tier {
  STANDARD = 'STANDARD',
  SILVER = 'SILVER',
  GOLD = 'GOLD',
  PREMIUM = 'PREMIUM',
}
registerEnumType(Tier, {
  name: 'CustomerTier',
  description: 'Membership tier; PREMIUM members are VIPs.',
  valuesMap: {
    STANDARD: { description: 'Entry tier.' },
    SILVER: { description: 'Second tier.' },
    GOLD: { description: 'Third tier.' },
    PREMIUM: { description: 'Top tier: a VIP.' },
  },
});

export enum CustomerStatusEnum {
  ACTIVE = 'ACTIVE',
  AT_RISK = 'AT_RISK',
  CHURNED = 'CHURNED',
  WON_BACK = 'WON_BACK',
}
registerEnumType(CustomerStatusEnum, {
  name: 'CustomerStatus',
  description: 'Loyalty status from visit recency.',
  valuesMap: {
    ACTIVE: { description: 'Visits regularly.' },
    AT_RISK: { description: 'Has not visited for longer than usual; a candidate for a revisit.' },
    CHURNED: { description: 'Has stopped visiting; a candidate for a win-back campaign.' },
    WON_BACK: { description: 'Came back after having churned.' },
  },
});

export enum ContactVisibility {
  FULL = 'FULL',
  MASKED = 'MASKED',
  HIDDEN = 'HIDDEN',
}
registerEnumType(ContactVisibility, {
  name: 'ContactVisibility',
  description: "How much of the customer's contact data the caller's role may see.",
  valuesMap: {
    FULL: { description: 'Phone and e-mail in full.' },
    MASKED: { description: 'Phone and e-mail partly masked (e.g. 138****5678).' },
    HIDDEN: { description: 'No contact data at all.' },
  },
});

@ObjectType('Customer', {
  description: 'A customer or member of the tenant. Contact data is masked by role.',
})
export class CustomerObject {
  @Field(() => ID, { description: 'Customer id.' })
  id!: string;

  @Field({ description: 'Name.' })
  name!: string;

  @Field(() => String, { nullable: true, description: 'Phone; masked for HR, hidden from field staff.' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'E-mail; masked for HR, hidden from field staff.' })
  email!: string | null;

  @Field(() => String, { nullable: true, description: 'Membership number; hidden from field staff.' })
  memberNumber!: string | null;

  @Field(() => String, { nullable: true, description: 'Location (address, unit) where service happens.' })
  address!: string | null;

  @Field(() => Tier, { description: 'Membership tier.' })
  tier!: Tier;

  @Field({ description: 'Whether the customer agreed to be contacted (revisits, campaigns).' })
  consentToContact!: boolean;

  @Field(() => CustomerStatusEnum, { description: 'Loyalty status.' })
  status!: CustomerStatusEnum;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Most recent visit; null without visits, hidden from field staff.',
  })
  lastVisitAt!: Date | null;

  @Field(() => Int, { nullable: true, description: 'Number of recorded visits; hidden from field staff.' })
  visitCount!: number | null;

  @Field(() => ContactVisibility, {
    description: 'Whether phone and e-mail are shown in full, masked or hidden.',
  })
  contactVisibility!: ContactVisibility;

  @Field(() => ID, { nullable: true, description: 'Staff member who registered the customer.' })
  createdById!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the customer was registered.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'Last change.' })
  updatedAt!: Date;
}

@ObjectType({ description: 'A page of customers.' })
export class CustomerConnection extends ConnectionType(CustomerObject, 'Customer') {}

@ObjectType({ description: 'Full contact data of a customer, revealed to HR; every reveal is audited.' })
export class CustomerContact {
  @Field(() => ID, { description: 'Customer id.' })
  customerId!: string;

  @Field(() => String, { nullable: true, description: 'Full phone number.' })
  phone!: string | null;

  @Field(() => String, { nullable: true, description: 'Full e-mail.' })
  email!: string | null;
}
