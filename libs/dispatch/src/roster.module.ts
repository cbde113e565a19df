import { Module } from '@nestjs/common';
import { EventsModule } from '@service-desk/events';
import { RosterFieldStaffZones, RosterService } from './roster.service.js';
import { ShiftsService } from './shifts.service.js';
import { ZonesService } from './zones.service.js';

/** Zones, shifts and the roster: use cases and the on-shift lookups other features build on. */
@Module({
  imports: [EventsModule],
  providers: [ZonesService, ShiftsService, RosterService, RosterFieldStaffZones],
  exports: [ZonesService, ShiftsService, RosterService, RosterFieldStaffZones],
})
export class RosterModule {}
