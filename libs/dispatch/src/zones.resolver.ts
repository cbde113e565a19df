import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { type ApiRequest, loadUser, UserObject } from '@service-desk/auth';
import { SecureMutation, SecureQuery } from '@service-desk/core';
import { Database } from '@service-desk/db';
import { ROSTER_MANAGERS, ROSTER_READERS } from './roster-rules.js';
import { ZonesArgs } from './dto/zone.args.js';
import { CreateZoneInput, UpdateZoneInput } from './dto/zone.input.js';
import { ZoneConnection, ZoneObject } from './zone.object.js';
import { ZonesService } from './zones.service.js';

@Resolver(() => ZoneObject)
export class ZonesResolver {
  constructor(
    private readonly service: ZonesService,
    private readonly db: Database,
  ) {}

  @SecureMutation(() => ZoneObject, {
    description: 'Creates a zone; the name is unique in the tenant (CONFLICT otherwise).',
    allow: ROSTER_MANAGERS,
  })
  createZone(@Args('input', { description: 'The new zone.' }) input: CreateZoneInput): Promise<ZoneObject> {
    return this.service.create(input);
  }

  @SecureMutation(() => ZoneObject, {
    description: 'Renames a zone, changes its responsible person, or retires or reactivates it.',
    allow: ROSTER_MANAGERS,
  })
  updateZone(
    @Args('input', { description: 'The zone and the changes.' }) input: UpdateZoneInput,
  ): Promise<ZoneObject> {
    return this.service.update(input);
  }

  @SecureQuery(() => ZoneConnection, { description: 'Zones of the tenant, by name.', allow: ROSTER_READERS })
  zones(@Args() args: ZonesArgs): Promise<ZoneConnection> {
    return this.service.list(args);
  }

  @ResolveField(() => UserObject, { nullable: true, description: 'The person responsible for the zone.' })
  responsible(@Parent() zone: ZoneObject, @Context('req') req: ApiRequest) {
    return loadUser(req, this.db, zone.responsibleId);
  }
}
