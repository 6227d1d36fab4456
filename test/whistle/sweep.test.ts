// The whistle report-by sweep: `whistle_late` once the report-by time has passed without a report, and
// `whistle_missing` once a working day later — exactly once per (whistle, unit) with sweeps racing on one
// database, and (on server PostgreSQL) from separate connection pools, i.e. several instances at once.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runWhistleSweep } from '../../src/modules/whistle/whistle.sweep';
import { openPostgres } from '../../src/db/postgres';
import type { Db } from '../../src/db';
import { DEPT, DEPT_USER, OTHER_DEPT, USER_OF_ROLE, World, type Order } from '../core/_support';

let w: World;
const H = USER_OF_ROLE.handler;

before(async () => {
  w = await World.open();
  // The demo seed's whistle (one unit late): rate it, so this file counts only its own whistles.
  const { rows } = await w.t.s.db.query<{ orderId: number; units: number[] }>(
    `select w.order_id as "orderId", array_agg(wu.unit_id) as units from whistles w join whistle_units wu on wu.whistle_id = w.id where w.status = 'open' group by w.order_id`,
  );
  for (const r of rows) {
    const o = await w.get(r.orderId);
    const street = await w.t.s.db.query<{ code: string }>('select code from units where id = $1', [o.mainUnitId]);
    await w.do(`handler.${street.rows[0].code}`, o, 'whistle/rate', { ratings: r.units.map((unitId) => ({ unitId, score: 'basically' })) });
  }
});
after(async () => {
  await w?.close();
});

type Key = string;
/** Per (whistle, unit): how many late / missing events the order logs hold, for the given orders. */
async function records(orderIds: number[]): Promise<{ late: Map<Key, number>; missing: Map<Key, number> }> {
  const { rows } = await w.t.s.db.query<{ type: string; payload: { whistleId: number; unitId: number } }>(
    `select type, payload from order_events where order_id = any($1::int[]) and type in ('whistle_late', 'whistle_missing')`,
    [orderIds],
  );
  const late = new Map<Key, number>();
  const missing = new Map<Key, number>();
  for (const r of rows) {
    const m = r.type === 'whistle_late' ? late : missing;
    const k = `${r.payload.whistleId}/${r.payload.unitId}`;
    m.set(k, (m.get(k) ?? 0) + 1);
  }
  return { late, missing };
}
const outboxCount = async (template: string, orderIds: number[]) =>
  (await w.t.s.db.query<{ n: number }>('select count(*)::int as n from outbox where template = $1 and order_id = any($2::int[])', [template, orderIds])).rows[0].n;
const claimRows = async () => (await w.t.s.db.query<{ n: number }>('select count(*)::int as n from whistle_alerts')).rows[0].n;

/** Several sweeps at once; checks that what they report is what the claims table gained, and that a rerun finds nothing. */
async function raceAndCheck(dbs: Db[]): Promise<number> {
  const before = await claimRows();
  const results = await Promise.all(dbs.map((db) => runWhistleSweep(db, w.t.clock, w.t.s.effects)));
  const recorded = results.reduce((n, r) => n + r.recorded, 0);
  assert.equal((await claimRows()) - before, recorded, 'every record is one claim row');
  assert.equal((await runWhistleSweep(w.t.s.db, w.t.clock, w.t.s.effects)).recorded, 0, 'a sweep at the same moment finds nothing new');
  return recorded;
}

async function whistled(n: number): Promise<Order[]> {
  const out: Order[] = [];
  for (let i = 0; i < n; i++) {
    const o = await w.reach('accepted', { tier: 1, sub: false });
    out.push(await w.do(H, o, 'whistle', { departmentIds: [w.units.id(DEPT), w.units.id(OTHER_DEPT)], reason: `联合处置 ${i}` }));
  }
  return out;
}

