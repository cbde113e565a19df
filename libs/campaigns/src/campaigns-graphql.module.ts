import { Module } from '@nestjs/common';
import { CampaignsModule } from './campaigns.module.js';
import { CampaignsResolver } from './campaigns.resolver.js';

/** Resolvers of win-back campaigns (the api imports this one). */
@Module({
  imports: [CampaignsModule],
  providers: [CampaignsResolver],
})
export class CampaignsGraphqlModule {}
