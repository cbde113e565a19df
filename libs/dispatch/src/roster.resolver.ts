import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { type ApiRequest, loadUser, UserObject } from '@service-desk/auth';
import { Role, SecureMutation, SecureQuery } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { MyRosterArgs, OnShiftNowArgs, RosterArgs } from './dto/roster.args.js';
import { GenerateRosterInput, RemoveRosterEntryInput, SetRosterInput } from './dto/roster.input.js';
import { GeneratedRosterObject, RosterEntryConnection, RosterEntryObject } from './roster-entry.object.js';
import { myRosterFilter, RosterService } from './roster.service.js';
import { ROSTER_MANAGERS, ROSTER_READERS } from './roster-rules.js';

@Resolver(() => RosterEntryObject)
export class RosterResolver {
  constructor(
    private readonly service: RosterService,
    private readonly db: Database,
  ) {}

  @SecureMutation(() => RosterEntryObject, {
    description:
      'Puts a staff member on a shift (and zone) on a date, replacing what they had that date. Field staff work FIELD shifts in a zone, agents and supervisors FRONT_DESK shifts; shifts of one person may not overlap.',
    allow: ROSTER_MANAGERS,
  })
  setRoster(
    @Args('input', { description: 'Who, when, which shift and zone.' }) input: SetRosterInput,
  ): Promise<RosterEntryObject> {
    return this.service.set(input);
  }

  @SecureMutation(() => RosterEntryObject, {
    description: 'Removes a roster entry; answers the entry as it was.',
    allow: ROSTER_MANAGERS,
  })
  removeRosterEntry(
    @Args('input', { description: 'The entry to remove.' }) input: RemoveRosterEntryInput,
  ): Promise<RosterEntryObject> {
    return this.service.remove(input.entryId);
  }

  @SecureMutation(() => GeneratedRosterObject, {
    description:
      "Writes a week's rotation for the given staff (their entries of that week are replaced); running it again with the same input changes nothing.",
    allow: ROSTER_MANAGERS,
  })
  generateRoster(
    @Args('input', { description: 'The week, the staff, and the shifts and zones to rotate through.' })
    input: GenerateRosterInput,
  ): Promise<GeneratedRosterObject> {
    return this.service.generate(input);
  }

  @SecureQuery(() => RosterEntryConnection, {
    description: 'Roster entries whose shift starts in a date range (tenant-local), by date and start time.',
    allow: ROSTER_READERS,
  })
  roster(@Args() args: RosterArgs): Promise<RosterEntryConnection> {
    return this.service.list(args);
  }

  @SecureQuery(() => RosterEntryConnection, {
    description: "The signed-in user's own roster entries in a date range.",
    allow: [...ROSTER_READERS, Role.FIELD_STAFF],
  })
  myRoster(@Args() args: MyRosterArgs): Promise<RosterEntryConnection> {
    return this.service.list(myRosterFilter(args));
  }

  @SecureQuery(() => [RosterEntryObject], {
    description:
      'Who is on shift now (computed in the tenant time zone, shifts crossing midnight included): active staff, front desk first, then by zone.',
    allow: ROSTER_READERS,
  })
  onShiftNow(@Args() args: OnShiftNowArgs): Promise<RosterEntryObject[]> {
    return this.service.onShift(args.zoneId);
  }

  @ResolveField(() => UserObject, { nullable: true, description: 'The rostered staff member.' })
  user(@Parent() entry: RosterEntryObject, @Context('req') req: ApiRequest) {
    return loadUser(req, this.db, entry.userId);
  }
}
