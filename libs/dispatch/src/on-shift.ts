/**
 * Shift arithmetic (pure). A roster entry is dated with the tenant-local date its shift starts; a shift
 * whose end is not after its start crosses midnight and ends on the next local day. Wall-clock times
 * are turned into instants in the tenant's IANA time zone with PostgreSQL's rules, so these functions
 * and the set-based SQL of `SHIFT_START_SQL`/`SHIFT_END_SQL` always agree, DST days included.
 */

/** A half-open span of time [start, end). */
export interface Interval {
  start: Date;
  end: Date;
}

/** A local calendar date "YYYY-MM-DD". */
export type LocalDate = string;

const MINUTE = 60_000;
const DAY = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The instant a shift starts, as SQL over `roster_entries r`, `shifts s` and a time-zone expression. */
export const shiftStartSql = (tz: string) => `((r.date + s.starts_at) AT TIME ZONE ${tz})`;
/** The instant a shift ends (the next day when it crosses midnight), as SQL. */
export const shiftEndSql = (tz: string) =>
  `((r.date + (s.ends_at <= s.starts_at)::int + s.ends_at) AT TIME ZONE ${tz})`;

/** Whether a text is a real calendar date "YYYY-MM-DD" (2025-02-30 is not). */
export function isLocalDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether a text is a wall-clock time "HH:MM" (00:00 to 23:59). */
export const isClockTime = (value: string): boolean => TIME.test(value);

function dateParts(date: LocalDate): [number, number, number] {
  if (!isLocalDate(date)) throw new RangeError(`Not a date: ${date}`);
  return date.split('-').map(Number) as [number, number, number];
}

function minutesOf(time: string): number {
  const match = TIME.exec(time);
  if (!match) throw new RangeError(`Not a time: ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');
const formatDate = (utcMidnight: number): LocalDate => {
  const date = new Date(utcMidnight);
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
};

/** The date `days` after (or before) a date. */
export function addDays(date: LocalDate, days: number): LocalDate {
  const [year, month, day] = dateParts(date);
  return formatDate(Date.UTC(year, month - 1, day + days));
}

/** Whole days from `a` to `b`. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  const [ya, ma, da] = dateParts(a);
  const [yb, mb, db] = dateParts(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / DAY);
}

/** ISO weekday of a date: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: LocalDate): number {
  const [year, month, day] = dateParts(date);
  return ((new Date(Date.UTC(year, month - 1, day)).getUTCDay() + 6) % 7) + 1;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Local wall-clock fields of an instant. */
function wallClock(instant: number, timeZone: string) {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(instant))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return parts as Record<'year' | 'month' | 'day' | 'hour' | 'minute' | 'second', number>;
}

/** UTC offset (local minus UTC, milliseconds) in force at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const local = wallClock(instant, timeZone);
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The tenant-local date of an instant. */
export function localDateOf(at: Date, timeZone: string): LocalDate {
  const local = wallClock(at.getTime(), timeZone);
  return `${pad(local.year, 4)}-${pad(local.month)}-${pad(local.day)}`;
}

/** The tenant-local wall-clock time "HH:MM" of an instant. */
export function localTimeOf(at: Date, timeZone: string): string {
  const local = wallClock(at.getTime(), timeZone);
  return `${pad(local.hour)}:${pad(local.minute)}`;
}

/**
 * The instant of a local date and wall-clock time. Like PostgreSQL's `timestamp AT TIME ZONE`: a time
 * skipped by a spring-forward change is read with the offset from before the change (02:30 becomes
 * 03:30 summer time), a time repeated by a fall-back change is the later of the two.
 */
export function localToInstant(date: LocalDate, time: string, timeZone: string): Date {
  const [year, month, day] = dateParts(date);
  const wall = Date.UTC(year, month - 1, day) + minutesOf(time) * MINUTE;
  const before = offsetAt(wall - DAY, timeZone);
  const after = offsetAt(wall + DAY, timeZone);
  if (before === after) return new Date(wall - before);
  // Valid with the later offset (also when a fall-back repeats the time): that reading. Otherwise the
  // earlier offset, which is also how a time skipped by a spring-forward change is read.
  if (offsetAt(wall - after, timeZone) === after) return new Date(wall - after);
  return new Date(wall - before);
}

/** Whether a shift (start, end "HH:MM") crosses midnight: its end is not after its start. */
export const crossesMidnight = (start: string, end: string): boolean => minutesOf(end) <= minutesOf(start);

/** The instants a shift worked on `date` (the local date it starts) begins and ends, in a time zone. */
export function shiftInterval(date: LocalDate, start: string, end: string, timeZone: string): Interval {
  const endDate = crossesMidnight(start, end) ? addDays(date, 1) : date;
  return {
    start: localToInstant(date, start, timeZone),
    end: localToInstant(endDate, end, timeZone),
  };
}

/** Whether an instant falls in an interval (start included, end excluded: back-to-back shifts hand over). */
export const covers = (interval: Interval, at: Date): boolean =>
  interval.start.getTime() <= at.getTime() && at.getTime() < interval.end.getTime();

/** Whether two intervals share any instant. */
export const overlaps = (a: Interval, b: Interval): boolean =>
  a.start.getTime() < b.end.getTime() && b.start.getTime() < a.end.getTime();

/**
 * The roster dates whose shifts may cover an instant: its local date and the day before (a shift
 * started yesterday may run past midnight). An entry of an earlier date ends on the day before at the
 * latest, since a shift crosses at most one midnight.
 */
export function candidateDates(at: Date, timeZone: string): [LocalDate, LocalDate] {
  const today = localDateOf(at, timeZone);
  return [addDays(today, -1), today];
}

/** The Monday of the ISO week a date is in. */
export const mondayOf = (date: LocalDate): LocalDate => addDays(date, 1 - isoWeekday(date));
