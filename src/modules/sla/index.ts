// Public surface of the SLA module: the official working-day calendar and deadline arithmetic.
export { addWorkingDays, calendarCoverage, endOfLocalDay, isWorkingDay, localDate, SHIPPED_CALENDAR, WorkCalendar } from './calendar';
export type { YearSchedule } from './calendar';
export {
  computeDeadlines,
  DEFAULT_POLICIES,
  dueAfter,
  dueFromBasis,
  extendDue,
  warningLevel,
  yellowAt,
  yellowAtSql,
  YELLOW_SHARE,
} from './deadlines';
export type { DeadlineName, Deadlines, Due, DueBasis, Limit, LimitUnit, Tier, TierPolicy, WarningLevel } from './deadlines';
