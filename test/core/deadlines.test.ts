// Deadline arithmetic through GET /api/v1/sla/preview on the official calendar (DOMAIN §5).
// Every expected value below is worked out by hand from the State Council holiday notices for 2025
// (国办发明电〔2024〕12号) and 2026 (国办发明电〔2025〕7号), not taken from the code:
//   2025: 元旦 01-01; 春节 01-28..02-04 (work Sun 01-26, Sat 02-08); 清明 04-04..06; 劳动节 05-01..05
//         (work Sun 04-27); 端午 05-31..06-02; 国庆+中秋 10-01..08 (work Sun 09-28, Sat 10-11).
//   2026: 元旦 01-01..03 (work Sun 01-04); 春节 02-15..23 (work Sat 02-14, Sat 02-28); 清明 04-04..06;
//         劳动节 05-01..05 (work Sat 05-09); 端午 06-19..21; 中秋 09-25..27; 国庆 10-01..07
//         (work Sun 09-20, Sat 10-10).
// N working days end at 23:59:59 local time on the Nth working day strictly after the start date.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Client } from '../helpers/app';
import { cst, expectOk, expectProblem, World } from './_support';

let w: World;
let c: Client;
before(async () => {
  w = await World.open({ seed: true });
  c = await w.as('operator');
});
after(async () => {
  await w?.close();
});

const preview = (tier: number, from: string) => c('GET', `/api/v1/sla/preview?tier=${tier}&from=${encodeURIComponent(from)}`);
const eod = (date: string) => cst(`${date}T23:59:59`).toISOString();

interface Case {
  why: string;
  tier: number;
  from: string;
  sign: string;
  contact?: string;
  resolve: string;
}

// Working-day tiers: sign and contact are 1 working day, resolve 7 (tier 3) or 15 (tier 4).
const WORKDAY_CASES: Case[] = [
  { why: '2025 National Day + Mid-Autumn (the brief\'s example): 10-09, 10-10, Sat 10-11 make-up, 10-13..16', tier: 3, from: '2025-09-30T10:00:00+08:00', sign: eod('2025-10-09'), resolve: eod('2025-10-16') },
  { why: 'same day, one second before midnight: the local date counts, not the time', tier: 3, from: '2025-09-30T23:59:59+08:00', sign: eod('2025-10-09'), resolve: eod('2025-10-16') },
  { why: '2025 Spring Festival: Sun 01-26 make-up, 01-27, (01-28..02-04), 02-05..07, Sat 02-08 make-up, 02-10', tier: 3, from: '2025-01-24T16:00:00+08:00', sign: eod('2025-01-26'), resolve: eod('2025-02-10') },
  { why: '2025 Labour Day: Sun 04-27 make-up, 04-28..30, (05-01..05), 05-06..08', tier: 3, from: '2025-04-25T10:00:00+08:00', sign: eod('2025-04-27'), resolve: eod('2025-05-08') },
  { why: '2025 Dragon Boat: (05-31..06-02), 06-03..06, 06-09..11', tier: 3, from: '2025-05-30T10:00:00+08:00', sign: eod('2025-06-03'), resolve: eod('2025-06-11') },
  { why: 'New Year 2025→2026: 12-31, (01-01..03), Sun 01-04 make-up, 01-05..09', tier: 3, from: '2025-12-30T09:00:00+08:00', sign: eod('2025-12-31'), resolve: eod('2026-01-09') },
  { why: '2026 Spring Festival: Sat 02-14 make-up, (02-15..23), 02-24..27, Sat 02-28 make-up, 03-02', tier: 3, from: '2026-02-13T10:00:00+08:00', sign: eod('2026-02-14'), resolve: eod('2026-03-02') },
  { why: '2026 Spring Festival, tier 4 (15 working days): … 03-02, 03-03..06, 03-09..12', tier: 4, from: '2026-02-13T10:00:00+08:00', sign: eod('2026-02-14'), resolve: eod('2026-03-12') },
  { why: 'an instant given in UTC is counted from its Beijing date (Sat 02-14 01:00 local): 02-24..27, 02-28, 03-02, 03-03', tier: 3, from: '2026-02-13T17:00:00Z', sign: eod('2026-02-24'), resolve: eod('2026-03-03') },
  { why: '2026 Labour Day: (05-01..05), 05-06..08, Sat 05-09 make-up, 05-11..13', tier: 3, from: '2026-04-30T10:00:00+08:00', sign: eod('2026-05-06'), resolve: eod('2026-05-13') },
  { why: '2026 Mid-Autumn: Sun 09-20 make-up, 09-21..24, (09-25..27), 09-28, 09-29', tier: 3, from: '2026-09-18T10:00:00+08:00', sign: eod('2026-09-20'), resolve: eod('2026-09-29') },
  { why: '2026 Mid-Autumn + National Day, tier 4: … 09-29, 09-30, (10-01..07), 10-08, 10-09, Sat 10-10, 10-12..15', tier: 4, from: '2026-09-18T10:00:00+08:00', sign: eod('2026-09-20'), resolve: eod('2026-10-15') },
  { why: 'starting on a holiday (2026-10-01): 10-08, 10-09, Sat 10-10 make-up, 10-12..15', tier: 3, from: '2026-10-01T10:00:00+08:00', sign: eod('2026-10-08'), resolve: eod('2026-10-15') },
  { why: 'an ordinary week (Mon 2026-03-02): 03-03..06, 03-09..11', tier: 3, from: '2026-03-02T09:00:00+08:00', sign: eod('2026-03-03'), resolve: eod('2026-03-11') },
];

