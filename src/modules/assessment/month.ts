// Months of the assessment calendar: 'YYYY-MM' in city time (config timezone, Asia/Shanghai by default).
import { endOfLocalDay, localDate } from '../sla';
import { fail } from '../../shared/errors';

export const MONTH_PATTERN = '^\\d{4}-(0[1-9]|1[0-2])$';

export function checkMonth(month: string): string {
  if (!new RegExp(MONTH_PATTERN).test(month)) fail('validation_failed', `month must be YYYY-MM, got ${month}`);
  return month;
}

/** Recent months' [start, end) per time zone: converting an instant to local time is slow (Intl), and a rebuild
 *  asks for the month of hundreds of thousands of instants in the same few months. */
const recentMonths = new Map<string, { month: string; start: number; end: number }[]>();

/** The month (city time) of an instant. */
export function monthOf(at: Date, tz: string): string {
  const t = at.getTime();
  const known = recentMonths.get(tz);
  const hit = known?.find((r) => t >= r.start && t < r.end);
  if (hit) return hit.month;
  const month = localDate(at, tz).slice(0, 7);
  const b = monthBounds(month, tz);
  // remembered only when the month's bounds agree with the local date of this very instant
  if (t >= b.start.getTime() && t < b.end.getTime()) {
    const list = known ?? [];
    list.unshift({ month, start: b.start.getTime(), end: b.end.getTime() });
    if (list.length > 24) list.pop();
    recentMonths.set(tz, list);
  }
  return month;
}

/** The month `n` months after `month` (n may be negative). */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

function lastDay(month: string): string {
  const [y, m] = month.split('-').map(Number);
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return `${month}-${String(days).padStart(2, '0')}`;
}

/** [start, end) of a month in city time, as instants. */
export function monthBounds(month: string, tz: string): { start: Date; end: Date } {
  const start = new Date(endOfLocalDay(lastDay(addMonths(month, -1)), tz).getTime() + 1000);
  const end = new Date(endOfLocalDay(lastDay(month), tz).getTime() + 1000);
  return { start, end };
}
