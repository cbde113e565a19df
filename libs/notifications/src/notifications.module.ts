import { Module } from '@nestjs/common';
import { AuthModule } from '@service-desk/auth';
import { ComplaintsModule } from '@service-desk/complaints';
import { EventsModule } from '@service-desk/events';
import { InboundSmtpServer } from './inbound/inbound-smtp.server.js';
import { MailIntakeService } from './inbound/mail-intake.service.js';
import { MessageDeliveryJob } from './message-delivery.job.js';
import { MessageTransports } from './message-transports.js';
import { NotificationProducerJob } from './notification-producer.job.js';
import { OutboundQueue } from './outbound-queue.service.js';

/**
 * Customer notifications (DESIGN section 7): the outbound queue other features write to, the producer
 * that turns complaint events into messages, delivery over SMTP and an SMS gateway, and the e-mail
 * intake. The worker imports this module for its jobs.
 */
@Module({
  imports: [EventsModule, AuthModule, ComplaintsModule],
  providers: [
    OutboundQueue,
    MessageTransports,
    NotificationProducerJob,
    MessageDeliveryJob,
    MailIntakeService,
    InboundSmtpServer,
  ],
  exports: [
    OutboundQueue,
    MessageTransports,
    NotificationProducerJob,
    MessageDeliveryJob,
    MailIntakeService,
    InboundSmtpServer,
  ],
})
export class NotificationsModule {}
