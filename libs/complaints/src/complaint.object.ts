import { Field, Float, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '@service-desk/core';
import { ComplaintState } from './complaint-lifecycle.js';
import {
  Category,
  Channel,
  NoteVisibility,
  PromiseKind,
  ProposalStatus,
  Remedy,
  RevisitStatus,
  SeverityLevel,
} from './complaint.enums.js';

export enum SlaStatus {
  ON_TRACK = 'ON_TRACK',
  WARNING = 'WARNING',
  BREACHED = 'BREACHED',
  PAUSED = 'PAUSED',
  MET = 'MET',
}
registerEnumType(SlaStatus, {
  name: 'SlaStatus',
  description: 'Standing of the clock that currently matters.',
  valuesMap: {
    ON_TRACK: { description: 'Less than 80 % of the time used.' },
    WARNING: { description: '80 % of the time used.' },
    BREACHED: { description: 'Past the deadline.' },
    PAUSED: { description: 'Waiting for the customer; the clock stands still.' },
    MET: { description: 'Resolved or closed.' },
  },
});

@ObjectType('Complaint', { description: 'A customer complaint and its closed loop (顾客投诉).' })
export class ComplaintObject {
  @Field(() => ID, { description: 'Complaint id.' })
  id!: string;

  @Field(() => Int, { description: 'Number within the tenant, for people (C-123).' })
  number!: number;

  @Field({ description: 'Code the customer uses to follow the complaint.' })
  trackingCode!: string;

  @Field(() => ComplaintState, { description: 'Lifecycle state.' })
  state!: ComplaintState;

  @Field(() => Channel, { description: 'How it reached the store.' })
  channel!: Channel;

  @Field(() => Category, { description: 'Cause.' })
  category!: Category;

  @Field(() => String, { nullable: true, description: 'Tenant-specific subcategory.' })
  subcategory!: string | null;

  @Field(() => SeverityLevel, { description: 'Severity.' })
  severity!: SeverityLevel;

  @Field({ description: 'Short title.' })
  title!: string;

  @Field({ description: "The customer's account of the problem." })
  description!: string;

  @Field(() => ID, { nullable: true, description: 'Linked customer, when known.' })
  customerId!: string | null;

  @Field(() => String, { nullable: true, description: 'Contact name given with the complaint.' })
  contactName!: string | null;

  @Field(() => String, { nullable: true, description: 'Contact phone given with the complaint.' })
  contactPhone!: string | null;

  @Field(() => String, { nullable: true, description: 'Contact e-mail given with the complaint.' })
  contactEmail!: string | null;

  @Field(() => ID, { nullable: true, description: 'The one person currently handling it.' })
  handlerId!: string | null;

  @Field(() => Int, { description: 'Escalation level: 0 front desk, 1 supervisor, 2 owner.' })
  escalationLevel!: number;

  @Field(() => GraphQLISODateTime, { description: 'When it was received.' })
  receivedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the customer was first answered.' })
  acknowledgedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was resolved.' })
  resolvedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the loop was closed.' })
  closedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { description: 'First reply due (24 h by default).' })
  firstReplyDueAt!: Date;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Resolution due (48 h by default); null while waiting for the customer.',
  })
  resolutionDueAt!: Date | null;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'The next deadline that matters in the current state.',
  })
  dueAt!: Date | null;

  @Field(() => SlaStatus, { description: 'Standing against the deadline that matters now.' })
  slaStatus!: SlaStatus;

  @Field(() => Int, { description: 'Proposals the customer rejected.' })
  negotiationRounds!: number;

  @Field(() => Int, { description: 'How often it was reopened.' })
  reopenCount!: number;

  @Field(() => String, { nullable: true, description: 'What was done, recorded at resolution.' })
  resolutionSummary!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why it was closed without a completed revisit (owner force-close).',
  })
  closeReason!: string | null;

  @Field({ description: 'Closed by the owner without a completed revisit.' })
  forceClosed!: boolean;

  @Field(() => String, { nullable: true, description: 'Root cause found in the evaluation.' })
  rootCause!: string | null;

  @Field(() => String, { nullable: true, description: 'Preventive action decided in the evaluation.' })
  preventiveAction!: string | null;

  @Field({ description: 'Whether the evaluated case is in the case library.' })
  inCaseLibrary!: boolean;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was evaluated.' })
  evaluatedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { description: 'Last change.' })
  updatedAt!: Date;
}

@ObjectType({ description: 'A page of complaints.' })
export class ComplaintConnection extends ConnectionType(ComplaintObject, 'Complaint') {}

@ObjectType('ComplaintNote', {
  description: 'A note on the timeline; PUBLIC notes are messages to the customer.',
})
export class ComplaintNoteObject {
  @Field(() => ID, { description: 'Note id.' })
  id!: string;

  @Field(() => NoteVisibility, { description: 'Internal or shown to the customer.' })
  visibility!: NoteVisibility;

  @Field({ description: 'Text.' })
  body!: string;

  @Field(() => ID, { nullable: true, description: 'Author; null for the customer or the system.' })
  authorId!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was written.' })
  at!: Date;
}

@ObjectType('ProposalOption', { description: 'One remedy offered to the customer.' })
export class ProposalOptionObject {
  @Field(() => ID, { description: 'Option id.' })
  id!: string;

