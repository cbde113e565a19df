import { Module } from '@nestjs/common';
import { EventLog } from './event-log.js';
import { EventsService } from './events.service.js';

/** The tenant event log: appending (for every feature) and reading. */
@Module({ providers: [EventLog, EventsService], exports: [EventLog, EventsService] })
export class EventsModule {}
