import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { logger, RequestContext } from '@service-desk/core';
import { ownerUrl, PGBOSS_SCHEMA, type Queue } from '@service-desk/db';
import PgBoss from 'pg-boss';

export interface TenantJob {
  tenantId: string;
}

export interface JobRegistration {
  queue: Queue;
  /** Cron (in UTC unless tz is given) for schedules; absent for queues fed by other jobs. */
  cron?: string;
  /** Also run once when the worker starts (recovery work that should not wait for the next tick). */
  runAtStart?: boolean;
  handle(data: Record<string, unknown>, boss: PgBoss): Promise<void>;
}

/**
 * Runs pg-boss for the registered jobs. Each tenant job runs inside a request context acting as the
 * system in that tenant, so the same RLS scoping applies as for API requests.
 */
@Injectable()
export class JobRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private boss?: PgBoss;
  private readonly registrations: JobRegistration[] = [];

  register(...registrations: JobRegistration[]): void {
    this.registrations.push(...registrations);
  }

  async onApplicationBootstrap(): Promise<void> {
    const boss = new PgBoss({ connectionString: ownerUrl(), schema: PGBOSS_SCHEMA, migrate: false, max: 4 });
    boss.on('error', (error) => logger().error({ err: error }, 'job queue error'));
    await boss.start();
    this.boss = boss;
    for (const registration of this.registrations) {
      if (registration.cron)
        await boss.schedule(registration.queue, registration.cron, {}, { singletonKey: registration.queue });
      await boss.work<Record<string, unknown>>(
        registration.queue,
        { pollingIntervalSeconds: 1, batchSize: 20 },
        async (jobs) => {
          // Jobs of a batch succeed or fail one by one: a failed one is retried alone, the rest complete.
          for (const job of jobs) {
            try {
              await RequestContext.run({ requestId: job.id }, () =>
                registration.handle(job.data ?? {}, boss),
              );
              logger().debug({ queue: registration.queue, jobId: job.id }, 'job done');
            } catch (error) {
              logger().error({ queue: registration.queue, jobId: job.id, err: error }, 'job failed');
              await boss.fail(registration.queue, job.id, {
                message: error instanceof Error ? error.message : String(error),
              });
            }
          }
        },
      );
      if (registration.runAtStart) await boss.send(registration.queue, {});
    }
    logger().info({ queues: this.registrations.map((r) => r.queue) }, 'worker started');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
