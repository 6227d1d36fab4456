// Deadlines (时限) per urgency tier, and the green/yellow/red warning levels (DOMAIN §5).
import { fail } from '../../shared/errors';
import { endOfLocalDay, localDate, SHIPPED_CALENDAR, type WorkCalendar } from './calendar';

export type LimitUnit = 'minutes' | 'hours' | 'workdays';
export type Limit = { amount: number; unit: LimitUnit };
export type Tier = 1 | 2 | 3 | 4;
export type TierPolicy = { tier: Tier; name: string; sign: Limit; contact: Limit; resolve: Limit };
export type WarningLevel = 'green' | 'yellow' | 'red';
export type DeadlineName = 'sign' | 'contact' | 'resolve';
/** A due instant; `provisionalYear` names the first year it counted on plain weekdays (no official schedule yet). */
export type Due = { at: Date; provisionalYear: number | null };
/** How a deadline was reached: a start instant and the limits added to it in turn (the policy's, then extensions). */
export type DueBasis = { from: string; steps: Limit[] };
export type Deadlines = {
  signDueAt: Date; contactDueAt: Date; resolveDueAt: Date;
  /** Per deadline, the first uncovered year it was counted into (null = official). */
  provisional: Record<DeadlineName, number | null>;
  basis: Record<DeadlineName, DueBasis>;
};

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
function addLimit(fromMs: number, limit: Limit, tz: string, cal: WorkCalendar): Due {
  checkLimit(limit);
  switch (limit.unit) {
    case 'minutes':
      return { at: new Date(fromMs + limit.amount * 60_000), provisionalYear: null };
    case 'hours':
      return { at: new Date(fromMs + limit.amount * 3_600_000), provisionalYear: null };
    case 'workdays': {
      const r = cal.countWorkingDays(localDate(new Date(fromMs), tz), limit.amount);
      return { at: endOfLocalDay(r.date, tz), provisionalYear: r.provisionalYear };
    }
  }
}

const earlier = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : Math.min(a, b));

/** Folds a basis: the start, then each limit added to the previous due time. */
export function dueFromBasis(basis: DueBasis, tz: string, cal: WorkCalendar = SHIPPED_CALENDAR): Due {
  let due: Due = { at: new Date(instant(new Date(basis.from), 'The start time')), provisionalYear: null };
  for (const step of basis.steps) {
    const next = addLimit(due.at.getTime(), step, tz, cal);
    due = { at: next.at, provisionalYear: earlier(due.provisionalYear, next.provisionalYear) };
  }
  return due;
}

/** When a clock started at `start` with `limit` runs out (on plain weekdays past the covered years). */
export function dueAfter(start: Date, limit: Limit, tz: string, cal: WorkCalendar = SHIPPED_CALENDAR): Date {
  return addLimit(instant(start, 'The start time'), limit, tz, cal).at;
}

/** Sign, first-contact and resolution deadlines for a clock started at `start`, with how each was reached. */
export function computeDeadlines(start: Date, policy: TierPolicy, tz: string, cal: WorkCalendar = SHIPPED_CALENDAR): Deadlines {
  const from = new Date(instant(start, 'The start time')).toISOString();
  const basis = { sign: { from, steps: [policy.sign] }, contact: { from, steps: [policy.contact] }, resolve: { from, steps: [policy.resolve] } };
  const sign = dueFromBasis(basis.sign, tz, cal);
  const contact = dueFromBasis(basis.contact, tz, cal);
  const resolve = dueFromBasis(basis.resolve, tz, cal);
  return {
    signDueAt: sign.at, contactDueAt: contact.at, resolveDueAt: resolve.at,
    provisional: { sign: sign.provisionalYear, contact: contact.provisionalYear, resolve: resolve.provisionalYear },
    basis,
  };
}

/**
 * An approved extension moves the deadline on from the current due time; for workdays it counts
 * from the due time's local date, so a 23:59:59 due date plus 3 workdays ends 3 working days later.
 */
export function extendDue(due: Date, extra: Limit, tz: string, cal: WorkCalendar = SHIPPED_CALENDAR): Date {
  return addLimit(instant(due, 'The current due time'), extra, tz, cal).at;
}

/** Yellow (黄灯) once this share of the time is used (DOMAIN §5). */
export const YELLOW_SHARE = 0.75;
/** SQL twin of yellowAt for columns or parameters holding the start and due instants. */
export const yellowAtSql = (start: string, due: string) => `${start} + (${due} - ${start}) * ${YELLOW_SHARE}`;

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
