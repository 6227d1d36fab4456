// Deadline arithmetic per tier. Expected instants are reasoned from the official schedules
// (see calendar.test.ts), written as local times with explicit offsets.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AppError } from '../../shared/errors';
import {
  calendarCoverage,
  computeDeadlines,
  DEFAULT_POLICIES,
  dueAfter,
  extendDue,
  isWorkingDay,
  localDate,
  warningLevel,
  yellowAt,
  type Limit,
} from './index';

const SH = 'Asia/Shanghai';
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();
const same = (actual: Date, expected: string, msg?: string) => assert.equal(iso(actual), iso(at(expected)), msg);
const isCode = (code: string) => (e: unknown) => e instanceof AppError && e.code === code;
const wd = (amount: number): Limit => ({ amount, unit: 'workdays' });

test('the DOMAIN §5 example: 2025 National Day + Oct 11 make-up day', () => {
  const d = computeDeadlines(at('2025-09-30T10:00:00+08:00'), DEFAULT_POLICIES[3], SH);
  same(d.signDueAt, '2025-10-09T23:59:59+08:00');
  same(d.contactDueAt, '2025-10-09T23:59:59+08:00');
  same(d.resolveDueAt, '2025-10-16T23:59:59+08:00');
  // Tier 4, 15 working days: Oct 9,10,11,13–17,20–24,27,28.
  same(dueAfter(at('2025-09-30T10:00:00+08:00'), DEFAULT_POLICIES[4].resolve, SH), '2025-10-28T23:59:59+08:00');
});

test('default policies match DOMAIN §5', () => {
  assert.deepEqual(DEFAULT_POLICIES[1], {
    tier: 1, name: '紧急', sign: { amount: 15, unit: 'minutes' },
    contact: { amount: 30, unit: 'minutes' }, resolve: { amount: 2, unit: 'hours' },
  });
  assert.deepEqual(DEFAULT_POLICIES[2].resolve, { amount: 24, unit: 'hours' });
  assert.deepEqual(DEFAULT_POLICIES[4].sign, wd(1));
  assert.deepEqual(DEFAULT_POLICIES[4].resolve, wd(15));
});

test('2025 Spring Festival (Jan 28 – Feb 4, make-up Jan 26 Sun & Feb 8 Sat)', () => {
  const fri = computeDeadlines(at('2025-01-24T09:00:00+08:00'), DEFAULT_POLICIES[3], SH);
  same(fri.signDueAt, '2025-01-26T23:59:59+08:00'); // the make-up Sunday counts
  same(fri.resolveDueAt, '2025-02-10T23:59:59+08:00'); // 26, 27, Feb 5, 6, 7, 8, 10
  // Starting on a holiday.
  const hol = computeDeadlines(at('2025-01-29T14:00:00+08:00'), DEFAULT_POLICIES[3], SH);
  same(hol.signDueAt, '2025-02-05T23:59:59+08:00');
  same(hol.resolveDueAt, '2025-02-12T23:59:59+08:00'); // Feb 5, 6, 7, 8, 10, 11, 12
  // Starting on the make-up Saturday itself: the count starts the next day.
  const sat = computeDeadlines(at('2025-02-08T11:00:00+08:00'), DEFAULT_POLICIES[3], SH);
  same(sat.signDueAt, '2025-02-10T23:59:59+08:00');
  same(sat.resolveDueAt, '2025-02-18T23:59:59+08:00'); // 10–14, 17, 18
  // Late evening on the last working day before the break.
  same(dueAfter(at('2025-01-27T23:30:00+08:00'), wd(1), SH), '2025-02-05T23:59:59+08:00');
});

test('2025 Labour Day (May 1–5, make-up Apr 27 Sun)', () => {
  same(dueAfter(at('2025-04-25T16:00:00+08:00'), wd(1), SH), '2025-04-27T23:59:59+08:00');
  same(dueAfter(at('2025-04-27T10:00:00+08:00'), wd(1), SH), '2025-04-28T23:59:59+08:00');
  const late = computeDeadlines(at('2025-04-30T23:30:00+08:00'), DEFAULT_POLICIES[3], SH);
  same(late.signDueAt, '2025-05-06T23:59:59+08:00');
  same(late.resolveDueAt, '2025-05-14T23:59:59+08:00'); // May 6–9, 12, 13, 14
});

test('the local date decides, not the UTC date (late evening / just after midnight)', () => {
  // 23:30 on Oct 8 (holiday) in Shanghai → first working day after is Oct 9.
  same(dueAfter(at('2025-10-08T15:30:00Z'), wd(1), SH), '2025-10-09T23:59:59+08:00');
  // 00:30 on Oct 9 (working day) in Shanghai → Oct 10, although it is still Oct 8 in UTC.
  same(dueAfter(at('2025-10-08T16:30:00Z'), wd(1), SH), '2025-10-10T23:59:59+08:00');
});

