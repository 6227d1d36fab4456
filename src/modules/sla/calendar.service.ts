// The working-day calendar in force: the package's shipped table plus the years an admin entered from
// later State Council notices (calendar_years). Every instance keeps it in memory and reloads it when
// one of them announces a change (NOTIFY minhu_calendar).
import type { Db } from '../../db';
import { fail } from '../../shared/errors';
import { SHIPPED_CALENDAR, WorkCalendar, type YearSchedule } from './calendar';
import { nextDate, parseDate } from './timezone';

export const CALENDAR_CHANNEL = 'minhu_calendar';

export interface YearInput {
  source?: string;
  /** Days off as ranges, as the notice writes them: 2月10日至17日放假调休，共8天. */
  holidays: { from: string; to?: string; name: string }[];
  /** Make-up working days (调休上班), each a Saturday or Sunday. */
  workdays: { date: string; name: string }[];
}
export interface EnteredYear extends YearSchedule {
  source: string;
  enteredAt: string;
  enteredBy: number | null;
}

type Problem = { path: string; message: string };
const MAX_RANGE_DAYS = 15;

/** parseDate's strict check (form and existing date), as a yes/no to collect every problem. */
function validDate(d: string): boolean {
  try {
    parseDate(d);
    return true;
  } catch {
    return false;
  }
}
const weekday = (d: string) => new Date(parseDate(d)).getUTCDay();

/** Checks one year's schedule against the notice's shape; lists every problem found, not just the first. */
export function parseYear(year: number, input: YearInput, shipped: WorkCalendar = SHIPPED_CALENDAR): YearSchedule {
  const errors: Problem[] = [];
  // A New Year break may begin in the last days of the year before (2022-12-31 was in the 2023 notice).
  const windowFrom = `${year - 1}-12-25`;
  const windowTo = `${year}-12-31`;
  const inWindow = (d: string) => d >= windowFrom && d <= windowTo;
  const holidays: Record<string, string> = {};
  const workdays: Record<string, string> = {};
  const dateProblem = (field: string, d: string): boolean => {
    if (!validDate(d)) errors.push({ path: field, message: `“${d}” is not a date; write YYYY-MM-DD` });
    else if (!inWindow(d)) errors.push({ path: field, message: `${d} is outside the ${year} notice (${windowFrom} … ${windowTo})` });
    else if (shipped.entry(d)) errors.push({ path: field, message: `${d} is already in the shipped calendar (${shipped.entry(d)!.name}); it cannot be changed here` });
    else return false;
    return true;
  };
  input.holidays.forEach((h, i) => {
    const f = `holidays[${i}]`;
    const name = h.name.trim();
    if (!name) errors.push({ path: `${f}.name`, message: 'name the holiday (e.g. 春节)' });
    const to = h.to ?? h.from;
    if (dateProblem(`${f}.from`, h.from) || (to !== h.from && dateProblem(`${f}.to`, to))) return;
    if (to < h.from) return void errors.push({ path: `${f}.to`, message: `${to} is before ${h.from}` });
    let n = 0;
    for (let d = h.from; d <= to; d = nextDate(d)) {
      if (++n > MAX_RANGE_DAYS) return void errors.push({ path: f, message: `a break of more than ${MAX_RANGE_DAYS} days (${h.from} … ${to}) is not a holiday notice` });
      if (holidays[d]) errors.push({ path: f, message: `${d} is listed twice` });
      holidays[d] = name;
    }
  });
  input.workdays.forEach((w, i) => {
    const f = `workdays[${i}]`;
    const name = w.name.trim();
    if (!name) errors.push({ path: `${f}.name`, message: 'name the make-up day (e.g. 春节调休上班)' });
    if (dateProblem(`${f}.date`, w.date)) return;
    const wd = weekday(w.date);
    if (wd !== 0 && wd !== 6) errors.push({ path: `${f}.date`, message: `${w.date} is a weekday; a make-up working day (调休上班) is a Saturday or Sunday` });
    if (holidays[w.date]) errors.push({ path: `${f}.date`, message: `${w.date} is also listed as a day off` });
    if (workdays[w.date]) errors.push({ path: `${f}.date`, message: `${w.date} is listed twice` });
    workdays[w.date] = name;
  });
  // Coverage counts a year once its Spring Festival is known (see calendar.ts); a notice always has one.
  if (!Object.entries(holidays).some(([d, n]) => d.startsWith(`${year}-`) && /春节|Spring Festival/.test(n))) {
    errors.push({ path: 'holidays', message: `the ${year} notice always lists the Spring Festival (春节) break; add it, named 春节` });
  }
  if (errors.length) fail('calendar_schedule_invalid', `${errors.length} problem(s) in the ${year} schedule, e.g. ${errors[0].path}: ${errors[0].message}`, { errors });
  return { year, holidays, workdays };
}

