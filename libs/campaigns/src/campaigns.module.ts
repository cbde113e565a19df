import { Module } from '@nestjs/common';
import { EventsModule } from '@service-desk/events';
import { CampaignJobs } from './campaign-jobs.js';
import { CampaignsService } from './campaigns.service.js';
import { WinbackCampaignJob } from './jobs/winback-campaign.job.js';

/**
 * Win-back campaigns (DESIGN sections 6.4 and 7): launch and figures, and the job that creates the
 * revisits (the worker imports this module for it).
 */
@Module({
  imports: [EventsModule],
  providers: [CampaignsService, CampaignJobs, WinbackCampaignJob],
  exports: [CampaignsService, WinbackCampaignJob],
})
export class CampaignsModule {}
