import { type DynamicModule, Module, type ModuleMetadata, type Type } from '@nestjs/common';
import { AuthModule } from '@service-desk/auth';
import { EventsModule } from '@service-desk/events';
import { FIELD_STAFF_ZONES, type FieldStaffZones, NoFieldStaffZones } from './field-staff-zones.js';
import { LiveEventsRepository } from './live-events.repository.js';
import { LiveGateway } from './live.gateway.js';
import { TenantEventFeed } from './tenant-event-feed.js';

export interface LiveModuleOptions {
  /** Modules the zones provider needs. */
  imports?: ModuleMetadata['imports'];
  /** Where field staff's zones come from; default: none (see field-staff-zones.ts). */
  fieldStaffZones?: Type<FieldStaffZones>;
}

/** The socket.io live feed on the API's HTTP server (namespace /live). */
@Module({})
export class LiveModule {
  static forRoot(options: LiveModuleOptions = {}): DynamicModule {
    return {
      module: LiveModule,
      imports: [AuthModule, EventsModule, ...(options.imports ?? [])],
      providers: [
        LiveGateway,
        TenantEventFeed,
        LiveEventsRepository,
        { provide: FIELD_STAFF_ZONES, useClass: options.fieldStaffZones ?? NoFieldStaffZones },
      ],
      exports: [LiveGateway],
    };
  }
}
