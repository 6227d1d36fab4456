// The deadline sweep (runSweep): yellow at 75% of the time, red strictly after the due time, automatic
// supervision on a missed resolution — each exactly once per order, clock and level, even with sweeps
// racing on one database (and, on server PostgreSQL, from separate connection pools = instances).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runSweep } from '../../src/modules/sla/sweep';
import { openPostgres } from '../../src/db/postgres';
import type { Db } from '../../src/db';
import { cst, OTHER_STREET, USER_OF_ROLE, World, type Order } from './_support';

let w: World;
const H = USER_OF_ROLE.handler;
const MIN = 60_000;

before(async () => {
  w = await World.open();
});
after(async () => {
  await w?.close();
});

/** Per order: how many warned/overdue events per deadline, and automatic supervisions. */
async function alerts(orderId: number) {
  const out: Record<string, number> = {};
  for (const e of await w.events(orderId)) {
    const key = e.type === 'supervised' ? (e.payload.auto ? 'supervised:auto' : 'supervised:manual') : e.type === 'warned' || e.type === 'overdue' ? `${e.type}:${e.payload.deadline}` : null;
    if (key) out[key] = (out[key] ?? 0) + 1;
  }
  return out;
}
const alertRows = async () => (await w.t.s.db.query<{ n: number }>('select count(*)::int as n from order_alerts')).rows[0].n;

/** Several sweeps at once on the same clock; returns the total they recorded. */
async function race(dbs: Db[]): Promise<number> {
  const results = await Promise.all(dbs.map((db) => runSweep(db, w.t.clock)));
  return results.reduce((n, r) => n + r.recorded, 0);
}

/** Races the given sweeps and checks the invariants that hold whatever else is in the database. */
async function raceAndCheck(dbs: Db[]) {
  const rowsBefore = await alertRows();
  const recorded = await race(dbs);
  assert.equal(await alertRows() - rowsBefore, recorded, 'every recorded alert is one claim row');
  const again = await runSweep(w.t.s.db, w.t.clock);
  assert.equal(again.recorded, 0, 'a sweep at the same moment finds nothing new');
  return recorded;
}

test('yellow at exactly 75%, red strictly after the due time, auto supervision — once each under racing sweeps', async () => {
  w.t.clock.set('2026-03-02T09:00:00+08:00');
  // A: tier 1 (sign 15 min, contact 30 min, resolve 2 h), never signed. B: tier 1, signed and contacted.
  const a = await w.reach('dispatched', { tier: 1 });
  let b = await w.reach('accepted', { tier: 1, sub: false });
  b = await w.do(H, b, 'contact', { note: '已联系' });
  // C: tier 3 from Mon 03-02 09:00, due Wed 03-11 23:59:59; 75% of 9 d 14:59:59 = 7 d 05:14:59.25 → 03-09 14:14:59.250.
  let c = await w.reach('accepted', { tier: 3, sub: false });
  c = await w.do(H, c, 'contact', { note: '已联系' });
  const db = w.t.s.db;

  w.t.clock.set('2026-03-02T09:14:59+08:00');
  await raceAndCheck([db, db]);
  assert.deepEqual(await alerts(a.id), {});

  w.t.clock.set('2026-03-02T10:29:59.999+08:00');
  await raceAndCheck([db, db, db]);
  assert.deepEqual(await alerts(a.id), { 'overdue:sign': 1, 'overdue:contact': 1 });
  assert.deepEqual(await alerts(b.id), {});
  assert.equal((await w.get(b.id)).warning, 'green');

  w.t.clock.set('2026-03-02T10:30:00+08:00'); // 90 of 120 minutes
  await raceAndCheck([db, db, db]);
  assert.deepEqual(await alerts(a.id), { 'overdue:sign': 1, 'overdue:contact': 1, 'warned:resolve': 1 });
  assert.deepEqual(await alerts(b.id), { 'warned:resolve': 1 });
  assert.equal((await w.get(b.id)).warning, 'yellow');
  assert.equal((await w.get(a.id)).warning, 'red', 'A is past its sign deadline');
  const sup = await w.as('supervisor');
  const yellow = (await sup('GET', '/api/v1/orders?warning=yellow&pageSize=200')).json().items.map((x: Order) => x.id);
  assert.ok(yellow.includes(b.id) && !yellow.includes(a.id));

  w.t.clock.set('2026-03-02T11:00:00+08:00'); // due, not yet over
  await raceAndCheck([db, db]);
  assert.deepEqual(await alerts(b.id), { 'warned:resolve': 1 });

  w.t.clock.set('2026-03-02T11:00:00.001+08:00');
  await raceAndCheck([db, db, db, db]);
  assert.deepEqual(await alerts(a.id), { 'overdue:sign': 1, 'overdue:contact': 1, 'warned:resolve': 1, 'overdue:resolve': 1, 'supervised:auto': 1 });
  assert.deepEqual(await alerts(b.id), { 'warned:resolve': 1, 'overdue:resolve': 1, 'supervised:auto': 1 });
  const bNow = await w.get(b.id);
  assert.equal(bNow.supervised, true);
  assert.equal(bNow.warning, 'red');
  const auto = (await w.events(b.id)).find((e) => e.type === 'supervised')!;
  assert.equal(auto.payload.auto, true);

  w.t.clock.set('2026-03-09T14:14:59.249+08:00');
  await raceAndCheck([db, db]);
  assert.deepEqual(await alerts(c.id), {});
  w.t.clock.set('2026-03-09T14:14:59.250+08:00');
  await raceAndCheck([db, db]);
  assert.deepEqual(await alerts(c.id), { 'warned:resolve': 1 });
  const warned = (await w.events(c.id)).find((e) => e.type === 'warned')!;
  assert.deepEqual(warned.payload, { deadline: 'resolve', dueAt: cst('2026-03-11T23:59:59').toISOString() });

  // Later sweeps never repeat anything.
  w.t.clock.set('2026-03-20T09:00:00+08:00');
  await raceAndCheck([db, db]);
  assert.deepEqual(await alerts(a.id), { 'overdue:sign': 1, 'overdue:contact': 1, 'warned:resolve': 1, 'overdue:resolve': 1, 'supervised:auto': 1 });
  assert.deepEqual(await alerts(c.id), { 'warned:resolve': 1, 'overdue:resolve': 1, 'supervised:auto': 1 });
});

