// Entering a year's holiday schedule when the calendar package lags behind the State Council notice:
// before it, a deadline reaching into that year is provisional (plain weekdays, marked); after it, deadlines
// follow the entered holidays and make-up days, on every instance; bad schedules are refused whole.
//
// The schedule below is a TEST FIXTURE shaped like a notice, not the official schedule of any year.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildApp } from '../../src/app';
import { buildServices } from '../../src/services';
import { calendarCoverage } from '../../src/modules/sla';
import { CONSOLE, createTestApp, DEMO_PASSWORD, type Client } from '../helpers/app';
import { assertProblem } from '../proof/_support';

const Y = calendarCoverage().lastYear; // the last year the package ships
const N = Y + 1;
const weekday = (d: string) => new Date(`${d}T00:00:00Z`).getUTCDay();
const dayAfter = (d: string, k = 1) => new Date(Date.parse(`${d}T00:00:00Z`) + k * 86400_000).toISOString().slice(0, 10);
/** The first date on or after d that falls on the given weekday (0 = Sunday). */
const nextWeekday = (d: string, wd: number) => {
  while (weekday(d) !== wd) d = dayAfter(d);
  return d;
};

// Fixture: New Year's Day off; a Spring Festival week in February; one Saturday in January made a working day.
const makeUpSaturday = nextWeekday(`${N}-01-05`, 6);
const fixture = {
  source: '测试用安排（非官方）',
  holidays: [
    { from: `${N}-01-01`, name: '元旦' },
    { from: `${N}-02-08`, to: `${N}-02-14`, name: '春节' },
  ],
  workdays: [{ date: makeUpSaturday, name: '调休上班' }],
};

/** The nth working day after `start` under the fixture, counted here by hand from its rules. */
function expectedDue(start: string, n: number): string {
  const off = new Set([`${N}-01-01`, ...Array.from({ length: 7 }, (_, k) => dayAfter(`${N}-02-08`, k))]);
  let d = start;
  while (n > 0) {
    d = dayAfter(d);
    const wd = weekday(d);
    if (d === makeUpSaturday || (wd >= 1 && wd <= 5 && !off.has(d))) n--;
  }
  return d;
}

/** The nth weekday after `start`, ignoring every holiday: what a provisional deadline counts. */
function expectedDueOnWeekdays(start: string, n: number): string {
  let d = start;
  while (n > 0) {
    d = dayAfter(d);
    if (weekday(d) >= 1 && weekday(d) <= 5) n--;
  }
  return d;
}

const expectOkJson = (r: { statusCode: number; body: string; json(): any }) => { assert.equal(r.statusCode, 200, r.body); return r.json(); }; // eslint-disable-line @typescript-eslint/no-explicit-any

async function dispatchTier3(op: Client, disp: Client, streetId: number) {
  const created = await op("POST", "/api/v1/orders", { channel: "phone", type: "help", title: "路灯不亮", requester: { name: "甲", phone: "13800000000" } });
  assert.equal(created.statusCode, 201, created.body);
  const o = created.json();
  const cat = expectOkJson(await disp('GET', '/api/v1/catalog')).items.find((c: { level: number; name: string }) => c.level === 3 && c.name === '城市公共设施');
  return { o, r: await disp('POST', `/api/v1/orders/${o.id}/dispatch`, { version: o.version, mainUnitId: streetId, tier: 3, categoryId: cat.id }) };
}

