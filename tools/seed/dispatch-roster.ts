import type { INestApplicationContext } from '@nestjs/common';
import { type Actor, RequestContext } from '@service-desk/core';
import {
  localDateOf,
  mondayOf,
  RosterService,
  ShiftsService,
  ShiftTeam,
  ZonesService,
} from '@service-desk/dispatch';
import type { SeededTenant } from './foundation.js';

/** The seed's shifts (DESIGN section 6.2): front desk EARLY and MID, field day and late. */
const SHIFTS = [
  { name: 'EARLY', team: ShiftTeam.FRONT_DESK, start: '08:00', end: '16:00' },
  { name: 'MID', team: ShiftTeam.FRONT_DESK, start: '13:00', end: '21:00' },
  { name: 'FIELD-DAY', team: ShiftTeam.FIELD, start: '08:30', end: '17:30' },
  { name: 'FIELD-LATE', team: ShiftTeam.FIELD, start: '13:00', end: '21:00' },
];

const ZONES = [
  { name: 'Building A', description: 'A栋: towers A1–A3, lobby and car park' },
  { name: 'Building E', description: 'E栋: towers E1–E2 and the clubhouse' },
  { name: 'Building B', description: 'B栋: towers B1–B4' },
  { name: 'Garden', description: '花园: gardens, playground and paths' },
];

/**
 * Zones (the supervisor responsible), the seed shifts and this week's rotation for the front desk
 * (agent, supervisor) and the field staff, through the roster use cases as the owner would.
 */
export async function seedDispatchRoster(app: INestApplicationContext, tenant: SeededTenant): Promise<void> {
  const zones = app.get(ZonesService);
  const shifts = app.get(ShiftsService);
  const roster = app.get(RosterService);
  await as(tenant.owner, async () => {
    const shiftIds: string[] = [];
    for (const shift of SHIFTS) shiftIds.push((await shifts.create(shift)).id);
    const zoneIds: string[] = [];
    for (const zone of ZONES) {
      zoneIds.push((await zones.create({ ...zone, responsibleId: tenant.supervisor.userId })).id);
    }
    await roster.generate({
      weekStart: mondayOf(localDateOf(new Date(), tenant.timeZone)),
      userIds: [tenant.agent, tenant.supervisor, ...tenant.field].map((actor) => actor.userId as string),
      shiftIds,
      zoneIds,
    });
  });
}

function as<T>(actor: Actor, work: () => Promise<T>): Promise<T> {
  return RequestContext.run({ requestId: 'seed', actor }, work);
}
