import { Module } from '@nestjs/common';
import { AuthModule } from '@service-desk/auth';
import { EventsModule } from '@service-desk/events';
import { ServqualReportService } from './servqual-report.service.js';
import { SurveyResponsesService } from './survey-responses.service.js';
import { SurveyTemplatesService } from './survey-templates.service.js';

/** SERVQUAL surveys (DESIGN section 6.5): templates, invitations, responses and the gap report. */
@Module({
  imports: [EventsModule, AuthModule],
  providers: [SurveyTemplatesService, SurveyResponsesService, ServqualReportService],
  exports: [SurveyTemplatesService, SurveyResponsesService, ServqualReportService],
})
export class SurveysModule {}
