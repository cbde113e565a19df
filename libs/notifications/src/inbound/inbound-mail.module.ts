import { Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { config } from '@service-desk/core';
import { NotificationsModule } from '../notifications.module.js';
import { InboundSmtpServer } from './inbound-smtp.server.js';

/** Starts the intake listener with the process when INBOUND_SMTP_PORT is set (off by default). */
class InboundSmtpLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(private readonly server: InboundSmtpServer) {}

  async onApplicationBootstrap(): Promise<void> {
    if (config().INBOUND_SMTP_PORT !== undefined) await this.server.listen();
  }

  onApplicationShutdown(): Promise<void> {
    return this.server.close();
  }
}

/** The worker imports this module to receive e-mail complaints; the API never does. */
@Module({
  imports: [NotificationsModule],
  providers: [
    {
      provide: InboundSmtpLifecycle,
      useFactory: (server: InboundSmtpServer) => new InboundSmtpLifecycle(server),
      inject: [InboundSmtpServer],
    },
  ],
})
export class InboundMailModule {}
