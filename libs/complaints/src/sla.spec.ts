import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addWorkingMinutes,
  type Calendar,
  computeDeadlines,
  DEFAULT_SLA,
  looserThanFloor,
  targetsFor,
  workingMinutesBetween,
  zonedToUtc,
} from './sla.js';

const around = (timeZone = 'Asia/Shanghai'): Calendar => ({ timeZone, businessHours: null, holidays: [] });
const office = (holidays: string[] = [], timeZone = 'Asia/Shanghai'): Calendar => ({
  timeZone,
  businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
  holidays,
});
const at = (iso: string) => new Date(iso);

describe('SLA arithmetic around the clock', () => {
  it('gives the manual defaults: reply in 24 h, solve in 48 h, warn at 80 %', () => {
    const receivedAt = at('2026-03-02T01:00:00Z');
    const deadlines = computeDeadlines({
      receivedAt,
      targets: targetsFor(DEFAULT_SLA, 'NORMAL'),
      calendar: around(),
      pauses: [],
    });
    expect(deadlines.firstReplyDueAt.toISOString()).toBe('2026-03-03T01:00:00.000Z');
    expect(deadlines.firstReplyWarnAt.toISOString()).toBe('2026-03-02T20:12:00.000Z');
    expect(deadlines.resolutionDueAt?.toISOString()).toBe('2026-03-04T01:00:00.000Z');
    expect(deadlines.resolutionWarnAt?.toISOString()).toBe('2026-03-03T15:24:00.000Z');
  });

  it('moves the resolution deadline by the time spent waiting for the customer', () => {
    const receivedAt = at('2026-03-02T01:00:00Z');
    const pauses = [{ start: at('2026-03-02T05:00:00Z'), end: at('2026-03-02T10:00:00Z') }];
    const deadlines = computeDeadlines({
      receivedAt,
      targets: targetsFor(DEFAULT_SLA, 'NORMAL'),
      calendar: around(),
      pauses,
    });
    expect(deadlines.resolutionDueAt?.toISOString()).toBe('2026-03-04T06:00:00.000Z');
    // The first-reply clock never pauses.
    expect(deadlines.firstReplyDueAt.toISOString()).toBe('2026-03-03T01:00:00.000Z');
  });

  it('has no resolution deadline while paused', () => {
    const deadlines = computeDeadlines({
      receivedAt: at('2026-03-02T01:00:00Z'),
      targets: targetsFor(DEFAULT_SLA, 'NORMAL'),
      calendar: around(),
      pauses: [{ start: at('2026-03-02T05:00:00Z'), end: null }],
    });
    expect(deadlines.resolutionDueAt).toBeNull();
    expect(deadlines.resolutionWarnAt).toBeNull();
  });
});

