import { Module } from '@nestjs/common';
import { RosterModule } from './roster.module.js';
import { RosterResolver } from './roster.resolver.js';
import { ShiftsResolver } from './shifts.resolver.js';
import { ZonesResolver } from './zones.resolver.js';

/** Zone, shift and roster operations (the API imports this one). */
@Module({
  imports: [RosterModule],
  providers: [ZonesResolver, ShiftsResolver, RosterResolver],
})
export class RosterGraphqlModule {}
