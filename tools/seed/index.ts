import { NestFactory } from '@nestjs/core';
import { Module } from '@nestjs/common';
import { AuthModule } from '@service-desk/auth';
import { CampaignsModule } from '@service-desk/campaigns';
import { ComplaintsModule } from '@service-desk/complaints';
import { CustomersModule } from '@service-desk/customers';
import { DatabaseModule } from '@service-desk/db';
import { WorkOrdersModule } from '@service-desk/dispatch';
import { RevisitsModule } from '@service-desk/revisits';
import { PerformanceModule } from '@service-desk/performance';
import { SurveysModule } from '@service-desk/surveys';
import { LoyaltyModule } from '@service-desk/loyalty';
import pg from 'pg';
import { seedBehaviour } from './behaviour.js';
import { seedCampaigns } from './campaigns.js';
import { seedComplaints } from './complaints.js';
import { seedDispatchRoster } from './dispatch-roster.js';
import { seedFoundation } from './foundation.js';
import { seedRevisits } from './revisits.js';
import { seedSurveys } from './surveys.js';
import { seedLoyalty } from './loyalty.js';
import { seedPerformance } from './performance.js';
import { seedWorkOrders } from './work-orders.js';

@Module({
  imports: [
    DatabaseModule.forRoot('service-desk-seed'),
    AuthModule,
    CustomersModule,
    ComplaintsModule,
    WorkOrdersModule,
    RevisitsModule,
    PerformanceModule,
    SurveysModule,
    CampaignsModule,
    LoyaltyModule,
    PerformanceModule,
  ],
})
class SeedModule {}

/** Seeds the demo chain into an empty database; does nothing when any chain exists. */
export async function seedDemo(ownerUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: ownerUrl });
  await client.connect();
  const { rows } = await client.query('SELECT count(*)::int AS n FROM chains');
  await client.end();
  if (rows[0].n > 0) return false;
  const app = await NestFactory.createApplicationContext(SeedModule, { logger: ['error'] });
  try {
    for (const tenant of await seedFoundation(app, ownerUrl)) {
      await seedDispatchRoster(app, tenant);
      await seedComplaints(app, ownerUrl, tenant.agent, tenant.supervisor, tenant.customerIds);
      await seedWorkOrders(app, tenant);
      await seedRevisits(app, tenant);
      await seedBehaviour(app, tenant);
      await seedSurveys(app, ownerUrl, tenant);
      await seedCampaigns(app, tenant);
      await seedLoyalty(app, tenant);
      await seedPerformance(app, ownerUrl, tenant);
    }
  } finally {
    await app.close();
  }
  return true;
}
