import { Injectable } from '@nestjs/common';
import {
  badInput,
  Cursor,
  isUuid,
  newId,
  notFound,
  RequestContext,
  requireId,
  type Role,
  toConnection,
} from '@service-desk/core';
import { Database } from '@service-desk/db';
import { EventLog } from '@service-desk/events';
import type { EntityManager } from 'typeorm';
import type { GenerateRosterInput, SetRosterInput } from './dto/roster.input.js';
import {
  addDays,
  daysBetween,
  isClockTime,
  isLocalDate,
  isoWeekday,
  type LocalDate,
  localDateOf,
  localToInstant,
  shiftEndSql,
  shiftInterval,
  shiftStartSql,
} from './on-shift.js';
import type {
  GeneratedRosterObject,
  RosterEntryConnection,
  RosterEntryObject,
} from './roster-entry.object.js';
import { firstOverlap, planWeek, rotationWeek, TEAM_OF_ROLE, type TimedEntry } from './roster-rules.js';
import { toShiftObject } from './shifts.service.js';
import { ShiftTeam } from './shift.object.js';
import { toZoneObject } from './zones.service.js';

/** The longest date range one roster query may span. */
export const MAX_ROSTER_DAYS = 62;

interface EntryRow {
  id: string;
  date: LocalDate;
  user_id: string;
  zone_id: string | null;
  shift_id: string;
  shift_name: string;
  shift_team: ShiftTeam;
  shift_start: string;
  shift_end: string;
  shift_created_at: Date;
  zone_name: string | null;
  zone_description: string | null;
  zone_responsible_id: string | null;
  zone_active: boolean | null;
  zone_created_at: Date | null;
  zone_updated_at: Date | null;
}

/** A roster entry with its shift and zone: `r`, `s` and `z` for further conditions. */
const ENTRY_SELECT = `
  SELECT r.id, to_char(r.date, 'YYYY-MM-DD') AS date, r.user_id, r.zone_id,
         s.id AS shift_id, s.name AS shift_name, s.team AS shift_team, to_char(s.starts_at, 'HH24:MI') AS shift_start,
         to_char(s.ends_at, 'HH24:MI') AS shift_end, s.created_at AS shift_created_at,
         z.name AS zone_name, z.description AS zone_description, z.responsible_id AS zone_responsible_id,
         z.active AS zone_active, z.created_at AS zone_created_at, z.updated_at AS zone_updated_at
  FROM roster_entries r
  JOIN shifts s ON s.tenant_id = r.tenant_id AND s.id = r.shift_id
  LEFT JOIN zones z ON z.tenant_id = r.tenant_id AND z.id = r.zone_id`;

/**
 * The tenant's time zone and the local date of instant `$at` as `t`, and the condition that the shift of
 * `r`/`s` covers `$at`: only entries of that date and the day before can (index on date).
 */
const tenantClock = (at: string) =>
  `CROSS JOIN (SELECT time_zone AS tz, (${at}::timestamptz AT TIME ZONE time_zone)::date AS today
               FROM tenants WHERE id = app_tenant_id()) t`;
const coversSql = (at: string) =>
  `r.date IN (t.today - 1, t.today) AND ${shiftStartSql('t.tz')} <= ${at}::timestamptz AND ${at}::timestamptz < ${shiftEndSql('t.tz')}`;

const toEntryObject =
  (timeZone: string) =>
  (row: EntryRow): RosterEntryObject => {
    const interval = shiftInterval(row.date, row.shift_start, row.shift_end, timeZone);
    return {
      id: row.id,
      date: row.date,
      userId: row.user_id,
      shift: toShiftObject({
        id: row.shift_id,
        name: row.shift_name,
        team: row.shift_team,
        start: row.shift_start,
        end: row.shift_end,
        created_at: row.shift_created_at,
      }),
      zoneId: row.zone_id,
      zone: row.zone_id
        ? toZoneObject({
            id: row.zone_id,
            name: row.zone_name as string,
            description: row.zone_description,
            responsible_id: row.zone_responsible_id,
            active: row.zone_active as boolean,
            created_at: row.zone_created_at as Date,
            updated_at: row.zone_updated_at as Date,
          })
        : null,
      startsAt: interval.start,
      endsAt: interval.end,
    };
  };

