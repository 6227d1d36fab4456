// Working-day calendar and zone helpers. Expected dates are written from the State Council
// notices (国办发明电〔2024〕12号 for 2025; the Nov 2025 notice for 2026), not from the code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import fc from 'fast-check';
import { AppError } from '../../shared/errors';
import { addWorkingDays, calendarCoverage, endOfLocalDay, isWorkingDay, localDate } from './calendar';

const isCode = (code: string, re?: RegExp) => (e: unknown) =>
  e instanceof AppError && e.code === code && (!re || re.test(e.message));

// Independent oracle: the per-year files the package ships (dist/years/YYYY.json).
const yearsDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('chinese-days/package.json')),
  'dist/years',
);
type YearFile = { holidays: Record<string, string>; workdays: Record<string, string> };
const yearFile = (y: number): YearFile =>
  JSON.parse(fs.readFileSync(path.join(yearsDir, `${y}.json`), 'utf8')) as YearFile;
const oracle = new Map<string, boolean>();
const { firstYear, lastYear } = calendarCoverage();
for (let y = firstYear; y <= lastYear; y++) {
  const f = yearFile(y);
  for (const d of Object.keys(f.holidays)) oracle.set(d, false);
  for (const d of Object.keys(f.workdays)) oracle.set(d, true);
}
const oracleIsWorking = (d: string): boolean => {
  const known = oracle.get(d);
  if (known !== undefined) return known;
  const wd = new Date(`${d}T00:00:00Z`).getUTCDay();
  return wd >= 1 && wd <= 5;
};
const DAY = 86_400_000;
const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

test('coverage is derived from the shipped data and includes 2025 and 2026', () => {
  assert.ok(firstYear <= 2025 && lastYear >= 2026, `${firstYear}–${lastYear}`);
  const files = fs.readdirSync(yearsDir).filter((f) => /^\d{4}\.json$/.test(f));
  const newest = Math.max(...files.map((f) => Number(f.slice(0, 4))));
  assert.equal(lastYear, newest);
  for (let y = firstYear; y <= lastYear; y++) {
    assert.ok(Object.keys(yearFile(y).holidays).some((d) => d.startsWith(`${y}-`)), `${y} has holidays`);
  }
  // The result is a copy: callers cannot corrupt the module's coverage.
  calendarCoverage().lastYear = 1900;
  assert.equal(calendarCoverage().lastYear, lastYear);
});

test('2025: statutory holidays and make-up days', () => {
  const cases: Array<[string, boolean]> = [
    ['2025-01-01', false], // 元旦 (Wed)
    ['2025-01-26', true], // Sunday make-up for 春节
    ['2025-01-27', true],
    ['2025-01-28', false], // 春节 Jan 28 – Feb 4
    ['2025-02-04', false],
    ['2025-02-05', true],
    ['2025-02-08', true], // Saturday make-up
    ['2025-02-09', false],
    ['2025-04-04', false], // 清明 (Fri)
    ['2025-04-27', true], // Sunday make-up for 劳动节
    ['2025-05-01', false],
    ['2025-05-05', false], // Monday, still 劳动节
    ['2025-05-06', true],
    ['2025-06-02', false], // 端午 (Mon)
    ['2025-09-28', true], // Sunday make-up for 国庆
    ['2025-10-06', false], // 中秋 inside the 国庆 break
    ['2025-10-08', false],
    ['2025-10-09', true],
    ['2025-10-11', true], // Saturday make-up
    ['2025-03-15', false], // ordinary Saturday
    ['2025-03-12', true], // ordinary Wednesday
  ];
  for (const [d, want] of cases) assert.equal(isWorkingDay(d), want, d);
});

test('2026: statutory holidays and make-up days', () => {
  const cases: Array<[string, boolean]> = [
    ['2026-01-02', false], // 元旦 Jan 1 (Thu) – 3 (Sat)
    ['2026-01-04', true], // Sunday make-up
    ['2026-02-14', true], // Saturday make-up before 春节
    ['2026-02-15', false], // 春节 Feb 15 (Sun) – 23 (Mon)
    ['2026-02-23', false],
    ['2026-02-24', true],
    ['2026-02-28', true], // Saturday make-up after 春节
    ['2026-04-06', false], // 清明 Apr 4 – 6 (Mon)
    ['2026-05-05', false], // 劳动节 May 1 – 5 (Tue)
    ['2026-05-09', true], // Saturday make-up
    ['2026-06-19', false], // 端午 (Fri)
    ['2026-09-20', true], // Sunday make-up for 国庆
    ['2026-09-25', false], // 中秋 (Fri)
    ['2026-10-07', false], // 国庆 Oct 1 – 7 (Wed)
    ['2026-10-08', true],
    ['2026-10-10', true], // Saturday make-up
  ];
  for (const [d, want] of cases) assert.equal(isWorkingDay(d), want, d);
});

test('addWorkingDays across holidays and make-up days', () => {
  assert.equal(addWorkingDays('2025-09-30', 1), '2025-10-09');
  assert.equal(addWorkingDays('2025-09-30', 7), '2025-10-16'); // Oct 9,10,11(Sat),13,14,15,16
  assert.equal(addWorkingDays('2025-01-24', 1), '2025-01-26'); // Friday → make-up Sunday
  assert.equal(addWorkingDays('2025-01-24', 7), '2025-02-10'); // 26,27,Feb 5,6,7,8(Sat),10
  assert.equal(addWorkingDays('2025-01-29', 1), '2025-02-05'); // from inside the holiday
  assert.equal(addWorkingDays('2025-02-08', 1), '2025-02-10'); // from a make-up Saturday
  assert.equal(addWorkingDays('2026-02-13', 7), '2026-03-02'); // 14(Sat),24,25,26,27,28(Sat),Mar 2
  assert.equal(addWorkingDays('2026-09-30', 3), '2026-10-10'); // Oct 8, 9, 10(Sat)
});

