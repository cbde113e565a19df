import { Module } from '@nestjs/common';
import { EventsModule } from '@service-desk/events';
import { ChurnDetectionService } from './jobs/churn-detection.service.js';
import { GoodwillPostingJob } from './jobs/goodwill-posting.job.js';
import { LoyaltyNightlyJob } from './jobs/loyalty-nightly.job.js';
import { PointsExpiryService } from './jobs/points-expiry.service.js';
import { TierRecalculationService } from './jobs/tier-recalculation.service.js';
import { LoyaltySettingsService } from './loyalty-settings.service.js';
import { PointsService } from './points.service.js';
import { VisitsService } from './visits.service.js';

const PROVIDERS = [
  VisitsService,
  PointsService,
  LoyaltySettingsService,
  ChurnDetectionService,
  TierRecalculationService,
  PointsExpiryService,
  LoyaltyNightlyJob,
  GoodwillPostingJob,
];

/** Loyalty (DESIGN section 6.4): visits, points, tiers, churn; the worker imports this one for the jobs. */
@Module({ imports: [EventsModule], providers: PROVIDERS, exports: PROVIDERS })
export class LoyaltyModule {}