export interface RosterFilter {
  from: string;
  to: string;
  zoneId?: string | null;
  userId?: string | null;
  first: number;
  after?: string | null;
}

interface StaffRow {
  id: string;
  role: Role;
  active: boolean;
}
interface ShiftTimes {
  id: string;
  team: ShiftTeam;
  start: string;
  end: string;
}

/**
 * The roster: who works which shift in which zone on which date, and who is on shift at an instant.
 * Dates are tenant-local; instants are computed in the tenant's time zone, also in SQL (set-based).
 * Each change writes `roster.updated` events (entity: the user whose roster changed) in its transaction.
 */
@Injectable()
export class RosterService {
  constructor(
    private readonly db: Database,
    private readonly events: EventLog,
  ) {}

  /** Puts a user on a shift (and zone) on a date, replacing what they had on that date. */
  async set(input: SetRosterInput): Promise<RosterEntryObject> {
    const userId = requireId(input.userId, 'User id');
    const shiftId = requireId(input.shiftId, 'Shift id');
    const zoneId = input.zoneId ? requireId(input.zoneId, 'Zone id') : null;
    const date = requireDate(input.date, 'date');
    return this.db.transaction(async (tx) => {
      const [user] = await lockStaff(tx, [userId]);
      const [shift] = await findShifts(tx, [shiftId]);
      checkTeam(user, shift);
      if (shift.team === ShiftTeam.FIELD && !zoneId) throw badInput('A field shift needs a zone');
      if (zoneId) await findActiveZones(tx, [zoneId]);
      const timeZone = await tenantTimeZone(tx);

      // The days around may hold shifts that run into this one (or that this one runs into).
      const neighbours = await this.timed(tx, timeZone, [userId], addDays(date, -1), addDays(date, 1), date);
      const planned: TimedEntry = {
        userId,
        date,
        interval: shiftInterval(date, shift.start, shift.end, timeZone),
      };
      rejectOverlap([...neighbours, planned]);

      // TypeORM answers a DELETE with [rows, rowCount].
      const [removed]: [unknown[], number] = await tx.query(
        `DELETE FROM roster_entries WHERE tenant_id = app_tenant_id() AND user_id = $1 AND date = $2 AND shift_id <> $3
         RETURNING id`,
        [userId, date, shiftId],
      );
      const written = await tx.query(
        `INSERT INTO roster_entries AS r (tenant_id, id, user_id, date, shift_id, zone_id)
         VALUES (app_tenant_id(), $1, $2, $3, $4, $5)
         ON CONFLICT (tenant_id, user_id, date, shift_id) DO UPDATE SET zone_id = EXCLUDED.zone_id
           WHERE r.zone_id IS DISTINCT FROM EXCLUDED.zone_id
         RETURNING id`,
        [newId(), userId, date, shiftId, zoneId],
      );
      const [row]: EntryRow[] = await tx.query(
        `${ENTRY_SELECT} WHERE r.tenant_id = app_tenant_id() AND r.user_id = $1 AND r.date = $2 AND r.shift_id = $3`,
        [userId, date, shiftId],
      );
      if (removed.length > 0 || written.length > 0) {
        await this.rosterUpdated(tx, userId, 'SET', [date], { shiftId, zoneId, entryId: row.id });
      }
      return toEntryObject(timeZone)(row);
    });
  }

  /** Removes one roster entry; answers it as it was. */
  async remove(rawId: string): Promise<RosterEntryObject> {
    const id = requireId(rawId, 'Roster entry id');
    return this.db.transaction(async (tx) => {
      const [row]: EntryRow[] = await tx.query(
        `${ENTRY_SELECT} WHERE r.tenant_id = app_tenant_id() AND r.id = $1 FOR UPDATE OF r`,
        [id],
      );
      if (!row) throw notFound('Roster entry');
      await tx.query(`DELETE FROM roster_entries WHERE tenant_id = app_tenant_id() AND id = $1`, [id]);
      await this.rosterUpdated(tx, row.user_id, 'REMOVED', [row.date], { entryId: id });
      return toEntryObject(await tenantTimeZone(tx))(row);
    });
  }

