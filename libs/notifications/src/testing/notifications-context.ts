// The notifications module on the test database, as the worker runs it.
import { type INestApplicationContext, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DatabaseModule } from '@service-desk/db';
import { NotificationsModule } from '../notifications.module.js';

@Module({ imports: [DatabaseModule.forRoot('notifications-test'), NotificationsModule] })
class NotificationsTestModule {}

/** The notifications module on the test database, as the worker runs it. */
export function notificationsContext(): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(NotificationsTestModule, { logger: false });
}
