import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { logger } from '@service-desk/core';
import { WorkerModule } from './worker.module.js';

process.title = 'service-desk-worker';
try {
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
} catch (error) {
  logger().fatal({ err: error }, 'worker failed to start');
  process.exit(1);
}
