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

/** One year's schedule from a State Council notice, entered by an admin when the package lags behind. */
export interface YearSchedule {
  year: number;
  /** Date → name of every statutory day off in that notice (a New Year break may start in late December). */
  holidays: Record<string, string>;
  /** Date → name of every make-up working day (调休上班) in that notice. */
  workdays: Record<string, string>;
}

/**
 * The calendar deadlines are computed on: the package's shipped table, extended by the years an admin
 * entered from later notices (only years after the shipped ones, in an unbroken run, so coverage stays
 * one honest range).
 */
export class WorkCalendar {
  readonly firstYear: number;
  readonly lastYear: number;
  readonly shippedLastYear: number;
  readonly enteredYears: number[];

  private constructor(private readonly data: ScheduleData, shipped: { firstYear: number; lastYear: number }, entered: YearSchedule[]) {
    this.firstYear = shipped.firstYear;
    this.shippedLastYear = shipped.lastYear;
    this.enteredYears = entered.map((y) => y.year).sort((a, b) => a - b);
    this.enteredYears.forEach((y, i) => {
      if (y !== shipped.lastYear + 1 + i) throw new Error(`entered calendar years must follow ${shipped.lastYear} without gaps, got ${this.enteredYears.join(', ')}`);
    });
    this.lastYear = shipped.lastYear + this.enteredYears.length;
  }

  /** The package's table alone. */
  static shipped(): WorkCalendar {
    return new WorkCalendar(schedule, deriveCoverage(schedule), []);
  }

  /** The shipped table plus the entered years (which never change a shipped date). */
  static withEntered(years: YearSchedule[]): WorkCalendar {
    if (!years.length) return SHIPPED_CALENDAR;
    const data: ScheduleData = { holidays: { ...schedule.holidays }, workdays: { ...schedule.workdays } };
    for (const y of years) {
      for (const [d, n] of Object.entries(y.holidays)) if (!(d in schedule.holidays) && !(d in schedule.workdays)) data.holidays[d] = n;
      for (const [d, n] of Object.entries(y.workdays)) if (!(d in schedule.holidays) && !(d in schedule.workdays)) data.workdays[d] = n;
    }
    return new WorkCalendar(data, SHIPPED_CALENDAR.coverage(), years);
  }

  coverage(): { firstYear: number; lastYear: number } {
    return { firstYear: this.firstYear, lastYear: this.lastYear };
  }

  /** What the shipped table or an entered year says of a date: a named day off, a make-up day, or nothing. */
  entry(date: string): { kind: 'holiday' | 'workday'; name: string } | null {
    if (this.data.workdays[date]) return { kind: 'workday', name: this.data.workdays[date] };
    if (this.data.holidays[date]) return { kind: 'holiday', name: this.data.holidays[date] };
    return null;
  }

  /** Whether the official schedule of `year` is known (shipped or entered). */
  covers(year: number): boolean {
    return year >= this.firstYear && year <= this.lastYear;
  }

  /** Whether `date` (YYYY-MM-DD) is an official working day. Never guesses outside the data. */
  isWorkingDay(date: string): boolean {
    parseDate(date); // 400 invalid_date before anything else
    const year = Number(date.slice(0, 4));
    if (!this.covers(year)) {
      fail(
        'calendar_year_not_covered',
        `The working-day calendar has no official schedule for ${year} (needed for ${date}); ` +
          `it covers ${this.firstYear}–${this.lastYear}. Update the chinese-days package, or enter ${year}'s ` +
          `schedule from the State Council notice (管理 → 节假日日历, PUT /api/v1/sla/calendar/years/${year}).`,
        { year, firstYear: this.firstYear, lastYear: this.lastYear },
      );
    }
    return this.officialOrWeekday(date);
  }

  private officialOrWeekday(date: string): boolean {
    if (this.data.workdays[date]) return true; // make-up day, typically a weekend
    if (this.data.holidays[date]) return false;
    const weekday = new Date(parseDate(date)).getUTCDay();
    return weekday >= 1 && weekday <= 5;
  }

  /**
   * The `n`th working day strictly after `startDate` (n ≥ 1). Days in a year nobody has covered count as
   * plain weekdays, and the answer says so: `provisionalYear` is the first such year met (null when every
   * day counted was official), so the deadline can be shown as provisional and recomputed once it is entered.
   */
  countWorkingDays(startDate: string, n: number): { date: string; provisionalYear: number | null } {
    if (!Number.isInteger(n) || n < 1) {
      fail('validation_failed', `A working-day count must be a whole number ≥ 1, got ${n}.`);
    }
    let date = formatDate(parseDate(startDate));
    let provisionalYear: number | null = null;
    while (n > 0) {
      date = nextDate(date);
      const year = Number(date.slice(0, 4));
      if (!this.covers(year)) provisionalYear ??= year;
      if (this.officialOrWeekday(date)) n--;
    }
    return { date, provisionalYear };
  }

  /** The `n`th working day strictly after `startDate` (n ≥ 1), as YYYY-MM-DD. */
  addWorkingDays(startDate: string, n: number): string {
    if (!Number.isInteger(n) || n < 1) {
      fail('validation_failed', `A working-day count must be a whole number ≥ 1, got ${n}.`);
    }
    let date = formatDate(parseDate(startDate));
    // Terminates: every step either counts a working day or walks towards the end of coverage,
    // where isWorkingDay throws.
    while (n > 0) {
      date = nextDate(date);
      if (this.isWorkingDay(date)) n--;
    }
    return date;
  }
}

/** The package's table alone: what deadlines use when no year was entered. */
export const SHIPPED_CALENDAR = WorkCalendar.shipped();

/** The years whose official holiday schedule the installed calendar data contains. */
export function calendarCoverage(): { firstYear: number; lastYear: number } {
  return SHIPPED_CALENDAR.coverage();
}

/** Whether `date` (YYYY-MM-DD) is an official working day in the shipped table. */
export function isWorkingDay(date: string): boolean {
  return SHIPPED_CALENDAR.isWorkingDay(date);
}

/** The `n`th working day strictly after `startDate` (n ≥ 1) in the shipped table. */
export function addWorkingDays(startDate: string, n: number): string {
  return SHIPPED_CALENDAR.addWorkingDays(startDate, n);
}