test('a re-dispatch after an approved return starts a new clock that warns again; so does a reopen', async () => {
  w.t.clock.set('2026-04-01T09:00:00+08:00'); // Wed
  let o = await w.reach('accepted', { tier: 1, sub: false });
  o = await w.do(H, o, 'contact', { note: '已联系' });
  w.t.clock.set('2026-04-01T10:45:00+08:00');
  await raceAndCheck([w.t.s.db, w.t.s.db]);
  assert.deepEqual(await alerts(o.id), { 'warned:resolve': 1 });

  o = await w.do(H, o, 'return', { reason: '不属于本街道' });
  w.t.clock.set('2026-04-01T12:00:00+08:00');
  // 首办负责制: approving the return sets the new owner in the same step; its new clock runs 12:00 → 14:00.
  o = await w.do('dispatcher', o, 'return/approve', { mainUnitId: w.units.id(OTHER_STREET), tier: 1 });
  await raceAndCheck([w.t.s.db]);
  assert.deepEqual(await alerts(o.id), { 'warned:resolve': 1 }, 'the old clock is gone with the old owner');
  const other = `handler.${OTHER_STREET}`;
  o = await w.do(other, o, 'sign');
  o = await w.do(other, o, 'contact', { note: '新单位已联系' });
  w.t.clock.set('2026-04-01T13:29:59+08:00');
  await raceAndCheck([w.t.s.db, w.t.s.db]);
  assert.deepEqual(await alerts(o.id), { 'warned:resolve': 1 });
  w.t.clock.set('2026-04-01T13:30:00+08:00');
  await raceAndCheck([w.t.s.db, w.t.s.db]);
  assert.deepEqual(await alerts(o.id), { 'warned:resolve': 2 });
  const dues = (await w.events(o.id)).filter((e) => e.type === 'warned').map((e) => e.payload.dueAt);
  assert.deepEqual(dues, [cst('2026-04-01T11:00:00').toISOString(), cst('2026-04-01T14:00:00').toISOString()]);

  o = await w.do(other, o, 'reply', w.body('reply'));
  w.t.clock.set('2026-04-01T15:00:00+08:00'); // replied: the clock is stopped
  await raceAndCheck([w.t.s.db]);
  assert.deepEqual(await alerts(o.id), { 'warned:resolve': 2 });
  o = await w.do('callback', o, 'callback', { outcome: 'done', contacted: true, resolution: 'unresolved', satisfaction: 'unsatisfied' });
  o = await w.do('callback', o, 'reopen', { reason: '未解决' }); // new clock 15:00 → 17:00
  w.t.clock.set('2026-04-01T16:30:00+08:00');
  await raceAndCheck([w.t.s.db, w.t.s.db]);
  assert.deepEqual(await alerts(o.id), { 'warned:resolve': 3 });
});

test('orders out of the clock (listed 挂账, replied, closed) are never warned', async () => {
  w.t.clock.set('2026-05-06T09:00:00+08:00');
  const listed = await w.do('supervisor', await w.reach('accepted', { tier: 1 }), 'list', { reason: '纳入计划', until: '2026-12-31' });
  const replied = await w.reach('replied', { tier: 1 });
  const closed = await w.reach('closed', { tier: 1 });
  w.t.clock.set('2026-05-08T09:00:00+08:00');
  await raceAndCheck([w.t.s.db, w.t.s.db]);
  for (const o of [listed, replied, closed]) assert.deepEqual(await alerts(o.id), {}, `${o.status} order was swept`);
});

/**
 * The real database, with an action run through the API just before the sweep's first claim
 * transaction — i.e. after the sweep has read its batch. Nothing is faked: it only fixes the interleaving.
 */
function actingBetweenReadAndClaim(db: Db, act: () => Promise<void>): Db {
  let fired = false;
  return {
    ...db,
    async tx(fn) {
      if (!fired) {
        fired = true;
        await act();
      }
      return db.tx(fn);
    },
  };
}

