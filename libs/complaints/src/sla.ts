/**
 * SLA deadline arithmetic (pure). Time is counted either around the clock or in business hours of a
 * tenant calendar (weekdays, opening hours, holidays, all in the tenant's IANA time zone). The
 * resolution clock stops while a complaint waits for the customer.
 */

export type Severity = 'LOW' | 'NORMAL' | 'HIGH' | 'CRITICAL';

export interface BusinessHours {
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Opening and closing time, "HH:MM" local time; end after start (no overnight service day). */
  start: string;
  end: string;
}

export interface Calendar {
  timeZone: string;
  /** Null: the clock runs 24/7. */
  businessHours: BusinessHours | null;
  /** Local dates "YYYY-MM-DD" that are not working days. */
  holidays: string[];
}

export interface SlaTargets {
  firstReplyMinutes: number;
  resolutionMinutes: number;
  revisitDays: number;
}

export interface SlaPolicy extends SlaTargets {
  severityOverrides: Partial<
    Record<Severity, Partial<Pick<SlaTargets, 'firstReplyMinutes' | 'resolutionMinutes'>>>
  >;
}

export interface Pause {
  start: Date;
  /** Null while still paused. */
  end: Date | null;
}

export interface Deadlines {
  firstReplyDueAt: Date;
  firstReplyWarnAt: Date;
  /** Null while the resolution clock is paused. */
  resolutionDueAt: Date | null;
  resolutionWarnAt: Date | null;
}

/** The manual's service levels: reply within 24 h, solve within 48 h, revisit within 7 days. */
export const DEFAULT_SLA: SlaPolicy = {
  firstReplyMinutes: 24 * 60,
  resolutionMinutes: 48 * 60,
  revisitDays: 7,
  severityOverrides: {},
};

export const WARNING_SHARE = 0.8;
const MINUTE = 60_000;

/** Targets for a severity: overrides win, and a chain floor can only make them tighter. */
export function targetsFor(
  policy: SlaPolicy,
  severity: Severity,
  floor?: Partial<SlaTargets> | null,
): SlaTargets {
  const override = policy.severityOverrides[severity] ?? {};
  const tighten = (value: number, limit?: number) =>
    limit !== undefined && limit !== null ? Math.min(value, limit) : value;
  return {
    firstReplyMinutes: tighten(
      override.firstReplyMinutes ?? policy.firstReplyMinutes,
      floor?.firstReplyMinutes,
    ),
    resolutionMinutes: tighten(
      override.resolutionMinutes ?? policy.resolutionMinutes,
      floor?.resolutionMinutes,
    ),
    revisitDays: tighten(policy.revisitDays, floor?.revisitDays),
  };
}

/** Checks that a tenant policy is no looser than the chain floor; returns the offending fields. */
export function looserThanFloor(policy: SlaPolicy, floor: Partial<SlaTargets> | null): string[] {
  if (!floor) return [];
  const offending: string[] = [];
  const check = (name: string, value: number | undefined, limit: number | undefined) => {
    if (value !== undefined && limit !== undefined && limit !== null && value > limit) offending.push(name);
  };
  check('firstReplyMinutes', policy.firstReplyMinutes, floor.firstReplyMinutes);
  check('resolutionMinutes', policy.resolutionMinutes, floor.resolutionMinutes);
  check('revisitDays', policy.revisitDays, floor.revisitDays);
  for (const [severity, override] of Object.entries(policy.severityOverrides)) {
    check(
      `severityOverrides.${severity}.firstReplyMinutes`,
      override?.firstReplyMinutes,
      floor.firstReplyMinutes,
    );
    check(
      `severityOverrides.${severity}.resolutionMinutes`,
      override?.resolutionMinutes,
      floor.resolutionMinutes,
    );
  }
  return offending;
}

