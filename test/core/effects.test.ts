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
before(async () => {
  w = await World.open();
  w.t.s.effects.push(async (q, e) => {
    if (failNext) {
      failNext = false;
      throw new Error('hook failed');
    }
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
