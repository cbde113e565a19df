import { Args, Resolver } from '@nestjs/graphql';
import { SecureMutation, SecureQuery } from '@service-desk/core';
import { ShiftsArgs } from './dto/shift.args.js';
import { CreateShiftInput } from './dto/shift.input.js';
import { ShiftConnection, ShiftObject } from './shift.object.js';
import { ShiftsService } from './shifts.service.js';
import { ROSTER_MANAGERS, ROSTER_READERS } from './roster-rules.js';

@Resolver(() => ShiftObject)
export class ShiftsResolver {
  constructor(private readonly service: ShiftsService) {}

  @SecureMutation(() => ShiftObject, {
    description:
      'Creates a shift pattern; an end not after the start means it ends the next day (e.g. 22:00–06:00).',
    allow: ROSTER_MANAGERS,
  })
  createShift(
    @Args('input', { description: 'The new shift.' }) input: CreateShiftInput,
  ): Promise<ShiftObject> {
    return this.service.create(input);
  }

  @SecureQuery(() => ShiftConnection, {
    description: 'Shifts of the tenant, by team and start time.',
    allow: ROSTER_READERS,
  })
  shifts(@Args() args: ShiftsArgs): Promise<ShiftConnection> {
    return this.service.list(args);
  }
}
