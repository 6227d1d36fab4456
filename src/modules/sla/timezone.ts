// Local-date arithmetic in an arbitrary IANA zone using Intl only. Deadlines are "end of the Nth
// working day" in the hotline's zone, so we need (a) the local calendar date of an instant and
// (b) the absolute instant of 23:59:59 on a local date — correct across DST and odd offsets.
import { fail } from '../../shared/errors';

const DAY_MS = 86_400_000;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    try {
      // h23 + gregory + latn: stable numeric parts regardless of the host's default locale.
      f = new Intl.DateTimeFormat('en-US', {
        timeZone: tz,
        calendar: 'gregory',
        numberingSystem: 'latn',
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      fail('invalid_date', `Unknown time zone "${tz}"; use an IANA name such as Asia/Shanghai.`);
    }
    formatters.set(tz, f);
  }
  return f;
}

/** Wall-clock time of `ms` in `tz`, expressed as if it were UTC (whole seconds), from Intl itself. */
function wallSecondsExact(ms: number, tz: string): number {
  const p: Record<string, number> = {};
  for (const part of formatter(tz).formatToParts(new Date(ms))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) / 1000;
}

/** A zone's offset is looked up once per quarter hour of time (formatToParts is dear on the intake path). */
const BUCKET_MS = 15 * 60_000;
/** `tz|bucket` → the offset in seconds if it is the same at both ends of the bucket, else null (a change inside it). */
const offsets = new Map<string, number | null>();

/** Wall-clock time of `ms` in `tz`, expressed as if it were UTC (whole seconds). */
function wallSeconds(ms: number, tz: string): number {
  const b = Math.floor(ms / BUCKET_MS);
  const key = `${tz}|${b}`;
  let off = offsets.get(key);
  if (off === undefined) {
    const start = b * BUCKET_MS;
    const end = start + BUCKET_MS - 1000;
    const a = wallSecondsExact(start, tz) - Math.floor(start / 1000);
    const z = wallSecondsExact(end, tz) - Math.floor(end / 1000);
    off = a === z ? a : null;
    if (offsets.size >= 20_000) offsets.clear();
    offsets.set(key, off);
  }
  return off === null ? wallSecondsExact(ms, tz) : Math.floor(ms / 1000) + off;
}

/** UTC offset of `tz` at instant `ms`, in seconds. */
function offsetSeconds(ms: number, tz: string): number {
  return wallSeconds(ms, tz) - Math.floor(ms / 1000);
}

function checkInstant(at: Date): number {
  const ms = at instanceof Date ? at.getTime() : NaN;
  if (Number.isNaN(ms)) fail('invalid_date', 'Expected a valid date-time instant.');
  return ms;
}

/** Parses a strict, existing calendar date 'YYYY-MM-DD' into its UTC-midnight epoch ms. */
export function parseDate(date: string): number {
  const m = typeof date === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(date) : null;
  const ms = m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : NaN;
  // Round-trip rejects impossible dates such as 2025-02-30 that Date.UTC would roll over.
  if (Number.isNaN(ms) || formatDate(ms) !== date) {
    fail('invalid_date', `"${String(date)}" is not a calendar date in the form YYYY-MM-DD.`);
  }
  return ms;
}

/** UTC-midnight epoch ms → 'YYYY-MM-DD'. */
export function formatDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The next calendar date (pure date arithmetic; no zone involved). */
export function nextDate(date: string): string {
  return formatDate(parseDate(date) + DAY_MS);
}

/** The calendar date (YYYY-MM-DD) of instant `at` as seen in zone `tz`. */
export function localDate(at: Date, tz: string): string {
  return formatDate(wallSeconds(checkInstant(at), tz) * 1000);
}

/** What a clock on the wall in `tz` shows at instant `at` (from the cached offsets; the notices' times read it). */
export function wallClock(at: Date, tz: string): { year: number; month: number; day: number; hour: number; minute: number; second: number } {
  const d = new Date(wallSeconds(checkInstant(at), tz) * 1000);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds() };
}

/**
 * The absolute instant of 23:59:59.000 local time on `date` in `tz`.
 * If a DST fall-back makes 23:59:59 occur twice, the later one is returned (the day truly ends
 * then). If a transition skips 23:59:59 (or the whole date, e.g. Pacific/Apia 2011-12-30), the
 * last whole second before the jump is returned: that is when the local day actually ended.
 */
export function endOfLocalDay(date: string, tz: string): Date {
  const target = parseDate(date) / 1000 + 86_399; // wall clock 23:59:59 as if it were UTC
  // Offsets a day either side bracket any transition near this date (zones change at most
  // once within such a window), so every instant showing this wall time is among the candidates.
  const before = offsetSeconds((target - 86_400) * 1000, tz);
  const after = offsetSeconds((target + 86_400) * 1000, tz);
  const matches = [...new Set([before, after])]
    .map((o) => target - o)
    .filter((s) => wallSeconds(s * 1000, tz) === target);
  if (matches.length) return new Date(Math.max(...matches) * 1000);

  // Gap: walls jump over the target. Binary-search the jump between the two candidates.
  let lo = target - Math.max(before, after); // wall < target here
  let hi = target - Math.min(before, after); // wall > target here
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (wallSeconds(mid * 1000, tz) > target) hi = mid;
    else lo = mid;
  }
  return new Date(lo * 1000);
}