export function calendarService(db: Db) {
  let cached: WorkCalendar | null = null;
  let loading: Promise<WorkCalendar> | null = null;
  let generation = 0;

  async function entered(): Promise<EnteredYear[]> {
    const { rows } = await db.query<{ year: number; holidays: Record<string, string>; workdays: Record<string, string>; source: string; enteredAt: Date; enteredBy: number | null }>(
      `select year, holidays, workdays, source, entered_at as "enteredAt", entered_by as "enteredBy" from calendar_years order by year`,
    );
    return rows.map((r) => ({ ...r, enteredAt: new Date(r.enteredAt).toISOString() }));
  }

  /** Entered years the package now ships (after an upgrade) are ignored: the package is authoritative. */
  async function load(): Promise<WorkCalendar> {
    const years: YearSchedule[] = [];
    for (const y of await entered()) {
      if (y.year <= SHIPPED_CALENDAR.shippedLastYear) continue;
      if (y.year !== SHIPPED_CALENDAR.shippedLastYear + 1 + years.length) break;
      years.push(y);
    }
    return WorkCalendar.withEntered(years);
  }

  function invalidate() {
    generation++;
    cached = null;
  }

  async function announce() {
    invalidate();
    await db.notify(CALENDAR_CHANNEL, 'changed').catch(() => undefined);
  }

  return {
    /** The calendar in force; loaded once, then from memory until a change is announced. */
    async current(): Promise<WorkCalendar> {
      if (cached) return cached;
      const gen = generation;
      loading ??= load().finally(() => {
        loading = null;
      });
      const cal = await loading;
      if (gen === generation) cached = cal; // a change announced meanwhile: the next call reloads
      return cal;
    },
    /** Another instance entered or removed a year. */
    invalidate,
    entered,
    async saveYear(year: number, input: YearInput, userId: number): Promise<void> {
      const cal = await this.current();
      if (year <= cal.shippedLastYear) fail('calendar_year_shipped', `${year} comes with the chinese-days package (it covers ${cal.firstYear}–${cal.shippedLastYear}); update the package to change it`);
      // Re-saving an entered year (≤ lastYear) replaces it; beyond the next one would leave a gap.
      if (year > cal.lastYear + 1) fail('calendar_year_gap', `enter ${cal.lastYear + 1} first: the calendar covers up to ${cal.lastYear}, and a gap would leave deadlines undefined`);
      const y = parseYear(year, input);
      await db.query(
        `insert into calendar_years (year, holidays, workdays, source, entered_by, entered_at) values ($1, $2, $3, $4, $5, now())
         on conflict (year) do update set holidays = excluded.holidays, workdays = excluded.workdays, source = excluded.source, entered_by = excluded.entered_by, entered_at = now()`,
        [year, JSON.stringify(y.holidays), JSON.stringify(y.workdays), (input.source ?? '').trim(), userId],
      );
      await announce();
    },
    async deleteYear(year: number): Promise<void> {
      const years = (await entered()).map((y) => y.year);
      if (!years.includes(year)) fail('not_found', `no schedule was entered for ${year}`);
      if (Math.max(...years) !== year) fail('calendar_year_gap', `remove ${Math.max(...years)} first: removing ${year} would leave a gap in the calendar`);
      await db.query(`delete from calendar_years where year = $1`, [year]);
      await announce();
    },
  };
}
export type CalendarService = ReturnType<typeof calendarService>;

