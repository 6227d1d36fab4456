// Issue 9 finding 12: auto-dispatch acts as the system — the `dispatched` event has no actor and says
// auto: true, assignments record no user — and the user whose registration triggered it gains nothing.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { expectOk, expectProblem, STREET, USER_OF_ROLE, World } from './_support';

let w: World;
const GRID = USER_OF_ROLE.grid_worker;

before(async () => {
  // Threshold 0: every order with a suggested unit is dispatched at once.
  w = await World.open({ config: { autoDispatchThreshold: 0 } });
});
after(async () => {
  await w?.close();
});

const dispatchedEvent = async (orderId: number) =>
  (await w.t.s.db.query<{ actorId: number | null; actorUnitId: number | null; payload: Record<string, unknown> }>(
    `select actor_id as "actorId", actor_unit_id as "actorUnitId", payload from order_events where order_id = $1 and type = 'dispatched'`, [orderId])).rows;

for (const who of ['operator', GRID]) {
  test(`an order registered by ${who} is auto-dispatched by the system, not by ${who}`, async () => {
    const o = await w.create({ channel: who === GRID ? 'grid' : 'phone', title: '东街人行道地砖破损', address: '鼓楼区东街街道东街口' }, who);
    assert.equal(o.status, 'dispatched', 'auto-dispatch did not happen (no suggestion?)');
    const ev = await dispatchedEvent(o.id);
    assert.equal(ev.length, 1);
    assert.equal(ev[0].actorId, null, 'the dispatched event must name the system (no user)');
    assert.equal(ev[0].actorUnitId, null);
    assert.equal(ev[0].payload.auto, true);
    const shown = (await w.get(o.id, 'dispatcher')).events.find((e: { type: string }) => e.type === 'dispatched');
    assert.equal(shown.actor, null);
    const registered = (await w.t.s.db.query<{ actorId: number }>(`select actor_id as "actorId" from order_events where order_id = $1 and type = 'registered'`, [o.id])).rows[0];
    assert.equal(registered.actorId, (await w.t.s.users.byUsername(who))!.id, 'the registration is still theirs');
    const asg = (await w.t.s.db.query<{ by: number | null }>('select assigned_by as by from order_assignments where order_id = $1', [o.id])).rows;
    assert.ok(asg.length > 0 && asg.every((a) => a.by === null), 'assignments made by the system record no user');
  });
}

test('a grid worker whose order is auto-dispatched gains no dispatcher right', async () => {
  const o = await w.create({ channel: 'grid', title: '东街路灯不亮', address: '鼓楼区东街街道' }, GRID);
  assert.equal(o.status, 'dispatched');
  // The answer of the create is the grid worker's own view: no dispatcher or centre actions in it.
  assert.deepEqual(o.allowedActions, []);
  assert.equal(o.requester.phone, '139****5678', 'the answer is masked as for a unit');
  const me = expectOk(await (await w.as(GRID))('GET', '/api/v1/me'));
  assert.equal(me.role ?? me.user?.role, 'grid_worker');
  // The grid worker cannot dispatch, re-dispatch or decide anything on it or on another order.
  // Their own consultation stays registered (consultations are never auto-dispatched): readable, not dispatchable.
  const other = await w.create({ channel: 'grid', title: '咨询：社区办事时间', type: 'consult' }, GRID);
  assert.equal(other.status, 'registered');
  expectProblem(await w.act(GRID, other, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3 }), 403, 'forbidden');
  expectProblem(await w.act(GRID, o, 'supervise', { note: 'x' }), 403, 'forbidden');
  const c = await w.as(GRID);
  expectProblem(await c('GET', `/api/v1/orders?phone=13912345678`), 403, 'forbidden');
});

test('auto-dispatch of an order registered without a category names the suggested leaf (a dispatch always has one)', async () => {
  const o = await w.create({ categoryId: null, title: '东街人行道地砖破损', address: '鼓楼区东街街道东街口' });
  assert.equal(o.status, 'dispatched', 'auto-dispatch did not happen (no suggestion?)');
  const ev = await dispatchedEvent(o.id);
  const leaf = (await w.t.s.db.query<{ level: number }>('select level from catalog_categories where id = $1', [ev[0].payload.categoryId])).rows[0];
  assert.equal(leaf?.level, 3, 'the auto-dispatch names a leaf category');
  assert.equal((await w.get(o.id)).categoryId, ev[0].payload.categoryId);
});