  /**
   * Writes the weekly rotation for the given staff: afterwards they have exactly the planned entries
   * in that week (entries on their days off are removed). Running it again with the same input
   * changes nothing and writes no event.
   */
  async generate(input: GenerateRosterInput): Promise<GeneratedRosterObject> {
    const weekStart = requireDate(input.weekStart, 'weekStart');
    if (isoWeekday(weekStart) !== 1) throw badInput('weekStart must be a Monday');
    const userIds = input.userIds.map((id) => requireId(id, 'User id'));
    const shiftIds = input.shiftIds.map((id) => requireId(id, 'Shift id'));
    const zoneIds = (input.zoneIds ?? []).map((id) => requireId(id, 'Zone id'));
    const daysOff = (input.daysOff ?? []).map((day) => ({
      userId: requireId(day.userId, 'User id'),
      weekday: day.weekday,
    }));
    if (daysOff.some((day) => !userIds.includes(day.userId)))
      throw badInput('A day off names a user who is not in userIds');
    const weekEnd = addDays(weekStart, 6);

    return this.db.transaction(async (tx) => {
      const users = await lockStaff(tx, userIds);
      const shifts = await findShifts(tx, shiftIds);
      await findActiveZones(tx, zoneIds);
      const teams = new Map(users.map((user) => [user.id, TEAM_OF_ROLE[user.role]]));
      for (const user of users) {
        if (!teams.get(user.id)) throw badInput(`A user with role ${user.role} is not rostered`);
      }
      for (const team of new Set(teams.values())) {
        if (!shifts.some((shift) => shift.team === team))
          throw badInput(`No ${team} shift given for the ${team} staff`);
      }
      if (zoneIds.length === 0 && [...teams.values()].includes(ShiftTeam.FIELD))
        throw badInput('Field staff need zoneIds to rotate through');

      const plan = planWeek({
        weekStart,
        users: userIds.map((id) => ({ id, team: teams.get(id) as ShiftTeam })),
        shifts,
        zoneIds,
        daysOff,
      });
      const timeZone = await tenantTimeZone(tx);
      const shiftById = new Map(shifts.map((shift) => [shift.id, shift]));
      const neighbours = await this.timed(
        tx,
        timeZone,
        userIds,
        addDays(weekStart, -1),
        addDays(weekEnd, 1),
        {
          from: weekStart,
          to: weekEnd,
        },
      );
      rejectOverlap([
        ...neighbours,
        ...plan.map((entry) => {
          const shift = shiftById.get(entry.shiftId) as ShiftTimes;
          return {
            userId: entry.userId,
            date: entry.date,
            interval: shiftInterval(entry.date, shift.start, shift.end, timeZone),
          };
        }),
      ]);

      const columns = [
        plan.map(() => newId()),
        plan.map((entry) => entry.userId),
        plan.map((entry) => entry.date),
        plan.map((entry) => entry.shiftId),
        plan.map((entry) => entry.zoneId),
      ];
      const [removed]: [Array<{ user_id: string; date: string }>, number] = await tx.query(
        `DELETE FROM roster_entries r
         WHERE r.tenant_id = app_tenant_id() AND r.user_id = ANY($1::uuid[]) AND r.date BETWEEN $2::date AND $3::date
           AND NOT EXISTS (SELECT 1 FROM unnest($4::uuid[], $5::date[], $6::uuid[]) AS p(user_id, date, shift_id)
                           WHERE p.user_id = r.user_id AND p.date = r.date AND p.shift_id = r.shift_id)
         RETURNING r.user_id, to_char(r.date, 'YYYY-MM-DD') AS date`,
        [userIds, weekStart, weekEnd, columns[1], columns[2], columns[3]],
      );
      const written: Array<{ user_id: string; date: string }> = await tx.query(
        `INSERT INTO roster_entries AS r (tenant_id, id, user_id, date, shift_id, zone_id)
         SELECT app_tenant_id(), p.* FROM unnest($1::uuid[], $2::uuid[], $3::date[], $4::uuid[], $5::uuid[]) AS p
         ON CONFLICT (tenant_id, user_id, date, shift_id) DO UPDATE SET zone_id = EXCLUDED.zone_id
           WHERE r.zone_id IS DISTINCT FROM EXCLUDED.zone_id
         RETURNING r.user_id, to_char(r.date, 'YYYY-MM-DD') AS date`,
        columns,
      );

      const changedDates = new Map<string, Set<string>>();
      for (const change of [...removed, ...written]) {
        const dates = changedDates.get(change.user_id) ?? new Set<string>();
        dates.add(change.date);
        changedDates.set(change.user_id, dates);
      }
      for (const userId of userIds) {
        const dates = changedDates.get(userId);
        if (dates) await this.rosterUpdated(tx, userId, 'GENERATED', [...dates].sort(), { weekStart });
      }
      return {
        weekStart,
        weekEnd,
        rotationWeek: rotationWeek(weekStart),
        entries: plan.length,
        changed: removed.length + written.length,
      };
    });
  }

