import { Args, ArgsType, Context, Field, ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsUUID } from 'class-validator';
import { type ApiRequest, loadUser, UserObject } from '@service-desk/auth';
import { ComplaintObject } from '@service-desk/complaints';
import { PageArgs, requestLoader, Role, SecureMutation, SecureQuery } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { TenantEvent } from '@service-desk/events';
import {
  AssignWorkOrderInput,
  CancelWorkOrderInput,
  CompleteWorkOrderInput,
  CreateWorkOrderInput,
  DeclineWorkOrderInput,
  WorkOrderIdInput,
} from './dto/work-order.input.js';
import { DispatchSettingsObject, UpdateDispatchSettingsInput } from './dispatch-settings.object.js';
import { WorkOrderState } from './work-order-lifecycle.js';
import { Priority, WorkOrderConnection, WorkOrderObject } from './work-order.object.js';
import { WorkOrdersService } from './work-orders.service.js';

const FRONT_DESK = [Role.OWNER, Role.SUPERVISOR, Role.AGENT];
const WHAT = { description: 'What to do (see the input type).' };

@ArgsType()
export class WorkOrdersArgs extends PageArgs {
  @Field(() => [WorkOrderState], { nullable: true, description: 'Only these states.' })
  @IsOptional()
  @IsEnum(WorkOrderState, { each: true })
  states?: WorkOrderState[];

  @Field(() => ID, { nullable: true, description: 'Only this zone.' })
  @IsOptional()
  @IsUUID()
  zoneId?: string;

