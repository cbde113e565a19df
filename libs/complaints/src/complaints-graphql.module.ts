import { Module } from '@nestjs/common';
import { ComplaintsModule } from './complaints.module.js';
import { ComplaintsResolver } from './complaints.resolver.js';
import { SlaPolicyResolver } from './sla-policy.resolver.js';
import { PublicIntakeResolver } from './public-intake.resolver.js';
import { ComplaintReportsResolver } from './reports.resolver.js';

@Module({
  imports: [ComplaintsModule],
  providers: [ComplaintsResolver, SlaPolicyResolver, PublicIntakeResolver, ComplaintReportsResolver],
})
export class ComplaintsGraphqlModule {}