  /** Entries whose shift starts on a date in the range, by date and start time. */
  async list(filter: RosterFilter): Promise<RosterEntryConnection> {
    const from = requireDate(filter.from, 'from');
    const to = requireDate(filter.to, 'to');
    if (daysBetween(from, to) < 0) throw badInput('from must not be after to');
    if (daysBetween(from, to) >= MAX_ROSTER_DAYS)
      throw badInput(`A roster query spans at most ${MAX_ROSTER_DAYS} days`);
    const zoneId = filter.zoneId ? requireId(filter.zoneId, 'Zone id') : null;
    const userId = filter.userId ? requireId(filter.userId, 'User id') : null;
    const [afterDate, afterStart, afterId] = filter.after
      ? Cursor.decode(filter.after, 3)
      : [null, null, null];
    if (
      filter.after &&
      !(
        isLocalDate(String(afterDate)) &&
        isClockTime(String(afterStart)) &&
        typeof afterId === 'string' &&
        isUuid(afterId)
      )
    )
      throw badInput('Malformed cursor');
    return this.db.transaction(async (tx) => {
      if (zoneId) await findZones(tx, [zoneId]);
      if (userId) {
        const [user] = await tx.query(`SELECT 1 FROM users WHERE tenant_id = app_tenant_id() AND id = $1`, [
          userId,
        ]);
        if (!user) throw notFound('User');
      }
      const rows: EntryRow[] = await tx.query(
        `${ENTRY_SELECT}
         WHERE r.tenant_id = app_tenant_id() AND r.date BETWEEN $1::date AND $2::date
           AND ($3::uuid IS NULL OR r.zone_id = $3) AND ($4::uuid IS NULL OR r.user_id = $4)
           AND ($5::date IS NULL OR (r.date, s.starts_at, r.id) > ($5::date, $6::time, $7::uuid))
         ORDER BY r.date, s.starts_at, r.id LIMIT $8`,
        [from, to, zoneId, userId, afterDate, afterStart, afterId, filter.first + 1],
      );
      return toConnection(rows.map(toEntryObject(await tenantTimeZone(tx))), filter.first, (entry) => [
        entry.date,
        entry.shift.start,
        entry.id,
      ]);
    });
  }

  /** Active staff on shift at an instant (default now), optionally in one zone. */
  async onShift(zoneIdRaw?: string | null, at: Date = new Date()): Promise<RosterEntryObject[]> {
    const zoneId = zoneIdRaw ? requireId(zoneIdRaw, 'Zone id') : null;
    return this.db.transaction(async (tx) => {
      if (zoneId) await findZones(tx, [zoneId]);
      const rows: EntryRow[] = await tx.query(
        `${ENTRY_SELECT}
         JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.user_id AND u.active
         ${tenantClock('$1')}
         WHERE r.tenant_id = app_tenant_id() AND ${coversSql('$1')} AND ($2::uuid IS NULL OR r.zone_id = $2)
         ORDER BY s.team DESC, z.name NULLS FIRST, ${shiftStartSql('t.tz')}, u.display_name, r.id`,
        [at, zoneId],
      );
      return rows.map(toEntryObject(await tenantTimeZone(tx)));
    });
  }

