import { Injectable } from '@nestjs/common';

/**
 * Which zones a field-staff member is rostered in, so the live feed can send them their zones' events
 * (DESIGN section 5: `zone` rooms). Asked once per connection (every reconnect asks again); after a roster
 * change, `LiveGateway.refreshAccess(tenantId, userId)` re-asks for the user's open connections.
 *
 * The dispatch/rosters feature supplies the real implementation through
 * `LiveModule.forRoot({ imports: [ItsModule], fieldStaffZones: ItsProvider })`; it only has to have this
 * method (structural typing: no import of the API app needed). It runs outside any request: use
 * `Database.asTenant({ tenantId }, …)`.
 */
export interface FieldStaffZones {
  zonesOf(tenantId: string, userId: string): Promise<readonly string[]>;
}

export const FIELD_STAFF_ZONES = Symbol('FieldStaffZones');

/** Until rosters exist: no zones, so field staff receive only events naming them. */
@Injectable()
export class NoFieldStaffZones implements FieldStaffZones {
  async zonesOf(): Promise<readonly string[]> {
    return [];
  }
}
