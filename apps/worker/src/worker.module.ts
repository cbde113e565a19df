import { Module, type OnModuleInit } from '@nestjs/common';
import { AuthModule, TokenCleanupJob } from '@service-desk/auth';
import { isUuid } from '@service-desk/core';
import { DatabaseModule, Queue } from '@service-desk/db';
import { JobRunner } from './job-runner.js';

/** The worker: feature modules and the jobs they contribute. */
@Module({
  imports: [DatabaseModule.forRoot('service-desk-worker'), AuthModule],
  providers: [JobRunner],
})
export class WorkerModule implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly tokenCleanup: TokenCleanupJob,
  ) {}

  onModuleInit(): void {
    this.runner.register(
      {
        // Hourly fan-out: one job per tenant, de-duplicated per tenant while queued.
        queue: Queue.TokenCleanupSchedule,
        cron: '17 * * * *',
        handle: async (_data, boss) => {
          for (const tenantId of await this.tokenCleanup.tenantIds()) {
            await boss.send(Queue.TokenCleanup, { tenantId }, { singletonKey: tenantId });
          }
        },
      },
      {
        queue: Queue.TokenCleanup,
        handle: async (data) => {
          if (typeof data.tenantId !== 'string' || !isUuid(data.tenantId))
            throw new Error('token cleanup needs a tenantId');
          await this.tokenCleanup.run(data.tenantId);
        },
      },
    );
  }
}
