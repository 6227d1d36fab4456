// The daily rollups kept by the effects hook equal a rebuild from the orders after a random mix of
// registrations on several days, dispatches (with categories), returns and re-dispatches, replies, callbacks,
// reopenings, merges and invalidations; and a rolled-back change leaves them untouched.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { World, type Order } from '../core/_support';
import { runSweep } from '../../src/modules/sla/sweep';
import { at, DAY, endOrder, handlerOf, OTHER_STREET, STREET, THIRD_STREET } from '../assessment/_flows';

let w: World;
before(async () => {
  w = await World.open({ start: '2026-05-04T09:00:00+08:00' });
});
after(() => w?.close());

function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function rollups(): Promise<string[]> {
  const { rows } = await w.t.s.db.query(
    `select to_char(day, 'YYYY-MM-DD') as day, unit_id, category_id, channel, type, status, n from insight_daily where n > 0 order by 1, 2, 3, 4, 5, 6`,
  );
  return rows.map((r) => JSON.stringify(r));
}

/** The same counts straight from the orders (what the rebuild computes), for a check independent of the rebuild. */
async function fromOrders(): Promise<string[]> {
  const { rows } = await w.t.s.db.query(
    `select to_char((created_at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as day, coalesce(main_unit_id, 0) as unit_id,
       coalesce(category_id, 0) as category_id, channel, type, status, count(*)::int as n from orders group by 1, 2, 3, 4, 5, 6 order by 1, 2, 3, 4, 5, 6`,
  );
  return rows.map((r) => JSON.stringify(r));
}

test('the rollups follow every change and equal a rebuild after a random mix', async () => {
  const rand = rng(4242);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const streets = [STREET, OTHER_STREET, THIRD_STREET];
  const leaves = (await w.t.s.catalog.list()).items.filter((c) => c.level === 3 && c.active).slice(0, 6).map((c) => c.id);
  const channels = ['phone', 'web', 'wechat', 'app'];
  const types = ['complaint', 'help', 'consult', 'suggestion'];
  const open: Order[] = [];
  w.t.clock.set(at('2026-06-01T09:00:00'));
  for (let i = 0; i < 30; i++) {
    // Some orders register just before midnight city time: the day is the city's, not UTC's.
    w.t.clock.advance(Math.floor(rand() * 14) * 3600_000 + Math.floor(rand() * 60) * 60_000);
    let o = await w.create({ channel: pick(channels), type: pick(types) });
    const r = rand();
    if (r < 0.1) continue; // stays registered
    if (r < 0.2 && open.length) {
      await w.do('operator', o, 'merge', { parentId: pick(open).id });
      continue;
    }
    let unit = pick(streets);
    o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(unit), tier: 3, categoryId: pick(leaves) });
    if (rand() < 0.25) {
      o = await w.do(handlerOf(unit), o, 'return', { reason: '非本单位' });
      if (rand() < 0.3) {
        await w.do('dispatcher', o, 'invalidate', { reason: '无效诉求' });
        continue;
      }
      unit = pick(streets.filter((s) => s !== unit));
      o = await w.do('dispatcher', o, 'return/approve', { mainUnitId: w.units.id(unit), tier: 3, categoryId: pick(leaves) });
    }
    if (rand() < 0.2) {
      open.push(o);
      continue; // stays with the unit
    }
    const h = handlerOf(unit);
    o = await w.do(h, o, 'sign');
    o = await w.do(h, o, 'contact', w.body('contact'));
    o = await w.do(h, o, 'reply', w.body('reply'));
    if (rand() < 0.2) continue; // waits for the callback
    o = await endOrder(w, o, pick([{ resolution: 'resolved', satisfaction: 'satisfied' }, { resolution: 'unresolved', satisfaction: 'unsatisfied' }, 'close'] as const));
    if (rand() < 0.2 && o.status === 'closed') await w.do('supervisor', o, 'reopen', { reason: '市民反映未解决' }).catch(() => undefined);
    if (i % 10 === 9) assert.deepEqual(await rollups(), await fromOrders(), `after order ${i}`);
  }
  // The deadline sweep (yellow/red, supervision) writes events but never moves an order between buckets.
  w.t.clock.advance(30 * DAY);
  assert.ok((await runSweep(w.t.s.db, w.t.clock, w.t.s.effects)).recorded > 0, 'the sweep recorded alerts');
  const live = await rollups();
  assert.deepEqual(live, await fromOrders());
  assert.ok(live.length > 10, `a varied mix (${live.length} buckets)`);
  const days = new Set(live.map((r) => JSON.parse(r).day));
  assert.ok(days.size >= 5, `several days (${days.size})`);
  const r = await w.t.s.insight.rebuild();
  assert.equal(r.orders, Number((await w.t.s.db.query<{ n: number }>('select count(*)::int as n from orders')).rows[0].n));
  assert.deepEqual(await rollups(), live);
});

test('a change that rolls back leaves the rollups as they were', async () => {
  const o = await w.create();
  const beforeRows = await rollups();
  // A stale version: the action's transaction (events, order row, hooks) rolls back with 409.
  const res = await w.act('dispatcher', { id: o.id, version: o.version + 5 }, 'dispatch', w.body('dispatch'));
  assert.equal(res.statusCode, 409);
  assert.deepEqual(await rollups(), beforeRows);
  await w.do('dispatcher', o, 'dispatch', w.body('dispatch'));
  assert.notDeepEqual(await rollups(), beforeRows);
  assert.deepEqual(await rollups(), await fromOrders());
});
