import { Args, Context, ID, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { type ApiRequest, loadUser, UserObject } from '@service-desk/auth';
import { requestLoader, Role, SecureMutation, SecureQuery } from '@service-desk/core';
import { CustomerObject, loadCustomer } from '@service-desk/customers';
import { Database } from '@service-desk/db';
import {
  RevisitArchiveArgs,
  RevisitHistoryArgs,
  RevisitReportArgs,
  RevisitTasksArgs,
} from './dto/revisit.args.js';
import {
  CancelRevisitInput,
  CompleteRevisitInput,
  LogRevisitAttemptInput,
  ReassignRevisitInput,
  UpdateRevisitSettingsInput,
} from './dto/revisit.input.js';
import { REVISIT_MANAGERS, REVISIT_ROLES } from './revisit-lifecycle.js';
import { RevisitQueries } from './revisit-queries.service.js';
import { RevisitSettingsService } from './revisit-settings.service.js';
import {
  RevisitArchiveObject,
  RevisitAttemptObject,
  RevisitConnection,
  RevisitObject,
  RevisitReportObject,
  RevisitSettingsObject,
} from './revisit.object.js';
import { RevisitsService } from './revisits.service.js';

const WHAT = { description: 'What to do (see the input type).' };
/** The archive and report are also read by HR (performance reviews), with phones masked. */
const READERS = [...REVISIT_ROLES, Role.HR];

@Resolver(() => RevisitObject)
export class RevisitsResolver {
  constructor(
    private readonly service: RevisitsService,
    private readonly queries: RevisitQueries,
    private readonly settings: RevisitSettingsService,
    private readonly db: Database,
  ) {}

  @SecureQuery(() => RevisitConnection, {
    description: 'Revisit tasks, soonest due first.',
    allow: REVISIT_ROLES,
  })
  revisitTasks(@Args() args: RevisitTasksArgs): Promise<RevisitConnection> {
    return this.queries.list(args);
  }

  @SecureQuery(() => RevisitObject, { description: 'One revisit task.', allow: REVISIT_ROLES })
  revisitTask(
    @Args('id', { type: () => ID, description: 'Revisit id.' }) id: string,
  ): Promise<RevisitObject> {
    return this.queries.get(id);
  }

  @SecureMutation(() => RevisitObject, {
    description:
      'Records a try to reach the customer. The first moves the revisit into progress; when the allowed number of tries failed, the customer is UNREACHABLE. Agents work their own or unassigned revisits (claiming them); SUPERVISORY ones are for supervisors and the owner.',
    allow: REVISIT_ROLES,
  })
  logRevisitAttempt(@Args('input', WHAT) input: LogRevisitAttemptInput): Promise<RevisitObject> {
    return this.service.logAttempt(input);
  }

  @SecureMutation(() => RevisitObject, {
    description:
      'Records the outcome after the customer was reached. Satisfaction of 2 or less on a COMPLAINT revisit reopens the complaint.',
    allow: REVISIT_ROLES,
  })
  completeRevisit(@Args('input', WHAT) input: CompleteRevisitInput): Promise<RevisitObject> {
    return this.service.complete(input);
  }

  @SecureMutation(() => RevisitObject, {
    description: 'Cancels an open revisit, with a reason.',
    allow: REVISIT_MANAGERS,
  })
  cancelRevisit(@Args('input', WHAT) input: CancelRevisitInput): Promise<RevisitObject> {
    return this.service.cancel(input);
  }

  @SecureMutation(() => RevisitObject, {
    description: 'Gives an open revisit to another member of staff.',
    allow: REVISIT_MANAGERS,
  })
  reassignRevisit(@Args('input', WHAT) input: ReassignRevisitInput): Promise<RevisitObject> {
    return this.service.reassign(input);
  }

  @SecureQuery(() => RevisitConnection, {
    description: "A customer's or a zone's revisits (回访档案) in a period, newest due first.",
    allow: READERS,
  })
  revisitHistory(@Args() args: RevisitHistoryArgs): Promise<RevisitConnection> {
    return this.queries.history(args);
  }

  @SecureQuery(() => RevisitArchiveObject, {
    description: "A customer's or a zone's revisit archive as CSV (phones masked per role).",
    allow: READERS,
  })
  revisitArchive(@Args() args: RevisitArchiveArgs): Promise<RevisitArchiveObject> {
    return this.queries.archive(args);
  }

  @SecureQuery(() => RevisitReportObject, {
    description: 'Revisits due in a period by type and status, with the on-time rate.',
    allow: READERS,
  })
  revisitReport(@Args() args: RevisitReportArgs): Promise<RevisitReportObject> {
    return this.queries.report(args.from, args.to);
  }

  @SecureQuery(() => RevisitSettingsObject, {
    description: "The tenant's revisit rules.",
    allow: REVISIT_ROLES,
  })
  revisitSettings(): Promise<RevisitSettingsObject> {
    return this.settings.get();
  }

  @SecureMutation(() => RevisitSettingsObject, {
    description: 'Changes the revisit rules (attempts, delays, cadence, sampling share, daily cap).',
    allow: REVISIT_MANAGERS,
  })
  updateRevisitSettings(
    @Args('input', WHAT) input: UpdateRevisitSettingsInput,
  ): Promise<RevisitSettingsObject> {
    return this.settings.update(input);
  }

  @ResolveField(() => [RevisitAttemptObject], { description: 'Attempts so far, oldest first.' })
  attemptLog(
    @Parent() revisit: RevisitObject,
    @Context('req') req: ApiRequest,
  ): Promise<RevisitAttemptObject[]> {
    const tenantId = req.actor?.tenantId as string;
    return requestLoader<string, RevisitAttemptObject[]>(req, 'revisit.attempts', (ids) =>
      this.queries.attempts(tenantId, ids),
    ).load(revisit.id);
  }

  @ResolveField(() => CustomerObject, {
    nullable: true,
    description: 'The customer, contact data masked for roles that may not see it.',
  })
  customer(@Parent() revisit: RevisitObject, @Context('req') req: ApiRequest) {
    return loadCustomer(req, this.db, revisit.customerId);
  }

  @ResolveField(() => UserObject, { nullable: true, description: 'Who does it.' })
  assignee(@Parent() revisit: RevisitObject, @Context('req') req: ApiRequest) {
    return loadUser(req, this.db, revisit.assigneeId);
  }
}
