import { Module } from '@nestjs/common';
import { EventsModule } from './events.module.js';
import { EventsResolver } from './events.resolver.js';

@Module({ imports: [EventsModule], providers: [EventsResolver] })
export class EventsGraphqlModule {}