  /**
   * Ids of active field staff whose FIELD roster entry in the zone covers instant `at` (shifts that
   * started the day before and cross midnight included), in the caller's transaction.
   */
  async onShiftFieldStaff(tx: EntityManager, zoneId: string, at: Date): Promise<string[]> {
    const rows: Array<{ user_id: string }> = await tx.query(
      `SELECT DISTINCT r.user_id FROM roster_entries r
       JOIN shifts s ON s.tenant_id = r.tenant_id AND s.id = r.shift_id AND s.team = 'FIELD'
       JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.user_id AND u.active AND u.role = 'FIELD_STAFF'
       ${tenantClock('$2')}
       WHERE r.tenant_id = app_tenant_id() AND r.zone_id = $1 AND ${coversSql('$2')}
       ORDER BY r.user_id`,
      [zoneId, at],
    );
    return rows.map((row) => row.user_id);
  }

  /**
   * Zone ids in which an active user is on shift at `at` (or, with `until`, at any moment from `at` to
   * `until`), in the caller's transaction.
   */
  async zonesOf(tx: EntityManager, userId: string, at: Date, until: Date = at): Promise<string[]> {
    const rows: Array<{ zone_id: string }> = await tx.query(
      `SELECT DISTINCT r.zone_id FROM roster_entries r
       JOIN shifts s ON s.tenant_id = r.tenant_id AND s.id = r.shift_id
       JOIN users u ON u.tenant_id = r.tenant_id AND u.id = r.user_id AND u.active
       ${tenantClock('$2')}
       WHERE r.tenant_id = app_tenant_id() AND r.user_id = $1 AND r.zone_id IS NOT NULL
         AND r.date BETWEEN t.today - 1 AND ($3::timestamptz AT TIME ZONE t.tz)::date
         AND ${shiftStartSql('t.tz')} <= $3::timestamptz AND $2::timestamptz < ${shiftEndSql('t.tz')}
       ORDER BY r.zone_id`,
      [userId, at, until],
    );
    return rows.map((row) => row.zone_id);
  }

  /** Entries of users between two dates with their intervals, leaving out a date or range being replaced. */
  private async timed(
    tx: EntityManager,
    timeZone: string,
    userIds: string[],
    from: LocalDate,
    to: LocalDate,
    replaced: LocalDate | { from: LocalDate; to: LocalDate },
  ): Promise<TimedEntry[]> {
    const [skipFrom, skipTo] =
      typeof replaced === 'string' ? [replaced, replaced] : [replaced.from, replaced.to];
    const rows: EntryRow[] = await tx.query(
      `${ENTRY_SELECT}
       WHERE r.tenant_id = app_tenant_id() AND r.user_id = ANY($1::uuid[]) AND r.date BETWEEN $2::date AND $3::date
         AND r.date NOT BETWEEN $4::date AND $5::date`,
      [userIds, from, to, skipFrom, skipTo],
    );
    return rows.map((row) => ({
      userId: row.user_id,
      date: row.date,
      interval: shiftInterval(row.date, row.shift_start, row.shift_end, timeZone),
    }));
  }

  private async rosterUpdated(
    tx: EntityManager,
    userId: string,
    change: 'SET' | 'REMOVED' | 'GENERATED',
    dates: string[],
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.events.append(tx, {
      type: 'roster.updated',
      entity: { kind: 'user', id: userId },
      data: { userId, change, dates, ...data },
    });
  }
}

/** The entries of the signed-in user (field staff see only these). */
export function myRosterFilter(filter: Omit<RosterFilter, 'userId' | 'zoneId'>): RosterFilter {
  return { ...filter, userId: RequestContext.actor().userId, zoneId: null };
}

function requireDate(value: string, name: string): LocalDate {
  if (!isLocalDate(value)) throw badInput(`${name} is not a calendar date (YYYY-MM-DD)`);
  return value;
}

