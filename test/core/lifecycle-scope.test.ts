// Wrong unit: another street cannot even see the order (404, as if it did not exist); co-handling and
// copy units see it but may not sign or reply (403); involvement rules for contact and sub-dispatch.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMUNITY, expectProblem, OTHER_STREET, STREET, THIRD_STREET, USER_OF_ROLE, World, type Order } from './_support';

let w: World;
const H = USER_OF_ROLE.handler;
const CO = `handler.${OTHER_STREET}`;
const COPY = `handler.${THIRD_STREET}`;
const STRANGER = 'handler.350102009';

before(async () => {
  w = await World.open();
  await w.createUser('unitleader.350102', 'unit_leader', '350102');
});
after(async () => {
  await w?.close();
});

async function dispatchedWithCoAndCopy(): Promise<Order> {
  const o = await w.create();
  return w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), coUnitIds: [w.units.id(OTHER_STREET)], copyUnitIds: [w.units.id(THIRD_STREET)], tier: 3 });
}

test('a handler of another street gets 404 order_not_found for every read and action, and nothing changes', async () => {
  const o = await dispatchedWithCoAndCopy();
  const before = await w.snapshot(o.id);
  const c = await w.as(STRANGER);
  expectProblem(await c('GET', `/api/v1/orders/${o.id}`), 404, 'order_not_found');
  expectProblem(await c('POST', `/api/v1/orders/${o.id}/reveal-phone`), 404, 'order_not_found');
  for (const action of ['sign', 'return'] as const) expectProblem(await w.act(STRANGER, o, action, w.body(action)), 404, 'order_not_found');
  const signed = await w.do(H, o, 'sign');
  for (const action of ['contact', 'reply', 'extension', 'subdispatch'] as const) expectProblem(await w.act(STRANGER, signed, action, w.body(action)), 404, 'order_not_found');
  const list = (await c('GET', '/api/v1/orders?pageSize=200')).json();
  assert.ok(!list.items.some((x: Order) => x.id === o.id));
  assert.equal((await w.snapshot(o.id)).version, before.version + 1); // only the real handler's sign
});

test('a co-handling unit sees the order, may contact, but may not sign, reply, return, extend or sub-dispatch (403)', async () => {
  let o = await dispatchedWithCoAndCopy();
  assert.equal((await w.get(o.id, CO)).id, o.id);
  expectProblem(await w.act(CO, o, 'sign'), 403, 'forbidden');
  expectProblem(await w.act(CO, o, 'return', w.body('return')), 403, 'forbidden');
  assert.equal((await w.snapshot(o.id)).status, 'dispatched');
  o = await w.do(H, o, 'sign');
  const before = await w.snapshot(o.id);
  for (const action of ['reply', 'extension', 'return'] as const) expectProblem(await w.act(CO, o, action, w.body(action)), 403, 'forbidden');
  expectProblem(await w.act(CO, o, 'subdispatch', { unitId: w.units.id(`${OTHER_STREET}001`) }), 403, 'forbidden');
  assert.deepEqual(await w.snapshot(o.id), before);
  const seen = await w.get(o.id, CO);
  assert.deepEqual(seen.allowedActions, ['contact']);
  const contacted = await w.do(CO, o, 'contact', { note: '协办单位已联系市民' });
  assert.equal(contacted.status, 'accepted');
  assert.ok(contacted.firstContactAt);
});

test('a copy (抄送) unit can read but may not sign, contact or reply (403)', async () => {
  let o = await dispatchedWithCoAndCopy();
  const seen = await w.get(o.id, COPY);
  assert.deepEqual(seen.allowedActions, []);
  expectProblem(await w.act(COPY, o, 'sign'), 403, 'forbidden');
  o = await w.do(H, o, 'sign');
  const before = await w.snapshot(o.id);
  for (const action of ['contact', 'reply', 'extension', 'return'] as const) expectProblem(await w.act(COPY, o, action, w.body(action)), 403, 'forbidden');
  assert.deepEqual(await w.snapshot(o.id), before);
});

test('a unit above the main handler (the district) may act as main; a community sees the order only once sub-dispatched', async () => {
  let o = await w.create();
  o = await w.do('dispatcher', o, 'dispatch', { mainUnitId: w.units.id(STREET), tier: 3 });
  const grid = USER_OF_ROLE.grid_worker;
  const gc = await w.as(grid);
  expectProblem(await gc('GET', `/api/v1/orders/${o.id}`), 404, 'order_not_found');
  o = await w.do('unitleader.350102', o, 'sign');
  assert.equal(o.status, 'accepted');
  o = await w.do(USER_OF_ROLE.unit_leader, o, 'subdispatch', { unitId: w.units.id(COMMUNITY) });
  const sub = o.assignments.find((a: { role: string }) => a.role === 'sub');
  assert.equal(sub.unitId, w.units.id(COMMUNITY));
  assert.equal((await w.get(o.id, grid)).id, o.id);
  o = await w.do(grid, o, 'contact', { note: '网格员已上门' });
  assert.equal(o.status, 'accepted');
  assert.equal((await w.events(o.id)).at(-1)!.type, 'contacted');
});

test('sub-dispatch only goes to a community or grid below the main handler (422 unit_not_assignable)', async () => {
  const o = await w.reach('accepted', { sub: false });
  const before = await w.snapshot(o.id);
  expectProblem(await w.act(H, o, 'subdispatch', { unitId: w.units.id(`${OTHER_STREET}001`) }), 422, 'unit_not_assignable');
  expectProblem(await w.act(H, o, 'subdispatch', { unitId: w.units.id(OTHER_STREET) }), 422, 'unit_not_assignable');
  expectProblem(await w.act(H, o, 'subdispatch', { unitId: w.units.id('350102') }), 422, 'unit_not_assignable');
  assert.deepEqual(await w.snapshot(o.id), before);
  const grid = w.units.all.find((u) => u.type === 'grid' && u.path.startsWith(w.units.path(STREET)))!;
  const done = await w.do(H, o, 'subdispatch', { unitId: grid.id });
  assert.ok(done.assignments.some((a: { role: string; unitId: number }) => a.role === 'sub' && a.unitId === grid.id));
});

test('dispatch refuses units that cannot handle orders (the centre, a grid as main)', async () => {
  const o = await w.create();
  expectProblem(await w.act('dispatcher', o, 'dispatch', { mainUnitId: w.units.id('C12345') }), 422, 'unit_not_assignable');
  const grid = w.units.all.find((u) => u.type === 'grid')!;
  expectProblem(await w.act('dispatcher', o, 'dispatch', { mainUnitId: grid.id }), 422, 'unit_not_assignable');
  expectProblem(await w.act('dispatcher', o, 'dispatch', { mainUnitId: 999999 }), 404, 'unit_not_found');
  const snap = await w.snapshot(o.id);
  assert.equal(snap.status, 'registered');
  assert.equal(snap.version, o.version);
});