describe('SLA arithmetic in business hours', () => {
  // Friday 2026-03-06 17:00 in Shanghai (UTC+8) is 09:00 UTC.
  const fridayFivePm = at('2026-03-06T09:00:00Z');

  it('counts only opening hours on working days', () => {
    // 1,440 working minutes: Fri 60 + Mon 540 + Tue 540 + Wed 300 → Wed 14:00 local.
    expect(addWorkingMinutes(fridayFivePm, 1440, office()).toISOString()).toBe('2026-03-11T06:00:00.000Z');
  });

  it('skips holidays in the tenant calendar', () => {
    expect(addWorkingMinutes(fridayFivePm, 1440, office(['2026-03-09'])).toISOString()).toBe(
      '2026-03-12T06:00:00.000Z',
    );
  });

  it('starts the clock at the next opening when received out of hours', () => {
    const saturday = at('2026-03-07T04:00:00Z');
    expect(addWorkingMinutes(saturday, 60, office()).toISOString()).toBe('2026-03-09T02:00:00.000Z');
    const beforeOpening = at('2026-03-09T00:30:00Z'); // Monday 08:30 local
    expect(addWorkingMinutes(beforeOpening, 30, office()).toISOString()).toBe('2026-03-09T01:30:00.000Z');
  });

  it('adds nothing for a pause that falls on a day off', () => {
    const pauses = [{ start: at('2026-03-07T01:00:00Z'), end: at('2026-03-08T10:00:00Z') }];
    const withPause = computeDeadlines({
      receivedAt: fridayFivePm,
      targets: targetsFor(DEFAULT_SLA, 'NORMAL'),
      calendar: office(),
      pauses,
    });
    const without = computeDeadlines({
      receivedAt: fridayFivePm,
      targets: targetsFor(DEFAULT_SLA, 'NORMAL'),
      calendar: office(),
      pauses: [],
    });
    expect(withPause.resolutionDueAt).toEqual(without.resolutionDueAt);
  });

  it('follows daylight-saving changes in the tenant time zone', () => {
    // New York: Friday 16:00 EST, 120 minutes → 60 on Friday, then Monday (now EDT) 09:00 + 60.
    const calendar: Calendar = {
      timeZone: 'America/New_York',
      businessHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
      holidays: [],
    };
    const received = new Date(zonedToUtc(2026, 3, 6, 16, 0, 'America/New_York'));
    expect(received.toISOString()).toBe('2026-03-06T21:00:00.000Z');
    expect(addWorkingMinutes(received, 120, calendar).toISOString()).toBe('2026-03-09T14:00:00.000Z');
  });

  it('measures back exactly what it added', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('2026-01-01T00:00:00Z'),
          max: new Date('2027-12-31T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom('Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'UTC'),
        (start, minutes, timeZone) => {
          const calendar = office(['2026-10-01', '2027-02-10'], timeZone);
          const due = addWorkingMinutes(start, minutes, calendar);
          expect(Math.round(workingMinutesBetween(start, due, calendar))).toBe(minutes);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('SLA targets', () => {
  const policy = {
    ...DEFAULT_SLA,
    severityOverrides: { CRITICAL: { firstReplyMinutes: 120, resolutionMinutes: 720 } },
  };

  it('applies per-severity overrides, so a severity change changes the deadlines', () => {
    expect(targetsFor(policy, 'NORMAL')).toEqual({
      firstReplyMinutes: 1440,
      resolutionMinutes: 2880,
      revisitDays: 7,
    });
    expect(targetsFor(policy, 'CRITICAL')).toEqual({
      firstReplyMinutes: 120,
      resolutionMinutes: 720,
      revisitDays: 7,
    });
    const receivedAt = at('2026-03-02T01:00:00Z');
    const normal = computeDeadlines({
      receivedAt,
      targets: targetsFor(policy, 'NORMAL'),
      calendar: around(),
      pauses: [],
    });
    const critical = computeDeadlines({
      receivedAt,
      targets: targetsFor(policy, 'CRITICAL'),
      calendar: around(),
      pauses: [],
    });
    expect(critical.resolutionDueAt!.getTime()).toBeLessThan(normal.resolutionDueAt!.getTime());
    expect(critical.firstReplyDueAt.toISOString()).toBe('2026-03-02T03:00:00.000Z');
  });

  it('lets a chain floor tighten targets but never loosen them', () => {
    expect(targetsFor(policy, 'NORMAL', { resolutionMinutes: 1440 }).resolutionMinutes).toBe(1440);
    expect(targetsFor(policy, 'CRITICAL', { resolutionMinutes: 1440 }).resolutionMinutes).toBe(720);
    expect(looserThanFloor(policy, { resolutionMinutes: 1440, revisitDays: 7 })).toEqual([
      'resolutionMinutes',
    ]);
    expect(looserThanFloor({ ...policy, revisitDays: 10 }, { revisitDays: 7 })).toEqual(['revisitDays']);
    expect(looserThanFloor(policy, null)).toEqual([]);
  });
});