async function run(dbs: () => Db[], day: string) {
  w.t.clock.set(`${day}T09:00:00+08:00`);
  const orders = await whistled(6);
  const ids = orders.map((o) => o.id);
  // One department reports on time on the first order.
  orders[0] = await w.do(DEPT_USER.handler, orders[0], 'whistle/report', w.body('whistle/report'));

  w.t.clock.set(`${day}T09:29:59+08:00`);
  assert.equal(await raceAndCheck(dbs()), 0, 'nothing is late before the report-by time (09:30)');

  w.t.clock.set(`${day}T09:30:01+08:00`);
  assert.equal(await raceAndCheck(dbs()), 6 * 2 - 1);
  let r = await records(ids);
  assert.equal(r.late.size, 11);
  assert.ok([...r.late.values()].every((n) => n === 1), 'each late record exactly once');
  assert.equal(r.missing.size, 0);
  assert.equal(await outboxCount('unit_whistle_late', ids), 11, 'one alert per late unit');

  // A late report stops nothing already recorded, and the unit is never missing.
  orders[1] = await w.do(DEPT_USER.handler, orders[1], 'whistle/report', w.body('whistle/report'));

  // Missing: still without a report at the end of the next working day after the report-by time.
  const missingAt = new Date((await w.t.s.db.query<{ m: Date }>('select missing_at as m from whistles where order_id = $1', [ids[0]])).rows[0].m);
  w.t.clock.set(new Date(missingAt.getTime() - 1000));
  assert.equal(await raceAndCheck(dbs()), 0);
  w.t.clock.set(new Date(missingAt.getTime() + 1000));
  assert.equal(await raceAndCheck(dbs()), 6 * 2 - 2);
  r = await records(ids);
  assert.equal(r.missing.size, 10);
  assert.ok([...r.missing.values()].every((n) => n === 1), 'each missing record exactly once');
  assert.equal(await outboxCount('unit_whistle_missing', ids), 10);

  // Rating afterwards adds no second missing record.
  const o = orders[2];
  await w.do(H, o, 'whistle/rate', { ratings: [{ unitId: w.units.id(DEPT), score: 'unsatisfied' }, { unitId: w.units.id(OTHER_DEPT), score: 'unsatisfied' }] });
  r = await records(ids);
  assert.ok([...r.missing.values()].every((n) => n === 1));
  assert.equal(await raceAndCheck(dbs()), 0);
}

test('late and missing reports are recorded once each under racing sweeps on one database', async () => {
  await run(() => [w.t.s.db, w.t.s.db, w.t.s.db, w.t.s.db], '2026-03-02');
});

test('sweeps from separate connection pools (several instances) on server PostgreSQL record each once', async (t) => {
  if (!w.t.tdb.url) return t.skip('needs server PostgreSQL (MINHU_TEST_DATABASE_URL)');
  const pools = [await openPostgres(w.t.tdb.url, 3), await openPostgres(w.t.tdb.url, 3)];
  try {
    await run(() => [pools[0], pools[1], w.t.s.db, pools[0], pools[1]], '2026-03-16');
  } finally {
    for (const p of pools) await p.close();
  }
});

test('a report racing the sweep just after the report-by time: the report lands (late), the reporting unit is recorded late at most once, the other exactly once', async () => {
  w.t.clock.set('2026-03-23T09:00:00+08:00');
  const [o] = await whistled(1);
  w.t.clock.set('2026-03-23T09:30:00.500+08:00');
  const [, report] = await Promise.all([runWhistleSweep(w.t.s.db, w.t.clock, w.t.s.effects), w.act(DEPT_USER.handler, o, 'whistle/report', w.body('whistle/report'))]);
  assert.equal(report.statusCode, 200, report.body);
  const events = (await w.events(o.id)).filter((e) => e.type === 'whistle_late' && e.payload.unitId === w.units.id(DEPT));
  const rep = (await w.events(o.id)).find((e) => e.type === 'whistle_reported')!;
  assert.equal(rep.payload.late, true, 'reported after the report-by time');
  assert.ok(events.length <= 1);
  await runWhistleSweep(w.t.s.db, w.t.clock, w.t.s.effects);
  const other = (await w.events(o.id)).filter((e) => e.type === 'whistle_late' && e.payload.unitId === w.units.id(OTHER_DEPT));
  assert.equal(other.length, 1);
});
