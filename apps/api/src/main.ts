import 'reflect-metadata';
import { config, logger } from '@service-desk/core';
import { createApi } from './api.js';

process.title = 'service-desk-api';
try {
  const app = await createApi();
  await app.listen(config().PORT);
  logger().info({ port: config().PORT }, 'api listening');
} catch (error) {
  logger().fatal({ err: error }, 'api failed to start');
  process.exit(1);
}