// Hour tiers are calendar time: holidays and nights do not stop them.
const HOUR_CASES: Case[] = [
  { why: 'tier 1 on a holiday: 15 min / 30 min / 2 h', tier: 1, from: '2025-10-01T10:00:00+08:00', sign: cst('2025-10-01T10:15:00').toISOString(), contact: cst('2025-10-01T10:30:00').toISOString(), resolve: cst('2025-10-01T12:00:00').toISOString() },
  { why: 'tier 1 across midnight into a holiday year start', tier: 1, from: '2025-12-31T23:50:00+08:00', sign: cst('2026-01-01T00:05:00').toISOString(), contact: cst('2026-01-01T00:20:00').toISOString(), resolve: cst('2026-01-01T01:50:00').toISOString() },
  { why: 'tier 2 in the Spring Festival: 1 h / 2 h / 24 h', tier: 2, from: '2026-02-16T20:00:00+08:00', sign: cst('2026-02-16T21:00:00').toISOString(), contact: cst('2026-02-16T22:00:00').toISOString(), resolve: cst('2026-02-17T20:00:00').toISOString() },
];

describe('GET /api/v1/sla/preview on the official calendar', () => {
  for (const k of [...WORKDAY_CASES, ...HOUR_CASES]) {
    test(`tier ${k.tier} from ${k.from} — ${k.why}`, async () => {
      const r = expectOk(await preview(k.tier, k.from));
      assert.deepEqual(r, { tier: k.tier, from: new Date(k.from).toISOString(), signDueAt: k.sign, contactDueAt: k.contact ?? k.sign, resolveDueAt: k.resolve, provisional: { sign: null, contact: null, resolve: null } });
    });
  }
});

test('the calendar covers 2025 and 2026, and says which years it covers', async () => {
  const cal = expectOk(await c('GET', '/api/v1/sla/calendar'));
  assert.ok(cal.firstYear <= 2025 && cal.lastYear >= 2026, JSON.stringify(cal));
  assert.equal(cal.timezone, 'Asia/Shanghai');
});

test('a year the calendar does not cover: plain weekdays, marked provisional with the year — never a silent guess', async () => {
  const p = expectOk(await preview(3, '2031-03-03T10:00:00+08:00'));
  assert.deepEqual(p.provisional, { sign: 2031, contact: 2031, resolve: 2031 });
  assert.equal(p.resolveDueAt, eod('2031-03-12'), 'Mon 03-03 + 7 weekdays = Wed 03-12');
  // The last covered year's end: 7 working days after 12-28 run into the next, uncovered year.
  const { lastYear } = expectOk(await c('GET', '/api/v1/sla/calendar'));
  const q = expectOk(await preview(3, `${lastYear}-12-28T10:00:00+08:00`));
  assert.equal(q.provisional.resolve, lastYear + 1);
  // Hour tiers need no calendar, so they still work in an uncovered year.
  assert.equal(expectOk(await preview(1, '2031-03-03T10:00:00+08:00')).resolveDueAt, cst('2031-03-03T12:00:00').toISOString());
});

test('a bad `from` → 400 invalid_date; a bad tier → 400 validation_failed; no session → 401', async () => {
  expectProblem(await preview(3, 'not-a-date'), 400, 'invalid_date');
  expectProblem(await preview(3, '2025-13-01T10:00:00+08:00'), 400, 'invalid_date');
  expectProblem(await c('GET', '/api/v1/sla/preview?tier=5&from=2025-09-30T10:00:00%2B08:00'), 400, 'validation_failed');
  expectProblem(await w.t.app.inject({ method: 'GET', url: '/api/v1/sla/preview?tier=3' }), 401, 'not_authenticated');
});

test('an impossible calendar date (2025-02-30) → 400 invalid_date, not silently 2025-03-02', async () => {
  expectProblem(await preview(3, '2025-02-30T10:00:00+08:00'), 400, 'invalid_date');
});

test('without `from` the preview starts at the server clock', async () => {
  w.t.clock.set('2026-02-13T10:00:00+08:00');
  const r = expectOk(await c('GET', '/api/v1/sla/preview?tier=3'));
  assert.equal(r.from, cst('2026-02-13T10:00:00').toISOString());
  assert.equal(r.resolveDueAt, eod('2026-03-02'));
});

test('a tier policy changed by the admin changes the preview (and an order dispatched under it)', async () => {
  const admin = await w.as('admin');
  const before = expectOk(await admin('GET', '/api/v1/sla/policies')).items.find((p: { tier: number }) => p.tier === 3);
  try {
    expectOk(await admin('PUT', '/api/v1/sla/policies/3', { name: '一般', sign: { amount: 1, unit: 'workdays' }, contact: { amount: 4, unit: 'hours' }, resolve: { amount: 5, unit: 'workdays' } }));
    const r = expectOk(await preview(3, '2025-09-30T10:00:00+08:00'));
    // 5 working days after 09-30: 10-09, 10-10, Sat 10-11, 10-13, 10-14.
    assert.equal(r.resolveDueAt, eod('2025-10-14'));
    assert.equal(r.contactDueAt, cst('2025-09-30T14:00:00').toISOString());
    expectProblem(await c('PUT', '/api/v1/sla/policies/3', before), 403, 'forbidden');
    w.t.clock.set('2025-09-30T10:00:00+08:00');
    const o = await w.reach('dispatched', { tier: 3 });
    assert.equal(o.resolveDueAt, eod('2025-10-14'));
    assert.equal(o.contactDueAt, cst('2025-09-30T14:00:00').toISOString());
  } finally {
    const { tier: _t, ...body } = before;
    expectOk(await admin('PUT', '/api/v1/sla/policies/3', body));
  }
  assert.equal(expectOk(await preview(3, '2025-09-30T10:00:00+08:00')).resolveDueAt, eod('2025-10-16'));
});