  @Field(() => ID, { nullable: true, description: 'Only orders of this field staff member.' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;

  @Field(() => ID, { nullable: true, description: 'Only orders serving this complaint.' })
  @IsOptional()
  @IsUUID()
  complaintId?: string;

  @Field(() => Priority, { nullable: true, description: 'Only this priority.' })
  @IsOptional()
  @IsEnum(Priority)
  priority?: Priority;

  @Field({
    nullable: true,
    description: 'Only orders waiting in the auto-dispatch queue (true) or not (false).',
  })
  @IsOptional()
  @IsBoolean()
  queued?: boolean;
}

@Resolver(() => WorkOrderObject)
export class WorkOrdersResolver {
  constructor(
    private readonly service: WorkOrdersService,
    private readonly db: Database,
  ) {}

  @SecureMutation(() => WorkOrderObject, {
    description: 'Creates a work order; auto-dispatched when the tenant has that on.',
    allow: FRONT_DESK,
  })
  createWorkOrder(@Args('input', WHAT) input: CreateWorkOrderInput): Promise<WorkOrderObject> {
    return this.service.create(input);
  }

  @SecureMutation(() => WorkOrderObject, {
    description: 'Dispatches (or re-dispatches) to a field staff member (派工).',
    allow: FRONT_DESK,
  })
  assignWorkOrder(@Args('input', WHAT) input: AssignWorkOrderInput): Promise<WorkOrderObject> {
    return this.service.assign(input);
  }

  @SecureMutation(() => WorkOrderObject, {
    description:
      'The assignee accepts (接单), or field staff take an open order; of concurrent accepts one wins, the others get CONFLICT.',
    allow: [Role.FIELD_STAFF],
  })
  acceptWorkOrder(@Args('input', WHAT) input: WorkOrderIdInput): Promise<WorkOrderObject> {
    return this.service.accept(input.workOrderId);
  }

  @SecureMutation(() => WorkOrderObject, {
    description: 'The assignee gives the order back with a reason; it returns to OPEN.',
    allow: [Role.FIELD_STAFF],
  })
  declineWorkOrder(@Args('input', WHAT) input: DeclineWorkOrderInput): Promise<WorkOrderObject> {
    return this.service.decline(input);
  }

  @SecureMutation(() => WorkOrderObject, {
    description: 'The assignee is on site and starts.',
    allow: [Role.FIELD_STAFF],
  })
  startWorkOrder(@Args('input', WHAT) input: WorkOrderIdInput): Promise<WorkOrderObject> {
    return this.service.start(input.workOrderId);
  }

  @SecureMutation(() => WorkOrderObject, {
    description: 'The assignee reports the work done.',
    allow: [Role.FIELD_STAFF],
  })
  completeWorkOrder(@Args('input', WHAT) input: CompleteWorkOrderInput): Promise<WorkOrderObject> {
    return this.service.complete(input);
  }

  @SecureMutation(() => WorkOrderObject, {
    description: 'The front desk confirms with the customer and closes (消单).',
    allow: FRONT_DESK,
  })
  closeWorkOrder(@Args('input', WHAT) input: WorkOrderIdInput): Promise<WorkOrderObject> {
    return this.service.close(input.workOrderId);
  }

  @SecureMutation(() => WorkOrderObject, {
    description: 'Cancels a work order that is not done yet.',
    allow: FRONT_DESK,
  })
  cancelWorkOrder(@Args('input', WHAT) input: CancelWorkOrderInput): Promise<WorkOrderObject> {
    return this.service.cancel(input);
  }

  @SecureQuery(() => WorkOrderObject, {
    description: 'One work order (field staff: their own or open ones).',
    allow: [...FRONT_DESK, Role.FIELD_STAFF],
  })
  workOrder(
    @Args('id', { type: () => ID, description: 'Work order id.' }) id: string,
  ): Promise<WorkOrderObject> {
    return this.service.get(id);
  }

  @SecureQuery(() => WorkOrderConnection, {
    description: 'Work orders by priority (field staff: their own and open ones).',
    allow: [...FRONT_DESK, Role.FIELD_STAFF],
  })
  workOrders(@Args() args: WorkOrdersArgs): Promise<WorkOrderConnection> {
    return this.service.list(args);
  }

  @SecureQuery(() => DispatchSettingsObject, {
    description: "The tenant's dispatch rules.",
    allow: FRONT_DESK,
  })
  dispatchSettings(): Promise<DispatchSettingsObject> {
    return this.service.getSettings();
  }

  @SecureMutation(() => DispatchSettingsObject, {
    description: 'Changes the dispatch rules (auto-dispatch, per-person cap, accept and on-site targets).',
    allow: [Role.OWNER],
  })
  updateDispatchSettings(
    @Args('input', WHAT) input: UpdateDispatchSettingsInput,
  ): Promise<DispatchSettingsObject> {
    return this.service.updateSettings(input);
  }

  @ResolveField(() => [TenantEvent], {
    description: 'What happened to the order and to the complaint it serves, in order.',
  })
  timeline(@Parent() order: WorkOrderObject, @Context('req') req: ApiRequest): Promise<TenantEvent[]> {
    const tenantId = req.actor?.tenantId as string;
    return requestLoader<string, TenantEvent[]>(req, 'workOrder.timeline', (ids) =>
      this.service.timelines(tenantId, ids),
    ).load(order.id);
  }

  @ResolveField(() => UserObject, {
    nullable: true,
    description: 'The field staff member it is assigned to.',
  })
  assignee(@Parent() order: WorkOrderObject, @Context('req') req: ApiRequest) {
    return loadUser(req, this.db, order.assigneeId);
  }
}

/** A complaint shows the work orders created for it (and they show on its timeline). */
@Resolver(() => ComplaintObject)
export class ComplaintWorkOrdersResolver {
  constructor(private readonly service: WorkOrdersService) {}

  @ResolveField(() => [WorkOrderObject], { description: 'Work orders created for this complaint.' })
  workOrders(
    @Parent() complaint: ComplaintObject,
    @Context('req') req: ApiRequest,
  ): Promise<WorkOrderObject[]> {
    const tenantId = req.actor?.tenantId as string;
    return requestLoader<string, WorkOrderObject[]>(req, 'complaint.workOrders', (ids) =>
      this.service.byComplaints(tenantId, ids),
    ).load(complaint.id);
  }
}
