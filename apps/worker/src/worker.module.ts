import { Module, type OnModuleInit } from '@nestjs/common';
import { AuthModule, TokenCleanupJob } from '@service-desk/auth';
import { CampaignsModule, WinbackCampaignJob } from '@service-desk/campaigns';
import { ComplaintsModule, SlaMonitorJob } from '@service-desk/complaints';
import { isUuid } from '@service-desk/core';
import { DispatchBoardService, WorkOrderMonitorJob, WorkOrdersModule } from '@service-desk/dispatch';
import { DatabaseModule, Queue } from '@service-desk/db';
import { GoodwillPostingJob, LoyaltyModule, LoyaltyNightlyJob } from '@service-desk/loyalty';
import { RevisitDueJob, RevisitSchedulerJob, RevisitsModule } from '@service-desk/revisits';
import {
  InboundMailModule,
  MessageDeliveryJob,
  NotificationProducerJob,
  NotificationsModule,
} from '@service-desk/notifications';
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
    RevisitsModule,
    CampaignsModule,
    LoyaltyModule,
    NotificationsModule,
    InboundMailModule,
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
    private readonly revisitDue: RevisitDueJob,
    private readonly revisitScheduler: RevisitSchedulerJob,
    private readonly campaigns: WinbackCampaignJob,
    private readonly goodwillPosting: GoodwillPostingJob,
    private readonly loyaltyNightly: LoyaltyNightlyJob,
    private readonly notificationProducer: NotificationProducerJob,
    private readonly messageDelivery: MessageDeliveryJob,
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
      ...this.perTenant(Queue.RevisitDueSchedule, '*/5 * * * *', Queue.RevisitDue, (tenantId) =>
        this.revisitDue.run(tenantId),
      ),
      ...this.perTenant(Queue.RevisitSchedulingSchedule, '23 * * * *', Queue.RevisitScheduling, (tenantId) =>
        this.revisitScheduler.run(tenantId),
      ),
      {
        queue: Queue.CampaignRun,
        handle: async (data) => {
          const { tenantId, campaignId } = data;
          if (
            typeof tenantId !== 'string' ||
            !isUuid(tenantId) ||
            typeof campaignId !== 'string' ||
            !isUuid(campaignId)
          )
            throw new Error(`${Queue.CampaignRun} needs a tenantId and a campaignId`);
          await this.campaigns.run(tenantId, campaignId);
        },
      },
      // Campaigns left unfinished by a crashed worker resume at start and on every tick.
      ...this.perTenant(
        Queue.CampaignResumeSchedule,
        '* * * * *',
        Queue.CampaignResume,
        (tenantId) => this.campaigns.resumeUnfinished(tenantId),
        true,
      ),
      ...this.perTenant(Queue.GoodwillPostingSchedule, '* * * * *', Queue.GoodwillPosting, (tenantId) =>
        this.goodwillPosting.run(tenantId),
      ),
      // Churn detection, tiers and points expiry are due at 02:00 tenant time, once per local date.
      ...this.perTenant(Queue.LoyaltyNightlySchedule, '*/5 * * * *', Queue.LoyaltyNightly, (tenantId) =>
        this.loyaltyNightly.runDue(tenantId),
      ),
      ...this.perTenant(
        Queue.NotificationProducerSchedule,
        '* * * * *',
        Queue.NotificationProducer,
        // New messages go out in the same job rather than waiting for the next delivery tick.
        async (tenantId) => {
          if ((await this.notificationProducer.run(tenantId)).enqueued > 0)
            await this.messageDelivery.run(tenantId);
        },
      ),
      ...this.perTenant(Queue.MessageDeliverySchedule, '* * * * *', Queue.MessageDelivery, (tenantId) =>
        this.messageDelivery.run(tenantId),
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
    runAtStart = false,
  ): JobRegistration[] {
    return [
      {
        queue: schedule,
        cron,
        runAtStart,
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
