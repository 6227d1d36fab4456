// The zone offset cache of sla/timezone.ts (one Intl lookup per quarter hour) gives the same local dates and day ends
// as Intl itself, in zones with daylight saving (whole-hour, half-hour), odd offsets, a skipped date and historical
// local mean time, at instants on and around their transitions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { endOfLocalDay, localDate } from '../../src/modules/sla';

const ZONES = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Apia', 'America/St_Johns'];

/** The local date of `ms` in `tz`, straight from Intl. */
function intlDate(ms: number, tz: string): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: tz, calendar: 'gregory', numberingSystem: 'latn', year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day}`;
}
/** The wall time of `ms` in `tz` as "YYYY-MM-DD HH:mm:ss", straight from Intl. */
function intlWall(ms: number, tz: string): string {
  const p = Object.fromEntries(new Intl.DateTimeFormat('en-CA', { timeZone: tz, calendar: 'gregory', numberingSystem: 'latn', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

test('local dates: every 7 minutes and 13 seconds through transition days, and seconds either side of midnight', () => {
  const starts = ['1900-12-31T12:00:00Z', '2011-12-29T00:00:00Z', '2026-03-07T00:00:00Z', '2026-03-28T00:00:00Z', '2026-04-04T00:00:00Z', '2026-10-03T00:00:00Z', '2026-10-24T00:00:00Z', '2026-10-31T00:00:00Z'];
  let checked = 0;
  for (const tz of ZONES) {
    for (const s of starts) {
      const t0 = Date.parse(s);
      for (let ms = t0; ms < t0 + 3 * 86_400_000; ms += 433_000) {
        for (const d of [0, -1000, 999, 59_000]) {
          assert.equal(localDate(new Date(ms + d), tz), intlDate(ms + d, tz), `${tz} ${new Date(ms + d).toISOString()}`);
          checked++;
        }
      }
    }
  }
  assert.ok(checked > 20_000, `${checked} instants`);
});

test('day ends: 23:59:59 local on each date around the transitions, the later one when it occurs twice', () => {
  for (const tz of ZONES) {
    for (const date of ['2011-12-29', '2011-12-30', '2011-12-31', '2026-03-08', '2026-03-29', '2026-04-05', '2026-10-04', '2026-10-25', '2026-11-01', '2026-06-15']) {
      const end = endOfLocalDay(date, tz).getTime();
      const wall = intlWall(end, tz);
      // Either the day's last second, or (the date or its end skipped) the last second before the jump.
      if (wall !== `${date} 23:59:59`) assert.ok(intlWall(end + 1000, tz) > `${date} 23:59:59`, `${tz} ${date}: ${wall}`);
      assert.ok(intlWall(end + 1000, tz).slice(0, 10) > date || intlWall(end + 1000, tz) > `${date} 23:59:59`, `${tz} ${date}: the next second is the next day`);
    }
  }
});