  @Field(() => Remedy, { description: 'Kind of remedy.' })
  remedy!: Remedy;

  @Field(() => Float, { description: 'Monetary value in the tenant currency (0 for an apology).' })
  amount!: number;

  @Field(() => Int, { nullable: true, description: 'Goodwill points, for POINTS remedies.' })
  points!: number | null;

  @Field({ description: 'What exactly is offered.' })
  description!: string;

  @Field({ description: 'Whether the customer accepted this option.' })
  accepted!: boolean;
}

@ObjectType('Proposal', {
  description: 'A resolution proposal: options put to the customer in one negotiation round.',
})
export class ProposalObject {
  @Field(() => ID, { description: 'Proposal id.' })
  id!: string;

  @Field(() => Int, { description: 'Negotiation round, from 1.' })
  round!: number;

  @Field(() => ProposalStatus, { description: "The customer's decision." })
  status!: ProposalStatus;

  @Field(() => ID, { description: 'Who proposed it.' })
  proposedById!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was proposed.' })
  proposedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the customer decided.' })
  decidedAt!: Date | null;

  @Field(() => String, { nullable: true, description: "The customer's words on the decision." })
  customerComment!: string | null;

  @Field(() => [ProposalOptionObject], { description: 'The options offered.' })
  options!: ProposalOptionObject[];
}

@ObjectType('Escalation', { description: 'A hand-over to a higher level (升级投诉).' })
export class EscalationObject {
  @Field(() => ID, { description: 'Escalation id.' })
  id!: string;

  @Field(() => Int, { description: 'Level before.' })
  fromLevel!: number;

  @Field(() => Int, { description: 'Level after.' })
  toLevel!: number;

  @Field(() => ID, { nullable: true, description: 'Handler before.' })
  fromHandlerId!: string | null;

  @Field(() => ID, { description: 'Handler after.' })
  toHandlerId!: string;

  @Field({ description: 'Why.' })
  reason!: string;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Reply time agreed with the customer (协商回复时间).',
  })
  agreedReplyAt!: Date | null;

  @Field({ description: 'Escalated automatically on an SLA breach.' })
  bySystem!: boolean;

  @Field(() => GraphQLISODateTime, { description: 'When.' })
  at!: Date;
}

@ObjectType('CustomerPromise', {
  description: 'A dated commitment to the customer (承诺回复时间); broken when it passes unmet.',
})
export class PromiseObject {
  @Field(() => ID, { description: 'Promise id.' })
  id!: string;

  @Field(() => PromiseKind, { description: 'What made the promise.' })
  kind!: PromiseKind;

  @Field(() => GraphQLISODateTime, { description: 'When the customer was promised an answer.' })
  dueAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'When the promise was made.' })
  madeAt!: Date;

  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When it was kept (the customer was answered in time).',
  })
  keptAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was found broken.' })
  brokenAt!: Date | null;
}

@ObjectType('ComplaintPause', {
  description: 'A time the resolution clock stood still, waiting for the customer.',
})
export class PauseObject {
  @Field({ description: 'What was asked of the customer.' })
  reason!: string;

  @Field(() => GraphQLISODateTime, { description: 'Start.' })
  startedAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'End; null while still waiting.' })
  endedAt!: Date | null;
}

@ObjectType('RevisitTask', { description: 'A revisit (回访) to the customer.' })
export class RevisitTaskObject {
  @Field(() => ID, { description: 'Task id.' })
  id!: string;

  @Field({ description: 'Revisit type (COMPLAINT, SUPERVISORY, …).' })
  type!: string;

  @Field(() => RevisitStatus, { description: 'Status.' })
  status!: RevisitStatus;

  @Field(() => GraphQLISODateTime, { description: 'When it is due.' })
  dueAt!: Date;

  @Field(() => ID, { nullable: true, description: 'Who does it.' })
  assigneeId!: string | null;

  @Field(() => Int, { nullable: true, description: 'Satisfaction 1–5 when completed.' })
  satisfaction!: number | null;
}

@ObjectType('PublicComplaintStatus', {
  description: 'What a customer sees with a tracking code: no staff names, no internal notes.',
})
export class PublicComplaintStatus {
  @Field({ description: 'The tracking code.' })
  trackingCode!: string;

  @Field(() => ComplaintState, { description: 'Lifecycle state.' })
  state!: ComplaintState;

  @Field({ description: 'Title.' })
  title!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was received.' })
  receivedAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'Last change.' })
  updatedAt!: Date;

  @Field(() => [PublicMessage], { description: 'Messages from the store, oldest first.' })
  messages!: PublicMessage[];
}

@ObjectType({ description: 'A message from the store to the customer.' })
export class PublicMessage {
  @Field({ description: 'Text.' })
  body!: string;

  @Field(() => GraphQLISODateTime, { description: 'When it was sent.' })
  at!: Date;
}

@ObjectType('PublicComplaintReceipt', { description: 'Answer to a public complaint: the code to follow it.' })
export class PublicComplaintReceipt {
  @Field({ description: 'Keep this code to follow the complaint.' })
  trackingCode!: string;

  @Field(() => GraphQLISODateTime, { description: 'When a first reply is due.' })
  firstReplyDueAt!: Date;
}
