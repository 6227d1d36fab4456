// The State Council working-day calendar: statutory holidays AND make-up working days (调休).
//
// We read the schedule tables that `chinese-days` ships (dist/chinese-days.json) rather than
// calling its isWorkday(): the package builds its runtime tables through Date objects in the
// *process* time zone, and in any zone west of UTC (e.g. TZ=America/New_York) every entry shifts
// one day (2025-10-11, a make-up Saturday, is reported as a day off). The shipped JSON is
// precomputed and zone-independent; the rule applied to it is the package's own rule.
import { createRequire } from 'node:module';
import { fail } from '../../shared/errors';
import { formatDate, nextDate, parseDate } from './timezone';

export { endOfLocalDay, localDate } from './timezone';

interface ScheduleData {
  /** 'YYYY-MM-DD' → "English name,中文名,days" for every statutory day off. */
  holidays: Record<string, string>;
  /** 'YYYY-MM-DD' → name for every make-up working day on a weekend. */
  workdays: Record<string, string>;
}

const requireCjs = createRequire(import.meta.url);
const schedule = requireCjs('chinese-days/dist/chinese-days.json') as ScheduleData;

/**
 * A year counts as covered only when its own Spring Festival is in the data. Counting any entry
 * would be wrong: a New Year break can start on Dec 30/31 of the previous year (2022-12-31 comes
 * from the 2023 notice), so a year can have stray entries without its schedule being published.
 * The Spring Festival always falls inside its year and is in every year's notice.
 */
function deriveCoverage(data: ScheduleData): { firstYear: number; lastYear: number } {
  const years = new Set<number>();
  for (const [date, name] of Object.entries(data.holidays)) {
    if (/Spring Festival|春节/.test(name)) years.add(Number(date.slice(0, 4)));
  }
  if (!years.size) throw new Error('chinese-days ships no holiday schedule; cannot compute deadlines');
  // Coverage is the unbroken run ending at the newest year: a gap would make a range a lie.
  const lastYear = Math.max(...years);
  let firstYear = lastYear;
  while (years.has(firstYear - 1)) firstYear--;
  return { firstYear, lastYear };
}

const coverage = deriveCoverage(schedule);

/** The years whose official holiday schedule the installed calendar data contains. */
export function calendarCoverage(): { firstYear: number; lastYear: number } {
  return { ...coverage };
}

/** Whether `date` (YYYY-MM-DD) is an official working day. Never guesses outside the data. */
export function isWorkingDay(date: string): boolean {
  const ms = parseDate(date);
  const year = Number(date.slice(0, 4));
  if (year < coverage.firstYear || year > coverage.lastYear) {
    fail(
      'calendar_year_not_covered',
      `The working-day calendar has no official schedule for ${year} (needed for ${date}); ` +
        `it covers ${coverage.firstYear}–${coverage.lastYear}. Update the chinese-days package.`,
      { year, firstYear: coverage.firstYear, lastYear: coverage.lastYear },
    );
  }
  if (schedule.workdays[date]) return true; // make-up day, typically a weekend
  if (schedule.holidays[date]) return false;
  const weekday = new Date(ms).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/** The `n`th working day strictly after `startDate` (n ≥ 1), as YYYY-MM-DD. */
export function addWorkingDays(startDate: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) {
    fail('validation_failed', `A working-day count must be a whole number ≥ 1, got ${n}.`);
  }
  let date = formatDate(parseDate(startDate));
  // Terminates: every step either counts a working day or walks towards the end of coverage,
  // where isWorkingDay throws.
  while (n > 0) {
    date = nextDate(date);
    if (isWorkingDay(date)) n--;
  }
  return date;
}
