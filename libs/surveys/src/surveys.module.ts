import { Module } from '@nestjs/common';
import { AuthModule } from '@service-desk/auth';
import { EventsModule } from '@service-desk/events';
import { OutboundQueue } from '@service-desk/notifications';
import { ServqualReportService } from './servqual-report.service.js';
import { SurveyResponsesService } from './survey-responses.service.js';
import { SurveyTemplatesService } from './survey-templates.service.js';

/** SERVQUAL surveys (DESIGN section 6.5): templates, invitations, responses and the gap report. */
@Module({
  imports: [EventsModule, AuthModule],
  // The outbound queue has no dependencies: providing it here keeps the notification jobs out of the API.
  providers: [SurveyTemplatesService, SurveyResponsesService, ServqualReportService, OutboundQueue],
  exports: [SurveyTemplatesService, SurveyResponsesService, ServqualReportService],
})
export class SurveysModule {}
