import { Module } from '@nestjs/common';
import { EventsModule } from '@service-desk/events';
import { BEHAVIOUR_PROVIDERS } from './behaviour/index.js';
import { ChainBenchmarkService } from './chain-benchmark.service.js';
import { ScorecardJob } from './jobs/scorecard.job.js';
import { PerformanceSetupService } from './performance-setup.service.js';
import { PeriodsService } from './periods.service.js';
import { ScorecardsService } from './scorecards.service.js';

/**
 * Staff performance (DESIGN section 6.6): KPI definitions, behaviour evidence (BARS, critical
 * incidents, BOS, paired comparison), scorecards and their review workflow, the service-type matrix
 * and the chain benchmark (section 6.7). The worker imports this module for the scorecard job.
 */
@Module({
  imports: [EventsModule],
  providers: [
    ...BEHAVIOUR_PROVIDERS,
    PerformanceSetupService,
    PeriodsService,
    ScorecardsService,
    ChainBenchmarkService,
    ScorecardJob,
  ],
  exports: [
    ...BEHAVIOUR_PROVIDERS,
    PerformanceSetupService,
    PeriodsService,
    ScorecardsService,
    ChainBenchmarkService,
    ScorecardJob,
  ],
})
export class PerformanceModule {}
