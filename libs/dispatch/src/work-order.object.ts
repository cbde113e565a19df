import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ConnectionType } from '@service-desk/core';
import { WorkOrderState } from './work-order-lifecycle.js';

export enum WorkOrderSource {
  COMPLAINT = 'COMPLAINT',
  CALL = 'CALL',
  WALK_IN = 'WALK_IN',
  INSPECTION = 'INSPECTION',
  INTERNAL = 'INTERNAL',
}

export enum Priority {
  P1 = 'P1',
  P2 = 'P2',
  P3 = 'P3',
  P4 = 'P4',
}

registerEnumType(WorkOrderState, {
  name: 'WorkOrderState',
  description: 'Where a work order is.',
  valuesMap: {
    OPEN: { description: 'Waiting for someone (also after a decline).' },
    ASSIGNED: { description: 'Dispatched to a field staff member (派工).' },
    ACCEPTED: { description: 'Taken by the field staff member (接单).' },
    IN_PROGRESS: { description: 'On site, work under way.' },
    DONE: { description: 'Reported back as done (完工).' },
    CLOSED: { description: 'Confirmed with the customer by the front desk (消单).' },
    CANCELLED: { description: 'Cancelled.' },
  },
});
registerEnumType(WorkOrderSource, {
  name: 'WorkOrderSource',
  description: 'Where the work order came from.',
  valuesMap: {
    COMPLAINT: { description: 'A complaint.' },
    CALL: { description: 'A phone call.' },
    WALK_IN: { description: 'A visit to the front desk.' },
    INSPECTION: { description: 'An inspection round.' },
    INTERNAL: { description: 'Internal work.' },
  },
});
registerEnumType(Priority, {
  name: 'Priority',
  description: 'Urgency; sets the accept and on-site targets.',
  valuesMap: {
    P1: { description: 'Emergency.' },
    P2: { description: 'Urgent.' },
    P3: { description: 'Normal.' },
    P4: { description: 'Planned.' },
  },
});

@ObjectType('WorkOrder', { description: 'A job for field staff (工单).' })
export class WorkOrderObject {
  @Field(() => ID, { description: 'Work order id.' })
  id!: string;

  @Field(() => Int, { description: 'Number within the tenant (W-123).' })
  number!: number;

  @Field(() => WorkOrderState, { description: 'State.' })
  state!: WorkOrderState;

  @Field(() => WorkOrderSource, { description: 'Where it came from.' })
  source!: WorkOrderSource;

  @Field(() => ID, { nullable: true, description: 'The complaint it serves, if any.' })
  complaintId!: string | null;

  @Field(() => ID, { description: 'Zone.' })
  zoneId!: string;

  @Field({ description: 'Where exactly (building, unit, spot).' })
  location!: string;

  @Field(() => Priority, { description: 'Priority.' })
  priority!: Priority;

  @Field({ description: 'What needs doing.' })
  description!: string;

  @Field(() => ID, { nullable: true, description: 'Field staff member it is assigned to.' })
  assigneeId!: string | null;

  @Field({ description: 'Waiting in the auto-dispatch queue for someone to come on shift or free up.' })
  queued!: boolean;

  @Field(() => GraphQLISODateTime, { description: 'Accept by.' })
  acceptDueAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'On site by.' })
  onsiteDueAt!: Date;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was assigned.' })
  assignedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was accepted.' })
  acceptedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When work started on site.' })
  startedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When it was reported done.' })
  completedAt!: Date | null;

  @Field(() => GraphQLISODateTime, { nullable: true, description: 'When the front desk closed it.' })
  closedAt!: Date | null;

  @Field(() => Int, { description: 'How often it was declined.' })
  declineCount!: number;

  @Field(() => String, { nullable: true, description: 'Reason of the last decline.' })
  lastDeclineReason!: string | null;

  @Field(() => String, { nullable: true, description: 'What the field staff reported back.' })
  completionReport!: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was cancelled.' })
  cancelReason!: string | null;

  @Field(() => GraphQLISODateTime, { description: 'When it was created.' })
  createdAt!: Date;

  @Field(() => GraphQLISODateTime, { description: 'Last change.' })
  updatedAt!: Date;
}

@ObjectType({ description: 'A page of work orders.' })
export class WorkOrderConnection extends ConnectionType(WorkOrderObject, 'WorkOrder') {}
