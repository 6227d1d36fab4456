// Deadlines (时限) per urgency tier, and the green/yellow/red warning levels (DOMAIN §5).
import { fail } from '../../shared/errors';
import { endOfLocalDay, localDate, SHIPPED_CALENDAR, type WorkCalendar } from './calendar';

export type LimitUnit = 'minutes' | 'hours' | 'workdays';
export type Limit = { amount: number; unit: LimitUnit };
export type Tier = 1 | 2 | 3 | 4;
export type TierPolicy = { tier: Tier; name: string; sign: Limit; contact: Limit; resolve: Limit };
export type WarningLevel = 'green' | 'yellow' | 'red';
export type Deadlines = { signDueAt: Date; contactDueAt: Date; resolveDueAt: Date };

const minutes = (amount: number): Limit => ({ amount, unit: 'minutes' });
const hours = (amount: number): Limit => ({ amount, unit: 'hours' });
const workdays = (amount: number): Limit => ({ amount, unit: 'workdays' });

/** Defaults from DOMAIN §5; configurable per tier and per catalog leaf elsewhere. */
export const DEFAULT_POLICIES: Record<Tier, TierPolicy> = {
  1: { tier: 1, name: '紧急', sign: minutes(15), contact: minutes(30), resolve: hours(2) },
  2: { tier: 2, name: '较急', sign: hours(1), contact: hours(2), resolve: hours(24) },
  3: { tier: 3, name: '一般', sign: workdays(1), contact: workdays(1), resolve: workdays(7) },
  4: { tier: 4, name: '复杂', sign: workdays(1), contact: workdays(1), resolve: workdays(15) },
};

function instant(d: Date, what: string): number {
  const ms = d instanceof Date ? d.getTime() : NaN;
  if (Number.isNaN(ms)) fail('invalid_date', `${what} is not a valid date-time.`);
  return ms;
}

function checkLimit(limit: Limit): void {
  const ok =
    limit != null &&
    Number.isFinite(limit.amount) &&
    limit.amount > 0 &&
    (limit.unit === 'minutes' ||
      limit.unit === 'hours' ||
      (limit.unit === 'workdays' && Number.isInteger(limit.amount)));
  if (!ok) {
    fail('validation_failed', `Invalid time limit ${JSON.stringify(limit)}: need a positive amount ` +
      `in minutes or hours, or a whole number of workdays.`);
  }
}

/**
 * Minutes and hours are elapsed calendar time (a DST change does not stretch them). Working days
 * count from the local *date* in `tz`: N workdays end at 23:59:59 local on the Nth working day
 * strictly after that date, whatever the time of day the clock started.
 */
function addLimit(fromMs: number, limit: Limit, tz: string, cal: WorkCalendar): Date {
  checkLimit(limit);
  switch (limit.unit) {
    case 'minutes':
      return new Date(fromMs + limit.amount * 60_000);
    case 'hours':
      return new Date(fromMs + limit.amount * 3_600_000);
    case 'workdays':
      return endOfLocalDay(cal.addWorkingDays(localDate(new Date(fromMs), tz), limit.amount), tz);
  }
}

/** When a clock started at `start` with `limit` runs out. */
export function dueAfter(start: Date, limit: Limit, tz: string, cal: WorkCalendar = SHIPPED_CALENDAR): Date {
  return addLimit(instant(start, 'The start time'), limit, tz, cal);
}

/** Sign, first-contact and resolution deadlines for a clock started at `start`. */
export function computeDeadlines(start: Date, policy: TierPolicy, tz: string, cal: WorkCalendar = SHIPPED_CALENDAR): Deadlines {
  return {
    signDueAt: dueAfter(start, policy.sign, tz, cal),
    contactDueAt: dueAfter(start, policy.contact, tz, cal),
    resolveDueAt: dueAfter(start, policy.resolve, tz, cal),
  };
}

/**
 * An approved extension moves the deadline on from the current due time; for workdays it counts
 * from the due time's local date, so a 23:59:59 due date plus 3 workdays ends 3 working days later.
 */
export function extendDue(due: Date, extra: Limit, tz: string, cal: WorkCalendar = SHIPPED_CALENDAR): Date {
  return addLimit(instant(due, 'The current due time'), extra, tz, cal);
}

/**
 * First instant at which ≥ 75% of (due − start) has elapsed. Rounded up to the millisecond so
 * `now >= yellowAt` is exactly "elapsed/total ≥ 0.75" for millisecond timestamps, which lets the
 * sweep compare in SQL and agree with warningLevel(). An empty window (due ≤ start) has no
 * yellow phase of its own: yellow begins at the due time.
 */
export function yellowAt(startedAt: Date, dueAt: Date): Date {
  const start = instant(startedAt, 'The start time');
  const due = instant(dueAt, 'The due time');
  if (due <= start) return new Date(due);
  return new Date(start + Math.ceil(((due - start) * 3) / 4));
}

/** green → yellow once 75% of the time is used → red strictly after the due time. */
export function warningLevel(startedAt: Date, dueAt: Date, now: Date): WarningLevel {
  const yellow = yellowAt(startedAt, dueAt).getTime(); // validates both ends of the window
  const at = instant(now, 'The current time');
  if (at > dueAt.getTime()) return 'red';
  return at >= yellow ? 'yellow' : 'green';
}
