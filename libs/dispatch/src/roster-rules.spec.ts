import { describe, expect, it } from '@jest/globals';
import { Role } from '@service-desk/core';
import { addDays, shiftInterval } from './on-shift.js';
import { firstOverlap, planWeek, rotationWeek, TEAM_OF_ROLE } from './roster-rules.js';
import { ShiftTeam } from './shift.object.js';

const { FIELD, FRONT_DESK } = ShiftTeam;
const shifts = [
  { id: 'early', team: FRONT_DESK },
  { id: 'mid', team: FRONT_DESK },
  { id: 'field-day', team: FIELD },
  { id: 'field-late', team: FIELD },
];
const users = [
  { id: 'agent', team: FRONT_DESK },
  { id: 'supervisor', team: FRONT_DESK },
  { id: 'field1', team: FIELD },
  { id: 'field2', team: FIELD },
];
const zones = ['A', 'E', 'B', 'Garden'];

/** What each user works on the Monday of a week: shift and zone. */
const monday = (weekStart: string, daysOff: Array<{ userId: string; weekday: number }> = []) =>
  Object.fromEntries(
    planWeek({ weekStart, users, shifts, zoneIds: zones, daysOff })
      .filter((entry) => entry.date === weekStart)
      .map((entry) => [entry.userId, [entry.shiftId, entry.zoneId]]),
  );

describe('weekly rotation', () => {
  it('counts weeks from a fixed Monday, so the alternation survives year ends', () => {
    expect(rotationWeek('1970-01-05')).toBe(0);
    expect(rotationWeek('1970-01-12')).toBe(1);
    // 2026 has 53 ISO weeks; the rotation week still just goes up by one.
    expect(rotationWeek('2027-01-04') - rotationWeek('2026-12-28')).toBe(1);
  });

  it('alternates early and mid shifts week by week, and rotates field staff through the zones', () => {
    const week = '2025-06-02';
    const next = addDays(week, 7);
    const now = monday(week);
    const then = monday(next);
    expect(now.agent[0]).not.toBe(now.supervisor[0]);
    expect(then.agent[0]).toBe(now.supervisor[0]);
    expect(then.supervisor[0]).toBe(now.agent[0]);
    expect(monday(addDays(week, 14)).agent).toEqual(now.agent);
    // Front desk works without a zone; field staff in a zone that moves on each week.
    expect(now.agent[1]).toBeNull();
    expect(now.field1[0]).not.toBe(now.field2[0]);
    expect(then.field1[0]).toBe(now.field2[0]);
    const field1Zones = [0, 1, 2, 3].map((w) => monday(addDays(week, 7 * w)).field1[1]);
    expect(new Set(field1Zones)).toEqual(new Set(zones));
    expect(then.field1[1]).toBe(now.field2[1]);
  });

  it('gives every user the same shift and zone all week, except on days off', () => {
    const plan = planWeek({
      weekStart: '2025-06-02',
      users,
      shifts,
      zoneIds: zones,
      daysOff: [
        { userId: 'agent', weekday: 6 },
        { userId: 'agent', weekday: 7 },
        { userId: 'field2', weekday: 3 },
      ],
    });
    const of = (id: string) => plan.filter((entry) => entry.userId === id);
    expect(of('agent').map((entry) => entry.date)).toEqual([
      '2025-06-02',
      '2025-06-03',
      '2025-06-04',
      '2025-06-05',
      '2025-06-06',
    ]);
    expect(of('field2').map((entry) => entry.date)).not.toContain('2025-06-04');
    expect(of('supervisor')).toHaveLength(7);
    for (const id of ['agent', 'supervisor', 'field1', 'field2']) {
      expect(new Set(of(id).map((entry) => `${entry.shiftId}/${entry.zoneId}`)).size).toBe(1);
    }
    expect(plan).toHaveLength(5 + 7 + 7 + 6);
  });

  it('gives the same plan for the same input', () => {
    const input = { weekStart: '2025-06-09', users, shifts, zoneIds: zones, daysOff: [] };
    expect(planWeek(input)).toEqual(planWeek(input));
  });

  it('rotates only through the shifts of the user team', () => {
    const plan = planWeek({ weekStart: '2025-06-02', users, shifts, zoneIds: zones, daysOff: [] });
    for (const entry of plan) {
      const team = users.find((user) => user.id === entry.userId)?.team;
      expect(shifts.find((shift) => shift.id === entry.shiftId)?.team).toBe(team);
    }
  });

  it('maps roles to teams: field staff to FIELD, agents and supervisors to FRONT_DESK, others to none', () => {
    expect(TEAM_OF_ROLE[Role.FIELD_STAFF]).toBe(FIELD);
    expect(TEAM_OF_ROLE[Role.AGENT]).toBe(FRONT_DESK);
    expect(TEAM_OF_ROLE[Role.SUPERVISOR]).toBe(FRONT_DESK);
    expect(TEAM_OF_ROLE[Role.OWNER]).toBeUndefined();
    expect(TEAM_OF_ROLE[Role.HR]).toBeUndefined();
  });
});

describe('overlapping shifts of one person', () => {
  const tz = 'Asia/Shanghai';
  const entry = (userId: string, date: string, start: string, end: string) => ({
    userId,
    date,
    interval: shiftInterval(date, start, end, tz),
  });

  it("finds a night shift that runs into the next day's early shift", () => {
    const overlap = firstOverlap([
      entry('a', '2025-06-03', '05:00', '13:00'),
      entry('a', '2025-06-02', '22:00', '06:00'),
    ]);
    expect(overlap?.map((e) => e.date)).toEqual(['2025-06-02', '2025-06-03']);
  });

  it('accepts back-to-back shifts and the same times for different people', () => {
    expect(
      firstOverlap([
        entry('a', '2025-06-02', '22:00', '06:00'),
        entry('a', '2025-06-03', '06:00', '14:00'),
        entry('b', '2025-06-03', '05:00', '13:00'),
      ]),
    ).toBeNull();
  });
});