test(`calendar years: a deadline into ${N} is provisional until an admin enters ${N}'s schedule, then recomputed once on every instance`, async () => {
  // Five calendar days before the end of the covered years: a 7-working-day deadline lands in the next year.
  const t = await createTestApp({ start: `${Y}-12-27T10:00:00+08:00` });
  try {
    let [op, disp, admin] = [await t.as('operator'), await t.as('dispatcher'), await t.as('admin')];
    const sup = await t.as('supervisor');
    const street = (await op('GET', '/api/v1/units')).json().items.find((u: { code: string }) => u.code === '350102004').id;
    const before = (await op('GET', '/api/v1/sla/calendar')).json();
    assert.deepEqual({ lastYear: before.lastYear, shippedLastYear: before.shippedLastYear, entered: before.entered }, { lastYear: Y, shippedLastYear: Y, entered: [] });

    // 1. Not covered: the dispatch succeeds on plain weekdays, visibly provisional, and admins are told.
    const pendingBefore = (await sup('GET', '/api/v1/sla/calendar')).json().provisional.find((p: { year: number }) => p.year === N)?.openOrders ?? 0;
    const first = await dispatchTier3(op, disp, street);
    const second = await dispatchTier3(op, disp, street);
    for (const d of [first, second]) assert.equal(d.r.statusCode, 200, d.r.body);
    const shown = first.r.json();
    assert.deepEqual(shown.deadlines.resolve.provisional, true);
    assert.equal(shown.deadlines.resolve.provisionalYear, N);
    assert.equal(shown.deadlines.sign.provisional, false, 'one working day after 12-27 is still in the covered year');
    assert.equal(shown.provisionalYear, N, 'lists carry the mark too');
    const plainDue = expectedDueOnWeekdays(`${Y}-12-27`, 7);
    assert.equal(shown.resolveDueAt, new Date(`${plainDue}T23:59:59+08:00`).toISOString());
    assert.deepEqual((await sup('GET', '/api/v1/sla/calendar')).json().provisional, [{ year: N, openOrders: pendingBefore + 2 }]);
    const listed = (await sup('GET', '/api/v1/orders?pageSize=100')).json().items.find((o: { id: number }) => o.id === first.o.id);
    assert.equal(listed.provisionalYear, N);

    // 2. Only admins enter schedules; a shipped year cannot be overwritten; years come in order.
    assert.equal((await sup('PUT', `/api/v1/sla/calendar/years/${N}`, fixture)).statusCode, 403);
    assert.equal(assertProblem(await admin('PUT', `/api/v1/sla/calendar/years/${Y}`, fixture), 'shipped').code, 'calendar_year_shipped');
    assert.equal(assertProblem(await admin('PUT', `/api/v1/sla/calendar/years/${N + 1}`, fixture), 'gap').code, 'calendar_year_gap');

    // 3. A second instance on the same database, holding the calendar in memory.
    const s2 = buildServices(t.tdb.db, t.clock, t.s.config);
    const app2 = await buildApp(s2, { logger: false, serveWeb: false });
    await app2.ready();
    try {
      const login = await app2.inject({ method: 'POST', url: '/api/v1/session', payload: { username: 'dispatcher', password: DEMO_PASSWORD }, headers: CONSOLE });
      const cookie = `minhu_session=${login.cookies.find((c) => c.name === 'minhu_session')!.value}`;
      const preview2 = () => app2.inject({ method: 'GET', url: '/api/v1/sla/preview?tier=3', headers: { cookie } });
      assert.equal((await preview2()).json().provisional.resolve, N, 'instance 2 before');

      // 4. The year is saved by an instance that then dies before recomputing: both instances' catch-up passes
      // race, and every provisional order is recomputed exactly once, with one event each.
      const adminId = (await t.s.users.byUsername('admin'))!.id;
      await t.s.calendar.saveYear(N, fixture, adminId);
      await new Promise((r) => setTimeout(r, 100)); // the other instance hears NOTIFY minhu_calendar
      s2.calendar.invalidate();
      const raced = await Promise.all([t.s.provisional.recompute(), s2.provisional.recompute()]);
      assert.equal(raced[0].changed + raced[1].changed, pendingBefore + 2, JSON.stringify(raced));
      const due = expectedDue(`${Y}-12-27`, 7);
      assert.notEqual(due, plainDue, 'the fixture moves this deadline (New Year off)');
      for (const d of [first, second]) {
        const o = (await disp('GET', `/api/v1/orders/${d.o.id}`)).json();
        assert.equal(o.deadlines.resolve.provisional, false);
        assert.equal(o.provisionalYear, null);
        assert.equal(o.resolveDueAt, new Date(`${due}T23:59:59+08:00`).toISOString());
        const recomputed = o.events.filter((e: { type: string }) => e.type === 'deadlines_recomputed');
        assert.equal(recomputed.length, 1);
        assert.deepEqual(recomputed[0].payload.changes.map((c: { deadline: string }) => c.deadline), ['resolve']);
      }
      assert.deepEqual((await sup('GET', '/api/v1/sla/calendar')).json().provisional, []);
      // Saving again through the API recomputes nothing more.
      const saved = await admin('PUT', `/api/v1/sla/calendar/years/${N}`, fixture);
      assert.equal(saved.statusCode, 200, saved.body);
      const cov = saved.json();
      assert.equal(cov.lastYear, N);
      assert.equal(cov.entered[0].year, N);
      assert.equal(cov.entered[0].source, fixture.source);
      assert.equal(Object.keys(cov.entered[0].holidays).length, 8);
      assert.equal((await disp('GET', `/api/v1/orders/${first.o.id}`)).json().events.filter((e: { type: string }) => e.type === 'deadlines_recomputed').length, 1);

      // The other instance computes the same, official deadline.
      let p2 = await preview2();
      for (const t0 = Date.now(); p2.json().provisional.resolve !== null && Date.now() - t0 < 3000; await new Promise((r) => setTimeout(r, 50))) p2 = await preview2();
      assert.equal(p2.json().provisional.resolve, null);
      assert.equal(p2.json().resolveDueAt, new Date(`${due}T23:59:59+08:00`).toISOString());

      // A dispatch during the entered Spring Festival counts from the first working day after it.
      t.clock.set(new Date(`${N}-02-09T10:00:00+08:00`));
      [op, disp] = [await t.as('operator'), await t.as('dispatcher')]; // six weeks later: sessions have expired
      const inFestival = await dispatchTier3(op, disp, street);
      assert.equal(inFestival.r.statusCode, 200, inFestival.r.body);
      assert.equal(inFestival.r.json().signDueAt, new Date(`${expectedDue(`${N}-02-09`, 1)}T23:59:59+08:00`).toISOString());
      assert.ok(expectedDue(`${N}-02-09`, 1) > `${N}-02-14`, 'the fixture puts the first working day after the break');

      // 5. Removing the year: deadlines into it are provisional again, here and on the other instance.
      t.clock.set(new Date(`${Y}-12-27T10:00:00+08:00`));
      [op, disp, admin] = [await t.as('operator'), await t.as('dispatcher'), await t.as('admin')];
      assert.equal((await admin('DELETE', `/api/v1/sla/calendar/years/${N}`)).statusCode, 204);
      const after = await dispatchTier3(op, disp, street);
      assert.equal(after.r.statusCode, 200, after.r.body);
      assert.equal(after.r.json().deadlines.resolve.provisionalYear, N);
      p2 = await preview2();
      for (const t0 = Date.now(); p2.json().provisional.resolve === null && Date.now() - t0 < 3000; await new Promise((r) => setTimeout(r, 50))) p2 = await preview2();
      assert.equal(p2.json().provisional.resolve, N, 'instance 2 after removal');
      assert.equal(assertProblem(await admin('DELETE', `/api/v1/sla/calendar/years/${N}`), 'twice').code, 'not_found');
    } finally {
      await app2.close();
    }
  } finally {
    await t.close();
  }
});

