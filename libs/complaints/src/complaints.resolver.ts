import { Args, ArgsType, Context, Field, ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { IsBoolean, IsEnum, IsOptional, IsString, IsUUID, MaxLength } from 'class-validator';
import { type ApiRequest, loadUser, UserObject } from '@service-desk/auth';
import { PageArgs, requestLoader, Role, SecureMutation, SecureQuery } from '@service-desk/core';
import { CustomerObject, loadCustomer } from '@service-desk/customers';
import { Database } from '@service-desk/db';
import { TenantEvent } from '@service-desk/events';
import { ComplaintState } from './complaint-lifecycle.js';
import { ComplaintQueries } from './complaint-queries.service.js';
import { Category, Channel, SeverityLevel } from './complaint.enums.js';
import {
  ComplaintConnection,
  ComplaintNoteObject,
  ComplaintObject,
  EscalationObject,
  PauseObject,
  PromiseObject,
  ProposalObject,
  RevisitTaskObject,
} from './complaint.object.js';
import { ComplaintsService } from './complaints.service.js';
import {
  AcknowledgeComplaintInput,
  AddComplaintNoteInput,
  AssessComplaintInput,
  CloseComplaintInput,
  ComplaintIdInput,
  EscalateComplaintInput,
  EvaluateComplaintInput,
  ProposeResolutionInput,
  RecordCustomerDecisionInput,
  RecordCustomerReplyInput,
  ReopenComplaintInput,
  RequestCustomerInfoInput,
  ResolveComplaintInput,
} from './dto/complaint-actions.input.js';
import { SubmitComplaintInput } from './dto/submit-complaint.input.js';

const FRONT_DESK = [Role.OWNER, Role.SUPERVISOR, Role.AGENT];
const STAFF = [...FRONT_DESK, Role.FIELD_STAFF, Role.HR];

@ArgsType()
export class ComplaintsArgs extends PageArgs {
  @Field(() => [ComplaintState], { nullable: true, description: 'Only these states.' })
  @IsOptional()
  @IsEnum(ComplaintState, { each: true })
  states?: ComplaintState[];

  @Field(() => Category, { nullable: true, description: 'Only this cause.' })
  @IsOptional()
  @IsEnum(Category)
  category?: Category;

  @Field(() => SeverityLevel, { nullable: true, description: 'Only this severity.' })
  @IsOptional()
  @IsEnum(SeverityLevel)
  severity?: SeverityLevel;

  @Field(() => Channel, { nullable: true, description: 'Only this channel.' })
  @IsOptional()
  @IsEnum(Channel)
  channel?: Channel;

  @Field(() => ID, { nullable: true, description: 'Only complaints handled by this user.' })
  @IsOptional()
  @IsUUID()
  handlerId?: string;

  @Field(() => ID, { nullable: true, description: 'Only complaints of this customer.' })
  @IsOptional()
  @IsUUID()
  customerId?: string;

  @Field({ nullable: true, description: 'True: past the deadline that matters now; false: not.' })
  @IsOptional()
  @IsBoolean()
  overdue?: boolean;

  @Field({ nullable: true, description: 'Text in the title or description (Chinese or English).' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  text?: string;
}

@ArgsType()
export class CaseLibraryArgs extends PageArgs {
  @Field({
    nullable: true,
    description: 'Text anywhere in the case: title, account, root cause, preventive action.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  search?: string;
}

@Resolver(() => ComplaintObject)
export class ComplaintsResolver {
  constructor(
    private readonly service: ComplaintsService,
    private readonly queries: ComplaintQueries,
    private readonly db: Database,
  ) {}

  @SecureMutation(() => ComplaintObject, {
    description: 'Records a complaint taken by staff (受理); starts the SLA clocks.',
    allow: FRONT_DESK,
  })
  submitComplaint(
    @Args('input', { description: 'What to do (see the input type).' }) input: SubmitComplaintInput,
  ): Promise<ComplaintObject> {
    return this.service.submit(input);
  }

  @SecureMutation(() => ComplaintObject, {
    description: 'First reply to the customer, with the promised reply time.',
    allow: FRONT_DESK,
  })
  acknowledgeComplaint(
    @Args('input', { description: 'What to do (see the input type).' }) input: AcknowledgeComplaintInput,
  ): Promise<ComplaintObject> {
    return this.service.acknowledge(input);
  }

  @SecureMutation(() => ComplaintObject, {
    description: 'Sets severity and cause; a severity change recomputes the deadlines.',
    allow: FRONT_DESK,
  })
  assessComplaint(
    @Args('input', { description: 'What to do (see the input type).' }) input: AssessComplaintInput,
  ): Promise<ComplaintObject> {
    return this.service.assess(input);
  }

  @SecureMutation(() => ComplaintObject, {
    description: 'Starts the investigation (调查).',
    allow: FRONT_DESK,
  })
  startInvestigation(
    @Args('input', { description: 'What to do (see the input type).' }) input: ComplaintIdInput,
  ): Promise<ComplaintObject> {
    return this.service.startInvestigation(input.complaintId);
  }

  @SecureMutation(() => ComplaintObject, {
    description: 'Asks the customer for information; the resolution clock pauses.',
    allow: FRONT_DESK,
  })
  requestCustomerInfo(
    @Args('input', { description: 'What to do (see the input type).' }) input: RequestCustomerInfoInput,
  ): Promise<ComplaintObject> {
    return this.service.requestCustomerInfo(input);
  }

  @SecureMutation(() => ComplaintObject, {
    description: "Records the customer's answer; the resolution clock runs again.",
    allow: FRONT_DESK,
  })
  recordCustomerReply(
    @Args('input', { description: 'What to do (see the input type).' }) input: RecordCustomerReplyInput,
  ): Promise<ComplaintObject> {
    return this.service.recordCustomerReply(input);
  }

  @SecureMutation(() => ComplaintObject, {
    description:
      'Escalates to the next level (agent → supervisor → owner) with a reason and an agreed reply time.',
    allow: FRONT_DESK,
  })
  escalateComplaint(
    @Args('input', { description: 'What to do (see the input type).' }) input: EscalateComplaintInput,
  ): Promise<ComplaintObject> {
    return this.service.escalate(input);
  }

  @SecureMutation(() => ComplaintObject, {
    description: "Proposes remedies; an option above the proposer's compensation authority is refused.",
    allow: FRONT_DESK,
  })
  proposeResolution(
    @Args('input', { description: 'What to do (see the input type).' }) input: ProposeResolutionInput,
  ): Promise<ComplaintObject> {
    return this.service.propose(input);
  }

  @SecureMutation(() => ComplaintObject, {
    description: "Records the customer's acceptance or rejection of the pending proposal.",
    allow: FRONT_DESK,
  })
  recordCustomerDecision(
    @Args('input', { description: 'What to do (see the input type).' }) input: RecordCustomerDecisionInput,
  ): Promise<ComplaintObject> {
    return this.service.recordCustomerDecision(input);
  }

  @SecureMutation(() => ComplaintObject, {
    description: 'Resolves an accepted proposal and schedules the revisit.',
    allow: FRONT_DESK,
  })
  resolveComplaint(
    @Args('input', { description: 'What to do (see the input type).' }) input: ResolveComplaintInput,
  ): Promise<ComplaintObject> {
    return this.service.resolve(input);
  }

  @SecureMutation(() => ComplaintObject, {
    description: 'Closes the loop after the revisit; the owner may force-close.',
    allow: FRONT_DESK,
  })
  closeComplaint(
    @Args('input', { description: 'What to do (see the input type).' }) input: CloseComplaintInput,
  ): Promise<ComplaintObject> {
    return this.service.close(input);
  }

  @SecureMutation(() => ComplaintObject, {
    description: 'Reopens a resolved or closed complaint within the reopen window.',
    allow: FRONT_DESK,
  })
  reopenComplaint(
    @Args('input', { description: 'What to do (see the input type).' }) input: ReopenComplaintInput,
  ): Promise<ComplaintObject> {
    return this.service.reopen(input);
  }

  @SecureMutation(() => ComplaintObject, {
    description:
      'Records root cause and preventive action of a closed complaint; may add it to the case library.',
    allow: [Role.OWNER, Role.SUPERVISOR],
  })
  evaluateComplaint(
    @Args('input', { description: 'What to do (see the input type).' }) input: EvaluateComplaintInput,
  ): Promise<ComplaintObject> {
    return this.service.evaluate(input);
  }

  @SecureMutation(() => ComplaintObject, {
    description: 'Adds a note to the timeline (PUBLIC notes reach the customer).',
    allow: FRONT_DESK,
  })
  addComplaintNote(
    @Args('input', { description: 'What to do (see the input type).' }) input: AddComplaintNoteInput,
  ): Promise<ComplaintObject> {
    return this.service.addNote(input);
  }

  @SecureQuery(() => ComplaintObject, { description: 'One complaint.', allow: FRONT_DESK })
  complaint(
    @Args('id', { type: () => ID, description: 'Complaint id.' }) id: string,
  ): Promise<ComplaintObject> {
    return this.service.get(id);
  }

  @SecureQuery(() => ComplaintConnection, {
    description: 'The complaint queue, soonest deadline first.',
    allow: FRONT_DESK,
  })
  complaints(@Args() args: ComplaintsArgs): Promise<ComplaintConnection> {
    return this.queries.list(args);
  }

  @SecureQuery(() => ComplaintConnection, {
    description: 'Evaluated cases kept for learning (案例资料库).',
    allow: STAFF,
  })
  caseLibrary(@Args() args: CaseLibraryArgs): Promise<ComplaintConnection> {
    return this.queries.caseLibrary(args.search, args.first, args.after);
  }

  @ResolveField(() => CustomerObject, {
    nullable: true,
    description: 'The linked customer (contact data masked by role).',
  })
  customer(@Parent() complaint: ComplaintObject, @Context('req') req: ApiRequest) {
    return loadCustomer(req, this.db, complaint.customerId);
  }

  @ResolveField(() => UserObject, { nullable: true, description: 'The current handler.' })
  handler(@Parent() complaint: ComplaintObject, @Context('req') req: ApiRequest) {
    return loadUser(req, this.db, complaint.handlerId);
  }

  @ResolveField(() => [ComplaintNoteObject], { description: 'Notes and customer messages, oldest first.' })
  notes(@Parent() complaint: ComplaintObject, @Context('req') req: ApiRequest) {
    return this.batch(req, 'notes', complaint.id, (tenantId, ids) => this.queries.notes(tenantId, ids));
  }

  @ResolveField(() => [ProposalObject], { description: 'Resolution proposals, by round.' })
  proposals(@Parent() complaint: ComplaintObject, @Context('req') req: ApiRequest) {
    return this.batch(req, 'proposals', complaint.id, (tenantId, ids) =>
      this.queries.proposals(tenantId, ids),
    );
  }

  @ResolveField(() => [EscalationObject], { description: 'Escalations, oldest first.' })
  escalations(@Parent() complaint: ComplaintObject, @Context('req') req: ApiRequest) {
    return this.batch(req, 'escalations', complaint.id, (tenantId, ids) =>
      this.queries.escalations(tenantId, ids),
    );
  }

  @ResolveField(() => [PromiseObject], {
    description: 'Promises made to the customer and whether they were kept.',
  })
  promises(@Parent() complaint: ComplaintObject, @Context('req') req: ApiRequest) {
    return this.batch(req, 'promises', complaint.id, (tenantId, ids) => this.queries.promises(tenantId, ids));
  }

  @ResolveField(() => [PauseObject], { description: 'Times the resolution clock was paused.' })
  pauses(@Parent() complaint: ComplaintObject, @Context('req') req: ApiRequest) {
    return this.batch(req, 'pauses', complaint.id, (tenantId, ids) => this.queries.pauses(tenantId, ids));
  }

  @ResolveField(() => [RevisitTaskObject], { description: 'Revisits of this complaint.' })
  revisits(@Parent() complaint: ComplaintObject, @Context('req') req: ApiRequest) {
    return this.batch(req, 'revisits', complaint.id, (tenantId, ids) => this.queries.revisits(tenantId, ids));
  }

  @ResolveField(() => [TenantEvent], {
    description: 'Everything that happened to the complaint, in order (audit trail).',
  })
  timeline(@Parent() complaint: ComplaintObject, @Context('req') req: ApiRequest) {
    return this.batch(req, 'timeline', complaint.id, (tenantId, ids) => this.queries.timeline(tenantId, ids));
  }

  private batch<T>(
    req: ApiRequest,
    name: string,
    id: string,
    load: (tenantId: string, ids: readonly string[]) => Promise<T[]>,
  ): Promise<T> {
    const tenantId = req.actor?.tenantId as string;
    return requestLoader<string, T>(req, `complaint.${name}`, (ids) => load(tenantId, ids)).load(id);
  }
}