async function tenantTimeZone(tx: EntityManager): Promise<string> {
  const [tenant]: Array<{ time_zone: string }> = await tx.query(
    `SELECT time_zone FROM tenants WHERE id = app_tenant_id()`,
  );
  return tenant.time_zone;
}

/**
 * Users to roster, locked against concurrent roster changes (in id order: no deadlock), in the
 * order asked. Missing users answer NOT_FOUND; deactivated ones BAD_USER_INPUT.
 */
async function lockStaff(tx: EntityManager, ids: string[]): Promise<StaffRow[]> {
  const rows: StaffRow[] = await tx.query(
    `SELECT id, role, active FROM users WHERE tenant_id = app_tenant_id() AND id = ANY($1::uuid[])
     ORDER BY id FOR NO KEY UPDATE`,
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const user = byId.get(id);
    if (!user) throw notFound('User');
    if (!user.active) throw badInput('The user is deactivated');
    return user;
  });
}

async function findShifts(tx: EntityManager, ids: string[]): Promise<ShiftTimes[]> {
  const rows: ShiftTimes[] = await tx.query(
    `SELECT id, team, to_char(starts_at, 'HH24:MI') AS start, to_char(ends_at, 'HH24:MI') AS "end"
     FROM shifts WHERE tenant_id = app_tenant_id() AND id = ANY($1::uuid[])`,
    [ids],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const shift = byId.get(id);
    if (!shift) throw notFound('Shift');
    return shift;
  });
}

async function findZones(tx: EntityManager, ids: string[]): Promise<Array<{ id: string; active: boolean }>> {
  const rows: Array<{ id: string; active: boolean }> = await tx.query(
    `SELECT id, active FROM zones WHERE tenant_id = app_tenant_id() AND id = ANY($1::uuid[])`,
    [ids],
  );
  if (rows.length !== new Set(ids).size) throw notFound('Zone');
  return rows;
}

async function findActiveZones(tx: EntityManager, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const zones = await findZones(tx, ids);
  if (zones.some((zone) => !zone.active)) throw badInput('The zone is retired');
}

function checkTeam(user: StaffRow, shift: ShiftTimes): void {
  const team = TEAM_OF_ROLE[user.role];
  if (!team) throw badInput(`A user with role ${user.role} is not rostered`);
  if (team !== shift.team) throw badInput(`A ${user.role} works ${team} shifts, not ${shift.team} shifts`);
}

function rejectOverlap(entries: TimedEntry[]): void {
  const overlap = firstOverlap(entries);
  if (overlap) {
    throw badInput(
      `The shift on ${overlap[0].date} overlaps the shift on ${overlap[1].date} of the same person`,
      { dates: [overlap[0].date, overlap[1].date] },
    );
  }
}

/**
 * Zones for the live feed (structurally its `FieldStaffZones`): the zones a user works in for the rest
 * of the local day, so field staff who connect before their shift starts already join their zones' rooms.
 */
@Injectable()
export class RosterFieldStaffZones {
  constructor(
    private readonly db: Database,
    private readonly roster: RosterService,
  ) {}

  zonesOf(tenantId: string, userId: string, now: Date = new Date()): Promise<string[]> {
    return this.db.asTenant({ tenantId }, async (tx) => {
      const timeZone = await tenantTimeZone(tx);
      const endOfDay = localToInstant(addDays(localDateOf(now, timeZone), 1), '00:00', timeZone);
      return this.roster.zonesOf(tx, userId, now, new Date(endOfDay.getTime() - 1));
    });
  }
}

// The roster part of the lib's public surface (index.ts re-exports this file): what the seed, the
// worker and the API need besides RosterService.
export { ShiftsService } from './shifts.service.js';
export { ZonesService } from './zones.service.js';
export { ShiftTeam, ShiftObject } from './shift.object.js';
export { ZoneObject } from './zone.object.js';
export { RosterEntryObject } from './roster-entry.object.js';
export { covers, localDateOf, mondayOf, shiftInterval } from './on-shift.js';
