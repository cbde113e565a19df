import { Module, type OnModuleInit } from '@nestjs/common';
import { AuthModule, TokenCleanupJob } from '@service-desk/auth';
import { ComplaintsModule, SlaMonitorJob } from '@service-desk/complaints';
import { isUuid } from '@service-desk/core';
import { DispatchBoardService, WorkOrderMonitorJob, WorkOrdersModule } from '@service-desk/dispatch';
import { DatabaseModule, Queue } from '@service-desk/db';
import { PerformanceModule, ScorecardJob } from '@service-desk/performance';
import { type JobRegistration, JobRunner } from './job-runner.js';

/** The worker: feature modules and the jobs they contribute. */
@Module({
  imports: [
    DatabaseModule.forRoot('service-desk-worker'),
    AuthModule,
    ComplaintsModule,
    WorkOrdersModule,
    PerformanceModule,
  ],
  providers: [JobRunner],
})
export class WorkerModule implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly tokenCleanup: TokenCleanupJob,
    private readonly slaMonitor: SlaMonitorJob,
    private readonly workOrderMonitor: WorkOrderMonitorJob,
    private readonly briefings: DispatchBoardService,
    private readonly scorecards: ScorecardJob,
  ) {}

  onModuleInit(): void {
    this.runner.register(
      ...this.perTenant(Queue.TokenCleanupSchedule, '17 * * * *', Queue.TokenCleanup, (tenantId) =>
        this.tokenCleanup.run(tenantId),
      ),
      ...this.perTenant(Queue.SlaMonitorSchedule, '* * * * *', Queue.SlaMonitor, (tenantId) =>
        this.slaMonitor.run(tenantId),
      ),
      ...this.perTenant(Queue.WorkOrderMonitorSchedule, '* * * * *', Queue.WorkOrderMonitor, (tenantId) =>
        this.workOrderMonitor.run(tenantId),
      ),
      // Each tenant's briefing is due at 08:40 in its own time zone; checking every five minutes finds it.
      ...this.perTenant(Queue.BriefingSchedule, '*/5 * * * *', Queue.Briefing, (tenantId) =>
        this.briefings.publishDue(tenantId),
      ),
      // Queued by computeScorecards (one job per tenant and period).
      {
        queue: Queue.Scorecards,
        handle: async (data) => {
          const { tenantId, periodId } = data;
          if (
            typeof tenantId !== 'string' ||
            typeof periodId !== 'string' ||
            !isUuid(tenantId) ||
            !isUuid(periodId)
          )
            throw new Error(`${Queue.Scorecards} needs a tenantId and a periodId`);
          await this.scorecards.run(tenantId, periodId);
        },
      },
    );
  }

  /**
   * A schedule that fans out one job per store tenant (de-duplicated per tenant while queued), and the
   * per-tenant job that runs under that tenant's RLS scope.
   */
  private perTenant(
    schedule: Queue,
    cron: string,
    queue: Queue,
    run: (tenantId: string) => Promise<unknown>,
  ): JobRegistration[] {
    return [
      {
        queue: schedule,
        cron,
        handle: async (_data, boss) => {
          for (const tenantId of await this.tokenCleanup.tenantIds()) {
            await boss.send(queue, { tenantId }, { singletonKey: tenantId });
          }
        },
      },
      {
        queue,
        handle: async (data) => {
          if (typeof data.tenantId !== 'string' || !isUuid(data.tenantId))
            throw new Error(`${queue} needs a tenantId`);
          await run(data.tenantId);
        },
      },
    ];
  }
}
