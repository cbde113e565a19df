import type { DataSourceOptions } from 'typeorm';
import { config, durationMs } from '@service-desk/core';
import { SnakeNamingStrategy } from './naming-strategy.js';
import { appUrl } from './urls.js';

/** TypeORM options for the application role. Never synchronize: the schema comes from migrations. */
export function appDataSourceOptions(applicationName: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: appUrl(),
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    migrationsRun: false,
    // Failed statements surface as errors mapped to codes (or INTERNAL, logged with an errorId).
    logging: false,
    applicationName,
    // A new connection (or a free one from the pool) may take a while on a loaded machine: wait, don't fail.
    extra: {
      max: config().DATABASE_POOL_SIZE,
      connectionTimeoutMillis: durationMs(config().DATABASE_CONNECT_TIMEOUT),
    },
  };
}