test('calendar years: a schedule with mistakes is refused whole, every mistake listed, nothing saved', async () => {
  const t = await createTestApp();
  try {
    const admin = await t.as('admin');
    const weekdayDate = nextWeekday(`${N}-03-01`, 3);
    const r = await admin('PUT', `/api/v1/sla/calendar/years/${N}`, {
      holidays: [
        { from: `${N}-02-30`, name: '春节' }, // no such date
        { from: `${Y}-06-01`, name: '儿童节' }, // outside the notice's year
        { from: `${N}-05-01`, to: `${N}-04-28`, name: '劳动节' }, // ends before it starts
        { from: `${N}-10-01`, to: `${N}-10-31`, name: '国庆节' }, // a month off
      ],
      workdays: [{ date: weekdayDate, name: '调休上班' }], // a Wednesday is a working day anyway
    });
    const p = assertProblem(r, 'bad schedule');
    assert.equal(p.code, 'calendar_schedule_invalid');
    const fields = (p.errors as { path: string; message: string }[]).map((e) => e.path);
    for (const f of ['holidays[0].from', 'holidays[1].from', 'holidays[2].to', 'holidays[3]', 'workdays[0].date', 'holidays']) assert.ok(fields.includes(f), `${f} not reported: ${JSON.stringify(p.errors)}`);
    assert.match(JSON.stringify(p.errors), /Saturday or Sunday/);
    assert.deepEqual((await admin('GET', '/api/v1/sla/calendar')).json().entered, []);
    // Schema-level nonsense is a 400, never a 500.
    assert.equal((await admin('PUT', `/api/v1/sla/calendar/years/${N}`, { holidays: 'soon' })).statusCode, 400);
    assert.equal((await admin('PUT', '/api/v1/sla/calendar/years/abc', { holidays: [], workdays: [] })).statusCode, 400);
  } finally {
    await t.close();
  }
});
