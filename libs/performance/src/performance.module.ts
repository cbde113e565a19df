import { Module } from '@nestjs/common';
import { EventsModule } from '@service-desk/events';
import { BEHAVIOUR_PROVIDERS } from './behaviour/index.js';

/**
 * Staff performance (DESIGN section 6.6): KPI definitions, behaviour evidence (BARS, critical
 * incidents, BOS, paired comparison), scorecards and their review workflow, the service-type matrix
 * and the chain benchmark (section 6.7). The worker imports this module for the scorecard job.
 */
@Module({
  imports: [EventsModule],
  providers: [...BEHAVIOUR_PROVIDERS],
  exports: [...BEHAVIOUR_PROVIDERS],
})
export class PerformanceModule {}
