/**
 * Roster rules as data and pure functions: which role works which team's shifts, the weekly rotation,
 * and that nobody works two shifts at once.
 */
import { Role } from '@service-desk/core';
import { addDays, daysBetween, type Interval, type LocalDate, overlaps } from './on-shift.js';
import { ShiftTeam } from './shift.object.js';

/** Supervisors manage zones, shifts and rosters (DESIGN section 4); the front desk reads them. */
export const ROSTER_MANAGERS: readonly Role[] = [Role.OWNER, Role.SUPERVISOR];
export const ROSTER_READERS: readonly Role[] = [Role.OWNER, Role.SUPERVISOR, Role.AGENT];

/** The team whose shifts a role works; roles that are never rostered are absent. */
export const TEAM_OF_ROLE: Partial<Record<Role, ShiftTeam>> = {
  [Role.SUPERVISOR]: ShiftTeam.FRONT_DESK,
  [Role.AGENT]: ShiftTeam.FRONT_DESK,
  [Role.FIELD_STAFF]: ShiftTeam.FIELD,
};

/** Monday 1970-01-05: week 0 of the rotation. Counting from a fixed Monday keeps the alternation across year ends. */
const ROTATION_EPOCH = '1970-01-05';

/** The rotation week of a Monday: whole weeks since 1970-01-05. */
export const rotationWeek = (weekStart: LocalDate): number =>
  Math.floor(daysBetween(ROTATION_EPOCH, weekStart) / 7);

export interface RotationInput {
  weekStart: LocalDate;
  /** Staff in rotation order, each with the team they work for. */
  users: Array<{ id: string; team: ShiftTeam }>;
  /** Shifts in rotation order. */
  shifts: Array<{ id: string; team: ShiftTeam }>;
  /** Zones in rotation order; field staff need at least one. */
  zoneIds: string[];
  /** ISO weekdays (1 Monday … 7 Sunday) off, per user. */
  daysOff: Array<{ userId: string; weekday: number }>;
}

export interface PlannedEntry {
  userId: string;
  date: LocalDate;
  shiftId: string;
  zoneId: string | null;
}

/**
 * The entries of one week. Within each team, the user at position p works shift (p + week) and, for
 * field staff, zone (p + week) of the lists, every day of the week except their days off; the next
 * week everybody moves on by one, so with two shifts people alternate early and late week by week.
 * Front-desk entries have no zone. The same input always gives the same plan.
 */
export function planWeek(input: RotationInput): PlannedEntry[] {
  const week = rotationWeek(input.weekStart);
  const off = new Set(input.daysOff.map((day) => `${day.userId}/${day.weekday}`));
  const position = new Map<ShiftTeam, number>();
  const plan: PlannedEntry[] = [];
  for (const user of input.users) {
    const shifts = input.shifts.filter((shift) => shift.team === user.team);
    if (shifts.length === 0) throw new RangeError(`No ${user.team} shift to rotate through`);
    if (user.team === ShiftTeam.FIELD && input.zoneIds.length === 0)
      throw new RangeError('Field staff need a zone to rotate through');
    const p = position.get(user.team) ?? 0;
    position.set(user.team, p + 1);
    const shift = shifts[(p + week) % shifts.length];
    const zoneId = user.team === ShiftTeam.FIELD ? input.zoneIds[(p + week) % input.zoneIds.length] : null;
    for (let day = 0; day < 7; day++) {
      if (off.has(`${user.id}/${day + 1}`)) continue;
      plan.push({ userId: user.id, date: addDays(input.weekStart, day), shiftId: shift.id, zoneId });
    }
  }
  return plan;
}

export interface TimedEntry {
  userId: string;
  date: LocalDate;
  interval: Interval;
}

/** The first pair of entries of one user whose shifts overlap in time, or null. */
export function firstOverlap(entries: TimedEntry[]): [TimedEntry, TimedEntry] | null {
  const sorted = [...entries].sort(
    (a, b) => a.userId.localeCompare(b.userId) || a.interval.start.getTime() - b.interval.start.getTime(),
  );
  for (let i = 1; i < sorted.length; i++) {
    const [previous, next] = [sorted[i - 1], sorted[i]];
    if (previous.userId === next.userId && overlaps(previous.interval, next.interval))
      return [previous, next];
  }
  return null;
}