test('an order replied or re-dispatched after the sweep read its batch gets no alert about the old state', async () => {
  w.t.clock.set('2026-04-08T09:00:00+08:00'); // Wed
  let replied = await w.reach('accepted', { tier: 1, sub: false });
  replied = await w.do(H, replied, 'contact', { note: '已联系' });
  let moved = await w.reach('return_requested', { tier: 1, sub: false });
  w.t.clock.set('2026-04-08T11:30:00+08:00'); // both are past their 11:00 resolution deadline, nothing recorded yet
  const eventsBefore = (await w.events(moved.id)).length;
  await runSweep(
    actingBetweenReadAndClaim(w.t.s.db, async () => {
      replied = await w.do(H, replied, 'reply', w.body('reply'));
      moved = await w.do('dispatcher', moved, 'return/approve', { mainUnitId: w.units.id(OTHER_STREET), tier: 1 }); // new clock 11:30 → 13:30
    }),
    w.t.clock,
  );
  assert.deepEqual(await alerts(replied.id), {}, 'a replied order has no running clock');
  assert.equal((await w.get(replied.id)).supervised, false);
  assert.deepEqual(await alerts(moved.id), {}, 'the new clock of the new unit is not overdue');
  assert.equal((await w.events(moved.id)).length, eventsBefore + 2);
  const { rows } = await w.t.s.db.query<{ n: number }>('select count(*)::int as n from order_alerts where order_id = any($1::int[])', [[replied.id, moved.id]]);
  assert.equal(rows[0].n, 0);
});

test('sweeps from separate connection pools (several instances) on server PostgreSQL record each alert once', async (t) => {
  if (!w.t.tdb.url) return t.skip('needs server PostgreSQL (MINHU_TEST_DATABASE_URL)');
  const pools = [await openPostgres(w.t.tdb.url, 3), await openPostgres(w.t.tdb.url, 3)];
  try {
    w.t.clock.set('2026-06-01T09:00:00+08:00'); // Mon
    const orders: Order[] = [];
    for (let i = 0; i < 30; i++) orders.push(await w.reach('dispatched', { tier: 1 }));
    for (const at of ['2026-06-01T09:20:00', '2026-06-01T10:30:00', '2026-06-01T11:00:01']) {
      w.t.clock.set(`${at}+08:00`);
      await raceAndCheck([pools[0], pools[1], w.t.s.db, pools[0], pools[1]]);
    }
    for (const o of orders) {
      assert.deepEqual(await alerts(o.id), { 'overdue:sign': 1, 'overdue:contact': 1, 'warned:resolve': 1, 'overdue:resolve': 1, 'supervised:auto': 1 }, `order ${o.id}`);
    }
  } finally {
    for (const p of pools) await p.close();
  }
});

test('extensions move only the resolution deadline: the contact overdue is recorded once, the moved resolution re-arms once per due time', async () => {
  w.t.clock.set('2026-07-06T09:00:00+08:00'); // Mon; tier 1: sign 09:15, contact 09:30, resolve 11:00
  let o = await w.reach('accepted', { tier: 1, sub: false });
  const sweepAt = async (local: string) => {
    w.t.clock.set(`${local}+08:00`);
    await raceAndCheck([w.t.s.db, w.t.s.db]);
  };
  await sweepAt('2026-07-06T09:40:00');
  assert.deepEqual(await alerts(o.id), { 'overdue:contact': 1 });
  for (const [i, [at, sweep]] of [['09:45', '09:50'], ['10:20', '10:30']].entries()) {
    w.t.clock.set(`2026-07-06T${at}:00+08:00`);
    o = await w.do(H, o, 'extension', { reason: '需协调', extra: { amount: 2, unit: 'hours' } });
    o = await w.do('supervisor', o, 'extension/approve', { note: '同意' });
    assert.equal(o.resolveDueAt, cst(`2026-07-06T${13 + 2 * i}:00:00`).toISOString());
    await sweepAt(`2026-07-06T${sweep}:00`);
  }
  // 75 % of 09:00 → 15:00 is 13:30; red after 15:00.
  await sweepAt('2026-07-06T13:31:00');
  await sweepAt('2026-07-06T15:00:01');
  await sweepAt('2026-07-06T16:00:00');
  assert.deepEqual(await alerts(o.id), { 'overdue:contact': 1, 'warned:resolve': 1, 'overdue:resolve': 1, 'supervised:auto': 1 });
  // Reopened: a new clock for contact and resolution, each recorded once more — never the sign deadline again.
  o = await w.do(H, o, 'reply', w.body('reply'));
  o = await w.do('callback', o, 'reopen', { reason: '未解决' });
  await sweepAt('2026-07-06T16:31:00');
  await sweepAt('2026-07-06T18:01:00');
  await sweepAt('2026-07-06T19:00:00');
  assert.deepEqual(await alerts(o.id), { 'overdue:contact': 2, 'warned:resolve': 2, 'overdue:resolve': 2, 'supervised:auto': 2 });
});
