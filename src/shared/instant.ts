// Parses a client's date or date-time strictly: ISO 8601 only, and impossible days (2025-02-30) are
// errors — new Date() would silently roll them over to another day.
import { fail } from './errors';
import { endOfLocalDay } from '../modules/sla/timezone';

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** A date (start of that day in `tz`) or a date-time; 400 invalid_date otherwise. */
export function parseInstant(value: string, name: string, tz: string): Date {
  const m = ISO.exec(value.trim());
  const bad = () => fail('invalid_date', `${name}="${value}" is not a valid date; use ISO 8601 such as 2025-09-30 or 2025-09-30T10:00:00+08:00`);
  if (!m) bad();
  const day = `${m![1]}-${m![2]}-${m![3]}`;
  const probe = new Date(`${day}T00:00:00Z`);
  if (Number.isNaN(probe.getTime()) || probe.toISOString().slice(0, 10) !== day) bad();
  if (m![4] !== undefined && (+m![4] > 23 || +m![5] > 59 || +(m![6] ?? 0) > 59)) bad();
  const d = m![4] === undefined ? new Date(endOfLocalDay(day, tz).getTime() - 86_399_000) : new Date(value.trim().replace(' ', 'T'));
  if (Number.isNaN(d.getTime())) bad();
  return d;
}