test('dates outside coverage fail loudly instead of guessing by weekday', () => {
  const next = lastYear + 1;
  assert.throws(
    () => isWorkingDay(`${next}-03-01`),
    isCode('calendar_year_not_covered', new RegExp(`${next}.*${firstYear}–${lastYear}`)),
  );
  assert.throws(() => isWorkingDay(`${firstYear - 1}-06-02`), isCode('calendar_year_not_covered'));
  // Crossing the year end into an unpublished year also fails.
  assert.throws(() => addWorkingDays(`${lastYear}-12-24`, 15), isCode('calendar_year_not_covered'));
});

test('malformed input is rejected', () => {
  for (const d of ['2025-02-30', '2025-9-30', '20250930', 'soon', '2025-13-01']) {
    assert.throws(() => isWorkingDay(d), isCode('invalid_date'), d);
  }
  assert.throws(() => addWorkingDays('2025-09-30', 0), isCode('validation_failed'));
  assert.throws(() => addWorkingDays('2025-09-30', 1.5), isCode('validation_failed'));
  assert.throws(() => localDate(new Date('nope'), 'Asia/Shanghai'), isCode('invalid_date'));
  assert.throws(() => localDate(new Date(), 'Mars/Olympus'), isCode('invalid_date'));
});

test('localDate reads the date in the given zone', () => {
  const t = new Date('2025-10-08T16:30:00Z');
  assert.equal(localDate(t, 'Asia/Shanghai'), '2025-10-09'); // 00:30 next day
  assert.equal(localDate(t, 'UTC'), '2025-10-08');
  assert.equal(localDate(t, 'America/New_York'), '2025-10-08');
  assert.equal(localDate(new Date('2025-01-01T04:59:59Z'), 'America/New_York'), '2024-12-31');
  assert.equal(localDate(new Date('2025-01-01T18:29:59Z'), 'Asia/Kolkata'), '2025-01-01');
  assert.equal(localDate(new Date('2025-01-01T18:30:00Z'), 'Asia/Kolkata'), '2025-01-02');
});

test('endOfLocalDay: fixed offsets, DST days, ambiguous and skipped times', () => {
  const eod = (d: string, tz: string) => endOfLocalDay(d, tz).toISOString();
  assert.equal(eod('2025-10-16', 'Asia/Shanghai'), '2025-10-16T15:59:59.000Z');
  assert.equal(eod('2025-10-16', 'Asia/Kolkata'), '2025-10-16T18:29:59.000Z');
  assert.equal(eod('2025-03-09', 'America/New_York'), '2025-03-10T03:59:59.000Z'); // spring-forward day, EDT
  assert.equal(eod('2025-11-02', 'America/New_York'), '2025-11-03T04:59:59.000Z'); // fall-back day, EST
  assert.equal(eod('2025-03-30', 'Europe/London'), '2025-03-30T22:59:59.000Z'); // BST
  assert.equal(eod('2025-04-06', 'Australia/Lord_Howe'), '2025-04-06T13:29:59.000Z'); // 30-min DST ends
  // Paraguay left DST at Sunday 00:00 → Saturday 23:00: 23:59:59 happened twice; the later one.
  assert.equal(eod('2024-03-23', 'America/Asuncion'), '2024-03-24T03:59:59.000Z');
  // Samoa skipped 2011-12-30 entirely: the day "ended" when Dec 29 did.
  assert.equal(eod('2011-12-30', 'Pacific/Apia'), '2011-12-30T09:59:59.000Z');
});

const ZONES = [
  'Asia/Shanghai', 'UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe',
  'Asia/Kolkata', 'Pacific/Chatham', 'America/Asuncion', 'Pacific/Apia', 'America/St_Johns',
];

test('property: endOfLocalDay is the last second of the local date', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2030, 0, 1) }),
      fc.constantFrom(...ZONES),
      (ms, tz) => {
        const day = localDate(new Date(ms), tz);
        const end = endOfLocalDay(day, tz).getTime();
        assert.equal(localDate(new Date(end), tz), day);
        assert.ok(end >= ms - 999, 'no instant of the day is a second or more later');
        assert.ok(localDate(new Date(end + 1000), tz) > day, 'the next second is a later day');
      },
    ),
    { numRuns: 300 },
  );
});

test('property: exactly n working days lie in (start, addWorkingDays(start, n)]', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: Date.UTC(firstYear, 0, 1) / DAY, max: Date.UTC(lastYear, 10, 30) / DAY }),
      fc.integer({ min: 1, max: 20 }),
      (dayNo, n) => {
        const start = isoDate(dayNo * DAY);
        const result = addWorkingDays(start, n);
        assert.ok(result > start);
        assert.ok(oracleIsWorking(result) && isWorkingDay(result), result);
        let count = 0;
        for (let ms = dayNo * DAY + DAY; isoDate(ms) <= result; ms += DAY) {
          if (oracleIsWorking(isoDate(ms))) count++;
        }
        assert.equal(count, n);
      },
    ),
    { numRuns: 500 },
  );
});

test('property: isWorkingDay agrees with the per-year data files on every covered date', () => {
  for (let ms = Date.UTC(firstYear, 0, 1); ms <= Date.UTC(lastYear, 11, 31); ms += DAY) {
    const d = isoDate(ms);
    if (isWorkingDay(d) !== oracleIsWorking(d)) assert.fail(`${d} disagrees`);
  }
});
