// The effects seam: hooks run inside the transaction of every order change (registration, action, sweep),
// see the events that change appended, and a failing hook rolls the whole change back.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runSweep } from '../../src/modules/sla/sweep';
import type { OrderEffect } from '../../src/modules/orders/effects';
import { expectOk, World } from './_support';

let w: World;
const seen: OrderEffect[] = [];
let failNext = false;
/** The batched writes a test hook adds to the next change: [action, detail] rows for audit_log. */
let writesNext: [string, unknown][] = [];
before(async () => {
  w = await World.open();
  w.t.s.effects.push(async (q, e) => {
    if (failNext) {
      failNext = false;
      throw new Error('hook failed');
    }
    for (const [action, detail] of writesNext) {
      e.write({ sql: 'insert into audit_log (at, action, order_id, detail) values ($1, $2, $3, $4)', params: [e.at, action, e.order.id, JSON.stringify(detail)] });
    }
    writesNext = [];
    // Inside the transaction: the change is visible to the hook's own connection.
    const { rows } = await q.query<{ status: string }>('select status from orders where id = $1', [e.order.id]);
    assert.equal(rows[0].status, e.order.status);
    seen.push(e);
  });
});
after(() => w.close());

test('registration, an action and the sweep each run the hooks with their events', async () => {
  seen.length = 0;
  const o = await w.create();
  assert.deepEqual(seen.map((e) => [e.cause, e.events.map((x) => x.type)]), [['register', ['registered']]]);
  await w.do('dispatcher', o, 'dispatch', w.body('dispatch'));
  assert.equal(seen[1].cause, 'dispatch');
  assert.equal(seen[1].before?.status, 'registered');
  assert.equal(seen[1].order.status, 'dispatched');
  assert.ok(seen[1].events.some((x) => x.type === 'dispatched'));
  w.t.clock.advance(40 * 24 * 3600_000);
  await runSweep(w.t.s.db, w.t.clock, w.t.s.effects);
  const sweep = seen.filter((e) => e.cause === 'sweep' && e.order.id === o.id);
  assert.equal(sweep.length, 1);
  assert.ok(sweep[0].events.some((x) => x.type === 'overdue'));
});

test('a failing hook rolls the action back: no event, no state change', async () => {
  const o = await w.create();
  const eventsBefore = (await w.events(o.id)).length;
  failNext = true;
  const admin = await w.as('dispatcher');
  const r = await admin('POST', `/api/v1/orders/${o.id}/dispatch`, { ...w.body('dispatch'), version: o.version });
  assert.equal(r.statusCode, 500);
  const now = await w.get(o.id);
  assert.equal(now.status, 'registered');
  assert.equal((await w.events(o.id)).length, eventsBefore);
  expectOk(await admin('POST', `/api/v1/orders/${o.id}/dispatch`, { ...w.body('dispatch'), version: o.version }));
});

test('the hooks\' batched writes land together with the change, each with its own parameters; a failing one rolls it back', async () => {
  const trail = async (id: number) => (await w.t.s.db.query<{ action: string; detail: unknown }>('select action, detail from audit_log where order_id = $1 and action like $2 order by action', [id, 'test.%'])).rows;
  const o = await w.create();
  // Several writes in one statement (the rollups', the join queue's and this hook's own two): none is lost or mixed up.
  writesNext = [['test.first', { n: 1, text: '$1 stays text' }], ['test.second', { n: 2 }]];
  await w.do('dispatcher', o, 'dispatch', w.body('dispatch'));
  assert.deepEqual(await trail(o.id), [{ action: 'test.first', detail: { n: 1, text: '$1 stays text' } }, { action: 'test.second', detail: { n: 2 } }]);
  const { rows: [r] } = await w.t.s.db.query<{ n: number }>(`select coalesce(sum(n), 0)::int as n from insight_daily where status = 'dispatched'`);
  assert.ok(r.n >= 1, 'the rollups\' move was written in the same statement');
  // A write that fails (an order that does not exist) fails the change: the order stays as it was, with no trail.
  const o2 = await w.create();
  const before2 = await w.get(o2.id);
  writesNext = [['test.ok', {}]];
  w.t.s.effects.push(async (_q, e) => e.write({ sql: 'insert into audit_log (at, action, order_id) values ($1, $2, $3)', params: [e.at, 'test.bad', -1] }));
  try {
    const r2 = await (await w.as('dispatcher'))('POST', `/api/v1/orders/${o2.id}/dispatch`, { ...w.body('dispatch'), version: before2.version });
    assert.ok(r2.statusCode >= 400, `refused: ${r2.statusCode}`);
  } finally {
    w.t.s.effects.pop();
  }
  assert.equal((await w.get(o2.id)).status, 'registered');
  assert.deepEqual(await trail(o2.id), []);
});