test('2026 holidays per the official schedule', () => {
  // 元旦 Jan 1–3, make-up Sun Jan 4.
  const ny = computeDeadlines(at('2025-12-31T17:00:00+08:00'), DEFAULT_POLICIES[3], SH);
  same(ny.signDueAt, '2026-01-04T23:59:59+08:00');
  same(ny.resolveDueAt, '2026-01-12T23:59:59+08:00'); // Jan 4, 5–9, 12
  // 春节 Feb 15–23, make-up Sat Feb 14 and Sat Feb 28.
  const sf = computeDeadlines(at('2026-02-13T10:00:00+08:00'), DEFAULT_POLICIES[3], SH);
  same(sf.signDueAt, '2026-02-14T23:59:59+08:00');
  same(sf.resolveDueAt, '2026-03-02T23:59:59+08:00'); // 14, 24, 25, 26, 27, 28, Mar 2
  // 清明 Apr 4–6 (Sat–Mon); 端午 Jun 19–21 (Fri–Sun).
  same(dueAfter(at('2026-04-03T10:00:00+08:00'), wd(1), SH), '2026-04-07T23:59:59+08:00');
  same(dueAfter(at('2026-06-18T10:00:00+08:00'), wd(1), SH), '2026-06-22T23:59:59+08:00');
  // 劳动节 May 1–5, make-up Sat May 9.
  const lab = computeDeadlines(at('2026-04-30T23:30:00+08:00'), DEFAULT_POLICIES[3], SH);
  same(lab.signDueAt, '2026-05-06T23:59:59+08:00');
  same(lab.resolveDueAt, '2026-05-13T23:59:59+08:00'); // 6, 7, 8, 9(Sat), 11, 12, 13
  // 国庆 Oct 1–7, make-up Sun Sep 20 and Sat Oct 10; 中秋 Sep 25–27.
  same(dueAfter(at('2026-09-18T10:00:00+08:00'), wd(1), SH), '2026-09-20T23:59:59+08:00');
  same(dueAfter(at('2026-09-30T10:00:00+08:00'), wd(7), SH), '2026-10-15T23:59:59+08:00');
  // Tier 4 from Thu Sep 24: 28, 29, 30, Oct 8, 9, 10, 12–16, 19–22.
  same(dueAfter(at('2026-09-24T10:00:00+08:00'), wd(15), SH), '2026-10-22T23:59:59+08:00');
});

test('tiers 1 and 2 are plain calendar time, holidays or not', () => {
  const t1 = computeDeadlines(at('2025-10-01T10:00:00+08:00'), DEFAULT_POLICIES[1], SH);
  same(t1.signDueAt, '2025-10-01T10:15:00+08:00');
  same(t1.contactDueAt, '2025-10-01T10:30:00+08:00');
  same(t1.resolveDueAt, '2025-10-01T12:00:00+08:00');
  const t2 = computeDeadlines(at('2025-09-30T23:30:00+08:00'), DEFAULT_POLICIES[2], SH);
  same(t2.signDueAt, '2025-10-01T00:30:00+08:00');
  same(t2.contactDueAt, '2025-10-01T01:30:00+08:00');
  same(t2.resolveDueAt, '2025-10-01T23:30:00+08:00');
  // Elapsed hours, not wall-clock hours: 24 h across the New York spring-forward shows as 25 h later.
  same(dueAfter(at('2025-03-08T12:00:00-05:00'), { amount: 24, unit: 'hours' }, 'America/New_York'),
    '2025-03-09T13:00:00-04:00');
  // Hour limits need no calendar, so they work beyond the covered years.
  const y = calendarCoverage().lastYear + 1;
  same(dueAfter(at(`${y}-03-01T10:00:00+08:00`), { amount: 2, unit: 'hours' }, SH), `${y}-03-01T12:00:00+08:00`);
});

test('workday deadlines beyond the calendar data count plain weekdays and say which year is provisional', () => {
  const { lastYear } = calendarCoverage();
  assert.equal(lastYear, 2026, 'these dates assume chinese-days ends at 2026; update them when it ships 2027');
  // Tue 2027-03-02 + 1 working day on plain weekdays: Wed 03-03.
  same(dueAfter(at('2027-03-02T10:00:00+08:00'), wd(1), SH), '2027-03-03T23:59:59+08:00');
  // Thu 2026-12-24, tier 4: sign on the official 12-25; 15 working days = 12-25, 12-28..31, then 2027's weekdays to 01-14.
  const d = computeDeadlines(at('2026-12-24T10:00:00+08:00'), DEFAULT_POLICIES[4], SH);
  same(d.signDueAt, '2026-12-25T23:59:59+08:00');
  same(d.resolveDueAt, '2027-01-14T23:59:59+08:00');
  assert.deepEqual(d.provisional, { sign: null, contact: null, resolve: 2027 });
  assert.deepEqual(d.basis.resolve, { from: '2026-12-24T02:00:00.000Z', steps: [DEFAULT_POLICIES[4].resolve] });
  // The strict question "is this an official working day?" still refuses to guess.
  assert.throws(() => isWorkingDay('2027-03-02'), isCode('calendar_year_not_covered'));
});

