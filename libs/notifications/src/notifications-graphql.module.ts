import { Module } from '@nestjs/common';
import { EventsModule } from '@service-desk/events';
import { OutboundMessages } from './outbound-messages.service.js';
import { OutboundMessagesResolver } from './outbound-messages.resolver.js';

/** Resolvers of the notifications feature (the api imports this one; it starts no listener). */
@Module({
  imports: [EventsModule],
  providers: [OutboundMessages, OutboundMessagesResolver],
})
export class NotificationsGraphqlModule {}
