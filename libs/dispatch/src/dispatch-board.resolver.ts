import { Args, Resolver } from '@nestjs/graphql';
import { Role, SecureQuery } from '@service-desk/core';
import { BriefingDateInput, BriefingObject, DispatchBoard } from './dispatch-board.object.js';
import { DispatchBoardService } from './dispatch-board.service.js';

@Resolver()
export class DispatchBoardResolver {
  constructor(private readonly board: DispatchBoardService) {}

  @SecureQuery(() => DispatchBoard, {
    description:
      'The live board: per zone, orders by state and on-shift staff with load and presence, plus the current seq.',
    allow: [Role.OWNER, Role.SUPERVISOR, Role.AGENT],
  })
  dispatchBoard(): Promise<DispatchBoard> {
    return this.board.board();
  }

  @SecureQuery(() => [BriefingObject], {
    description: 'The daily briefings (班前会) of a date, one per zone.',
    allow: [Role.OWNER, Role.SUPERVISOR, Role.AGENT, Role.FIELD_STAFF],
  })
  briefing(@Args('input', { description: 'The date.' }) input: BriefingDateInput): Promise<BriefingObject[]> {
    return this.board.briefings(input.date);
  }
}
