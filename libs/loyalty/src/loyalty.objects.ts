import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '@service-desk/core';

@ObjectType('Visit', { description: 'A visit (and purchase, when the amount is above zero) of a customer.' })
export class VisitObject {
  @Field(() => ID, { description: 'Visit id.' })
  id!: string;

  @Field(() => ID, { description: 'The customer who visited.' })
  customerId!: string;

  @Field(() => GraphQLISODateTime, { description: 'When the visit happened.' })
  visitedAt!: Date;

  @Field(() => Float, { description: 'Amount spent (0 for a visit without purchase).' })
  amount!: number;

  @Field(() => ID, { nullable: true, description: 'Zone of the visit.' })
  zoneId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Staff member who served the customer.' })
  staffId!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'External reference (e.g. the till receipt) that makes recording idempotent.',
  })
  externalRef!: string | null;

  @Field(() => String, { nullable: true, description: 'Note.' })
  note!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When the visit was recorded.' })
  createdAt!: Date;
}

@ObjectType({ description: 'A page of visits.' })
export class VisitConnection extends ConnectionType(VisitObject, 'Visit') {}

@ObjectType('VisitImportError', { description: 'A problem with one row (or, with row 0, the whole file).' })
export class VisitImportErrorObject {
  @Field(() => Int, { description: 'Line number in the file (the header is line 1); 0 for the whole file.' })
  row!: number;

  @Field({ description: 'The column (or "csv", "header", "customer") the problem is about.' })
  field!: string;

  @Field({ description: 'What is wrong.' })
  message!: string;
}

@ObjectType('VisitImportResult', {
  description: 'Outcome of a visits import: valid rows are applied, each problem is reported.',
})
export class VisitImportResultObject {
  @Field(() => Int, { description: 'Data rows in the file.' })
  rows!: number;

  @Field(() => Int, { description: 'Visits newly recorded by this import.' })
  applied!: number;

  @Field(() => Int, {
    description: 'Valid rows whose external reference was already recorded (not applied twice).',
  })
  alreadyRecorded!: number;

  @Field(() => [VisitImportErrorObject], { description: 'Rows refused, with the reason.' })
  errors!: VisitImportErrorObject[];
}

export enum PointsKind {
  EARN = 'EARN',
  REDEEM = 'REDEEM',
  GOODWILL = 'GOODWILL',
  ADJUST = 'ADJUST',
  EXPIRE = 'EXPIRE',
}
registerEnumType(PointsKind, {
  name: 'PointsKind',
  description: 'Kind of a points posting.',
  valuesMap: {
    EARN: { description: 'Points earned (e.g. on a purchase).' },
    REDEEM: { description: 'Points spent by the customer.' },
    GOODWILL: { description: 'Goodwill points granted as a complaint remedy.' },
    ADJUST: { description: 'A manual correction by an owner or supervisor, with a reason.' },
    EXPIRE: { description: 'Points that expired unused (oldest first).' },
  },
});

@ObjectType('PointsPosting', { description: 'One entry of the append-only points ledger.' })
export class PointsPostingObject {
  @Field(() => ID, { description: 'Posting id.' })
  id!: string;

  @Field(() => ID, { description: 'The customer.' })
  customerId!: string;

  @Field(() => PointsKind, { description: 'Kind of posting.' })
  kind!: PointsKind;

  @Field(() => Int, { description: 'Points, positive for credits and negative for debits.' })
  points!: number;

  @Field(() => Int, { description: 'Balance right after this posting.' })
  balanceAfter!: number;

  @Field(() => String, { nullable: true, description: 'Reason (required for adjustments).' })
  reason!: string | null;

  @Field({ description: 'Idempotency key the posting was made with.' })
  idempotencyKey!: string;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When a credit expires (credits only).' })
  expiresAt!: Date | null;

  @Field(() => ID, { nullable: true, description: 'Complaint whose remedy granted goodwill points.' })
  complaintId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Visit the points were earned on.' })
  visitId!: string | null;

  @Field(() => ID, { nullable: true, description: 'Staff member who posted it; null for jobs.' })
  actorId!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was posted.' })
  createdAt!: Date;
}

@ObjectType({ description: 'A page of points postings.' })
export class PointsPostingConnection extends ConnectionType(PointsPostingObject, 'PointsPosting') {}

@ObjectType('LoyaltySettings', { description: "The tenant's loyalty rules: tiers, points expiry, churn." })
export class LoyaltySettingsObject {
  @Field(() => Float, { description: 'Rolling 12-month spend that earns SILVER.' })
  silverThreshold!: number;

  @Field(() => Float, { description: 'Rolling 12-month spend that earns GOLD.' })
  goldThreshold!: number;

  @Field(() => Float, { description: 'Rolling 12-month spend that earns PREMIUM.' })
  premiumThreshold!: number;

  @Field(() => Int, { description: 'Days the spend must stay below a tier before the tier is lowered.' })
  downgradeGraceDays!: number;

  @Field(() => Int, { description: 'Months after which earned points expire (oldest first).' })
  pointsExpiryMonths!: number;

  @Field(() => Float, { description: 'AT_RISK after this many median visit gaps of absence.' })
  atRiskGapFactor!: number;

  @Field(() => Int, { description: 'AT_RISK never before this many days of absence.' })
  atRiskFloorDays!: number;

  @Field(() => Float, { description: 'CHURNED after this many median visit gaps of absence.' })
  churnedGapFactor!: number;

  @Field(() => Int, { description: 'CHURNED never before this many days of absence.' })
  churnedFloorDays!: number;

  @Field(() => Int, {
    description: 'Days a won-back customer who keeps visiting stays WON_BACK before ACTIVE.',
  })
  wonBackActiveDays!: number;
}
