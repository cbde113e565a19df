import { Module, ValidationPipe } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { ActorContextInterceptor, AuthGraphqlModule, AuthGuard, AuthModule } from '@service-desk/auth';
import { badInput } from '@service-desk/core';
import { CampaignsGraphqlModule } from '@service-desk/campaigns';
import { ComplaintsGraphqlModule } from '@service-desk/complaints';
import { CustomersGraphqlModule } from '@service-desk/customers';
import { DatabaseModule } from '@service-desk/db';
import {
  RosterFieldStaffZones,
  RosterGraphqlModule,
  RosterModule,
  WorkOrdersGraphqlModule,
} from '@service-desk/dispatch';
import { EventsGraphqlModule } from '@service-desk/events';
import { LoyaltyGraphqlModule } from '@service-desk/loyalty';
import { PerformanceGraphqlModule } from '@service-desk/performance';
import { RevisitsGraphqlModule } from '@service-desk/revisits';
import { SurveysGraphqlModule } from '@service-desk/surveys';
import { NotificationsGraphqlModule } from '@service-desk/notifications';
import type { ValidationError } from 'class-validator';
import { ApiGraphqlModule } from './graphql/graphql.module.js';
import { LiveModule } from './live/live.module.js';
import { HealthController } from './operations/health.controller.js';

const messages = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).map((message) => (prefix ? `${prefix}.${message}` : message)),
    ...messages(error.children ?? [], prefix ? `${prefix}.${error.property}` : error.property),
  ]);

@Module({
  imports: [
    DatabaseModule.forRoot('service-desk-api'),
    ApiGraphqlModule,
    AuthModule,
    AuthGraphqlModule,
    CustomersGraphqlModule,
    ComplaintsGraphqlModule,
    EventsGraphqlModule,
    RosterGraphqlModule,
    WorkOrdersGraphqlModule,
    PerformanceGraphqlModule,
    RevisitsGraphqlModule,
    SurveysGraphqlModule,
    CampaignsGraphqlModule,
    LoyaltyGraphqlModule,
    NotificationsGraphqlModule,
    LiveModule.forRoot({ imports: [RosterModule], fieldStaffZones: RosterFieldStaffZones }),
  ],
  controllers: [HealthController],
  providers: [
    { provide: APP_GUARD, useExisting: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: ActorContextInterceptor },
    {
      provide: APP_PIPE,
      useValue: new ValidationPipe({
        transform: true,
        whitelist: true,
        forbidUnknownValues: false,
        exceptionFactory: (errors) => badInput(messages(errors).join('; ') || 'Invalid input'),
      }),
    },
  ],
})
export class AppModule {}
