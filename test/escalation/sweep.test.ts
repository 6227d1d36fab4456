// The escalation answer-by job: a request still open past its answer-by time is recorded escalation_overdue
// exactly once, with jobs racing on one database and (on server PostgreSQL) from separate connection pools, i.e.
// several instances; an answer committed first wins; one alert per record.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runEscalationSweep } from '../../src/modules/escalation/escalation.sweep';
import { openPostgres } from '../../src/db/postgres';
import type { Db } from '../../src/db';
import { DISTRICT_USER, World, type Order } from '../core/_support';

let w: World;
before(async () => {
  w = await World.open();
  // The demo seed's open request becomes overdue once, far ahead; the tests then count only their own.
  w.t.clock.set('2030-01-01T00:00:00+08:00');
  await runEscalationSweep(w.t.s.db, w.t.clock, w.t.s.effects);
});
after(() => w?.close());

const overdueEvents = async (ids: number[]) =>
  (await w.t.s.db.query<{ orderId: number; n: number }>(
    `select order_id as "orderId", count(*)::int as n from order_events where order_id = any($1::int[]) and type = 'escalation_overdue' group by order_id`, [ids],
  )).rows;
const alerts = async (ids: number[]) =>
  (await w.t.s.db.query<{ n: number }>(`select count(*)::int as n from outbox where template = 'unit_escalation_overdue' and order_id = any($1::int[])`, [ids])).rows[0].n;

async function race(dbs: Db[]): Promise<number> {
  const results = await Promise.all(dbs.map((db) => runEscalationSweep(db, w.t.clock, w.t.s.effects)));
  assert.equal((await runEscalationSweep(w.t.s.db, w.t.clock, w.t.s.effects)).recorded, 0, 'a pass at the same moment finds nothing new');
  return results.reduce((n, r) => n + r.recorded, 0);
}

async function run(dbs: () => Db[], day: string) {
  w.t.clock.set(`${day}T09:00:00+08:00`);
  const orders: Order[] = [];
  for (let i = 0; i < 5; i++) orders.push(await w.reachEscalated('accepted', { tier: 2 }));
  const ids = orders.map((o) => o.id);
  // One answered in time: never overdue.
  await w.do(DISTRICT_USER.handler, orders[0], 'escalation/answer', w.body('escalation/answer'));

  w.t.clock.set(`${day}T10:59:59+08:00`);
  assert.equal(await race(dbs()), 0, 'nothing is overdue before the 2-hour answer-by time');
  w.t.clock.set(`${day}T11:00:01+08:00`);
  assert.equal(await race(dbs()), 4);
  const ev = await overdueEvents(ids);
  assert.equal(ev.length, 4);
  assert.ok(ev.every((e) => e.n === 1), 'each request recorded overdue exactly once');
  assert.ok(!ev.some((e) => e.orderId === orders[0].id));
  assert.equal(await alerts(ids), 4, 'one alert to the addressed unit per record');
  // Later passes, and a late answer, add nothing.
  w.t.clock.set(`${day}T15:00:00+08:00`);
  await w.do(DISTRICT_USER.handler, await w.get(orders[1].id), 'escalation/answer', { decision: 'refused', note: '请街道自行处置' });
  assert.equal(await race(dbs()), 0);
  assert.ok((await overdueEvents(ids)).every((e) => e.n === 1));
}

test('overdue requests are recorded once each under racing passes on one database', async () => {
  await run(() => [w.t.s.db, w.t.s.db, w.t.s.db], '2026-03-02');
});

test('passes from separate connection pools (several instances) on server PostgreSQL record each once', async (t) => {
  if (!w.t.tdb.url) return t.skip('needs server PostgreSQL (MINHU_TEST_DATABASE_URL); PGlite has one connection');
  const pools = [await openPostgres(w.t.tdb.url, 3), await openPostgres(w.t.tdb.url, 3)];
  try {
    await run(() => [pools[0], pools[1], w.t.s.db, pools[0], pools[1]], '2026-03-16');
  } finally {
    for (const p of pools) await p.close();
  }
});

test('an answer racing the pass just after the answer-by time: either it lands first (no overdue) or the overdue is recorded once and the answer is late', async () => {
  w.t.clock.set('2026-03-23T09:00:00+08:00');
  const o = await w.reachEscalated('accepted', { tier: 1 });
  w.t.clock.set('2026-03-23T11:00:00.500+08:00');
  const [, res] = await Promise.all([runEscalationSweep(w.t.s.db, w.t.clock, w.t.s.effects), w.act(DISTRICT_USER.handler, o, 'escalation/answer', w.body('escalation/answer'))]);
  assert.equal(res.statusCode, 200, res.body);
  const events = (await w.events(o.id)).map((e) => e.type).filter((t) => t.startsWith('escalation_'));
  assert.ok(events.filter((t) => t === 'escalation_overdue').length <= 1);
  assert.equal(events.filter((t) => t === 'escalation_answered').length, 1);
  assert.equal((await w.events(o.id)).find((e) => e.type === 'escalation_answered')!.payload.late, true);
  assert.equal((await runEscalationSweep(w.t.s.db, w.t.clock, w.t.s.effects)).recorded, 0);
});
