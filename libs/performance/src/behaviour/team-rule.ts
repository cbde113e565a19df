/**
 * Who is a supervisor's team, as data and a pure function (DESIGN section 4: a supervisor rates
 * their own team only). The roster already says who works for whom, so no separate assignment is
 * kept: an agent or field staff member is on a supervisor's team when, within the team window
 * around today (tenant-local), they were or will be rostered
 *  - in a zone the supervisor is responsible for (zones.responsible_id: 物业主管 → 物业助理), or
 *  - on the same shift on the same date as the supervisor (前台领班 → 前台客服助理).
 * The window reaches back far enough to cover a review period and a little ahead for new starters.
 */
import { Role } from '@service-desk/core';

export const TEAM_WINDOW = { daysBack: 92, daysAhead: 14 } as const;

/** Roles a supervisor leads; supervisors are peers, owners and HR are nobody's team. */
export const TEAM_MEMBER_ROLES: readonly Role[] = [Role.AGENT, Role.FIELD_STAFF];

/** Roles whose behaviour is rated (by the owner; supervisors only their team's members). */
export const RATED_ROLES: readonly Role[] = [Role.SUPERVISOR, Role.AGENT, Role.FIELD_STAFF];

/** One roster entry as the rule needs it. Dates are tenant-local `YYYY-MM-DD`. */
export interface RosterSlot {
  date: string;
  shiftId: string;
  zoneId: string | null;
  /** The responsible person of the entry's zone, if any. */
  zoneResponsibleId: string | null;
}

export type TeamTie = 'ZONE' | 'SHIFT';

const shiftDate = (date: string, days: number): string => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

/** The dates (inclusive) whose roster entries count for the team on `today`. */
export function teamWindow(today: string): { from: string; to: string } {
  return { from: shiftDate(today, -TEAM_WINDOW.daysBack), to: shiftDate(today, TEAM_WINDOW.daysAhead) };
}

/**
 * Why a staff member is on the supervisor's team (the zone tie first), or null when they are not.
 * Entries outside the window do not count.
 */
export function teamTie(input: {
  supervisorId: string;
  staffRole: Role | string;
  today: string;
  supervisorSlots: readonly RosterSlot[];
  staffSlots: readonly RosterSlot[];
}): TeamTie | null {
  if (!TEAM_MEMBER_ROLES.includes(input.staffRole as Role)) return null;
  const { from, to } = teamWindow(input.today);
  const inWindow = (slot: RosterSlot) => slot.date >= from && slot.date <= to;
  const staffSlots = input.staffSlots.filter(inWindow);
  if (staffSlots.some((slot) => slot.zoneResponsibleId === input.supervisorId)) return 'ZONE';
  const supervisorShifts = new Set(
    input.supervisorSlots.filter(inWindow).map((slot) => `${slot.date}|${slot.shiftId}`),
  );
  if (staffSlots.some((slot) => supervisorShifts.has(`${slot.date}|${slot.shiftId}`))) return 'SHIFT';
  return null;
}
