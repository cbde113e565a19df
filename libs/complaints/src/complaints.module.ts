import { Module } from '@nestjs/common';
import { AuthModule } from '@service-desk/auth';
import { EventsModule } from '@service-desk/events';
import { ComplaintPolicyService } from './complaint-policy.service.js';
import { ComplaintQueries } from './complaint-queries.service.js';
import { ComplaintsService } from './complaints.service.js';
import { SlaMonitorJob } from './jobs/sla-monitor.job.js';
import { PublicIntakeService } from './public-intake.service.js';
import { ComplaintReports } from './reports.service.js';

/** The complaint desk: use cases, queries and policy (the worker imports this for its jobs). */
@Module({
  imports: [EventsModule, AuthModule],
  providers: [
    ComplaintsService,
    ComplaintQueries,
    ComplaintPolicyService,
    SlaMonitorJob,
    PublicIntakeService,
    ComplaintReports,
  ],
  exports: [
    ComplaintsService,
    ComplaintQueries,
    ComplaintPolicyService,
    SlaMonitorJob,
    PublicIntakeService,
    ComplaintReports,
  ],
})
export class ComplaintsModule {}
