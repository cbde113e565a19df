import { Module } from '@nestjs/common';
import { AuthModule } from '@service-desk/auth';
import { ComplaintsModule } from '@service-desk/complaints';
import { EventsModule } from '@service-desk/events';
import { SurveysModule } from '@service-desk/surveys';
import { RevisitDueJob } from './jobs/revisit-due.job.js';
import { RevisitSchedulerJob } from './jobs/revisit-scheduler.job.js';
import { RevisitQueries } from './revisit-queries.service.js';
import { RevisitSettingsService } from './revisit-settings.service.js';
import { RevisitsService } from './revisits.service.js';

const PROVIDERS = [
  RevisitsService,
  RevisitQueries,
  RevisitSettingsService,
  RevisitDueJob,
  RevisitSchedulerJob,
];

/** Revisits: use cases, queries, settings and the jobs (the worker imports this one). */
@Module({
  imports: [EventsModule, AuthModule, ComplaintsModule, SurveysModule],
  providers: PROVIDERS,
  exports: PROVIDERS,
})
export class RevisitsModule {}