test('a non-Shanghai zone uses its own local date and end of day', () => {
  const NY = 'America/New_York';
  // Same instant: Oct 9 10:00 in Shanghai (working day) but Oct 8 22:00 in New York (holiday).
  const t = at('2025-10-09T02:00:00Z');
  same(dueAfter(t, wd(1), SH), '2025-10-10T23:59:59+08:00');
  same(dueAfter(t, wd(1), NY), '2025-10-09T23:59:59-04:00');
  same(dueAfter(at('2025-09-30T10:00:00-04:00'), wd(7), NY), '2025-10-16T23:59:59-04:00');
  // Across the end of DST: Oct 31 → 7 working days → Nov 11, in EST.
  same(dueAfter(at('2025-10-31T12:00:00-04:00'), wd(7), NY), '2025-11-11T23:59:59-05:00');
});

test('extendDue moves the deadline from the current due time', () => {
  const due = at('2025-09-30T23:59:59+08:00');
  same(extendDue(due, wd(3), SH), '2025-10-11T23:59:59+08:00'); // Oct 9, 10, 11(Sat)
  same(extendDue(at('2025-10-16T23:59:59+08:00'), wd(15), SH), '2025-11-06T23:59:59+08:00');
  same(extendDue(due, { amount: 90, unit: 'minutes' }, SH), '2025-10-01T01:29:59+08:00');
});

test('invalid input is rejected', () => {
  assert.throws(() => dueAfter(at('garbage'), wd(1), SH), isCode('invalid_date'));
  assert.throws(() => dueAfter(at('2025-09-30T10:00:00Z'), wd(0), SH), isCode('validation_failed'));
  assert.throws(() => dueAfter(at('2025-09-30T10:00:00Z'), wd(2.5), SH), isCode('validation_failed'));
  assert.throws(() => dueAfter(at('2025-09-30T10:00:00Z'), { amount: -5, unit: 'hours' }, SH),
    isCode('validation_failed'));
  assert.throws(() => dueAfter(at('2025-09-30T10:00:00Z'), { amount: 1, unit: 'weeks' as 'hours' }, SH),
    isCode('validation_failed'));
  assert.throws(() => warningLevel(at('x'), at('2025-09-30T10:00:00Z'), new Date()), isCode('invalid_date'));
});

test('warning levels at 74% / 75% / due / after due', () => {
  const start = at('2025-09-30T10:00:00+08:00');
  const due = at('2025-09-30T11:40:00+08:00'); // 100 minutes
  const plus = (min: number) => new Date(start.getTime() + min * 60_000);
  assert.equal(warningLevel(start, due, start), 'green');
  assert.equal(warningLevel(start, due, plus(74)), 'green');
  assert.equal(warningLevel(start, due, plus(75)), 'yellow');
  same(yellowAt(start, due), '2025-09-30T11:15:00+08:00');
  assert.equal(warningLevel(start, due, due), 'yellow');
  assert.equal(warningLevel(start, due, new Date(due.getTime() + 1)), 'red');
  // Empty window: due immediately.
  assert.equal(warningLevel(start, start, start), 'yellow');
  assert.equal(warningLevel(start, start, plus(1)), 'red');
});

test('property: warningLevel is exactly the 75% rule, and yellowAt is its boundary', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 2e12 }),
      fc.integer({ min: 1, max: 40 * 86_400_000 }),
      fc.integer({ min: -1e9, max: 45 * 86_400_000 }),
      (s, total, offset) => {
        const start = new Date(s);
        const due = new Date(s + total);
        const now = new Date(s + offset);
        const want = offset > total ? 'red' : 4 * offset >= 3 * total ? 'yellow' : 'green';
        assert.equal(warningLevel(start, due, now), want);
        const y = yellowAt(start, due).getTime();
        assert.equal(warningLevel(start, due, new Date(y)), 'yellow');
        assert.equal(warningLevel(start, due, new Date(y - 1)), 'green');
      },
    ),
    { numRuns: 1000 },
  );
});

test('property: workday deadlines end at 23:59:59 local on a working day', () => {
  const clock = (d: Date, tz: string) =>
    new Intl.DateTimeFormat('en-GB', { timeZone: tz, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(d);
  const { firstYear, lastYear } = calendarCoverage();
  fc.assert(
    fc.property(
      fc.integer({ min: Date.UTC(firstYear, 0, 2), max: Date.UTC(lastYear, 10, 1) }),
      fc.integer({ min: 1, max: 15 }),
      fc.constantFrom(SH, 'UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata'),
      (ms, n, tz) => {
        const start = new Date(ms);
        const due = dueAfter(start, wd(n), tz);
        assert.ok(due > start);
        assert.equal(clock(due, tz), '23:59:59');
        assert.ok(isWorkingDay(localDate(due, tz)));
        assert.ok(localDate(due, tz) > localDate(start, tz));
      },
    ),
    { numRuns: 300 },
  );
});
