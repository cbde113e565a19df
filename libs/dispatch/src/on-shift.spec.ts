import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import {
  addDays,
  candidateDates,
  covers,
  crossesMidnight,
  daysBetween,
  isLocalDate,
  isoWeekday,
  localDateOf,
  localTimeOf,
  localToInstant,
  mondayOf,
  overlaps,
  shiftInterval,
} from './on-shift.js';

const iso = (interval: { start: Date; end: Date }) => ({
  start: interval.start.toISOString(),
  end: interval.end.toISOString(),
});
const hours = (interval: { start: Date; end: Date }) =>
  (interval.end.getTime() - interval.start.getTime()) / 3_600_000;

describe('shift intervals', () => {
  it('places a day shift on its date in the tenant time zone (Asia/Shanghai, UTC+8)', () => {
    expect(iso(shiftInterval('2025-06-02', '08:00', '16:00', 'Asia/Shanghai'))).toEqual({
      start: '2025-06-02T00:00:00.000Z',
      end: '2025-06-02T08:00:00.000Z',
    });
  });

  it('ends a shift crossing midnight on the next day', () => {
    const night = shiftInterval('2025-06-02', '22:00', '06:00', 'Asia/Shanghai');
    expect(iso(night)).toEqual({ start: '2025-06-02T14:00:00.000Z', end: '2025-06-02T22:00:00.000Z' });
    expect(hours(night)).toBe(8);
    // Across a month and a year end, too.
    expect(iso(shiftInterval('2025-12-31', '23:00', '07:00', 'Asia/Shanghai'))).toEqual({
      start: '2025-12-31T15:00:00.000Z',
      end: '2025-12-31T23:00:00.000Z',
    });
    expect(
      localDateOf(shiftInterval('2025-12-31', '23:00', '07:00', 'Asia/Shanghai').end, 'Asia/Shanghai'),
    ).toBe('2026-01-01');
  });

  it('treats an end equal to or before the start as the next day', () => {
    expect(crossesMidnight('22:00', '06:00')).toBe(true);
    expect(crossesMidnight('13:00', '13:00')).toBe(true);
    expect(crossesMidnight('08:30', '17:30')).toBe(false);
    expect(crossesMidnight('00:00', '23:59')).toBe(false);
    expect(hours(shiftInterval('2025-06-02', '13:00', '00:00', 'UTC'))).toBe(11);
  });

  it('is an hour shorter on a spring-forward night and an hour longer on a fall-back night (America/New_York)', () => {
    const spring = shiftInterval('2025-03-08', '22:00', '06:00', 'America/New_York');
    expect(iso(spring)).toEqual({ start: '2025-03-09T03:00:00.000Z', end: '2025-03-09T10:00:00.000Z' });
    expect(hours(spring)).toBe(7);
    const fall = shiftInterval('2025-11-01', '22:00', '06:00', 'America/New_York');
    expect(iso(fall)).toEqual({ start: '2025-11-02T02:00:00.000Z', end: '2025-11-02T11:00:00.000Z' });
    expect(hours(fall)).toBe(9);
    // A day shift on the change day keeps its wall-clock times.
    expect(iso(shiftInterval('2025-03-09', '08:00', '16:00', 'America/New_York'))).toEqual({
      start: '2025-03-09T12:00:00.000Z',
      end: '2025-03-09T20:00:00.000Z',
    });
  });

  it('follows the European changes as well (Europe/Berlin)', () => {
    const spring = shiftInterval('2025-03-29', '22:00', '06:00', 'Europe/Berlin');
    expect(iso(spring)).toEqual({ start: '2025-03-29T21:00:00.000Z', end: '2025-03-30T04:00:00.000Z' });
    const fall = shiftInterval('2025-10-25', '22:00', '06:00', 'Europe/Berlin');
    expect(iso(fall)).toEqual({ start: '2025-10-25T20:00:00.000Z', end: '2025-10-26T05:00:00.000Z' });
    expect([hours(spring), hours(fall)]).toEqual([7, 9]);
  });

  it("reads skipped and repeated wall-clock times like PostgreSQL's AT TIME ZONE", () => {
    // Skipped by spring-forward: read with the offset before the change (02:30 EST = 03:30 EDT).
    expect(localToInstant('2025-03-09', '02:30', 'America/New_York').toISOString()).toBe(
      '2025-03-09T07:30:00.000Z',
    );
    expect(localToInstant('2025-03-30', '02:30', 'Europe/Berlin').toISOString()).toBe(
      '2025-03-30T01:30:00.000Z',
    );
    // Repeated by fall-back: the later of the two (after the change).
    expect(localToInstant('2025-11-02', '01:30', 'America/New_York').toISOString()).toBe(
      '2025-11-02T06:30:00.000Z',
    );
    expect(localToInstant('2025-10-26', '02:30', 'Europe/Berlin').toISOString()).toBe(
      '2025-10-26T01:30:00.000Z',
    );
    // Just around the changes, times are unambiguous.
    expect(localToInstant('2025-03-09', '01:59', 'America/New_York').toISOString()).toBe(
      '2025-03-09T06:59:00.000Z',
    );
    expect(localToInstant('2025-03-09', '03:00', 'America/New_York').toISOString()).toBe(
      '2025-03-09T07:00:00.000Z',
    );
    expect(localToInstant('2025-11-02', '00:59', 'America/New_York').toISOString()).toBe(
      '2025-11-02T04:59:00.000Z',
    );
    expect(localToInstant('2025-11-02', '02:00', 'America/New_York').toISOString()).toBe(
      '2025-11-02T07:00:00.000Z',
    );
  });

  it('lasts its nominal length give or take the one hour of a DST change, in any zone and on any date', () => {
    const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'UTC'];
    const clock = fc
      .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
      .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 3 }),
        clock,
        clock,
        fc.constantFrom(...zones),
        (offset, start, end, zone) => {
          fc.pre(start !== end);
          const date = addDays('2024-01-01', offset);
          const interval = shiftInterval(date, start, end, zone);
          const [sh, sm] = start.split(':').map(Number);
          const [eh, em] = end.split(':').map(Number);
          const nominal = (eh * 60 + em - (sh * 60 + sm) + (crossesMidnight(start, end) ? 1440 : 0)) / 60;
          expect(Math.abs(hours(interval) - nominal)).toBeLessThanOrEqual(1);
          expect(hours(interval)).toBeGreaterThan(0);
          // The start reads back as the same date and time, or an hour later when a change skipped it.
          expect(localDateOf(interval.start, zone)).toBe(date);
          const readBack = localTimeOf(interval.start, zone).split(':').map(Number);
          expect([0, 60]).toContain(readBack[0] * 60 + readBack[1] - (sh * 60 + sm));
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('who is on shift at an instant', () => {
  const tz = 'Asia/Shanghai';
  /** The entries (date, start, end) covering an instant, looking at the dates that can. */
  const covering = (entries: Array<[string, string, string]>, at: Date, timeZone = tz) => {
    const dates = candidateDates(at, timeZone);
    return entries.filter(
      ([date, start, end]) => dates.includes(date) && covers(shiftInterval(date, start, end, timeZone), at),
    );
  };
  const local = (date: string, time: string, timeZone = tz) => localToInstant(date, time, timeZone);

  it('covers the start instant but not the end instant, so back-to-back shifts hand over', () => {
    const early = shiftInterval('2025-06-02', '08:00', '16:00', tz);
    expect(covers(early, local('2025-06-02', '08:00'))).toBe(true);
    expect(covers(early, local('2025-06-02', '15:59'))).toBe(true);
    expect(covers(early, local('2025-06-02', '16:00'))).toBe(false);
    expect(covers(early, local('2025-06-02', '07:59'))).toBe(false);
    const mid = shiftInterval('2025-06-02', '13:00', '21:00', tz);
    expect(overlaps(early, mid)).toBe(true);
    expect(overlaps(early, shiftInterval('2025-06-02', '16:00', '22:00', tz))).toBe(false);
  });

  it("finds yesterday's night shift after midnight, and not the night shift of the day before", () => {
    const entries: Array<[string, string, string]> = [
      ['2025-06-01', '22:00', '06:00'],
      ['2025-06-02', '22:00', '06:00'],
      ['2025-06-03', '08:30', '17:30'],
    ];
    expect(covering(entries, local('2025-06-03', '01:00'))).toEqual([['2025-06-02', '22:00', '06:00']]);
    expect(covering(entries, local('2025-06-02', '23:00'))).toEqual([['2025-06-02', '22:00', '06:00']]);
    expect(covering(entries, local('2025-06-02', '05:59'))).toEqual([['2025-06-01', '22:00', '06:00']]);
    expect(covering(entries, local('2025-06-03', '06:00'))).toEqual([]);
    expect(covering(entries, local('2025-06-03', '09:00'))).toEqual([['2025-06-03', '08:30', '17:30']]);
  });

  it('reads the local date in the tenant time zone, not in UTC', () => {
    // 17:30 UTC on June 2 is already 01:30 on June 3 in Shanghai, and still 13:30 June 2 in New York.
    const at = new Date('2025-06-02T17:30:00Z');
    expect(candidateDates(at, 'Asia/Shanghai')).toEqual(['2025-06-02', '2025-06-03']);
    expect(candidateDates(at, 'America/New_York')).toEqual(['2025-06-01', '2025-06-02']);
    expect(covering([['2025-06-02', '22:00', '06:00']], at, 'Asia/Shanghai')).toHaveLength(1);
    expect(covering([['2025-06-02', '22:00', '06:00']], at, 'America/New_York')).toHaveLength(0);
  });

  it('ends a night shift at 06:00 summer time after a spring-forward change and 06:00 winter time after a fall-back', () => {
    const ny = 'America/New_York';
    const spring: Array<[string, string, string]> = [['2025-03-08', '22:00', '06:00']];
    expect(covering(spring, new Date('2025-03-09T09:59:00Z'), ny)).toHaveLength(1); // 05:59 EDT
    expect(covering(spring, new Date('2025-03-09T10:00:00Z'), ny)).toHaveLength(0); // 06:00 EDT
    const fall: Array<[string, string, string]> = [['2025-11-01', '22:00', '06:00']];
    expect(covering(fall, new Date('2025-11-02T10:30:00Z'), ny)).toHaveLength(1); // 05:30 EST
    expect(covering(fall, new Date('2025-11-02T11:00:00Z'), ny)).toHaveLength(0); // 06:00 EST
    // During the repeated hour (01:30 EDT and 01:30 EST) the night shift is on both times.
    expect(covering(fall, new Date('2025-11-02T05:30:00Z'), ny)).toHaveLength(1);
    expect(covering(fall, new Date('2025-11-02T06:30:00Z'), ny)).toHaveLength(1);
  });
});

describe('calendar dates', () => {
  it('validates real dates only', () => {
    expect(isLocalDate('2024-02-29')).toBe(true);
    expect(isLocalDate('2025-02-29')).toBe(false);
    expect(isLocalDate('2025-13-01')).toBe(false);
    expect(isLocalDate('2025-6-1')).toBe(false);
    expect(isLocalDate('yesterday')).toBe(false);
  });

  it('adds days across months and leap years, and finds weekdays and Mondays', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysBetween('2025-01-01', '2025-03-01')).toBe(59);
    expect(isoWeekday('2025-06-02')).toBe(1);
    expect(isoWeekday('2025-06-08')).toBe(7);
    expect(mondayOf('2025-06-08')).toBe('2025-06-02');
    expect(mondayOf('2025-06-02')).toBe('2025-06-02');
    expect(mondayOf('2026-01-01')).toBe('2025-12-29');
  });
});
