import { Args, ArgsType, Field, Int, Resolver } from '@nestjs/graphql';
import { Min } from 'class-validator';
import { PageArgs, Role, SecureQuery } from '@service-desk/core';
import { EventsService } from './events.service.js';
import { TenantEventConnection } from './tenant-event.object.js';

@ArgsType()
export class EventsArgs extends PageArgs {
  @Field(() => Int, {
    defaultValue: 0,
    description: 'Return events with a sequence number greater than this.',
  })
  @Min(0)
  since: number = 0;
}

@Resolver()
export class EventsResolver {
  constructor(private readonly service: EventsService) {}

  @SecureQuery(() => TenantEventConnection, {
    description: "The tenant's event log after a sequence number, oldest first (catch-up and gap filling).",
    allow: [Role.OWNER, Role.SUPERVISOR, Role.AGENT],
  })
  events(@Args() args: EventsArgs): Promise<TenantEventConnection> {
    return this.service.page(args.since, args.first, args.after);
  }
}
