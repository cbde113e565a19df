import { Module } from '@nestjs/common';
import { PublicSurveyResolver } from './public-survey.resolver.js';
import { ServqualReportResolver } from './servqual-report.resolver.js';
import { SurveysModule } from './surveys.module.js';
import { SurveysResolver } from './surveys.resolver.js';

/** Resolvers of the surveys feature (the api imports this one). */
@Module({
  imports: [SurveysModule],
  providers: [SurveysResolver, PublicSurveyResolver, ServqualReportResolver],
})
export class SurveysGraphqlModule {}