/** Deadlines and 80 % warning points of a complaint, given its pauses so far. */
export function computeDeadlines(input: {
  receivedAt: Date;
  targets: SlaTargets;
  calendar: Calendar;
  pauses: Pause[];
}): Deadlines {
  const { receivedAt, targets, calendar } = input;
  const firstReplyDueAt = addWorkingMinutes(receivedAt, targets.firstReplyMinutes, calendar);
  const firstReplyWarnAt = addWorkingMinutes(receivedAt, targets.firstReplyMinutes * WARNING_SHARE, calendar);
  if (input.pauses.some((pause) => pause.end === null)) {
    return { firstReplyDueAt, firstReplyWarnAt, resolutionDueAt: null, resolutionWarnAt: null };
  }
  const paused = input.pauses.reduce(
    (sum, pause) => sum + workingMinutesBetween(pause.start, pause.end as Date, calendar),
    0,
  );
  return {
    firstReplyDueAt,
    firstReplyWarnAt,
    resolutionDueAt: addWorkingMinutes(receivedAt, targets.resolutionMinutes + paused, calendar),
    resolutionWarnAt: addWorkingMinutes(
      receivedAt,
      targets.resolutionMinutes * WARNING_SHARE + paused,
      calendar,
    ),
  };
}

/** The instant `minutes` of working time after `start`. */
export function addWorkingMinutes(start: Date, minutes: number, calendar: Calendar): Date {
  if (!calendar.businessHours) return new Date(start.getTime() + Math.round(minutes * MINUTE));
  let remaining = Math.round(minutes * MINUTE);
  let cursor = start.getTime();
  for (let guard = 0; guard < 3660; guard++) {
    const window = workingWindowOn(cursor, calendar);
    if (window && cursor < window.end) {
      const from = Math.max(cursor, window.start);
      if (from + remaining <= window.end) return new Date(from + remaining);
      remaining -= window.end - from;
    }
    cursor = nextLocalMidnight(cursor, calendar.timeZone);
  }
  throw new RangeError('No working time within ten years: check the business calendar');
}

/** Working minutes between two instants (0 when b is before a). */
export function workingMinutesBetween(a: Date, b: Date, calendar: Calendar): number {
  if (b <= a) return 0;
  if (!calendar.businessHours) return (b.getTime() - a.getTime()) / MINUTE;
  let total = 0;
  let cursor = a.getTime();
  while (cursor < b.getTime()) {
    const window = workingWindowOn(cursor, calendar);
    if (window) {
      const from = Math.max(cursor, window.start);
      const to = Math.min(b.getTime(), window.end);
      if (to > from) total += to - from;
    }
    cursor = nextLocalMidnight(cursor, calendar.timeZone);
  }
  return total / MINUTE;
}

/** The working window (UTC millis) of the local day containing `instant`, or null on a day off. */
function workingWindowOn(instant: number, calendar: Calendar): { start: number; end: number } | null {
  const hours = calendar.businessHours as BusinessHours;
  const local = zonedParts(instant, calendar.timeZone);
  const date = `${local.year}-${pad(local.month)}-${pad(local.day)}`;
  if (!hours.days.includes(local.weekday) || calendar.holidays.includes(date)) return null;
  const [startHour, startMinute] = hours.start.split(':').map(Number);
  const [endHour, endMinute] = hours.end.split(':').map(Number);
  return {
    start: zonedToUtc(local.year, local.month, local.day, startHour, startMinute, calendar.timeZone),
    end: zonedToUtc(local.year, local.month, local.day, endHour, endMinute, calendar.timeZone),
  };
}

function nextLocalMidnight(instant: number, timeZone: string): number {
  const local = zonedParts(instant, timeZone);
  const next = new Date(Date.UTC(local.year, local.month - 1, local.day + 1));
  return zonedToUtc(next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate(), 0, 0, timeZone);
}

const pad = (value: number) => String(value).padStart(2, '0');

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
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Local calendar fields of an instant in a time zone. */
export function zonedParts(instant: number, timeZone: string) {
  const parts = Object.fromEntries(
    formatter(timeZone)
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday],
  };
}

/** The UTC instant of a local wall-clock time (the earlier one when a DST change repeats it). */
export function zonedToUtc(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  timeZone: string,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  let guess = wall;
  for (let i = 0; i < 3; i++) {
    const local = zonedParts(guess, timeZone);
    const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute, local.second);
    const offset = asUtc - guess;
    const next = wall - offset;
    if (next === guess) break;
    guess = next;
  }
  return guess;
}
